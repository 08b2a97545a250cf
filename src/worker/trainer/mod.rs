//! The worker's training session around [`nn::Trainer`](crate::nn::Trainer): commands in, reports out, training
//! in time-boxed slices so that a pause or a new setting is handled between two slices.
//! No browser API here (the clock is passed in), so it is tested natively.
//!
//! This file holds the session and its commands; running a slice, the helpers' pool,
//! progress reports and test evaluations have a file each.

mod eval;
mod helpers;
mod progress;
mod slice;
#[cfg(test)]
mod test_util;

use super::protocol::{Command, DataFailure, OwnData, Report, Settings, WorkerError};
use crate::data::{Mnist, Split};
use crate::nn::io::WeightsError;
use crate::nn::{Sequential, Trainer, rng_from_seed};
use eval::evaluate_digits;
use progress::{RunFigures, Slice, progress};

// The old paths (`trainer::Pool`, `trainer::next_eval`…) stay valid.
pub use eval::next_eval;
pub use helpers::{NoHelpers, Pool};
pub use progress::PROGRESS_EVERY_S;
pub use slice::{EXPLODED_LOSS, WEIGHTS_EVERY_S};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RunState {
    Idle,
    Running,
    Paused,
    /// Finished or diverged: only a new start (or a reset) goes on.
    Stopped,
}

/// One student's training session in the worker.
pub struct Session {
    data: Option<Mnist>,
    trainer: Option<Trainer>,
    settings: Settings,
    state: RunState,
    examples_seen: u64,
    next_eval_at: u64,
    train_seconds: f64,
    /// Clock seconds of the run, evaluations and gaps between slices included.
    wall_seconds: f64,
    /// End of the last slice while running (`None` after a pause: paused time is not
    /// the run's).
    last_tick: Option<f64>,
    weights_sent_at: f64,
    /// Workers sharing the current slice's minibatches.
    workers: u32,
    /// Training not reported yet (see [`PROGRESS_EVERY_S`]) and its epoch.
    pending: Option<(Slice, u32)>,
    /// The run's clock when progress was last reported.
    progress_at: f64,
}

impl Default for Session {
    fn default() -> Self {
        Self::new()
    }
}

impl Session {
    pub fn new() -> Self {
        Session {
            data: None,
            trainer: None,
            settings: Settings::default(),
            state: RunState::Idle,
            examples_seen: 0,
            next_eval_at: 0,
            train_seconds: 0.0,
            wall_seconds: 0.0,
            last_tick: None,
            weights_sent_at: f64::NEG_INFINITY,
            workers: 1,
            pending: None,
            progress_at: f64::NEG_INFINITY,
        }
    }

    pub fn state(&self) -> RunState {
        self.state
    }

    pub fn is_running(&self) -> bool {
        self.state == RunState::Running
    }

    /// The settings of the current (or last) run.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    pub fn has_data(&self) -> bool {
        self.data.is_some()
    }

    /// The digits file, as fetched by the worker.
    pub fn set_data_bytes(&mut self, bytes: &[u8]) -> Report {
        match Mnist::from_bytes(bytes) {
            Ok(m) => self.set_data(m),
            Err(e) => Report::DataFailed(DataFailure::Format(e)),
        }
    }

    pub fn set_data(&mut self, m: Mnist) -> Report {
        let train = m.indices(Split::Train).len() as u32;
        let test = m.indices(Split::Test).len() as u32;
        self.data = Some(m);
        Report::DataLoaded { train, test }
    }

    /// A student's own set (see [`Command::UseData`]); a run in progress is forgotten.
    pub fn set_own_data(&mut self, own: OwnData) -> Report {
        let OwnData { classes, labels, pixels, held_out } = own;
        match Mnist::with_classes(28, 28, labels, pixels, classes, held_out) {
            Ok(m) => {
                self.trainer = None;
                self.state = RunState::Idle;
                self.set_data(m)
            }
            Err(e) => Report::DataFailed(DataFailure::Format(e)),
        }
    }

    fn total_examples(&self) -> u64 {
        let per_epoch = self.trainer.as_ref().map_or(0, |t| t.train_len() as u64);
        per_epoch * self.settings.epochs as u64
    }

    /// Handles one command (data loading is done by the caller, see [`Self::set_data_bytes`]).
    pub fn handle(&mut self, cmd: Command) -> Vec<Report> {
        match cmd {
            Command::Hello => {
                vec![Report::Ready { version: env!("CARGO_PKG_VERSION").to_string() }]
            }
            Command::LoadData { .. } | Command::Bye => vec![],
            Command::UseData(own) => vec![self.set_own_data(own)],
            Command::Start(settings) => self.start(settings, None),
            Command::StartFrom(settings, weights) => self.start(settings, Some(&weights)),
            Command::Pause => {
                if self.state == RunState::Running {
                    self.state = RunState::Paused;
                    self.last_tick = None;
                    let mut out: Vec<Report> = self.take_progress().into_iter().collect();
                    out.extend(self.paused_reports());
                    out
                } else {
                    vec![]
                }
            }
            Command::Resume => {
                if self.state == RunState::Paused {
                    self.state = RunState::Running;
                    vec![Report::Resumed]
                } else {
                    vec![]
                }
            }
            Command::Reset => {
                self.trainer = None;
                self.state = RunState::Idle;
                self.examples_seen = 0;
                self.train_seconds = 0.0;
                self.wall_seconds = 0.0;
                self.last_tick = None;
                self.pending = None;
                vec![Report::WasReset]
            }
            Command::SetLearningRate(lr) => {
                if !(lr.is_finite() && lr > 0.0 && lr <= 10.0) {
                    return vec![Report::Error(WorkerError::Setting("learning_rate".into()))];
                }
                self.settings.learning_rate = lr;
                if let Some(t) = self.trainer.as_mut() {
                    t.set_learning_rate(lr);
                }
                vec![]
            }
            Command::Evaluate(weights) => match self.evaluate(weights.as_deref()) {
                Ok(r) => vec![r],
                Err(e) => vec![Report::Error(e)],
            },
        }
    }

    /// A run of `settings`, from fresh weights or from `initial` (a weights file of the same
    /// network).
    fn start(&mut self, settings: Settings, initial: Option<&[u8]>) -> Vec<Report> {
        // The page has said why already; the worker names the field it refused.
        if let Err((field, _why)) = settings.validate() {
            return vec![Report::Error(WorkerError::Setting(field.into()))];
        }
        let Some(data) = self.data.clone() else {
            return vec![Report::Error(WorkerError::DigitsNotLoaded)];
        };
        let mut rng = rng_from_seed(settings.seed);
        let mut model = match settings.arch.build_classes(settings.classes as usize, &mut rng) {
            Ok(m) => m,
            Err(e) => return vec![Report::Error(WorkerError::Nn(e))],
        };
        if let Some(bytes) = initial {
            match Sequential::<f32>::from_weights(bytes) {
                Ok(m) if m.configs() == model.configs() => {
                    if let Err(e) = model.set_flat_params(&m.flat_params()) {
                        return vec![Report::Error(WorkerError::Nn(e))];
                    }
                }
                Ok(_) => {
                    return vec![Report::Error(WorkerError::Weights(
                        WeightsError::BadArchitecture(None),
                    ))];
                }
                Err(e) => return vec![Report::Error(WorkerError::Weights(e))],
            }
        }
        let built = Trainer::new(model, data, settings.trainer_config());
        match built {
            Ok(t) => {
                self.trainer = Some(t);
                self.settings = settings;
                self.state = RunState::Running;
                self.examples_seen = 0;
                self.train_seconds = 0.0;
                self.wall_seconds = 0.0;
                self.last_tick = None;
                self.next_eval_at = self.settings.eval_every as u64;
                self.pending = None;
                self.progress_at = f64::NEG_INFINITY;
                vec![Report::Started { total_examples: self.total_examples() }]
            }
            Err(e) => vec![Report::Error(WorkerError::Nn(e))],
        }
    }

    /// Adds `part` to the training not reported yet.
    fn hold(&mut self, part: Slice, epoch: u32) {
        match &mut self.pending {
            Some((p, e)) => {
                p.absorb(part);
                *e = epoch;
            }
            None => self.pending = Some((part, epoch)),
        }
    }

    /// The progress report of the training not reported yet, if any.
    fn take_progress(&mut self) -> Option<Report> {
        let (part, epoch) = self.pending.take()?;
        let run = RunFigures {
            examples_seen: self.examples_seen,
            total_examples: self.total_examples(),
            workers: self.workers,
            train_seconds: self.train_seconds,
        };
        Some(progress(part, epoch, &run, self.trainer.as_ref()))
    }

    /// The weights first, so that the page holds them when it hears "paused" (it keeps
    /// them in the browser then).
    fn paused_reports(&self) -> Vec<Report> {
        let mut out = Vec::new();
        if let Some(t) = &self.trainer {
            out.push(Report::Weights(t.model().save_weights()));
        }
        out.push(Report::Paused);
        out
    }

    /// Evaluates `weights`, or the run's network: the run itself is left as it was (an
    /// evaluation of the pretrained weights must not create a paused run).
    fn evaluate(&mut self, weights: Option<&[u8]>) -> Result<Report, WorkerError> {
        let data = self.data.as_ref().ok_or(WorkerError::DigitsNotLoaded)?;
        match weights {
            Some(bytes) => {
                let mut model =
                    Sequential::<f32>::from_weights(bytes).map_err(WorkerError::Weights)?;
                evaluate_digits(&mut model, data)
            }
            None => {
                let t = self.trainer.as_mut().ok_or(WorkerError::NoNetwork)?;
                evaluate_digits(t.model_mut(), data)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::test_util::{digits, settings};
    use super::*;

    #[test]
    fn start_needs_the_digits_and_valid_settings() {
        let mut s = Session::new();
        assert!(matches!(s.handle(Command::Start(settings()))[..], [Report::Error(_)]));
        s.set_data(digits(50));
        let bad = Settings { learning_rate: f32::NAN, ..settings() };
        assert!(matches!(s.handle(Command::Start(bad))[..], [Report::Error(_)]));
        assert_eq!(s.state(), RunState::Idle);
        assert_eq!(
            s.handle(Command::Start(settings())),
            vec![Report::Started { total_examples: 80 }]
        );
        assert!(s.is_running());
    }

    /// A student's own set replaces the digits: a network of as many outputs as classes
    /// trains on it, the digits' network is refused, and its evaluation has one
    /// probability per class (the others zero).
    #[test]
    fn a_run_trains_on_a_students_own_classes() {
        let mut s = Session::new();
        s.set_data(digits(50));
        let n = 12;
        let own = OwnData {
            classes: 3,
            labels: (0..n).map(|i| (i % 3) as u8).collect(),
            pixels: (0..n * 784).map(|i| ((i / 784 % 3) * 100 + i % 7) as u8).collect(),
            held_out: (0..n).map(|i| i >= 9).collect(),
        };
        let bad = OwnData { labels: vec![5; n], ..own.clone() };
        assert!(matches!(s.handle(Command::UseData(bad))[..], [Report::DataFailed(_)]));
        assert_eq!(s.handle(Command::UseData(own)), vec![Report::DataLoaded { train: 9, test: 3 }]);
        let ten = Settings { epochs: 1, ..settings() };
        assert!(matches!(s.handle(Command::Start(ten.clone()))[..], [Report::Error(_)]));
        let three = Settings { classes: 3, arch: ten.arch.with_classes(3), ..ten };
        assert_eq!(s.handle(Command::Start(three)), vec![Report::Started { total_examples: 9 }]);
        match &s.handle(Command::Evaluate(None))[..] {
            [Report::Evaluation { digits, confusion, .. }] => {
                assert_eq!(digits.len(), 3);
                assert!(digits.iter().all(|d| d.probs[3..].iter().all(|&p| p == 0.0)));
                assert!((digits[0].probs[..3].iter().sum::<f32>() - 1.0).abs() < 1e-4);
                assert_eq!(confusion.iter().flatten().sum::<u32>(), 3);
            }
            r => panic!("{r:?}"),
        }
    }

    #[test]
    fn a_run_can_start_from_the_weights_on_screen() {
        let mut s = Session::new();
        s.set_data(digits(50));
        let arch = settings().arch;
        let given: Sequential<f32> = arch.build(&mut rng_from_seed(99)).unwrap();
        let bytes = given.save_weights();
        assert_eq!(
            s.handle(Command::StartFrom(settings(), bytes)),
            vec![Report::Started { total_examples: 80 }]
        );
        let t = s.trainer.as_ref().unwrap();
        assert_eq!(t.model().flat_params(), given.flat_params(), "the run starts from them");
        // Weights of another network are refused; no run starts.
        let mut s = Session::new();
        s.set_data(digits(50));
        let other = crate::nn::Preset::DenseOnly
            .architecture()
            .build::<f32>(&mut rng_from_seed(1))
            .unwrap();
        let r = s.handle(Command::StartFrom(settings(), other.save_weights()));
        assert!(matches!(r[..], [Report::Error(WorkerError::Weights(_))]), "{r:?}");
        assert!(!s.is_running());
    }
}
