//! The run on the student's own set, as the page holds it: plain data and a reducer, tested
//! natively. The worker's reports arrive here (`train.rs` holds the bridge).

use std::rc::Rc;

use yew::prelude::*;

use crate::app::training::series::Thin;
use crate::app::training::state::Eval;
use crate::nn::dataset::DataSet;
use crate::worker::protocol::{DataFailure, Report, Stop, WorkerError};

#[derive(Clone, Copy, PartialEq, Debug, Default)]
pub enum RunPhase {
    /// No run yet (a network may still be on screen, from a file).
    #[default]
    Idle,
    /// Train was pressed: the worker is starting or reading the set.
    Starting,
    Training,
    Paused,
    Finished,
    /// The loss exploded (its value).
    Diverged(f32),
    /// The page was left during the run: the worker's session ended with it, the network
    /// keeps what it had learned.
    Left,
}

/// What went wrong, typed so that the page says it in the student's language.
#[derive(Clone, PartialEq, Debug)]
pub enum Problem {
    Worker(WorkerError),
    Data(DataFailure),
    /// The worker's script did not answer.
    WorkerDown,
}

/// A short fingerprint of a set's shape (names, counts, held-out share): the page says when
/// the set changed after the network on screen learned it. Cheap enough for every render.
pub fn fingerprint(set: &DataSet) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |bytes: &[u8]| {
        for &b in bytes {
            h = (h ^ b as u64).wrapping_mul(0x100_0000_01b3);
        }
    };
    eat(&[set.held_out]);
    for c in &set.classes {
        eat(c.name.as_bytes());
        eat(&(c.examples.len() as u32).to_le_bytes());
        // The last example too: deleting one and drawing another keeps the count.
        if let Some(e) = c.examples.last() {
            eat(e);
        }
    }
    h
}

#[derive(Clone, PartialEq, Debug, Default)]
pub struct RunView {
    pub phase: RunPhase,
    pub seen: u64,
    pub total: u64,
    pub epoch: u32,
    pub examples_per_s: f32,
    pub loss: Vec<(f32, f32)>,
    pub acc: Vec<(f32, f32)>,
    /// Held-out accuracy, as the run goes.
    pub test: Vec<(f32, f32)>,
    thin_loss: Thin,
    thin_acc: Thin,
    pub eval: Option<Rc<Eval>>,
    pub evaluating: bool,
    /// The classes of the network on screen, in output order (empty: no network).
    pub names: Rc<Vec<String>>,
    /// Bumped when the network on screen changes (new weights from the run or a file).
    pub weights_rev: u32,
    /// The set the network learned (its [`fingerprint`]); `None` for a network from a file.
    pub trained_on: Option<u64>,
    pub problem: Option<Problem>,
}

// An action lives for one dispatch and is moved, never stored: boxing the report buys nothing.
#[allow(clippy::large_enum_variant)]
pub enum RunAction {
    /// Train was pressed: the set's classes and fingerprint.
    Starting {
        names: Vec<String>,
        fingerprint: u64,
    },
    Report(Report),
    /// The run's newest weights are on screen.
    Weights,
    /// A network file is on screen, with its classes.
    Loaded(Vec<String>),
    Evaluating,
    /// The worker stopped or its script did not answer.
    WorkerDown,
    /// No answer from the worker `WORKER_TIMEOUT_MS` after Train (only while starting).
    StartTimedOut,
    /// The page was left (the worker's session ends).
    Left,
}

impl RunView {
    pub fn running(&self) -> bool {
        matches!(self.phase, RunPhase::Starting | RunPhase::Training)
    }

    pub fn has_network(&self) -> bool {
        !self.names.is_empty()
    }

    fn apply(&mut self, r: Report) {
        match r {
            Report::Started { total_examples } => {
                let names = std::mem::take(&mut self.names);
                let (trained_on, rev) = (self.trained_on, self.weights_rev);
                *self = RunView {
                    phase: RunPhase::Training,
                    total: total_examples,
                    names,
                    trained_on,
                    weights_rev: rev,
                    ..RunView::default()
                };
            }
            Report::Progress(p) if self.phase == RunPhase::Training => {
                self.seen = p.examples_seen;
                self.total = p.total_examples.max(self.total);
                self.epoch = p.epoch;
                self.examples_per_s = p.examples_per_s;
                for (x, l) in p.losses {
                    self.thin_loss.push(&mut self.loss, (x as f32, l));
                }
                self.thin_acc.push(&mut self.acc, (p.examples_seen as f32, p.accuracy));
            }
            Report::TestAccuracy { examples_seen, accuracy, .. }
                if self.phase == RunPhase::Training =>
            {
                self.test.push((examples_seen as f32, accuracy));
            }
            Report::Paused if self.phase == RunPhase::Training => self.phase = RunPhase::Paused,
            Report::Resumed if self.phase == RunPhase::Paused => self.phase = RunPhase::Training,
            Report::Stopped(Stop::Finished) => self.phase = RunPhase::Finished,
            Report::Stopped(Stop::Diverged(l)) => self.phase = RunPhase::Diverged(l),
            Report::Evaluation { accuracy, confusion, digits } => {
                self.evaluating = false;
                self.eval = Some(Rc::new(Eval { accuracy, confusion, digits }));
            }
            Report::DataFailed(e) => {
                self.problem = Some(Problem::Data(e));
                if self.phase == RunPhase::Starting {
                    self.phase = RunPhase::Idle;
                }
            }
            Report::Error(e) => {
                self.problem = Some(Problem::Worker(e));
                self.evaluating = false;
                if self.phase == RunPhase::Starting {
                    self.phase = RunPhase::Idle;
                }
            }
            _ => {}
        }
    }
}

impl Reducible for RunView {
    type Action = RunAction;

    fn reduce(self: Rc<Self>, action: RunAction) -> Rc<Self> {
        let mut v = (*self).clone();
        match action {
            RunAction::Starting { names, fingerprint } => {
                v.phase = RunPhase::Starting;
                v.names = Rc::new(names);
                v.trained_on = Some(fingerprint);
                v.problem = None;
                v.eval = None;
            }
            RunAction::Report(r) => v.apply(r),
            RunAction::Weights => v.weights_rev = v.weights_rev.wrapping_add(1),
            RunAction::Loaded(names) => {
                // A network from a file has no run behind it: the last run's line and
                // curves would describe another network.
                v = RunView {
                    names: Rc::new(names),
                    weights_rev: v.weights_rev.wrapping_add(1),
                    ..RunView::default()
                };
            }
            RunAction::Evaluating => {
                v.evaluating = true;
                v.problem = None;
            }
            RunAction::WorkerDown => {
                v.problem = Some(Problem::WorkerDown);
                v.evaluating = false;
                if v.running() || v.phase == RunPhase::Paused {
                    v.phase = if v.seen > 0 { RunPhase::Left } else { RunPhase::Idle };
                }
            }
            RunAction::StartTimedOut => {
                if v.phase == RunPhase::Starting {
                    v.problem = Some(Problem::WorkerDown);
                    v.phase = RunPhase::Idle;
                }
            }
            RunAction::Left => {
                if matches!(v.phase, RunPhase::Starting | RunPhase::Training | RunPhase::Paused) {
                    v.phase = if v.seen > 0 { RunPhase::Left } else { RunPhase::Idle };
                }
                v.evaluating = false;
            }
        }
        Rc::new(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::worker::protocol::Progress;

    fn progress(seen: u64) -> Report {
        Report::Progress(Progress {
            examples_seen: seen,
            total_examples: 900,
            epoch: 2,
            loss: 0.5,
            accuracy: 0.8,
            examples_per_s: 4000.0,
            workers: 1,
            train_seconds: 0.1,
            wall_seconds: 0.1,
            losses: vec![(seen - 16, 0.6), (seen, 0.5)],
            dropped: vec![],
        })
    }

    fn step(v: Rc<RunView>, a: RunAction) -> Rc<RunView> {
        v.reduce(a)
    }

    #[test]
    fn a_run_goes_from_train_to_its_evaluation() {
        let mut v = Rc::new(RunView::default());
        assert!(!v.has_network());
        v = step(v, RunAction::Starting { names: vec!["a".into(), "b".into()], fingerprint: 7 });
        assert_eq!(v.phase, RunPhase::Starting);
        // Progress before the run started is not drawn.
        v = step(v, RunAction::Report(progress(32)));
        assert!(v.loss.is_empty());
        v = step(v, RunAction::Report(Report::Started { total_examples: 900 }));
        // A late timeout of the start does nothing to a run under way.
        v = step(v, RunAction::StartTimedOut);
        assert!(v.problem.is_none());
        assert_eq!(
            (v.phase, v.total, v.names.len(), v.trained_on),
            (RunPhase::Training, 900, 2, Some(7))
        );
        v = step(v, RunAction::Report(progress(64)));
        assert_eq!((v.seen, v.loss.len(), v.acc.len()), (64, 2, 1));
        v = step(
            v,
            RunAction::Report(Report::TestAccuracy {
                examples_seen: 64,
                train_seconds: 0.1,
                wall_seconds: 0.1,
                loss: 0.4,
                accuracy: 0.75,
            }),
        );
        assert_eq!(v.test, [(64.0, 0.75)]);
        v = step(v, RunAction::Report(Report::Paused));
        assert_eq!(v.phase, RunPhase::Paused);
        v = step(v, RunAction::Report(Report::Resumed));
        v = step(v, RunAction::Report(Report::Stopped(Stop::Finished)));
        assert_eq!(v.phase, RunPhase::Finished);
        v = step(v, RunAction::Evaluating);
        assert!(v.evaluating);
        v = step(
            v,
            RunAction::Report(Report::Evaluation {
                accuracy: 0.9,
                confusion: [[1; 10]; 10],
                digits: vec![],
            }),
        );
        assert!(!v.evaluating && v.eval.as_ref().is_some_and(|e| e.accuracy == 0.9));
        // A new run forgets the evaluation and the curves, keeps the classes.
        v = step(v, RunAction::Starting { names: vec!["a".into(), "b".into()], fingerprint: 8 });
        assert!(v.eval.is_none());
        v = step(v, RunAction::Report(Report::Started { total_examples: 300 }));
        assert!(v.loss.is_empty() && v.test.is_empty() && v.trained_on == Some(8));
    }

    #[test]
    fn a_refused_start_and_a_left_page_say_where_the_run_is() {
        let mut v = Rc::new(RunView::default());
        v = step(v, RunAction::Starting { names: vec!["a".into(), "b".into()], fingerprint: 1 });
        v = step(v, RunAction::Report(Report::Error(WorkerError::DigitsNotLoaded)));
        assert_eq!(v.phase, RunPhase::Idle);
        assert_eq!(v.problem, Some(Problem::Worker(WorkerError::DigitsNotLoaded)));
        v = step(v, RunAction::Starting { names: vec!["a".into(), "b".into()], fingerprint: 1 });
        assert!(v.problem.is_none());
        v = step(v, RunAction::Report(Report::Started { total_examples: 300 }));
        v = step(v, RunAction::Report(progress(64)));
        v = step(v, RunAction::Left);
        assert_eq!(v.phase, RunPhase::Left);
        v = step(v, RunAction::Loaded(vec!["x".into(), "y".into(), "z".into()]));
        assert_eq!((v.names.len(), v.trained_on), (3, None));
        assert_eq!(v.phase, RunPhase::Idle, "the run's line is not the file's");
        assert!(v.loss.is_empty() && v.test.is_empty() && v.seen == 0);
    }

    #[test]
    fn the_fingerprint_follows_names_counts_share_and_the_newest_example() {
        use crate::nn::dataset::Class;
        let set = |name: &str, px: u8, n: usize, held: u8| DataSet {
            classes: vec![
                Class { name: name.into(), examples: vec![vec![px; 784]; n] },
                Class { name: "b".into(), examples: vec![vec![1; 784]; 3] },
            ],
            held_out: held,
        };
        let f = fingerprint(&set("a", 0, 3, 20));
        assert_eq!(f, fingerprint(&set("a", 0, 3, 20)));
        for other in
            [set("c", 0, 3, 20), set("a", 9, 3, 20), set("a", 0, 4, 20), set("a", 0, 3, 30)]
        {
            assert_ne!(f, fingerprint(&other));
        }
    }
}
