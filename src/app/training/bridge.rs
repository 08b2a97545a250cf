//! The session's only bridge to the worker: it turns the worker's reports into actions.

use yew::prelude::*;
use yew_agent::reactor::ReactorEvent;

use super::outbox::use_outbox_bridge;
use super::reducer::Action;
use super::session::{Training, fits_pad};
use super::state::{Saved, Source};
use super::storage;
use crate::nn::Sequential;
use crate::worker::TrainerReactor;
use crate::worker::protocol::Report;

#[derive(Properties, PartialEq)]
pub(super) struct BridgeProps {
    pub(super) ctx: Training,
}

/// The only bridge to the worker; mounted once a page activated the session.
#[component]
pub(super) fn Bridge(p: &BridgeProps) -> Html {
    let ctx = p.ctx.clone();
    let outbox = ctx.outbox.clone();
    use_outbox_bridge(&outbox, move |e| on_report(&ctx, e));
    html! {}
}

fn on_report(ctx: &Training, e: ReactorEvent<TrainerReactor>) {
    let r = match e {
        ReactorEvent::Output(r) => r,
        ReactorEvent::Finished => {
            ctx.view.dispatch(Action::WorkerFailed);
            return;
        }
    };
    match &r {
        Report::Weights(bytes) => {
            ctx.memo.borrow_mut().run_weights = Some(bytes.clone());
            if ctx.follow.get()
                && let Ok(m) = Sequential::<f32>::from_weights(bytes)
                && fits_pad(&m)
            {
                *ctx.model.borrow_mut() = Some(m);
                ctx.view.dispatch(Action::Weights(Source::Run));
            }
            return;
        }
        Report::Started { .. } => {
            let mut m = ctx.memo.borrow_mut();
            (m.run_weights, m.last_accuracy, m.seen) = (None, None, 0);
        }
        Report::Progress(p) => ctx.memo.borrow_mut().seen = p.examples_seen,
        Report::TestAccuracy { accuracy, .. } => {
            ctx.memo.borrow_mut().last_accuracy = Some(*accuracy)
        }
        Report::Paused | Report::Stopped(crate::worker::protocol::Stop::Finished) => keep(ctx),
        _ => {}
    }
    ctx.view.dispatch(Action::Report(r));
}

/// Keeps the run's last weights in the browser (a paused or finished run).
fn keep(ctx: &Training) {
    let m = ctx.memo.borrow();
    let Some(bytes) = &m.run_weights else { return };
    let saved = Saved { at_ms: js_sys::Date::now(), accuracy: m.last_accuracy, examples: m.seen };
    let ok = storage::save(bytes, &saved).is_ok();
    if !ok {
        web_sys::console::warn_1(
            &"the browser refused to keep the trained weights (storage full?)".into(),
        );
    }
    ctx.view.dispatch(Action::SavedWeights(ok.then_some(saved)));
}
