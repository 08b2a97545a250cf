//! Plain views of a model for the UI: one layer's output, one parameter tensor.

/// One layer's output for one example, for the UI's feature maps.
#[derive(Debug, Clone, PartialEq)]
pub struct LayerOutput {
    /// Keras-style name (`conv2d`, `average_pooling2d_1`, …).
    pub name: String,
    /// Keras class name (`Conv2D`, …).
    pub kind: &'static str,
    /// Without the batch axis: `(h, w, c)`, `(steps, c)` or `(units,)`; `data` is row-major.
    pub shape: Vec<usize>,
    pub data: Vec<f32>,
}

/// A parameter tensor of a model, in Keras's layout.
#[derive(Debug, Clone, Copy)]
pub struct ParamView<'a, F> {
    /// Index of the layer in the model.
    pub layer: usize,
    pub layer_name: &'a str,
    /// `kernel` or `bias`.
    pub name: &'static str,
    pub shape: &'a [usize],
    pub values: &'a [F],
}
