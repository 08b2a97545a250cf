//! Test evaluations: when the next one falls during a run, the test split shared out among
//! the workers, and the per-digit evaluation the page asks for.

use super::helpers::Pool;
use crate::data::{Mnist, Split};
use crate::nn::{Architecture, EvalReport, NnError, Sequential, Trainer};
use crate::worker::protocol::{Report, TestDigit, WorkerError};

/// Where the test evaluation after one at `seen` examples comes: `every` examples apart at
/// first, then half the examples seen so far, at most 4 × `every`, on the grid of `every`.
/// The test curve shows the first climb in detail, and the evaluations (2,000 digits each,
/// about the cost of 1,000 training examples in the worker) stay near a quarter of the
/// student's wait instead of half of it.
pub fn next_eval(seen: u64, every: u64) -> u64 {
    let every = every.max(1);
    let gap = (seen / 2).clamp(every, 4 * every);
    (seen + gap) / every * every
}

/// Loss and accuracy of `t`'s network on the test split. Every worker evaluates its share
/// of the test digits (alone, the leader has them all): on a laptop with many cores the
/// evaluation would otherwise be most of the wait.
///
/// # Errors
/// Outside: a helper lost. Inside: the network's own error.
pub(super) async fn evaluate_test_shares<P: Pool>(
    t: &mut Trainer,
    pool: &mut P,
    options: &Architecture,
) -> Result<Result<EvalReport, NnError>, WorkerError> {
    let mut shares = t.eval_shares(Split::Test, pool.helpers() + 1).into_iter();
    let own = shares.next().unwrap_or_default();
    let others: Vec<Vec<u32>> = shares.collect();
    let sent = !others.is_empty();
    if sent {
        pool.send_eval(options, &t.model().flat_params(), others);
    }
    let own = t.evaluate_share(&own);
    let others = if sent { pool.collect_eval().await } else { Ok(Vec::new()) }?;
    Ok(own.map(|mut sums| {
        for o in &others {
            sums.add(o);
        }
        sums.report()
    }))
}

/// Per-digit probabilities on the whole test split, and the confusion matrix.
pub(super) fn evaluate_digits(
    model: &mut Sequential<f32>,
    data: &Mnist,
) -> Result<Report, WorkerError> {
    {
        let idx = data.indices(Split::Test);
        let shape = model.input_shape().to_vec();
        if shape.len() != 3 || model.output_shape() != [data.classes()] {
            let output = model.output_shape().to_vec();
            return Err(WorkerError::Nn(NnError::NotADigitModel { input: shape, output }));
        }
        let (h, w) = (shape[0], shape[1]);
        let mut labels = Vec::new();
        let mut digits = Vec::with_capacity(idx.len());
        let mut confusion = [[0u32; 10]; 10];
        let mut correct = 0usize;
        for chunk in idx.chunks(250) {
            let mut x = ndarray::Array2::zeros((chunk.len(), h * w));
            data.write_batch(chunk, x.view_mut(), h, w, None, &mut labels);
            let y = model.predict_batch(x.view()).map_err(WorkerError::Nn)?;
            for ((row, &i), &label) in y.outer_iter().zip(chunk).zip(&labels) {
                let mut probs = [0f32; 10];
                for (p, v) in probs.iter_mut().zip(row.iter()) {
                    *p = *v;
                }
                let d = TestDigit {
                    index: i as u32,
                    label,
                    pixels: data.image(i).unwrap_or(&[]).to_vec(),
                    probs,
                };
                let pred = d.predicted();
                confusion[label as usize][pred as usize] += 1;
                correct += (pred == label) as usize;
                digits.push(d);
            }
        }
        let accuracy = correct as f32 / digits.len().max(1) as f32;
        Ok(Report::Evaluation { accuracy, confusion, digits })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_evaluations_thin_out_as_the_run_goes() {
        let mut at = vec![];
        let mut next = 1000;
        // Batches of 32: an evaluation comes at the first step at or past `next`.
        for seen in (32..=60_000u64).step_by(32) {
            if seen >= next {
                at.push(seen);
                next = next_eval(seen, 1000);
            }
        }
        assert_eq!(&at[..6], &[1024, 2016, 3008, 4000, 6016, 9024]);
        let gaps: Vec<u64> = at.windows(2).map(|w| w[1] - w[0]).collect();
        assert!(gaps.iter().all(|&g| (990..=4032).contains(&g)), "{gaps:?}");
        assert!(gaps[gaps.len() - 3..].iter().all(|&g| g >= 3968), "then every 4,000: {gaps:?}");
        assert_eq!(next_eval(0, 0), 1, "a zero setting still moves on");
    }
}
