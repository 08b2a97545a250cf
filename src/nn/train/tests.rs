//! Tests of the trainer's data-parallel steps and split evaluations: the shares, computed
//! by simulated workers, add up to the one-worker step and evaluation.

use super::*;
use crate::nn::parallel::{ShareGrad, ShareWorker, mean_gradient, split, summed_gradient};
use crate::nn::{Architecture, OptimizerConfig, StepReport};

fn digits(n: usize) -> Mnist {
    crate::data::mnist::bar_digits(n, true)
}

fn trainer(data: &Mnist, optimizer: OptimizerConfig) -> Trainer {
    let model = Architecture::default().build::<f32>(&mut rng_from_seed(3)).unwrap();
    Trainer::new(
        model,
        data.clone(),
        TrainerConfig { batch_size: 13, optimizer, seed: 5, shift: 2, train_limit: None },
    )
    .unwrap()
}

/// One data-parallel step with `shares` shares, the other workers simulated here.
fn parallel_step(t: &mut Trainer, helpers: &mut [ShareWorker], shares: usize) -> StepReport {
    let tasks = t.begin_parallel_step(shares);
    let weights = t.model().flat_params();
    let opts = Architecture::default();
    let mut grads = vec![t.own_share().unwrap()];
    for (task, h) in tasks.iter().zip(helpers.iter_mut()) {
        grads.push(h.gradient(&opts, &weights, task).unwrap());
    }
    t.finish_parallel_step(&grads).unwrap()
}

fn close(a: &[f32], b: &[f32], tol: f32) -> f32 {
    assert_eq!(a.len(), b.len());
    let worst = a
        .iter()
        .zip(b)
        .map(|(x, y)| (x - y).abs() / (1.0 + x.abs().max(y.abs())))
        .fold(0.0, f32::max);
    assert!(worst <= tol, "worst relative difference {worst}");
    worst
}

#[test]
fn shares_sum_to_the_whole_batch_gradient() {
    let data = digits(60);
    let mut model = Architecture::default().build::<f32>(&mut rng_from_seed(9)).unwrap();
    let mut t = trainer(&data, OptimizerConfig::adam(1e-3));
    t.begin_parallel_step(1);
    let (x, labels) = (t.batch_input().to_owned(), t.batch_labels().to_vec());
    let whole = summed_gradient(&mut model, x.view(), &labels, None).unwrap();
    let weights = model.flat_params();
    for shares in [2, 3, 4, 13] {
        let parts: Vec<ShareGrad> = split(labels.len(), shares)
            .into_iter()
            .map(|r| {
                let mut m = Architecture::default().build::<f32>(&mut rng_from_seed(1)).unwrap();
                m.set_flat_params(&weights).unwrap();
                summed_gradient(&mut m, x.slice(ndarray::s![r.clone(), ..]), &labels[r], None)
                    .unwrap()
            })
            .collect();
        let (mean, count, loss, correct) = mean_gradient(&parts).unwrap();
        assert_eq!((count, correct), (labels.len(), whole.correct));
        assert!((loss - whole.loss_sum).abs() < 1e-3, "{loss} vs {}", whole.loss_sum);
        let whole_mean: Vec<f32> = whole.grad_sum.iter().map(|g| g / labels.len() as f32).collect();
        close(&mean, &whole_mean, 1e-5);
    }
}

#[test]
fn n_workers_train_the_same_weights_as_one() {
    let data = digits(80);
    for opt in [OptimizerConfig::adam(1e-3), OptimizerConfig::sgd(0.05, 0.9)] {
        let mut one = trainer(&data, opt);
        let mut reports = Vec::new();
        for _ in 0..8 {
            reports.push(one.step().unwrap());
        }
        for shares in [2, 3, 4] {
            let mut many = trainer(&data, opt);
            let mut helpers: Vec<ShareWorker> =
                (1..shares).map(|_| ShareWorker::new(data.clone())).collect();
            for want in &reports {
                let got = parallel_step(&mut many, &mut helpers, shares);
                assert_eq!(
                    (got.epoch, got.step, got.epoch_finished),
                    (want.epoch, want.step, want.epoch_finished)
                );
                assert!((got.loss - want.loss).abs() < 1e-4, "{got:?} vs {want:?}");
                assert_eq!(got.accuracy, want.accuracy);
            }
            // 8 steps of 13 over 64 training digits: an epoch ended and the next
            // shuffle was drawn from the same generator.
            assert!(reports.iter().any(|r| r.epoch_finished));
            close(&many.model().flat_params(), &one.model().flat_params(), 1e-4);
            // The next batch is the same digits too.
            one.begin_parallel_step(1);
            many.begin_parallel_step(1);
            assert_eq!(one.batch_indices(), many.batch_indices());
        }
    }
}

/// A test split evaluated in 1–5 shares (share 0 by the trainer, the others by share
/// workers) adds up to the one-worker evaluation: the same counts, confusion matrix and
/// accuracy, the loss up to float rounding. Bad shares are refused.
#[test]
fn a_split_evaluation_adds_up_to_one() {
    let data = digits(60);
    let mut t = trainer(&data, OptimizerConfig::Sgd { learning_rate: 0.05, momentum: 0.9 });
    for _ in 0..5 {
        t.step().unwrap();
    }
    let whole = t.evaluate(Split::Test).unwrap();
    assert!(whole.count > 5, "{whole:?}");
    let weights = t.model().flat_params();
    let opts = Architecture::default();
    let mut helpers: Vec<ShareWorker> = (0..4).map(|_| ShareWorker::new(data.clone())).collect();
    for shares in 1..=5 {
        let cut = t.eval_shares(Split::Test, shares);
        assert_eq!(cut.len(), shares.min(whole.count));
        let mut sums = t.evaluate_share(&cut[0]).unwrap();
        for (share, h) in cut[1..].iter().zip(&mut helpers) {
            sums.add(&h.evaluate(&opts, &weights, share).unwrap());
        }
        let r = sums.report();
        assert_eq!(
            (r.count, r.accuracy, r.confusion),
            (whole.count, whole.accuracy, whole.confusion),
            "{shares} shares"
        );
        assert!(
            (r.loss - whole.loss).abs() <= 1e-5 * whole.loss.abs().max(1.0),
            "{shares} shares: {} vs {}",
            r.loss,
            whole.loss
        );
    }
    let h = &mut helpers[0];
    assert!(h.evaluate(&opts, &weights, &[]).is_err());
    assert!(h.evaluate(&opts, &weights, &[data.len() as u32]).is_err());
    assert!(h.evaluate(&opts, &weights[1..], &[0]).is_err());
    assert!(t.evaluate_share(&[data.len() as u32]).is_err());
}
