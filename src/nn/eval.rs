//! Evaluation: a model's loss, accuracy and confusion matrix on digits of the file, as a
//! report or as sums that the shares of a split evaluation add up.

use ndarray::Array2;

use super::NnError;
use super::loss::softmax_cross_entropy;
use super::model::Sequential;
use crate::data::Mnist;

/// An evaluation on a whole split.
#[derive(Debug, Clone, PartialEq)]
pub struct EvalReport {
    pub count: usize,
    pub loss: f32,
    pub accuracy: f32,
    /// `confusion[true][predicted]`. A set of N < 10 classes fills its top-left N×N
    /// corner (at most 10 classes: one fixed-size matrix crosses the worker boundary).
    pub confusion: [[u32; 10]; 10],
}

/// An evaluation as sums, which the shares of a split evaluation add up (see
/// `Trainer::eval_shares`): counts exactly, the loss up to float rounding.
#[derive(Debug, Clone, PartialEq)]
pub struct EvalSums {
    pub count: usize,
    pub loss_sum: f64,
    pub correct: usize,
    pub confusion: [[u32; 10]; 10],
}

impl EvalSums {
    pub fn add(&mut self, other: &EvalSums) {
        self.count += other.count;
        self.loss_sum += other.loss_sum;
        self.correct += other.correct;
        for (a, b) in self.confusion.iter_mut().zip(&other.confusion) {
            for (x, y) in a.iter_mut().zip(b) {
                *x += y;
            }
        }
    }

    pub fn report(&self) -> EvalReport {
        let n = self.count.max(1);
        EvalReport {
            count: self.count,
            loss: (self.loss_sum / n as f64) as f32,
            accuracy: self.correct as f32 / n as f32,
            confusion: self.confusion,
        }
    }
}

/// Evaluates `model` on the images `indices` of `data` (batches of 250, dropout off).
///
/// # Errors
/// A model that does not fit the images (see `Trainer::new`).
pub fn evaluate(
    model: &mut Sequential<f32>,
    data: &Mnist,
    indices: &[usize],
) -> Result<EvalReport, NnError> {
    evaluate_sums(model, data, indices).map(|s| s.report())
}

/// [`evaluate`] as sums (for a share of a split evaluation).
///
/// # Errors
/// As [`evaluate`].
pub fn evaluate_sums(
    model: &mut Sequential<f32>,
    data: &Mnist,
    indices: &[usize],
) -> Result<EvalSums, NnError> {
    let shape = model.input_shape().to_vec();
    if shape.len() != 3 {
        return Err(NnError::NotADigitModel {
            input: shape,
            output: model.output_shape().to_vec(),
        });
    }
    let (h, w) = (shape[0], shape[1]);
    let mut confusion = [[0u32; 10]; 10];
    let (mut loss, mut correct) = (0.0f64, 0usize);
    let mut labels = Vec::new();
    let (mut probs, mut dl) = (Array2::zeros((0, 0)), Array2::zeros((0, 0)));
    for chunk in indices.chunks(250) {
        let mut x = Array2::zeros((chunk.len(), h * w));
        data.write_batch(chunk, x.view_mut(), h, w, None, &mut labels);
        let y = model.predict_batch(x.view())?;
        if y.ncols() != data.classes() {
            return Err(NnError::NotADigitModel { input: shape.clone(), output: vec![y.ncols()] });
        }
        // The model outputs probabilities; their log is the logits up to a constant.
        let logits = y.mapv(|p| p.max(1e-30).ln());
        let out = softmax_cross_entropy(logits.view(), &labels, &mut probs, &mut dl)?;
        loss += out.loss as f64 * chunk.len() as f64;
        correct += out.correct;
        for (row, &l) in logits.outer_iter().zip(&labels) {
            let pred = row
                .iter()
                .enumerate()
                .fold((0, f32::NEG_INFINITY), |b, (i, &v)| if v > b.1 { (i, v) } else { b })
                .0;
            confusion[l as usize][pred] += 1;
        }
    }
    Ok(EvalSums { count: indices.len(), loss_sum: loss, correct, confusion })
}
