//! The header's presentation-mode toggle.

use yew::prelude::*;

use crate::app::prefs::{PrefsAction, use_prefs};

#[component]
pub(super) fn PresentToggle() -> Html {
    let prefs = use_prefs();
    let t = prefs.texts();
    let on = prefs.present;
    let onclick = {
        let prefs = prefs.clone();
        Callback::from(move |_| prefs.dispatch(PrefsAction::SetPresent(!on)))
    };
    html! {
        <button type="button" class="btn small" id="present-toggle" aria-keyshortcuts="P"
            aria-pressed={on.to_string()} title={format!("{} (P)", t.present_mode)} {onclick}>
            <span aria-hidden="true">{ "A⁺ " }</span>{ t.present_mode }
            // The key's hint where the header has room (eight lessons fill 1280 px in French).
            <span class="key-hint" aria-hidden="true">{ " (P)" }</span>
        </button>
    }
}
