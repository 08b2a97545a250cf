//! Optimisers: SGD with momentum and Adam, with Keras's update rules and defaults.

use super::layers::ParamMut;
use super::{NnError, Scalar, flush};

/// An optimiser's hyper-parameters (Keras names).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum OptimizerConfig {
    /// `v ← momentum·v − lr·g; w ← w + v` (Keras `SGD`, default lr 0.01, momentum 0).
    Sgd { learning_rate: f32, momentum: f32 },
    /// Keras `Adam` (defaults lr 0.001, β₁ 0.9, β₂ 0.999, ε 1e-7), with bias correction.
    Adam { learning_rate: f32, beta_1: f32, beta_2: f32, epsilon: f32 },
}

impl OptimizerConfig {
    pub fn sgd(learning_rate: f32, momentum: f32) -> Self {
        OptimizerConfig::Sgd { learning_rate, momentum }
    }
    pub fn adam(learning_rate: f32) -> Self {
        OptimizerConfig::Adam { learning_rate, beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7 }
    }

    pub fn learning_rate(&self) -> f32 {
        match *self {
            OptimizerConfig::Sgd { learning_rate, .. }
            | OptimizerConfig::Adam { learning_rate, .. } => learning_rate,
        }
    }

    fn validate(&self) -> Result<(), NnError> {
        let ok = |v: f32, lo: f32, hi: f32| v.is_finite() && v >= lo && v < hi;
        let good = match *self {
            OptimizerConfig::Sgd { learning_rate, momentum } => {
                ok(learning_rate, 0.0, f32::MAX) && ok(momentum, 0.0, 1.0)
            }
            OptimizerConfig::Adam { learning_rate, beta_1, beta_2, epsilon } => {
                ok(learning_rate, 0.0, f32::MAX)
                    && ok(beta_1, 0.0, 1.0)
                    && ok(beta_2, 0.0, 1.0)
                    && ok(epsilon, 0.0, f32::MAX)
            }
        };
        if good { Ok(()) } else { Err(NnError::BadOptimizer) }
    }
}

/// Optimiser state below this is set to 0. A weight whose gradient stays 0 (a dead unit)
/// has a momentum that decays geometrically into subnormal floats, and arithmetic that
/// reads or produces those is about 50 times slower on x86, natively and in wasm:
/// measured, Adam's step went from 0.05 to 3 ms once half its moments got there (and ~1 ms
/// of a 6 ms training step in the browser). Flushing only true subnormals is not enough:
/// `lr · m` is subnormal while m is still up to 1e-35. A moment of 1e-30 moves a weight
/// by at most 1e-26 a step, far below a float's resolution at any weight's scale; TensorFlow
/// itself flushes subnormals to zero on the CPU.
const FLUSH_BELOW: f64 = 1e-30;

/// An optimiser with its state (velocities or moments), one slot per parameter tensor.
#[derive(Debug, Clone)]
pub struct Optimizer<F: Scalar> {
    config: OptimizerConfig,
    /// SGD: velocity. Adam: first moment.
    m: Vec<Vec<F>>,
    /// Adam: second moment.
    v: Vec<Vec<F>>,
    t: u64,
}

impl<F: Scalar> Optimizer<F> {
    /// # Errors
    /// Negative or non-finite rates, momentum or betas outside [0, 1).
    pub fn new(config: OptimizerConfig) -> Result<Self, NnError> {
        config.validate()?;
        Ok(Optimizer { config, m: Vec::new(), v: Vec::new(), t: 0 })
    }

    pub fn config(&self) -> OptimizerConfig {
        self.config
    }

    /// Changes the learning rate, keeping the state (a schedule can call it every epoch).
    pub fn set_learning_rate(&mut self, lr: f32) {
        match &mut self.config {
            OptimizerConfig::Sgd { learning_rate, .. }
            | OptimizerConfig::Adam { learning_rate, .. } => *learning_rate = lr,
        }
    }

    pub(crate) fn step(&mut self, params: Vec<ParamMut<'_, F>>) {
        let (mut values, grads): (Vec<&mut [F]>, Vec<&[F]>) =
            params.into_iter().map(|p| (p.value, p.grad)).unzip();
        self.step_slices(&mut values, &grads);
    }

    /// Applies one update to every parameter tensor `params[i]` from its gradient
    /// `grads[i]`. The state is kept per tensor index: pass the same list every step.
    /// Mismatched lengths are ignored (the shorter length wins).
    pub fn step_slices(&mut self, params: &mut [&mut [F]], grads: &[&[F]]) {
        if self.m.len() != params.len()
            || self.m.iter().zip(params.iter()).any(|(m, p)| m.len() != p.len())
        {
            self.m = params.iter().map(|p| vec![F::zero(); p.len()]).collect();
            self.v = self.m.clone();
        }
        self.t += 1;
        let tiny = F::from_f64(FLUSH_BELOW);
        match self.config {
            OptimizerConfig::Sgd { learning_rate, momentum } => {
                let (lr, mu) = (F::from_f64(learning_rate as f64), F::from_f64(momentum as f64));
                for ((p, g), vel) in params.iter_mut().zip(grads).zip(&mut self.m) {
                    for ((w, &g), v) in p.iter_mut().zip(g.iter()).zip(vel.iter_mut()) {
                        *v = flush(mu * *v - lr * g, tiny);
                        *w += *v;
                    }
                }
            }
            OptimizerConfig::Adam { learning_rate, beta_1, beta_2, epsilon } => {
                let (b1, b2) = (beta_1 as f64, beta_2 as f64);
                let t = self.t as i32;
                // Keras folds both bias corrections into the step size.
                let alpha = learning_rate as f64 * (1.0 - b2.powi(t)).sqrt() / (1.0 - b1.powi(t));
                let (alpha, eps) = (F::from_f64(alpha), F::from_f64(epsilon as f64));
                let (b1, b2) = (F::from_f64(b1), F::from_f64(b2));
                let one = F::one();
                for (((p, g), m), v) in
                    params.iter_mut().zip(grads).zip(&mut self.m).zip(&mut self.v)
                {
                    for (((w, &g), m), v) in
                        p.iter_mut().zip(g.iter()).zip(m.iter_mut()).zip(v.iter_mut())
                    {
                        *m = flush(b1 * *m + (one - b1) * g, tiny);
                        *v = flush(b2 * *v + (one - b2) * g * g, tiny);
                        *w -= alpha * *m / (v.sqrt() + eps);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A weight whose gradient goes to 0 for good (a dead unit): its state must reach 0,
    /// never linger as a subnormal float (slow arithmetic, see `FLUSH_BELOW`).
    #[test]
    fn state_of_a_dead_weight_reaches_zero_without_subnormals() {
        for config in [OptimizerConfig::adam(0.001), OptimizerConfig::sgd(0.01, 0.9)] {
            let mut o = Optimizer::<f32>::new(config).unwrap();
            let mut w = vec![0.5f32, -0.25, 0.125];
            let mut seen_nonzero = false;
            for step in 0..3_000 {
                let g = if step == 0 { [0.3f32, -0.02, 1e-4] } else { [0.0; 3] };
                o.step_slices(&mut [w.as_mut_slice()], &[g.as_slice()]);
                for state in o.m.iter().chain(&o.v).flatten() {
                    assert!(
                        !state.is_subnormal(),
                        "{config:?} step {step}: subnormal state {state:e}"
                    );
                    seen_nonzero |= *state != 0.0;
                }
            }
            assert!(seen_nonzero);
            assert!(o.m.iter().flatten().all(|&m| m == 0.0), "{config:?}: momentum never flushed");
            assert!(w.iter().all(|v| v.is_finite()));
        }
    }

    /// The flush does not change a live update, even from a small gradient: one Adam step
    /// is Keras's formula, computed here in f64.
    #[test]
    fn flush_leaves_normal_updates_alone() {
        let mut o = Optimizer::<f32>::new(OptimizerConfig::adam(0.01)).unwrap();
        let g = [1e-6f32, -3.0, 1e-12];
        let mut w = vec![0.0f32; 3];
        o.step_slices(&mut [w.as_mut_slice()], &[g.as_slice()]);
        let alpha = 0.01 * (1.0f64 - 0.999).sqrt() / (1.0 - 0.9);
        for (w, &g) in w.iter().zip(&g) {
            let (m, v) = (0.1 * g as f64, 0.001 * (g as f64).powi(2));
            let expected = -alpha * m / (v.sqrt() + 1e-7);
            assert!((*w as f64 - expected).abs() <= 2e-5 * expected.abs(), "{w} vs {expected}");
            assert!(*w != 0.0, "the step moved nothing for g = {g}");
        }
    }
}
