//! Layers: each a config (Keras names and defaults) and the layer it builds.
//!
//! Every layer has the three verbs of backpropagation, kept separate: compute the output
//! (`forward`), and in `backward` the parameter gradients and the input gradient.
//! A batch is an `Array2` of shape `(batch, features)`; each row is one example in
//! row-major NHWC order (see [`crate::nn`]).

pub mod activation;
pub mod conv;
pub mod dense;
pub mod dropout;
pub mod flatten;
pub mod pool;

use ndarray::{Array2, ArrayView2};

use super::{Expected, NnError, Rng, Scalar};
use activation::Activation;
use conv::{Conv1DConfig, Conv2DConfig, ConvLayer};
use dense::{Dense, DenseConfig};
use dropout::{Dropout, DropoutConfig};
use flatten::Flatten;
use pool::{PoolConfig, PoolLayer};

/// Keras's `padding` argument.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Padding {
    /// No padding: the window stays inside the input. Output `⌊(n − k) / s⌋ + 1`.
    #[default]
    Valid,
    /// Zero padding so that the output has `⌈n / s⌉` positions (`n` when `s = 1`).
    /// As Keras, when the total padding is odd the extra zero goes after (right/bottom).
    Same,
}

impl Padding {
    pub fn keras_name(self) -> &'static str {
        match self {
            Padding::Valid => "valid",
            Padding::Same => "same",
        }
    }
}

/// Largest input length, window or stride on one axis.
pub const MAX_AXIS: usize = 1 << 20;
/// Largest number of parameters, and of values per example, one layer may have: a typo in
/// a lesson's field must give an error, not exhaust the browser's memory.
pub const MAX_LAYER_SIZE: usize = 1 << 26;

/// How a sliding window covers one axis: input length, window, stride, padding, output.
///
/// The output length is `⌊(n + pad_before + pad_after − k) / s⌋ + 1`, that is the course's
/// `⌊(n + 2p − k) / s⌋ + 1` when the padding is symmetric.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AxisGeometry {
    pub n: usize,
    pub k: usize,
    pub stride: usize,
    pub pad_before: usize,
    pub pad_after: usize,
    pub out: usize,
}

impl AxisGeometry {
    /// # Errors
    /// A zero window or stride, or (`valid`) a window longer than the input.
    pub fn new(n: usize, k: usize, stride: usize, padding: Padding) -> Result<Self, NnError> {
        if k == 0 || stride == 0 {
            return Err(NnError::ZeroWindowOrStride { window: k, stride });
        }
        // Bounds far above any lesson, so that no arithmetic below can overflow.
        if k > MAX_AXIS || stride > MAX_AXIS || n > MAX_AXIS {
            return Err(NnError::TooLarge { limit: MAX_AXIS });
        }
        if n == 0 {
            return Err(NnError::EmptyInput);
        }
        match padding {
            Padding::Valid => {
                if k > n {
                    return Err(NnError::WindowTooLarge { window: k, input: n });
                }
                Ok(AxisGeometry {
                    n,
                    k,
                    stride,
                    pad_before: 0,
                    pad_after: 0,
                    out: (n - k) / stride + 1,
                })
            }
            Padding::Same => {
                let out = n.div_ceil(stride);
                // Keras/TensorFlow: total = max((out − 1)·s + k − n, 0), the smaller half first.
                let total = ((out - 1) * stride + k).saturating_sub(n);
                let before = total / 2;
                Ok(AxisGeometry {
                    n,
                    k,
                    stride,
                    pad_before: before,
                    pad_after: total - before,
                    out,
                })
            }
        }
    }

    /// The input indices covered by window `o`, padding excluded.
    pub fn input_range(&self, o: usize) -> std::ops::Range<usize> {
        let start = (o * self.stride) as isize - self.pad_before as isize;
        let lo = start.max(0) as usize;
        let hi = ((start + self.k as isize).max(0) as usize).min(self.n);
        lo..hi.max(lo)
    }

    /// Input index under window `o`, tap `t`; `None` when it falls in the padding.
    pub fn input_index(&self, o: usize, t: usize) -> Option<usize> {
        let i = (o * self.stride + t) as isize - self.pad_before as isize;
        (i >= 0 && (i as usize) < self.n).then_some(i as usize)
    }
}

/// A layer's configuration, as written in Keras. Build a model from a list of them with
/// [`crate::nn::Sequential::new`].
#[derive(Debug, Clone, PartialEq)]
pub enum LayerConfig {
    Conv1D(Conv1DConfig),
    Conv2D(Conv2DConfig),
    /// `MaxPooling1D/2D`, `AveragePooling1D/2D`.
    Pool(PoolConfig),
    Flatten,
    Dense(DenseConfig),
    Dropout(DropoutConfig),
}

impl LayerConfig {
    /// Keras's class name (`Conv2D`, `AveragePooling2D`, …).
    pub fn kind(&self) -> &'static str {
        match self {
            LayerConfig::Conv1D(_) => "Conv1D",
            LayerConfig::Conv2D(_) => "Conv2D",
            LayerConfig::Pool(p) => p.kind_name(),
            LayerConfig::Flatten => "Flatten",
            LayerConfig::Dense(_) => "Dense",
            LayerConfig::Dropout(_) => "Dropout",
        }
    }

    /// Keras's default layer name prefix (`conv2d`, `average_pooling2d`, …).
    pub fn keras_prefix(&self) -> &'static str {
        match self {
            LayerConfig::Conv1D(_) => "conv1d",
            LayerConfig::Conv2D(_) => "conv2d",
            LayerConfig::Pool(p) => p.keras_prefix(),
            LayerConfig::Flatten => "flatten",
            LayerConfig::Dense(_) => "dense",
            LayerConfig::Dropout(_) => "dropout",
        }
    }

    /// The layer's activation (`Linear` for layers without one).
    pub fn activation(&self) -> Activation {
        match self {
            LayerConfig::Conv1D(c) => c.activation,
            LayerConfig::Conv2D(c) => c.activation,
            LayerConfig::Dense(c) => c.activation,
            _ => Activation::Linear,
        }
    }

    /// Builds the layer for one example's `input_shape` (without the batch axis),
    /// drawing its initial weights from `rng` (Glorot uniform kernels, zero biases).
    ///
    /// # Errors
    /// An invalid configuration or an input shape the layer cannot take.
    pub fn init<F: Scalar>(
        &self,
        input_shape: &[usize],
        rng: &mut Rng,
    ) -> Result<Layer<F>, NnError> {
        self.init_with(input_shape, Some(rng))
    }

    /// [`Self::init`], with zero kernels when there is no `rng` (weights read from a file next).
    pub(crate) fn init_with<F: Scalar>(
        &self,
        input_shape: &[usize],
        rng: Option<&mut Rng>,
    ) -> Result<Layer<F>, NnError> {
        let last = *input_shape.last().unwrap_or(&1);
        let params = match self {
            LayerConfig::Conv1D(c) => {
                [c.kernel_size, last, c.filters].iter().try_fold(1usize, |a, &b| a.checked_mul(b))
            }
            LayerConfig::Conv2D(c) => [c.kernel_size.0, c.kernel_size.1, last, c.filters]
                .iter()
                .try_fold(1usize, |a, &b| a.checked_mul(b)),
            LayerConfig::Dense(c) => last.checked_mul(c.units),
            _ => Some(0),
        };
        if params.is_none_or(|p| p > MAX_LAYER_SIZE) {
            return Err(NnError::LayerTooLarge);
        }
        let input_len = input_shape.iter().try_fold(1usize, |a, &b| a.checked_mul(b));
        if input_len.is_none_or(|n| n > MAX_LAYER_SIZE) {
            return Err(NnError::LayerTooLarge);
        }
        let layer = match self {
            LayerConfig::Conv1D(c) => Layer::Conv(ConvLayer::new_1d(c, input_shape, rng)?),
            LayerConfig::Conv2D(c) => Layer::Conv(ConvLayer::new_2d(c, input_shape, rng)?),
            LayerConfig::Pool(p) => Layer::Pool(PoolLayer::new(p, input_shape)?),
            LayerConfig::Flatten => Layer::Flatten(Flatten::new(input_shape)?),
            LayerConfig::Dense(c) => Layer::Dense(Dense::new(c, input_shape, rng)?),
            LayerConfig::Dropout(c) => Layer::Dropout(Dropout::new(c, input_shape)?),
        };
        if layer
            .output_shape()
            .iter()
            .try_fold(1usize, |a, &b| a.checked_mul(b))
            .is_none_or(|n| n > MAX_LAYER_SIZE)
        {
            return Err(NnError::LayerTooLarge);
        }
        Ok(layer)
    }
}

impl From<Conv1DConfig> for LayerConfig {
    fn from(c: Conv1DConfig) -> Self {
        LayerConfig::Conv1D(c)
    }
}
impl From<Conv2DConfig> for LayerConfig {
    fn from(c: Conv2DConfig) -> Self {
        LayerConfig::Conv2D(c)
    }
}
impl From<PoolConfig> for LayerConfig {
    fn from(c: PoolConfig) -> Self {
        LayerConfig::Pool(c)
    }
}
impl From<DenseConfig> for LayerConfig {
    fn from(c: DenseConfig) -> Self {
        LayerConfig::Dense(c)
    }
}
impl From<DropoutConfig> for LayerConfig {
    fn from(c: DropoutConfig) -> Self {
        LayerConfig::Dropout(c)
    }
}

/// What a forward pass needs besides the input.
pub struct Ctx<'a> {
    /// Training mode: dropout draws a mask (inference: dropout is the identity).
    pub training: bool,
    /// Source of dropout masks; required when `training`.
    pub rng: Option<&'a mut Rng>,
}

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

/// A parameter tensor with its gradient, both flat in Keras's layout.
pub struct ParamMut<'a, F> {
    pub value: &'a mut [F],
    pub grad: &'a [F],
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
        x: ArrayView2<F>,
        y: &mut Array2<F>,
        act: Activation,
        ctx: &mut Ctx,
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
        x: ArrayView2<F>,
        y: ArrayView2<F>,
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

/// Makes `a` a `(rows, cols)` array, reallocating only when the shape changes.
pub(crate) fn ensure_shape<F: Scalar>(a: &mut Array2<F>, rows: usize, cols: usize) {
    if a.dim() != (rows, cols) {
        *a = Array2::zeros((rows, cols));
    }
}

/// Checks that `input_shape` has rank `rank` and no zero axis.
pub(crate) fn expect_rank(
    kind: &'static str,
    input_shape: &[usize],
    expected: Expected,
) -> Result<(), NnError> {
    let rank = match expected {
        Expected::Signal => 2,
        Expected::Image => 3,
        Expected::Features => 1,
    };
    if input_shape.len() != rank {
        return Err(NnError::WrongRank {
            layer: kind.to_string(),
            expected,
            got: input_shape.to_vec(),
        });
    }
    if input_shape.contains(&0) {
        return Err(NnError::EmptyInput);
    }
    Ok(())
}
