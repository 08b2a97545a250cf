//! The data set's file: a NumPy `.npz` (written with the core's own `nn::npz`), chosen over
//! a zip of PNGs because a notebook opens it in two lines with NumPy alone
//! (`z = np.load("classes.npz")`, then `z["x"], z["y"], z["class_names"]`), with the exact
//! grey levels the network saw (no PNG encoder or decoder on either side), and the page
//! reads it back with the reader it already has for the Keras round trip.
//!
//! Arrays: `x` uint8 `(n, 28, 28)` (0 background, 255 ink, as Keras's `mnist.load_data()`),
//! `y` int64 `(n,)` class indices, `class_names` unicode `(classes,)`, `held_out` uint8
//! `(n,)` (1: the example is in the evaluation part), `held_out_percent` int64 `()`.

use std::fmt;

use super::{DataSet, DataSetError, MAX_CLASSES, MAX_PER_CLASS, PIXELS, SIDE};
use crate::nn::npz::{Array, Data, Npz, NpzError};

/// Why a file is not a data set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportError {
    /// Not a readable `.npz` (not a ZIP, cut short, damaged…).
    Npz(NpzError),
    /// An `.npz` without this array (e.g. a Keras export, not a data set).
    Missing(&'static str),
    /// An array of the wrong type or shape: its name.
    BadArray(&'static str),
    /// A label that names no class.
    BadLabel(i64),
    /// The arrays hold an invalid set (too many classes, duplicate names…).
    Invalid(DataSetError),
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::Npz(e) => write!(f, "not a data set file: {e}"),
            ImportError::Missing(a) => write!(f, "not a data set file: no array {a}"),
            ImportError::BadArray(a) => write!(f, "the array {a} has the wrong type or shape"),
            ImportError::BadLabel(l) => write!(f, "label {l} names no class"),
            ImportError::Invalid(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for ImportError {}

impl DataSet {
    /// The `.npz` file's bytes (see the module docs).
    pub fn to_npz(&self) -> Vec<u8> {
        let n = self.len();
        let mut x = Vec::with_capacity(n * PIXELS);
        let (mut y, mut held) = (Vec::with_capacity(n), Vec::with_capacity(n));
        for (k, c) in self.classes.iter().enumerate() {
            for e in &c.examples {
                x.extend_from_slice(e);
                y.push(k as i64);
            }
            held.extend(
                DataSet::held_out_mask(c.examples.len(), self.held_out).into_iter().map(u8::from),
            );
        }
        let mut z = Npz::default();
        z.push("x", Array { shape: vec![n, SIDE, SIDE], data: Data::U8(x) });
        z.push("y", Array { shape: vec![n], data: Data::I64(y) });
        z.push(
            "class_names",
            Array { shape: vec![self.classes.len()], data: Data::Strs(self.names()) },
        );
        z.push("held_out", Array { shape: vec![n], data: Data::U8(held) });
        z.push(
            "held_out_percent",
            Array { shape: vec![], data: Data::I64(vec![self.held_out as i64]) },
        );
        z.to_bytes()
    }

    /// Reads a data set file. Never panics; a file cut anywhere is refused.
    ///
    /// # Errors
    /// See [`ImportError`].
    pub fn from_npz(bytes: &[u8]) -> Result<DataSet, ImportError> {
        let z = Npz::read(bytes).map_err(ImportError::Npz)?;
        let get = |name: &'static str| z.get(name).ok_or(ImportError::Missing(name));
        let names = match get("class_names")? {
            Array { shape, data: Data::Strs(v) } if shape.len() == 1 => v.clone(),
            _ => return Err(ImportError::BadArray("class_names")),
        };
        if names.len() > MAX_CLASSES {
            return Err(ImportError::Invalid(DataSetError::TooManyClasses(names.len())));
        }
        let x = match get("x")? {
            Array { shape, data: Data::U8(v) }
                if shape.len() == 3 && shape[1..] == [SIDE, SIDE] =>
            {
                v
            }
            _ => return Err(ImportError::BadArray("x")),
        };
        let n = x.len() / PIXELS;
        let y = match get("y")? {
            Array { shape, data: Data::I64(v) } if *shape == [n] => v.clone(),
            Array { shape, data: Data::U8(v) } if *shape == [n] => {
                v.iter().map(|&l| l as i64).collect()
            }
            _ => return Err(ImportError::BadArray("y")),
        };
        // Optional: a notebook's own set may come without them (20 % then).
        let held_out = match z.get("held_out_percent") {
            None => super::DEFAULT_HELD_OUT,
            Some(Array { data: Data::I64(v), .. }) if v.len() == 1 => {
                u8::try_from(v[0]).map_err(|_| ImportError::BadArray("held_out_percent"))?
            }
            Some(_) => return Err(ImportError::BadArray("held_out_percent")),
        };
        let mut set = DataSet {
            classes: names
                .into_iter()
                .map(|name| super::Class { name, examples: Vec::new() })
                .collect(),
            held_out,
        };
        for (e, &l) in x.chunks_exact(PIXELS).zip(&y) {
            let c = usize::try_from(l)
                .ok()
                .and_then(|k| set.classes.get_mut(k))
                .ok_or(ImportError::BadLabel(l))?;
            if c.examples.len() >= MAX_PER_CLASS {
                return Err(ImportError::Invalid(DataSetError::ClassFull(l as usize)));
            }
            c.examples.push(e.to_vec());
        }
        set.validate().map_err(ImportError::Invalid)?;
        Ok(set)
    }
}
