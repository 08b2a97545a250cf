//! Activation functions (Keras's `activation=` argument), applied in place.

use crate::nn::Scalar;

/// Keras's activations. `Softmax` normalises over the last axis (the channels).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Activation {
    /// Identity (Keras's `None` / `'linear'`).
    #[default]
    Linear,
    Relu,
    Sigmoid,
    Tanh,
    Softmax,
}

impl Activation {
    pub fn keras_name(self) -> &'static str {
        match self {
            Activation::Linear => "linear",
            Activation::Relu => "relu",
            Activation::Sigmoid => "sigmoid",
            Activation::Tanh => "tanh",
            Activation::Softmax => "softmax",
        }
    }

    /// Parses a Keras name (`"relu"`, …); `None` for an unknown one.
    pub fn from_keras_name(name: &str) -> Option<Self> {
        Some(match name {
            "linear" | "none" | "None" => Activation::Linear,
            "relu" => Activation::Relu,
            "sigmoid" => Activation::Sigmoid,
            "tanh" => Activation::Tanh,
            "softmax" => Activation::Softmax,
            _ => return None,
        })
    }

    /// Its byte in a version 1 weights file (only written by the tests now).
    #[cfg(test)]
    pub(crate) fn code(self) -> u8 {
        match self {
            Activation::Linear => 0,
            Activation::Relu => 1,
            Activation::Sigmoid => 2,
            Activation::Tanh => 3,
            Activation::Softmax => 4,
        }
    }

    pub(crate) fn from_code(c: u8) -> Option<Self> {
        Some(match c {
            0 => Activation::Linear,
            1 => Activation::Relu,
            2 => Activation::Sigmoid,
            3 => Activation::Tanh,
            4 => Activation::Softmax,
            _ => return None,
        })
    }

    /// Applies the activation in place; `last_dim` is the size of the last axis (for softmax).
    pub fn apply<F: Scalar>(self, v: &mut [F], last_dim: usize) {
        match self {
            Activation::Linear => {}
            // A compare-select: `max` becomes a libm call (fmaxf) in wasm, 10× slower.
            Activation::Relu => {
                v.iter_mut().for_each(|x| *x = if *x > F::zero() { *x } else { F::zero() })
            }
            // f32: a vectorised approximation (`convolab_kernels`); with libm, LeNet-5's first
            // convolution spent more time in tanh than in its 5×5 products.
            Activation::Sigmoid => F::sigmoid_in_place(v),
            Activation::Tanh => F::tanh_in_place(v),
            Activation::Softmax => v.chunks_mut(last_dim.max(1)).for_each(softmax_in_place),
        }
    }

    /// Turns `dy` = ∂L/∂y into ∂L/∂z in place, where `y = act(z)`; uses only the output
    /// `y` (every activation here has a derivative expressible from its output).
    pub fn backprop<F: Scalar>(self, y: &[F], dy: &mut [F], last_dim: usize) {
        let one = F::one();
        match self {
            Activation::Linear => {}
            // A select, not a branch: it vectorises.
            Activation::Relu => dy
                .iter_mut()
                .zip(y)
                .for_each(|(d, &y)| *d = if y > F::zero() { *d } else { F::zero() }),
            Activation::Sigmoid => dy.iter_mut().zip(y).for_each(|(d, &y)| *d *= y * (one - y)),
            Activation::Tanh => dy.iter_mut().zip(y).for_each(|(d, &y)| *d *= one - y * y),
            Activation::Softmax => {
                let k = last_dim.max(1);
                for (d, y) in dy.chunks_mut(k).zip(y.chunks(k)) {
                    let dot: F = d.iter().zip(y).map(|(&a, &b)| a * b).sum();
                    d.iter_mut().zip(y).for_each(|(d, &y)| *d = y * (*d - dot));
                }
            }
        }
    }
}

/// Stable softmax: subtracting the maximum keeps `exp` finite for any logits.
pub fn softmax_in_place<F: Scalar>(v: &mut [F]) {
    let m = v.iter().copied().fold(F::neg_infinity(), F::max);
    let mut s = F::zero();
    for x in v.iter_mut() {
        *x = (*x - m).exp();
        s += *x;
    }
    for x in v.iter_mut() {
        *x /= s;
    }
}
