//! `Conv1D` and `Conv2D`: cross-correlation (the kernel is not flipped, as in Keras),
//! computed as im2col + one matrix product over the whole batch.
//!
//! A 1D convolution is run as a 2D one of height 1, so both share one tested engine.
//! This file holds the layer and chooses its path; the configs, the im2col pair, the two
//! direct paths for few filters (`rows`, `small`) and the bias loops have a file each.

mod bias;
mod config;
mod im2col;
mod rows;
mod small;

use ndarray::linalg::general_mat_mul;
use ndarray::{Array1, Array2, ArrayView2, ArrayViewMut2};

use super::common::{ParamMut, ensure_shape, expect_rank};
use super::geometry::{AxisGeometry, Padding};
use crate::nn::init::kernel_values;
use crate::nn::{Activation, Expected, NnError, Rng, Scalar};
use bias::{add_rows, column_sums};
use im2col::{col2im, col2im_t, im2col, im2col_t};
use rows::RowKernels;
use small::SMALL_FILTERS;

pub use config::{Conv1DConfig, Conv2DConfig};

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
    /// Direct row kernels' buffers ([`Self::rows_path`]).
    rows: RowKernels<F>,
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
            rows: RowKernels::new(),
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

    pub(crate) fn forward(&mut self, x: ArrayView2<'_, F>, y: &mut Array2<F>, act: Activation) {
        let n = x.nrows();
        let m = n * self.positions();
        let k = self.kernel.nrows();
        let x = x.as_standard_layout();
        let Some(ys) = y.as_slice_mut() else { return };
        if self.rows_path() {
            if let Some(xs) = x.as_slice() {
                let spec = self.row_spec();
                self.rows.forward(spec, &self.kernel, &self.bias, xs, ys, act);
            }
            return;
        }
        if self.filters <= SMALL_FILTERS {
            ensure_shape(&mut self.cols, k, m);
            im2col_t(&x.view(), self.gy, self.gx, self.channels, &mut self.cols);
            small::forward(
                &self.kernel,
                &self.cols,
                &self.bias,
                self.use_bias,
                self.filters,
                ys,
                m,
            );
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
        y: ArrayView2<'_, F>,
        dy: &mut Array2<F>,
        dx: Option<&mut Array2<F>>,
        act: Activation,
    ) {
        let m = dy.nrows() * self.positions();
        let (Some(ys), Some(ds)) = (y.to_slice(), dy.as_slice_mut()) else { return };
        act.backprop(ys, ds, self.filters);
        if self.rows_path() {
            let spec = self.row_spec();
            let dx = dx.and_then(|d| d.as_slice_mut());
            self.rows.backward(spec, ds, dx, &mut self.dkernel, &mut self.dbias);
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
            let dcols = dx.is_some().then_some(&mut self.dcols);
            small::backward(
                &self.kernel,
                &self.cols,
                &mut self.dkernel,
                dcols,
                self.filters,
                ds,
                m,
            );
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

    /// What the row kernels need of the layer.
    fn row_spec(&self) -> rows::Spec {
        rows::Spec {
            filters: self.filters,
            channels: self.channels,
            gy: self.gy,
            gx: self.gx,
            use_bias: self.use_bias,
        }
    }
}
