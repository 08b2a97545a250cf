//! Categorical cross-entropy fused with softmax, computed from logits.

use ndarray::{Array2, ArrayView2};

use super::{NnError, Scalar};

/// What one evaluation of the loss gives.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LossOutput<F> {
    /// Mean cross-entropy over the batch.
    pub loss: F,
    /// Examples whose largest logit is the label.
    pub correct: usize,
}

/// Softmax + categorical cross-entropy (Keras's `categorical_crossentropy` after a
/// `softmax` layer), mean over the batch.
///
/// Computed as `log Σ exp(z − max z) − (z_label − max z)`, finite for any finite logits
/// (even ±1000, where a naive softmax then log would give `log 0`).
/// Writes the probabilities into `probs` and `∂loss/∂logits = (p − onehot) / batch` into
/// `dlogits` (both resized if needed).
///
/// # Shapes
/// `logits` `(batch, classes)`, `labels` `(batch,)`.
///
/// # Errors
/// A label count that differs from the batch, or a label ≥ classes.
pub fn softmax_cross_entropy<F: Scalar>(
    logits: ArrayView2<F>,
    labels: &[u8],
    probs: &mut Array2<F>,
    dlogits: &mut Array2<F>,
) -> Result<LossOutput<F>, NnError> {
    let (n, k) = logits.dim();
    if labels.len() != n {
        return Err(NnError::LabelCount { labels: labels.len(), batch: n });
    }
    if let Some(&l) = labels.iter().find(|&&l| l as usize >= k) {
        return Err(NnError::LabelOutOfRange { label: l as usize, classes: k });
    }
    super::layers::ensure_shape(probs, n, k);
    super::layers::ensure_shape(dlogits, n, k);
    let inv_n = F::one() / F::from_f64(n.max(1) as f64);
    let mut total = F::zero();
    let mut correct = 0;
    for (((z, mut p), mut d), &label) in logits.outer_iter().zip(probs.outer_iter_mut()).zip(dlogits.outer_iter_mut()).zip(labels) {
        let label = label as usize;
        let (mut best, mut arg) = (F::neg_infinity(), 0);
        for (i, &v) in z.iter().enumerate() {
            if v > best {
                best = v;
                arg = i;
            }
        }
        correct += usize::from(arg == label);
        let mut s = F::zero();
        for (p, &v) in p.iter_mut().zip(z.iter()) {
            *p = (v - best).exp();
            s += *p;
        }
        total += s.ln() - (z[label] - best);
        for (i, (p, d)) in p.iter_mut().zip(d.iter_mut()).enumerate() {
            *p /= s;
            let t = if i == label { F::one() } else { F::zero() };
            *d = (*p - t) * inv_n;
        }
    }
    Ok(LossOutput { loss: total * inv_n, correct })
}
