//! Why a file cannot be read as an `.npz`.

use std::fmt;

/// Most bytes a file may hold once inflated (the largest network the page builds has
/// 4 M parameters: 16 MB, plus the held-out digits).
pub const MAX_BYTES: usize = 64 << 20;

/// Why a file cannot be read as an `.npz`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NpzError {
    /// Not a ZIP file at all.
    NotZip,
    /// Cut short (a download or copy that stopped).
    Truncated,
    /// Larger than [`MAX_BYTES`] once inflated.
    TooLarge,
    TooManyEntries(usize),
    Encrypted,
    /// A ZIP compression method other than stored and deflate.
    Compression(u16),
    /// A checksum or a structure that does not add up.
    Corrupt(String),
    /// An entry that is not a readable NumPy array.
    BadArray {
        name: String,
        why: String,
    },
    /// An array type the core does not read (objects, structured, complex…).
    Dtype {
        name: String,
        dtype: String,
    },
}

impl fmt::Display for NpzError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NpzError::NotZip => write!(f, "not a NumPy .npz file"),
            NpzError::Truncated => write!(f, "the file is cut short"),
            NpzError::TooLarge => write!(f, "more than {} MB of data", MAX_BYTES >> 20),
            NpzError::TooManyEntries(n) => write!(f, "{n} entries: too many"),
            NpzError::Encrypted => write!(f, "the file is encrypted"),
            NpzError::Compression(m) => write!(f, "compression method {m} is not supported"),
            NpzError::Corrupt(why) => write!(f, "damaged: {why}"),
            NpzError::BadArray { name, why } => write!(f, "{name}: {why}"),
            NpzError::Dtype { name, dtype } => write!(f, "{name}: arrays of {dtype} are not read"),
        }
    }
}

impl std::error::Error for NpzError {}
