//! One description of a network, in Keras's vocabulary: the list of layer configurations
//! a [`Sequential`] is built from, on the digits' 32×32×1 input.
//!
//! Every place that names a network uses this value: the core builds from it
//! ([`Architecture::build`]), the page's link, the worker's messages and
//! `cargo xtask train --arch` carry its text ([`text`]: `Conv2D(6,3,relu)-AveragePooling2D(2)-…`),
//! the Keras panel prints it ([`keras`]), the editor and its summary read its [`plan`], and
//! the weights file stores its layers (`nn::io`). [`presets`] are the networks the page offers.

pub mod bounds;
pub mod keras;
pub mod plan;
pub mod presets;
pub mod text;

pub use self::bounds::{Bound, OutOfBounds};
pub use self::plan::{ParamTerms, Plan, PlanFailure, PlanRow};
pub use self::presets::Preset;
pub use self::text::ArchError;

use super::{
    Activation, DenseConfig, DropoutConfig, LayerConfig, NnError, PoolKind, Rng, Scalar, Sequential,
};

/// The input every network of the page reads: one grey 32×32 digit (MNIST's 28×28 padded
/// by 2, as in the course).
pub const DIGIT_INPUT: [usize; 3] = [32, 32, 1];

/// A network as Keras's `Sequential` list of layers, the output layer included.
#[derive(Debug, Clone, PartialEq)]
pub struct Architecture {
    pub layers: Vec<LayerConfig>,
}

impl Default for Architecture {
    /// The course's LeNet.
    fn default() -> Self {
        Preset::Lenet.architecture()
    }
}

impl Architecture {
    pub fn new(layers: Vec<LayerConfig>) -> Self {
        Architecture { layers }
    }

    /// The network with fresh weights drawn from `rng`, on [`DIGIT_INPUT`].
    ///
    /// # Errors
    /// A layer that cannot be built (the error names it), or a network that is not a
    /// digit classifier (see [`Plan`]).
    pub fn build<F: Scalar>(&self, rng: &mut Rng) -> Result<Sequential<F>, NnError> {
        if let Some(f) = self.plan().failure {
            return Err(f.error.in_layer(f.index + 1, f.kind));
        }
        Sequential::new(&DIGIT_INPUT, &self.layers, rng)
    }

    /// [`Self::build`] for a classifier of `classes` classes (see [`Self::plan_classes`]).
    ///
    /// # Errors
    /// As [`Self::build`].
    pub fn build_classes<F: Scalar>(
        &self,
        classes: usize,
        rng: &mut Rng,
    ) -> Result<Sequential<F>, NnError> {
        if let Some(f) = self.plan_classes(classes).failure {
            return Err(f.error.in_layer(f.index + 1, f.kind));
        }
        Sequential::new(&DIGIT_INPUT, &self.layers, rng)
    }

    /// The same network for `classes` classes: its last layer, when it is a dense layer,
    /// gets one unit per class (a preset for a student's own set of 3 shapes ends with 3).
    pub fn with_classes(&self, classes: usize) -> Self {
        let mut a = self.clone();
        if let Some(LayerConfig::Dense(d)) = a.layers.last_mut() {
            d.units = classes;
        }
        a
    }

    /// The number of classes this network's last dense layer outputs, if it ends with one.
    pub fn classes(&self) -> Option<usize> {
        match self.layers.last() {
            Some(LayerConfig::Dense(d)) => Some(d.units),
            _ => None,
        }
    }

    /// The same network with every pooling layer of kind `kind` (the page's avg/max switch).
    pub fn with_pooling(&self, kind: PoolKind) -> Self {
        let mut a = self.clone();
        for l in &mut a.layers {
            if let LayerConfig::Pool(p) = l {
                p.kind = kind;
            }
        }
        a
    }

    /// The pooling kind of the network's pooling layers, if it has any and they agree.
    pub fn pooling(&self) -> Option<PoolKind> {
        let mut kinds = self.layers.iter().filter_map(|l| match l {
            LayerConfig::Pool(p) => Some(p.kind),
            _ => None,
        });
        let first = kinds.next()?;
        kinds.all(|k| k == first).then_some(first)
    }

    /// The same network with a `Dropout(rate)` after each hidden dense layer and no other
    /// dropout (`None`: no dropout at all) — the page's dropout switch.
    pub fn with_dense_dropout(&self, rate: Option<f32>) -> Self {
        let last = self.layers.len().saturating_sub(1);
        let mut out = Vec::with_capacity(self.layers.len() + 2);
        for (i, l) in self.layers.iter().enumerate() {
            if matches!(l, LayerConfig::Dropout(_)) {
                continue;
            }
            out.push(l.clone());
            if let (LayerConfig::Dense(_), Some(r), true) = (l, rate, i < last) {
                out.push(DropoutConfig::new(r).into());
            }
        }
        Architecture { layers: out }
    }

    /// The same network with every `Dropout` layer at `rate`.
    pub fn with_dropout_rate(&self, rate: f32) -> Self {
        let mut a = self.clone();
        for l in &mut a.layers {
            if let LayerConfig::Dropout(d) = l {
                d.rate = rate;
            }
        }
        a
    }

    /// The rate of the network's dropout layers, if it has any and they agree.
    pub fn dropout(&self) -> Option<f32> {
        let mut rates = self.layers.iter().filter_map(|l| match l {
            LayerConfig::Dropout(d) => Some(d.rate),
            _ => None,
        });
        let first = rates.next()?;
        rates.all(|r| r == first).then_some(first)
    }

    /// The preset this network is, if any (its name then stands for it).
    pub fn preset(&self) -> Option<Preset> {
        Preset::ALL.into_iter().find(|p| p.architecture() == *self)
    }

    /// The output layer every network of the page ends with: ten digits, softmax.
    pub fn output_layer() -> LayerConfig {
        DenseConfig::new(10).activation(Activation::Softmax).into()
    }
}

#[cfg(feature = "web")]
mod serde_impl {
    //! The worker's messages carry the architecture as its text ([`super::text`]): one
    //! codec, whatever crosses.
    use serde::de::Error as _;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use super::Architecture;

    impl Serialize for Architecture {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.serialize_str(&self.to_text())
        }
    }

    impl<'de> Deserialize<'de> for Architecture {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            let text = String::deserialize(d)?;
            Architecture::parse(&text).map_err(|e| D::Error::custom(e.to_string()))
        }
    }
}
