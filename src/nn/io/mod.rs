//! The weights file: a model's architecture and parameters, versioned and checked.
//!
//! Format (little-endian), version 2:
//!
//! ```text
//! magic "CLABWGT\0" · version u32 · input rank u32, dims u32… · layer count u32
//! each layer: its text in Keras's words (`Conv2D(6,3,relu)`, `nn::arch::text`): length u32,
//!   UTF-8 bytes — the same words as the page's link, so a new layer kind needs nothing here
//! tensor count u32 · each tensor: rank u32, dims u32…, values f32…
//! FNV-1a 64 of all the bytes before it
//! ```
//!
//! Version 1 (read, no longer written) stored each layer as a tag byte and its fields
//! (`layers.rs`, frozen: the course's pretrained file and files saved before are v1).
//!
//! Loading checks everything (magic, version, checksum, architecture, every shape, finite
//! values, no trailing bytes) and answers a [`WeightsError`]; it never panics and never
//! allocates more than the file's size justifies.

mod bytes;
mod error;
mod layers;

use super::{LayerConfig, NnError, Sequential};
use crate::nn::arch::text::parse_layer;
use bytes::{Reader, Writer, fnv1a64};
use layers::read_layer;

// One file per concern; the old paths (`io::WeightsError`…) stay valid.
pub use error::{ShapeProblem, WeightsError};

const MAGIC: &[u8; 8] = b"CLABWGT\0";
const VERSION: u32 = 2;
/// Longest layer text read (a layer is a few dozen characters).
const MAX_LAYER_TEXT: usize = 256;
const MAX_LAYERS: usize = 64;
const MAX_RANK: usize = 4;
/// Largest activation (values per example) a loaded model may produce.
const MAX_ACTIVATION: usize = 1 << 22;

/// Serialises a model (architecture and parameters).
pub fn to_bytes(model: &Sequential<f32>) -> Vec<u8> {
    let mut w = Writer(Vec::with_capacity(16 + model.param_count() * 4));
    w.0.extend_from_slice(MAGIC);
    w.u32(VERSION as usize);
    w.u32(model.input_shape().len());
    for &d in model.input_shape() {
        w.u32(d);
    }
    w.u32(model.configs().len());
    for c in model.configs() {
        let text = c.to_text();
        w.u32(text.len());
        w.0.extend_from_slice(text.as_bytes());
    }
    let params = model.parameters();
    w.u32(params.len());
    for p in params {
        w.u32(p.shape.len());
        for &d in p.shape {
            w.u32(d);
        }
        for &v in p.values {
            w.f32(v);
        }
    }
    let h = fnv1a64(&w.0);
    w.0.extend_from_slice(&h.to_le_bytes());
    w.0
}

/// Parses a weights file into a new model.
///
/// # Errors
/// Any defect of the file (see [`WeightsError`]).
pub fn from_bytes(bytes: &[u8]) -> Result<Sequential<f32>, WeightsError> {
    if bytes.len() < 8 || &bytes[..8] != MAGIC {
        return Err(if bytes.len() < 8 && MAGIC.starts_with(bytes) {
            WeightsError::Truncated
        } else {
            WeightsError::BadMagic
        });
    }
    let mut r = Reader { b: bytes, pos: 8 };
    let version = r.u32()?;
    if version != VERSION && version != 1 {
        return Err(WeightsError::UnsupportedVersion(version));
    }
    if bytes.len() < 20 {
        return Err(WeightsError::Truncated);
    }
    let (body, sum) = bytes.split_at(bytes.len() - 8);
    if fnv1a64(body) != u64::from_le_bytes(sum.try_into().map_err(|_| WeightsError::Truncated)?) {
        return Err(WeightsError::Checksum);
    }
    let mut r = Reader { b: body, pos: r.pos };
    let rank = r.u32()? as usize;
    if rank == 0 || rank > MAX_RANK {
        return Err(WeightsError::BadArchitecture(None));
    }
    let input: Vec<usize> = (0..rank).map(|_| r.dim("input size")).collect::<Result<_, _>>()?;
    let n_layers = r.u32()? as usize;
    if n_layers == 0 || n_layers > MAX_LAYERS {
        return Err(WeightsError::BadArchitecture(None));
    }
    let configs: Vec<LayerConfig> = (0..n_layers)
        .map(|i| if version == 1 { read_layer(&mut r) } else { read_layer_text(&mut r, i + 1) })
        .collect::<Result<_, _>>()?;

    // Dry run of the shapes with the parameter counts the architecture implies, so that a
    // corrupt header cannot make us allocate more than the file holds.
    let mut shape = input.clone();
    if shape.iter().try_fold(1usize, |a, &d| a.checked_mul(d)).is_none_or(|n| n > MAX_ACTIVATION) {
        return Err(WeightsError::BadArchitecture(Some(NnError::LayerTooLarge)));
    }
    let mut implied = 0usize;
    for (i, c) in configs.iter().enumerate() {
        let last = *shape.last().unwrap_or(&1);
        let per_filter = match c {
            LayerConfig::Conv1D(k) => Some((k.kernel_size * last + 1) * k.filters),
            LayerConfig::Conv2D(k) => {
                Some((k.kernel_size.0 * k.kernel_size.1 * last + 1) * k.filters)
            }
            LayerConfig::Dense(k) => Some((last + 1) * k.units),
            _ => None,
        };
        implied += per_filter.unwrap_or(0);
        if implied.saturating_mul(4) > r.remaining() {
            return Err(WeightsError::Truncated);
        }
        let layer = c
            .init_with::<f32>(&shape, None)
            .map_err(|e| WeightsError::BadArchitecture(Some(e.in_layer(i + 1, c.kind()))))?;
        shape = layer.output_shape();
        if shape.iter().product::<usize>() > MAX_ACTIVATION {
            return Err(WeightsError::BadArchitecture(Some(
                NnError::LayerTooLarge.in_layer(i + 1, c.kind()),
            )));
        }
    }
    let mut model = Sequential::<f32>::new_with(&input, &configs, None)
        .map_err(|e: NnError| WeightsError::BadArchitecture(Some(e)))?;
    read_params(&mut r, &mut model)?;
    if r.remaining() != 0 {
        return Err(WeightsError::Shape(ShapeProblem::TrailingBytes(r.remaining())));
    }
    Ok(model)
}

/// A version 2 layer: its text, read by the same codec as a link's.
fn read_layer_text(r: &mut Reader<'_>, index: usize) -> Result<LayerConfig, WeightsError> {
    let len = r.u32()? as usize;
    if len > MAX_LAYER_TEXT {
        return Err(WeightsError::BadArchitecture(None));
    }
    let text =
        std::str::from_utf8(r.take(len)?).map_err(|_| WeightsError::BadArchitecture(None))?;
    parse_layer(index, text).map_err(|_| WeightsError::BadArchitecture(None))
}

fn read_params(r: &mut Reader<'_>, model: &mut Sequential<f32>) -> Result<(), WeightsError> {
    let expected: Vec<(String, Vec<usize>)> = model
        .parameters()
        .iter()
        .map(|p| (format!("{}/{}", p.layer_name, p.name), p.shape.to_vec()))
        .collect();
    let count = r.u32()? as usize;
    if count != expected.len() {
        return Err(WeightsError::Shape(ShapeProblem::TensorCount {
            got: count,
            expected: expected.len(),
        }));
    }
    let mut values = Vec::with_capacity(model.param_count());
    for (name, shape) in &expected {
        let rank = r.u32()? as usize;
        if rank > MAX_RANK {
            return Err(WeightsError::Shape(ShapeProblem::Tensor {
                name: name.clone(),
                got: vec![rank],
                expected: shape.clone(),
            }));
        }
        let dims: Vec<usize> =
            (0..rank).map(|_| r.u32().map(|d| d as usize)).collect::<Result<_, _>>()?;
        if &dims != shape {
            return Err(WeightsError::Shape(ShapeProblem::Tensor {
                name: name.clone(),
                got: dims,
                expected: shape.clone(),
            }));
        }
        let n: usize = shape.iter().product();
        let raw = r.take(n * 4)?;
        for c in raw.chunks_exact(4) {
            let v = f32::from_le_bytes([c[0], c[1], c[2], c[3]]);
            if !v.is_finite() {
                return Err(WeightsError::NonFinite(name.clone()));
            }
            values.push(v);
        }
    }
    model.set_flat_params(&values).map_err(|e| WeightsError::BadArchitecture(Some(e)))
}

/// Loads a weights file into an existing model of the same architecture.
///
/// # Errors
/// Any defect of the file, or a file made for another architecture (the model is then
/// unchanged).
pub fn load_into(model: &mut Sequential<f32>, bytes: &[u8]) -> Result<(), WeightsError> {
    let loaded = from_bytes(bytes)?;
    if loaded.input_shape() != model.input_shape() || loaded.configs() != model.configs() {
        let kinds = |m: &Sequential<f32>| {
            m.configs().iter().map(|c| c.kind()).collect::<Vec<_>>().join(", ")
        };
        return Err(WeightsError::Mismatch { file: kinds(&loaded), model: kinds(model) });
    }
    model.set_flat_params(&loaded.flat_params()).map_err(|e| WeightsError::BadArchitecture(Some(e)))
}

// The model's own doors to its weights file: here, beside the format, so that the model
// does not import this module while it imports the model.
impl Sequential<f32> {
    /// The weights file of this model (architecture and parameters); see [`crate::nn::io`].
    pub fn save_weights(&self) -> Vec<u8> {
        to_bytes(self)
    }

    /// Builds a model from a weights file; see [`from_bytes`].
    ///
    /// # Errors
    /// Any defect of the file.
    pub fn from_weights(bytes: &[u8]) -> Result<Self, WeightsError> {
        from_bytes(bytes)
    }

    /// Loads a weights file made for this very architecture (the model is unchanged on error).
    ///
    /// # Errors
    /// Any defect of the file, or another architecture.
    pub fn load_weights(&mut self, bytes: &[u8]) -> Result<(), WeightsError> {
        load_into(self, bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::{Architecture, rng_from_seed};

    /// The same model written as a version 1 file (tag bytes per layer).
    fn v1_bytes(model: &Sequential<f32>) -> Vec<u8> {
        let v2 = to_bytes(model);
        let mut w = Writer(Vec::new());
        w.0.extend_from_slice(MAGIC);
        w.u32(1);
        w.u32(model.input_shape().len());
        for &d in model.input_shape() {
            w.u32(d);
        }
        w.u32(model.configs().len());
        for c in model.configs() {
            layers::write_layer(&mut w, c);
        }
        // The tensors are the same in both versions: from the v2 file, after its layers.
        let mut r = Reader { b: &v2, pos: 12 + 4 * (1 + model.input_shape().len()) + 4 };
        for _ in model.configs() {
            let n = r.u32().unwrap() as usize;
            r.take(n).unwrap();
        }
        w.0.extend_from_slice(&v2[r.pos..v2.len() - 8]);
        let h = fnv1a64(&w.0);
        w.0.extend_from_slice(&h.to_le_bytes());
        w.0
    }

    #[test]
    fn version_2_stores_each_layer_as_its_text_and_version_1_still_reads() {
        for text in [
            "lenet5",
            "dropout",
            "Conv2D(8,5x3,2,same,sigmoid)-MaxPooling2D(3,1)-Flatten-Dense(10,softmax)",
        ] {
            let arch = Architecture::parse(text).unwrap();
            let model: Sequential<f32> = arch.build(&mut rng_from_seed(3)).unwrap();
            let v2 = to_bytes(&model);
            assert_eq!(u32::from_le_bytes(v2[8..12].try_into().unwrap()), 2);
            let first = arch.layers[0].to_text();
            assert!(v2.windows(first.len()).any(|w| w == first.as_bytes()), "{text}");
            let back = from_bytes(&v2).unwrap();
            assert_eq!(
                (back.configs(), back.flat_params()),
                (model.configs(), model.flat_params())
            );
            let old = from_bytes(&v1_bytes(&model)).unwrap();
            assert_eq!((old.configs(), old.flat_params()), (model.configs(), model.flat_params()));
        }
    }
}
