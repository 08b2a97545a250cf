//! The state of LeNet live, as one reducer: the worker, the digits, the run's phase, its
//! charts, the weights on screen, the settings form. Pure (no browser call), so that every
//! transition is tested natively; the app's training session (`app::training`) feeds it
//! the worker's reports and the student's commands.

use std::rc::Rc;

use yew::Reducible;

use super::draft::{Draft, Field};
use super::runs::{End, History, Now, Run};
use super::series::Thin;
use super::state::{DataState, Eval, Notice, PadDigit, Phase, Pretrained, Saved, Source, WorkerUp};
use crate::worker::protocol::{Optim, Progress, Report, Stop, WorkerError};

/// Everything LeNet live shows, driven by the worker's reports and the student.
#[derive(Clone, PartialEq, Debug)]
pub struct TrainView {
    pub worker: WorkerUp,
    pub data: DataState,
    pub phase: Phase,
    pub total: u64,
    pub seen: u64,
    /// Training speed of the last slice (evaluations excluded).
    pub examples_per_s: f32,
    /// Workers sharing the run's minibatches (as the last progress said).
    pub workers: u32,
    /// Seconds in training steps (evaluations excluded: the benchmark reads it).
    pub train_seconds: f64,
    /// Clock seconds of the run, evaluations included (what the student waits).
    pub wall_seconds: f64,
    /// Recent `(clock seconds, examples seen)`: the speed of the last seconds.
    pub recent: Vec<(f64, u64)>,
    pub loss: Vec<(f32, f32)>,
    pub acc: Vec<(f32, f32)>,
    /// How `loss` and `acc` are thinned.
    pub thin: (Thin, Thin),
    pub test: Vec<(f32, f32)>,
    /// Training and clock seconds at each test point (the benchmark reads them; the clock
    /// counts the evaluations too).
    pub test_secs: Vec<(f64, f64)>,
    pub dropped: Vec<Vec<bool>>,
    /// A command the worker refused (English detail from the worker).
    pub error: Option<WorkerError>,
    pub eval: Option<Rc<Eval>>,
    /// Bumped whenever the network on screen changes (new weights).
    pub weights_rev: u32,
    pub source: Source,
    pub pretrained: Pretrained,
    /// The screen follows the run's weights (off after choosing other weights).
    pub follow: bool,
    /// Between "reset" sent and the worker's answer: reports of the old run are dropped.
    pub resetting: bool,
    pub notice: Option<Notice>,
    /// What the browser's storage holds (offered for restoring after a reload).
    pub saved: Option<Saved>,
    pub draft: Draft,
    pub pad: Option<PadDigit>,
    /// The runs kept in this browser, the current one included (`super::runs`).
    pub history: History,
}

impl Default for TrainView {
    fn default() -> Self {
        TrainView {
            worker: WorkerUp::Off,
            data: DataState::Loading,
            phase: Phase::Idle,
            total: 0,
            seen: 0,
            examples_per_s: 0.0,
            workers: 1,
            train_seconds: 0.0,
            wall_seconds: 0.0,
            recent: vec![],
            loss: vec![],
            acc: vec![],
            thin: Default::default(),
            test: vec![],
            test_secs: vec![],
            dropped: vec![],
            error: None,
            eval: None,
            weights_rev: 0,
            source: Source::None,
            pretrained: Pretrained::Loading,
            follow: true,
            resetting: false,
            notice: None,
            saved: None,
            draft: Draft::default(),
            pad: None,
            history: History::default(),
        }
    }
}

// Carries a worker report as it came (see `Report`).
#[allow(clippy::large_enum_variant)]
#[derive(Debug)]
pub enum Action {
    /// A page needs the worker: it is being started.
    Activate,
    Report(Report),
    /// No answer from the worker in time, or it died.
    WorkerFailed,
    /// The network on screen changed.
    Weights(Source),
    Pretrained(Pretrained),
    /// "Train from scratch" was sent at this time (ms since 1970): the screen follows the
    /// run again, and the run is recorded when the worker starts it.
    StartSent(f64),
    ResumeSent,
    /// An evaluation was asked of the worker.
    EvaluateSent,
    /// "Reset" was sent: the run is thrown away now, its late reports ignored.
    ResetSent,
    /// The browser kept (or refused to keep) the run's weights.
    SavedWeights(Option<Saved>),
    Edit(Field, String),
    SetOptimizer(Optim),
    SetMaxPooling(bool),
    SetDropout(bool),
    /// A new network (the editor, a preset, a link).
    SetArch(crate::nn::Architecture),
    SendToPad(Vec<f32>),
    DismissNotice,
    /// Runs forgotten from the history, and taken back (an undo).
    Forget(Vec<u64>),
    Remember(Vec<Rc<Run>>),
    /// The browser kept the history's changes (or refused them).
    HistoryKept(bool),
}

impl TrainView {
    /// A fresh state knowing what the browser's storage holds.
    pub fn with_saved(saved: Option<Saved>) -> TrainView {
        TrainView { saved, ..TrainView::default() }
    }

    /// "Train from scratch" can be pressed: the worker and digits ready, no run training
    /// or being evaluated, and every setting accepted.
    pub fn can_start(&self) -> bool {
        self.worker == WorkerUp::Ready
            && self.data == DataState::Loaded
            && matches!(
                self.phase,
                Phase::Idle | Phase::Paused | Phase::Finished | Phase::Diverged(_)
            )
            && !self.resetting
            && self.draft.settings().is_ok()
    }

    pub fn can_evaluate(&self) -> bool {
        self.worker == WorkerUp::Ready
            && self.data == DataState::Loaded
            && self.phase.rest().is_some()
            && !self.resetting
            && (self.source != Source::None)
    }

    /// Examples per second by the clock, evaluations included: over the last
    /// [`RATE_WINDOW_S`] seconds once the run has that much, since its start before.
    pub fn wall_rate(&self) -> Option<f64> {
        if let (Some(&(w0, n0)), Some(&(w1, n1))) = (self.recent.first(), self.recent.last())
            && w1 - w0 >= 1.0
        {
            return Some((n1 - n0) as f64 / (w1 - w0));
        }
        (self.wall_seconds > 0.0 && self.seen > 0).then(|| self.seen as f64 / self.wall_seconds)
    }

    /// Seconds left at the clock's rate (evaluations included), while training.
    pub fn seconds_left(&self) -> Option<f64> {
        if self.phase != Phase::Training {
            return None;
        }
        self.wall_rate().map(|r| self.total.saturating_sub(self.seen) as f64 / r)
    }

    /// Done fraction of the run, 0–1.
    pub fn fraction(&self) -> f64 {
        if self.total > 0 { (self.seen as f64 / self.total as f64).min(1.0) } else { 0.0 }
    }

    fn clear_run(&mut self) {
        self.total = 0;
        self.seen = 0;
        self.examples_per_s = 0.0;
        self.train_seconds = 0.0;
        self.wall_seconds = 0.0;
        self.recent.clear();
        self.loss.clear();
        self.acc.clear();
        self.thin = Default::default();
        self.test.clear();
        self.test_secs.clear();
        self.dropped.clear();
        self.error = None;
    }

    fn apply_progress(&mut self, p: Progress) {
        self.seen = p.examples_seen;
        self.total = p.total_examples;
        self.examples_per_s = p.examples_per_s;
        self.workers = p.workers;
        self.train_seconds = p.train_seconds;
        self.wall_seconds = p.wall_seconds;
        self.recent.push((p.wall_seconds, p.examples_seen));
        let from = p.wall_seconds - RATE_WINDOW_S;
        let old = self.recent.iter().take_while(|&&(w, _)| w < from).count();
        // Keep one sample at or before the window's start, so the window is whole.
        self.recent.drain(..old.saturating_sub(1));
        for (n, l) in p.losses {
            if !l.is_nan() {
                self.thin.0.push(&mut self.loss, (n as f32, l));
            }
        }
        if p.accuracy.is_finite() {
            self.thin.1.push(&mut self.acc, (p.examples_seen as f32, p.accuracy));
        }
        self.dropped = p.dropped;
    }

    /// The current run's record follows the session's numbers.
    fn record(&mut self, end: Option<End>) {
        let now = Now {
            seen: self.seen,
            total: self.total,
            train_seconds: self.train_seconds,
            wall_seconds: self.wall_seconds,
            test: &self.test,
            loss: &self.loss,
        };
        self.history.update(|r| r.follow(now));
        if let Some(e) = end {
            self.history.end_current(e);
        }
    }

    fn report(&mut self, r: Report) {
        // Reports of a run the student already threw away.
        if self.resetting
            && matches!(
                r,
                Report::Progress(_)
                    | Report::TestAccuracy { .. }
                    | Report::Paused
                    | Report::Resumed
                    | Report::Stopped(_)
                    | Report::Evaluation { .. }
                    | Report::Started { .. }
            )
        {
            return;
        }
        match r {
            Report::Ready { .. } => self.worker = WorkerUp::Ready,
            Report::DataLoaded { .. } => self.data = DataState::Loaded,
            Report::DataFailed(e) => self.data = DataState::Failed(e),
            Report::Started { total_examples } => {
                self.clear_run();
                self.phase = Phase::Training;
                self.total = total_examples;
                self.history.begin();
                self.eval = None;
                self.notice = None;
                self.follow = true;
            }
            Report::Progress(p) => {
                if self.phase == Phase::Training {
                    self.apply_progress(p);
                }
            }
            Report::TestAccuracy {
                examples_seen, accuracy, train_seconds, wall_seconds, ..
            } => {
                if self.phase == Phase::Training {
                    self.test.push((examples_seen as f32, accuracy));
                    self.test_secs.push((train_seconds, wall_seconds));
                    self.wall_seconds = self.wall_seconds.max(wall_seconds);
                    self.record(None);
                }
            }
            Report::Weights(_) => {}
            Report::Paused => {
                if self.phase == Phase::Training {
                    self.phase = Phase::Paused;
                    self.record(Some(End::Paused));
                }
            }
            Report::Resumed => {
                if self.phase == Phase::Paused {
                    self.phase = Phase::Training;
                    self.history.end_current(End::Training);
                    // A lost helper paused the run: going on again answers it.
                    if matches!(
                        self.error,
                        Some(WorkerError::HelperDied | WorkerError::HelperStalled)
                    ) {
                        self.error = None;
                    }
                }
            }
            Report::Stopped(s) => {
                if self.phase == Phase::Training {
                    self.phase = match s {
                        Stop::Finished => Phase::Finished,
                        Stop::Diverged(l) => Phase::Diverged(l),
                    };
                    let end = match s {
                        Stop::Finished => End::Finished,
                        Stop::Diverged(_) => End::Diverged,
                    };
                    self.record(Some(end));
                }
            }
            Report::WasReset => self.resetting = false,
            Report::Evaluation { accuracy, confusion, digits } => {
                // Only an evaluation the page is waiting for (not one thrown away).
                if let Phase::Evaluating(rest) = self.phase {
                    self.phase = rest.into();
                    self.eval = Some(Rc::new(Eval { accuracy, confusion, digits }));
                    self.error = None;
                }
            }
            Report::Error(e) => {
                if let Phase::Evaluating(rest) = self.phase {
                    self.phase = rest.into();
                }
                self.error = Some(e);
            }
        }
    }
}

impl Reducible for TrainView {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            Action::Activate => {
                if s.worker == WorkerUp::Off {
                    s.worker = WorkerUp::Starting;
                }
            }
            Action::WorkerFailed => {
                if s.worker != WorkerUp::Ready {
                    s.worker = WorkerUp::Failed;
                }
            }
            Action::Weights(src) => {
                s.weights_rev = s.weights_rev.wrapping_add(1);
                if src != Source::Run {
                    s.follow = false;
                }
                s.source = src;
            }
            Action::Pretrained(p) => s.pretrained = p,
            Action::StartSent(at_ms) => {
                s.follow = true;
                if let Ok(settings) = s.draft.settings() {
                    s.history.prepare(at_ms, &settings);
                }
            }
            Action::ResumeSent => s.follow = true,
            Action::EvaluateSent => {
                if let Some(rest) = s.phase.rest() {
                    s.phase = Phase::Evaluating(rest);
                    s.error = None;
                }
            }
            Action::ResetSent => {
                let evaluation = matches!(s.phase, Phase::Evaluating(_));
                let had_run = s.phase.has_run();
                if had_run || evaluation {
                    s.notice = Some(Notice::Reset {
                        examples: if had_run { s.seen } else { 0 },
                        accuracy: if had_run { s.test.last().map(|&(_, a)| a) } else { None },
                        evaluation,
                    });
                }
                if had_run {
                    // Kept as it stood (a paused run is already), unless it never trained.
                    if s.phase.run() == Phase::Training {
                        s.record(None);
                    }
                    s.history.reset();
                }
                s.clear_run();
                s.phase = Phase::Idle;
                s.resetting = true;
                if had_run {
                    s.eval = None;
                }
            }
            Action::SavedWeights(Some(saved)) => {
                s.saved = Some(saved);
                if s.notice == Some(Notice::SaveFailed) {
                    s.notice = None;
                }
            }
            Action::SavedWeights(None) => s.notice = Some(Notice::SaveFailed),
            Action::Edit(f, text) => s.draft.set(f, text),
            Action::SetOptimizer(o) => s.draft.optimizer = o,
            Action::SetMaxPooling(m) => s.draft.set_max_pooling(m),
            Action::SetDropout(d) => s.draft.set_dropout(d),
            Action::SetArch(a) => s.draft.set_arch(a),
            Action::SendToPad(pixels) => {
                let rev = s.pad.as_ref().map_or(1, |p| p.rev.wrapping_add(1));
                s.pad = Some(PadDigit { rev, pixels: Rc::new(pixels) });
            }
            Action::DismissNotice => s.notice = None,
            Action::Forget(ids) => {
                s.history.forget(&ids);
            }
            Action::Remember(runs) => s.history.remember(runs),
            Action::HistoryKept(ok) => s.history.refused = !ok,
            Action::Report(r) => s.report(r),
        }
        Rc::new(s)
    }
}

/// Seconds of clock over which the speed shown is measured.
pub const RATE_WINDOW_S: f64 = 5.0;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::training::state::Rest;

    fn run(s: TrainView, actions: impl IntoIterator<Item = Action>) -> TrainView {
        let mut s = Rc::new(s);
        for a in actions {
            s = s.reduce(a);
        }
        (*s).clone()
    }

    fn ready() -> TrainView {
        run(
            TrainView::default(),
            [
                Action::Activate,
                Action::Report(Report::Ready { version: "0".into() }),
                Action::Report(Report::DataLoaded { train: 8000, test: 2000 }),
                Action::Pretrained(Pretrained::Loaded),
                Action::Weights(Source::Pretrained),
            ],
        )
    }

    fn progress(seen: u64, losses: Vec<(u64, f32)>, train: f64, wall: f64) -> Report {
        Report::Progress(Progress {
            examples_seen: seen,
            total_examples: 40_000,
            epoch: 0,
            loss: 1.0,
            accuracy: 0.5,
            examples_per_s: 3000.0,
            workers: 1,
            train_seconds: train,
            wall_seconds: wall,
            losses,
            dropped: vec![],
        })
    }

    fn evaluation() -> Report {
        Report::Evaluation { accuracy: 0.9, confusion: [[0; 10]; 10], digits: vec![] }
    }

    fn training() -> TrainView {
        run(
            ready(),
            [
                Action::StartSent(1000.0),
                Action::Report(Report::Started { total_examples: 40_000 }),
                Action::Report(progress(1000, vec![(500, 2.0), (1000, 1.5)], 0.3, 0.5)),
                Action::Report(Report::TestAccuracy {
                    examples_seen: 1000,
                    train_seconds: 0.3,
                    wall_seconds: 0.5,
                    loss: 1.0,
                    accuracy: 0.8,
                }),
            ],
        )
    }

    #[test]
    fn the_worker_starts_only_when_a_page_asks_and_says_when_it_fails() {
        let s = TrainView::default();
        assert_eq!(s.worker, WorkerUp::Off);
        let s = run(s, [Action::Activate]);
        assert_eq!(s.worker, WorkerUp::Starting);
        assert!(!s.can_start());
        let failed = run(s.clone(), [Action::WorkerFailed]);
        assert_eq!(failed.worker, WorkerUp::Failed);
        // A failure after it answered is not a failure to start.
        let ok = run(
            s,
            [
                Action::Report(Report::Ready { version: "0".into() }),
                Action::WorkerFailed,
                Action::Activate,
            ],
        );
        assert_eq!(ok.worker, WorkerUp::Ready);
    }

    #[test]
    fn a_fresh_page_evaluating_the_pretrained_weights_has_no_run_to_resume() {
        let s = ready();
        assert_eq!(s.phase, Phase::Idle);
        assert!(s.can_start() && s.can_evaluate());
        let s = run(s, [Action::EvaluateSent]);
        assert_eq!(s.phase, Phase::Evaluating(Rest::Idle));
        assert!(!s.can_start() && !s.can_evaluate());
        let s = run(s, [Action::Report(evaluation())]);
        assert_eq!(s.phase, Phase::Idle, "back to idle, not paused");
        assert!(s.eval.is_some());
        // A stray "paused" or "resumed" cannot invent a run.
        let s = run(s, [Action::Report(Report::Paused), Action::Report(Report::Resumed)]);
        assert_eq!(s.phase, Phase::Idle);
    }

    #[test]
    fn a_run_goes_through_training_paused_evaluating_and_finished() {
        let s = training();
        assert_eq!(s.phase, Phase::Training);
        assert!(!s.can_start() && !s.can_evaluate());
        assert_eq!(s.loss, vec![(500.0, 2.0), (1000.0, 1.5)]);
        assert_eq!(s.test, vec![(1000.0, 0.8)]);
        let s = run(s, [Action::Report(Report::Paused)]);
        assert_eq!(s.phase, Phase::Paused);
        assert!(s.can_start() && s.can_evaluate());
        let s = run(s, [Action::EvaluateSent]);
        assert_eq!(s.phase, Phase::Evaluating(Rest::Paused));
        assert!(s.phase.has_run());
        let s = run(s, [Action::Report(evaluation())]);
        assert_eq!(s.phase, Phase::Paused);
        let s = run(s, [Action::ResumeSent, Action::Report(Report::Resumed)]);
        assert_eq!(s.phase, Phase::Training);
        let s = run(s, [Action::Report(Report::Stopped(Stop::Finished))]);
        assert_eq!(s.phase, Phase::Finished);
        assert!(s.can_start() && s.can_evaluate());
        // An evaluation that fails goes back where the run was.
        let s =
            run(s, [Action::EvaluateSent, Action::Report(Report::Error(WorkerError::NoNetwork))]);
        assert_eq!((s.phase, s.error.as_ref()), (Phase::Finished, Some(&WorkerError::NoNetwork)));
    }

    #[test]
    fn a_lost_helper_pauses_the_run_says_why_and_resuming_goes_on() {
        let s = run(
            training(),
            [
                Action::Report(Report::Error(WorkerError::HelperStalled)),
                Action::Report(Report::Weights(vec![])),
                Action::Report(Report::Paused),
            ],
        );
        assert_eq!((s.phase, s.error.as_ref()), (Phase::Paused, Some(&WorkerError::HelperStalled)));
        assert_eq!(s.test, vec![(1000.0, 0.8)], "the run's charts are kept");
        assert!(s.can_start() && s.can_evaluate());
        let s = run(s, [Action::ResumeSent, Action::Report(Report::Resumed)]);
        assert_eq!((s.phase, s.error.as_ref()), (Phase::Training, None));
    }

    #[test]
    fn a_divergence_keeps_the_points_the_chart_had() {
        let s = run(
            training(),
            [
                Action::Report(progress(1064, vec![(1032, 1.4), (1064, f32::NAN)], 0.31, 0.52)),
                Action::Report(progress(1096, vec![(1096, f32::INFINITY)], 0.32, 0.53)),
                Action::Report(Report::Stopped(Stop::Diverged(f32::NAN))),
            ],
        );
        assert!(matches!(s.phase, Phase::Diverged(l) if l.is_nan()));
        // NaN cannot be drawn and is skipped; infinity is drawn at the chart's top.
        assert_eq!(
            s.loss,
            vec![(500.0, 2.0), (1000.0, 1.5), (1032.0, 1.4), (1096.0, f32::INFINITY)]
        );
        assert!(s.can_start());
    }

    #[test]
    fn reset_says_what_it_threw_away_and_ignores_late_reports() {
        // Reset during a paused run's evaluation: both are thrown away.
        let s = run(
            training(),
            [Action::Report(Report::Paused), Action::EvaluateSent, Action::ResetSent],
        );
        assert_eq!(s.phase, Phase::Idle);
        assert_eq!(
            s.notice,
            Some(Notice::Reset { examples: 1000, accuracy: Some(0.8), evaluation: true })
        );
        assert!(s.loss.is_empty() && s.test.is_empty());
        assert!(!s.can_start(), "until the worker confirms");
        // The evaluation arrives after the reset: dropped.
        let s = run(s, [Action::Report(evaluation()), Action::Report(Report::WasReset)]);
        assert!(s.eval.is_none());
        assert!(s.can_start());
        // Reset of an evaluation of the pretrained weights only: says so.
        let s = run(ready(), [Action::EvaluateSent, Action::ResetSent]);
        assert_eq!(s.notice, Some(Notice::Reset { examples: 0, accuracy: None, evaluation: true }));
        // Progress in flight when the student reset: not drawn.
        let s = run(
            training(),
            [Action::ResetSent, Action::Report(progress(2000, vec![(2000, 1.0)], 1.0, 1.0))],
        );
        assert!(s.loss.is_empty());
        assert_eq!(s.seen, 0);
    }

    #[test]
    fn refused_settings_block_the_start() {
        let s = run(ready(), [Action::Edit(Field::LearningRate, "abc".into())]);
        assert!(!s.can_start());
        let s = run(s, [Action::Edit(Field::LearningRate, "0,01".into())]);
        assert!(s.can_start());
        let s = run(s, [Action::Edit(Field::BatchSize, "0".into())]);
        assert!(!s.can_start());
    }

    #[test]
    fn time_left_counts_evaluations() {
        let s = training();
        // 1,000 examples in 0.5 s of clock (0.3 s of training): 2,000/s, not 3,333/s.
        assert_eq!(s.wall_rate(), Some(2000.0));
        assert_eq!(s.seconds_left(), Some(39_000.0 / 2000.0));
        let s = run(s, [Action::Report(Report::Paused)]);
        assert_eq!(s.seconds_left(), None);
    }

    #[test]
    fn the_speed_shown_is_the_last_seconds_one() {
        // Fast at first (4,000/s for 10 s), then slow (1,000/s, e.g. the machine is busy).
        let mut actions = vec![];
        for k in 1..=20u64 {
            let (w, n) =
                if k <= 10 { (k as f64, 4000 * k) } else { (k as f64, 40_000 + 1000 * (k - 10)) };
            actions.push(Action::Report(progress(n, vec![], w / 2.0, w)));
        }
        let s = run(training(), actions);
        let r = s.wall_rate().unwrap();
        assert!((r - 1000.0).abs() < 1.0, "{r}");
        assert!(s.recent.len() <= 7, "{}", s.recent.len());
    }

    #[test]
    fn the_screen_follows_the_run_until_other_weights_are_chosen() {
        let s = run(training(), [Action::Weights(Source::Run)]);
        assert!(s.follow);
        assert_eq!(s.source, Source::Run);
        let s = run(s, [Action::Weights(Source::File)]);
        assert!(!s.follow);
        let s = run(s, [Action::ResumeSent]);
        assert!(s.follow);
    }

    #[test]
    fn a_digit_sent_to_the_pad_is_sent_again_with_a_new_revision() {
        let s = run(TrainView::default(), [Action::SendToPad(vec![0.5; 784])]);
        let first = s.pad.clone().unwrap();
        let s = run(s, [Action::SendToPad(vec![0.5; 784])]);
        assert_ne!(s.pad.unwrap().rev, first.rev);
    }

    #[test]
    fn every_run_is_recorded_once_and_follows_its_end() {
        use crate::app::training::runs::End;
        let s = training();
        assert_eq!(s.history.runs.len(), 1);
        let r = s.history.runs[0].clone();
        assert_eq!((r.id, r.seen, r.best, r.end), (1000, 1000, Some(0.8), End::Training));
        assert_eq!(
            (r.loss.len(), r.epochs, r.total),
            (2, s.draft.settings().unwrap().epochs, 40_000)
        );
        let s = run(s, [Action::Report(Report::Paused)]);
        assert_eq!(s.history.runs[0].end, End::Paused);
        let s = run(
            s,
            [
                Action::ResumeSent,
                Action::Report(Report::Resumed),
                Action::Report(progress(2000, vec![(2000, 1.0)], 0.6, 1.0)),
                Action::Report(Report::Stopped(Stop::Finished)),
            ],
        );
        let r = &s.history.runs[0];
        assert_eq!((s.history.runs.len(), r.seen, r.end), (1, 2000, End::Finished));
        assert_eq!(r.loss.len(), 3, "the progress since the last test point is kept at the end");
        // A second run, reset while it trains: kept as stopped, with what it had done.
        let s = run(
            s,
            [
                Action::StartSent(5000.0),
                Action::Report(Report::Started { total_examples: 8000 }),
                Action::Report(progress(500, vec![(500, 2.0)], 0.2, 0.3)),
                Action::ResetSent,
                Action::Report(Report::TestAccuracy {
                    examples_seen: 600,
                    train_seconds: 0.3,
                    wall_seconds: 0.4,
                    loss: 1.0,
                    accuracy: 0.5,
                }),
                Action::Report(Report::WasReset),
            ],
        );
        let r = &s.history.runs[1];
        assert_eq!((s.history.runs.len(), r.id, r.seen, r.end), (2, 5000, 500, End::Stopped));
        assert_eq!(r.best, None, "a late report of a reset run is not recorded");
        // A paused run replaced by a new one was stopped by it; a divergence says so.
        let s = run(
            s,
            [
                Action::StartSent(6000.0),
                Action::Report(Report::Started { total_examples: 8000 }),
                Action::Report(progress(100, vec![(100, 2.0)], 0.1, 0.1)),
                Action::Report(Report::Paused),
                Action::StartSent(7000.0),
                Action::Report(Report::Started { total_examples: 8000 }),
                Action::Report(progress(64, vec![(64, f32::INFINITY)], 0.1, 0.1)),
                Action::Report(Report::Stopped(Stop::Diverged(f32::INFINITY))),
            ],
        );
        let ends: Vec<End> = s.history.runs.iter().map(|r| r.end).collect();
        assert_eq!(ends, [End::Finished, End::Stopped, End::Stopped, End::Diverged]);
        // Forgotten, taken back.
        let gone: Vec<_> = s.history.runs[1..3].to_vec();
        let s = run(s, [Action::Forget(vec![5000, 6000])]);
        assert_eq!(s.history.runs.len(), 2);
        let s = run(s, [Action::Remember(gone)]);
        assert_eq!(
            s.history.runs.iter().map(|r| r.id).collect::<Vec<_>>(),
            [1000, 5000, 6000, 7000]
        );
    }

    #[test]
    fn storage_refusals_are_said_and_cleared_by_a_success() {
        let s = run(TrainView::default(), [Action::SavedWeights(None)]);
        assert_eq!(s.notice, Some(Notice::SaveFailed));
        let saved = Saved { at_ms: 1.0, accuracy: Some(0.97), examples: 40_000 };
        let s = run(s, [Action::SavedWeights(Some(saved))]);
        assert_eq!((s.notice, s.saved), (None, Some(saved)));
    }
}
