//! Training on the student's own set: its own bridge to the app's worker (a second
//! reactor session beside LeNet live's, so LeNet's run is untouched), the run's state
//! ([`super::run`]), the charts, the test pad, the evaluation and the network file.
//!
//! The run lives as long as the page: leaving it ends the worker's session, and the page
//! keeps the network and the curves for the next visit (`KEPT`, for the app's lifetime).

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;
use yew_agent::reactor::ReactorEvent;

use super::class_eval::ClassEval;
use super::run::{Problem, RunAction, RunPhase, RunView, fingerprint};
use super::store;
use super::test_pad::TestPanel;
use super::train_texts::{TrainTexts, network_file_error, texts};
use crate::app::dom::download;
use crate::app::i18n::classes_errors::data_set_error;
use crate::app::i18n::errors::{data_error, nn_error, worker_error};
use crate::app::i18n::num::{integer, percent};
use crate::app::i18n::{Lang, Said};
use crate::app::lessons::lenet::chart::{Chart, Series};
use crate::app::route::{Link, Route};
use crate::app::training::outbox::{Outbox, OutboxRef, send, use_outbox_bridge};
use crate::app::training::{ModelRef, WORKER_TIMEOUT_MS, reachable, use_training};
use crate::nn::Sequential;
use crate::nn::dataset::{DataSet, network};
use crate::worker::protocol::{Command, DataFailure, Optim, OwnData, Report, Settings};
use crate::worker::{TrainerReactor, WORKER_PATH};

/// What the page keeps for the next visit: the run's view and the network's weights.
#[derive(Default)]
struct Kept {
    view: Option<RunView>,
    weights: Option<Vec<u8>>,
}

thread_local! {
    static KEPT: RefCell<Kept> = RefCell::new(Kept::default());
}

/// Epochs so that a small set is seen about 3,000 times in all (shifted each time), between
/// 10 and 100: 24 examples to learn from → 100 epochs, 240 → 13.
pub fn auto_epochs(train_examples: usize) -> u32 {
    (3000usize.div_ceil(train_examples.max(1))).clamp(10, 100) as u32
}

/// The run's settings for a set of `classes` classes and this network (the last layer set
/// to one output per class): Adam at 3e-3 (LeNet live's), batches of 16 (a small set has
/// few), shifts of ±2 pixels, one evaluation of the held-out part per epoch or so, one
/// worker (the set is in this worker only).
pub fn run_settings(
    arch: &crate::nn::Architecture,
    classes: usize,
    epochs: u32,
    train: usize,
    shifts: bool,
) -> Settings {
    Settings {
        optimizer: Optim::Adam,
        learning_rate: 3e-3,
        batch_size: 16,
        epochs,
        arch: arch.with_classes(classes),
        seed: 1,
        shift: if shifts { 2 } else { 0 },
        eval_every: train.max(16) as u32,
        workers: 1,
        classes: classes as u32,
    }
}

#[derive(Properties)]
struct BridgeProps {
    outbox: OutboxRef,
    on_event: Callback<ReactorEvent<TrainerReactor>>,
}

impl PartialEq for BridgeProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.outbox, &other.outbox)
    }
}

/// The page's bridge to the worker: mounted on the first Train, unmounted with the page
/// (the worker's session for this page ends then).
#[component]
fn ClassBridge(p: &BridgeProps) -> Html {
    let on = p.on_event.clone();
    use_outbox_bridge(&p.outbox, move |e| on.emit(e));
    html! {}
}

fn problem_text(t: &TrainTexts, lang: Lang, p: &Problem) -> String {
    match p {
        Problem::WorkerDown => t.worker_down.into(),
        Problem::Worker(e) => worker_error(lang, e),
        Problem::Data(DataFailure::Format(e)) => t.data_failed.replace("{e}", &data_error(lang, e)),
        Problem::Data(DataFailure::Fetch(e)) => t.data_failed.replace("{e}", e),
        Problem::Data(DataFailure::OldBrowser) => t.worker_down.into(),
    }
}

fn status_text(t: &TrainTexts, lang: Lang, v: &RunView, epochs: u32) -> String {
    let progress = || {
        t.progress
            .replace("{e}", &(v.epoch + 1).min(epochs).to_string())
            .replace("{E}", &epochs.to_string())
            .replace("{s}", &integer(lang, v.seen))
            .replace("{t}", &integer(lang, v.total))
            .replace("{r}", &integer(lang, v.examples_per_s.max(0.0) as u64))
    };
    let mut s = match v.phase {
        RunPhase::Idle => String::new(),
        RunPhase::Starting => t.starting.into(),
        RunPhase::Training => progress(),
        RunPhase::Paused => format!("{} {}", t.paused, progress()),
        RunPhase::Finished => t.finished.into(),
        RunPhase::Diverged(_) => t.diverged.into(),
        RunPhase::Left => t.left.into(),
    };
    if let Some(&(_, a)) = v.test.last() {
        if !s.is_empty() {
            s.push(' ');
        }
        s.push_str(&t.held_out_accuracy.replace("{a}", &percent(lang, a as f64, 1)));
    }
    s
}

#[derive(Properties, PartialEq)]
pub struct ClassTrainingProps {
    pub set: UseStateHandle<DataSet>,
    pub lang: Lang,
}

#[component]
pub fn ClassTraining(p: &ClassTrainingProps) -> Html {
    let (lang, set) = (p.lang, &p.set);
    let t = texts(lang);
    let tr = use_training();
    let view = use_reducer(|| KEPT.with(|k| k.borrow().view.clone()).unwrap_or_default());
    let model = {
        let m = use_memo((), |_| {
            let m = ModelRef::default();
            let kept = KEPT.with(|k| k.borrow().weights.clone());
            *m.borrow_mut() = kept.and_then(|b| Sequential::<f32>::from_weights(&b).ok());
            m
        });
        (*m).clone()
    };
    let outbox: OutboxRef = (*use_memo((), |_| Rc::new(RefCell::new(Outbox::default())))).clone();
    let open = use_state(|| false);
    let epochs_text = use_state(|| None::<String>);
    let notice = use_state(|| None::<Said>);
    // Shifts on by default: twenty drawings per class are few.
    let shifts = use_state(|| true);

    // Kept for the next visit; leaving during a run ends it.
    {
        let v = (*view).clone();
        use_effect_with(view.clone(), move |_| KEPT.with(|k| k.borrow_mut().view = Some(v)));
    }
    use_effect_with((), |_| {
        || {
            KEPT.with(|k| {
                let mut k = k.borrow_mut();
                if let Some(v) = k.view.take() {
                    k.view = Some((*Rc::new(v).reduce(RunAction::Left)).clone());
                }
            })
        }
    });

    // The network, kept in the browser each time it changes (a run's weights, a file), so
    // that a reload (a tablet dropping the tab) keeps it; on a fresh page it comes back.
    {
        let (model, names) = (model.clone(), view.names.clone());
        let saved = use_mut_ref(|| view.weights_rev);
        use_effect_with(view.weights_rev, move |rev| {
            if *saved.borrow() != *rev
                && !names.is_empty()
                && let Some(m) = model.borrow().as_ref()
            {
                *saved.borrow_mut() = *rev;
                store::save_network(network::to_npz(&m.save_weights(), &names));
            }
        });
    }
    {
        let (model, view, notice) = (model.clone(), view.clone(), notice.clone());
        use_effect_with((), move |_| {
            if model.borrow().is_none() {
                wasm_bindgen_futures::spawn_local(async move {
                    let Some(bytes) = store::load_network().await else { return };
                    // Not over a run started meanwhile.
                    let fresh = KEPT.with(|k| {
                        k.borrow()
                            .view
                            .as_ref()
                            .is_none_or(|v| v.phase == RunPhase::Idle && !v.has_network())
                    });
                    if let (true, Ok((m, names))) =
                        (fresh && model.borrow().is_none(), network::from_npz(&bytes))
                    {
                        KEPT.with(|k| k.borrow_mut().weights = Some(m.save_weights()));
                        *model.borrow_mut() = Some(m);
                        let list = names.join(", ");
                        notice
                            .set(Some(Said::new(move |l| texts(l).restored.replace("{c}", &list))));
                        view.dispatch(RunAction::Loaded(names));
                    }
                });
            }
        });
    }

    let on_event = {
        let (view, model, outbox) = (view.clone(), model.clone(), outbox.clone());
        use_memo((), move |_| {
            Callback::from(move |e: ReactorEvent<TrainerReactor>| {
                let r = match e {
                    ReactorEvent::Output(r) => r,
                    ReactorEvent::Finished => {
                        view.dispatch(RunAction::WorkerDown);
                        return;
                    }
                };
                match r {
                    Report::Weights(bytes) => {
                        if let Ok(m) = Sequential::<f32>::from_weights(&bytes) {
                            *model.borrow_mut() = Some(m);
                            KEPT.with(|k| k.borrow_mut().weights = Some(bytes));
                            view.dispatch(RunAction::Weights);
                        }
                    }
                    Report::Stopped(crate::worker::protocol::Stop::Finished) => {
                        // The held-out part's evaluation, at once: what the student asks next.
                        view.dispatch(RunAction::Report(r));
                        view.dispatch(RunAction::Evaluating);
                        send(&outbox, Command::Evaluate(None));
                    }
                    r => view.dispatch(RunAction::Report(r)),
                }
            })
        })
    };

    // The worker's script must answer before a bridge opens (a missing script would throw
    // inside the worker, unseen); then it has `WORKER_TIMEOUT_MS` to start the run.
    let ensure_open = {
        let (open, view) = (open.clone(), view.clone());
        Rc::new(move || {
            if *open {
                return;
            }
            let (open, down) = (open.clone(), view.clone());
            wasm_bindgen_futures::spawn_local(async move {
                if reachable(WORKER_PATH).await {
                    open.set(true);
                } else {
                    down.dispatch(RunAction::WorkerDown);
                }
            });
            let view = view.clone();
            wasm_bindgen_futures::spawn_local(async move {
                gloo_timers::future::TimeoutFuture::new(WORKER_TIMEOUT_MS).await;
                view.dispatch(RunAction::StartTimedOut);
            });
        })
    };

    let n_train: usize = set
        .classes
        .iter()
        .map(|c| {
            DataSet::held_out_mask(c.examples.len(), set.held_out).iter().filter(|h| !**h).count()
        })
        .sum();
    let n_held = set.len() - n_train;
    let epochs_shown = (*epochs_text).clone().unwrap_or_else(|| auto_epochs(n_train).to_string());
    let arch = tr.view.draft.arch.with_classes(set.classes.len());
    let plan = arch.plan_classes(set.classes.len());

    let on_train = {
        let (set, view, outbox, notice, ensure_open) =
            (set.clone(), view.clone(), outbox.clone(), notice.clone(), ensure_open.clone());
        let (epochs_shown, arch, shifts) =
            (epochs_shown.clone(), tr.view.draft.arch.clone(), *shifts);
        Callback::from(move |_: MouseEvent| {
            if let Err(e) = set.validate_for_training() {
                let names = set.names();
                notice.set(Some(Said::new(move |l| data_set_error(l, &e, &names))));
                return;
            }
            let Some(epochs) =
                epochs_shown.trim().parse::<u32>().ok().filter(|e| (1..=100).contains(e))
            else {
                notice.set(Some(Said::new(|l| texts(l).epochs_bad.into())));
                return;
            };
            let classes = set.classes.len();
            let settings = run_settings(&arch, classes, epochs, n_train, shifts);
            if let Some(f) = settings.arch.plan_classes(classes).failure {
                notice.set(Some(Said::new(move |l| {
                    let why = nn_error(l, &f.error);
                    texts(l)
                        .network_bad
                        .replace("{l}", &(f.index + 1).to_string())
                        .replace("{e}", &why)
                })));
                return;
            }
            notice.set(None);
            view.dispatch(RunAction::Starting {
                names: set.names(),
                fingerprint: fingerprint(&set),
            });
            ensure_open();
            send(&outbox, Command::Hello);
            send(&outbox, Command::UseData(OwnData::from_set(&set)));
            send(&outbox, Command::Start(settings));
        })
    };
    let on_pause = {
        let outbox = outbox.clone();
        Callback::from(move |_: MouseEvent| send(&outbox, Command::Pause))
    };
    let on_resume = {
        let outbox = outbox.clone();
        Callback::from(move |_: MouseEvent| send(&outbox, Command::Resume))
    };
    let on_evaluate = {
        let (set, view, outbox, model, ensure_open) =
            (set.clone(), view.clone(), outbox.clone(), model.clone(), ensure_open.clone());
        Callback::from(move |_: MouseEvent| {
            if view.phase == RunPhase::Paused {
                view.dispatch(RunAction::Evaluating);
                send(&outbox, Command::Evaluate(None));
                return;
            }
            // The network on screen, on the set as it is now (its held-out part).
            let Some(weights) = model.borrow().as_ref().map(|m| m.save_weights()) else { return };
            if set.validate_for_training().is_err() || view.names.len() != set.classes.len() {
                return;
            }
            view.dispatch(RunAction::Evaluating);
            ensure_open();
            send(&outbox, Command::UseData(OwnData::from_set(&set)));
            send(&outbox, Command::Evaluate(Some(weights)));
        })
    };
    let on_download = {
        let (model, view) = (model.clone(), view.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(m) = model.borrow().as_ref() {
                let bytes = network::to_npz(&m.save_weights(), &view.names);
                let _ = download(&bytes, "network.npz", "application/octet-stream");
            }
        })
    };
    let on_open = {
        let (model, view, notice) = (model.clone(), view.clone(), notice.clone());
        Callback::from(move |e: Event| {
            let Some(input) = e.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok()) else {
                return;
            };
            let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
            input.set_value("");
            if view.running() || view.phase == RunPhase::Paused {
                return;
            }
            let (model, view, notice) = (model.clone(), view.clone(), notice.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let bytes = match wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await {
                    Ok(buf) => js_sys::Uint8Array::new(&buf).to_vec(),
                    Err(_) => vec![],
                };
                match network::from_npz(&bytes) {
                    Ok((m, names)) => {
                        KEPT.with(|k| k.borrow_mut().weights = Some(m.save_weights()));
                        *model.borrow_mut() = Some(m);
                        let list = names.join(", ");
                        notice.set(Some(Said::new(move |l| texts(l).opened.replace("{c}", &list))));
                        view.dispatch(RunAction::Loaded(names));
                    }
                    Err(e) => {
                        let empty = bytes.is_empty();
                        notice.set(Some(Said::new(move |l| network_file_error(l, &e, empty))))
                    }
                }
            });
        })
    };

    let v = &*view;
    let busy = v.running() || v.phase == RunPhase::Paused;
    let epochs_now = epochs_shown.trim().parse::<u32>().unwrap_or(0);
    let status = status_text(
        t,
        lang,
        v,
        if v.total > 0 && n_train > 0 {
            (v.total as usize).div_ceil(n_train.max(1)) as u32
        } else {
            epochs_now
        },
    );
    let changed = v.trained_on.is_some_and(|f| f != fingerprint(set)) && !v.running();
    let x_max = (v.total as f32).max(v.seen as f32).max(100.0);
    let loss_max = v
        .loss
        .iter()
        .map(|&(_, l)| l)
        .fold(1.5f32, |a, b| if b.is_finite() { a.max(b) } else { a })
        .min(10.0);
    let on_epochs = {
        let epochs_text = epochs_text.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(i) = e.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok()) {
                epochs_text.set(Some(i.value()));
            }
        })
    };
    let on_shifts = {
        let shifts = shifts.clone();
        Callback::from(move |_: Event| shifts.set(!*shifts))
    };
    let mismatch = v.has_network() && *v.names != set.names();
    let params = plan.total_params;
    html! {
        <>
        <section class="panel cl-train" aria-labelledby="cl-train-title">
            <h2 id="cl-train-title">{ t.train_title }</h2>
            <p>{ t.train_lead }</p>
            <p class="note" id="cl-network">
                { t.network.replace("{arch}", &arch.to_text()).replace("{p}", &integer(lang, params as u64)) }
                { " " }<Link to={Route::Lenet}>{ t.edit_network }</Link>
            </p>
            <p class="note" id="cl-split">{ t.split.replace("{n}", &integer(lang, n_train as u64)).replace("{k}", &integer(lang, n_held as u64)) }</p>
            <div class="cl-run-row">
                <label for="cl-epochs">{ t.epochs }</label>
                <input id="cl-epochs" type="number" min="1" max="100" step="1" inputmode="numeric"
                    value={epochs_shown.clone()} oninput={on_epochs} disabled={busy} />
                <label class="check" for="cl-shifts">
                    <input type="checkbox" id="cl-shifts" checked={*shifts} onchange={on_shifts}
                        disabled={busy} />
                    { t.shifts }
                </label>
                if v.phase == RunPhase::Paused {
                    <button type="button" class="btn primary" id="cl-resume" onclick={on_resume}>{ t.resume }</button>
                } else if v.running() {
                    <button type="button" class="btn" id="cl-pause" onclick={on_pause} disabled={v.phase == RunPhase::Starting}>{ t.pause }</button>
                }
                <button type="button" class={classes!("btn", (!v.running() && v.phase != RunPhase::Paused).then_some("primary"))} id="cl-train"
                    onclick={on_train} disabled={v.running()}>
                    { if v.phase == RunPhase::Idle && !v.has_network() { t.train } else { t.train_again } }
                </button>
            </div>
            if let Some(n) = &*notice {
                <p class="cl-notice" id="cl-train-notice" role="status">{ n.in_lang(lang) }</p>
            }
            if let Some(pr) = &v.problem {
                <p class="cl-notice error" id="cl-train-problem" role="alert">{ problem_text(t, lang, pr) }</p>
            }
            <p class="status" id="cl-status" role="status" data-phase={format!("{:?}", v.phase)}>{ status }</p>
            if changed {
                <p class="hint" id="cl-changed">{ t.changed }</p>
            }
            if !v.loss.is_empty() {
                <div class="lenet-charts cl-charts">
                    <Chart id="cl-chart-loss" title={t.chart_loss} x_max={x_max} y_min={0.0} y_max={loss_max} lang={lang}
                        series={vec![Series { label: t.chart_train, points: v.loss.clone(), colour: (69, 123, 157), dots: false }]} />
                    <Chart id="cl-chart-acc" title={t.chart_accuracy} x_max={x_max} y_min={0.0} y_max={1.0} lang={lang}
                        series={vec![
                            Series { label: t.chart_train, points: v.acc.clone(), colour: (69, 123, 157), dots: false },
                            Series { label: t.chart_test, points: v.test.clone(), colour: (230, 57, 70), dots: true },
                        ]} />
                </div>
            }
            if *open {
                <ClassBridge outbox={outbox.clone()} on_event={(*on_event).clone()} />
            }
        </section>
        <TestPanel lang={lang} model={model.clone()} rev={v.weights_rev} names={v.names.clone()} mismatch={mismatch} />
        <section class="panel cl-eval" aria-labelledby="cl-eval-title">
            <h2 id="cl-eval-title">{ t.eval_title }</h2>
            <button type="button" class="btn" id="cl-evaluate" onclick={on_evaluate}
                disabled={!v.has_network() || v.running() || v.evaluating || mismatch}>
                { if v.evaluating { t.evaluating } else { t.evaluate } }
            </button>
            if let Some(e) = &v.eval {
                <ClassEval lang={lang} eval={e.clone()} names={v.names.clone()} />
            }
        </section>
        <section class="panel cl-keep" aria-labelledby="cl-keep-title">
            <h2 id="cl-keep-title">{ t.keep_title }</h2>
            <button type="button" class="btn" id="cl-download" onclick={on_download} disabled={!v.has_network()}>{ t.download }</button>
            // Not during a run: its next weights would replace the file's network.
            <label class="btn" for="cl-open" aria-disabled={busy.to_string()}>{ t.open }</label>
            <input type="file" id="cl-open" class="visually-hidden" accept=".npz" onchange={on_open} disabled={busy} />
        </section>
        </>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_sets_get_more_epochs_within_bounds() {
        assert_eq!(auto_epochs(0), 100);
        assert_eq!(auto_epochs(24), 100);
        assert_eq!(auto_epochs(240), 13);
        assert_eq!(auto_epochs(8000), 10);
    }

    /// The page's run is one the worker accepts, for every number of classes.
    #[test]
    fn the_runs_settings_are_valid_for_two_to_ten_classes() {
        let arch = crate::nn::Architecture::default();
        for k in 2..=10 {
            let s = run_settings(&arch, k, auto_epochs(8 * k), 8 * k, true);
            assert_eq!(s.validate(), Ok(()), "{k} classes");
            assert_eq!(s.arch.classes(), Some(k));
            assert_eq!((s.shift, s.workers), (2, 1), "shifts on; one worker");
            assert_eq!(run_settings(&arch, k, 10, 8 * k, false).shift, 0);
        }
    }
}
