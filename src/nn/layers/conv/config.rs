//! The Keras-named configurations of `Conv1D` and `Conv2D`, with Keras's defaults.

use crate::nn::Activation;
use crate::nn::layers::geometry::Padding;

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
