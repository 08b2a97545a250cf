//! NumPy's `.npz` files: named arrays in a ZIP file, as `np.savez` writes them and
//! `np.load` reads them. The Keras round trip (`nn::keras_file`) travels in them.
//!
//! Written by hand rather than with `ndarray-npy`: that crate cannot read the unicode
//! string that `np.savez(config=model.to_json())` stores, and its header parser (pest,
//! stacker) and the `zip` crate (getrandom) would add tens of KB and a C build to the page
//! for the few dozen lines NumPy's format needs. Inflating uses `miniz_oxide` and the
//! CRC-32 `crc32fast`, both already in the tree.

mod npy;
mod zip;

use std::fmt;

/// Most bytes a file may hold once inflated (the largest network the page builds has
/// 4 M parameters: 16 MB, plus the held-out digits).
pub const MAX_BYTES: usize = 64 << 20;
const MAX_ENTRIES: usize = 1024;

/// An array's values, flat in C (row-major) order.
#[derive(Debug, Clone, PartialEq)]
pub enum Data {
    F32(Vec<f32>),
    F64(Vec<f64>),
    U8(Vec<u8>),
    /// Every other integer type, widened.
    I64(Vec<i64>),
    /// A 0-d unicode string (`<U…`).
    Str(String),
}

impl Data {
    fn len(&self) -> usize {
        match self {
            Data::F32(v) => v.len(),
            Data::F64(v) => v.len(),
            Data::U8(v) => v.len(),
            Data::I64(v) => v.len(),
            Data::Str(_) => 1,
        }
    }

    /// The values as `f32` (floats and integers), `None` for a string.
    pub fn to_f32(&self) -> Option<Vec<f32>> {
        match self {
            Data::F32(v) => Some(v.clone()),
            Data::F64(v) => Some(v.iter().map(|&x| x as f32).collect()),
            Data::U8(v) => Some(v.iter().map(|&x| x as f32).collect()),
            Data::I64(v) => Some(v.iter().map(|&x| x as f32).collect()),
            Data::Str(_) => None,
        }
    }

    /// NumPy's name of the type, for messages.
    pub fn dtype(&self) -> &'static str {
        match self {
            Data::F32(_) => "float32",
            Data::F64(_) => "float64",
            Data::U8(_) => "uint8",
            Data::I64(_) => "int64",
            Data::Str(_) => "str",
        }
    }
}

/// One array.
#[derive(Debug, Clone, PartialEq)]
pub struct Array {
    pub shape: Vec<usize>,
    pub data: Data,
}

impl Array {
    pub fn f32(shape: Vec<usize>, values: Vec<f32>) -> Array {
        Array { shape, data: Data::F32(values) }
    }

    /// Reorders values stored column-major (`fortran_order`) into row-major. `None` if
    /// the values do not fill the shape.
    fn fortran_to_c(&mut self, fortran: bool) -> Option<()> {
        let n: usize = self.shape.iter().product();
        if self.data.len() != n && !matches!(self.data, Data::Str(_)) {
            return None;
        }
        if !fortran || self.shape.len() < 2 {
            return Some(());
        }
        // C index → Fortran index: the same coordinates, strides reversed.
        let dims = &self.shape;
        let order: Vec<usize> = (0..n)
            .map(|mut c| {
                let (mut f, mut stride) = (0, 1);
                let mut coords = vec![0; dims.len()];
                for (k, &d) in dims.iter().enumerate().rev() {
                    coords[k] = c % d;
                    c /= d;
                }
                for (k, &d) in dims.iter().enumerate() {
                    f += coords[k] * stride;
                    stride *= d;
                }
                f
            })
            .collect();
        fn pick<T: Copy>(v: &[T], order: &[usize]) -> Vec<T> {
            order.iter().map(|&i| v[i]).collect()
        }
        self.data = match &self.data {
            Data::F32(v) => Data::F32(pick(v, &order)),
            Data::F64(v) => Data::F64(pick(v, &order)),
            Data::U8(v) => Data::U8(pick(v, &order)),
            Data::I64(v) => Data::I64(pick(v, &order)),
            Data::Str(s) => Data::Str(s.clone()),
        };
        Some(())
    }
}

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

/// Named arrays, in the file's order (names without `.npy`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Npz {
    pub arrays: Vec<(String, Array)>,
}

impl Npz {
    pub fn get(&self, name: &str) -> Option<&Array> {
        self.arrays.iter().find(|(n, _)| n == name).map(|(_, a)| a)
    }

    pub fn push(&mut self, name: &str, a: Array) {
        self.arrays.push((name.to_string(), a));
    }

    /// Reads an `.npz` (ZIP entries other than `.npy` arrays are skipped).
    ///
    /// # Errors
    /// See [`NpzError`]; never panics, never inflates more than [`MAX_BYTES`].
    pub fn read(bytes: &[u8]) -> Result<Npz, NpzError> {
        let mut arrays = Vec::new();
        for (name, data) in zip::read(bytes, MAX_BYTES, MAX_ENTRIES)? {
            if let Some(stem) = name.strip_suffix(".npy") {
                arrays.push((stem.to_string(), npy::read(stem, &data)?));
            }
        }
        Ok(Npz { arrays })
    }

    /// The `.npz` bytes (stored, as `np.savez` writes them).
    pub fn to_bytes(&self) -> Vec<u8> {
        let entries: Vec<(String, Vec<u8>)> =
            self.arrays.iter().map(|(n, a)| (format!("{n}.npy"), npy::write(a))).collect();
        zip::write(&entries)
    }
}

/// A plain ZIP file of named files (the export's bundle: the `.npz` and its script).
pub fn zip_files(files: &[(String, Vec<u8>)]) -> Vec<u8> {
    zip::write(files)
}

/// The files of a ZIP file (see [`Npz::read`] for the limits).
///
/// # Errors
/// See [`NpzError`].
pub fn unzip_files(bytes: &[u8]) -> Result<Vec<(String, Vec<u8>)>, NpzError> {
    zip::read(bytes, MAX_BYTES, MAX_ENTRIES)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_npz_round_trips() {
        let mut z = Npz::default();
        z.push("config", Array { shape: vec![], data: Data::Str("{}".into()) });
        z.push("arr_0", Array::f32(vec![2, 2], vec![1.0, -0.5, 3.25, f32::MIN_POSITIVE]));
        z.push("x_test", Array { shape: vec![1, 2, 2], data: Data::U8(vec![0, 1, 254, 255]) });
        assert_eq!(Npz::read(&z.to_bytes()).unwrap(), z);
    }

    #[test]
    fn fortran_order_three_axes() {
        // shape (2, 3, 2); C value at (i, j, k) = 100i + 10j + k; Fortran index i + 2j + 6k.
        let mut f = vec![0.0f32; 12];
        for i in 0..2 {
            for j in 0..3 {
                for k in 0..2 {
                    f[i + 2 * j + 6 * k] = (100 * i + 10 * j + k) as f32;
                }
            }
        }
        let mut a = Array::f32(vec![2, 3, 2], f);
        a.fortran_to_c(true).unwrap();
        let c: Vec<f32> = (0..2)
            .flat_map(|i| {
                (0..3).flat_map(move |j| (0..2).map(move |k| (100 * i + 10 * j + k) as f32))
            })
            .collect();
        assert_eq!(a.data, Data::F32(c));
    }
}
