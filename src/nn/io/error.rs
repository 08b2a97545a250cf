//! Why a weights file was refused.

use std::fmt;

use crate::nn::NnError;

/// Why a weights file was refused, typed so the interface can say it in the student's
/// language; `Display` is English, for logs and the native tools.
#[cfg_attr(feature = "web", derive(serde::Serialize, serde::Deserialize))]
#[derive(Debug, Clone, PartialEq)]
pub enum WeightsError {
    Truncated,
    BadMagic,
    UnsupportedVersion(u32),
    Checksum,
    /// The architecture cannot be built: an unreadable description (`None`) or a layer the
    /// core refuses (`Some`, e.g. a dropout rate of 1).
    BadArchitecture(Option<NnError>),
    /// The tensors do not match the architecture.
    Shape(ShapeProblem),
    /// A parameter of this tensor is not a finite number.
    NonFinite(String),
    /// `load_into`: the file is for another architecture (the layer kinds of each).
    Mismatch {
        file: String,
        model: String,
    },
}

/// How a file's tensors disagree with its architecture.
#[cfg_attr(feature = "web", derive(serde::Serialize, serde::Deserialize))]
#[derive(Debug, Clone, PartialEq)]
pub enum ShapeProblem {
    TrailingBytes(usize),
    TensorCount { got: usize, expected: usize },
    Tensor { name: String, got: Vec<usize>, expected: Vec<usize> },
}

impl WeightsError {
    /// Every variant once, with sample values: the translations are tested against it.
    pub fn samples() -> Vec<WeightsError> {
        vec![
            WeightsError::Truncated,
            WeightsError::BadMagic,
            WeightsError::UnsupportedVersion(7),
            WeightsError::Checksum,
            WeightsError::BadArchitecture(None),
            WeightsError::BadArchitecture(Some(NnError::DropoutRate(1.0))),
            WeightsError::Shape(ShapeProblem::TrailingBytes(4)),
            WeightsError::Shape(ShapeProblem::TensorCount { got: 3, expected: 10 }),
            WeightsError::Shape(ShapeProblem::Tensor {
                name: "conv2d/kernel".into(),
                got: vec![3, 3],
                expected: vec![3, 3, 1, 6],
            }),
            WeightsError::NonFinite("dense/bias".into()),
            WeightsError::Mismatch { file: "Dense".into(), model: "Conv2D, Dense".into() },
        ]
    }
}

impl fmt::Display for WeightsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WeightsError::Truncated => write!(f, "the weights file is truncated"),
            WeightsError::BadMagic => write!(f, "this is not a Convolab weights file"),
            WeightsError::UnsupportedVersion(v) => {
                write!(f, "weights file version {v} is not supported")
            }
            WeightsError::Checksum => write!(f, "the weights file is corrupt (checksum mismatch)"),
            WeightsError::BadArchitecture(None) => {
                write!(f, "the weights file describes a model that cannot be read")
            }
            WeightsError::BadArchitecture(Some(e)) => {
                write!(f, "the weights file describes a bad model: {e}")
            }
            WeightsError::Shape(ShapeProblem::TrailingBytes(n)) => {
                write!(
                    f,
                    "the weights file has a wrong shape: {n} unexpected bytes after the last tensor"
                )
            }
            WeightsError::Shape(ShapeProblem::TensorCount { got, expected }) => {
                write!(
                    f,
                    "the weights file has a wrong shape: {got} tensors where the model has {expected}"
                )
            }
            WeightsError::Shape(ShapeProblem::Tensor { name, got, expected }) => {
                write!(
                    f,
                    "the weights file has a wrong shape: {name} is {got:?}, expected {expected:?}"
                )
            }
            WeightsError::NonFinite(m) => {
                write!(f, "the weights file contains a value that is not a number ({m})")
            }
            WeightsError::Mismatch { file, model } => {
                write!(f, "these weights are for another model: file: {file}; model: {model}")
            }
        }
    }
}

impl std::error::Error for WeightsError {}
