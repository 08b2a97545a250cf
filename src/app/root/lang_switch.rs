//! The header's language switch.

use yew::prelude::*;

use crate::app::i18n::Lang;
use crate::app::prefs::{PrefsAction, use_prefs};

#[component]
pub(super) fn LangSwitch() -> Html {
    let prefs = use_prefs();
    let t = prefs.texts();
    html! {
        <div class="langswitch" role="group" aria-label={t.lang_switch_label}>
            { for Lang::ALL.iter().map(|&lang| {
                let prefs = prefs.clone();
                let pressed = prefs.lang == lang;
                let onclick = Callback::from(move |_| prefs.dispatch(PrefsAction::SetLang(lang)));
                html! {
                    <button type="button" class="btn small" lang={lang.code()}
                        id={format!("lang-{}", lang.code())}
                        aria-pressed={pressed.to_string()} {onclick}>
                        { lang.code().to_ascii_uppercase() }
                    </button>
                }
            }) }
        </div>
    }
}
