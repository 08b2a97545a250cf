//! The lab's signal: a built-in one or the student's own typed signal, the callbacks that
//! change it, and the field where it is typed.

use yew::prelude::*;

use super::link::Link1;
use super::model::{SignalError, SignalKind, parse_signal};
use super::texts::Conv1dTexts;
use crate::app::i18n::Lang;
use crate::app::i18n::num::decimal;

/// The signal's state and the callbacks that change it.
pub(super) struct Signal {
    pub kind: UseStateHandle<SignalKind>,
    /// The typed signal as typed (kept while it does not read).
    pub custom_text: UseStateHandle<String>,
    /// The last typed signal that read.
    pub custom_signal: UseStateHandle<Vec<f64>>,
    pub signal_err: UseStateHandle<Option<SignalError>>,
    pub on_signal: Callback<Event>,
    pub on_custom_signal: Callback<InputEvent>,
}

/// The signal as the link `first` opens it; another signal puts the step debugger (`index`)
/// back on the first window.
#[hook]
pub(super) fn use_signal(first: &Link1, index: &UseStateHandle<usize>, lang: Lang) -> Signal {
    let kind = use_state(|| first.kind);
    let custom_text = use_state(|| {
        first.custom.iter().map(|&v| decimal(lang, v, 6)).collect::<Vec<_>>().join(" ")
    });
    let custom_signal = use_state(|| first.custom.clone());
    let signal_err = use_state(|| None::<SignalError>);
    let on_signal = {
        let (kind, index) = (kind.clone(), index.clone());
        Callback::from(move |e: Event| {
            if let Some(sel) = e.target_dyn_into::<web_sys::HtmlSelectElement>()
                && let Some(k) = SignalKind::from_id(&sel.value())
            {
                kind.set(k);
                index.set(0);
            }
        })
    };
    let on_custom_signal = {
        let (custom_text, custom_signal, signal_err) =
            (custom_text.clone(), custom_signal.clone(), signal_err.clone());
        Callback::from(move |e: InputEvent| {
            let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() else { return };
            let text = input.value();
            match parse_signal(&text) {
                Ok(v) => {
                    custom_signal.set(v);
                    signal_err.set(None);
                }
                Err(err) => signal_err.set(Some(err)),
            }
            custom_text.set(text);
        })
    };
    Signal { kind, custom_text, custom_signal, signal_err, on_signal, on_custom_signal }
}

/// The field of the student's own signal (shown while "custom" is chosen), with why the text
/// does not read (the last signal that read stays).
pub(super) fn custom_signal_field(s: &Signal, t: &Conv1dTexts) -> Html {
    let signal_err = &s.signal_err;
    html! {
        <div class="lab-field">
            <label for="conv1d-custom-signal">{ t.custom_signal_label }</label>
            <input type="text" id="conv1d-custom-signal" class={classes!(signal_err.is_some().then_some("invalid"))}
                aria-invalid={signal_err.is_some().to_string()} value={(*s.custom_text).clone()}
                oninput={s.on_custom_signal.clone()} />
            <small>{ t.custom_signal_hint }</small>
            if let Some(e) = &**signal_err {
                <p class="field-error" id="conv1d-signal-error" role="alert">
                    { signal_error_text(e, t) }{ " " }{ t.kept_signal }
                </p>
            }
        </div>
    }
}

fn signal_error_text(e: &SignalError, t: &Conv1dTexts) -> String {
    match e {
        SignalError::Empty => t.err_empty.into(),
        SignalError::NotANumber(i, s) => t.err_nan.replace("{i}", &i.to_string()).replace("{s}", s),
        SignalError::TooLong(n) => t.err_long.replace("{n}", &n.to_string()),
    }
}
