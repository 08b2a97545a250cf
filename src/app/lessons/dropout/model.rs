//! The dropout lab's network: the course's Dense 64 → Dropout → Dense 10 on 100 inputs,
//! built and run by the core (`Sequential`, its seeded dropout).

use ndarray::ArrayView2;
use rand::Rng as _;

use crate::nn::{
    Activation, DenseConfig, DropoutConfig, LayerConfig, NnError, Sequential, rng_from_seed,
};

pub const INPUTS: usize = 100;
pub const UNITS: usize = 64;
pub const CLASSES: usize = 10;
/// Seed of the weights (fixed: the same network every time).
pub const WEIGHTS_SEED: u64 = 42;
/// Mask `i` is drawn from `rng_from_seed(MASK_SEED + i)`: step back shows the same mask.
pub const MASK_SEED: u64 = 1000;
/// How many masks the stepper offers.
pub const MASKS: usize = 40;

/// One pass: the 64 Dense outputs, the multipliers (0 or 1/(1−p); all 1 in inference),
/// the 64 values after dropout, and the 10 probabilities.
#[derive(Debug, Clone, PartialEq)]
pub struct Pass {
    pub dense: Vec<f32>,
    pub mask: Vec<f32>,
    pub after: Vec<f32>,
    pub probs: Vec<f32>,
}

/// The input: 100 values in [0, 1) (like the course's `np.random.random`), fixed.
pub fn input() -> Vec<f32> {
    let mut rng = rng_from_seed(7);
    (0..INPUTS).map(|_| rng.random::<f32>()).collect()
}

pub fn model(rate: f32) -> Result<Sequential<f32>, NnError> {
    let configs = [
        LayerConfig::from(DenseConfig::new(UNITS).activation(Activation::Relu)),
        LayerConfig::from(DropoutConfig::new(rate)),
        LayerConfig::from(DenseConfig::new(CLASSES).activation(Activation::Softmax)),
    ];
    Sequential::new(&[INPUTS], &configs, &mut rng_from_seed(WEIGHTS_SEED))
}

/// Runs mask `step` (training) or an inference pass, at rate `rate`.
pub fn run(rate: f32, step: usize, training: bool) -> Result<Pass, NnError> {
    let mut m = model(rate)?;
    let x = input();
    if training {
        let view = ArrayView2::from_shape((1, INPUTS), &x[..])
            .map_err(|_| NnError::SizeMismatch { got: x.len(), expected: INPUTS })?;
        m.forward_train(view, &mut rng_from_seed(MASK_SEED + step as u64))?;
    } else {
        m.predict(&x)?;
    }
    let acts = m.last_activations(0);
    let mask = if training {
        m.dropout_masks()
            .into_iter()
            .next()
            .map(|(_, t)| t.data)
            .unwrap_or_else(|| vec![1.0; UNITS])
    } else {
        vec![1.0; UNITS]
    };
    Ok(Pass {
        dense: acts[0].data.clone(),
        mask,
        after: acts[1].data.clone(),
        probs: acts[2].data.clone(),
    })
}

pub fn keras_code(rate: f32) -> String {
    format!(
        "import numpy as np\n\
         import keras\n\
         \n\
         model = keras.Sequential([\n    \
             keras.Input(shape=({INPUTS},)),\n    \
             keras.layers.Dense(units={UNITS}, activation=\"relu\"),\n    \
             keras.layers.Dropout({rate}),\n    \
             keras.layers.Dense(units={CLASSES}, activation=\"softmax\"),\n\
         ])\n\
         x = np.random.random((1, {INPUTS})).astype(\"float32\")\n\
         \n\
         print(model(x, training=True))   # training: a new random mask at each call\n\
         print(model(x, training=False))  # inference: Dropout lets everything through\n",
        rate = crate::app::i18n::num::fmt_value(rate as f64),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mask_keeps_about_half_and_scales_by_two() {
        let p = run(0.5, 0, true).unwrap();
        assert_eq!((p.dense.len(), p.mask.len(), p.after.len(), p.probs.len()), (64, 64, 64, 10));
        let kept = p.mask.iter().filter(|&&m| m > 0.0).count();
        assert!((16..=48).contains(&kept), "{kept} kept");
        for i in 0..UNITS {
            assert!(p.mask[i] == 0.0 || p.mask[i] == 2.0);
            assert!((p.after[i] - p.dense[i] * p.mask[i]).abs() < 1e-6);
        }
        assert!((p.probs.iter().sum::<f32>() - 1.0).abs() < 1e-5);
        // The same step gives the same mask; another step another one.
        assert_eq!(run(0.5, 0, true).unwrap(), p);
        assert_ne!(run(0.5, 1, true).unwrap().mask, p.mask);
    }

    #[test]
    fn inference_lets_everything_through() {
        let p = run(0.5, 3, false).unwrap();
        assert_eq!(p.after, p.dense);
        assert!(p.mask.iter().all(|&m| m == 1.0));
        assert!(run(1.0, 0, true).is_err(), "rate 1 is refused by the core");
        assert!(keras_code(0.5).contains("keras.layers.Dropout(0.5)"));
    }
}
