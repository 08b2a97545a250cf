//! `MaxPooling1D/2D` and `AveragePooling1D/2D`, each channel pooled on its own.

use ndarray::{Array2, ArrayView2};

use super::common::expect_rank;
use super::geometry::{AxisGeometry, Padding};
use super::keras::{ArchError, Arg, ArgReader, Value};
use crate::nn::{Expected, NnError, Scalar};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PoolKind {
    Max,
    Average,
}

/// Keras's `MaxPooling1D/2D` and `AveragePooling1D/2D(pool_size=2, strides=None,
/// padding='valid')`; `strides` defaults to `pool_size`, and sizes are floored as in Keras
/// (13 → 6 under a 2×2 pool). With `same` padding the padded cells are ignored (not
/// counted in the average), as in Keras.
///
/// # Shapes
/// 2D: input `(height, width, channels)` → `(out_h, out_w, channels)`;
/// 1D: input `(steps, channels)` → `(out_steps, channels)`.
#[derive(Debug, Clone, PartialEq)]
pub struct PoolConfig {
    pub kind: PoolKind,
    /// `false`: the 1D layer (`pool_size.0` and `strides.0` are then 1).
    pub two_d: bool,
    pub pool_size: (usize, usize),
    /// `None`: the pool size (Keras's `strides=None`).
    pub strides: Option<(usize, usize)>,
    pub padding: Padding,
}

impl PoolConfig {
    pub fn max_pooling_2d(pool_size: (usize, usize)) -> Self {
        PoolConfig {
            kind: PoolKind::Max,
            two_d: true,
            pool_size,
            strides: None,
            padding: Padding::Valid,
        }
    }
    pub fn average_pooling_2d(pool_size: (usize, usize)) -> Self {
        PoolConfig { kind: PoolKind::Average, ..Self::max_pooling_2d(pool_size) }
    }
    pub fn max_pooling_1d(pool_size: usize) -> Self {
        PoolConfig {
            kind: PoolKind::Max,
            two_d: false,
            pool_size: (1, pool_size),
            strides: None,
            padding: Padding::Valid,
        }
    }
    pub fn average_pooling_1d(pool_size: usize) -> Self {
        PoolConfig { kind: PoolKind::Average, ..Self::max_pooling_1d(pool_size) }
    }
    /// 2D strides; for a 1D pool pass `(1, s)`.
    pub fn strides(mut self, s: (usize, usize)) -> Self {
        self.strides = Some(s);
        self
    }
    pub fn padding(mut self, p: Padding) -> Self {
        self.padding = p;
        self
    }

    pub(crate) fn kind_name(&self) -> &'static str {
        match (self.kind, self.two_d) {
            (PoolKind::Max, false) => "MaxPooling1D",
            (PoolKind::Max, true) => "MaxPooling2D",
            (PoolKind::Average, false) => "AveragePooling1D",
            (PoolKind::Average, true) => "AveragePooling2D",
        }
    }

    pub(crate) fn keras_prefix(&self) -> &'static str {
        match (self.kind, self.two_d) {
            (PoolKind::Max, false) => "max_pooling1d",
            (PoolKind::Max, true) => "max_pooling2d",
            (PoolKind::Average, false) => "average_pooling1d",
            (PoolKind::Average, true) => "average_pooling2d",
        }
    }

    pub(crate) fn effective_strides(&self) -> (usize, usize) {
        self.strides.unwrap_or(self.pool_size)
    }

    /// Its settings in Keras's words (`layers::keras`); strides left out when they are the
    /// pool size (Keras's `strides=None`).
    pub(crate) fn keras_args(&self) -> Vec<Arg> {
        let size =
            |v: (usize, usize)| if self.two_d { Value::Pair(v.0, v.1) } else { Value::Int(v.1) };
        let s = self.effective_strides();
        let mut strides = Arg::named("strides", size(s));
        strides.default = s == self.pool_size;
        vec![
            Arg::named("pool_size", size(self.pool_size)),
            strides,
            Arg::keyword("padding", Value::Padding(self.padding), Value::Padding(Padding::Valid)),
        ]
    }

    /// Reads a `kind` pooling's settings (1D when not `two_d`).
    pub(crate) fn from_keras(
        kind: PoolKind,
        two_d: bool,
        r: &mut ArgReader<'_>,
    ) -> Result<Self, ArchError> {
        let (size, strides) = if two_d {
            (r.pair("pool_size", Some(0), Some((2, 2)))?, r.optional_pair("strides", Some(1))?)
        } else {
            let n = r.single("pool_size", Some(0), Some(2))?;
            ((1, n), r.optional_single("strides", Some(1))?.map(|s| (1, s)))
        };
        let base = match (kind, two_d) {
            (PoolKind::Max, true) => PoolConfig::max_pooling_2d(size),
            (PoolKind::Average, true) => PoolConfig::average_pooling_2d(size),
            (PoolKind::Max, false) => PoolConfig::max_pooling_1d(size.1),
            (PoolKind::Average, false) => PoolConfig::average_pooling_1d(size.1),
        };
        let mut p = base.padding(r.padding()?);
        // Strides equal to the size are Keras's default, written out or not (Keras's own
        // JSON writes them): one network, one description.
        p.strides = strides.filter(|&s| s != size);
        Ok(p)
    }
}

/// A built pooling layer.
#[derive(Debug, Clone)]
pub struct PoolLayer<F: Scalar> {
    kind: PoolKind,
    two_d: bool,
    channels: usize,
    gy: AxisGeometry,
    gx: AxisGeometry,
    /// Max: for each output value of the last batch, the input index (within its example)
    /// that won. Average: unused.
    argmax: Vec<u32>,
    _f: std::marker::PhantomData<F>,
}

impl<F: Scalar> PoolLayer<F> {
    pub(crate) fn new(c: &PoolConfig, input_shape: &[usize]) -> Result<Self, NnError> {
        let (sy, sx) = c.effective_strides();
        let (gy, gx, channels) = if c.two_d {
            expect_rank(c.kind_name(), input_shape, Expected::Image)?;
            (
                AxisGeometry::new(input_shape[0], c.pool_size.0, sy, c.padding)?,
                AxisGeometry::new(input_shape[1], c.pool_size.1, sx, c.padding)?,
                input_shape[2],
            )
        } else {
            expect_rank(c.kind_name(), input_shape, Expected::Signal)?;
            (
                AxisGeometry::new(1, 1, 1, Padding::Valid)?,
                AxisGeometry::new(input_shape[0], c.pool_size.1, sx, c.padding)?,
                input_shape[1],
            )
        };
        Ok(PoolLayer {
            kind: c.kind,
            two_d: c.two_d,
            channels,
            gy,
            gx,
            argmax: Vec::new(),
            _f: Default::default(),
        })
    }

    pub fn output_shape(&self) -> Vec<usize> {
        if self.two_d {
            vec![self.gy.out, self.gx.out, self.channels]
        } else {
            vec![self.gx.out, self.channels]
        }
    }

    /// The winning input index (within its example, NHWC-flat) of every output value of the
    /// last forward batch, for max pooling; empty for average pooling.
    pub fn argmax(&self) -> &[u32] {
        &self.argmax
    }

    pub(crate) fn forward(&mut self, x: ArrayView2<'_, F>, y: &mut Array2<F>) {
        let x = x.as_standard_layout();
        let (Some(xs), Some(ys)) = (x.as_slice(), y.as_slice_mut()) else { return };
        let (c, gy, gx) = (self.channels, self.gy, self.gx);
        let plane = gy.n * gx.n * c;
        let oplane = gy.out * gx.out * c;
        let max = self.kind == PoolKind::Max;
        if max {
            self.argmax.resize(ys.len(), 0);
        }
        if gy.pad_before + gy.pad_after + gx.pad_before + gx.pad_after == 0
            && gy.stride == gy.k
            && gx.stride == gx.k
        {
            self.forward_tiled(xs, ys);
            return;
        }
        // Channels innermost: every cell of a window is a contiguous run of `c` values.
        for b in 0..x.nrows() {
            let xb = &xs[b * plane..(b + 1) * plane];
            for oy in 0..gy.out {
                let ry = gy.input_range(oy);
                for ox in 0..gx.out {
                    let rx = gx.input_range(ox);
                    let o = b * oplane + (oy * gx.out + ox) * c;
                    let out = &mut ys[o..o + c];
                    let count = ry.len() * rx.len();
                    if count == 0 {
                        out.fill(F::zero());
                        if max {
                            self.argmax[o..o + c].fill(u32::MAX);
                        }
                        continue;
                    }
                    if max {
                        let arg = &mut self.argmax[o..o + c];
                        let first = (ry.start * gx.n + rx.start) * c;
                        out.copy_from_slice(&xb[first..first + c]);
                        arg.iter_mut().enumerate().for_each(|(ch, a)| *a = (first + ch) as u32);
                        for iy in ry.clone() {
                            for ix in rx.clone() {
                                let base = (iy * gx.n + ix) * c;
                                for (ch, (&v, (m, a))) in xb[base..base + c]
                                    .iter()
                                    .zip(out.iter_mut().zip(arg.iter_mut()))
                                    .enumerate()
                                {
                                    // Strict `>`: on ties the first cell wins, as in TensorFlow.
                                    if v > *m {
                                        *m = v;
                                        *a = (base + ch) as u32;
                                    }
                                }
                            }
                        }
                    } else {
                        out.fill(F::zero());
                        for iy in ry.clone() {
                            let row = &xb[(iy * gx.n + rx.start) * c..(iy * gx.n + rx.end) * c];
                            for cell in row.chunks_exact(c) {
                                out.iter_mut().zip(cell).for_each(|(m, &v)| *m += v);
                            }
                        }
                        let n = F::from_f64(count as f64);
                        out.iter_mut().for_each(|m| *m /= n);
                    }
                }
            }
        }
    }

    /// Fast path for the usual case (no padding, stride = pool size: the windows tile the
    /// input): one pass over each input row, no per-window index arithmetic.
    fn forward_tiled(&mut self, xs: &[F], ys: &mut [F]) {
        let (c, gy, gx) = (self.channels, self.gy, self.gx);
        let (pw, w, ow) = (gx.k, gx.n, gx.out);
        let plane = gy.n * w * c;
        let oplane = gy.out * ow * c;
        let max = self.kind == PoolKind::Max;
        let count = F::from_f64((gy.k * gx.k) as f64);
        for (b, (xb, yb)) in xs.chunks_exact(plane).zip(ys.chunks_exact_mut(oplane)).enumerate() {
            for (oy, out) in yb.chunks_exact_mut(ow * c).enumerate() {
                if !max {
                    let rows = &xb[oy * gy.k * w * c..];
                    match c {
                        6 => avg_row(rows, w * c, gy.k, pw, 6, out, count),
                        16 => avg_row(rows, w * c, gy.k, pw, 16, out, count),
                        _ => avg_row(rows, w * c, gy.k, pw, c, out, count),
                    }
                    continue;
                }
                for ky in 0..gy.k {
                    let iy = oy * gy.k + ky;
                    let row = &xb[iy * w * c..][..ow * pw * c];
                    let arg = &mut self.argmax[b * oplane + oy * ow * c..][..ow * c];
                    for (ox, ((o, a), cells)) in out
                        .chunks_exact_mut(c)
                        .zip(arg.chunks_exact_mut(c))
                        .zip(row.chunks_exact(pw * c))
                        .enumerate()
                    {
                        for kx in 0..pw {
                            let base = (iy * w + ox * pw + kx) * c;
                            for (ch, ((o, a), &v)) in o
                                .iter_mut()
                                .zip(a.iter_mut())
                                .zip(&cells[kx * c..(kx + 1) * c])
                                .enumerate()
                            {
                                // Strict `>`: on ties the first cell wins, as in TensorFlow.
                                if (ky == 0 && kx == 0) || v > *o {
                                    *o = v;
                                    *a = (base + ch) as u32;
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    pub(crate) fn backward(&mut self, dy: &mut Array2<F>, dx: Option<&mut Array2<F>>) {
        let Some(dx) = dx else { return };
        let n = dx.nrows();
        let (Some(ds), Some(xs)) = (dy.as_slice(), dx.as_slice_mut()) else { return };
        let (c, gy, gx) = (self.channels, self.gy, self.gx);
        let plane = gy.n * gx.n * c;
        let oplane = gy.out * gx.out * c;
        match self.kind {
            PoolKind::Max => {
                xs.fill(F::zero());
                for b in 0..n {
                    for j in 0..oplane {
                        let o = b * oplane + j;
                        let a = self.argmax[o];
                        if a != u32::MAX {
                            xs[b * plane + a as usize] += ds[o];
                        }
                    }
                }
            }
            PoolKind::Average
                if gy.pad_before + gy.pad_after + gx.pad_before + gx.pad_after == 0
                    && gy.stride == gy.k
                    && gx.stride == gx.k =>
            {
                // Tiled windows do not overlap: each input cell gets exactly one share, the
                // window's first row computed, the others copied, the cells no window
                // covers (the last row or column of an odd size) zeroed.
                let inv = F::one() / F::from_f64((gy.k * gx.k) as f64);
                let (pw, rowlen, covered) = (gx.k, gx.n * c, gx.out * gx.k * c);
                for (xb, gb) in xs.chunks_exact_mut(plane).zip(ds.chunks_exact(oplane)) {
                    for iy in 0..gy.n {
                        let (oy, ky) = (iy / gy.k, iy % gy.k);
                        let at = iy * rowlen;
                        if oy >= gy.out {
                            xb[at..at + rowlen].fill(F::zero());
                            continue;
                        }
                        if ky == 0 {
                            let (g, row) =
                                (&gb[oy * gx.out * c..][..gx.out * c], &mut xb[at..at + covered]);
                            match c {
                                6 => avg_row_back(g, row, pw, 6, inv),
                                16 => avg_row_back(g, row, pw, 16, inv),
                                _ => avg_row_back(g, row, pw, c, inv),
                            }
                        } else {
                            xb.copy_within(at - rowlen..at - rowlen + covered, at);
                        }
                        xb[at + covered..at + rowlen].fill(F::zero());
                    }
                }
            }
            PoolKind::Average => {
                xs.fill(F::zero());
                for b in 0..n {
                    let xb = &mut xs[b * plane..(b + 1) * plane];
                    for oy in 0..gy.out {
                        let rows = gy.input_range(oy);
                        for ox in 0..gx.out {
                            let cols_ = gx.input_range(ox);
                            let count = rows.len() * cols_.len();
                            if count == 0 {
                                continue;
                            }
                            let inv = F::one() / F::from_f64(count as f64);
                            let o = b * oplane + (oy * gx.out + ox) * c;
                            let g = &ds[o..o + c];
                            for iy in rows.clone() {
                                let row = &mut xb
                                    [(iy * gx.n + cols_.start) * c..(iy * gx.n + cols_.end) * c];
                                for cell in row.chunks_exact_mut(c) {
                                    cell.iter_mut().zip(g).for_each(|(d, &g)| *d += g * inv);
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// One output row of a tiled average pool: `out` `(ow·c)`, the window's rows starting at
/// `rows[ky·stride]`. Inlined at each call with `c` a constant where the course's layers
/// have one, so that the per-cell loops unroll instead of looping over 6 values.
#[inline(always)]
fn avg_row<F: Scalar>(
    rows: &[F],
    stride: usize,
    py: usize,
    pw: usize,
    c: usize,
    out: &mut [F],
    count: F,
) {
    for (ox, o) in out.chunks_exact_mut(c).enumerate() {
        o.fill(F::zero());
        for ky in 0..py {
            let cells = &rows[ky * stride + ox * pw * c..][..pw * c];
            for cell in cells.chunks_exact(c) {
                o.iter_mut().zip(cell).for_each(|(o, &v)| *o += v);
            }
        }
        // Division, not a product by 1/count: equal to the generic path bit for bit.
        o.iter_mut().for_each(|o| *o /= count);
    }
}

/// Backward of [`avg_row`] for one input row: every cell of a window gets its output's
/// gradient share `g · inv`.
#[inline(always)]
fn avg_row_back<F: Scalar>(g: &[F], row: &mut [F], pw: usize, c: usize, inv: F) {
    for (cells, g) in row.chunks_exact_mut(pw * c).zip(g.chunks_exact(c)) {
        for cell in cells.chunks_exact_mut(c) {
            cell.iter_mut().zip(g).for_each(|(d, &g)| *d = g * inv);
        }
    }
}
