//! Categorical cross-entropy fused with softmax, computed from logits; mean squared error.

use ndarray::{Array2, ArrayView2};

use super::{NnError, Scalar, flush};

/// What one evaluation of the loss gives.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LossOutput<F> {
    /// Mean cross-entropy over the batch.
    pub loss: F,
    /// Examples whose largest logit is the label.
    pub correct: usize,
}

/// Loss gradients smaller than this are set to 0 (see the loop below).
const GRADIENT_FLUSH: f64 = 1e-20;

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
    logits: ArrayView2<'_, F>,
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
    let tiny = F::from_f64(GRADIENT_FLUSH);
    let mut total = F::zero();
    let mut correct = 0;
    for (((z, mut p), mut d), &label) in
        logits.outer_iter().zip(probs.outer_iter_mut()).zip(dlogits.outer_iter_mut()).zip(labels)
    {
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
            let g = (*p - t) * inv_n;
            // A confident network gives probabilities like e⁻⁹⁰: their gradients would be
            // subnormal floats, which then spread through every layer's backward pass, and
            // arithmetic on subnormals is ~50 times slower (x86, native and wasm). Below
            // 1e-20 a gradient moves no weight by anything a float can hold, so it is 0.
            *d = flush(g, tiny);
        }
    }
    Ok(LossOutput { loss: total * inv_n, correct })
}

/// Mean squared error `L = (1/N) Σ (y_i − t_i)²` over every value of `y` (Keras's `mse` on
/// one example), and its gradient `∂L/∂y_i = (2/N)(y_i − t_i)`, written into `dy` (resized).
///
/// # Errors
/// `y` and `t` of different shapes, or empty.
pub fn mse<F: Scalar>(
    y: ArrayView2<'_, F>,
    t: ArrayView2<'_, F>,
    dy: &mut Array2<F>,
) -> Result<F, NnError> {
    if y.dim() != t.dim() {
        return Err(NnError::SizeMismatch { got: t.len(), expected: y.len() });
    }
    if y.is_empty() {
        return Err(NnError::EmptyBatch);
    }
    let (r, c) = y.dim();
    super::layers::ensure_shape(dy, r, c);
    let n = F::from_f64(y.len() as f64);
    let two_n = F::from_f64(2.0) / n;
    let mut total = F::zero();
    for ((d, &y), &t) in dy.iter_mut().zip(y.iter()).zip(t.iter()) {
        let e = y - t;
        total += e * e;
        *d = two_n * e;
    }
    Ok(total / n)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The MSE's gradient is its finite-difference slope, value by value.
    #[test]
    fn mse_gradient_matches_finite_differences() {
        let y = ndarray::arr2(&[[0.5f64, -1.25, 2.0], [0.0, 3.5, -0.75]]);
        let t = ndarray::arr2(&[[1.0f64, -1.0, 0.5], [0.25, 3.0, 1.0]]);
        let mut d = Array2::zeros((0, 0));
        let l = mse(y.view(), t.view(), &mut d).unwrap();
        let direct: f64 = y.iter().zip(t.iter()).map(|(a, b)| (a - b).powi(2)).sum::<f64>() / 6.0;
        assert!((l - direct).abs() < 1e-12);
        let h = 1e-6;
        let mut scratch = Array2::zeros((0, 0));
        for i in 0..2 {
            for j in 0..3 {
                let (mut up, mut down) = (y.clone(), y.clone());
                up[[i, j]] += h;
                down[[i, j]] -= h;
                let fd = (mse(up.view(), t.view(), &mut scratch).unwrap()
                    - mse(down.view(), t.view(), &mut scratch).unwrap())
                    / (2.0 * h);
                assert!((fd - d[[i, j]]).abs() < 1e-8, "{i},{j}: {fd} vs {}", d[[i, j]]);
            }
        }
        assert!(mse(y.view(), t.slice(ndarray::s![.., 0..2]), &mut d).is_err());
    }

    /// A confident network: its loss gradients are 0 or ordinary floats, never subnormal
    /// (which would slow every layer's backward pass), and the loss stays exact.
    #[test]
    fn confident_logits_give_no_subnormal_gradient() {
        let logits = ndarray::arr2(&[
            [95.0f32, 0.0, -3.0, 4.0],
            [0.0, 120.0, 1.0, 2.0],
            [1.0, 2.0, 3.0, 4.0],
        ]);
        let (mut p, mut d) = (Array2::zeros((0, 0)), Array2::zeros((0, 0)));
        let out = softmax_cross_entropy(logits.view(), &[0, 1, 2], &mut p, &mut d).unwrap();
        assert!(d.iter().all(|g| !g.is_subnormal()), "{d:?}");
        assert!(d.iter().all(|&g| g == 0.0 || g.abs() >= 1e-20));
        // The third example is not confident: its gradient is p − onehot, untouched.
        let row = p.row(2);
        assert!((d[[2, 2]] - (row[2] - 1.0) / 3.0).abs() < 1e-7);
        assert!((d[[2, 0]] - row[0] / 3.0).abs() < 1e-9 && d[[2, 0]] > 0.0);
        // Loss of the third: log Σ exp(z) − z₂, computed independently.
        let lse = (1.0f64.exp() + 2.0f64.exp() + 3.0f64.exp() + 4.0f64.exp()).ln();
        assert!((out.loss as f64 - (lse - 3.0) / 3.0).abs() < 1e-5, "{}", out.loss);
    }
}
