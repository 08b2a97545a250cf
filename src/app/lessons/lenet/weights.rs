//! The weights panel: download the network on screen, load a file, go back to the
//! pretrained weights, restore the last trained weights kept in this browser.

use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::texts::LenetTexts;
use crate::app::i18n::Lang;
use crate::app::i18n::errors::weights_error;
use crate::app::i18n::num::{integer, percent};
use crate::app::training::state::{Pretrained, Saved};
use crate::app::training::texts::weights_other_network;
use crate::app::training::{Refused, use_training};

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

fn download(bytes: &[u8], name: &str) -> Option<()> {
    let arr = js_sys::Uint8Array::from(bytes);
    let parts = js_sys::Array::of1(&arr);
    let bag = web_sys::BlobPropertyBag::new();
    bag.set_type("application/octet-stream");
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &bag).ok()?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
    let doc = web_sys::window()?.document()?;
    let a = doc.create_element("a").ok()?.dyn_into::<web_sys::HtmlAnchorElement>().ok()?;
    a.set_href(&url);
    a.set_download(name);
    a.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Some(())
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
                let _ = download(&m.save_weights(), "lenet.weights");
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
            let (tr, msg) = (tr.clone(), msg.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let Ok(buf) = wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await
                else {
                    msg.set(Some(Msg::Unreadable));
                    return;
                };
                let bytes = js_sys::Uint8Array::new(&buf).to_vec();
                msg.set(Some(match tr.load_file(&bytes) {
                    Ok(changed) => Msg::Loaded(changed),
                    Err(Refused::Shape { input, output }) => {
                        Msg::WrongShape(weights_other_network(lang, &input, &output))
                    }
                    Err(Refused::Weights(e)) => Msg::Refused(weights_error(lang, &e)),
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
    let has_model = tr.model.borrow().is_some();
    html! {
        <section class="panel lenet-weights" aria-labelledby="weights-title">
            <h2 id="weights-title">{ t.weights_title }</h2>
            <div class="lenet-buttons">
                <button type="button" class="btn" id="weights-download" onclick={on_download} disabled={!has_model}>{ t.download }</button>
                <label class="btn file">
                    { t.load }
                    <input type="file" id="weights-file" accept=".weights,application/octet-stream" onchange={on_load} />
                </label>
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
                None => html! {},
            } }
            <p class="hint">{ t.weights_kept_hint }</p>
        </section>
    }
}
