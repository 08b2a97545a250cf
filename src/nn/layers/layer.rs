//! The built layer: one enum over the layer types, dispatching the three verbs of
//! backpropagation (forward, parameter gradients, input gradient).

use ndarray::{Array2, ArrayView2};

use super::activation::Activation;
use super::common::{Ctx, ParamMut};
use super::conv::ConvLayer;
use super::dense::Dense;
use super::dropout::Dropout;
use super::flatten::Flatten;
use super::pool::PoolLayer;
use crate::nn::Scalar;

/// A built layer with its parameters, gradients and the buffers its backward pass needs.
// A model holds a handful of layers, built once: boxing the large variants would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum Layer<F: Scalar> {
    Conv(ConvLayer<F>),
    Pool(PoolLayer<F>),
    Flatten(Flatten),
    Dense(Dense<F>),
    Dropout(Dropout<F>),
}

impl<F: Scalar> Layer<F> {
    /// One example's output shape (without the batch axis).
    pub fn output_shape(&self) -> Vec<usize> {
        match self {
            Layer::Conv(l) => l.output_shape(),
            Layer::Pool(l) => l.output_shape(),
            Layer::Flatten(l) => l.output_shape(),
            Layer::Dense(l) => vec![l.units()],
            Layer::Dropout(l) => l.shape().to_vec(),
        }
    }

    pub(crate) fn output_len(&self) -> usize {
        self.output_shape().iter().product()
    }

    /// Number of trainable parameters.
    pub fn param_count(&self) -> usize {
        self.params().iter().map(|p| p.2.len()).sum()
    }

    /// The parameter tensors as `(name, shape, values)`, Keras's layout
    /// (`kernel` `(kh, kw, in, out)` or `(k, in, out)` or `(in, out)`, then `bias`).
    pub fn params(&self) -> Vec<(&'static str, Vec<usize>, &[F])> {
        match self {
            Layer::Conv(l) => l.params(),
            Layer::Dense(l) => l.params(),
            _ => Vec::new(),
        }
    }

    pub(crate) fn params_mut(&mut self) -> Vec<ParamMut<'_, F>> {
        match self {
            Layer::Conv(l) => l.params_mut(),
            Layer::Dense(l) => l.params_mut(),
            _ => Vec::new(),
        }
    }

    /// Runs the layer on a batch `x` `(batch, input features)` into `y`
    /// `(batch, output features)` (resized if needed). `act` replaces the layer's own
    /// activation (the model passes `Linear` to the last layer to fuse softmax and loss).
    pub(crate) fn forward(
        &mut self,
        x: ArrayView2<'_, F>,
        y: &mut Array2<F>,
        act: Activation,
        ctx: &mut Ctx<'_>,
    ) {
        let n = x.nrows();
        let d = self.output_len();
        if y.dim() != (n, d) {
            *y = Array2::zeros((n, d));
        }
        match self {
            Layer::Conv(l) => l.forward(x, y, act),
            Layer::Pool(l) => l.forward(x, y),
            Layer::Flatten(_) => y.assign(&x),
            Layer::Dense(l) => l.forward(x, y, act),
            Layer::Dropout(l) => l.forward(x, y, ctx),
        }
    }

    /// Given the layer's input `x`, its output `y` and `dy` = ∂loss/∂y (overwritten: the
    /// layer may use it as scratch), accumulates nothing but *sets* the parameter
    /// gradients and, if `dx` is given, writes ∂loss/∂x into it (resized if needed).
    pub(crate) fn backward(
        &mut self,
        x: ArrayView2<'_, F>,
        y: ArrayView2<'_, F>,
        dy: &mut Array2<F>,
        dx: Option<&mut Array2<F>>,
        act: Activation,
    ) {
        let dx = dx.map(|dx| {
            if dx.dim() != x.dim() {
                *dx = Array2::zeros(x.dim());
            }
            dx
        });
        match self {
            Layer::Conv(l) => l.backward(y, dy, dx, act),
            Layer::Pool(l) => l.backward(dy, dx),
            Layer::Flatten(_) => {
                if let Some(dx) = dx {
                    dx.assign(dy);
                }
            }
            Layer::Dense(l) => l.backward(x, y, dy, dx, act),
            Layer::Dropout(l) => l.backward(dy, dx),
        }
    }
}
