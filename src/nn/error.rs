//! The core's errors, typed: each variant carries the numbers of the case, so the interface
//! can say it in the student's language (`app::i18n::errors`). `Display` is English, for
//! logs and the native tools.

use std::fmt;

/// What a layer's input must look like, for [`NnError::WrongRank`].
// Serialisable with the browser app, so the worker can send it to the page typed.
#[cfg_attr(feature = "web", derive(serde::Serialize, serde::Deserialize))]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expected {
    /// `(steps, channels)`: Conv1D, 1D pooling.
    Signal,
    /// `(height, width, channels)`: Conv2D, 2D pooling.
    Image,
    /// `(features,)`: Dense, which needs a Flatten before it on images.
    Features,
}

/// Errors of the network core.
#[cfg_attr(feature = "web", derive(serde::Serialize, serde::Deserialize))]
#[derive(Debug, Clone, PartialEq)]
pub enum NnError {
    /// A model with no layer.
    NoLayers,
    /// A convolution with zero filters.
    NoFilters,
    /// A Dense layer with zero units.
    NoUnits,
    /// A dropout rate outside `[0, 1)`.
    DropoutRate(f64),
    /// Optimiser settings out of range (learning rate ≤ 0, momentum or β outside `[0, 1)`…).
    BadOptimizer,
    /// A batch size of 0.
    ZeroBatch,
    /// A window size or stride of 0.
    ZeroWindowOrStride { window: usize, stride: usize },
    /// An axis, window or stride above what the core supports.
    TooLarge { limit: usize },
    /// A layer whose parameters, input or output would not fit in memory.
    LayerTooLarge,
    /// A network with more parameters than the page trains (`params` up to this layer).
    TooManyParams { params: usize, limit: usize },
    /// Training minimises softmax cross-entropy: the last layer needs softmax.
    NeedsSoftmax,
    /// A window longer than the input, without padding.
    WindowTooLarge { window: usize, input: usize },
    /// An input with an axis of size 0 (or no axis at all).
    EmptyInput,
    /// A layer's input has the wrong rank.
    WrongRank { layer: String, expected: Expected, got: Vec<usize> },
    /// `got` values where the shape holds `expected`.
    SizeMismatch { got: usize, expected: usize },
    /// A model that cannot read the digits: it must take one grey image at least 28×28 and
    /// output 10 classes.
    NotADigitModel { input: Vec<usize>, output: Vec<usize> },
    /// An input, a kernel or a parameter that is not a finite number.
    NotFinite,
    /// A batch of no example.
    EmptyBatch,
    /// As many labels as examples are needed.
    LabelCount { labels: usize, batch: usize },
    /// A label beyond the number of classes.
    LabelOutOfRange { label: usize, classes: usize },
    /// `backward` before any `forward`, or with a gradient of the wrong shape.
    NoForwardPass,
    /// A window index outside the output (`index` and `output` per axis).
    NoSuchWindow { index: Vec<usize>, output: Vec<usize> },
    /// The error of layer `index` (from 1) of a model.
    InLayer { index: usize, kind: String, error: Box<NnError> },
}

impl NnError {
    /// Wraps a layer's error with its place in the model.
    pub fn in_layer(self, index: usize, kind: &str) -> NnError {
        NnError::InLayer { index, kind: kind.to_string(), error: Box::new(self) }
    }

    /// Every variant once, with sample numbers: the translations are tested against it.
    pub fn samples() -> Vec<NnError> {
        use NnError::*;
        vec![
            NoLayers,
            NoFilters,
            NoUnits,
            DropoutRate(1.5),
            BadOptimizer,
            ZeroBatch,
            ZeroWindowOrStride { window: 0, stride: 1 },
            TooLarge { limit: 1 << 20 },
            LayerTooLarge,
            TooManyParams { params: 5_000_000, limit: 4_000_000 },
            NeedsSoftmax,
            WindowTooLarge { window: 3, input: 1 },
            EmptyInput,
            WrongRank { layer: "Conv1D".into(), expected: Expected::Signal, got: vec![4, 4, 1] },
            WrongRank { layer: "Conv2D".into(), expected: Expected::Image, got: vec![4, 4] },
            WrongRank { layer: "Dense".into(), expected: Expected::Features, got: vec![4, 4, 1] },
            SizeMismatch { got: 3, expected: 4 },
            NotADigitModel { input: vec![8, 8, 1], output: vec![10] },
            NotFinite,
            EmptyBatch,
            LabelCount { labels: 1, batch: 2 },
            LabelOutOfRange { label: 12, classes: 10 },
            NoForwardPass,
            NoSuchWindow { index: vec![9], output: vec![8] },
            WindowTooLarge { window: 3, input: 2 }.in_layer(1, "Conv2D"),
        ]
    }
}

fn dims(v: &[usize]) -> String {
    v.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("×")
}

impl fmt::Display for NnError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use NnError::*;
        match self {
            NoLayers => write!(f, "a model needs at least one layer"),
            NoFilters => write!(f, "a convolution needs at least 1 filter"),
            NoUnits => write!(f, "a Dense layer needs at least 1 unit"),
            DropoutRate(r) => write!(f, "the dropout rate must be in [0, 1), got {r}"),
            BadOptimizer => write!(
                f,
                "bad optimiser settings (learning rate > 0, momentum and betas in [0, 1))"
            ),
            ZeroBatch => write!(f, "the batch size must be at least 1"),
            ZeroWindowOrStride { window, stride } => {
                write!(
                    f,
                    "window size and stride must be at least 1 (got size {window}, stride {stride})"
                )
            }
            TooLarge { limit } => write!(f, "sizes above {limit} are not supported"),
            LayerTooLarge => write!(f, "this layer would be too large"),
            TooManyParams { params, limit } => write!(
                f,
                "{} parameters: the page trains at most {}",
                crate::nn::thousands(*params),
                crate::nn::thousands(*limit)
            ),
            NeedsSoftmax => write!(
                f,
                "training minimises softmax cross-entropy: the last layer needs activation softmax"
            ),
            WindowTooLarge { window, input } => {
                write!(
                    f,
                    "a window of {window} does not fit in an input of {input} without padding"
                )
            }
            EmptyInput => write!(f, "the input is empty"),
            WrongRank { layer, expected, got } => {
                let what = match expected {
                    Expected::Signal => "(steps, channels)",
                    Expected::Image => "(height, width, channels)",
                    Expected::Features => "(features,) — add a Flatten layer before it",
                };
                write!(f, "{layer} expects an input of shape {what}, got {got:?}")
            }
            SizeMismatch { got, expected } => {
                write!(f, "{got} values where {expected} are expected")
            }
            NotADigitModel { input, output } => write!(
                f,
                "the model takes {} and outputs {}: the digits need one grey image of at least 28×28 in and 10 classes out",
                dims(input),
                dims(output)
            ),
            NotFinite => write!(f, "a value is not a finite number"),
            EmptyBatch => write!(f, "empty batch"),
            LabelCount { labels, batch } => write!(f, "{labels} labels for a batch of {batch}"),
            LabelOutOfRange { label, classes } => {
                write!(f, "label {label} but only {classes} classes")
            }
            NoForwardPass => write!(f, "backward needs a forward pass of the same shape first"),
            NoSuchWindow { index, output } => {
                write!(f, "window {index:?} does not exist (the output is {})", dims(output))
            }
            InLayer { index, kind, error } => write!(f, "layer {index} ({kind}): {error}"),
        }
    }
}

impl std::error::Error for NnError {}
