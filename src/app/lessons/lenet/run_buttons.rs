//! The run's buttons (start, pause, resume, reset) and why start is refused, if it is: a
//! field in red, or the layer where the network breaks (with the editor's words).

use yew::prelude::*;

use super::editor::start_refusal;
use super::texts::LenetTexts;
use crate::app::prefs::use_prefs;
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
    let lang = use_prefs().lang;
    let tr = use_training();
    let v = &tr.view;
    let cb = |f: fn(&crate::app::training::Training)| {
        let tr = tr.clone();
        Callback::from(move |_: MouseEvent| f(&tr))
    };
    let refused = v.draft.settings().err();
    let fields = refused.as_ref().is_some_and(|r| !r.fields.is_empty());
    let network = refused.and_then(|r| r.network).map(|f| start_refusal(lang, &v.draft.arch, &f));
    let why =
        [fields.then_some("settings-refused"), network.is_some().then_some("network-refused")]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
    html! {
        <>
            <div class="lenet-buttons">
                <button type="button" class="btn primary" id="train-start" onclick={cb(|tr| tr.start())}
                    disabled={!v.can_start()} aria-describedby={(!why.is_empty()).then_some(why)}>{ t.start }</button>
                if tr.can_continue() {
                    <button type="button" class="btn" id="train-continue" onclick={cb(|tr| tr.start_from_screen())}
                        title={t.continue_hint}>{ t.continue_training }</button>
                }
                <button type="button" class="btn" id="train-pause" onclick={cb(|tr| tr.pause())}
                    disabled={v.phase != Phase::Training}>{ t.pause }</button>
                <button type="button" class="btn" id="train-resume" onclick={cb(|tr| tr.resume())}
                    disabled={v.phase != Phase::Paused}>{ t.resume }</button>
                <button type="button" class="btn" id="train-reset" onclick={cb(|tr| tr.reset())}
                    disabled={v.phase == Phase::Idle || v.resetting}>{ t.reset }</button>
            </div>
            if fields {
                <p class="msg error" id="settings-refused" role="alert">{ t.settings_refused }</p>
            }
            if let Some(n) = network {
                <p class="msg error" id="network-refused" role="alert">{ n }</p>
            }
        </>
    }
}
