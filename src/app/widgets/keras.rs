//! The "In Keras" panel: the Keras 3 code that computes what is on screen, copyable.

use yew::prelude::*;

use crate::app::i18n::Lang;
use crate::app::prefs::use_prefs;

pub struct KerasTexts {
    pub title: &'static str,
    pub copy: &'static str,
    pub copied: &'static str,
    pub copy_failed: &'static str,
    pub intro: &'static str,
}

pub const EN: KerasTexts = KerasTexts {
    title: "In Keras",
    copy: "Copy",
    copied: "Copied.",
    copy_failed: "The browser refused to copy: select the code and copy it by hand.",
    intro: "The same computation in Keras 3 (runs as is with `pip install keras` and a backend such as TensorFlow, JAX or PyTorch):",
};

pub const FR: KerasTexts = KerasTexts {
    title: "En Keras",
    copy: "Copier",
    copied: "Copié.",
    copy_failed: "Le navigateur refuse de copier : sélectionner le code et le copier à la main.",
    intro: "Le même calcul en Keras 3 (fonctionne tel quel avec `pip install keras` et un moteur comme TensorFlow, JAX ou PyTorch) :",
};

pub fn texts(lang: Lang) -> &'static KerasTexts {
    lang.pick(&EN, &FR)
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_are_filled() {
        for t in [&EN, &FR] {
            let KerasTexts { title, copy, copied, copy_failed, intro } = t;
            for s in [title, copy, copied, copy_failed, intro] {
                assert!(!s.trim().is_empty());
            }
        }
    }
}
