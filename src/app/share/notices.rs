//! The notice that says which parts of an opened link were left out.

use yew::prelude::*;

use super::texts::texts;
use crate::app::i18n::num;
use crate::app::prefs::use_prefs;
use crate::app::urlstate::{Notice, notice_part};

#[derive(Properties, PartialEq)]
pub struct NoticeProps {
    pub notices: Vec<Notice>,
}

/// "Part of the link could not be used: stride=abc (unreadable value)…" — shown once, above
/// the lab, until dismissed.
#[component]
pub fn LinkNotices(p: &NoticeProps) -> Html {
    let lang = use_prefs().lang;
    let t = texts(lang);
    let shown = use_state(|| true);
    if p.notices.is_empty() || !*shown {
        return html! {};
    }
    let items = p.notices.iter().map(|n| {
        // A value thousands of characters long is cut: the notice names it, no more.
        let part = |key: &str, value: &str| {
            notice_part(key, value, |n| t.chars.replace("{n}", &num::integer(lang, n as u64)))
        };
        let (what, why) = match n {
            Notice::Unknown(k) => (part("", k).trim_start_matches('=').to_string(), t.unknown),
            Notice::Malformed { key, value } => (part(key, value), t.malformed),
            Notice::OutOfRange { key, value } => (part(key, value), t.out_of_range),
            Notice::Unused { key, value } => (part(key, value), t.unused),
        };
        html! { <li><code>{ what }</code>{ " (" }{ why }{ ")" }</li> }
    });
    let dismiss = Callback::from(move |_: MouseEvent| shown.set(false));
    html! {
        <div class="link-notice" id="link-notice" role="status">
            <p>{ t.ignored }</p>
            <ul>{ for items }</ul>
            <p>{ t.rest_applies }</p>
            <button type="button" class="btn small" onclick={dismiss}>{ t.dismiss }</button>
        </div>
    }
}
