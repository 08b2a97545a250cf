//! The weights file: a model's architecture and parameters, versioned and checked.
//!
//! Format (little-endian), version 1:
//!
//! ```text
//! magic "CLABWGT\0" · version u32 · input rank u32, dims u32… · layer count u32
//! each layer: tag u8 + its fields (see `write_layer`)
//! tensor count u32 · each tensor: rank u32, dims u32…, values f32…
//! FNV-1a 64 of all the bytes before it
//! ```
//!
//! Loading checks everything (magic, version, checksum, architecture, every shape, finite
//! values, no trailing bytes) and answers a [`WeightsError`]; it never panics and never
//! allocates more than the file's size justifies.

use std::fmt;

use super::layers::{LayerConfig, Padding};
use super::{
    Activation, Conv1DConfig, Conv2DConfig, DenseConfig, DropoutConfig, NnError, PoolConfig,
    PoolKind, Sequential,
};

const MAGIC: &[u8; 8] = b"CLABWGT\0";
const VERSION: u32 = 1;
const MAX_LAYERS: usize = 64;
const MAX_RANK: usize = 4;
const MAX_DIM: u32 = 1 << 16;
/// Largest activation (values per example) a loaded model may produce.
const MAX_ACTIVATION: usize = 1 << 22;

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

fn fnv1a64(b: &[u8]) -> u64 {
    b.iter()
        .fold(0xcbf2_9ce4_8422_2325u64, |h, &x| (h ^ x as u64).wrapping_mul(0x0000_0100_0000_01b3))
}

struct Writer(Vec<u8>);

impl Writer {
    fn u8(&mut self, v: u8) {
        self.0.push(v);
    }
    fn u32(&mut self, v: usize) {
        self.0.extend_from_slice(&(v as u32).to_le_bytes());
    }
    fn f32(&mut self, v: f32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn padding(&mut self, p: Padding) {
        self.u8(match p {
            Padding::Valid => 0,
            Padding::Same => 1,
        });
    }
}

struct Reader<'a> {
    b: &'a [u8],
    pos: usize,
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], WeightsError> {
        let end = self.pos.checked_add(n).ok_or(WeightsError::Truncated)?;
        let s = self.b.get(self.pos..end).ok_or(WeightsError::Truncated)?;
        self.pos = end;
        Ok(s)
    }
    fn remaining(&self) -> usize {
        self.b.len() - self.pos
    }
    fn u8(&mut self) -> Result<u8, WeightsError> {
        Ok(self.take(1)?[0])
    }
    fn u32(&mut self) -> Result<u32, WeightsError> {
        let s = self.take(4)?;
        Ok(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
    }
    /// A size field: at least 1, at most `MAX_DIM`.
    /// `_what` names the field where it is read, for the reader of this code.
    fn dim(&mut self, _what: &str) -> Result<usize, WeightsError> {
        let v = self.u32()?;
        if v == 0 || v > MAX_DIM {
            return Err(WeightsError::BadArchitecture(None));
        }
        Ok(v as usize)
    }
    fn bool(&mut self) -> Result<bool, WeightsError> {
        match self.u8()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(WeightsError::BadArchitecture(None)),
        }
    }
    fn padding(&mut self) -> Result<Padding, WeightsError> {
        match self.u8()? {
            0 => Ok(Padding::Valid),
            1 => Ok(Padding::Same),
            _ => Err(WeightsError::BadArchitecture(None)),
        }
    }
    fn activation(&mut self) -> Result<Activation, WeightsError> {
        let c = self.u8()?;
        Activation::from_code(c).ok_or(WeightsError::BadArchitecture(None))
    }
}

fn write_layer(w: &mut Writer, c: &LayerConfig) {
    match c {
        LayerConfig::Conv1D(c) => {
            w.u8(1);
            w.u32(c.filters);
            w.u32(c.kernel_size);
            w.u32(c.strides);
            w.padding(c.padding);
            w.u8(c.activation.code());
            w.u8(c.use_bias as u8);
        }
        LayerConfig::Conv2D(c) => {
            w.u8(2);
            for v in [c.filters, c.kernel_size.0, c.kernel_size.1, c.strides.0, c.strides.1] {
                w.u32(v);
            }
            w.padding(c.padding);
            w.u8(c.activation.code());
            w.u8(c.use_bias as u8);
        }
        LayerConfig::Pool(p) => {
            w.u8(3);
            w.u8(match p.kind {
                PoolKind::Max => 0,
                PoolKind::Average => 1,
            });
            w.u8(p.two_d as u8);
            w.u32(p.pool_size.0);
            w.u32(p.pool_size.1);
            match p.strides {
                Some((a, b)) => {
                    w.u8(1);
                    w.u32(a);
                    w.u32(b);
                }
                None => w.u8(0),
            }
            w.padding(p.padding);
        }
        LayerConfig::Flatten => w.u8(4),
        LayerConfig::Dense(c) => {
            w.u8(5);
            w.u32(c.units);
            w.u8(c.activation.code());
            w.u8(c.use_bias as u8);
        }
        LayerConfig::Dropout(c) => {
            w.u8(6);
            w.f32(c.rate);
        }
    }
}

fn read_layer(r: &mut Reader) -> Result<LayerConfig, WeightsError> {
    Ok(match r.u8()? {
        1 => LayerConfig::Conv1D(Conv1DConfig {
            filters: r.dim("filters")?,
            kernel_size: r.dim("kernel size")?,
            strides: r.dim("strides")?,
            padding: r.padding()?,
            activation: r.activation()?,
            use_bias: r.bool()?,
        }),
        2 => LayerConfig::Conv2D(Conv2DConfig {
            filters: r.dim("filters")?,
            kernel_size: (r.dim("kernel size")?, r.dim("kernel size")?),
            strides: (r.dim("strides")?, r.dim("strides")?),
            padding: r.padding()?,
            activation: r.activation()?,
            use_bias: r.bool()?,
        }),
        3 => {
            let kind = match r.u8()? {
                0 => PoolKind::Max,
                1 => PoolKind::Average,
                _ => return Err(WeightsError::BadArchitecture(None)),
            };
            let two_d = r.bool()?;
            // A 1D pool ignores the height fields: any value, even 0, must round-trip.
            let height = |r: &mut Reader, what: &str| {
                if two_d { r.dim(what) } else { r.u32().map(|v| v as usize) }
            };
            let pool_size = (height(r, "pool size")?, r.dim("pool size")?);
            let strides =
                if r.bool()? { Some((height(r, "strides")?, r.dim("strides")?)) } else { None };
            LayerConfig::Pool(PoolConfig { kind, two_d, pool_size, strides, padding: r.padding()? })
        }
        4 => LayerConfig::Flatten,
        5 => LayerConfig::Dense(DenseConfig {
            units: r.dim("units")?,
            activation: r.activation()?,
            use_bias: r.bool()?,
        }),
        6 => {
            let s = r.take(4)?;
            LayerConfig::Dropout(DropoutConfig {
                rate: f32::from_le_bytes([s[0], s[1], s[2], s[3]]),
            })
        }
        _ => return Err(WeightsError::BadArchitecture(None)),
    })
}

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
        write_layer(&mut w, c);
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
    if version != VERSION {
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
    let configs: Vec<LayerConfig> =
        (0..n_layers).map(|_| read_layer(&mut r)).collect::<Result<_, _>>()?;

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

fn read_params(r: &mut Reader, model: &mut Sequential<f32>) -> Result<(), WeightsError> {
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
