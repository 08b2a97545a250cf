//! The direct kernels for few filters (LeNet's first layer: 6): over the tap-major im2col
//! (`im2col_t`), a block of window positions at a time, instead of a matrix product whose
//! tiles would be mostly padding.

use ndarray::{Array1, Array2};

use crate::nn::Scalar;

/// At most this many filters: direct kernels instead of a matrix product (measured: the
/// first LeNet layer, 6 filters, runs faster so both natively and in wasm).
pub(super) const SMALL_FILTERS: usize = 8;
/// Window positions per block of the direct kernels (their scratch stays in L1).
const BLOCK: usize = 128;

/// Few filters (the first layer: 6): the matrix product's tiles would be mostly
/// padding, so compute directly, a block of window positions at a time (in L1).
pub(super) fn forward<F: Scalar>(
    kernel: &Array2<F>,
    cols: &Array2<F>,
    bias: &Array1<F>,
    use_bias: bool,
    nf: usize,
    ys: &mut [F],
    m: usize,
) {
    let k = kernel.nrows();
    let (Some(w), Some(cols), Some(bias)) = (kernel.as_slice(), cols.as_slice(), bias.as_slice())
    else {
        return;
    };
    let mut acc = [F::zero(); BLOCK];
    for m0 in (0..m).step_by(BLOCK) {
        let len = BLOCK.min(m - m0);
        let acc = &mut acc[..len];
        for f in 0..nf {
            acc.fill(if use_bias { bias[f] } else { F::zero() });
            for t in 0..k {
                let wt = w[t * nf + f];
                acc.iter_mut().zip(&cols[t * m + m0..][..len]).for_each(|(a, &x)| *a += wt * x);
            }
            for (j, &a) in acc.iter().enumerate() {
                ys[(m0 + j) * nf + f] = a;
            }
        }
    }
}

/// Backward of [`forward`]: ∂kernel (and ∂cols if `dcols` is given) from `dz`
/// `(positions, filters)`, transposed a block at a time.
pub(super) fn backward<F: Scalar>(
    kernel: &Array2<F>,
    cols: &Array2<F>,
    dkernel: &mut Array2<F>,
    dcols: Option<&mut Array2<F>>,
    nf: usize,
    dz: &[F],
    m: usize,
) {
    let k = kernel.nrows();
    let (Some(w), Some(cols), Some(dw)) =
        (kernel.as_slice(), cols.as_slice(), dkernel.as_slice_mut())
    else {
        return;
    };
    let mut dcols = dcols.and_then(|d| d.as_slice_mut());
    dw.fill(F::zero());
    let mut dzt = [F::zero(); BLOCK * SMALL_FILTERS];
    for m0 in (0..m).step_by(BLOCK) {
        let len = BLOCK.min(m - m0);
        for (j, row) in dz[m0 * nf..(m0 + len) * nf].chunks_exact(nf).enumerate() {
            for (f, &g) in row.iter().enumerate() {
                dzt[f * BLOCK + j] = g;
            }
        }
        for t in 0..k {
            let c = &cols[t * m + m0..][..len];
            for f in 0..nf {
                dw[t * nf + f] += dot(c, &dzt[f * BLOCK..f * BLOCK + len]);
            }
            if let Some(dc) = dcols.as_deref_mut() {
                let dc = &mut dc[t * m + m0..][..len];
                dc.fill(F::zero());
                for f in 0..nf {
                    let wt = w[t * nf + f];
                    dc.iter_mut()
                        .zip(&dzt[f * BLOCK..f * BLOCK + len])
                        .for_each(|(d, &g)| *d += wt * g);
                }
            }
        }
    }
}

/// Dot product with 8 independent partial sums, so that it vectorises without
/// reassociating one long sum.
fn dot<F: Scalar>(a: &[F], b: &[F]) -> F {
    let mut acc = [F::zero(); 8];
    let (a8, b8) = (a.chunks_exact(8), b.chunks_exact(8));
    let (ar, br) = (a8.remainder(), b8.remainder());
    for (x, y) in a8.zip(b8) {
        for i in 0..8 {
            acc[i] += x[i] * y[i];
        }
    }
    let mut s = F::zero();
    for (x, y) in ar.iter().zip(br) {
        s += *x * *y;
    }
    acc.iter().fold(s, |t, &v| t + v)
}
