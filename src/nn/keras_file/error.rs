//! Why a file cannot be brought in from Keras.

use std::fmt;

use crate::nn::NnError;
use crate::nn::layers::keras::ArchError;
use crate::nn::npz::NpzError;

/// Why a Keras file is refused. `layer` counts Keras's layers from 1, the input aside.
#[derive(Debug, Clone, PartialEq)]
pub enum KerasFileError {
    /// More bytes than the page reads (`MAX_FILE`).
    TooLarge { bytes: usize },
    /// Not an `.npz`, or a damaged one.
    File(NpzError),
    /// A ZIP file with no `.npz` (or `.npy`) inside.
    NoNpz,
    /// An `.npz` without the model's `config` (weights alone do not say the network).
    NoConfig,
    /// A `config` that is not a Keras model's JSON.
    BadConfig(String),
    /// A functional or subclassed model: only `Sequential` lists its layers in order.
    NotSequential { class: String },
    /// A layer kind the core does not have (`BatchNormalization`).
    UnknownLayer { layer: usize, class: String },
    /// A layer that reads channels first (`data_format="channels_first"`).
    ChannelsFirst { layer: usize, class: String },
    /// A setting of a known layer that the core does not have (`dilation_rate=2`).
    Unsupported { layer: usize, class: String, setting: String },
    /// A setting that cannot be read (the core's own reason).
    Layer(ArchError),
    /// An input other than the page's 32×32×1 digit (`None` for Keras's batch axis).
    Input { shape: Vec<Option<usize>> },
    /// The layers do not make a network on the digit (a shape that does not fit).
    Network(NnError),
    /// Not as many weight arrays as the network has.
    WeightCount { expected: usize, found: usize },
    /// Weight array `index` (from 0, `arr_0`) has another shape than the layer's.
    WeightShape { index: usize, layer: String, expected: Vec<usize>, found: Vec<usize> },
    /// Weight array `index` holds no numbers (a string…).
    WeightType { index: usize, dtype: &'static str },
    /// Weight array `index` holds NaN or an infinity.
    NotFinite { index: usize },
}

impl KerasFileError {
    /// Every variant once, with sample values: the translations are tested against it.
    pub fn samples() -> Vec<KerasFileError> {
        vec![
            KerasFileError::TooLarge { bytes: 200 << 20 },
            KerasFileError::File(NpzError::Truncated),
            KerasFileError::NoNpz,
            KerasFileError::NoConfig,
            KerasFileError::BadConfig("expected value at line 1".into()),
            KerasFileError::NotSequential { class: "Functional".into() },
            KerasFileError::UnknownLayer { layer: 2, class: "BatchNormalization".into() },
            KerasFileError::ChannelsFirst { layer: 1, class: "Conv2D".into() },
            KerasFileError::Unsupported {
                layer: 1,
                class: "Conv2D".into(),
                setting: "dilation_rate=[2, 2]".into(),
            },
            KerasFileError::Layer(ArchError::MissingArgument {
                layer: 2,
                kind: "Dense",
                argument: "units",
            }),
            KerasFileError::Input { shape: vec![None, Some(28), Some(28), Some(1)] },
            KerasFileError::Network(NnError::NotADigitModel {
                input: vec![32, 32, 1],
                output: vec![5],
            }),
            KerasFileError::WeightCount { expected: 10, found: 8 },
            KerasFileError::WeightShape {
                index: 4,
                layer: "dense".into(),
                expected: vec![576, 120],
                found: vec![400, 120],
            },
            KerasFileError::WeightType { index: 0, dtype: "str" },
            KerasFileError::NotFinite { index: 3 },
        ]
    }
}

/// `(None, 28, 28, 1)`, as Keras prints shapes.
pub fn shape_text(shape: &[Option<usize>]) -> String {
    let dims: Vec<String> =
        shape.iter().map(|d| d.map_or("None".to_string(), |d| d.to_string())).collect();
    if dims.len() == 1 { format!("({},)", dims[0]) } else { format!("({})", dims.join(", ")) }
}

/// `(576, 120)`.
pub fn dims_text(dims: &[usize]) -> String {
    shape_text(&dims.iter().map(|&d| Some(d)).collect::<Vec<_>>())
}

impl fmt::Display for KerasFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KerasFileError::TooLarge { bytes } => {
                write!(f, "{} MB: larger than a network the page can load", bytes >> 20)
            }
            KerasFileError::File(e) => write!(f, "{e}"),
            KerasFileError::NoNpz => write!(f, "this ZIP file holds no .npz"),
            KerasFileError::NoConfig => write!(f, "this .npz has no model configuration"),
            KerasFileError::BadConfig(why) => write!(f, "the configuration is not Keras's: {why}"),
            KerasFileError::NotSequential { class } => {
                write!(f, "a {class} model: only Sequential models are read")
            }
            KerasFileError::UnknownLayer { layer, class } => {
                write!(f, "layer {layer}: {class} is not a layer Convolab has")
            }
            KerasFileError::ChannelsFirst { layer, class } => {
                write!(f, "layer {layer} ({class}) reads channels first")
            }
            KerasFileError::Unsupported { layer, class, setting } => {
                write!(f, "layer {layer} ({class}): {setting} is not supported")
            }
            KerasFileError::Layer(e) => write!(f, "{e}"),
            KerasFileError::Input { shape } => {
                write!(f, "the input is {}, not (None, 32, 32, 1)", shape_text(shape))
            }
            KerasFileError::Network(e) => write!(f, "{e}"),
            KerasFileError::WeightCount { expected, found } => {
                write!(f, "{found} weight arrays where the network has {expected}")
            }
            KerasFileError::WeightShape { index, layer, expected, found } => write!(
                f,
                "arr_{index} ({layer}) is {} where {} is expected",
                dims_text(found),
                dims_text(expected)
            ),
            KerasFileError::WeightType { index, dtype } => {
                write!(f, "arr_{index} holds {dtype}, not numbers")
            }
            KerasFileError::NotFinite { index } => write!(f, "arr_{index} holds NaN or infinity"),
        }
    }
}

impl std::error::Error for KerasFileError {}

impl From<NpzError> for KerasFileError {
    fn from(e: NpzError) -> Self {
        KerasFileError::File(e)
    }
}
