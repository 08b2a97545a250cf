//! `Conv1D` and `Conv2D`: cross-correlation (the kernel is not flipped, as in Keras),
//! computed as im2col + one matrix product over the whole batch.
//!
//! A 1D convolution is run as a 2D one of height 1, so both share one tested engine.

use ndarray::linalg::general_mat_mul;
use ndarray::{Array1, Array2, ArrayView2, ArrayViewMut2};

use super::common::{ParamMut, ensure_shape, expect_rank};
use super::geometry::{AxisGeometry, Padding};
use crate::nn::init::kernel_values;
use crate::nn::{Activation, Expected, NnError, Rng, Scalar};

/// Keras's `Conv1D(filters, kernel_size, strides=1, padding='valid', activation=None,
/// use_bias=True)`.
///
/// # Shapes
/// Input `(steps, channels)`, output `(out_steps, filters)` with
/// `out_steps = ⌊(steps + pads − kernel_size) / strides⌋ + 1`; kernel
/// `(kernel_size, channels, filters)`, bias `(filters,)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Conv1DConfig {
    pub filters: usize,
    pub kernel_size: usize,
    pub strides: usize,
    pub padding: Padding,
    pub activation: Activation,
    pub use_bias: bool,
}

impl Conv1DConfig {
    /// Keras defaults: stride 1, `valid`, linear, with bias.
    pub fn new(filters: usize, kernel_size: usize) -> Self {
        Conv1DConfig {
            filters,
            kernel_size,
            strides: 1,
            padding: Padding::Valid,
            activation: Activation::Linear,
            use_bias: true,
        }
    }
    pub fn strides(mut self, s: usize) -> Self {
        self.strides = s;
        self
    }
    pub fn padding(mut self, p: Padding) -> Self {
        self.padding = p;
        self
    }
    pub fn activation(mut self, a: Activation) -> Self {
        self.activation = a;
        self
    }
    pub fn use_bias(mut self, b: bool) -> Self {
        self.use_bias = b;
        self
    }
}

/// Keras's `Conv2D(filters, kernel_size, strides=(1, 1), padding='valid', activation=None,
/// use_bias=True)`.
///
/// # Shapes
/// Input `(height, width, channels)`, output `(out_h, out_w, filters)`, each axis
/// `⌊(n + pads − k) / s⌋ + 1`; kernel `(kh, kw, channels, filters)`, bias `(filters,)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Conv2DConfig {
    pub filters: usize,
    pub kernel_size: (usize, usize),
    pub strides: (usize, usize),
    pub padding: Padding,
    pub activation: Activation,
    pub use_bias: bool,
}

impl Conv2DConfig {
    /// Keras defaults: stride 1, `valid`, linear, with bias.
    pub fn new(filters: usize, kernel_size: (usize, usize)) -> Self {
        Conv2DConfig {
            filters,
            kernel_size,
            strides: (1, 1),
            padding: Padding::Valid,
            activation: Activation::Linear,
            use_bias: true,
        }
    }
    pub fn strides(mut self, s: (usize, usize)) -> Self {
        self.strides = s;
        self
    }
    pub fn padding(mut self, p: Padding) -> Self {
        self.padding = p;
        self
    }
    pub fn activation(mut self, a: Activation) -> Self {
        self.activation = a;
        self
    }
    pub fn use_bias(mut self, b: bool) -> Self {
        self.use_bias = b;
        self
    }
}

/// A built convolution (1D or 2D).
#[derive(Debug, Clone)]
pub struct ConvLayer<F: Scalar> {
    is_1d: bool,
    filters: usize,
    channels: usize,
    gy: AxisGeometry,
    gx: AxisGeometry,
    use_bias: bool,
    /// `(kh·kw·channels, filters)`: Keras's `(kh, kw, channels, filters)` kernel, row-major.
    kernel: Array2<F>,
    bias: Array1<F>,
    dkernel: Array2<F>,
    dbias: Array1<F>,
    /// im2col of the last forward batch, kept for backward: `(kh·kw·channels,
    /// batch·out_h·out_w)` for the direct kernels (few filters), else its transpose.
    cols: Array2<F>,
    dcols: Array2<F>,
    /// Direct row kernels ([`Self::rows_path`]): the last batch's expanded input, the kernel
    /// tiled along an output row, and the per-lane kernel gradient.
    exp: Vec<F>,
    wt: Vec<F>,
    accw: Vec<F>,
}

impl<F: Scalar> ConvLayer<F> {
    pub(crate) fn new_1d(
        c: &Conv1DConfig,
        input_shape: &[usize],
        rng: Option<&mut Rng>,
    ) -> Result<Self, NnError> {
        expect_rank("Conv1D", input_shape, Expected::Signal)?;
        let gy = AxisGeometry::new(1, 1, 1, Padding::Valid)?;
        let gx = AxisGeometry::new(input_shape[0], c.kernel_size, c.strides, c.padding)?;
        Self::build(true, c.filters, input_shape[1], gy, gx, c.use_bias, rng)
    }

    pub(crate) fn new_2d(
        c: &Conv2DConfig,
        input_shape: &[usize],
        rng: Option<&mut Rng>,
    ) -> Result<Self, NnError> {
        expect_rank("Conv2D", input_shape, Expected::Image)?;
        let gy = AxisGeometry::new(input_shape[0], c.kernel_size.0, c.strides.0, c.padding)?;
        let gx = AxisGeometry::new(input_shape[1], c.kernel_size.1, c.strides.1, c.padding)?;
        Self::build(false, c.filters, input_shape[2], gy, gx, c.use_bias, rng)
    }

    fn build(
        is_1d: bool,
        filters: usize,
        channels: usize,
        gy: AxisGeometry,
        gx: AxisGeometry,
        use_bias: bool,
        rng: Option<&mut Rng>,
    ) -> Result<Self, NnError> {
        if filters == 0 {
            return Err(NnError::NoFilters);
        }
        let taps = gy.k * gx.k;
        let k = taps * channels;
        let w = kernel_values::<F>(taps * channels, taps * filters, k * filters, rng);
        let kernel = Array2::from_shape_vec((k, filters), w)
            .map_err(|_| NnError::SizeMismatch { got: 0, expected: k * filters })?;
        Ok(ConvLayer {
            is_1d,
            filters,
            channels,
            gy,
            gx,
            use_bias,
            kernel,
            bias: Array1::zeros(filters),
            dkernel: Array2::zeros((k, filters)),
            dbias: Array1::zeros(filters),
            cols: Array2::zeros((k, 0)),
            dcols: Array2::zeros((k, 0)),
            exp: Vec::new(),
            wt: Vec::new(),
            accw: Vec::new(),
        })
    }

    pub fn output_shape(&self) -> Vec<usize> {
        if self.is_1d {
            vec![self.gx.out, self.filters]
        } else {
            vec![self.gy.out, self.gx.out, self.filters]
        }
    }

    /// Geometry of the (height, width) axes; height is trivial for a 1D convolution.
    pub fn geometry(&self) -> (AxisGeometry, AxisGeometry) {
        (self.gy, self.gx)
    }

    pub(crate) fn params(&self) -> Vec<(&'static str, Vec<usize>, &[F])> {
        let shape = if self.is_1d {
            vec![self.gx.k, self.channels, self.filters]
        } else {
            vec![self.gy.k, self.gx.k, self.channels, self.filters]
        };
        let mut v = vec![("kernel", shape, self.kernel.as_slice().unwrap_or(&[]))];
        if self.use_bias {
            v.push(("bias", vec![self.filters], self.bias.as_slice().unwrap_or(&[])));
        }
        v
    }

    pub(crate) fn params_mut(&mut self) -> Vec<ParamMut<'_, F>> {
        let mut v = vec![ParamMut {
            value: self.kernel.as_slice_mut().unwrap_or(&mut []),
            grad: self.dkernel.as_slice().unwrap_or(&[]),
        }];
        if self.use_bias {
            v.push(ParamMut {
                value: self.bias.as_slice_mut().unwrap_or(&mut []),
                grad: self.dbias.as_slice().unwrap_or(&[]),
            });
        }
        v
    }

    fn positions(&self) -> usize {
        self.gy.out * self.gx.out
    }

    pub(crate) fn forward(&mut self, x: ArrayView2<F>, y: &mut Array2<F>, act: Activation) {
        let n = x.nrows();
        let m = n * self.positions();
        let k = self.kernel.nrows();
        let x = x.as_standard_layout();
        let Some(ys) = y.as_slice_mut() else { return };
        if self.rows_path() {
            if let Some(xs) = x.as_slice() {
                self.forward_rows(xs, ys, act);
            }
            return;
        }
        if self.filters <= SMALL_FILTERS {
            ensure_shape(&mut self.cols, k, m);
            im2col_t(&x.view(), self.gy, self.gx, self.channels, &mut self.cols);
            self.forward_small(ys, m);
        } else {
            ensure_shape(&mut self.cols, m, k);
            im2col(&x.view(), self.gy, self.gx, self.channels, &mut self.cols);
            let mut y2 = ArrayViewMut2::from_shape((m, self.filters), &mut *ys)
                .expect("output buffer is (batch, out)");
            // yᵀ (filters × positions) = kernelᵀ · colsᵀ, written straight into the NHWC
            // buffer through a transposed view: the long axis is the product's wide one.
            general_mat_mul(
                F::one(),
                &self.kernel.t(),
                &self.cols.t(),
                F::zero(),
                &mut y2.view_mut().reversed_axes(),
            );
            if self.use_bias {
                add_rows(ys, self.bias.as_slice().unwrap_or(&[]));
            }
        }
        act.apply(ys, self.filters);
    }

    pub(crate) fn backward(
        &mut self,
        y: ArrayView2<F>,
        dy: &mut Array2<F>,
        dx: Option<&mut Array2<F>>,
        act: Activation,
    ) {
        let m = dy.nrows() * self.positions();
        let (Some(ys), Some(ds)) = (y.to_slice(), dy.as_slice_mut()) else { return };
        act.backprop(ys, ds, self.filters);
        if self.rows_path() {
            self.backward_rows(ds, dx.and_then(|d| d.as_slice_mut()));
            return;
        }
        if self.use_bias {
            column_sums(ds, self.dbias.as_slice_mut().unwrap_or(&mut []));
        }
        let small = self.filters <= SMALL_FILTERS;
        if small {
            if dx.is_some() {
                ensure_shape(&mut self.dcols, self.kernel.nrows(), m);
            }
            self.backward_small(ds, m, dx.is_some());
        } else {
            let dz = ArrayView2::from_shape((m, self.filters), &*ds)
                .expect("gradient buffer is (batch, out)");
            general_mat_mul(F::one(), &self.cols.t(), &dz, F::zero(), &mut self.dkernel);
            if dx.is_some() {
                ensure_shape(&mut self.dcols, m, self.kernel.nrows());
                general_mat_mul(F::one(), &dz, &self.kernel.t(), F::zero(), &mut self.dcols);
            }
        }
        if let Some(dx) = dx {
            if small {
                col2im_t(&self.dcols, self.gy, self.gx, self.channels, dx);
            } else {
                col2im(&self.dcols, self.gy, self.gx, self.channels, dx);
            }
        }
    }

    /// Whether the direct row kernels apply: few filters and a horizontal stride of 1, so
    /// that an output row is one contiguous product of an input row expanded by filters.
    fn rows_path(&self) -> bool {
        self.filters <= SMALL_FILTERS && self.gx.stride == 1
    }

    /// Width of an expanded input row: the padded columns the windows read.
    fn expanded_width(&self) -> usize {
        self.gx.out + self.gx.k - 1
    }

    /// Forward through expanded rows: every input value is written `filters` times, side
    /// by side (`exp[((iy·c + ch)·wp + ixp)·nf + f] = x[iy, ixp − pad, ch]`), so that one
    /// output row `(ow·nf)` is a sum over taps of whole-row products with the tiled kernel
    /// row, `out[q] += exp[tap offset + q] · wt[tap][q]`: long contiguous loops that
    /// vectorise, no im2col and no scatter of each filter's outputs into NHWC.
    fn forward_rows(&mut self, xs: &[F], ys: &mut [F], act: Activation) {
        let (nf, c, gy, gx) = (self.filters, self.channels, self.gy, self.gx);
        let (h, w) = (gy.n, gx.n);
        let wp = self.expanded_width();
        let len = gx.out * nf;
        let eplane = h * c * wp * nf;
        let n = xs.len() / (h * w * c);
        self.exp.resize(n * eplane, F::zero());
        let (Some(wk), Some(bias)) = (self.kernel.as_slice(), self.bias.as_slice()) else { return };
        let taps = gy.k * gx.k * c;
        // Kernel and bias tiled along an output row.
        self.wt.resize(taps * len, F::zero());
        for (t, row) in self.wt.chunks_exact_mut(len).enumerate() {
            for cell in row.chunks_exact_mut(nf) {
                cell.copy_from_slice(&wk[t * nf..(t + 1) * nf]);
            }
        }
        let mut bt = vec![F::zero(); len];
        if self.use_bias {
            bt.chunks_exact_mut(nf).for_each(|cell| cell.copy_from_slice(bias));
        }
        let mut offs: Vec<(usize, usize)> = Vec::with_capacity(taps);
        let mut exp = std::mem::take(&mut self.exp);
        for (b, (xb, eb)) in
            xs.chunks_exact(h * w * c).zip(exp.chunks_exact_mut(eplane)).enumerate()
        {
            self.expand(xb, eb);
            for oy in 0..gy.out {
                self.tap_offsets(&mut offs, oy);
                let out = &mut ys[(b * gy.out + oy) * len..][..len];
                out.copy_from_slice(&bt);
                F::row_products(out, eb, &self.wt, &offs);
                act.apply(out, nf);
            }
        }
        self.exp = exp;
    }

    /// One example's expanded rows: `e[((iy·c + ch)·wp + ixp)·nf + f] = x[iy, ixp − pad, ch]`,
    /// zero in the horizontal padding.
    fn expand(&self, xb: &[F], e: &mut [F]) {
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

    /// Backward of [`Self::forward_rows`]: per output row, `∂wt[tap][q] += exp[tap offset +
    /// q] · dz[q]` (summed over each filter's lanes at the end) and, for `dx`, the expanded
    /// rows' gradient summed back over the filters.
    fn backward_rows(&mut self, ds: &[F], mut dx: Option<&mut [F]>) {
        let (nf, c, gy, gx) = (self.filters, self.channels, self.gy, self.gx);
        let (h, w) = (gy.n, gx.n);
        let wp = self.expanded_width();
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
                self.tap_offsets(&mut offs, oy);
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
        let (Some(dw), Some(db)) = (self.dkernel.as_slice_mut(), self.dbias.as_slice_mut()) else {
            return;
        };
        // Each filter's lanes of a tiled row, summed.
        for (d, row) in dw.chunks_exact_mut(nf).zip(self.accw.chunks_exact(len)) {
            column_sums(row, d);
        }
        column_sums(&accb, db);
    }

    /// Few filters (the first layer: 6): the matrix product's tiles would be mostly
    /// padding, so compute directly, a block of window positions at a time (in L1).
    fn forward_small(&self, ys: &mut [F], m: usize) {
        let (k, nf) = (self.kernel.nrows(), self.filters);
        let (Some(w), Some(cols), Some(bias)) =
            (self.kernel.as_slice(), self.cols.as_slice(), self.bias.as_slice())
        else {
            return;
        };
        let mut acc = [F::zero(); BLOCK];
        for m0 in (0..m).step_by(BLOCK) {
            let len = BLOCK.min(m - m0);
            let acc = &mut acc[..len];
            for f in 0..nf {
                acc.fill(if self.use_bias { bias[f] } else { F::zero() });
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

    /// Backward of [`Self::forward_small`]: ∂kernel (and ∂cols if `need_dcols`) from
    /// `dz` `(positions, filters)`, transposed a block at a time.
    fn backward_small(&mut self, dz: &[F], m: usize, need_dcols: bool) {
        let (k, nf) = (self.kernel.nrows(), self.filters);
        let (Some(w), Some(cols), Some(dw)) =
            (self.kernel.as_slice(), self.cols.as_slice(), self.dkernel.as_slice_mut())
        else {
            return;
        };
        let mut dcols = if need_dcols { self.dcols.as_slice_mut() } else { None };
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
}

/// At most this many filters: direct kernels instead of a matrix product (measured: the
/// first LeNet layer, 6 filters, runs faster so both natively and in wasm).
const SMALL_FILTERS: usize = 8;
/// Window positions per block of the direct kernels (their scratch stays in L1).
const BLOCK: usize = 128;

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
    x: &ArrayView2<F>,
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
    x: &ArrayView2<F>,
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
