//! The bias's loops over NHWC rows: added to every output row, its gradient summed by
//! column (also the row kernels' per-filter sums).

use crate::nn::Scalar;

/// `v[i·b.len() + j] += b[j]`: the bias (ndarray's broadcasting is slower for short rows).
pub(crate) fn add_rows<F: Scalar>(v: &mut [F], b: &[F]) {
    if b.is_empty() {
        return;
    }
    for row in v.chunks_exact_mut(b.len()) {
        row.iter_mut().zip(b).for_each(|(x, &b)| *x += b);
    }
}

/// `out[j] = Σ_i v[i·out.len() + j]`: the bias gradient (ndarray's `sum_axis` is slower here).
pub(crate) fn column_sums<F: Scalar>(v: &[F], out: &mut [F]) {
    out.fill(F::zero());
    if out.is_empty() {
        return;
    }
    for row in v.chunks_exact(out.len()) {
        out.iter_mut().zip(row).for_each(|(o, &x)| *o += x);
    }
}
