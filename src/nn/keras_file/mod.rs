//! The Keras round trip: a network of the page to Keras 3 and a Keras 3 network to the page,
//! through NumPy's `.npz` (`nn::npz`).
//!
//! One file format both ways, the one a notebook writes in one line:
//!
//! ```python
//! np.savez("my_model.npz", config=model.to_json(), *model.get_weights())
//! ```
//!
//! `config` is the model's Keras JSON, `arr_0`, `arr_1`… its weights in Keras's order and
//! shapes — which are the core's own (NHWC, kernels `(kh, kw, in, out)`, dense `(in, out)`),
//! so nothing is transposed. An export adds the held-out digits (`x_test`, `y_test`), the
//! page's probabilities on them and its accuracy, and comes with a script that rebuilds the
//! network in Keras and compares.

mod config;
mod error;
mod script;

use ndarray::Array2;

use crate::data::Mnist;
use crate::nn::npz::{self, Array, Data, Npz};
use crate::nn::{NnError, Sequential, rng_from_seed};

pub use config::{from_json, to_json};
pub use error::{KerasFileError, dims_text, shape_text};
pub use script::{STEM, script};

/// Largest file the page reads: a network of the page's 4 M parameters is 16 MB.
pub const MAX_FILE: usize = 64 << 20;

/// The held-out digits the page evaluates on (28×28 grey levels, row-major).
#[derive(Debug, Clone, PartialEq)]
pub struct HeldOut {
    pub images: Vec<u8>,
    pub labels: Vec<u8>,
}

/// What an export writes.
#[derive(Debug, Clone, PartialEq)]
pub struct Export {
    /// The `.npz`: configuration, weights, and the held-out digits if given.
    pub npz: Vec<u8>,
    /// The Python script that rebuilds and checks the network.
    pub script: String,
    /// One ZIP file with both (`convolab_model.npz`, `convolab_model.py`): one download.
    pub bundle: Vec<u8>,
    /// The page's accuracy on the held-out digits, as the file records it.
    pub accuracy: Option<f32>,
}

/// The model's probabilities on every digit of `digits` (centred in its input, as the
/// worker's evaluation does), row after row.
fn probabilities(model: &mut Sequential<f32>, digits: &Mnist) -> Result<Vec<f32>, NnError> {
    let shape = model.input_shape().to_vec();
    let (h, w) = (shape[0], shape.get(1).copied().unwrap_or(1));
    let all: Vec<usize> = (0..digits.len()).collect();
    let mut out = Vec::new();
    let mut labels = Vec::new();
    for chunk in all.chunks(250) {
        let mut x = Array2::zeros((chunk.len(), h * w));
        digits.write_batch(chunk, x.view_mut(), h, w, None, &mut labels);
        out.extend(model.predict_batch(x.view())?.iter().copied());
    }
    Ok(out)
}

/// Exports `model` (and its predictions on `held_out`); the script's comments in French
/// when `french`.
///
/// # Errors
/// A model that cannot read the digits (not a 32×32×1 one).
pub fn export(
    model: &mut Sequential<f32>,
    held_out: Option<&HeldOut>,
    french: bool,
) -> Result<Export, NnError> {
    let mut z = Npz::default();
    z.push("config", Array { shape: vec![], data: Data::Str(to_json(model)) });
    let params = model.parameters();
    let count = params.len();
    for (i, p) in params.into_iter().enumerate() {
        z.push(&format!("arr_{i}"), Array::f32(p.shape.to_vec(), p.values.to_vec()));
    }
    let digits = held_out.and_then(|d| Mnist::new(28, 28, d.labels.clone(), d.images.clone()).ok());
    let mut accuracy = None;
    if let Some(d) = &digits {
        let probs = probabilities(model, d)?;
        let classes = probs.len() / d.len().max(1);
        let correct = probs
            .chunks(classes.max(1))
            .zip(d.labels())
            .filter(|(p, label)| argmax(p) == usize::from(**label))
            .count();
        let acc = correct as f32 / d.len() as f32;
        z.push("x_test", Array { shape: vec![d.len(), 28, 28], data: Data::U8(d_pixels(d)) });
        z.push("y_test", Array { shape: vec![d.len()], data: Data::U8(d.labels().to_vec()) });
        z.push("probabilities", Array::f32(vec![d.len(), classes], probs));
        z.push("accuracy", Array::f32(vec![], vec![acc]));
        accuracy = Some(acc);
    }
    let npz = z.to_bytes();
    let script = script(model, count, digits.as_ref().map(Mnist::len), french);
    let bundle = npz::zip_files(&[
        (format!("{STEM}.npz"), npz.clone()),
        (format!("{STEM}.py"), script.clone().into_bytes()),
    ]);
    Ok(Export { npz, script, bundle, accuracy })
}

fn d_pixels(d: &Mnist) -> Vec<u8> {
    (0..d.len()).flat_map(|i| d.image(i).unwrap_or(&[]).iter().copied()).collect()
}

/// The index of the largest value (the first one on a tie, as NumPy's `argmax`).
fn argmax(p: &[f32]) -> usize {
    p.iter().enumerate().fold(0, |best, (i, &v)| if v > p[best] { i } else { best })
}

/// Reads a Keras file: an `.npz` as the notebook line writes it, or the ZIP file an export
/// downloads (its `.npz` is read).
///
/// # Errors
/// See [`KerasFileError`]: each defect named; nothing is kept from a refused file.
pub fn import(bytes: &[u8]) -> Result<Sequential<f32>, KerasFileError> {
    if bytes.len() > MAX_FILE {
        return Err(KerasFileError::TooLarge { bytes: bytes.len() });
    }
    let files = npz::unzip_files(bytes)?;
    let z = if files.iter().any(|(n, _)| n.ends_with(".npy")) {
        Npz::read(bytes)?
    } else {
        let (_, inner) =
            files.iter().find(|(n, _)| n.ends_with(".npz")).ok_or(KerasFileError::NoNpz)?;
        Npz::read(inner)?
    };
    let config = match z.get("config").map(|a| &a.data) {
        Some(Data::Str(s)) => s,
        Some(other) => {
            return Err(KerasFileError::BadConfig(format!("config holds {}", other.dtype())));
        }
        None => return Err(KerasFileError::NoConfig),
    };
    let arch = from_json(config)?;
    let mut model: Sequential<f32> =
        arch.build(&mut rng_from_seed(0)).map_err(KerasFileError::Network)?;
    let found = (0..).take_while(|i| z.get(&format!("arr_{i}")).is_some()).count();
    let expected: Vec<(String, Vec<usize>)> =
        model.parameters().iter().map(|p| (p.layer_name.to_string(), p.shape.to_vec())).collect();
    if found != expected.len() {
        return Err(KerasFileError::WeightCount { expected: expected.len(), found });
    }
    let mut values = Vec::with_capacity(model.param_count());
    for (index, (layer, shape)) in expected.into_iter().enumerate() {
        let Some(a) = z.get(&format!("arr_{index}")) else {
            return Err(KerasFileError::WeightCount { expected: index + 1, found: index });
        };
        if a.shape != shape {
            return Err(KerasFileError::WeightShape {
                index,
                layer,
                expected: shape,
                found: a.shape.clone(),
            });
        }
        let v = a.data.to_f32().ok_or(KerasFileError::WeightType { index, dtype: "str" })?;
        if !v.iter().all(|x| x.is_finite()) {
            return Err(KerasFileError::NotFinite { index });
        }
        values.extend(v);
    }
    model.set_flat_params(&values).map_err(KerasFileError::Network)?;
    Ok(model)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::Preset;

    fn held_out(n: usize) -> HeldOut {
        let d = crate::data::mnist::bar_digits(n, true);
        HeldOut { images: d_pixels(&d), labels: d.labels().to_vec() }
    }

    #[test]
    fn an_export_imports_back_bit_for_bit() {
        for p in Preset::ALL {
            let mut m: Sequential<f32> = p.architecture().build(&mut rng_from_seed(7)).unwrap();
            let e = export(&mut m, Some(&held_out(30)), false).unwrap();
            for file in [&e.npz, &e.bundle] {
                let back = import(file).unwrap();
                assert_eq!(back.configs(), m.configs(), "{p:?}");
                let (a, b) = (back.flat_params(), m.flat_params());
                assert!(a.iter().zip(&b).all(|(x, y)| x.to_bits() == y.to_bits()), "{p:?}");
            }
            let acc = e.accuracy.unwrap();
            assert!((0.0..=1.0).contains(&acc));
        }
    }

    #[test]
    fn the_export_carries_the_digits_and_the_pages_probabilities() {
        let mut m: Sequential<f32> =
            Preset::Lenet.architecture().build(&mut rng_from_seed(3)).unwrap();
        let h = held_out(12);
        let e = export(&mut m, Some(&h), false).unwrap();
        let z = Npz::read(&e.npz).unwrap();
        assert_eq!(z.get("x_test").unwrap().shape, [12, 28, 28]);
        assert_eq!(z.get("x_test").unwrap().data, Data::U8(h.images.clone()));
        assert_eq!(z.get("y_test").unwrap().data, Data::U8(h.labels.clone()));
        // The probabilities are the model's own on the padded digit.
        let Some(Data::F32(p)) = z.get("probabilities").map(|a| a.data.clone()) else {
            panic!("no probabilities")
        };
        let mut x = vec![0f32; 32 * 32];
        for r in 0..28 {
            for c in 0..28 {
                x[(r + 2) * 32 + c + 2] = h.images[5 * 784 + r * 28 + c] as f32 * (1.0 / 255.0);
            }
        }
        // (One example and a batch may round differently in the last bit.)
        let one = m.predict(&x).unwrap();
        assert!(one.iter().zip(&p[50..60]).all(|(a, b)| (a - b).abs() < 1e-6), "{one:?}");
        // Without digits: configuration and weights only.
        let bare = export(&mut m, None, false).unwrap();
        let z = Npz::read(&bare.npz).unwrap();
        assert!(z.get("x_test").is_none() && z.get("arr_9").is_some() && bare.accuracy.is_none());
    }

    #[test]
    fn bad_weights_are_named() {
        let mut m: Sequential<f32> =
            Preset::Lenet.architecture().build(&mut rng_from_seed(3)).unwrap();
        let good = Npz::read(&export(&mut m, None, false).unwrap().npz).unwrap();
        let with = |f: &dyn Fn(&mut Npz)| {
            let mut z = good.clone();
            f(&mut z);
            import(&z.to_bytes()).err()
        };
        assert_eq!(
            with(&|z| {
                z.arrays.retain(|(n, _)| n != "arr_9");
            }),
            Some(KerasFileError::WeightCount { expected: 10, found: 9 })
        );
        assert_eq!(
            with(&|z| z.arrays[5].1 = Array::f32(vec![400, 120], vec![0.0; 48_000])),
            Some(KerasFileError::WeightShape {
                index: 4,
                layer: "dense".into(),
                expected: vec![576, 120],
                found: vec![400, 120]
            })
        );
        assert_eq!(
            with(&|z| z.arrays[2].1 = Array::f32(vec![6], vec![f32::NAN; 6])),
            Some(KerasFileError::NotFinite { index: 1 })
        );
        assert_eq!(
            with(&|z| {
                z.arrays.remove(0);
            }),
            Some(KerasFileError::NoConfig)
        );
        // float64 weights (a notebook that cast them) are read as float32.
        let mut z = good.clone();
        for (_, a) in z.arrays.iter_mut() {
            if let Data::F32(v) = &a.data {
                a.data = Data::F64(v.iter().map(|&x| x as f64).collect());
            }
        }
        assert_eq!(import(&z.to_bytes()).unwrap().flat_params(), m.flat_params());
        assert_eq!(import(b"hello").err(), Some(KerasFileError::File(npz::NpzError::NotZip)));
        assert_eq!(
            import(&npz::zip_files(&[("a.txt".into(), b"x".to_vec())])).err(),
            Some(KerasFileError::NoNpz)
        );
    }
}
