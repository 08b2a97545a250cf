//! The training session's domain: the worker, the digits, the run's phase, where the
//! network on screen comes from, what the browser keeps. Plain data, read by the reducer
//! (`super::reducer`) and by the pages.

use std::rc::Rc;

use crate::worker::protocol::{DataFailure, TestDigit};

/// The compute worker, as the footer and the page both see it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum WorkerUp {
    /// Not needed yet: it starts on the first page that uses it (LeNet live).
    Off,
    Starting,
    Ready,
    Failed,
}

#[derive(Clone, PartialEq, Debug)]
pub enum DataState {
    Loading,
    Loaded,
    Failed(DataFailure),
}

/// Where a run rests between two trainings (where an evaluation goes back to).
#[derive(Clone, Copy, PartialEq, Debug)]
pub enum Rest {
    Idle,
    Paused,
    Finished,
    Diverged(f32),
}

/// The run, explicitly.
#[derive(Clone, Copy, PartialEq, Debug)]
pub enum Phase {
    /// No run (a fresh page, or after a reset).
    Idle,
    Training,
    Paused,
    /// Every epoch done.
    Finished,
    /// Stopped by itself: the loss exploded (its value).
    Diverged(f32),
    /// The worker evaluates a network; then the run is back where it was.
    Evaluating(Rest),
}

impl Phase {
    pub(super) fn rest(self) -> Option<Rest> {
        match self {
            Phase::Idle => Some(Rest::Idle),
            Phase::Paused => Some(Rest::Paused),
            Phase::Finished => Some(Rest::Finished),
            Phase::Diverged(l) => Some(Rest::Diverged(l)),
            Phase::Training | Phase::Evaluating(_) => None,
        }
    }

    /// The run's phase, evaluation or not.
    pub fn run(self) -> Phase {
        match self {
            Phase::Evaluating(r) => r.into(),
            p => p,
        }
    }

    /// A run exists (its weights and charts mean something).
    pub fn has_run(self) -> bool {
        self.run() != Phase::Idle
    }
}

impl From<Rest> for Phase {
    fn from(r: Rest) -> Phase {
        match r {
            Rest::Idle => Phase::Idle,
            Rest::Paused => Phase::Paused,
            Rest::Finished => Phase::Finished,
            Rest::Diverged(l) => Phase::Diverged(l),
        }
    }
}

/// Where the network on screen (the pad, the maps, the filters) comes from.
#[derive(Clone, PartialEq, Debug)]
pub enum Source {
    /// None loaded (yet, or the pretrained file failed: see `TrainView::pretrained`).
    None,
    Pretrained,
    /// The run's weights (its phase says which: in progress, paused, finished).
    Run,
    File,
    /// Restored from the browser's storage.
    Restored(Saved),
}

/// The pretrained weights file.
#[derive(Clone, PartialEq, Debug)]
pub enum Pretrained {
    Loading,
    Loaded,
    /// Not fetched (network, HTTP status): the detail is for the console.
    FetchFailed,
    /// Fetched but refused (the core's reason, already in the student's language).
    Refused(String),
}

/// Weights kept in the browser: when, how good, after how many examples.
#[derive(Clone, Copy, PartialEq, Debug)]
pub struct Saved {
    /// Milliseconds since 1970 (JavaScript's `Date.now()`).
    pub at_ms: f64,
    /// Last test accuracy of the run, if it had one.
    pub accuracy: Option<f32>,
    pub examples: u64,
}

/// The evaluation the worker sent.
#[derive(Debug, PartialEq)]
pub struct Eval {
    pub accuracy: f32,
    pub confusion: [[u32; 10]; 10],
    pub digits: Vec<TestDigit>,
}

/// A one-off message about what just happened.
#[derive(Clone, Copy, PartialEq, Debug)]
pub enum Notice {
    /// Reset threw away a run (examples seen, its last test accuracy) and/or an evaluation
    /// that had not come back yet.
    Reset { examples: u64, accuracy: Option<f32>, evaluation: bool },
    /// The browser refused to keep the weights (storage full or disabled).
    SaveFailed,
}

/// A digit sent to the pad from elsewhere (the evaluation, the 2D lab): 28×28 in [0, 1].
#[derive(Clone, PartialEq, Debug)]
pub struct PadDigit {
    /// Bumped by each sending, so the same digit sent twice is drawn again.
    pub rev: u32,
    pub pixels: Rc<Vec<f32>>,
}
