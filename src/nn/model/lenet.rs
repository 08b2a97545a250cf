//! The course's LeNet: its options and its layers.

use super::sequential::Sequential;
use crate::nn::{
    Activation, Conv2DConfig, DenseConfig, DropoutConfig, LayerConfig, NnError, PoolConfig,
    PoolKind, Rng, Scalar,
};

/// Options of the course's LeNet that the UI lets students change.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LeNetOptions {
    /// `Average` (the course) or `Max`.
    pub pooling: PoolKind,
    /// `Some(rate)`: a `Dropout(rate)` after each hidden dense layer.
    pub dropout: Option<f32>,
}

impl Default for LeNetOptions {
    fn default() -> Self {
        LeNetOptions { pooling: PoolKind::Average, dropout: None }
    }
}

impl<F: Scalar> Sequential<F> {
    /// The course's LeNet layers: Conv2D(6, 3×3, relu) → pool 2 → Conv2D(16, 3×3, relu) →
    /// pool 2 → Flatten → Dense(120, relu) → Dense(84, relu) → Dense(10, softmax), on
    /// 32×32×1 inputs ([`LeNetOptions`]: the pooling kind, optional dropout).
    pub fn lenet_configs(opts: &LeNetOptions) -> Vec<LayerConfig> {
        let pool = match opts.pooling {
            PoolKind::Average => PoolConfig::average_pooling_2d((2, 2)),
            PoolKind::Max => PoolConfig::max_pooling_2d((2, 2)),
        };
        let mut v: Vec<LayerConfig> = vec![
            Conv2DConfig::new(6, (3, 3)).activation(Activation::Relu).into(),
            pool.clone().into(),
            Conv2DConfig::new(16, (3, 3)).activation(Activation::Relu).into(),
            pool.into(),
            LayerConfig::Flatten,
            DenseConfig::new(120).activation(Activation::Relu).into(),
        ];
        if let Some(rate) = opts.dropout {
            v.push(DropoutConfig::new(rate).into());
        }
        v.push(DenseConfig::new(84).activation(Activation::Relu).into());
        if let Some(rate) = opts.dropout {
            v.push(DropoutConfig::new(rate).into());
        }
        v.push(DenseConfig::new(10).activation(Activation::Softmax).into());
        v
    }

    /// The course's LeNet (81,194 parameters) on 32×32×1 inputs; see [`Self::lenet_configs`].
    ///
    /// # Errors
    /// A dropout rate outside [0, 1).
    pub fn lenet(opts: &LeNetOptions, rng: &mut Rng) -> Result<Self, NnError> {
        Self::new(&[32, 32, 1], &Self::lenet_configs(opts), rng)
    }
}
