//! A network trained on a student's classes, with the names of its classes: one `.npz`
//! holding the weights file (`nn::io`, as a uint8 array `weights`) and `class_names`. Chosen
//! over a new version of the weights format because the weights file stays the one every
//! other page reads, and the names open in NumPy as the data set's do
//! (`np.load("network.npz")["class_names"]`).

use std::fmt;

use super::{DataSet, DataSetError, MAX_CLASSES, MIN_CLASSES};
use crate::nn::Sequential;
use crate::nn::io::WeightsError;
use crate::nn::npz::{Array, Data, Npz, NpzError};

/// Why a file is not a network of named classes.
#[derive(Debug, Clone, PartialEq)]
pub enum NetworkFileError {
    /// Not a readable `.npz` (not a ZIP, cut short…).
    Npz(NpzError),
    /// An `.npz` without this array (a data set, a Keras export…).
    Missing(&'static str),
    /// An array of the wrong type or shape: its name.
    BadArray(&'static str),
    /// The weights inside are refused.
    Weights(WeightsError),
    /// Names that no data set could hold (empty, repeated, too many…).
    Names(DataSetError),
    /// A network that does not read the pad's 32×32×1 picture: what it reads.
    Input(Vec<usize>),
    /// As many names as this, but the network gives that many outputs.
    Outputs { names: usize, outputs: usize },
}

impl fmt::Display for NetworkFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use NetworkFileError::*;
        match self {
            Npz(e) => write!(f, "not a network file: {e}"),
            Missing(a) => write!(f, "not a network file: no array {a}"),
            BadArray(a) => write!(f, "the array {a} has the wrong type or shape"),
            Weights(e) => write!(f, "{e}"),
            Names(e) => write!(f, "{e}"),
            Input(s) => write!(f, "the network reads {s:?}, not a 32×32×1 picture"),
            Outputs { names, outputs } => {
                write!(f, "{names} class names for a network of {outputs} outputs")
            }
        }
    }
}

impl std::error::Error for NetworkFileError {}

/// The file's bytes: the weights file `weights` (see `Sequential::save_weights`) and the
/// class names, in output order.
pub fn to_npz(weights: &[u8], names: &[String]) -> Vec<u8> {
    let mut z = Npz::default();
    z.push("weights", Array { shape: vec![weights.len()], data: Data::U8(weights.to_vec()) });
    z.push("class_names", Array { shape: vec![names.len()], data: Data::Strs(names.to_vec()) });
    z.to_bytes()
}

/// Reads a network file: the network (checked: the pad's picture in, one output per name)
/// and its class names. Never panics.
///
/// # Errors
/// See [`NetworkFileError`].
pub fn from_npz(bytes: &[u8]) -> Result<(Sequential<f32>, Vec<String>), NetworkFileError> {
    let z = Npz::read(bytes).map_err(NetworkFileError::Npz)?;
    let get = |name: &'static str| z.get(name).ok_or(NetworkFileError::Missing(name));
    let names = match get("class_names")? {
        Array { shape, data: Data::Strs(v) } if shape.len() == 1 => v.clone(),
        _ => return Err(NetworkFileError::BadArray("class_names")),
    };
    let weights = match get("weights")? {
        Array { shape, data: Data::U8(v) } if shape.len() == 1 => v,
        _ => return Err(NetworkFileError::BadArray("weights")),
    };
    // The names as a data set would take them (trimmed, distinct, 2 to 10).
    if !(MIN_CLASSES..=MAX_CLASSES).contains(&names.len()) {
        let e = if names.len() < MIN_CLASSES {
            DataSetError::TooFewClasses(names.len())
        } else {
            DataSetError::TooManyClasses(names.len())
        };
        return Err(NetworkFileError::Names(e));
    }
    let mut named = DataSet { classes: Vec::new(), held_out: super::DEFAULT_HELD_OUT };
    for name in &names {
        named.add_class(name).map_err(NetworkFileError::Names)?;
    }
    let model = Sequential::<f32>::from_weights(weights).map_err(NetworkFileError::Weights)?;
    if model.input_shape() != [32, 32, 1] {
        return Err(NetworkFileError::Input(model.input_shape().to_vec()));
    }
    let outputs = model.output_shape();
    if outputs != [names.len()] {
        return Err(NetworkFileError::Outputs {
            names: names.len(),
            outputs: outputs.iter().product(),
        });
    }
    Ok((model, named.names()))
}
