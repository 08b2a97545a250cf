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
            aria-pressed={on.to_string()} {onclick}>
            <span aria-hidden="true">{ "A⁺ " }</span>{ t.present_mode }
        </button>
    }
}
