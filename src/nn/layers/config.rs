//! A layer's configuration as written in Keras, and how it builds the layer.

use super::activation::Activation;
use super::conv::{Conv1DConfig, Conv2DConfig, ConvLayer};
use super::dense::{Dense, DenseConfig};
use super::dropout::{Dropout, DropoutConfig};
use super::flatten::Flatten;
use super::keras::{ArchError, Arg, ArgReader, write_python, write_text};
use super::layer::Layer;
use super::pool::{PoolConfig, PoolKind, PoolLayer};
use crate::nn::{NnError, Rng, Scalar};

/// Largest number of parameters, and of values per example, one layer may have: a typo in
/// a lesson's field must give an error, not exhaust the browser's memory.
pub const MAX_LAYER_SIZE: usize = 1 << 26;

/// A layer's configuration, as written in Keras. Build a model from a list of them with
/// [`crate::nn::Sequential::new`].
#[derive(Debug, Clone, PartialEq)]
pub enum LayerConfig {
    Conv1D(Conv1DConfig),
    Conv2D(Conv2DConfig),
    /// `MaxPooling1D/2D`, `AveragePooling1D/2D`.
    Pool(PoolConfig),
    Flatten,
    Dense(DenseConfig),
    Dropout(DropoutConfig),
}

impl LayerConfig {
    /// Keras's class name (`Conv2D`, `AveragePooling2D`, …).
    pub fn kind(&self) -> &'static str {
        match self {
            LayerConfig::Conv1D(_) => "Conv1D",
            LayerConfig::Conv2D(_) => "Conv2D",
            LayerConfig::Pool(p) => p.kind_name(),
            LayerConfig::Flatten => "Flatten",
            LayerConfig::Dense(_) => "Dense",
            LayerConfig::Dropout(_) => "Dropout",
        }
    }

    /// Keras's default layer name prefix (`conv2d`, `average_pooling2d`, …).
    pub fn keras_prefix(&self) -> &'static str {
        match self {
            LayerConfig::Conv1D(_) => "conv1d",
            LayerConfig::Conv2D(_) => "conv2d",
            LayerConfig::Pool(p) => p.keras_prefix(),
            LayerConfig::Flatten => "flatten",
            LayerConfig::Dense(_) => "dense",
            LayerConfig::Dropout(_) => "dropout",
        }
    }

    /// Its settings in Keras's words, from its own room (`layers::keras`).
    pub fn keras_args(&self) -> Vec<Arg> {
        match self {
            LayerConfig::Conv1D(c) => c.keras_args(),
            LayerConfig::Conv2D(c) => c.keras_args(),
            LayerConfig::Pool(p) => p.keras_args(),
            LayerConfig::Flatten => Vec::new(),
            LayerConfig::Dense(d) => d.keras_args(),
            LayerConfig::Dropout(d) => d.keras_args(),
        }
    }

    /// The layer in the network's one-line text: `Conv2D(6,3,relu)`.
    pub fn to_text(&self) -> String {
        write_text(self.kind(), &self.keras_args())
    }

    /// The layer as Keras 3 code: `layers.Conv2D(6, (3, 3), activation="relu")`.
    pub fn to_python(&self) -> String {
        write_python(self.kind(), &self.keras_args())
    }

    /// Reads layer no. `layer` (from 1) from Keras's class `name` (case aside; `layers.`
    /// prefixes are the caller's) and the text between its brackets.
    ///
    /// # Errors
    /// An unknown class, or an argument it does not take or cannot read.
    pub fn from_keras(layer: usize, name: &str, body: &str) -> Result<LayerConfig, ArchError> {
        type Read = fn(&mut ArgReader<'_>) -> Result<LayerConfig, ArchError>;
        // Every kind, by Keras's name (and the short names students type).
        let (kind, read): (&'static str, Read) = match name.to_ascii_lowercase().as_str() {
            "conv1d" => ("Conv1D", |r| Conv1DConfig::from_keras(r).map(Into::into)),
            "conv2d" => ("Conv2D", |r| Conv2DConfig::from_keras(r).map(Into::into)),
            "maxpooling1d" | "maxpool1d" => ("MaxPooling1D", |r| {
                PoolConfig::from_keras(PoolKind::Max, false, r).map(Into::into)
            }),
            "maxpooling2d" | "maxpool2d" => {
                ("MaxPooling2D", |r| PoolConfig::from_keras(PoolKind::Max, true, r).map(Into::into))
            }
            "averagepooling1d" | "avgpool1d" => ("AveragePooling1D", |r| {
                PoolConfig::from_keras(PoolKind::Average, false, r).map(Into::into)
            }),
            "averagepooling2d" | "avgpool2d" => ("AveragePooling2D", |r| {
                PoolConfig::from_keras(PoolKind::Average, true, r).map(Into::into)
            }),
            "flatten" => ("Flatten", |_| Ok(LayerConfig::Flatten)),
            "dense" => ("Dense", |r| DenseConfig::from_keras(r).map(Into::into)),
            "dropout" => ("Dropout", |r| DropoutConfig::from_keras(r).map(Into::into)),
            _ => return Err(ArchError::unknown(layer, name)),
        };
        let mut r = ArgReader::new(layer, kind, body);
        let config = read(&mut r)?;
        r.done()?;
        Ok(config)
    }

    /// The layer's activation (`Linear` for layers without one).
    pub fn activation(&self) -> Activation {
        match self {
            LayerConfig::Conv1D(c) => c.activation,
            LayerConfig::Conv2D(c) => c.activation,
            LayerConfig::Dense(c) => c.activation,
            _ => Activation::Linear,
        }
    }

    /// Builds the layer for one example's `input_shape` (without the batch axis),
    /// drawing its initial weights from `rng` (Glorot uniform kernels, zero biases).
    ///
    /// # Errors
    /// An invalid configuration or an input shape the layer cannot take.
    pub fn init<F: Scalar>(
        &self,
        input_shape: &[usize],
        rng: &mut Rng,
    ) -> Result<Layer<F>, NnError> {
        self.init_with(input_shape, Some(rng))
    }

    /// [`Self::init`], with zero kernels when there is no `rng` (weights read from a file next).
    pub(crate) fn init_with<F: Scalar>(
        &self,
        input_shape: &[usize],
        rng: Option<&mut Rng>,
    ) -> Result<Layer<F>, NnError> {
        let last = *input_shape.last().unwrap_or(&1);
        let params = match self {
            LayerConfig::Conv1D(c) => {
                [c.kernel_size, last, c.filters].iter().try_fold(1usize, |a, &b| a.checked_mul(b))
            }
            LayerConfig::Conv2D(c) => [c.kernel_size.0, c.kernel_size.1, last, c.filters]
                .iter()
                .try_fold(1usize, |a, &b| a.checked_mul(b)),
            LayerConfig::Dense(c) => last.checked_mul(c.units),
            _ => Some(0),
        };
        if params.is_none_or(|p| p > MAX_LAYER_SIZE) {
            return Err(NnError::LayerTooLarge);
        }
        let input_len = input_shape.iter().try_fold(1usize, |a, &b| a.checked_mul(b));
        if input_len.is_none_or(|n| n > MAX_LAYER_SIZE) {
            return Err(NnError::LayerTooLarge);
        }
        let layer = match self {
            LayerConfig::Conv1D(c) => Layer::Conv(ConvLayer::new_1d(c, input_shape, rng)?),
            LayerConfig::Conv2D(c) => Layer::Conv(ConvLayer::new_2d(c, input_shape, rng)?),
            LayerConfig::Pool(p) => Layer::Pool(PoolLayer::new(p, input_shape)?),
            LayerConfig::Flatten => Layer::Flatten(Flatten::new(input_shape)?),
            LayerConfig::Dense(c) => Layer::Dense(Dense::new(c, input_shape, rng)?),
            LayerConfig::Dropout(c) => Layer::Dropout(Dropout::new(c, input_shape)?),
        };
        if layer
            .output_shape()
            .iter()
            .try_fold(1usize, |a, &b| a.checked_mul(b))
            .is_none_or(|n| n > MAX_LAYER_SIZE)
        {
            return Err(NnError::LayerTooLarge);
        }
        Ok(layer)
    }
}

impl From<Conv1DConfig> for LayerConfig {
    fn from(c: Conv1DConfig) -> Self {
        LayerConfig::Conv1D(c)
    }
}
impl From<Conv2DConfig> for LayerConfig {
    fn from(c: Conv2DConfig) -> Self {
        LayerConfig::Conv2D(c)
    }
}
impl From<PoolConfig> for LayerConfig {
    fn from(c: PoolConfig) -> Self {
        LayerConfig::Pool(c)
    }
}
impl From<DenseConfig> for LayerConfig {
    fn from(c: DenseConfig) -> Self {
        LayerConfig::Dense(c)
    }
}
impl From<DropoutConfig> for LayerConfig {
    fn from(c: DropoutConfig) -> Self {
        LayerConfig::Dropout(c)
    }
}
