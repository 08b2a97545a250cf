//! `Dropout`: inverted dropout, active only in training.

use ndarray::{Array2, ArrayView2};
use rand::Rng as _;

use super::common::{Ctx, ensure_shape};
use super::keras::{ArchError, Arg, ArgReader, Value};
use crate::nn::{NnError, Scalar};

/// Keras's `Dropout(rate)`: in training each value is zeroed with probability `rate` and
/// the survivors are scaled by `1 / (1 − rate)`, so the expected value is unchanged and
/// inference needs no rescaling (at inference the layer is the identity).
///
/// # Shapes
/// Any input shape; the output has the same shape.
#[derive(Debug, Clone, PartialEq)]
pub struct DropoutConfig {
    pub rate: f32,
}

impl DropoutConfig {
    pub fn new(rate: f32) -> Self {
        DropoutConfig { rate }
    }

    /// Its settings in Keras's words (`layers::keras`).
    pub(crate) fn keras_args(&self) -> Vec<Arg> {
        vec![Arg::positional("rate", Value::Rate(self.rate))]
    }

    pub(crate) fn from_keras(r: &mut ArgReader<'_>) -> Result<Self, ArchError> {
        Ok(DropoutConfig::new(r.rate("rate", Some(0))?))
    }
}

/// A built dropout layer; it keeps the mask of the last training batch for the UI.
#[derive(Debug, Clone)]
pub struct Dropout<F: Scalar> {
    rate: f32,
    shape: Vec<usize>,
    /// Last training batch's multipliers `(batch, features)`: 0 (dropped) or `1/(1−rate)`.
    /// Empty after an inference pass.
    mask: Array2<F>,
}

impl<F: Scalar> Dropout<F> {
    pub(crate) fn new(c: &DropoutConfig, input_shape: &[usize]) -> Result<Self, NnError> {
        if !(0.0..1.0).contains(&c.rate) {
            return Err(NnError::DropoutRate(c.rate as f64));
        }
        Ok(Dropout { rate: c.rate, shape: input_shape.to_vec(), mask: Array2::zeros((0, 0)) })
    }

    pub fn shape(&self) -> &[usize] {
        &self.shape
    }

    pub fn rate(&self) -> f32 {
        self.rate
    }

    /// `(batch, features)`: 0 where dropped, `1/(1−rate)` where kept, for the last training
    /// batch; `None` if the last pass was an inference pass.
    pub fn mask(&self) -> Option<ArrayView2<'_, F>> {
        (self.mask.nrows() > 0).then(|| self.mask.view())
    }

    pub(crate) fn forward(&mut self, x: ArrayView2<'_, F>, y: &mut Array2<F>, ctx: &mut Ctx<'_>) {
        match (ctx.training, ctx.rng.as_deref_mut()) {
            (true, Some(rng)) => {
                ensure_shape(&mut self.mask, x.nrows(), x.ncols());
                let keep = F::from_f64(1.0 / (1.0 - self.rate as f64));
                let rate = self.rate;
                self.mask
                    .iter_mut()
                    .for_each(|m| *m = if rng.random::<f32>() < rate { F::zero() } else { keep });
                ndarray::Zip::from(y).and(&x).and(&self.mask).for_each(|y, &x, &m| *y = x * m);
            }
            _ => {
                self.mask = Array2::zeros((0, 0));
                y.assign(&x);
            }
        }
    }

    pub(crate) fn backward(&mut self, dy: &mut Array2<F>, dx: Option<&mut Array2<F>>) {
        let Some(dx) = dx else { return };
        if self.mask.dim() == dy.dim() {
            ndarray::Zip::from(dx).and(&*dy).and(&self.mask).for_each(|d, &g, &m| *d = g * m);
        } else {
            dx.assign(dy);
        }
    }
}
