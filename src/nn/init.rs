//! Weight initialisation as Keras does it: Glorot uniform kernels, zero biases.

use rand::Rng as _;

use super::{Rng, Scalar};

/// Glorot (Xavier) uniform: `len` values drawn from U(−l, l), `l = √(6 / (fan_in + fan_out))`.
///
/// For a convolution, as in Keras, both fans include the receptive field:
/// `fan_in = kh·kw·in_channels`, `fan_out = kh·kw·filters`.
pub fn glorot_uniform<F: Scalar>(fan_in: usize, fan_out: usize, len: usize, rng: &mut Rng) -> Vec<F> {
    let limit = (6.0 / (fan_in + fan_out).max(1) as f64).sqrt();
    (0..len)
        .map(|_| F::from_f64(rng.random_range(-limit..limit)))
        .collect()
}
