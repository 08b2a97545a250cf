//! What the network looks at: a saliency map and an occlusion map for one input and one
//! class, both computed by the core's own passes (no second formula for the page).
//!
//! - **Saliency**: ∂score_c/∂x for every input pixel, from [`Sequential::backward`] with a
//!   one-hot `dy`. The *score* is the pre-softmax logit `z_c`, not the probability `p_c`:
//!   a well-trained network gives most digits `p_c ≈ 1`, where
//!   ∂p_c/∂x = p_c (∇z_c − Σ_j p_j ∇z_j) is nearly zero (the probability has saturated) and
//!   tells more about the competing classes than about the class itself. The logit's
//!   gradient says which pixels, changed a little, would change the evidence for `c` most
//!   (Simonyan et al., 2014, use the score for the same reason). The tests check both, and
//!   the identity above, against finite differences.
//! - **Occlusion**: the network's output (the probabilities) when a square patch of the
//!   input is set to `fill` (0, the digit's background: the patch *hides* ink), for every
//!   position of the patch on a grid of `stride`, all positions stacked in one batch of
//!   [`Sequential::predict_batch`]. Row 0 of the batch is the unchanged input, so the
//!   baseline goes through exactly the same computation as the hidden copies.
//!
//! Both run with dropout off (inference): the saliency uses a copy of the network whose
//! dropout rates are 0 (the identity) and whose last softmax is removed, see
//! [`score_model`].

use std::ops::Range;

use ndarray::Array2;

use crate::nn::layers::LayerConfig;
use crate::nn::{Activation, NnError, Scalar, Sequential, rng_from_seed};

/// The page's occlusion patch: 8×8 pixels of the 32×32 input…
pub const PATCH: usize = 8;
/// …moved 4 pixels at a time: 7×7 = 49 positions, each pixel under up to 4 patches.
pub const STRIDE: usize = 4;

/// The network's scores: the same layers and weights as `model`, dropout rates set to 0
/// (dropout off even in a training pass, which `backward` needs) and a last softmax made
/// linear, so that its outputs are the logits. A network whose last layer has no softmax
/// already outputs its scores; it is copied unchanged (but for dropout).
///
/// # Errors
/// None for a model that was built (the same configurations build again).
pub fn score_model<F: Scalar>(model: &Sequential<F>) -> Result<Sequential<F>, NnError> {
    let mut configs = model.configs().to_vec();
    let last = configs.len().saturating_sub(1);
    for (i, c) in configs.iter_mut().enumerate() {
        match c {
            LayerConfig::Dropout(d) => d.rate = 0.0,
            LayerConfig::Dense(d) if i == last && d.activation == Activation::Softmax => {
                d.activation = Activation::Linear
            }
            LayerConfig::Conv2D(d) if i == last && d.activation == Activation::Softmax => {
                d.activation = Activation::Linear
            }
            LayerConfig::Conv1D(d) if i == last && d.activation == Activation::Softmax => {
                d.activation = Activation::Linear
            }
            _ => {}
        }
    }
    // The draws are thrown away: the weights are the model's.
    let mut scores = Sequential::new(model.input_shape(), &configs, &mut rng_from_seed(0))?;
    scores.set_flat_params(&model.flat_params())?;
    Ok(scores)
}

/// ∂z_class/∂x: the gradient of the class's score (logit) with respect to every input
/// value, flat NHWC like `input`. `scores` is the network from [`score_model`].
///
/// # Errors
/// A wrong input size, a non-finite input, or a class the network does not have.
pub fn saliency<F: Scalar>(
    scores: &mut Sequential<F>,
    input: &[F],
    class: usize,
) -> Result<Vec<F>, NnError> {
    let classes: usize = scores.output_shape().iter().product();
    if class >= classes {
        return Err(NnError::LabelOutOfRange { label: class, classes });
    }
    let x = ndarray::ArrayView2::from_shape((1, input.len()), input)
        .map_err(|_| NnError::SizeMismatch { got: input.len(), expected: scores.input_len() })?;
    // Dropout rates are 0 in `scores`: this generator draws masks that keep everything.
    scores.forward_train(x, &mut rng_from_seed(0))?;
    let mut dy = Array2::zeros((1, classes));
    dy[[0, class]] = F::one();
    Ok(scores.backward(dy.view())?.iter().copied().collect())
}

/// The occlusion's plan for one input shape: where the patch goes, and the batch rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Occlusion {
    pub patch: usize,
    pub stride: usize,
    pub fill: f32,
    /// `(height, width, channels)` of the input.
    pub shape: [usize; 3],
    /// The top-left corner `(row, column)` of each position of the patch.
    pub positions: Vec<(usize, usize)>,
}

impl Occlusion {
    /// Every position of a `patch`×`patch` square on an `(h, w, c)` (or `(h, w)`) input, in
    /// steps of `stride`, reading order; a last row and column are added when the steps do
    /// not reach the far edges, so every pixel is under at least one patch.
    ///
    /// # Errors
    /// A zero patch or stride, a patch larger than the input, an input that is not an image.
    pub fn new(input_shape: &[usize], patch: usize, stride: usize) -> Result<Self, NnError> {
        let shape = match *input_shape {
            [h, w] => [h, w, 1],
            [h, w, c] => [h, w, c],
            _ => return Err(NnError::EmptyInput),
        };
        if patch == 0 || stride == 0 {
            return Err(NnError::ZeroWindowOrStride { window: patch, stride });
        }
        let [h, w, _] = shape;
        if patch > h.min(w) {
            return Err(NnError::WindowTooLarge { window: patch, input: h.min(w) });
        }
        let starts = |n: usize| {
            let mut s: Vec<usize> = (0..=n - patch).step_by(stride).collect();
            if s.last() != Some(&(n - patch)) {
                s.push(n - patch);
            }
            s
        };
        let rows = starts(h);
        let cols = starts(w);
        let positions = rows.iter().flat_map(|&r| cols.iter().map(move |&c| (r, c))).collect();
        Ok(Occlusion { patch, stride, fill: 0.0, shape, positions })
    }

    /// Batch rows: row 0 is the input unchanged, row `k ≥ 1` the input hidden at
    /// `positions[k − 1]`.
    pub fn rows(&self) -> usize {
        self.positions.len() + 1
    }

    /// Rows `range` of the batch (see [`Self::rows`]), one flat example each.
    ///
    /// # Errors
    /// An input of the wrong size.
    pub fn batch<F: Scalar>(&self, input: &[F], range: Range<usize>) -> Result<Array2<F>, NnError> {
        let [h, w, c] = self.shape;
        if input.len() != h * w * c {
            return Err(NnError::SizeMismatch { got: input.len(), expected: h * w * c });
        }
        let range = range.start.min(self.rows())..range.end.min(self.rows());
        let mut out = Array2::zeros((range.len(), input.len()));
        let fill = F::from_f64(self.fill as f64);
        for (mut row, k) in out.rows_mut().into_iter().zip(range) {
            let Some(row) = row.as_slice_mut() else { continue };
            row.copy_from_slice(input);
            if k == 0 {
                continue;
            }
            let (r0, c0) = self.positions[k - 1];
            for y in r0..r0 + self.patch {
                row[(y * w + c0) * c..(y * w + c0 + self.patch) * c].fill(fill);
            }
        }
        Ok(out)
    }

    /// The network's outputs for rows `range` of the batch, in one `predict_batch`.
    ///
    /// # Errors
    /// As [`Self::batch`] and [`Sequential::predict_batch`] (an empty range is an empty
    /// batch).
    pub fn run<F: Scalar>(
        &self,
        model: &mut Sequential<F>,
        input: &[F],
        range: Range<usize>,
    ) -> Result<Vec<Vec<f32>>, NnError> {
        let x = self.batch(input, range)?;
        let y = model.predict_batch(x.view())?;
        Ok(y.rows().into_iter().map(|r| r.iter().map(|v| v.as_f32()).collect()).collect())
    }

    /// The whole map at once: every row in one batch.
    ///
    /// # Errors
    /// As [`Self::run`].
    pub fn map<F: Scalar>(
        &self,
        model: &mut Sequential<F>,
        input: &[F],
    ) -> Result<OcclusionMap, NnError> {
        let rows = self.run(model, input, 0..self.rows())?;
        OcclusionMap::new(self.clone(), rows)
    }
}

/// The outputs of an occlusion batch: the unchanged input's and each position's.
#[derive(Debug, Clone, PartialEq)]
pub struct OcclusionMap {
    pub plan: Occlusion,
    /// The outputs (probabilities) of the unchanged input.
    pub base: Vec<f32>,
    /// `hidden[k]`: the outputs with the patch at `plan.positions[k]`.
    pub hidden: Vec<Vec<f32>>,
}

impl OcclusionMap {
    /// From the outputs of every row of the plan's batch, in order.
    ///
    /// # Errors
    /// Not one row per batch row, or rows of different lengths.
    pub fn new(plan: Occlusion, mut rows: Vec<Vec<f32>>) -> Result<Self, NnError> {
        if rows.len() != plan.rows() {
            return Err(NnError::SizeMismatch { got: rows.len(), expected: plan.rows() });
        }
        let base = rows.remove(0);
        if let Some(r) = rows.iter().find(|r| r.len() != base.len()) {
            return Err(NnError::SizeMismatch { got: r.len(), expected: base.len() });
        }
        Ok(OcclusionMap { plan, base, hidden: rows })
    }

    /// How much hiding each position lowers the class's output: `base − hidden` (positive:
    /// the patch hid something the class needs), one value per position.
    pub fn drops(&self, class: usize) -> Vec<f32> {
        let b = self.base.get(class).copied().unwrap_or(0.0);
        self.hidden.iter().map(|r| b - r.get(class).copied().unwrap_or(0.0)).collect()
    }

    /// The drops spread over the pixels, `(height, width)` row-major: each pixel gets the
    /// mean drop of the patches that cover it (0 where none does).
    pub fn pixel_map(&self, class: usize) -> Vec<f32> {
        let [h, w, _] = self.plan.shape;
        let p = self.plan.patch;
        let mut sum = vec![0.0f32; h * w];
        let mut count = vec![0u32; h * w];
        for (&(r0, c0), d) in self.plan.positions.iter().zip(self.drops(class)) {
            for y in r0..r0 + p {
                for x in c0..c0 + p {
                    sum[y * w + x] += d;
                    count[y * w + x] += 1;
                }
            }
        }
        sum.iter().zip(count).map(|(&s, n)| if n > 0 { s / n as f32 } else { 0.0 }).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_cover_the_image_and_reach_its_far_edges() {
        let o = Occlusion::new(&[32, 32, 1], PATCH, STRIDE).unwrap();
        assert_eq!(o.positions.len(), 49);
        assert_eq!(o.rows(), 50);
        assert_eq!(o.positions[0], (0, 0));
        assert_eq!(*o.positions.last().unwrap(), (24, 24));
        // 10 wide with a 4-patch in steps of 4: 0, 4, then 6 so that column 9 is covered.
        let o = Occlusion::new(&[10, 10], 4, 4).unwrap();
        assert_eq!(o.positions.iter().map(|p| p.1).take(3).collect::<Vec<_>>(), [0, 4, 6]);
        assert!(Occlusion::new(&[32, 32, 1], 0, 4).is_err());
        assert!(Occlusion::new(&[32, 32, 1], 8, 0).is_err());
        assert!(Occlusion::new(&[8, 8, 1], 9, 1).is_err());
        assert!(Occlusion::new(&[64], 4, 4).is_err());
    }

    #[test]
    fn a_batch_row_hides_exactly_its_patch() {
        let o = Occlusion::new(&[6, 6, 2], 2, 2).unwrap();
        let input: Vec<f32> = (0..72).map(|i| 1.0 + i as f32).collect();
        let b = o.batch(&input, 0..o.rows()).unwrap();
        assert_eq!(b.nrows(), 10);
        assert_eq!(b.row(0).to_vec(), input);
        // Position 4 is (2, 2): pixels (2..4, 2..4), both channels.
        assert_eq!(o.positions[4], (2, 2));
        let row = b.row(5);
        for y in 0..6 {
            for x in 0..6 {
                for ch in 0..2 {
                    let i = (y * 6 + x) * 2 + ch;
                    let hidden = (2..4).contains(&y) && (2..4).contains(&x);
                    assert_eq!(row[i], if hidden { 0.0 } else { input[i] }, "({y},{x},{ch})");
                }
            }
        }
        assert!(o.batch(&input[1..], 0..1).is_err());
        assert_eq!(o.batch(&input, 8..20).unwrap().nrows(), 2);
    }

    #[test]
    fn the_pixel_map_is_the_mean_drop_of_the_covering_patches() {
        let o = Occlusion::new(&[4, 4], 2, 2).unwrap();
        // Class 1's base 0.9; the four patches leave 0.5, 0.9, 0.9, 1.0.
        let rows =
            vec![vec![0.1, 0.9], vec![0.5, 0.5], vec![0.1, 0.9], vec![0.1, 0.9], vec![0.0, 1.0]];
        let m = OcclusionMap::new(o, rows).unwrap();
        let d = m.drops(1);
        assert!((d[0] - 0.4).abs() < 1e-6 && d[1] == 0.0 && (d[3] + 0.1).abs() < 1e-6);
        let px = m.pixel_map(1);
        assert!((px[0] - 0.4).abs() < 1e-6 && (px[15] + 0.1).abs() < 1e-6 && px[2] == 0.0);
        assert!(OcclusionMap::new(m.plan.clone(), vec![vec![1.0]]).is_err());
    }
}
