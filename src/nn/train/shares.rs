//! The trainer's data-parallel step and split evaluation: the minibatch (or the test
//! split) cut into shares for other workers, their answers summed in a fixed order.

use super::Trainer;
use crate::data::Split;
use crate::nn::eval::{EvalSums, evaluate_sums};
use crate::nn::parallel::{self, ShareGrad, ShareTask};
use crate::nn::{NnError, StepReport};

impl Trainer {
    /// Data-parallel step, part 1 of 3: draws the next minibatch and cuts it into up to
    /// `shares` contiguous shares ([`parallel::split`]). Share 0 stays here
    /// ([`Self::own_share`]); the returned tasks are shares 1, 2… for the other workers,
    /// which compute them with the current weights
    /// ([`Sequential::flat_params`](crate::nn::Sequential::flat_params)). Part 3 is
    /// [`Self::finish_parallel_step`]. Without dropout, the weights follow exactly the path
    /// of [`Self::step`] up to float rounding (each share draws its own dropout masks).
    pub fn begin_parallel_step(&mut self, shares: usize) -> Vec<ShareTask> {
        self.next_batch();
        let ranges = parallel::split(self.batch.len(), shares);
        self.own = ranges.first().cloned().unwrap_or(0..0);
        // The shares' dropout seeds come from the seed and the step, not from the shared
        // generator: the shuffles and shifts stay those of one worker.
        self.parallel_steps += 1;
        let base = self.config.seed ^ self.parallel_steps.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        ranges
            .into_iter()
            .enumerate()
            .skip(1)
            .map(|(k, r)| ShareTask {
                indices: self.batch[r.clone()].iter().map(|&i| i as u32).collect(),
                shifts: self.shifts[r].iter().map(|&(a, b)| (a as i32, b as i32)).collect(),
                seed: base.wrapping_add(k as u64),
            })
            .collect()
    }

    /// Data-parallel step, part 2: the gradient of share 0, summed over its examples.
    ///
    /// # Errors
    /// As [`Self::step`].
    pub fn own_share(&mut self) -> Result<ShareGrad, NnError> {
        let r = self.own.clone();
        parallel::summed_gradient(
            &mut self.model,
            self.x.slice(ndarray::s![r.clone(), ..]),
            &self.labels[r],
            Some(&mut self.rng),
        )
    }

    /// Data-parallel step, part 3: `shares` (share 0 first, then the tasks' answers in
    /// their order) summed into the minibatch's mean gradient, one optimiser step.
    ///
    /// # Errors
    /// Shares that do not cover the minibatch or do not match the model; the weights are
    /// then unchanged and the same minibatch comes next.
    pub fn finish_parallel_step(&mut self, shares: &[ShareGrad]) -> Result<StepReport, NnError> {
        let (grad, count, loss_sum, correct) = parallel::mean_gradient(shares)?;
        if count != self.batch.len() {
            return Err(NnError::SizeMismatch { got: count, expected: self.batch.len() });
        }
        let n = self.model.param_count();
        if grad.len() != n {
            return Err(NnError::SizeMismatch { got: grad.len(), expected: n });
        }
        let mut rest = grad.as_slice();
        let mut params = self.model.params_mut();
        let grads: Vec<&[f32]> = params
            .iter()
            .map(|p| {
                let (a, b) = rest.split_at(p.len());
                rest = b;
                a
            })
            .collect();
        self.opt.step_slices(&mut params, &grads);
        Ok(self.account((loss_sum / count as f64) as f32, correct))
    }

    /// Split evaluation, part 1: `split` cut into up to `shares` contiguous shares of
    /// dataset indices ([`parallel::split`]). Share 0 is this worker's
    /// ([`Self::evaluate_share`]), the others go to workers holding the same weights
    /// ([`parallel::ShareWorker::evaluate`]); their [`EvalSums`] added in order give
    /// [`Self::evaluate`]'s report.
    pub fn eval_shares(&self, split: Split, shares: usize) -> Vec<Vec<u32>> {
        let idx = match split {
            Split::Train => &self.train,
            Split::Test => &self.test,
        };
        parallel::split(idx.len(), shares)
            .into_iter()
            .map(|r| idx[r].iter().map(|&i| i as u32).collect())
            .collect()
    }

    /// Split evaluation, part 2: this worker's share.
    ///
    /// # Errors
    /// As [`Self::step`], or an index outside the digits.
    pub fn evaluate_share(&mut self, indices: &[u32]) -> Result<EvalSums, NnError> {
        let mut idx = Vec::with_capacity(indices.len());
        parallel::dataset_indices(indices, self.data.len(), &mut idx)?;
        evaluate_sums(&mut self.model, &self.data, &idx)
    }
}
