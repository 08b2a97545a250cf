//! NumPy's `.npz` files: named arrays in a ZIP file, as `np.savez` writes them and
//! `np.load` reads them. The Keras round trip (`nn::keras_file`) travels in them.
//!
//! Written by hand rather than with `ndarray-npy`: that crate cannot read the unicode
//! string that `np.savez(config=model.to_json())` stores, and its header parser (pest,
//! stacker) and the `zip` crate (getrandom) would add tens of KB and a C build to the page
//! for the few dozen lines NumPy's format needs. Inflating uses `miniz_oxide` and the
//! CRC-32 `crc32fast`, both already in the tree.

mod array;
mod error;
mod npy;
mod zip;

// One file per concern; the module's names stay `npz::Array`, `npz::NpzError`…
pub use array::{Array, Data};
pub use error::{MAX_BYTES, NpzError};

const MAX_ENTRIES: usize = 1024;

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
