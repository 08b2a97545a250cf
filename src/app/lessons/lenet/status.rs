//! The run's status line: what the run is doing (explicitly: idle, training,
//! paused, finished, diverged, evaluating), how far, how fast by the clock (evaluations
//! included) and the time left; what a reset threw away.

use yew::prelude::*;

use super::texts::{LenetTexts, reset_notice};
use crate::app::i18n::Lang;
use crate::app::i18n::errors::{data_error, worker_error};
use crate::app::i18n::num::{integer, percent};
use crate::app::training::reducer::TrainView;
use crate::app::training::state::{DataState, Notice, Phase, WorkerUp};
use crate::app::training::use_training;
use crate::worker::protocol::DataFailure;

#[derive(Properties, PartialEq)]
pub struct StatusProps {
    pub t: &'static LenetTexts,
    pub lang: Lang,
}

/// `m:ss`.
pub fn clock(seconds: f64) -> String {
    let s = seconds.max(0.0).round() as u64;
    format!("{}:{:02}", s / 60, s % 60)
}

fn status_text(t: &'static LenetTexts, lang: Lang, v: &TrainView) -> (String, bool) {
    let err = |s: &str| (s.to_string(), true);
    match (&v.worker, &v.data, v.phase) {
        (WorkerUp::Failed, _, _) => err(t.status_worker_failed),
        (_, DataState::Failed(DataFailure::Fetch(_)), _) => err(t.status_data_fetch_failed),
        (_, DataState::Failed(DataFailure::OldBrowser), _) => err(t.status_data_old_browser),
        (_, DataState::Failed(DataFailure::Format(e)), _) => {
            (format!("{} {}", t.status_data_failed, data_error(lang, e)), true)
        }
        (_, _, Phase::Diverged(_)) => err(t.status_diverged),
        (WorkerUp::Off | WorkerUp::Starting, _, _) | (_, DataState::Loading, _) => {
            (t.status_loading.into(), false)
        }
        (_, _, phase) => (
            match phase {
                // Not "ready" while the editor's network cannot be built (its reason is
                // under Start).
                Phase::Idle if v.draft.arch.plan().failure.is_some() => t.status_idle_broken,
                Phase::Idle => t.status_idle,
                Phase::Training => t.status_running,
                Phase::Paused => t.status_paused,
                Phase::Finished => t.status_finished,
                Phase::Evaluating(_) => t.status_evaluating,
                Phase::Diverged(_) => t.status_diverged,
            }
            .into(),
            false,
        ),
    }
}

#[component]
pub fn StatusLine(p: &StatusProps) -> Html {
    let (t, lang) = (p.t, p.lang);
    let tr = use_training();
    let v = &*tr.view;
    let (status, is_error) = status_text(t, lang, v);
    let status = if is_error {
        html! { <p class="msg error" id="train-status" role="alert" data-phase={phase_name(v.phase)}>{ status }</p> }
    } else {
        html! { <p class="msg" id="train-status" role="status" data-phase={phase_name(v.phase)}>{ status }</p> }
    };
    // By the clock, evaluations included: what the student actually waits.
    let rate = v.wall_rate();
    let left =
        v.seconds_left().map(|s| format!(" · {} {}", clock(s), t.time_left)).unwrap_or_default();
    let last_test = v.test.last().map(|&(_, a)| a);
    let notice = v.notice.map(|n| match n {
        Notice::Reset { examples, accuracy, evaluation } => reset_notice(
            lang,
            &integer(lang, examples),
            accuracy.map(|a| percent(lang, a as f64, 1)).as_deref(),
            examples > 0,
            evaluation,
        ),
        Notice::SaveFailed => t.save_failed.to_string(),
    });
    let on_dismiss = {
        let tr = tr.clone();
        Callback::from(move |_: MouseEvent| tr.dismiss_notice())
    };
    html! {
        <div class="lenet-status">
            { status }
            if let Some(e) = &v.error { <p class="msg error" id="train-error" role="alert">{ format!("{} {}", t.worker_refused, worker_error(lang, e)) }</p> }
            if let Some(n) = notice {
                <p class="msg notice" id="train-notice" role="status">{ n }
                    <button type="button" class="btn small" onclick={on_dismiss} aria-label={t.dismiss}>{ "×" }</button>
                </p>
            }
            <progress id="train-progress" max="1" value={v.fraction().to_string()} />
            <p class="stats">
                <span id="train-seen" data-seen={v.seen.to_string()} data-secs={v.train_seconds.to_string()}
                    data-wall={v.wall_seconds.to_string()}>
                    { format!("{} / {} {}", integer(lang, v.seen), integer(lang, v.total), t.examples) }
                </span>
                <span id="train-rate" data-rate={rate.map(|r| r.to_string()).unwrap_or_default()}>
                    { format!(" · {} {}", integer(lang, rate.unwrap_or(0.0).round() as u64), t.examples_per_s) }
                </span>
                <span id="train-workers" data-workers={v.workers.to_string()}>
                    { format!(" {} {} {}{left}", t.on_cores[0], v.workers, if v.workers > 1 { t.on_cores[2] } else { t.on_cores[1] }) }
                </span>
                { " · " }{ t.test_accuracy }{ " " }
                <strong id="test-acc" data-acc={last_test.map(|a| a.to_string()).unwrap_or_default()}
                    data-history={v.test.iter().zip(&v.test_secs).map(|(&(n, a), (s, w))| format!("{n}:{s}:{a}:{w}")).collect::<Vec<_>>().join(";")}>
                    { last_test.map(|a| percent(lang, a as f64, 1)).unwrap_or_else(|| "–".into()) }
                </strong>
            </p>
        </div>
    }
}

pub fn phase_name(p: Phase) -> &'static str {
    match p {
        Phase::Idle => "idle",
        Phase::Training => "training",
        Phase::Paused => "paused",
        Phase::Finished => "finished",
        Phase::Diverged(_) => "diverged",
        Phase::Evaluating(_) => "evaluating",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_is_minutes_and_seconds() {
        assert_eq!(clock(426.0), "7:06");
        assert_eq!(clock(59.6), "1:00");
        assert_eq!(clock(-3.0), "0:00");
    }
}
