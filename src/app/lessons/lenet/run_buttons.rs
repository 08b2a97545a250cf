//! The run's buttons (start, pause, resume, reset) and why start is refused, if it is.

use yew::prelude::*;

use super::texts::LenetTexts;
use crate::app::training::state::Phase;
use crate::app::training::use_training;

#[derive(Properties, PartialEq)]
pub struct RunButtonsProps {
    pub t: &'static LenetTexts,
}

/// Start, pause, resume, reset.
#[component]
pub fn RunButtons(p: &RunButtonsProps) -> Html {
    let t = p.t;
    let tr = use_training();
    let v = &tr.view;
    let cb = |f: fn(&crate::app::training::Training)| {
        let tr = tr.clone();
        Callback::from(move |_: MouseEvent| f(&tr))
    };
    let refused = v.draft.settings().is_err();
    html! {
        <>
            <div class="lenet-buttons">
                <button type="button" class="btn primary" id="train-start" onclick={cb(|tr| tr.start())}
                    disabled={!v.can_start()} aria-describedby={refused.then_some("settings-refused")}>{ t.start }</button>
                <button type="button" class="btn" id="train-pause" onclick={cb(|tr| tr.pause())}
                    disabled={v.phase != Phase::Training}>{ t.pause }</button>
                <button type="button" class="btn" id="train-resume" onclick={cb(|tr| tr.resume())}
                    disabled={v.phase != Phase::Paused}>{ t.resume }</button>
                <button type="button" class="btn" id="train-reset" onclick={cb(|tr| tr.reset())}
                    disabled={v.phase == Phase::Idle || v.resetting}>{ t.reset }</button>
            </div>
            if refused {
                <p class="msg error" id="settings-refused" role="alert">{ t.settings_refused }</p>
            }
        </>
    }
}
