//! The "In Keras" panel: the Keras 3 code that computes what is on screen, copyable.

use yew::prelude::*;

use crate::app::prefs::use_prefs;
use crate::app::widgets::texts::keras::texts;

#[derive(Properties, PartialEq)]
pub struct KerasPanelProps {
    pub code: AttrValue,
    pub id: AttrValue,
    /// A remark shown under the code (and as the panel's tooltip).
    #[prop_or_default]
    pub note: Option<AttrValue>,
}

#[component]
pub fn KerasPanel(props: &KerasPanelProps) -> Html {
    let t = texts(use_prefs().lang);
    let status = use_state(|| None::<&'static str>);
    let onclick = {
        let code = props.code.to_string();
        let status = status.clone();
        Callback::from(move |_: MouseEvent| {
            let Some(w) = web_sys::window() else { return };
            let promise = w.navigator().clipboard().write_text(&code);
            let status = status.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let ok = wasm_bindgen_futures::JsFuture::from(promise).await.is_ok();
                status.set(Some(if ok { t.copied } else { t.copy_failed }));
            });
        })
    };
    html! {
        <section class="keras-panel" id={props.id.clone()} title={props.note.clone()}>
            <h2>{ t.title }</h2>
            <p class="keras-intro">{ t.intro }</p>
            // Focusable: a long line scrolls, and keyboard users must be able to scroll it.
            <pre tabindex="0"><code>{ props.code.clone() }</code></pre>
            if let Some(note) = &props.note {
                <p class="keras-note">{ note.clone() }</p>
            }
            <button type="button" class="btn small" {onclick}>{ t.copy }</button>
            <span class="keras-status" role="status">{ status.unwrap_or("") }</span>
        </section>
    }
}
