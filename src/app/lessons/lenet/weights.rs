//! The weights panel: download the network on screen, load a file (Convolab's weights or a
//! Keras notebook's `.npz`), export it for Keras, go back to the pretrained weights, restore
//! the last trained weights kept in this browser.

use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::keras_texts::{self, NOTEBOOK_CODE, exported};
use super::texts::LenetTexts;
use crate::app::dom::download;
use crate::app::i18n::Lang;
use crate::app::i18n::errors::{empty_file, nn_error, weights_error};
use crate::app::i18n::keras_errors::keras_file_error;
use crate::app::i18n::num::{integer, percent};
use crate::app::training::state::{Pretrained, Saved};
use crate::app::training::texts::weights_other_network;
use crate::app::training::{Refused, Training, use_training};
use crate::nn::keras_file::{self, HeldOut, KerasFileError, MAX_FILE};

/// "26/11/2026 12:40, 97.8%" in the browser's local time.
pub fn saved_label(lang: Lang, s: &Saved) -> String {
    let d = js_sys::Date::new(&s.at_ms.into());
    let date = match lang {
        Lang::Fr => format!(
            "{:02}/{:02}/{} {:02}:{:02}",
            d.get_date(),
            d.get_month() + 1,
            d.get_full_year(),
            d.get_hours(),
            d.get_minutes()
        ),
        Lang::En => format!(
            "{}-{:02}-{:02} {:02}:{:02}",
            d.get_full_year(),
            d.get_month() + 1,
            d.get_date(),
            d.get_hours(),
            d.get_minutes()
        ),
    };
    let examples = match lang {
        Lang::Fr => format!("{} exemples", integer(lang, s.examples)),
        Lang::En => format!("{} examples", integer(lang, s.examples)),
    };
    match s.accuracy {
        Some(a) => format!("{date} · {} · {examples}", percent(lang, a as f64, 1)),
        None => format!("{date} · {examples}"),
    }
}

/// The outcome of the last weights action, shown under the buttons.
#[derive(Clone, PartialEq)]
enum Msg {
    /// `true`: the file's network is now the editor's too.
    Loaded(bool),
    Restored,
    Unreadable,
    Refused(String),
    /// What differs, in the page's language.
    WrongShape(String),
    RestoreFailed,
    /// Waiting for the held-out digits before exporting.
    Exporting,
    /// Exported: how many held-out digits went in, and the accuracy on them.
    Exported(usize, Option<f32>),
    ExportFailed(String),
}

/// Exports the network on screen for Keras (with the held-out digits of the last
/// evaluation, if there is one) and downloads it.
fn export(tr: &Training, lang: Lang) -> Msg {
    // A copy: the export's forward passes must not replace the activations the inside
    // panel shows.
    let Some(mut model) = tr.model.borrow().clone() else {
        return Msg::ExportFailed(String::new());
    };
    let held_out = tr.view.eval.as_ref().map(|e| HeldOut {
        images: e.digits.iter().flat_map(|d| d.pixels.iter().copied()).collect(),
        labels: e.digits.iter().map(|d| d.label).collect(),
    });
    match keras_file::export(&mut model, held_out.as_ref(), lang == Lang::Fr) {
        Ok(e) => {
            let _ = download(&e.bundle, "convolab_model.zip", "application/zip");
            Msg::Exported(held_out.map_or(0, |h| h.labels.len()), e.accuracy)
        }
        Err(err) => Msg::ExportFailed(nn_error(lang, &err)),
    }
}

#[derive(Properties, PartialEq)]
pub struct WeightsProps {
    pub t: &'static LenetTexts,
    pub lang: Lang,
}

#[component]
pub fn WeightsPanel(p: &WeightsProps) -> Html {
    let (t, lang) = (p.t, p.lang);
    let tr = use_training();
    let msg = use_state(|| None::<Msg>);
    let on_download = {
        let tr = tr.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(m) = tr.model.borrow().as_ref() {
                let _ = download(&m.save_weights(), "lenet.weights", "application/octet-stream");
            }
        })
    };
    let on_load = {
        let (tr, msg) = (tr.clone(), msg.clone());
        Callback::from(move |e: Event| {
            let Some(input) = e.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok()) else {
                return;
            };
            let Some(file) = input.files().and_then(|f| f.get(0)) else {
                return;
            };
            // Refused before reading: a 200 MB file would fill the page's memory.
            if file.size() > MAX_FILE as f64 {
                let e = KerasFileError::TooLarge { bytes: file.size() as usize };
                msg.set(Some(Msg::Refused(keras_file_error(lang, &e))));
                input.set_value("");
                return;
            }
            let (tr, msg) = (tr.clone(), msg.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let Ok(buf) = wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await
                else {
                    msg.set(Some(Msg::Unreadable));
                    return;
                };
                let bytes = js_sys::Uint8Array::new(&buf).to_vec();
                if bytes.is_empty() {
                    msg.set(Some(Msg::Refused(empty_file(lang))));
                    return;
                }
                msg.set(Some(match tr.load_file(&bytes) {
                    Ok(changed) => Msg::Loaded(changed),
                    Err(Refused::Shape { input, output }) => {
                        Msg::WrongShape(weights_other_network(lang, &input, &output))
                    }
                    Err(Refused::Weights(e)) => Msg::Refused(weights_error(lang, &e)),
                    Err(Refused::Keras(e)) => Msg::Refused(keras_file_error(lang, &e)),
                }));
            });
            input.set_value("");
        })
    };
    let on_pretrained = {
        let (tr, msg) = (tr.clone(), msg.clone());
        Callback::from(move |_: MouseEvent| {
            tr.use_pretrained();
            msg.set(None);
        })
    };
    let on_restore = {
        let (tr, msg) = (tr.clone(), msg.clone());
        Callback::from(move |_: MouseEvent| {
            msg.set(Some(if tr.restore() { Msg::Restored } else { Msg::RestoreFailed }));
        })
    };
    // Export: at once with the held-out digits of an evaluation; otherwise evaluate first
    // (the digits live in the worker) and export when they arrive.
    let pending = use_mut_ref(|| false);
    let on_export = {
        let (tr, msg, pending) = (tr.clone(), msg.clone(), pending.clone());
        Callback::from(move |_: MouseEvent| {
            if tr.view.eval.is_none() && tr.view.can_evaluate() {
                *pending.borrow_mut() = true;
                msg.set(Some(Msg::Exporting));
                tr.evaluate();
            } else {
                msg.set(Some(export(&tr, lang)));
            }
        })
    };
    {
        let (tr, msg, pending) = (tr.clone(), msg.clone(), pending.clone());
        let key = (
            tr.view.eval.as_ref().map(|e| std::rc::Rc::as_ptr(e) as usize),
            tr.view.error.is_some(),
        );
        use_effect_with(key, move |(eval, failed)| {
            if *pending.borrow() && (eval.is_some() || *failed) {
                *pending.borrow_mut() = false;
                msg.set(Some(export(&tr, lang)));
            }
        });
    }
    let kt = keras_texts::texts(lang);
    let has_model = tr.model.borrow().is_some();
    html! {
        <section class="panel lenet-weights" aria-labelledby="weights-title">
            <h2 id="weights-title">{ t.weights_title }</h2>
            <div class="lenet-buttons">
                <button type="button" class="btn" id="weights-download" onclick={on_download} disabled={!has_model}>{ t.download }</button>
                <label class="btn file">
                    { t.load }
                    <input type="file" id="weights-file" accept=".weights,.npz,.zip,application/octet-stream,application/zip" onchange={on_load} />
                </label>
                <button type="button" class="btn" id="keras-export" onclick={on_export} disabled={!has_model}
                    title={kt.export_hint}>{ kt.export }</button>
                <button type="button" class="btn" id="weights-pretrained" onclick={on_pretrained}
                    disabled={tr.view.pretrained != Pretrained::Loaded}>{ t.pretrained }</button>
                if let Some(s) = tr.view.saved {
                    <button type="button" class="btn" id="weights-restore" onclick={on_restore}>
                        { format!("{} ({})", t.restore, saved_label(lang, &s)) }
                    </button>
                }
            </div>
            { match &*msg {
                Some(Msg::Loaded(changed)) => html! { <p class="msg ok" id="weights-msg" role="status">
                    { t.weights_loaded }
                    if *changed { { " " }{ t.weights_loaded_network } }
                </p> },
                Some(Msg::Restored) => html! { <p class="msg ok" id="weights-msg" role="status">{ t.weights_restored }</p> },
                Some(Msg::WrongShape(why)) => html! { <p class="msg error" id="weights-msg" role="alert">{ why.clone() }</p> },
                Some(Msg::Refused(why)) => html! { <p class="msg error" id="weights-msg" role="alert">{ format!("{} {why}", t.weights_bad) }</p> },
                Some(Msg::Unreadable) => html! { <p class="msg error" id="weights-msg" role="alert">{ t.weights_unreadable }</p> },
                Some(Msg::RestoreFailed) => html! { <p class="msg error" id="weights-msg" role="alert">{ t.restore_failed }</p> },
                Some(Msg::Exporting) => html! { <p class="msg" id="weights-msg" role="status">{ kt.evaluating }</p> },
                Some(Msg::Exported(n, acc)) => html! { <p class="msg ok" id="weights-msg" role="status">{ exported(lang, *n, *acc) }</p> },
                Some(Msg::ExportFailed(why)) => html! { <p class="msg error" id="weights-msg" role="alert">{ why.clone() }</p> },
                None => html! {},
            } }
            <p class="hint">{ t.weights_kept_hint }</p>
            <p class="hint">{ kt.export_hint }</p>
            <details class="keras-import" id="keras-import-help">
                <summary>{ kt.notebook_title }</summary>
                <p>{ kt.notebook_lead }</p>
                <pre class="code"><code>{ NOTEBOOK_CODE }</code></pre>
                <p>{ kt.notebook_after }</p>
            </details>
        </section>
    }
}
