//! The labs' hooks on their link: read once when the lab mounts, written back (with the
//! language) as the screen changes.

use std::rc::Rc;

use yew::prelude::*;

use super::address::{current_query, lang_from_link, replace_link};
use super::{Notice, Query, Reader};
use crate::app::prefs::{PrefsAction, use_prefs};

/// What a lab read from its link: its state, and why parts of the link were left out.
pub struct FromLink<T> {
    pub state: T,
    pub notices: Vec<Notice>,
}

/// Reads the page's link once, when the lab mounts. `read` takes what it knows; keys it does
/// not know (except `lang`, read by the app) become notices.
#[hook]
pub fn use_link<T: 'static, F>(known: &'static [&'static str], read: F) -> Rc<FromLink<T>>
where
    F: FnOnce(&mut Reader<'_>) -> T + 'static,
{
    // A link opened in a running app (pasted, or followed from another page) brings its
    // language too; at start-up `Prefs::load` already read it. Back or forward to a screen
    // the app wrote does not: its `lang` may predate the student's switch.
    let prefs = use_prefs();
    use_effect_with((), move |_| {
        if !crate::app::route::on_app_entry()
            && let Some(lang) = lang_from_link()
            && lang != prefs.lang
        {
            prefs.dispatch(PrefsAction::SetLang(lang));
        }
    });
    use_memo((), move |_| {
        let q = current_query();
        let mut r = Reader::new(&q);
        let state = read(&mut r);
        let mut notices = r.notices;
        // `lang` is the app's, `ex` and `seed` the exercise panel's (every lab has one).
        notices.extend(
            q.keys()
                .filter(|k| !["lang", "ex", "seed"].contains(k) && !known.contains(k))
                .map(|k| Notice::Unknown(k.to_string())),
        );
        FromLink { state, notices }
    })
}

/// Keeps the address bar on the screen's state: `query` plus the language, written after
/// 200 ms of calm with `replaceState` (no history entry per keystroke or per step of the
/// stepper's autoplay, and under the browsers' limit on history calls).
#[hook]
pub fn use_link_writer(route: &'static str, query: Query) -> Query {
    let mut query = query;
    let lang = use_prefs().lang;
    query.set("lang", lang.code());
    let encoded = query.encode();
    use_effect_with(encoded, move |enc| {
        let enc = enc.clone();
        let write = gloo_timers::callback::Timeout::new(200, move || replace_link(route, &enc));
        // Cleanup cancels a write that a newer state (or leaving the page) replaced.
        move || drop(write)
    });
    query
}
