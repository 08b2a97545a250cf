//! The direct row kernels (few filters, horizontal stride 1): each input row expanded by
//! the filters, so that an output row is one contiguous sum of whole-row products with
//! the tiled kernel; no im2col and no scatter into NHWC.

use ndarray::{Array1, Array2};

use super::bias::column_sums;
use crate::nn::layers::geometry::AxisGeometry;
use crate::nn::{Activation, Scalar};

/// What the row kernels need of the layer: its sizes, geometry and whether it has a bias.
#[derive(Debug, Clone, Copy)]
pub(super) struct Spec {
    pub filters: usize,
    pub channels: usize,
    pub gy: AxisGeometry,
    pub gx: AxisGeometry,
    pub use_bias: bool,
}

impl Spec {
    /// Width of an expanded input row: the padded columns the windows read.
    fn expanded_width(&self) -> usize {
        self.gx.out + self.gx.k - 1
    }

    /// One example's expanded rows: `e[((iy·c + ch)·wp + ixp)·nf + f] = x[iy, ixp − pad, ch]`,
    /// zero in the horizontal padding.
    fn expand<F: Scalar>(&self, xb: &[F], e: &mut [F]) {
        let (nf, c, w, pad) = (self.filters, self.channels, self.gx.n, self.gx.pad_before);
        let wp = self.expanded_width();
        for (r, row) in e.chunks_exact_mut(wp * nf).enumerate() {
            let (iy, ch) = (r / c, r % c);
            for (ixp, cell) in row.chunks_exact_mut(nf).enumerate() {
                let v = match ixp.checked_sub(pad) {
                    Some(ix) if ix < w => xb[(iy * w + ix) * c + ch],
                    _ => F::zero(),
                };
                cell.fill(v);
            }
        }
    }

    /// The `(exp offset, wt offset)` of every tap of output row `oy` that lies inside the
    /// input (a tap in the vertical padding adds nothing), in the kernel's (ky, kx, ch) order.
    fn tap_offsets(&self, offs: &mut Vec<(usize, usize)>, oy: usize) {
        let (nf, c, gy, gx) = (self.filters, self.channels, self.gy, self.gx);
        let (wp, len) = (self.expanded_width(), gx.out * nf);
        offs.clear();
        for ky in 0..gy.k {
            let Some(iy) = gy.input_index(oy, ky) else { continue };
            for kx in 0..gx.k {
                for ch in 0..c {
                    offs.push((((iy * c + ch) * wp + kx) * nf, ((ky * gx.k + kx) * c + ch) * len));
                }
            }
        }
    }
}

/// The row kernels' buffers, kept from one batch to the next: the last batch's expanded
/// input, the kernel tiled along an output row, and the per-lane kernel gradient.
#[derive(Debug, Clone)]
pub(super) struct RowKernels<F> {
    exp: Vec<F>,
    wt: Vec<F>,
    accw: Vec<F>,
}

impl<F: Scalar> RowKernels<F> {
    pub(super) fn new() -> Self {
        RowKernels { exp: Vec::new(), wt: Vec::new(), accw: Vec::new() }
    }

    /// Forward through expanded rows: every input value is written `filters` times, side
    /// by side (`exp[((iy·c + ch)·wp + ixp)·nf + f] = x[iy, ixp − pad, ch]`), so that one
    /// output row `(ow·nf)` is a sum over taps of whole-row products with the tiled kernel
    /// row, `out[q] += exp[tap offset + q] · wt[tap][q]`: long contiguous loops that
    /// vectorise, no im2col and no scatter of each filter's outputs into NHWC.
    pub(super) fn forward(
        &mut self,
        s: Spec,
        kernel: &Array2<F>,
        bias: &Array1<F>,
        xs: &[F],
        ys: &mut [F],
        act: Activation,
    ) {
        let (nf, c, gy, gx) = (s.filters, s.channels, s.gy, s.gx);
        let (h, w) = (gy.n, gx.n);
        let wp = s.expanded_width();
        let len = gx.out * nf;
        let eplane = h * c * wp * nf;
        let n = xs.len() / (h * w * c);
        self.exp.resize(n * eplane, F::zero());
        let (Some(wk), Some(bias)) = (kernel.as_slice(), bias.as_slice()) else { return };
        let taps = gy.k * gx.k * c;
        // Kernel and bias tiled along an output row.
        self.wt.resize(taps * len, F::zero());
        for (t, row) in self.wt.chunks_exact_mut(len).enumerate() {
            for cell in row.chunks_exact_mut(nf) {
                cell.copy_from_slice(&wk[t * nf..(t + 1) * nf]);
            }
        }
        let mut bt = vec![F::zero(); len];
        if s.use_bias {
            bt.chunks_exact_mut(nf).for_each(|cell| cell.copy_from_slice(bias));
        }
        let mut offs: Vec<(usize, usize)> = Vec::with_capacity(taps);
        for (b, (xb, eb)) in
            xs.chunks_exact(h * w * c).zip(self.exp.chunks_exact_mut(eplane)).enumerate()
        {
            s.expand(xb, eb);
            for oy in 0..gy.out {
                s.tap_offsets(&mut offs, oy);
                let out = &mut ys[(b * gy.out + oy) * len..][..len];
                out.copy_from_slice(&bt);
                F::row_products(out, eb, &self.wt, &offs);
                act.apply(out, nf);
            }
        }
    }

    /// Backward of [`Self::forward`]: per output row, `∂wt[tap][q] += exp[tap offset +
    /// q] · dz[q]` (summed over each filter's lanes at the end) and, for `dx`, the expanded
    /// rows' gradient summed back over the filters.
    pub(super) fn backward(
        &mut self,
        s: Spec,
        ds: &[F],
        mut dx: Option<&mut [F]>,
        dkernel: &mut Array2<F>,
        dbias: &mut Array1<F>,
    ) {
        let (nf, c, gy, gx) = (s.filters, s.channels, s.gy, s.gx);
        let (h, w) = (gy.n, gx.n);
        let wp = s.expanded_width();
        let len = gx.out * nf;
        let eplane = h * c * wp * nf;
        let taps = gy.k * gx.k * c;
        let n = ds.len() / (gy.out * len);
        self.accw.clear();
        self.accw.resize(taps * len, F::zero());
        let mut accb = vec![F::zero(); len];
        let mut dexp = vec![F::zero(); if dx.is_some() { eplane } else { 0 }];
        let mut offs: Vec<(usize, usize)> = Vec::with_capacity(taps);
        for b in 0..n {
            let eb = &self.exp[b * eplane..][..eplane];
            dexp.fill(F::zero());
            for oy in 0..gy.out {
                s.tap_offsets(&mut offs, oy);
                let dz = &ds[(b * gy.out + oy) * len..][..len];
                accb.iter_mut().zip(dz).for_each(|(a, &g)| *a += g);
                row_grads(&mut self.accw, eb, dz, &offs);
                if dx.is_some() {
                    for &(eo, wo) in &offs {
                        let d = &mut dexp[eo..eo + len];
                        d.iter_mut()
                            .zip(&self.wt[wo..wo + len])
                            .zip(dz)
                            .for_each(|((d, &w), &g)| *d += w * g);
                    }
                }
            }
            if let Some(dx) = dx.as_deref_mut() {
                let xb = &mut dx[b * h * w * c..][..h * w * c];
                for iy in 0..h {
                    for ch in 0..c {
                        let row = &dexp[(iy * c + ch) * wp * nf..][..wp * nf];
                        for ix in 0..w {
                            let cell = &row[(ix + gx.pad_before) * nf..][..nf];
                            xb[(iy * w + ix) * c + ch] = cell.iter().fold(F::zero(), |s, &v| s + v);
                        }
                    }
                }
            }
        }
        let (Some(dw), Some(db)) = (dkernel.as_slice_mut(), dbias.as_slice_mut()) else {
            return;
        };
        // Each filter's lanes of a tiled row, summed.
        for (d, row) in dw.chunks_exact_mut(nf).zip(self.accw.chunks_exact(len)) {
            column_sums(row, d);
        }
        column_sums(&accb, db);
    }
}

/// Outputs per block of the row kernels: 8 f32x4 accumulators, kept in registers (the
/// forward's row products, in `convolab_kernels`, use the same).
const ROW_BLOCK: usize = 32;

/// `acc[wo + q] += e[eo + q] · dz[q]` over the `(eo, wo)` of `offs`, `q < dz.len()`: a block
/// of `dz` stays in registers through all the taps.
fn row_grads<F: Scalar>(acc: &mut [F], e: &[F], dz: &[F], offs: &[(usize, usize)]) {
    let len = dz.len();
    let mut q0 = 0;
    while q0 + ROW_BLOCK <= len {
        let mut g = [F::zero(); ROW_BLOCK];
        g.copy_from_slice(&dz[q0..q0 + ROW_BLOCK]);
        for &(eo, wo) in offs {
            let (ev, a) = (&e[eo + q0..][..ROW_BLOCK], &mut acc[wo + q0..][..ROW_BLOCK]);
            for i in 0..ROW_BLOCK {
                a[i] += ev[i] * g[i];
            }
        }
        q0 += ROW_BLOCK;
    }
    for &(eo, wo) in offs {
        acc[wo + q0..wo + len]
            .iter_mut()
            .zip(&e[eo + q0..eo + len])
            .zip(&dz[q0..])
            .for_each(|((a, &x), &g)| *a += x * g);
    }
}
