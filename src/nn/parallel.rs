//! Data-parallel training: one minibatch split into contiguous shares, each share's
//! gradient computed by its own worker, the shares summed in a fixed order and one
//! optimiser step applied by the leader (see `Trainer::begin_parallel_step`).
//!
//! The math is the single-worker step's: the loss is a mean over the minibatch, so its
//! gradient is the sum of every share's *summed* gradient divided by the batch size. Only
//! the rounding of the float sums differs (tested against one worker in `tests`).
//! Everything here is plain data and synchronous: the Web Workers only carry it.

use std::ops::Range;

use ndarray::Array2;

use super::eval::{EvalSums, evaluate_sums};
use super::{Architecture, NnError, Sequential, rng_from_seed};
use crate::data::Mnist;

/// One share of a minibatch, for another worker: the digits to learn from (indices in
/// the digits file), their random shifts, and the seed of the share's dropout masks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShareTask {
    pub indices: Vec<u32>,
    /// `(rows, columns)` per digit, as many as `indices`.
    pub shifts: Vec<(i32, i32)>,
    pub seed: u64,
}

/// What a share gives back.
#[derive(Debug, Clone, PartialEq)]
pub struct ShareGrad {
    /// Examples in the share.
    pub count: usize,
    /// The loss summed over the share's examples.
    pub loss_sum: f64,
    pub correct: usize,
    /// ∂(summed loss)/∂parameters, in [`Sequential::flat_params`] order.
    pub grad_sum: Vec<f32>,
}

/// `n` examples cut into at most `shares` contiguous ranges whose sizes differ by at most
/// one (the last ones are the larger: share 0 is the leader's, which also sums the shares
/// and steps the optimiser); empty ranges are left out.
pub fn split(n: usize, shares: usize) -> Vec<Range<usize>> {
    let shares = shares.max(1).min(n.max(1));
    let (base, extra) = (n / shares, n % shares);
    let mut out = Vec::with_capacity(shares);
    let mut start = 0;
    for k in 0..shares {
        let len = base + usize::from(k >= shares - extra);
        if len > 0 {
            out.push(start..start + len);
        }
        start += len;
    }
    out
}

/// Sums the shares in the order given (share 0 first: the same order on every run, so
/// the same floats) and divides by the batch size: the minibatch's mean gradient.
///
/// # Errors
/// No share, or shares of different parameter counts (another model).
pub fn mean_gradient(shares: &[ShareGrad]) -> Result<(Vec<f32>, usize, f64, usize), NnError> {
    let first = shares.first().ok_or(NnError::EmptyBatch)?;
    let len = first.grad_sum.len();
    let mut sum = first.grad_sum.clone();
    let (mut count, mut loss, mut correct) = (first.count, first.loss_sum, first.correct);
    for s in &shares[1..] {
        if s.grad_sum.len() != len {
            return Err(NnError::SizeMismatch { got: s.grad_sum.len(), expected: len });
        }
        for (a, &b) in sum.iter_mut().zip(&s.grad_sum) {
            *a += b;
        }
        count += s.count;
        loss += s.loss_sum;
        correct += s.correct;
    }
    if count == 0 {
        return Err(NnError::EmptyBatch);
    }
    let inv = 1.0 / count as f32;
    for g in &mut sum {
        *g *= inv;
    }
    Ok((sum, count, loss, correct))
}

/// The gradient of `model` on a batch, summed over its examples (dropout masks from `rng`).
pub(crate) fn summed_gradient(
    model: &mut Sequential<f32>,
    x: ndarray::ArrayView2<'_, f32>,
    labels: &[u8],
    rng: Option<&mut super::Rng>,
) -> Result<ShareGrad, NnError> {
    let out = model.compute_gradients(x, labels, rng)?;
    let n = labels.len();
    let mut grad_sum = model.flat_gradients();
    let scale = n as f32;
    for g in &mut grad_sum {
        *g *= scale;
    }
    Ok(ShareGrad { count: n, loss_sum: out.loss as f64 * n as f64, correct: out.correct, grad_sum })
}

/// A worker that computes shares: the digits, and a network whose weights each task brings.
pub struct ShareWorker {
    data: Mnist,
    model: Option<(Architecture, Sequential<f32>)>,
    x: Array2<f32>,
    labels: Vec<u8>,
    shifts: Vec<(isize, isize)>,
    indices: Vec<usize>,
}

impl ShareWorker {
    pub fn new(data: Mnist) -> Self {
        ShareWorker {
            data,
            model: None,
            x: Array2::zeros((0, 0)),
            labels: Vec::new(),
            shifts: Vec::new(),
            indices: Vec::new(),
        }
    }

    /// The summed gradient of the network `arch` with these `weights` (flat,
    /// [`Sequential::flat_params`] order) on the task's digits.
    ///
    /// # Errors
    /// Weights of another size or not finite, an index outside the digits file, shifts
    /// that do not match the indices, an empty task.
    pub fn gradient(
        &mut self,
        arch: &Architecture,
        weights: &[f32],
        task: &ShareTask,
    ) -> Result<ShareGrad, NnError> {
        if task.indices.is_empty() {
            return Err(NnError::EmptyBatch);
        }
        if task.shifts.len() != task.indices.len() {
            return Err(NnError::SizeMismatch {
                got: task.shifts.len(),
                expected: task.indices.len(),
            });
        }
        dataset_indices(&task.indices, self.data.len(), &mut self.indices)?;
        let shape = self.model_with(arch, weights)?.input_shape().to_vec();
        let (h, w) = (shape[0], shape[1]);
        let n = task.indices.len();
        if self.x.dim() != (n, h * w) {
            self.x = Array2::zeros((n, h * w));
        }
        self.shifts.clear();
        self.shifts.extend(task.shifts.iter().map(|&(r, c)| (r as isize, c as isize)));
        self.data.write_batch(
            &self.indices,
            self.x.view_mut(),
            h,
            w,
            Some(&self.shifts),
            &mut self.labels,
        );
        let mut rng = rng_from_seed(task.seed);
        let (_, model) = self.model.as_mut().expect("set by model_with");
        summed_gradient(model, self.x.view(), &self.labels, Some(&mut rng))
    }

    /// The network `arch` evaluated with these `weights` on the digits
    /// `indices` (a share of `Trainer::eval_shares`).
    ///
    /// # Errors
    /// Weights of another size or not finite, an index outside the digits file, no index.
    pub fn evaluate(
        &mut self,
        arch: &Architecture,
        weights: &[f32],
        indices: &[u32],
    ) -> Result<EvalSums, NnError> {
        if indices.is_empty() {
            return Err(NnError::EmptyBatch);
        }
        dataset_indices(indices, self.data.len(), &mut self.indices)?;
        self.model_with(arch, weights)?;
        let (_, model) = self.model.as_mut().expect("set by model_with");
        evaluate_sums(model, &self.data, &self.indices)
    }

    /// This worker's network for `arch`, holding `weights` (rebuilt when the network changes).
    fn model_with(
        &mut self,
        arch: &Architecture,
        weights: &[f32],
    ) -> Result<&mut Sequential<f32>, NnError> {
        if self.model.as_ref().is_none_or(|(a, _)| a != arch) {
            let model = arch.build(&mut rng_from_seed(0))?;
            self.model = Some((arch.clone(), model));
        }
        let (_, model) = self.model.as_mut().expect("set above");
        model.set_flat_params(weights)?;
        Ok(model)
    }
}

/// `indices` as dataset indices in `out` (its old content replaced), each checked against
/// the `images` of the digits file.
///
/// # Errors
/// [`NnError::SizeMismatch`] with the first index outside (`out` is then left cleared).
pub(crate) fn dataset_indices(
    indices: &[u32],
    images: usize,
    out: &mut Vec<usize>,
) -> Result<(), NnError> {
    out.clear();
    if let Some(&bad) = indices.iter().find(|&&i| i as usize >= images) {
        return Err(NnError::SizeMismatch { got: bad as usize, expected: images });
    }
    out.extend(indices.iter().map(|&i| i as usize));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_is_contiguous_balanced_and_whole() {
        assert_eq!(split(32, 2), vec![0..16, 16..32]);
        assert_eq!(split(10, 3), vec![0..3, 3..6, 6..10]);
        assert_eq!(split(32, 3), vec![0..10, 10..21, 21..32]);
        assert_eq!(split(2, 4), vec![0..1, 1..2]);
        assert_eq!(split(5, 1), vec![0..5]);
        assert_eq!(split(0, 3), Vec::<Range<usize>>::new());
        for n in 1..40 {
            for k in 1..9 {
                let s = split(n, k);
                assert_eq!(s.first().map(|r| r.start), Some(0));
                assert_eq!(s.last().map(|r| r.end), Some(n));
                assert!(s.windows(2).all(|w| w[0].end == w[1].start));
                let (lo, hi) = (
                    s.iter().map(|r| r.len()).min().unwrap(),
                    s.iter().map(|r| r.len()).max().unwrap(),
                );
                assert!(hi - lo <= 1 && lo > 0, "{n} in {k}: {s:?}");
            }
        }
    }

    fn digits(n: usize) -> Mnist {
        crate::data::mnist::bar_digits(n, true)
    }

    #[test]
    fn a_share_worker_refuses_bad_tasks() {
        let data = digits(20);
        let mut w = ShareWorker::new(data);
        let opts = Architecture::default();
        let weights = opts.build::<f32>(&mut rng_from_seed(1)).unwrap().flat_params();
        let task =
            |indices: Vec<u32>| ShareTask { shifts: vec![(0, 0); indices.len()], indices, seed: 1 };
        assert!(w.gradient(&opts, &weights, &task(vec![])).is_err());
        assert!(w.gradient(&opts, &weights, &task(vec![20])).is_err());
        assert!(w.gradient(&opts, &weights[1..], &task(vec![1])).is_err());
        let mut bad = task(vec![1, 2]);
        bad.shifts.pop();
        assert!(w.gradient(&opts, &weights, &bad).is_err());
        let g = w.gradient(&opts, &weights, &task(vec![1, 2, 3])).unwrap();
        assert_eq!((g.count, g.grad_sum.len()), (3, weights.len()));
        assert!(g.grad_sum.iter().all(|v| v.is_finite()) && g.loss_sum > 0.0);
    }
}
