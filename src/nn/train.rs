//! `Trainer`: trains a model on the MNIST digits one minibatch at a time, so that a Web
//! Worker can report after every step (loss, accuracy, weights, activations, masks).

use ndarray::Array2;
use rand::Rng as _;

pub use super::eval::{EvalReport, EvalSums, evaluate, evaluate_sums};
use super::model::{LayerOutput, Sequential};
use super::optim::{Optimizer, OptimizerConfig};
use super::{NnError, Rng, Tensor, rng_from_seed};
use crate::data::{Mnist, Split};

/// Training settings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrainerConfig {
    pub batch_size: usize,
    pub optimizer: OptimizerConfig,
    /// Seeds the shuffling, the dropout masks and the shifts.
    pub seed: u64,
    /// Data augmentation: each training image is moved by up to ±`shift` pixels in each
    /// direction (0: off).
    pub shift: usize,
    /// Train on `n` evenly spaced training images only (quick demos, tests); `None`: all 8,000.
    pub train_limit: Option<usize>,
}

impl Default for TrainerConfig {
    /// Keras's defaults for the course: batch 32, Adam 1e-3.
    fn default() -> Self {
        TrainerConfig {
            batch_size: 32,
            optimizer: OptimizerConfig::adam(1e-3),
            seed: 0,
            shift: 0,
            train_limit: None,
        }
    }
}

/// What one training step reports.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StepReport {
    /// Epoch of this step (from 0).
    pub epoch: usize,
    /// Step within the epoch (from 0) and steps per epoch.
    pub step: usize,
    pub steps_per_epoch: usize,
    /// Loss and accuracy on this minibatch (with dropout active).
    pub loss: f32,
    pub accuracy: f32,
    /// Running means over the epoch so far (as Keras's progress bar shows).
    pub epoch_loss: f32,
    pub epoch_accuracy: f32,
    /// This step ended the epoch (the next one starts a new shuffle).
    pub epoch_finished: bool,
}

/// Trains a classifier whose input is one grey image `(h, w, 1)` (h, w ≥ the digits' size:
/// the 28×28 digits are centred, e.g. padded to the course's 32×32) and whose output is one
/// probability per class of the data (10 digits, or a student's own 2 to 10 classes).
#[derive(Debug, Clone)]
pub struct Trainer {
    model: Sequential<f32>,
    opt: Optimizer<f32>,
    config: TrainerConfig,
    rng: Rng,
    data: Mnist,
    train: Vec<usize>,
    test: Vec<usize>,
    /// Shuffled training order of the current epoch.
    order: Vec<usize>,
    cursor: usize,
    epoch: usize,
    epoch_loss: f64,
    epoch_correct: usize,
    epoch_seen: usize,
    /// The current minibatch (dataset indices), its input and labels.
    batch: Vec<usize>,
    shifts: Vec<(isize, isize)>,
    x: Array2<f32>,
    labels: Vec<u8>,
    /// Data-parallel steps so far (seeds the shares' dropout) and this step's own share.
    parallel_steps: u64,
    own: std::ops::Range<usize>,
}

impl Trainer {
    /// # Errors
    /// A model that does not take one grey image at least as large as the digits or does
    /// not output one value per class, a zero batch size, bad optimiser settings.
    pub fn new(
        model: Sequential<f32>,
        data: Mnist,
        config: TrainerConfig,
    ) -> Result<Self, NnError> {
        let (r, c) = data.image_shape();
        let s = model.input_shape();
        if s.len() != 3 || s[2] != 1 || s[0] < r || s[1] < c {
            return Err(NnError::NotADigitModel {
                input: s.to_vec(),
                output: model.output_shape().to_vec(),
            });
        }
        if model.output_shape() != [data.classes()] {
            return Err(NnError::NotADigitModel {
                input: s.to_vec(),
                output: model.output_shape().to_vec(),
            });
        }
        if config.batch_size == 0 {
            return Err(NnError::ZeroBatch);
        }
        let opt = Optimizer::new(config.optimizer)?;
        let mut train = data.indices(Split::Train);
        if let Some(n) = config.train_limit.filter(|&n| n < train.len()) {
            // Evenly spaced: the file is sorted by class, so a prefix would be all zeros.
            let n = n.max(1);
            train = (0..n).map(|k| train[k * train.len() / n]).collect();
        }
        let test = data.indices(Split::Test);
        let mut t = Trainer {
            model,
            opt,
            config,
            rng: rng_from_seed(config.seed),
            data,
            order: train.clone(),
            train,
            test,
            cursor: 0,
            epoch: 0,
            epoch_loss: 0.0,
            epoch_correct: 0,
            epoch_seen: 0,
            batch: Vec::new(),
            shifts: Vec::new(),
            x: Array2::zeros((0, 0)),
            labels: Vec::new(),
            parallel_steps: 0,
            own: 0..0,
        };
        t.shuffle();
        Ok(t)
    }

    fn shuffle(&mut self) {
        // Fisher–Yates written out: the order depends only on the seed and this code.
        for i in (1..self.order.len()).rev() {
            let j = self.rng.random_range(0..=i as u64) as usize;
            self.order.swap(i, j);
        }
    }

    pub fn model(&self) -> &Sequential<f32> {
        &self.model
    }
    pub fn model_mut(&mut self) -> &mut Sequential<f32> {
        &mut self.model
    }
    pub fn into_model(self) -> Sequential<f32> {
        self.model
    }
    pub fn data(&self) -> &Mnist {
        &self.data
    }
    pub fn config(&self) -> &TrainerConfig {
        &self.config
    }
    /// Epochs completed.
    pub fn epoch(&self) -> usize {
        self.epoch
    }
    pub fn steps_per_epoch(&self) -> usize {
        self.train.len().div_ceil(self.config.batch_size)
    }
    pub fn train_len(&self) -> usize {
        self.train.len()
    }
    pub fn set_learning_rate(&mut self, lr: f32) {
        self.opt.set_learning_rate(lr);
    }

    /// Draws the next minibatch (the last one of an epoch may be smaller): its indices,
    /// shifts, input and labels. The cursor moves only when the step is accounted for, so
    /// a step abandoned halfway (a worker lost) is drawn again identically... except for
    /// its shifts, drawn anew.
    fn next_batch(&mut self) {
        let bs = self.config.batch_size;
        let end = (self.cursor + bs).min(self.order.len());
        self.batch.clear();
        self.batch.extend_from_slice(&self.order[self.cursor..end]);
        let n = self.batch.len();
        let s = self.config.shift.min(64) as i32;
        self.shifts.clear();
        for _ in 0..n {
            let sh = if s > 0 {
                (self.rng.random_range(-s..=s) as isize, self.rng.random_range(-s..=s) as isize)
            } else {
                (0, 0)
            };
            self.shifts.push(sh);
        }
        let shape = self.model.input_shape();
        let (h, w) = (shape[0], shape[1]);
        if self.x.dim() != (n, h * w) {
            self.x = Array2::zeros((n, h * w));
        }
        self.data.write_batch(
            &self.batch,
            self.x.view_mut(),
            h,
            w,
            Some(&self.shifts),
            &mut self.labels,
        );
    }

    /// Moves past the current minibatch and reports it.
    fn account(&mut self, loss: f32, correct: usize) -> StepReport {
        let bs = self.config.batch_size;
        let n = self.batch.len();
        let end = self.cursor + n;
        let step = self.cursor / bs;
        self.cursor = end;
        self.epoch_loss += loss as f64 * n as f64;
        self.epoch_correct += correct;
        self.epoch_seen += n;
        let report = StepReport {
            epoch: self.epoch,
            step,
            steps_per_epoch: self.steps_per_epoch(),
            loss,
            accuracy: correct as f32 / n as f32,
            epoch_loss: (self.epoch_loss / self.epoch_seen as f64) as f32,
            epoch_accuracy: self.epoch_correct as f32 / self.epoch_seen as f32,
            epoch_finished: end == self.order.len(),
        };
        if report.epoch_finished {
            self.epoch += 1;
            self.cursor = 0;
            self.epoch_loss = 0.0;
            self.epoch_correct = 0;
            self.epoch_seen = 0;
            self.shuffle();
        }
        report
    }

    /// Trains on the next minibatch (the last one of an epoch may be smaller).
    ///
    /// # Errors
    /// Only if the model misbehaves (non-finite input cannot come from the digits file).
    pub fn step(&mut self) -> Result<StepReport, NnError> {
        self.next_batch();
        let out =
            self.model.train_step(self.x.view(), &self.labels, &mut self.rng, &mut self.opt)?;
        Ok(self.account(out.loss, out.correct))
    }

    /// The current minibatch's input `(batch, h·w)` and labels.
    pub fn batch_input(&self) -> ndarray::ArrayView2<'_, f32> {
        self.x.view()
    }
    pub fn batch_labels(&self) -> &[u8] {
        &self.labels
    }

    /// Trains until the end of the current epoch; returns the last step's report.
    ///
    /// # Errors
    /// As [`Self::step`].
    pub fn run_epoch(&mut self) -> Result<StepReport, NnError> {
        loop {
            let r = self.step()?;
            if r.epoch_finished {
                return Ok(r);
            }
        }
    }

    /// Loss, accuracy and confusion matrix on a whole split (dropout off, no shift).
    ///
    /// # Errors
    /// As [`Self::step`].
    pub fn evaluate(&mut self, split: Split) -> Result<EvalReport, NnError> {
        let idx = match split {
            Split::Train => self.train.clone(),
            Split::Test => self.test.clone(),
        };
        evaluate(&mut self.model, &self.data, &idx)
    }

    /// The current minibatch: dataset indices (see [`Mnist::image`]).
    pub fn batch_indices(&self) -> &[usize] {
        &self.batch
    }

    /// Dropout masks of the current minibatch: `(layer index, mask (batch, features))`,
    /// 0 where dropped, `1/(1−rate)` where kept.
    pub fn dropout_masks(&self) -> Vec<(usize, Tensor)> {
        self.model.dropout_masks()
    }

    /// Every layer's output for example `j` of the current minibatch (as trained: dropout
    /// applied; the last layer gives probabilities).
    pub fn batch_activations(&self, j: usize) -> Vec<LayerOutput> {
        self.model.last_activations(j)
    }

    /// The weights as plain tensors `(layer name/param name, tensor)` for the UI.
    pub fn weights(&self) -> Vec<(String, Tensor)> {
        self.model
            .parameters()
            .into_iter()
            .map(|p| {
                (
                    format!("{}/{}", p.layer_name, p.name),
                    Tensor { shape: p.shape.to_vec(), data: p.values.to_vec() },
                )
            })
            .collect()
    }
}

mod shares;
#[cfg(test)]
mod tests;
