//! Messages between the page and the training worker. Plain data (numbers, bytes), so they
//! cross the worker boundary through yew-agent's bincode codec and are tested natively.

use serde::{Deserialize, Serialize};

use crate::data::DataError;
use crate::nn::dataset::DataSet;
use crate::nn::io::WeightsError;
use crate::nn::{Architecture, NnError, OptimizerConfig, TrainerConfig};

/// The optimiser a student picks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Optim {
    Sgd,
    Momentum,
    Adam,
}

/// Everything that defines a training run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    pub optimizer: Optim,
    pub learning_rate: f32,
    pub batch_size: u32,
    pub epochs: u32,
    /// The network (its text crosses the worker boundary: `nn::arch::text`).
    pub arch: Architecture,
    pub seed: u64,
    /// Random shifts of up to ±`shift` pixels (data augmentation).
    pub shift: u32,
    /// The first test evaluations (2,000 digits) come every this many training examples,
    /// then further apart ([`super::trainer::next_eval`]).
    pub eval_every: u32,
    /// Workers that share each minibatch (data-parallel training), 1 to [`MAX_WORKERS`].
    pub workers: u32,
    /// Classes the network tells apart: 10 digits, or a student's own 2 to 10 (the page
    /// sends the set first with [`Command::UseData`]).
    pub classes: u32,
}

/// A student's own data set as the worker trains on it (`nn::dataset::DataSet::to_digits`):
/// 28×28 examples, their class, and which ones are held out.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OwnData {
    pub classes: u8,
    pub labels: Vec<u8>,
    /// `labels.len()` × 784 grey levels.
    pub pixels: Vec<u8>,
    pub held_out: Vec<bool>,
}

impl OwnData {
    /// The set as the worker reads it: examples in class order, held out as
    /// [`DataSet::held_out_mask`] says (the same split as [`DataSet::to_digits`]).
    pub fn from_set(set: &DataSet) -> OwnData {
        let n = set.len();
        let (mut labels, mut pixels, mut held_out) =
            (Vec::with_capacity(n), Vec::with_capacity(n * 784), Vec::with_capacity(n));
        for (k, c) in set.classes.iter().enumerate() {
            held_out.extend(DataSet::held_out_mask(c.examples.len(), set.held_out));
            for e in &c.examples {
                labels.push(k as u8);
                pixels.extend_from_slice(e);
            }
        }
        OwnData { classes: set.classes.len() as u8, labels, pixels, held_out }
    }
}

/// At most this many training workers (more would not pay for their messages on LeNet).
pub const MAX_WORKERS: u32 = 8;

/// The default number of training workers: one per core the browser reports, less one for
/// the page itself, between 1 and [`MAX_WORKERS`] (`None`: the browser does not say).
pub fn default_workers(hardware_concurrency: Option<f64>) -> u32 {
    match hardware_concurrency {
        Some(c) if c.is_finite() && c >= 1.0 => {
            ((c as u32).saturating_sub(1)).clamp(1, MAX_WORKERS)
        }
        _ => 1,
    }
}

impl Default for Settings {
    /// The course's LeNet with Adam, batch 32, average pooling, no dropout, and two
    /// choices made for a lesson's time: a learning rate of 3e-3 (Keras's default is
    /// 1e-3) and random shifts of ±2 px. On these 8,000 digits (`cargo xtask train`,
    /// seeds 1–3) the first test accuracy of 98 % comes after 5–7 epochs instead of 10–16
    /// at 1e-3; without shifts it reaches 98 % only in passing (one epoch on two seeds of
    /// three) and ends near 97.3 %, having learnt its digits by heart.
    fn default() -> Self {
        Settings {
            optimizer: Optim::Adam,
            learning_rate: 3e-3,
            batch_size: 32,
            epochs: 5,
            arch: Architecture::default(),
            seed: 1,
            shift: 2,
            eval_every: 1000,
            workers: 1,
            classes: 10,
        }
    }
}

impl Settings {
    /// Checks the numbers a student typed; the message names the field.
    ///
    /// # Errors
    /// The first setting out of range, as `(field, reason)`.
    pub fn validate(&self) -> Result<(), (&'static str, String)> {
        let lr = self.learning_rate;
        if !(lr.is_finite() && lr > 0.0 && lr <= 10.0) {
            return Err(("learning_rate", format!("{lr}: between 0 (excluded) and 10")));
        }
        if !(1..=512).contains(&self.batch_size) {
            return Err(("batch_size", format!("{}: between 1 and 512", self.batch_size)));
        }
        if !(1..=100).contains(&self.epochs) {
            return Err(("epochs", format!("{}: between 1 and 100", self.epochs)));
        }
        if !(2..=10).contains(&self.classes) {
            return Err(("classes", format!("{}: between 2 and 10", self.classes)));
        }
        if let Some(f) = self.arch.plan_classes(self.classes as usize).failure {
            return Err(("arch", format!("layer {}: {}", f.index + 1, f.error)));
        }
        if self.shift > 4 {
            return Err(("shift", format!("{}: between 0 and 4 pixels", self.shift)));
        }
        if !(1..=MAX_WORKERS).contains(&self.workers) {
            return Err(("workers", format!("{}: between 1 and {MAX_WORKERS}", self.workers)));
        }
        if self.eval_every == 0 {
            return Err(("eval_every", "at least 1".into()));
        }
        Ok(())
    }

    pub fn trainer_config(&self) -> TrainerConfig {
        let lr = self.learning_rate;
        TrainerConfig {
            batch_size: self.batch_size as usize,
            optimizer: match self.optimizer {
                Optim::Sgd => OptimizerConfig::sgd(lr, 0.0),
                Optim::Momentum => OptimizerConfig::sgd(lr, 0.9),
                Optim::Adam => OptimizerConfig::adam(lr),
            },
            seed: self.seed,
            shift: self.shift as usize,
            train_limit: None,
        }
    }
}

/// Page → worker.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Command {
    /// Health check: answered by [`Report::Ready`].
    Hello,
    /// Fetch the digits file. The URLs are absolute: the worker runs from a `blob:` URL, so a
    /// relative one would not resolve against the site. `worker_js`: the worker's own
    /// script, from which it starts its helpers when a run asks for several workers.
    LoadData {
        url: String,
        worker_js: String,
    },
    /// Train on a student's own data set instead of the digits (until the next
    /// [`Command::LoadData`]); answered by [`Report::DataLoaded`] or [`Report::DataFailed`].
    UseData(OwnData),
    /// A fresh network (initialised from `settings.seed`), then train.
    Start(Settings),
    /// The network of `settings` starting from these weights (a weights file of the same
    /// network: the one on screen, brought from a file or Keras), then train.
    StartFrom(Settings, Vec<u8>),
    Pause,
    Resume,
    /// Forget the run (the page goes back to the pretrained weights).
    Reset,
    /// Change the learning rate of the current run.
    SetLearningRate(f32),
    /// Confusion matrix and per-digit probabilities on the test split, of these weights
    /// (the `nn::io` format: the page's pretrained, loaded or restored network) or, with
    /// `None`, of the run's own network. Never changes the run.
    Evaluate(Option<Vec<u8>>),
    /// The page is leaving: end this session (frees the digits and the network).
    Bye,
}

/// Why training stopped by itself.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum Stop {
    /// Every epoch done.
    Finished,
    /// The loss became NaN/infinite or exploded (the value, NaN included).
    Diverged(f32),
}

/// Training progress over one slice of steps.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    pub examples_seen: u64,
    pub total_examples: u64,
    pub epoch: u32,
    /// Mean minibatch loss and accuracy over the slice.
    pub loss: f32,
    pub accuracy: f32,
    /// Training speed over the slice (evaluations excluded).
    pub examples_per_s: f32,
    /// Workers that shared the slice's minibatches (the trainer and its helpers).
    pub workers: u32,
    /// Seconds spent training so far (evaluations excluded: what the benchmark measures).
    pub train_seconds: f64,
    /// Clock seconds of the run so far, evaluations and the worker's own pauses between
    /// slices included (pauses asked by the student excluded): what the student waits.
    pub wall_seconds: f64,
    /// The loss of every step of the slice, as `(examples seen after it, loss)`: the
    /// chart keeps its points even when a step explodes (that one may be NaN or huge).
    pub losses: Vec<(u64, f32)>,
    /// Dense-layer dropout mask of the first digit of the last minibatch, per dropout layer:
    /// `true` where the unit was dropped. Empty without dropout.
    pub dropped: Vec<Vec<bool>>,
}

/// One digit of the test split as the model sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TestDigit {
    /// Index in the digits file.
    pub index: u32,
    pub label: u8,
    /// 28×28 grey levels, 0–255.
    pub pixels: Vec<u8>,
    pub probs: [f32; 10],
}

impl TestDigit {
    pub fn predicted(&self) -> u8 {
        let mut best = 0;
        for (k, &p) in self.probs.iter().enumerate() {
            if p > self.probs[best] {
                best = k;
            }
        }
        best as u8
    }
}

/// Why the digits are missing: the page says it in the student's language.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum DataFailure {
    /// The network or the server refused the file (the detail is for the console).
    Fetch(String),
    /// The file arrived but is not a digits file (the core's error, typed).
    Format(DataError),
    /// This browser cannot inflate the file (no `DecompressionStream`: Firefox before 113,
    /// Safari before 16.4): a newer browser is the remedy, not the network.
    OldBrowser,
}

/// Why the worker could not carry out a command, typed so that the page says it in the
/// student's language (`app::i18n::errors::worker_error`); the run is unchanged.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum WorkerError {
    /// The core refused (a model or a batch it cannot build).
    Nn(NnError),
    /// Weights sent to be evaluated were refused.
    Weights(WeightsError),
    /// A setting out of range (the page checks first: this is the worker's own guard), with
    /// the field's name.
    Setting(String),
    /// The digits have not arrived yet.
    DigitsNotLoaded,
    /// An evaluation of "the run's network" before any run.
    NoNetwork,
    /// The helper workers of a multi-worker run could not start (nothing was trained).
    HelpersDidNotStart,
    /// A helper worker died during the run: the run is paused with its last weights.
    HelperDied,
    /// A helper worker did not answer within [`HELPER_TIMEOUT_S`] seconds: paused likewise.
    HelperStalled,
}

/// A helper that has not answered a step by then is stalled.
pub const HELPER_TIMEOUT_S: u32 = 10;

impl WorkerError {
    /// Every variant once: the translations are tested against it.
    pub fn samples() -> Vec<WorkerError> {
        vec![
            WorkerError::Nn(NnError::ZeroBatch),
            WorkerError::Weights(WeightsError::BadMagic),
            WorkerError::Setting("learning_rate".into()),
            WorkerError::DigitsNotLoaded,
            WorkerError::NoNetwork,
            WorkerError::HelpersDidNotStart,
            WorkerError::HelperDied,
            WorkerError::HelperStalled,
        ]
    }
}

/// Worker → page.
// The confusion matrix makes `Evaluation` large; reports are moved once, boxing gains nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Report {
    Ready {
        version: String,
    },
    DataLoaded {
        train: u32,
        test: u32,
    },
    /// The digits could not be fetched or read.
    DataFailed(DataFailure),
    Started {
        total_examples: u64,
    },
    Progress(Progress),
    TestAccuracy {
        examples_seen: u64,
        train_seconds: f64,
        wall_seconds: f64,
        loss: f32,
        accuracy: f32,
    },
    /// Current weights (the `nn::io` format) for the page's own forward passes.
    Weights(Vec<u8>),
    Paused,
    Resumed,
    Stopped(Stop),
    WasReset,
    Evaluation {
        accuracy: f32,
        confusion: [[u32; 10]; 10],
        digits: Vec<TestDigit>,
    },
    /// A command that could not be carried out; the run is unchanged.
    Error(WorkerError),
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Through the same codec as yew-agent's worker bridge (bincode 2, standard config).
    fn round_trip<T: Serialize + for<'de> Deserialize<'de>>(v: &T) -> T {
        let bytes = bincode::serde::encode_to_vec(v, bincode::config::standard()).unwrap();
        bincode::serde::decode_from_slice(&bytes, bincode::config::standard()).unwrap().0
    }

    #[test]
    fn messages_survive_the_worker_codec() {
        let cmds = [
            Command::Hello,
            Command::LoadData {
                url: "http://127.0.0.1:8080/static/data/mnist10k.bin".into(),
                worker_js: "http://127.0.0.1:8080/worker.js".into(),
            },
            Command::Start(Settings {
                arch: Architecture::default()
                    .with_pooling(crate::nn::PoolKind::Max)
                    .with_dense_dropout(Some(0.25)),
                workers: 3,
                ..Settings::default()
            }),
            Command::SetLearningRate(0.05),
            Command::Evaluate(Some(vec![1, 2, 3])),
            Command::Evaluate(None),
        ];
        for c in cmds {
            assert_eq!(round_trip(&c), c);
        }
        let reports = [
            Report::Progress(Progress {
                examples_seen: 1000,
                total_examples: 40_000,
                epoch: 0,
                loss: f32::NAN.max(0.3),
                accuracy: 0.9,
                examples_per_s: 3000.5,
                workers: 2,
                train_seconds: 0.33,
                wall_seconds: 0.5,
                losses: vec![(32, 2.3), (64, f32::INFINITY)],
                dropped: vec![vec![true, false]],
            }),
            Report::Stopped(Stop::Diverged(f32::INFINITY)),
            Report::DataFailed(DataFailure::Fetch("HTTP 404".into())),
            // Core errors cross the worker boundary typed (the page translates them).
            Report::DataFailed(DataFailure::Format(DataError::Corrupt("checksum".into()))),
            Report::Error(WorkerError::Nn(
                NnError::WindowTooLarge { window: 3, input: 2 }.in_layer(1, "Conv2D"),
            )),
            Report::Error(WorkerError::Weights(WeightsError::BadArchitecture(Some(
                NnError::DropoutRate(1.0),
            )))),
            Report::Error(WorkerError::DigitsNotLoaded),
            Report::Evaluation {
                accuracy: 0.5,
                confusion: [[3; 10]; 10],
                digits: vec![TestDigit {
                    index: 4,
                    label: 7,
                    pixels: vec![0; 784],
                    probs: [0.1; 10],
                }],
            },
        ];
        for r in reports {
            assert_eq!(round_trip(&r), r);
        }
    }

    /// The worker's copy of a set has its examples in class order and the core's split.
    #[test]
    fn own_data_is_the_set_in_class_order_with_its_split() {
        use crate::nn::dataset::Class;
        let class = |name: &str, n: usize, v: u8| Class {
            name: name.into(),
            examples: (0..n).map(|j| vec![v + j as u8; 784]).collect(),
        };
        let set = DataSet { classes: vec![class("a", 5, 10), class("b", 10, 100)], held_out: 20 };
        let own = OwnData::from_set(&set);
        assert_eq!(own.classes, 2);
        assert_eq!(own.labels, [[0u8; 5].as_slice(), &[1; 10]].concat());
        assert_eq!(own.pixels.len(), 15 * 784);
        assert_eq!((own.pixels[0], own.pixels[4 * 784], own.pixels[5 * 784]), (10, 14, 100));
        let held: Vec<usize> =
            own.held_out.iter().enumerate().filter(|x| *x.1).map(|x| x.0).collect();
        assert_eq!(held.len(), 1 + 2, "20 % of 5 and of 10");
        assert!(held.iter().any(|&i| i < 5) && held.iter().any(|&i| i >= 5), "both classes");
    }

    #[test]
    fn settings_are_checked_field_by_field() {
        assert!(Settings::default().validate().is_ok());
        let bad = |s: Settings| s.validate().unwrap_err().0;
        assert_eq!(bad(Settings { learning_rate: 0.0, ..Settings::default() }), "learning_rate");
        assert_eq!(
            bad(Settings { learning_rate: f32::NAN, ..Settings::default() }),
            "learning_rate"
        );
        assert_eq!(bad(Settings { batch_size: 0, ..Settings::default() }), "batch_size");
        assert_eq!(bad(Settings { epochs: 0, ..Settings::default() }), "epochs");
        let broken = Architecture::parse("Conv2D(6,3)-Dense(10,softmax)").unwrap();
        assert_eq!(bad(Settings { arch: broken, ..Settings::default() }), "arch");
        assert_eq!(bad(Settings { shift: 9, ..Settings::default() }), "shift");
        for workers in [0, MAX_WORKERS + 1] {
            assert_eq!(bad(Settings { workers, ..Settings::default() }), "workers");
        }
    }

    #[test]
    fn the_default_workers_leave_a_core_to_the_page() {
        assert_eq!(default_workers(None), 1);
        assert_eq!(default_workers(Some(f64::NAN)), 1);
        assert_eq!(default_workers(Some(0.0)), 1);
        assert_eq!(default_workers(Some(1.0)), 1);
        assert_eq!(default_workers(Some(2.0)), 1);
        assert_eq!(default_workers(Some(4.0)), 3);
        assert_eq!(default_workers(Some(8.0)), 7);
        assert_eq!(default_workers(Some(64.0)), MAX_WORKERS);
    }

    #[test]
    fn predicted_class_is_the_most_probable() {
        let mut probs = [0.05; 10];
        probs[3] = 0.55;
        assert_eq!(TestDigit { index: 0, label: 1, pixels: vec![], probs }.predicted(), 3);
    }
}
