//! The training settings form. Every field shows the text the student typed (kept in the
//! session's state); a refused field says why and what is allowed, and "Train from
//! scratch" stays disabled until every field is accepted. The network (its pooling, its
//! dropout layers and their rates) is the editor's, `super::editor`.

use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::texts::LenetTexts;
use crate::app::i18n::num;
use crate::app::training::draft::{Draft, Field, Problem};
use crate::app::training::use_training;
use crate::worker::protocol::Optim;

#[derive(Properties, PartialEq)]
pub struct FormProps {
    pub t: &'static LenetTexts,
    pub disabled: bool,
}

fn input_value(e: &Event) -> Option<String> {
    let t = e.target()?;
    if let Some(i) = t.dyn_ref::<HtmlInputElement>() {
        return Some(if i.type_() == "checkbox" { i.checked().to_string() } else { i.value() });
    }
    t.dyn_ref::<HtmlSelectElement>().map(|s| s.value())
}

#[component]
pub fn SettingsForm(p: &FormProps) -> Html {
    let t = p.t;
    let lang = crate::app::prefs::use_prefs().lang;
    // An untouched default is written as the page's language writes numbers (0,001 in
    // French); what the student typed is shown as typed (both spellings are accepted).
    let shown = move |f: Field, text: &str| -> String {
        if lang == crate::app::i18n::Lang::Fr && text == Draft::default().text(f) {
            text.replace('.', ",")
        } else {
            text.to_string()
        }
    };
    let tr = use_training();
    let d = tr.view.draft.clone();
    let field = |f: Field, label: &'static str, mode: &'static str, enabled: bool| {
        let problem = if enabled { d.problem(f) } else { None };
        let tr = tr.clone();
        // `input`: the state follows each keystroke, so Start is enabled or not at once.
        let oninput = {
            let tr = tr.clone();
            Callback::from(move |e: InputEvent| {
                if let Some(v) = input_value(&e) {
                    tr.edit(f, v);
                }
            })
        };
        let onchange = Callback::from(move |e: Event| {
            if let Some(v) = input_value(&e) {
                tr.edit(f, v);
            }
        });
        let err_id = format!("{}-error", f.id());
        let why = problem.map(|pb| {
            let what = match pb {
                Problem::NotANumber => t.field_not_number,
                Problem::NotWhole => t.field_not_whole,
                Problem::OutOfRange => t.field_out_of_range,
                // The limit itself says what to type.
                Problem::TooLarge(n) => {
                    return t.field_too_large.replace("{n}", &num::integer(lang, n));
                }
                Problem::TooSmall(n) => {
                    return t.field_too_small.replace("{n}", &num::integer(lang, n));
                }
            };
            format!("{what} {} {}", t.allowed, t.range(f))
        });
        html! {
            <label>{ label }
                <input id={f.id()} inputmode={mode} value={shown(f, d.text(f))} {oninput} {onchange}
                    disabled={!enabled}
                    class={classes!(problem.is_some().then_some("invalid"))}
                    aria-invalid={problem.is_some().to_string()}
                    aria-describedby={problem.is_some().then(|| err_id.clone())} />
                if let Some(why) = why {
                    <span class="field-error" id={err_id}>{ why }</span>
                }
            </label>
        }
    };
    let on_opt = {
        let tr = tr.clone();
        Callback::from(move |e: Event| {
            tr.set_optimizer(match input_value(&e).as_deref() {
                Some("sgd") => Optim::Sgd,
                Some("momentum") => Optim::Momentum,
                _ => Optim::Adam,
            })
        })
    };
    let opt = match d.optimizer {
        Optim::Sgd => "sgd",
        Optim::Momentum => "momentum",
        Optim::Adam => "adam",
    };
    html! {
        <fieldset class="lenet-settings" disabled={p.disabled}>
            <label>{ t.optimizer }
                <select id="set-optimizer" onchange={on_opt}>
                    <option value="sgd" selected={opt == "sgd"}>{ t.sgd }</option>
                    <option value="momentum" selected={opt == "momentum"}>{ t.momentum }</option>
                    <option value="adam" selected={opt == "adam"}>{ t.adam }</option>
                </select>
            </label>
            { field(Field::LearningRate, t.learning_rate, "decimal", true) }
            { field(Field::BatchSize, t.batch_size, "numeric", true) }
            { field(Field::Epochs, t.epochs, "numeric", true) }
            { field(Field::Shift, t.shift, "numeric", true) }
            { field(Field::Seed, t.seed, "numeric", true) }
            { field(Field::Workers, t.workers, "numeric", true) }
        </fieldset>
    }
}
