//! User preferences (language, large type), shared through a context and remembered in
//! `localStorage` across reloads.

use std::rc::Rc;

use yew::prelude::*;

use super::i18n::{Lang, Texts};

const LANG_KEY: &str = "convolab.lang";
const PRESENT_KEY: &str = "convolab.present";

#[derive(Clone, Debug, PartialEq)]
pub struct Prefs {
    pub lang: Lang,
    /// Presentation mode: large type for a projector.
    pub present: bool,
}

pub enum PrefsAction {
    SetLang(Lang),
    SetPresent(bool),
}

impl Reducible for Prefs {
    type Action = PrefsAction;

    fn reduce(self: Rc<Self>, action: PrefsAction) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            PrefsAction::SetLang(lang) => {
                store(LANG_KEY, lang.code());
                next.lang = lang;
            }
            PrefsAction::SetPresent(on) => {
                store(PRESENT_KEY, if on { "1" } else { "0" });
                next.present = on;
            }
        }
        Rc::new(next)
    }
}

impl Prefs {
    pub fn texts(&self) -> &'static Texts {
        self.lang.texts()
    }

    /// The link's language (`lang=fr`, a shared screen: the caller reads it, so that
    /// preferences stay below the link's codec), else the saved choice, else the browser's
    /// languages. A link's language is not saved: it is that screen's.
    pub fn load(from_link: Option<Lang>) -> Prefs {
        let saved = || read(LANG_KEY).and_then(|c| Lang::from_code(&c));
        let lang = from_link.or_else(saved).unwrap_or_else(|| {
            let langs: Vec<String> = web_sys::window()
                .map(|w| w.navigator().languages().iter().filter_map(|v| v.as_string()).collect())
                .unwrap_or_default();
            Lang::from_preferences(langs.iter().map(String::as_str))
        });
        Prefs { lang, present: read(PRESENT_KEY).as_deref() == Some("1") }
    }
}

pub type PrefsHandle = UseReducerHandle<Prefs>;

/// The browser's localStorage, if it lets us use it. Private modes may refuse storage: the
/// app then simply forgets, it never fails. (Preferences, exercise progress and saved
/// weights all go through here.)
pub(crate) fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

fn read(key: &str) -> Option<String> {
    storage()?.get_item(key).ok()?
}

fn store(key: &str, value: &str) {
    if let Some(s) = storage() {
        let _ = s.set_item(key, value);
    }
}

/// The current preferences; components call this instead of `use_context` directly.
#[hook]
pub fn use_prefs() -> PrefsHandle {
    use_context::<PrefsHandle>().expect("Prefs context is provided by App")
}
