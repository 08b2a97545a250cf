//! Sliding windows written out, for the lessons' step debuggers.
//!
//! These compute single-channel convolutions and poolings window by window, keeping every
//! term of the arithmetic (`1×0.25 + 3×0.5 + 2×0.25 = 2.25`). They are plain loops, also
//! used by the tests as a reference for the layers' fast paths.
//!
//! Output length on each axis: `⌊(n + pad_before + pad_after − k) / s⌋ + 1`
//! ([`AxisGeometry`]); Keras's `same` pads `max((⌈n/s⌉ − 1)·s + k − n, 0)` zeros in total,
//! the smaller half before.

use ndarray::{Array2, ArrayView2};

pub use super::layers::AxisGeometry;
use super::layers::Padding;
use super::{NnError, PoolKind, Scalar};

/// One term of a window's sum: input value × kernel weight.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Term<F, I> {
    /// Position in the input; `None` when the window lies on a padding zero.
    pub input_index: Option<I>,
    /// Position in the kernel.
    pub kernel_index: I,
    /// The input value (0 in the padding).
    pub input: F,
    pub weight: F,
    pub product: F,
}

/// One output value of a convolution with all its arithmetic.
#[derive(Debug, Clone, PartialEq)]
pub struct ConvWindow<F, I> {
    pub output_index: I,
    pub terms: Vec<Term<F, I>>,
    /// Σ products (before the bias).
    pub sum: F,
    pub bias: F,
    /// `sum + bias` (no activation).
    pub output: F,
}

/// One output value of a pooling with the cells it looked at.
#[derive(Debug, Clone, PartialEq)]
pub struct PoolWindow<F, I> {
    pub output_index: I,
    /// `(input index, value)` of the cells inside the input (padding cells are ignored).
    pub cells: Vec<(I, F)>,
    /// Max pooling: the cell that won (the first one on ties). `None` for average.
    pub winner: Option<I>,
    pub output: F,
}

/// A 1D convolution window (indices are positions in the signal and the kernel).
pub type ConvWindow1D<F> = ConvWindow<F, usize>;
/// A 2D convolution window (indices are `(row, col)`).
pub type ConvWindow2D<F> = ConvWindow<F, (usize, usize)>;
/// A 1D pooling window.
pub type PoolWindow1D<F> = PoolWindow<F, usize>;
/// A 2D pooling window (indices are `(row, col)`).
pub type PoolWindow2D<F> = PoolWindow<F, (usize, usize)>;

/// Output length and padding of a 1D window (also each axis of a 2D one).
///
/// # Errors
/// A zero size or stride, or (`valid`) a window longer than the input.
pub fn geometry(
    n: usize,
    k: usize,
    stride: usize,
    padding: Padding,
) -> Result<AxisGeometry, NnError> {
    AxisGeometry::new(n, k, stride, padding)
}

fn check_finite<F: Scalar>(v: impl IntoIterator<Item = F>) -> Result<(), NnError> {
    if v.into_iter().any(|x| !x.is_finite()) {
        return Err(NnError::NotFinite);
    }
    Ok(())
}

/// Window `output_index` of the 1D cross-correlation of `signal` with `kernel`.
///
/// # Errors
/// Bad geometry, an output index out of range, or non-finite values.
pub fn conv1d_window<F: Scalar>(
    signal: &[F],
    kernel: &[F],
    stride: usize,
    padding: Padding,
    bias: F,
    output_index: usize,
) -> Result<ConvWindow1D<F>, NnError> {
    let g = geometry(signal.len(), kernel.len(), stride, padding)?;
    check_finite(signal.iter().copied())?;
    check_finite(kernel.iter().copied().chain([bias]))?;
    if output_index >= g.out {
        return Err(NnError::NoSuchWindow { index: vec![output_index], output: vec![g.out] });
    }
    Ok(window_1d(signal, kernel, &g, bias, output_index))
}

fn window_1d<F: Scalar>(
    signal: &[F],
    kernel: &[F],
    g: &AxisGeometry,
    bias: F,
    o: usize,
) -> ConvWindow1D<F> {
    let terms: Vec<_> = (0..g.k)
        .map(|t| {
            let i = g.input_index(o, t);
            let input = i.map_or(F::zero(), |i| signal[i]);
            Term {
                input_index: i,
                kernel_index: t,
                input,
                weight: kernel[t],
                product: input * kernel[t],
            }
        })
        .collect();
    let sum = terms.iter().fold(F::zero(), |s, t| s + t.product);
    ConvWindow { output_index: o, terms, sum, bias, output: sum + bias }
}

/// Every window of a 1D cross-correlation, in output order.
///
/// # Errors
/// As [`conv1d_window`].
pub fn conv1d_windows<F: Scalar>(
    signal: &[F],
    kernel: &[F],
    stride: usize,
    padding: Padding,
    bias: F,
) -> Result<Vec<ConvWindow1D<F>>, NnError> {
    let g = geometry(signal.len(), kernel.len(), stride, padding)?;
    check_finite(signal.iter().copied())?;
    check_finite(kernel.iter().copied().chain([bias]))?;
    Ok((0..g.out).map(|o| window_1d(signal, kernel, &g, bias, o)).collect())
}

/// The 1D cross-correlation's outputs.
///
/// # Errors
/// As [`conv1d_window`].
pub fn conv1d<F: Scalar>(
    signal: &[F],
    kernel: &[F],
    stride: usize,
    padding: Padding,
) -> Result<Vec<F>, NnError> {
    Ok(conv1d_windows(signal, kernel, stride, padding, F::zero())?
        .into_iter()
        .map(|w| w.output)
        .collect())
}

fn geometry_2d(
    image: &ArrayView2<'_, impl Scalar>,
    k: (usize, usize),
    stride: (usize, usize),
    padding: Padding,
) -> Result<(AxisGeometry, AxisGeometry), NnError> {
    Ok((
        geometry(image.nrows(), k.0, stride.0, padding)?,
        geometry(image.ncols(), k.1, stride.1, padding)?,
    ))
}

fn window_2d<F: Scalar>(
    image: &ArrayView2<'_, F>,
    kernel: &ArrayView2<'_, F>,
    g: &(AxisGeometry, AxisGeometry),
    bias: F,
    o: (usize, usize),
) -> ConvWindow2D<F> {
    let mut terms = Vec::with_capacity(g.0.k * g.1.k);
    for ky in 0..g.0.k {
        for kx in 0..g.1.k {
            let pos = g.0.input_index(o.0, ky).zip(g.1.input_index(o.1, kx));
            let input = pos.map_or(F::zero(), |p| image[p]);
            let weight = kernel[(ky, kx)];
            terms.push(Term {
                input_index: pos,
                kernel_index: (ky, kx),
                input,
                weight,
                product: input * weight,
            });
        }
    }
    let sum = terms.iter().fold(F::zero(), |s, t| s + t.product);
    ConvWindow { output_index: o, terms, sum, bias, output: sum + bias }
}

/// Window `(row, col)` of the 2D cross-correlation of a single-channel `image` with `kernel`.
///
/// # Errors
/// Bad geometry, an output position out of range, or non-finite values.
pub fn conv2d_window<F: Scalar>(
    image: ArrayView2<'_, F>,
    kernel: ArrayView2<'_, F>,
    stride: (usize, usize),
    padding: Padding,
    bias: F,
    output_index: (usize, usize),
) -> Result<ConvWindow2D<F>, NnError> {
    let g = geometry_2d(&image, kernel.dim(), stride, padding)?;
    check_finite(image.iter().copied())?;
    check_finite(kernel.iter().copied().chain([bias]))?;
    if output_index.0 >= g.0.out || output_index.1 >= g.1.out {
        return Err(NnError::NoSuchWindow {
            index: vec![output_index.0, output_index.1],
            output: vec![g.0.out, g.1.out],
        });
    }
    Ok(window_2d(&image, &kernel, &g, bias, output_index))
}

/// Every window of a 2D cross-correlation, row by row.
///
/// # Errors
/// As [`conv2d_window`].
pub fn conv2d_windows<F: Scalar>(
    image: ArrayView2<'_, F>,
    kernel: ArrayView2<'_, F>,
    stride: (usize, usize),
    padding: Padding,
    bias: F,
) -> Result<Vec<ConvWindow2D<F>>, NnError> {
    let g = geometry_2d(&image, kernel.dim(), stride, padding)?;
    check_finite(image.iter().copied())?;
    check_finite(kernel.iter().copied().chain([bias]))?;
    let mut v = Vec::with_capacity(g.0.out * g.1.out);
    for oy in 0..g.0.out {
        for ox in 0..g.1.out {
            v.push(window_2d(&image, &kernel, &g, bias, (oy, ox)));
        }
    }
    Ok(v)
}

/// The 2D cross-correlation's output image.
///
/// # Errors
/// As [`conv2d_window`].
pub fn conv2d<F: Scalar>(
    image: ArrayView2<'_, F>,
    kernel: ArrayView2<'_, F>,
    stride: (usize, usize),
    padding: Padding,
) -> Result<Array2<F>, NnError> {
    let g = geometry_2d(&image, kernel.dim(), stride, padding)?;
    let outs: Vec<F> = conv2d_windows(image, kernel, stride, padding, F::zero())?
        .into_iter()
        .map(|w| w.output)
        .collect();
    Array2::from_shape_vec((g.0.out, g.1.out), outs)
        .map_err(|_| NnError::SizeMismatch { got: 0, expected: g.0.out * g.1.out })
}

fn pool_cells<F: Scalar, I: Copy>(cells: Vec<(I, F)>, kind: PoolKind, o: I) -> PoolWindow<F, I> {
    let (winner, output) = match kind {
        PoolKind::Max => {
            let mut best: Option<(I, F)> = None;
            for &(i, v) in &cells {
                if best.is_none_or(|(_, b)| v > b) {
                    best = Some((i, v));
                }
            }
            (best.map(|b| b.0), best.map_or(F::zero(), |b| b.1))
        }
        PoolKind::Average => {
            let n = F::from_f64(cells.len().max(1) as f64);
            (None, cells.iter().fold(F::zero(), |s, c| s + c.1) / n)
        }
    };
    PoolWindow { output_index: o, cells, winner, output }
}

/// Every window of a 1D pooling (`stride` `None`: the pool size, as Keras).
///
/// # Errors
/// Bad geometry or non-finite values.
pub fn pool1d_windows<F: Scalar>(
    signal: &[F],
    kind: PoolKind,
    pool: usize,
    stride: Option<usize>,
    padding: Padding,
) -> Result<Vec<PoolWindow1D<F>>, NnError> {
    let g = geometry(signal.len(), pool, stride.unwrap_or(pool), padding)?;
    check_finite(signal.iter().copied())?;
    Ok((0..g.out)
        .map(|o| pool_cells(g.input_range(o).map(|i| (i, signal[i])).collect(), kind, o))
        .collect())
}

/// Every window of a 2D pooling of a single-channel image, row by row.
///
/// # Errors
/// Bad geometry or non-finite values.
pub fn pool2d_windows<F: Scalar>(
    image: ArrayView2<'_, F>,
    kind: PoolKind,
    pool: (usize, usize),
    stride: Option<(usize, usize)>,
    padding: Padding,
) -> Result<Vec<PoolWindow2D<F>>, NnError> {
    let g = geometry_2d(&image, pool, stride.unwrap_or(pool), padding)?;
    check_finite(image.iter().copied())?;
    let mut v = Vec::with_capacity(g.0.out * g.1.out);
    for oy in 0..g.0.out {
        for ox in 0..g.1.out {
            let mut cells = Vec::new();
            for iy in g.0.input_range(oy) {
                for ix in g.1.input_range(ox) {
                    cells.push(((iy, ix), image[(iy, ix)]));
                }
            }
            v.push(pool_cells(cells, kind, (oy, ox)));
        }
    }
    Ok(v)
}
