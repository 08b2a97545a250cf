//! im2col and its adjoint col2im, in both layouts: one row per window (the matrix-product
//! path) or one row per kernel tap (the few-filter direct kernels).

use ndarray::{Array2, ArrayView2};

use crate::nn::Scalar;
use crate::nn::layers::geometry::AxisGeometry;

/// `dst[j] = src[j·step]`; contiguous runs become one `memcpy`.
fn strided_copy<F: Scalar>(dst: &mut [F], src: &[F], step: usize) {
    if step == 1 {
        dst.copy_from_slice(&src[..dst.len()]);
        return;
    }
    let Some(last) = dst.len().checked_sub(1) else { return };
    let src = &src[..last * step + 1]; // one bounds check for the whole row
    for (j, d) in dst.iter_mut().enumerate() {
        *d = src[j * step];
    }
}

/// `dst[j·step] += src[j]`.
fn strided_add<F: Scalar>(dst: &mut [F], src: &[F], step: usize) {
    let Some(last) = src.len().checked_sub(1) else { return };
    let dst = &mut dst[..last * step + 1];
    if step == 1 {
        dst.iter_mut().zip(src).for_each(|(d, &s)| *d += s);
        return;
    }
    for (j, &s) in src.iter().enumerate() {
        dst[j * step] += s;
    }
}

/// For each output column `ox`, the input column under tap `kx` — as the range of `ox`
/// whose tap lands inside the input (outside it is padding).
fn valid_ox(g: &AxisGeometry, kx: usize) -> std::ops::Range<usize> {
    // ix = ox·s + kx − pad ∈ [0, n)  ⇔  ox ∈ [⌈(pad − kx)/s⌉, ⌈(n + pad − kx)/s⌉)
    let lo = (g.pad_before.saturating_sub(kx)).div_ceil(g.stride);
    let hi = ((g.n + g.pad_before).saturating_sub(kx)).div_ceil(g.stride).min(g.out);
    lo.min(hi)..hi
}

/// Fills `cols` `(batch·oh·ow, kh·kw·c)`: row = one window, in (ky, kx, c) order, so that
/// each kernel row is one contiguous run of `kw·c` input values; zeros in the padding.
pub(crate) fn im2col<F: Scalar>(
    x: &ArrayView2<'_, F>,
    gy: AxisGeometry,
    gx: AxisGeometry,
    c: usize,
    cols: &mut Array2<F>,
) {
    let (Some(xs), Some(cs)) = (x.to_slice(), cols.as_slice_mut()) else { return };
    let plane = gy.n * gx.n * c;
    let (k, run) = (gy.k * gx.k * c, gx.k * c);
    let mut rows = cs.chunks_exact_mut(k);
    for xb in xs.chunks_exact(plane) {
        for oy in 0..gy.out {
            for ox in 0..gx.out {
                let Some(dst) = rows.next() else { return };
                let ix0 = (ox * gx.stride) as isize - gx.pad_before as isize;
                let inside = ix0 >= 0 && ix0 as usize + gx.k <= gx.n;
                for (ky, seg) in dst.chunks_exact_mut(run).enumerate() {
                    let Some(iy) = gy.input_index(oy, ky) else {
                        seg.fill(F::zero());
                        continue;
                    };
                    if inside {
                        let at = (iy * gx.n + ix0 as usize) * c;
                        seg.copy_from_slice(&xb[at..at + run]);
                    } else {
                        for (kx, d) in seg.chunks_exact_mut(c).enumerate() {
                            match gx.input_index(ox, kx) {
                                Some(ix) => d.copy_from_slice(&xb[(iy * gx.n + ix) * c..][..c]),
                                None => d.fill(F::zero()),
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The adjoint of [`im2col`]: sums every window row of `dcols` back into `dx`.
pub(crate) fn col2im<F: Scalar>(
    dcols: &Array2<F>,
    gy: AxisGeometry,
    gx: AxisGeometry,
    c: usize,
    dx: &mut Array2<F>,
) {
    let (Some(cs), Some(xs)) = (dcols.as_slice(), dx.as_slice_mut()) else { return };
    xs.fill(F::zero());
    let plane = gy.n * gx.n * c;
    let (k, run) = (gy.k * gx.k * c, gx.k * c);
    let mut rows = cs.chunks_exact(k);
    for xb in xs.chunks_exact_mut(plane) {
        for oy in 0..gy.out {
            for ox in 0..gx.out {
                let Some(src) = rows.next() else { return };
                let ix0 = (ox * gx.stride) as isize - gx.pad_before as isize;
                let inside = ix0 >= 0 && ix0 as usize + gx.k <= gx.n;
                for (ky, seg) in src.chunks_exact(run).enumerate() {
                    let Some(iy) = gy.input_index(oy, ky) else { continue };
                    if inside {
                        let at = (iy * gx.n + ix0 as usize) * c;
                        xb[at..at + run].iter_mut().zip(seg).for_each(|(d, &s)| *d += s);
                    } else {
                        for (kx, s) in seg.chunks_exact(c).enumerate() {
                            if let Some(ix) = gx.input_index(ox, kx) {
                                xb[(iy * gx.n + ix) * c..][..c]
                                    .iter_mut()
                                    .zip(s)
                                    .for_each(|(d, &s)| *d += s);
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Fills `cols` `(kh·kw·c, batch·oh·ow)`: row = one kernel tap (ky, kx, ch), column = one
/// window position; zeros where the tap lies in the padding. Rows are written along the
/// output's width, which is contiguous here and long.
pub(crate) fn im2col_t<F: Scalar>(
    x: &ArrayView2<'_, F>,
    gy: AxisGeometry,
    gx: AxisGeometry,
    c: usize,
    cols: &mut Array2<F>,
) {
    let (Some(xs), Some(cs)) = (x.to_slice(), cols.as_slice_mut()) else { return };
    let plane = gy.n * gx.n * c;
    let m = x.nrows() * gy.out * gx.out;
    let (ow, sx) = (gx.out, gx.stride);
    for ky in 0..gy.k {
        for kx in 0..gx.k {
            let r = valid_ox(&gx, kx);
            for ch in 0..c {
                let row = &mut cs[((ky * gx.k + kx) * c + ch) * m..][..m];
                for (b, xb) in xs.chunks_exact(plane).enumerate() {
                    for oy in 0..gy.out {
                        let dst = &mut row[(b * gy.out + oy) * ow..][..ow];
                        let Some(iy) = gy.input_index(oy, ky) else {
                            dst.fill(F::zero());
                            continue;
                        };
                        dst[..r.start].fill(F::zero());
                        dst[r.end..].fill(F::zero());
                        if r.is_empty() {
                            continue;
                        }
                        // First input index for ox = r.start, then every `sx·c` values.
                        let ix0 = r.start * sx + kx - gx.pad_before;
                        let src = &xb[(iy * gx.n + ix0) * c + ch..];
                        strided_copy(&mut dst[r.clone()], src, sx * c);
                    }
                }
            }
        }
    }
}

/// The adjoint of [`im2col_t`]: sums every tap row of `dcols` back into `dx`.
pub(crate) fn col2im_t<F: Scalar>(
    dcols: &Array2<F>,
    gy: AxisGeometry,
    gx: AxisGeometry,
    c: usize,
    dx: &mut Array2<F>,
) {
    let (Some(cs), Some(xs)) = (dcols.as_slice(), dx.as_slice_mut()) else { return };
    xs.fill(F::zero());
    let plane = gy.n * gx.n * c;
    let m = dcols.ncols();
    let (ow, sx) = (gx.out, gx.stride);
    for ky in 0..gy.k {
        for kx in 0..gx.k {
            let r = valid_ox(&gx, kx);
            if r.is_empty() {
                continue;
            }
            for ch in 0..c {
                let row = &cs[((ky * gx.k + kx) * c + ch) * m..][..m];
                for (b, xb) in xs.chunks_exact_mut(plane).enumerate() {
                    for oy in 0..gy.out {
                        let Some(iy) = gy.input_index(oy, ky) else { continue };
                        let src = &row[(b * gy.out + oy) * ow..][..ow];
                        let ix0 = r.start * sx + kx - gx.pad_before;
                        let dst = &mut xb[(iy * gx.n + ix0) * c + ch..];
                        strided_add(dst, &src[r.clone()], sx * c);
                    }
                }
            }
        }
    }
}
