//! The Keras-named configurations of `Conv1D` and `Conv2D`, with Keras's defaults.

use crate::nn::Activation;
use crate::nn::layers::geometry::Padding;
use crate::nn::layers::keras::{ArchError, Arg, ArgReader, Value};

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

// Their settings in Keras's words (`layers::keras`): the text, the Python code and the
// reading back all come from these two functions.
impl Conv1DConfig {
    pub(crate) fn keras_args(&self) -> Vec<Arg> {
        vec![
            Arg::positional("filters", Value::Int(self.filters)),
            Arg::positional("kernel_size", Value::Int(self.kernel_size)),
            Arg::keyword("strides", Value::Int(self.strides), Value::Int(1)),
            Arg::keyword("padding", Value::Padding(self.padding), Value::Padding(Padding::Valid)),
            Arg::keyword(
                "activation",
                Value::Activation(self.activation),
                Value::Activation(Activation::Linear),
            ),
            Arg::keyword("use_bias", Value::Flag(self.use_bias), Value::Flag(true)),
        ]
    }

    pub(crate) fn from_keras(r: &mut ArgReader<'_>) -> Result<Self, ArchError> {
        let filters = r.int("filters", Some(0), None)?;
        let kernel = r.single("kernel_size", Some(1), None)?;
        let strides = r.single("strides", Some(2), Some(1))?;
        Ok(Conv1DConfig::new(filters, kernel)
            .strides(strides)
            .padding(r.padding()?)
            .activation(r.activation()?)
            .use_bias(r.flag("use_bias", true)?))
    }
}

impl Conv2DConfig {
    pub(crate) fn keras_args(&self) -> Vec<Arg> {
        let (k, s) = (self.kernel_size, self.strides);
        vec![
            Arg::positional("filters", Value::Int(self.filters)),
            Arg::positional("kernel_size", Value::Pair(k.0, k.1)).tuple(),
            Arg::keyword("strides", Value::Pair(s.0, s.1), Value::Pair(1, 1)).tuple(),
            Arg::keyword("padding", Value::Padding(self.padding), Value::Padding(Padding::Valid)),
            Arg::keyword(
                "activation",
                Value::Activation(self.activation),
                Value::Activation(Activation::Linear),
            ),
            Arg::keyword("use_bias", Value::Flag(self.use_bias), Value::Flag(true)),
        ]
    }

    pub(crate) fn from_keras(r: &mut ArgReader<'_>) -> Result<Self, ArchError> {
        let filters = r.int("filters", Some(0), None)?;
        let kernel = r.pair("kernel_size", Some(1), None)?;
        let strides = r.pair("strides", Some(2), Some((1, 1)))?;
        Ok(Conv2DConfig::new(filters, kernel)
            .strides(strides)
            .padding(r.padding()?)
            .activation(r.activation()?)
            .use_bias(r.flag("use_bias", true)?))
    }
}
