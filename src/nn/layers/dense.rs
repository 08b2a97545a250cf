//! `Dense`: a fully connected layer, `y = act(x · kernel + bias)`.

use ndarray::linalg::general_mat_mul;
use ndarray::{Array1, Array2, ArrayView2, Axis};

use super::common::{ParamMut, expect_rank};
use super::keras::{ArchError, Arg, ArgReader, Value};
use crate::nn::init::kernel_values;
use crate::nn::{Activation, Expected, NnError, Rng, Scalar};

/// Keras's `Dense(units, activation=None, use_bias=True)`.
///
/// # Shapes
/// Input `(features,)` (put a `Flatten` first for images), output `(units,)`;
/// kernel `(features, units)`, bias `(units,)`.
#[derive(Debug, Clone, PartialEq)]
pub struct DenseConfig {
    pub units: usize,
    pub activation: Activation,
    pub use_bias: bool,
}

impl DenseConfig {
    pub fn new(units: usize) -> Self {
        DenseConfig { units, activation: Activation::Linear, use_bias: true }
    }
    pub fn activation(mut self, a: Activation) -> Self {
        self.activation = a;
        self
    }
    pub fn use_bias(mut self, b: bool) -> Self {
        self.use_bias = b;
        self
    }

    /// Its settings in Keras's words (`layers::keras`).
    pub(crate) fn keras_args(&self) -> Vec<Arg> {
        vec![
            Arg::positional("units", Value::Int(self.units)),
            Arg::keyword(
                "activation",
                Value::Activation(self.activation),
                Value::Activation(Activation::Linear),
            ),
            Arg::keyword("use_bias", Value::Flag(self.use_bias), Value::Flag(true)),
        ]
    }

    pub(crate) fn from_keras(r: &mut ArgReader<'_>) -> Result<Self, ArchError> {
        let units = r.int("units", Some(0), None)?;
        Ok(DenseConfig::new(units).activation(r.activation()?).use_bias(r.flag("use_bias", true)?))
    }
}

/// A built dense layer.
#[derive(Debug, Clone)]
pub struct Dense<F: Scalar> {
    use_bias: bool,
    kernel: Array2<F>,
    bias: Array1<F>,
    dkernel: Array2<F>,
    dbias: Array1<F>,
}

impl<F: Scalar> Dense<F> {
    pub(crate) fn new(
        c: &DenseConfig,
        input_shape: &[usize],
        rng: Option<&mut Rng>,
    ) -> Result<Self, NnError> {
        expect_rank("Dense", input_shape, Expected::Features)?;
        if c.units == 0 {
            return Err(NnError::NoUnits);
        }
        let n_in = input_shape[0];
        let w = kernel_values::<F>(n_in, c.units, n_in * c.units, rng);
        Ok(Dense {
            use_bias: c.use_bias,
            kernel: Array2::from_shape_vec((n_in, c.units), w)
                .map_err(|_| NnError::SizeMismatch { got: 0, expected: n_in * c.units })?,
            bias: Array1::zeros(c.units),
            dkernel: Array2::zeros((n_in, c.units)),
            dbias: Array1::zeros(c.units),
        })
    }

    pub fn units(&self) -> usize {
        self.kernel.ncols()
    }

    pub(crate) fn params(&self) -> Vec<(&'static str, Vec<usize>, &[F])> {
        let mut v = vec![(
            "kernel",
            vec![self.kernel.nrows(), self.kernel.ncols()],
            self.kernel.as_slice().unwrap_or(&[]),
        )];
        if self.use_bias {
            v.push(("bias", vec![self.bias.len()], self.bias.as_slice().unwrap_or(&[])));
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

    pub(crate) fn forward(&mut self, x: ArrayView2<'_, F>, y: &mut Array2<F>, act: Activation) {
        // One example (a stroke on the pad): a row times the matrix, read once in place; a
        // general product would first copy all of the matrix into its packed layout.
        match (x.nrows(), x.as_slice(), self.kernel.as_slice(), y.as_slice_mut()) {
            (1, Some(xs), Some(w), Some(ys)) => F::vec_mat(xs, w, ys),
            _ => general_mat_mul(F::one(), &x, &self.kernel, F::zero(), y),
        }
        if self.use_bias {
            *y += &self.bias;
        }
        let units = self.units();
        if let Some(ys) = y.as_slice_mut() {
            act.apply(ys, units);
        }
    }

    pub(crate) fn backward(
        &mut self,
        x: ArrayView2<'_, F>,
        y: ArrayView2<'_, F>,
        dy: &mut Array2<F>,
        dx: Option<&mut Array2<F>>,
        act: Activation,
    ) {
        let units = self.units();
        if let (Some(ys), Some(ds)) = (y.to_slice(), dy.as_slice_mut()) {
            act.backprop(ys, ds, units);
        }
        general_mat_mul(F::one(), &x.t(), &*dy, F::zero(), &mut self.dkernel);
        if self.use_bias {
            self.dbias.assign(&dy.sum_axis(Axis(0)));
        }
        if let Some(dx) = dx {
            general_mat_mul(F::one(), &*dy, &self.kernel.t(), F::zero(), dx);
        }
    }
}
