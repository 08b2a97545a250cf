//! Progress: the training not reported yet, summed over slices, and the report the page
//! gets of it a few times a second.

use crate::nn::Trainer;
use crate::worker::protocol::{Progress, Report};

/// Progress goes to the page at most this often (and at once on an evaluation, a pause or
/// a stop). One report per 60 ms slice kept the page's main thread busy 20 % of a core
/// redrawing its charts (bench `main_thread_busy`): a core the helpers of a 2-core
/// machine need. Every step's loss still reaches the chart.
pub const PROGRESS_EVERY_S: f64 = 0.25;

/// What one slice (or the part of it before a test evaluation) did.
#[derive(Default)]
pub(super) struct Slice {
    pub(super) steps: usize,
    pub(super) loss_sum: f64,
    pub(super) acc_sum: f64,
    /// Examples trained.
    pub(super) n: u64,
    /// Seconds spent in training steps.
    pub(super) trained: f64,
    /// The run's clock seconds at the end of this part.
    pub(super) wall: f64,
    pub(super) losses: Vec<(u64, f32)>,
}

impl Slice {
    /// Adds `part`, trained after `self`: sums, its clock, its losses after `self`'s.
    pub(super) fn absorb(&mut self, part: Slice) {
        self.steps += part.steps;
        self.loss_sum += part.loss_sum;
        self.acc_sum += part.acc_sum;
        self.n += part.n;
        self.trained += part.trained;
        self.wall = part.wall;
        self.losses.extend(part.losses);
    }
}

/// What a progress report tells of the run besides its part: where the run stands.
pub(super) struct RunFigures {
    pub(super) examples_seen: u64,
    pub(super) total_examples: u64,
    pub(super) workers: u32,
    pub(super) train_seconds: f64,
}

/// The progress report of `sl`, the training not reported yet (its last step in `epoch`).
pub(super) fn progress(
    sl: Slice,
    epoch: u32,
    run: &RunFigures,
    trainer: Option<&Trainer>,
) -> Report {
    let Slice { steps, loss_sum, acc_sum, n, trained, wall, losses } = sl;
    let dropped = trainer
        .map(|t| {
            t.dropout_masks()
                .into_iter()
                .map(|(_, m)| {
                    let units = m.shape.last().copied().unwrap_or(0);
                    m.data.iter().take(units).map(|&v| v == 0.0).collect()
                })
                .collect()
        })
        .unwrap_or_default();
    // No finite step (the first one exploded): no mean, NaN (the page skips it).
    let k = if steps > 0 { steps as f64 } else { f64::NAN };
    Report::Progress(Progress {
        examples_seen: run.examples_seen,
        total_examples: run.total_examples,
        epoch,
        loss: (loss_sum / k) as f32,
        accuracy: (acc_sum / k) as f32,
        workers: run.workers,
        examples_per_s: if trained > 0.0 { (n as f64 / trained) as f32 } else { 0.0 },
        train_seconds: run.train_seconds,
        wall_seconds: wall,
        losses,
        dropped,
    })
}
