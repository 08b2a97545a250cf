//! Optimisers: SGD with momentum and Adam, with Keras's update rules and defaults.

use super::layers::ParamMut;
use super::{NnError, Scalar};

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
            OptimizerConfig::Sgd { learning_rate, .. } | OptimizerConfig::Adam { learning_rate, .. } => learning_rate,
        }
    }

    fn validate(&self) -> Result<(), NnError> {
        let ok = |v: f32, lo: f32, hi: f32| v.is_finite() && v >= lo && v < hi;
        let good = match *self {
            OptimizerConfig::Sgd { learning_rate, momentum } => ok(learning_rate, 0.0, f32::MAX) && ok(momentum, 0.0, 1.0),
            OptimizerConfig::Adam { learning_rate, beta_1, beta_2, epsilon } => {
                ok(learning_rate, 0.0, f32::MAX) && ok(beta_1, 0.0, 1.0) && ok(beta_2, 0.0, 1.0) && ok(epsilon, 0.0, f32::MAX)
            }
        };
        if good { Ok(()) } else { Err(NnError::BadOptimizer) }
    }
}

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
            OptimizerConfig::Sgd { learning_rate, .. } | OptimizerConfig::Adam { learning_rate, .. } => *learning_rate = lr,
        }
    }

    pub(crate) fn step(&mut self, params: Vec<ParamMut<'_, F>>) {
        let (mut values, grads): (Vec<&mut [F]>, Vec<&[F]>) = params.into_iter().map(|p| (p.value, p.grad)).unzip();
        self.step_slices(&mut values, &grads);
    }

    /// Applies one update to every parameter tensor `params[i]` from its gradient
    /// `grads[i]`. The state is kept per tensor index: pass the same list every step.
    /// Mismatched lengths are ignored (the shorter length wins).
    pub fn step_slices(&mut self, params: &mut [&mut [F]], grads: &[&[F]]) {
        if self.m.len() != params.len() || self.m.iter().zip(params.iter()).any(|(m, p)| m.len() != p.len()) {
            self.m = params.iter().map(|p| vec![F::zero(); p.len()]).collect();
            self.v = self.m.clone();
        }
        self.t += 1;
        match self.config {
            OptimizerConfig::Sgd { learning_rate, momentum } => {
                let (lr, mu) = (F::from_f64(learning_rate as f64), F::from_f64(momentum as f64));
                for ((p, g), vel) in params.iter_mut().zip(grads).zip(&mut self.m) {
                    for ((w, &g), v) in p.iter_mut().zip(g.iter()).zip(vel.iter_mut()) {
                        *v = mu * *v - lr * g;
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
                for (((p, g), m), v) in params.iter_mut().zip(grads).zip(&mut self.m).zip(&mut self.v) {
                    for (((w, &g), m), v) in p.iter_mut().zip(g.iter()).zip(m.iter_mut()).zip(v.iter_mut()) {
                        *m = b1 * *m + (one - b1) * g;
                        *v = b2 * *v + (one - b2) * g * g;
                        *w -= alpha * *m / (v.sqrt() + eps);
                    }
                }
            }
        }
    }
}
