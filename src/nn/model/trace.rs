//! One training step of a `Sequential` followed backwards, for the page that shows it:
//! every layer's output, the gradient arriving at it, the gradient after its activation,
//! its parameter gradients, and for max pooling the winning cell of each window.
//!
//! The passes are the layers' own `forward` and `backward` (the code that trains), run on
//! a copy of the layers so that the model on screen keeps its buffers; dropout is off
//! (inference behaviour), so the step is the same every time it is shown.

use ndarray::Array2;

use super::Sequential;
use crate::nn::layers::{Ctx, Layer};
use crate::nn::loss::softmax_cross_entropy;
use crate::nn::optim::{Optimizer, OptimizerConfig};
use crate::nn::{Activation, NnError, Scalar};

/// One layer of a traced step. All maps are one example's, flat NHWC.
#[derive(Debug, Clone, PartialEq)]
pub struct LayerTrace<F> {
    pub name: String,
    /// Keras's class name (`Conv2D`, `MaxPooling2D`, …).
    pub kind: &'static str,
    pub activation: Activation,
    /// The layer's input shape and output shape (no batch axis).
    pub input_shape: Vec<usize>,
    pub output_shape: Vec<usize>,
    /// The layer's output (after its activation; probabilities for the last layer).
    pub output: Vec<F>,
    /// ∂L/∂output: the gradient arriving at the layer. For the last layer (softmax fused
    /// with the loss) this is left empty: see [`StepTrace::dlogits`].
    pub grad_out: Vec<F>,
    /// ∂L/∂z before the activation (equal to `grad_out` for a linear layer); for the last
    /// layer, softmax − one-hot.
    pub grad_pre: Vec<F>,
    /// ∂L/∂input: what the layer sends back.
    pub grad_in: Vec<F>,
    /// `(name, Keras shape, gradient)` of each parameter tensor (kernel, then bias).
    pub param_grads: Vec<(&'static str, Vec<usize>, Vec<F>)>,
    /// Max pooling: for each output value, the index (in the layer's input) of the cell that
    /// won its window, the only one the gradient goes back to.
    pub winners: Option<Vec<u32>>,
}

/// One training step on one example, followed backwards.
#[derive(Debug, Clone, PartialEq)]
pub struct StepTrace<F> {
    pub input: Vec<F>,
    pub label: usize,
    /// Cross-entropy −log p_label.
    pub loss: F,
    pub probs: Vec<F>,
    /// ∂L/∂logits = softmax − one-hot.
    pub dlogits: Vec<F>,
    pub layers: Vec<LayerTrace<F>>,
    /// Every parameter gradient, in [`Sequential::flat_params`] order.
    pub flat_grads: Vec<F>,
}

/// A unit of a 2D convolution written out channel by channel.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitSum<F> {
    /// Per input channel: the window's inputs and the kernel's weights (kh·kw each, row by
    /// row; a cell in the padding reads 0), and their products' sum.
    pub windows: Vec<Vec<F>>,
    pub kernels: Vec<Vec<F>>,
    pub partials: Vec<F>,
    pub bias: F,
    /// Σ partials + bias, before the activation.
    pub total: F,
    pub activation: Activation,
    /// The activation of the total (the unit's value).
    pub value: F,
    pub kh: usize,
    pub kw: usize,
}

/// The layer's input `x` (one example) read at `(row, col, channel)` of a window, 0 outside.
fn at<F: Scalar>(x: &[F], shape: &[usize], r: isize, c: isize, ch: usize) -> F {
    let (h, w, cs) = (shape[0] as isize, shape[1] as isize, shape[2]);
    if r < 0 || c < 0 || r >= h || c >= w {
        return F::zero();
    }
    x[(r as usize * w as usize + c as usize) * cs + ch]
}

impl<F: Scalar> Sequential<F> {
    /// Forward (dropout off), softmax cross-entropy against `label`, then backward layer by
    /// layer, keeping what each layer received and sent. The model is left unchanged.
    ///
    /// # Errors
    /// Bad input (size, non-finite), a label beyond the classes, or a last layer that is
    /// not softmax.
    pub fn step_trace(&self, x: &[F], label: usize) -> Result<StepTrace<F>, NnError> {
        let n = self.layers().len();
        if self.configs()[n - 1].activation() != Activation::Softmax {
            return Err(NnError::NeedsSoftmax);
        }
        if x.len() != self.input_len() {
            return Err(NnError::SizeMismatch { got: x.len(), expected: self.input_len() });
        }
        if x.iter().any(|v| !v.is_finite()) {
            return Err(NnError::NotFinite);
        }
        let classes: usize = self.output_shape().iter().product();
        if label >= classes || label > u8::MAX as usize {
            return Err(NnError::LabelOutOfRange { label, classes });
        }
        let mut layers: Vec<Layer<F>> = self.layers().to_vec();
        let acts_fn =
            |i: usize| if i == n - 1 { Activation::Linear } else { self.configs()[i].activation() };
        let mut acts: Vec<Array2<F>> = Vec::with_capacity(n + 1);
        acts.push(
            Array2::from_shape_vec((1, x.len()), x.to_vec())
                .map_err(|_| NnError::SizeMismatch { got: x.len(), expected: self.input_len() })?,
        );
        let mut ctx = Ctx { training: false, rng: None };
        for (i, layer) in layers.iter_mut().enumerate() {
            let mut y = Array2::zeros((0, 0));
            layer.forward(acts[i].view(), &mut y, acts_fn(i), &mut ctx);
            acts.push(y);
        }
        let (mut probs, mut dlogits) = (Array2::zeros((0, 0)), Array2::zeros((0, 0)));
        let out = softmax_cross_entropy(acts[n].view(), &[label as u8], &mut probs, &mut dlogits)?;
        let mut traces = Vec::with_capacity(n);
        let mut dy = dlogits.clone();
        for i in (0..n).rev() {
            let act = acts_fn(i);
            let grad_out: Vec<F> =
                if i == n - 1 { Vec::new() } else { dy.iter().copied().collect() };
            let mut grad_pre = dy.iter().copied().collect::<Vec<F>>();
            let width = *layers[i].output_shape().last().unwrap_or(&1);
            if let Some(y) = acts[i + 1].as_slice() {
                act.backprop(y, &mut grad_pre, width);
            }
            let mut dx = Array2::zeros((0, 0));
            layers[i].backward(acts[i].view(), acts[i + 1].view(), &mut dy, Some(&mut dx), act);
            let winners = match &layers[i] {
                Layer::Pool(p) if !p.argmax().is_empty() => Some(p.argmax().to_vec()),
                _ => None,
            };
            let shapes: Vec<(&'static str, Vec<usize>)> =
                layers[i].params().into_iter().map(|p| (p.0, p.1)).collect();
            let grads = layers[i].params_mut();
            let param_grads = shapes
                .iter()
                .zip(&grads)
                .map(|(s, g)| (s.0, s.1.clone(), g.grad.to_vec()))
                .collect();
            let output: Vec<F> = if i == n - 1 {
                probs.iter().copied().collect()
            } else {
                acts[i + 1].iter().copied().collect()
            };
            traces.push(LayerTrace {
                name: self.layer_names()[i].clone(),
                kind: self.configs()[i].kind(),
                activation: self.configs()[i].activation(),
                input_shape: if i == 0 {
                    self.input_shape().to_vec()
                } else {
                    self.layers()[i - 1].output_shape()
                },
                output_shape: layers[i].output_shape(),
                output,
                grad_out,
                grad_pre,
                grad_in: dx.iter().copied().collect(),
                param_grads,
                winners,
            });
            dy = dx;
        }
        traces.reverse();
        let flat_grads = traces
            .iter()
            .flat_map(|t| t.param_grads.iter().flat_map(|p| p.2.iter().copied()))
            .collect();
        Ok(StepTrace {
            input: x.to_vec(),
            label,
            loss: out.loss,
            probs: probs.iter().copied().collect(),
            dlogits: dlogits.iter().copied().collect(),
            layers: traces,
            flat_grads,
        })
    }

    /// Applies a traced step: one plain SGD update (the core's optimiser, momentum 0)
    /// `w ← w − lr · ∂L/∂w`.
    ///
    /// # Errors
    /// A bad learning rate, gradients of another network, or a non-finite result (the
    /// model is then unchanged).
    pub fn apply_step(&mut self, step: &StepTrace<F>, learning_rate: f32) -> Result<(), NnError> {
        if step.flat_grads.len() != self.param_count() {
            return Err(NnError::SizeMismatch {
                got: step.flat_grads.len(),
                expected: self.param_count(),
            });
        }
        let mut opt = Optimizer::<F>::new(OptimizerConfig::sgd(learning_rate, 0.0))?;
        let before = self.flat_params();
        let mut grads: Vec<&[F]> = Vec::new();
        let mut rest = &step.flat_grads[..];
        let mut params = self.params_mut();
        for p in &params {
            let (a, b) = rest.split_at(p.len());
            grads.push(a);
            rest = b;
        }
        opt.step_slices(&mut params, &grads);
        if self.flat_params().iter().any(|v| !v.is_finite()) {
            self.set_flat_params(&before)?;
            return Err(NnError::NotFinite);
        }
        Ok(())
    }

    /// Unit `(row, col, filter)` of 2D convolution `layer` written out channel by channel,
    /// for the input `x` of that layer (one example, flat NHWC). `None`: not a 2D
    /// convolution, or a unit or input outside it.
    pub fn conv_unit_sum(
        &self,
        layer: usize,
        x: &[F],
        row: usize,
        col: usize,
        filter: usize,
    ) -> Option<UnitSum<F>> {
        let Layer::Conv(conv) = self.layers().get(layer)? else { return None };
        let input_shape = if layer == 0 {
            self.input_shape().to_vec()
        } else {
            self.layers()[layer - 1].output_shape()
        };
        let out = conv.output_shape();
        if input_shape.len() != 3
            || out.len() != 3
            || x.len() != input_shape.iter().product::<usize>()
        {
            return None;
        }
        if row >= out[0] || col >= out[1] || filter >= out[2] {
            return None;
        }
        let (gy, gx) = conv.geometry();
        let params = conv.params();
        let kernel = params.first()?.2;
        let bias = params.get(1).map_or(F::zero(), |b| b.2[filter]);
        let (cin, filters) = (input_shape[2], out[2]);
        let (mut windows, mut kernels, mut partials) = (vec![], vec![], vec![]);
        for ch in 0..cin {
            let (mut win, mut ker, mut s) = (vec![], vec![], F::zero());
            for ky in 0..gy.k {
                for kx in 0..gx.k {
                    let r = (row * gy.stride + ky) as isize - gy.pad_before as isize;
                    let c = (col * gx.stride + kx) as isize - gx.pad_before as isize;
                    let v = at(x, &input_shape, r, c, ch);
                    let w = kernel[((ky * gx.k + kx) * cin + ch) * filters + filter];
                    s += v * w;
                    win.push(v);
                    ker.push(w);
                }
            }
            windows.push(win);
            kernels.push(ker);
            partials.push(s);
        }
        let total = partials.iter().copied().fold(F::zero(), |a, b| a + b) + bias;
        let activation = self.configs()[layer].activation();
        let mut v = [total];
        activation.apply(&mut v, 1);
        Some(UnitSum {
            windows,
            kernels,
            partials,
            bias,
            total,
            activation,
            value: v[0],
            kh: gy.k,
            kw: gx.k,
        })
    }
    /// The terms of one 2D kernel weight's gradient in a traced step,
    /// ∂L/∂w[ky,kx,ch,f] = Σ over the output positions of input(window cell) · ∂L/∂z
    /// (position): `(input, dz)` pairs, one per output position, row by row. `None`: layer
    /// `layer` is not a 2D convolution, or the weight is outside its kernel.
    pub fn kernel_grad_terms(
        &self,
        step: &StepTrace<F>,
        layer: usize,
        (ky, kx, ch, f): (usize, usize, usize, usize),
    ) -> Option<Vec<(F, F)>> {
        let Layer::Conv(conv) = self.layers().get(layer)? else { return None };
        let t = step.layers.get(layer)?;
        let input = if layer == 0 { &step.input } else { &step.layers[layer - 1].output };
        let (gy, gx) = conv.geometry();
        let (is, os) = (&t.input_shape, &t.output_shape);
        if is.len() != 3 || os.len() != 3 || ky >= gy.k || kx >= gx.k || ch >= is[2] || f >= os[2] {
            return None;
        }
        let mut terms = Vec::with_capacity(os[0] * os[1]);
        for r in 0..os[0] {
            for c in 0..os[1] {
                let ir = (r * gy.stride + ky) as isize - gy.pad_before as isize;
                let ic = (c * gx.stride + kx) as isize - gx.pad_before as isize;
                terms.push((at(input, is, ir, ic, ch), t.grad_pre[(r * os[1] + c) * os[2] + f]));
            }
        }
        Some(terms)
    }
}
