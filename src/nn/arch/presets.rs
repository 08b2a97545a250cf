//! The networks the page offers as starting points, each a question a student can ask.

use super::Architecture;
use crate::nn::{Activation, Conv2DConfig, DenseConfig, DropoutConfig, LayerConfig, PoolConfig};

/// A named network.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Preset {
    /// The course's LeNet (81,194 parameters).
    Lenet,
    /// LeNet-5 as published in 1998: 5×5 kernels, tanh, average pooling (subsampling),
    /// full C3 connections (61,706 parameters). C5, a 5×5 convolution over 5×5 maps, is
    /// the same as a `Dense(120)` after `Flatten` (the same 48,120 parameters, the same
    /// numbers out): written so, it stays within the editor's 64 filters.
    Lenet5,
    /// The course's LeNet without its second convolution.
    OneConv,
    /// No convolution: the digit's pixels straight into the dense layers.
    DenseOnly,
    /// The course's LeNet with 32 and 64 filters.
    Wide,
    /// The course's LeNet with `Dropout(0.5)` after each hidden dense layer.
    Dropout,
}

fn conv(filters: usize, k: usize, a: Activation) -> LayerConfig {
    Conv2DConfig::new(filters, (k, k)).activation(a).into()
}
fn avg() -> LayerConfig {
    PoolConfig::average_pooling_2d((2, 2)).into()
}
fn dense(units: usize, a: Activation) -> LayerConfig {
    DenseConfig::new(units).activation(a).into()
}

impl Preset {
    pub const ALL: [Preset; 6] = [
        Preset::Lenet,
        Preset::Lenet5,
        Preset::OneConv,
        Preset::DenseOnly,
        Preset::Wide,
        Preset::Dropout,
    ];

    /// Its name in links and on the command line.
    pub fn id(self) -> &'static str {
        match self {
            Preset::Lenet => "lenet",
            Preset::Lenet5 => "lenet5",
            Preset::OneConv => "one-conv",
            Preset::DenseOnly => "dense",
            Preset::Wide => "wide",
            Preset::Dropout => "dropout",
        }
    }

    pub fn from_id(id: &str) -> Option<Preset> {
        Preset::ALL.into_iter().find(|p| p.id().eq_ignore_ascii_case(id))
    }

    pub fn architecture(self) -> Architecture {
        use Activation::{Relu, Softmax, Tanh};
        let lenet = || {
            vec![
                conv(6, 3, Relu),
                avg(),
                conv(16, 3, Relu),
                avg(),
                LayerConfig::Flatten,
                dense(120, Relu),
                dense(84, Relu),
                dense(10, Softmax),
            ]
        };
        let layers = match self {
            Preset::Lenet => lenet(),
            Preset::Lenet5 => vec![
                conv(6, 5, Tanh),
                avg(),
                conv(16, 5, Tanh),
                avg(),
                LayerConfig::Flatten,
                dense(120, Tanh),
                dense(84, Tanh),
                dense(10, Softmax),
            ],
            Preset::OneConv => vec![
                conv(6, 3, Relu),
                avg(),
                LayerConfig::Flatten,
                dense(120, Relu),
                dense(84, Relu),
                dense(10, Softmax),
            ],
            Preset::DenseOnly => {
                vec![LayerConfig::Flatten, dense(120, Relu), dense(84, Relu), dense(10, Softmax)]
            }
            Preset::Wide => vec![
                conv(32, 3, Relu),
                avg(),
                conv(64, 3, Relu),
                avg(),
                LayerConfig::Flatten,
                dense(120, Relu),
                dense(84, Relu),
                dense(10, Softmax),
            ],
            Preset::Dropout => {
                let mut v = lenet();
                v.insert(6, DropoutConfig::new(0.5).into());
                v.insert(8, DropoutConfig::new(0.5).into());
                v
            }
        };
        Architecture { layers }
    }
}
