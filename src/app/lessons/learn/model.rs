//! "How a kernel is learned": a hidden kernel's output is the target, the student's kernel
//! is one Conv1D or Conv2D filter (linear, no bias) of the core, and each step is the core's
//! forward pass, `loss::mse`, the core's backward pass and one SGD update (`Optimizer`).
//! The written-out sums (∂L/∂w_k as terms over the windows) are computed here for display;
//! the tests show that they add up to the core's gradient.

use ndarray::{Array2, ArrayView2};

use crate::nn::loss::mse;
use crate::nn::{
    Activation, Conv1DConfig, Conv2DConfig, LayerConfig, NnError, Optimizer, OptimizerConfig,
    Sequential, rng_from_seed,
};

/// Weights closer than this to the hidden kernel's count as found.
pub const CONVERGED: f64 = 1e-3;
/// Most steps a run (or a link) takes.
pub const MAX_STEPS: usize = 1000;

/// The learning rates the page offers.
pub const RATES: [f64; 10] = [0.01, 0.05, 0.1, 0.2, 0.5, 1.0, 1.5, 2.0, 3.0, 5.0];

/// A learning problem: the input, the hidden kernel and its output (the target).
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// Row-major; `rows == 1` for a signal.
    pub input: Vec<f64>,
    pub rows: usize,
    pub cols: usize,
    /// The kernel's shape (`1 × k` for a signal).
    pub kr: usize,
    pub kc: usize,
    pub hidden: Vec<f64>,
    /// The hidden kernel's output, computed by the core.
    pub target: Vec<f64>,
}

/// The core's model: one linear filter without bias over a signal (`rows == 1`) or a
/// one-channel picture. In f32 like LeNet's: an f64 `Sequential` would put a second copy of
/// the core in the page (+57 KB gzip measured); the page's numbers are f64 for display only.
pub fn model(rows: usize, cols: usize, kr: usize, kc: usize) -> Result<Sequential<f32>, NnError> {
    let mut rng = rng_from_seed(0);
    if rows == 1 {
        let c = Conv1DConfig::new(1, kc).activation(Activation::Linear).use_bias(false);
        Sequential::new(&[cols, 1], &[LayerConfig::from(c)], &mut rng)
    } else {
        let c = Conv2DConfig::new(1, (kr, kc)).activation(Activation::Linear).use_bias(false);
        Sequential::new(&[rows, cols, 1], &[LayerConfig::from(c)], &mut rng)
    }
}

fn to32(v: &[f64]) -> Vec<f32> {
    v.iter().map(|&x| x as f32).collect()
}

fn to64(v: &[f32]) -> Vec<f64> {
    v.iter().map(|&x| x as f64).collect()
}

impl Problem {
    /// # Errors
    /// A kernel larger than the input, or numbers the core refuses.
    pub fn new(
        input: Vec<f64>,
        rows: usize,
        cols: usize,
        hidden: Vec<f64>,
        kr: usize,
        kc: usize,
    ) -> Result<Problem, NnError> {
        let mut m = model(rows, cols, kr, kc)?;
        m.set_flat_params(&to32(&hidden))?;
        let target = to64(&m.predict(&to32(&input))?);
        Ok(Problem { input, rows, cols, kr, kc, hidden, target })
    }

    pub fn out_rows(&self) -> usize {
        self.rows + 1 - self.kr
    }
    pub fn out_cols(&self) -> usize {
        self.cols + 1 - self.kc
    }
    /// N, the number of outputs the loss averages over.
    pub fn outputs(&self) -> usize {
        self.target.len()
    }

    /// The input index under weight `j` when the kernel sits on output `i` (both
    /// row-major): x_{i+k} in 1D.
    pub fn under(&self, i: usize, j: usize) -> usize {
        let (r, c) = (i / self.out_cols(), i % self.out_cols());
        let (a, b) = (j / self.kc, j % self.kc);
        (r + a) * self.cols + c + b
    }

    /// The largest learning rate for which plain gradient descent does not blow up:
    /// the loss is a bowl whose steepest curvature is λ_max of H = (2/N) Σ_i x_i x_iᵀ
    /// (x_i the window under output i); a step larger than 2/λ_max overshoots along it
    /// further than it started, so the loss grows every step.
    pub fn largest_stable_rate(&self) -> f64 {
        let k = self.kr * self.kc;
        let n = self.outputs();
        let mut h = vec![0.0; k * k];
        for i in 0..n {
            for a in 0..k {
                for b in 0..k {
                    h[a * k + b] += self.input[self.under(i, a)] * self.input[self.under(i, b)];
                }
            }
        }
        let scale = 2.0 / n as f64;
        // Power iteration: H is symmetric, positive semi-definite and small (k ≤ 9).
        let mut v = vec![1.0; k];
        let mut lambda = 0.0;
        for _ in 0..500 {
            let hv: Vec<f64> =
                (0..k).map(|a| (0..k).map(|b| h[a * k + b] * v[b]).sum::<f64>() * scale).collect();
            let norm = hv.iter().map(|x| x * x).sum::<f64>().sqrt();
            if norm == 0.0 {
                return f64::INFINITY;
            }
            lambda = norm / v.iter().map(|x| x * x).sum::<f64>().sqrt();
            v = hv.iter().map(|x| x / norm).collect();
        }
        2.0 / lambda
    }

    /// The loss of a kernel, its outputs and every gradient, from the core.
    ///
    /// # Errors
    /// A kernel of the wrong size or not finite.
    pub fn evaluate(&self, w: &[f64]) -> Result<Eval, NnError> {
        let mut m = model(self.rows, self.cols, self.kr, self.kc)?;
        m.set_flat_params(&to32(w))?;
        let (input, target) = (to32(&self.input), to32(&self.target));
        let x = ArrayView2::from_shape((1, input.len()), &input[..])
            .map_err(|_| NnError::SizeMismatch { got: input.len(), expected: 0 })?;
        let y = m.forward_train(x, &mut rng_from_seed(0))?.to_owned();
        let t = ArrayView2::from_shape((1, target.len()), &target[..])
            .map_err(|_| NnError::SizeMismatch { got: target.len(), expected: y.len() })?;
        let mut dy = Array2::zeros((0, 0));
        let loss = mse(y.view(), t, &mut dy)?;
        m.backward(dy.view())?;
        Ok(Eval {
            weights: w.to_vec(),
            output: y.iter().map(|&v| v as f64).collect(),
            loss: loss as f64,
            grad: to64(&m.flat_gradients()),
        })
    }

    /// One step: evaluate, then the core's SGD (no momentum) moves the weights by −η·g.
    ///
    /// # Errors
    /// As [`Self::evaluate`], or a learning rate SGD refuses.
    pub fn step(&self, w: &[f64], rate: f64) -> Result<Step, NnError> {
        let eval = self.evaluate(w)?;
        let mut opt = Optimizer::<f32>::new(OptimizerConfig::sgd(rate as f32, 0.0))?;
        let mut after = to32(w);
        opt.step_slices(&mut [after.as_mut_slice()], &[to32(&eval.grad).as_slice()]);
        Ok(Step { eval, after: to64(&after) })
    }

    /// Weight `j`'s gradient written out: for each output i, (y_i − t_i) and the input under
    /// the weight; the gradient is (2/N) times the sum of their products.
    pub fn terms(&self, eval: &Eval, j: usize) -> Vec<Term> {
        (0..self.outputs())
            .map(|i| {
                let x_at = self.under(i, j);
                Term {
                    output: i,
                    x_at,
                    error: eval.output[i] - self.target[i],
                    x: self.input[x_at],
                }
            })
            .collect()
    }

    /// Largest distance between a kernel and the hidden one.
    pub fn distance(&self, w: &[f64]) -> f64 {
        w.iter().zip(&self.hidden).map(|(a, b)| (a - b).abs()).fold(0.0, f64::max)
    }
}

/// A kernel's loss, outputs and gradient, as the core computed them.
#[derive(Debug, Clone, PartialEq)]
pub struct Eval {
    pub weights: Vec<f64>,
    pub output: Vec<f64>,
    pub loss: f64,
    /// ∂L/∂w, from the core's backward pass (`flat_gradients`).
    pub grad: Vec<f64>,
}

/// One gradient step: where it started and where SGD took the weights.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub eval: Eval,
    pub after: Vec<f64>,
}

/// One term of a written-out gradient: (y_i − t_i) · x.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Term {
    pub output: usize,
    pub x_at: usize,
    pub error: f64,
    pub x: f64,
}

/// The terms' total, (2/N) Σ (y_i − t_i) x: what the page writes out.
pub fn written_sum(terms: &[Term]) -> f64 {
    let n = terms.len().max(1) as f64;
    2.0 / n * terms.iter().map(|t| t.error * t.x).sum::<f64>()
}

/// Where a run of steps stands.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    /// The weights after each step (`[0]` the start).
    pub weights: Vec<Vec<f64>>,
    /// The loss before each step, then of the last weights (one more than the steps).
    pub losses: Vec<f64>,
    /// The steps taken until the kernel was within [`CONVERGED`] of the hidden one.
    pub converged_at: Option<usize>,
    /// The weights stopped being numbers (a learning rate far too large).
    pub blew_up: bool,
}

impl Run {
    pub fn start(p: &Problem, w0: Vec<f64>) -> Result<Run, NnError> {
        let loss = p.evaluate(&w0)?.loss;
        let converged_at = (p.distance(&w0) < CONVERGED).then_some(0);
        Ok(Run { weights: vec![w0], losses: vec![loss], converged_at, blew_up: false })
    }

    pub fn steps(&self) -> usize {
        self.weights.len() - 1
    }

    pub fn current(&self) -> &[f64] {
        self.weights.last().map(Vec::as_slice).unwrap_or(&[])
    }

    /// One more step (none once the weights blew up or past [`MAX_STEPS`]). Returns whether
    /// a step was taken.
    pub fn advance(&mut self, p: &Problem, rate: f64) -> bool {
        if self.blew_up || self.steps() >= MAX_STEPS {
            return false;
        }
        let next = match p.step(self.current(), rate) {
            Ok(s) if s.after.iter().all(|w| w.is_finite() && w.abs() < 1e12) => s.after,
            _ => {
                self.blew_up = true;
                return false;
            }
        };
        match p.evaluate(&next) {
            Ok(e) if e.loss.is_finite() && e.loss < 1e24 => {
                self.losses.push(e.loss);
                if self.converged_at.is_none() && p.distance(&next) < CONVERGED {
                    self.converged_at = Some(self.weights.len());
                }
                self.weights.push(next);
                true
            }
            _ => {
                self.blew_up = true;
                false
            }
        }
    }

    /// The loss has grown at each of the last three steps: the rate overshoots.
    pub fn diverging(&self) -> bool {
        self.blew_up
            || (self.losses.len() >= 4
                && self.losses.windows(2).rev().take(3).all(|w| w[1] > w[0] * (1.0 + 1e-9)))
    }
}

/// A random kernel of `k` weights in [−1, 1], to 2 decimals, from `seed`.
pub fn random_kernel(seed: u64, k: usize) -> Vec<f64> {
    use rand::Rng as _;
    let mut rng = rng_from_seed(seed);
    (0..k).map(|_| ((rng.random::<f64>() * 2.0 - 1.0) * 100.0).round() / 100.0).collect()
}

/// A hand-drawn 14×14 digit 7 in grey levels (the course's digits are MNIST's; a small one
/// keeps every number on screen readable and the lesson free of the digits file).
pub fn digit_seven() -> (usize, usize, Vec<f64>) {
    const ROWS: [&str; 14] = [
        "..............",
        "..............",
        "..+########+..",
        "..##########..",
        "..........##..",
        ".........+#+..",
        "........+##...",
        ".......+##+...",
        "......+##+....",
        "......##+.....",
        ".....+##......",
        ".....##+......",
        ".....##.......",
        "..............",
    ];
    let values = ROWS
        .iter()
        .flat_map(|r| {
            r.chars().map(|c| match c {
                '#' => 1.0,
                '+' => 0.5,
                _ => 0.0,
            })
        })
        .collect();
    (14, 14, values)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::lessons::conv1d::model::{SignalKind, signal};
    use crate::nn::kernels::{find, kernels_1d};

    /// The loss of `w`, straight from a fresh core model (the finite differences' reference,
    /// independent of `evaluate`).
    fn loss_f64(p: &Problem, w: &[f64]) -> f64 {
        let c = if p.rows == 1 {
            LayerConfig::from(
                Conv1DConfig::new(1, p.kc).activation(Activation::Linear).use_bias(false),
            )
        } else {
            LayerConfig::from(
                Conv2DConfig::new(1, (p.kr, p.kc)).activation(Activation::Linear).use_bias(false),
            )
        };
        let shape: Vec<usize> = if p.rows == 1 { vec![p.cols, 1] } else { vec![p.rows, p.cols, 1] };
        let mut m = Sequential::<f64>::new(&shape, &[c], &mut rng_from_seed(0)).unwrap();
        m.set_flat_params(w).unwrap();
        let y = m.predict(&p.input).unwrap();
        let y = Array2::from_shape_vec((1, y.len()), y).unwrap();
        let t = Array2::from_shape_vec((1, p.target.len()), p.target.clone()).unwrap();
        mse(y.view(), t.view(), &mut Array2::zeros((0, 0))).unwrap()
    }

    fn signal_problem(kind: SignalKind, hidden: &[f64]) -> Problem {
        let x = signal(kind);
        Problem::new(x.clone(), 1, x.len(), hidden.to_vec(), 1, hidden.len()).unwrap()
    }

    fn picture_problem(id: &str) -> Problem {
        let (r, c, x) = digit_seven();
        let k = find(2, id).unwrap();
        Problem::new(x, r, c, k.weights.clone(), k.rows, k.cols).unwrap()
    }

    /// Every gradient the page shows is the loss's finite-difference slope, and its written
    /// sum over the windows adds up to the core's number (1D and 2D).
    #[test]
    fn gradients_match_finite_differences_and_written_sums() {
        let problems = [
            signal_problem(SignalKind::Course, &[-1.0, 1.0]),
            signal_problem(SignalKind::NoisySine, &[0.25, 0.5, 0.25]),
            signal_problem(SignalKind::Course, &random_kernel(3, 5)),
            picture_problem("dx"),
            picture_problem("laplacian"),
        ];
        for p in &problems {
            let k = p.kr * p.kc;
            let w = random_kernel(11, k);
            let e = p.evaluate(&w).unwrap();
            assert!(e.loss > 0.0);
            // Central finite differences of the loss around the same weights: the gradient
            // shown is their slope.
            let h = 1e-6;
            for j in 0..k {
                let (mut up, mut down) = (w.clone(), w.clone());
                up[j] += h;
                down[j] -= h;
                let fd = (loss_f64(p, &up) - loss_f64(p, &down)) / (2.0 * h);
                // The core computes in f32 (as the page does), the reference in f64.
                assert!((fd - e.grad[j]).abs() < 1e-4 * (1.0 + fd.abs()), "{j}: {fd} {e:?}");
                let written = written_sum(&p.terms(&e, j));
                assert!(
                    (written - e.grad[j]).abs() < 1e-5 * (1.0 + written.abs()),
                    "{j}: {written} vs {}",
                    e.grad[j]
                );
            }
            // The update is SGD's w − η·g, in f32.
            let s = p.step(&w, 0.5).unwrap();
            for j in 0..k {
                let expected = e.weights[j] - 0.5 * e.grad[j];
                assert!(
                    (s.after[j] - expected).abs() < 1e-5 * (1.0 + expected.abs()),
                    "{} vs {expected}",
                    s.after[j]
                );
            }
        }
    }

    /// The windows are the ones the formula says: in 1D, weight k under output i reads x_{i+k}.
    #[test]
    fn the_terms_read_the_right_inputs() {
        let p = signal_problem(SignalKind::Course, &[-1.0, 1.0]);
        assert_eq!(p.outputs(), 9);
        assert_eq!(p.under(4, 1), 5);
        // Target: x_{i+1} − x_i.
        assert!((p.target[0] - (p.input[1] - p.input[0])).abs() < 1e-6);
        let q = picture_problem("laplacian");
        assert_eq!((q.out_rows(), q.out_cols()), (12, 12));
        assert_eq!(q.under(13, 4), 2 * 14 + 2);
    }

    /// Gradient descent from zeros finds each named 1D kernel (noisy sine, η = 0.5, within
    /// 400 steps) and the 2D x-derivative and Laplacian (the digit, η = 0.5, within 150 and 900 steps),
    /// to 1e-3. These are the numbers the page states.
    #[test]
    fn descent_from_zeros_recovers_the_named_kernels() {
        for k in kernels_1d() {
            let p = signal_problem(SignalKind::NoisySine, &k.weights);
            assert!(0.5 < p.largest_stable_rate(), "{}", k.id);
            let mut run = Run::start(&p, vec![0.0; k.weights.len()]).unwrap();
            while run.converged_at.is_none() && run.advance(&p, 0.5) {}
            let at = run.converged_at.unwrap_or(usize::MAX);
            assert!(at <= 400, "{} took {at}", k.id);
            assert!(p.distance(run.current()) < CONVERGED);
            eprintln!("1D {}: {at} steps", k.id);
        }
        // The derivative on the course signal, the e2e test's case.
        let p = signal_problem(SignalKind::Course, &[-1.0, 1.0]);
        let mut run = Run::start(&p, vec![0.0; 2]).unwrap();
        while run.converged_at.is_none() && run.advance(&p, 1.0) {}
        eprintln!("course derivative η=1: {:?}", run.converged_at);
        assert!(run.converged_at.is_some_and(|s| s <= 400));
        for id in ["dx", "laplacian"] {
            let p = picture_problem(id);
            assert!(0.5 < p.largest_stable_rate(), "{id}: {}", p.largest_stable_rate());
            let mut run = Run::start(&p, vec![0.0; p.kr * p.kc]).unwrap();
            while run.converged_at.is_none() && run.advance(&p, 0.5) {}
            let at = run.converged_at.unwrap_or(usize::MAX);
            eprintln!("2D {id}: {at} steps");
            let bound = if id == "dx" { 150 } else { 900 };
            assert!(at <= bound, "{id} took {at}");
        }
    }

    /// Above 2/λ_max the loss grows at every step; just below it, it falls.
    #[test]
    fn a_rate_above_the_limit_diverges() {
        let p = signal_problem(SignalKind::Course, &[-1.0, 1.0]);
        let limit = p.largest_stable_rate();
        assert!(limit > 0.5 && limit < 5.0, "{limit}");
        let mut run = Run::start(&p, vec![0.0; 2]).unwrap();
        for _ in 0..20 {
            run.advance(&p, limit * 1.1);
        }
        assert!(run.diverging(), "{:?}", run.losses);
        assert!(run.losses[20] > run.losses[0]);
        let mut calm = Run::start(&p, vec![0.0; 2]).unwrap();
        for _ in 0..20 {
            calm.advance(&p, limit * 0.9);
        }
        assert!(!calm.diverging() && calm.losses[20] < calm.losses[0]);
        // Far too large: the weights stop being numbers, the run says so and stops.
        let mut wild = Run::start(&p, vec![0.0; 2]).unwrap();
        for _ in 0..MAX_STEPS {
            wild.advance(&p, 1e6);
        }
        assert!(wild.blew_up && wild.steps() < MAX_STEPS);
        assert!(wild.current().iter().all(|w| w.is_finite()));
    }
}
