//! The MNIST digits as the lab's input: fetching the file, its state and its error sentence,
//! and the field that shows a digit with "Next digit" and "Send to the LeNet pad".

use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use yew::prelude::*;

use super::model::{DigitsError, Picture};
use super::texts::{Conv2dTexts, texts};
use crate::app::i18n::Lang;
use crate::app::i18n::num::integer;
use crate::app::prefs::use_prefs;
use crate::data::Mnist;

/// The digits file: not asked for yet, on its way, here, or not to be had.
#[derive(Clone)]
pub(super) enum DigitState {
    Idle,
    Loading,
    Ready(Rc<Mnist>),
    Failed(DigitsError),
}

impl PartialEq for DigitState {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (DigitState::Ready(a), DigitState::Ready(b)) => Rc::ptr_eq(a, b),
            (DigitState::Failed(a), DigitState::Failed(b)) => a == b,
            (DigitState::Idle, DigitState::Idle) | (DigitState::Loading, DigitState::Loading) => {
                true
            }
            _ => false,
        }
    }
}

/// The digits file, fetched relative to the page (works at the site root and under any
/// sub-path). Failures are typed: the page says them in one sentence, never a `JsValue`.
pub async fn fetch_digits() -> Result<Mnist, DigitsError> {
    let w = web_sys::window().ok_or(DigitsError::Unreachable)?;
    let resp = JsFuture::from(w.fetch_with_str("static/data/mnist10k.bin"))
        .await
        .map_err(|_| DigitsError::Unreachable)?;
    let resp: web_sys::Response = resp.dyn_into().map_err(|_| DigitsError::Unreachable)?;
    if !resp.ok() {
        return Err(DigitsError::Http(resp.status()));
    }
    let body = resp.array_buffer().map_err(|_| DigitsError::Unreachable)?;
    let buf = JsFuture::from(body).await.map_err(|_| DigitsError::Unreachable)?;
    let bytes = js_sys::Uint8Array::new(&buf).to_vec();
    // Inflated by the browser, as in the worker: `Mnist::from_bytes` would bring miniz_oxide
    // into the page's wasm.
    let header = Mnist::read_header(&bytes).map_err(|_| DigitsError::Damaged)?;
    let payload = crate::worker::inflate(header.compressed(&bytes)).await.map_err(|e| match e {
        crate::worker::Inflate::Unsupported => DigitsError::OldBrowser,
        crate::worker::Inflate::Corrupt(_) => DigitsError::Damaged,
    })?;
    Mnist::from_payload(&header, payload).map_err(|_| DigitsError::Damaged)
}

/// Why the digits file failed, as one sentence (shared with pooling and the classes page,
/// each adding what still works).
pub fn digits_reason(lang: Lang, e: &DigitsError) -> String {
    let t = texts(lang);
    match e {
        DigitsError::Unreachable => t.digits_unreachable.to_string(),
        DigitsError::Http(code) => t.digits_http.replace("{code}", &code.to_string()),
        DigitsError::Damaged => t.digits_damaged.to_string(),
        DigitsError::OldBrowser => t.digits_old_browser.to_string(),
    }
}

/// A failed digits file as one sentence, then what still works (shared with pooling).
pub fn digits_error_text(lang: Lang, e: &DigitsError) -> String {
    format!("{} {}", digits_reason(lang, e), texts(lang).digits_others)
}

/// The digits field, while the input is an MNIST digit: the digit's index and label with
/// "Next digit" and "Send to the LeNet pad", or the file's loading, or why it is not there.
pub(super) fn digits_field(
    digits: &DigitState,
    digit: usize,
    pic: &Picture,
    on_next_digit: Callback<MouseEvent>,
    t: &Conv2dTexts,
    lang: Lang,
) -> Html {
    html! {
        <div class="lab-field" id="conv2d-digits">
            { match digits {
                DigitState::Ready(m) => {
                    let i = digit % m.len().max(1);
                    let label = m.label(i);
                    html! {
                        <p class="digit-row">
                            <span id="conv2d-digit-label" data-label={label.map(|l| l.to_string()).unwrap_or_default()}>
                                { t.digit_label.replace("{i}", &integer(lang, i as u64))
                                    .replace("{l}", &label.map(|l| l.to_string()).unwrap_or_default()) }
                            </span>
                            { " " }
                            <button type="button" class="btn small" id="conv2d-next-digit" onclick={on_next_digit}>{ t.next_digit }</button>
                            { send_to_lenet_slot(pic, label) }
                        </p>
                    }
                }
                DigitState::Failed(e) => html! {
                    <p class="field-error" id="conv2d-digits-error" role="alert">{ digits_error_text(lang, e) }</p>
                },
                _ => html! { <p role="status">{ t.loading_digits }</p> },
            } }
        </div>
    }
}

/// "Send to the LeNet pad" (issue 9, point 13): the digit on screen (28×28 in 0–1,
/// row-major) goes to the app's training session, which opens LeNet live and predicts it.
fn send_to_lenet_slot(digit: &Picture, _label: Option<u8>) -> Html {
    html! { <SendToLenet digit={Rc::new(digit.clone())} /> }
}

#[derive(Properties, PartialEq)]
struct SendProps {
    digit: Rc<Picture>,
}

#[component]
fn SendToLenet(p: &SendProps) -> Html {
    let t = texts(use_prefs().lang);
    let training = crate::app::training::use_training();
    let ok = p.digit.rows == 28 && p.digit.cols == 28;
    let onclick = {
        let digit = p.digit.clone();
        Callback::from(move |_: MouseEvent| {
            training.send_to_pad(digit.values.iter().map(|&v| v as f32).collect())
        })
    };
    html! {
        <button type="button" class="btn small" id="conv2d-send-to-lenet" disabled={!ok} {onclick}>{ t.send_to_lenet }</button>
    }
}
