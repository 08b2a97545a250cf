//! Weight initialisation as Keras does it: Glorot uniform kernels, zero biases.

use rand::Rng as _;

use super::{Rng, Scalar};

/// Glorot (Xavier) uniform: `len` values drawn from U(−l, l), `l = √(6 / (fan_in + fan_out))`.
///
/// For a convolution, as in Keras, both fans include the receptive field:
/// `fan_in = kh·kw·in_channels`, `fan_out = kh·kw·filters`.
/// A new layer's kernel: Glorot-drawn from `rng`, or zeros when there is none (a model
/// about to be overwritten by a weights file: drawing 81,194 values at every load cost the
/// page ~10 ms each time, twice per file, while training sent weights twice a second).
pub(crate) fn kernel_values<F: Scalar>(
    fan_in: usize,
    fan_out: usize,
    len: usize,
    rng: Option<&mut Rng>,
) -> Vec<F> {
    match rng {
        Some(rng) => glorot_uniform(fan_in, fan_out, len, rng),
        None => vec![F::zero(); len],
    }
}

pub fn glorot_uniform<F: Scalar>(
    fan_in: usize,
    fan_out: usize,
    len: usize,
    rng: &mut Rng,
) -> Vec<F> {
    let limit = (6.0 / (fan_in + fan_out).max(1) as f64).sqrt();
    (0..len).map(|_| F::from_f64(rng.random_range(-limit..limit))).collect()
}
