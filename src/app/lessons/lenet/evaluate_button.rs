//! The button that evaluates the model on the test split, and why it waits.

use yew::prelude::*;

use super::texts::LenetTexts;
use crate::app::training::state::Phase;
use crate::app::training::use_training;

#[derive(Properties, PartialEq)]
pub struct EvalButtonProps {
    pub t: &'static LenetTexts,
}

/// Evaluates the model on the test split (not while training: pause first).
#[component]
pub fn EvaluateButton(p: &EvalButtonProps) -> Html {
    let tr = use_training();
    let v = &tr.view;
    let onclick = {
        let tr = tr.clone();
        Callback::from(move |_: MouseEvent| tr.evaluate())
    };
    html! {
        <>
            <button type="button" class="btn" id="evaluate" {onclick} disabled={!v.can_evaluate()}>{ p.t.evaluate }</button>
            if v.phase == Phase::Training {
                <p class="hint" id="evaluate-hint">{ p.t.evaluate_pause_first }</p>
            }
        </>
    }
}
