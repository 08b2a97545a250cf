//! Keras's `Sequential`: the layers, their parameters, and the forward and backward passes
//! over a batch (inference, training, timing).

use ndarray::{Array2, ArrayView2};

use super::views::{LayerOutput, ParamView};
use crate::nn::layers::{Ctx, Layer, LayerConfig};
use crate::nn::loss::{LossOutput, softmax_cross_entropy};
use crate::nn::optim::Optimizer;
use crate::nn::{Activation, NnError, Rng, Scalar, Tensor};

/// Keras's `Sequential`: layers applied one after the other.
///
/// Batches are `Array2`s `(batch, features)`, one flat NHWC example per row; the model
/// keeps every activation of the last batch (and reuses its buffers: no allocation per
/// batch once the batch size is stable).
#[derive(Debug, Clone)]
pub struct Sequential<F: Scalar> {
    input_shape: Vec<usize>,
    configs: Vec<LayerConfig>,
    names: Vec<String>,
    layers: Vec<Layer<F>>,
    param_shapes: Vec<Vec<Vec<usize>>>,
    /// `acts[0]` is the input, `acts[i + 1]` the output of layer `i`.
    acts: Vec<Array2<F>>,
    /// `grads[i]` = ∂loss/∂`acts[i]`.
    grads: Vec<Array2<F>>,
    probs: Array2<F>,
}

impl<F: Scalar> Sequential<F> {
    /// Builds the layers in order for examples of `input_shape` (no batch axis, e.g.
    /// `[32, 32, 1]`), drawing the initial weights from `rng`.
    ///
    /// # Errors
    /// An empty model, an invalid layer configuration or a layer that does not fit its input.
    pub fn new(
        input_shape: &[usize],
        configs: &[LayerConfig],
        rng: &mut Rng,
    ) -> Result<Self, NnError> {
        Self::new_with(input_shape, configs, Some(rng))
    }

    /// [`Self::new`], with zero kernels when there is no `rng` (weights read from a file next).
    pub(crate) fn new_with(
        input_shape: &[usize],
        configs: &[LayerConfig],
        mut rng: Option<&mut Rng>,
    ) -> Result<Self, NnError> {
        if configs.is_empty() {
            return Err(NnError::NoLayers);
        }
        if input_shape.is_empty() || input_shape.contains(&0) {
            return Err(NnError::EmptyInput);
        }
        let mut shape = input_shape.to_vec();
        let mut layers = Vec::with_capacity(configs.len());
        let mut names = Vec::with_capacity(configs.len());
        let mut counts: Vec<(&str, usize)> = Vec::new();
        for (i, c) in configs.iter().enumerate() {
            let layer = c
                .init_with::<F>(&shape, rng.as_deref_mut())
                .map_err(|e| e.in_layer(i + 1, c.kind()))?;
            shape = layer.output_shape();
            // Keras names the first `dense`, then `dense_1`, `dense_2`…
            let prefix = c.keras_prefix();
            let k = match counts.iter_mut().find(|(p, _)| *p == prefix) {
                Some((_, n)) => {
                    *n += 1;
                    *n - 1
                }
                None => {
                    counts.push((prefix, 1));
                    0
                }
            };
            names.push(if k == 0 { prefix.to_string() } else { format!("{prefix}_{k}") });
            layers.push(layer);
        }
        let param_shapes =
            layers.iter().map(|l| l.params().into_iter().map(|p| p.1).collect()).collect();
        let n = configs.len();
        Ok(Sequential {
            input_shape: input_shape.to_vec(),
            configs: configs.to_vec(),
            names,
            layers,
            param_shapes,
            acts: vec![Array2::zeros((0, 0)); n + 1],
            grads: vec![Array2::zeros((0, 0)); n + 1],
            probs: Array2::zeros((0, 0)),
        })
    }

    pub fn input_shape(&self) -> &[usize] {
        &self.input_shape
    }
    pub fn input_len(&self) -> usize {
        self.input_shape.iter().product()
    }
    pub fn configs(&self) -> &[LayerConfig] {
        &self.configs
    }
    pub fn layer_names(&self) -> &[String] {
        &self.names
    }
    pub fn layers(&self) -> &[Layer<F>] {
        &self.layers
    }
    pub fn output_shape(&self) -> Vec<usize> {
        self.layers.last().map(|l| l.output_shape()).unwrap_or_default()
    }
    pub fn param_count(&self) -> usize {
        self.layers.iter().map(|l| l.param_count()).sum()
    }

    /// Every parameter tensor, in layer order (kernel then bias), Keras's layouts.
    pub fn parameters(&self) -> Vec<ParamView<'_, F>> {
        let mut v = Vec::new();
        for (i, l) in self.layers.iter().enumerate() {
            for (j, (name, _, values)) in l.params().into_iter().enumerate() {
                v.push(ParamView {
                    layer: i,
                    layer_name: &self.names[i],
                    name,
                    shape: &self.param_shapes[i][j],
                    values,
                });
            }
        }
        v
    }

    /// All parameters, concatenated in [`Self::parameters`] order.
    pub fn flat_params(&self) -> Vec<F> {
        // Slice by slice (a data-parallel run copies them every step).
        let mut v = Vec::with_capacity(self.param_count());
        for l in &self.layers {
            for (_, _, values) in l.params() {
                v.extend_from_slice(values);
            }
        }
        v
    }

    /// The gradients of the last backward pass, in [`Self::flat_params`] order.
    pub fn flat_gradients(&mut self) -> Vec<F> {
        let mut v = Vec::with_capacity(self.param_count());
        for l in &mut self.layers {
            for p in l.params_mut() {
                v.extend_from_slice(p.grad);
            }
        }
        v
    }

    /// Every parameter tensor's values, mutable, in [`Self::flat_params`] order.
    pub(crate) fn params_mut(&mut self) -> Vec<&mut [F]> {
        self.layers.iter_mut().flat_map(|l| l.params_mut()).map(|p| p.value).collect()
    }

    /// Replaces all parameters (in [`Self::flat_params`] order).
    ///
    /// # Errors
    /// A wrong count or a non-finite value (the model is then unchanged).
    pub fn set_flat_params(&mut self, values: &[F]) -> Result<(), NnError> {
        let n = self.param_count();
        if values.len() != n {
            return Err(NnError::SizeMismatch { got: values.len(), expected: n });
        }
        if values.iter().any(|v| !v.is_finite()) {
            return Err(NnError::NotFinite);
        }
        let mut rest = values;
        for l in &mut self.layers {
            for p in l.params_mut() {
                let (a, b) = rest.split_at(p.value.len());
                p.value.copy_from_slice(a);
                rest = b;
            }
        }
        Ok(())
    }

    fn check_batch(&self, x: &ArrayView2<'_, F>) -> Result<(), NnError> {
        if x.ncols() != self.input_len() {
            return Err(NnError::SizeMismatch { got: x.ncols(), expected: self.input_len() });
        }
        if x.nrows() == 0 {
            return Err(NnError::EmptyBatch);
        }
        if x.iter().any(|v| !v.is_finite()) {
            return Err(NnError::NotFinite);
        }
        Ok(())
    }

    fn run_forward(&mut self, x: ArrayView2<'_, F>, rng: Option<&mut Rng>, fuse_last: bool) {
        let training = rng.is_some();
        let mut ctx = Ctx { training, rng };
        crate::nn::layers::ensure_shape(&mut self.acts[0], x.nrows(), x.ncols());
        self.acts[0].assign(&x);
        let last = self.layers.len() - 1;
        for (i, layer) in self.layers.iter_mut().enumerate() {
            let act = if fuse_last && i == last {
                Activation::Linear
            } else {
                self.configs[i].activation()
            };
            let (a, b) = self.acts.split_at_mut(i + 1);
            layer.forward(a[i].view(), &mut b[0], act, &mut ctx);
        }
    }

    /// Backward from `grads[last]`, which the caller has filled.
    fn run_backward(&mut self, fuse_last: bool, need_dx: bool) {
        let last = self.layers.len() - 1;
        for i in (0..self.layers.len()).rev() {
            let act = if fuse_last && i == last {
                Activation::Linear
            } else {
                self.configs[i].activation()
            };
            self.backward_layer(i, act, i > 0 || need_dx);
        }
    }

    /// Layer `i`'s backward pass: from `grads[i + 1]` to its parameter gradients, and to
    /// `grads[i]` when `dx` is wanted.
    fn backward_layer(&mut self, i: usize, act: Activation, dx: bool) {
        let (lo, hi) = self.grads.split_at_mut(i + 1);
        let dx = dx.then_some(&mut lo[i]);
        self.layers[i].backward(self.acts[i].view(), self.acts[i + 1].view(), &mut hi[0], dx, act);
    }

    /// Inference on a batch (dropout off, every activation applied).
    ///
    /// # Shapes
    /// `x` `(batch, input_len)` → `(batch, output_len)`.
    ///
    /// # Errors
    /// A wrong example size, an empty batch or a non-finite input.
    pub fn predict_batch(&mut self, x: ArrayView2<'_, F>) -> Result<ArrayView2<'_, F>, NnError> {
        self.check_batch(&x)?;
        self.run_forward(x, None, false);
        Ok(self.acts[self.layers.len()].view())
    }

    /// Inference on one example (flat NHWC, `input_len` values): the output (probabilities
    /// for the LeNet).
    ///
    /// # Errors
    /// A wrong size or a non-finite input.
    pub fn predict(&mut self, example: &[F]) -> Result<Vec<F>, NnError> {
        let x = ArrayView2::from_shape((1, example.len()), example).map_err(|_| {
            NnError::SizeMismatch { got: example.len(), expected: self.input_len() }
        })?;
        Ok(self.predict_batch(x)?.iter().copied().collect())
    }

    /// Inference on one example, returning every layer's output (the UI's feature maps);
    /// the last one is the prediction.
    ///
    /// # Shapes
    /// `example`: flat NHWC, `input_len` values; each output as described in [`LayerOutput`].
    ///
    /// # Errors
    /// A wrong size or a non-finite input.
    pub fn forward_all(&mut self, example: &[F]) -> Result<Vec<LayerOutput>, NnError> {
        self.predict(example)?;
        Ok(self.last_activations(0))
    }

    /// Every layer's output for example `index` of the last batch (see [`Self::forward_all`]).
    pub fn last_activations(&self, index: usize) -> Vec<LayerOutput> {
        self.layers
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let a = &self.acts[i + 1];
                let data = if index < a.nrows() {
                    a.row(index).iter().map(|v| v.as_f32()).collect()
                } else {
                    Vec::new()
                };
                LayerOutput {
                    name: self.names[i].clone(),
                    kind: self.configs[i].kind(),
                    shape: l.output_shape(),
                    data,
                }
            })
            .collect()
    }

    /// Training-mode forward pass (dropout draws its masks from `rng`), every activation
    /// applied. Pair it with [`Self::backward`] for a custom loss.
    ///
    /// # Errors
    /// As [`Self::predict_batch`].
    pub fn forward_train(
        &mut self,
        x: ArrayView2<'_, F>,
        rng: &mut Rng,
    ) -> Result<ArrayView2<'_, F>, NnError> {
        self.check_batch(&x)?;
        self.run_forward(x, Some(rng), false);
        Ok(self.acts[self.layers.len()].view())
    }

    /// After [`Self::forward_train`]: given ∂loss/∂output, sets every parameter gradient
    /// and returns ∂loss/∂input.
    ///
    /// # Errors
    /// `dy` not of the last output's shape.
    pub fn backward(&mut self, dy: ArrayView2<'_, F>) -> Result<Array2<F>, NnError> {
        let l = self.layers.len();
        if self.acts[0].nrows() == 0 {
            return Err(NnError::NoForwardPass);
        }
        if dy.dim() != self.acts[l].dim() {
            return Err(NnError::NoForwardPass);
        }
        crate::nn::layers::ensure_shape(&mut self.grads[l], dy.nrows(), dy.ncols());
        self.grads[l].assign(&dy);
        self.run_backward(false, true);
        Ok(self.grads[0].clone())
    }

    /// Forward in training mode, softmax cross-entropy against `labels`, backward: every
    /// parameter gradient is set. `rng`: dropout masks (`None`: dropout off).
    ///
    /// # Errors
    /// Bad input (see [`Self::predict_batch`]), labels that do not match, or a last layer
    /// whose activation is not softmax.
    pub fn compute_gradients(
        &mut self,
        x: ArrayView2<'_, F>,
        labels: &[u8],
        rng: Option<&mut Rng>,
    ) -> Result<LossOutput<F>, NnError> {
        self.check_batch(&x)?;
        let l = self.layers.len();
        if self.configs[l - 1].activation() != Activation::Softmax {
            return Err(NnError::NeedsSoftmax);
        }
        if labels.len() != x.nrows() {
            return Err(NnError::LabelCount { labels: labels.len(), batch: x.nrows() });
        }
        self.run_forward(x, rng, true);
        let (acts, grads) = (&self.acts, &mut self.grads);
        let out = softmax_cross_entropy(acts[l].view(), labels, &mut self.probs, &mut grads[l])?;
        self.run_backward(true, false);
        // Leave probabilities, not logits, as the last activation (the UI reads it).
        self.acts[l].assign(&self.probs);
        Ok(out)
    }

    /// One training step on a batch: [`Self::compute_gradients`], then one optimiser update.
    ///
    /// # Errors
    /// As [`Self::compute_gradients`].
    pub fn train_step(
        &mut self,
        x: ArrayView2<'_, F>,
        labels: &[u8],
        rng: &mut Rng,
        opt: &mut Optimizer<F>,
    ) -> Result<LossOutput<F>, NnError> {
        let out = self.compute_gradients(x, labels, Some(rng))?;
        opt.step(self.layers.iter_mut().flat_map(|l| l.params_mut()).collect());
        Ok(out)
    }

    /// Native diagnostics: seconds spent in each layer's forward and backward over `reps`
    /// training passes on `x` (after one warm-up pass). On wasm, see [`Self::time_layers_with`].
    ///
    /// # Errors
    /// As [`Self::compute_gradients`].
    #[cfg(not(target_arch = "wasm32"))]
    pub fn time_layers(
        &mut self,
        x: ArrayView2<'_, F>,
        labels: &[u8],
        rng: &mut Rng,
        reps: usize,
    ) -> Result<Vec<(String, f64, f64)>, NnError> {
        let t0 = std::time::Instant::now();
        self.time_layers_with(x, labels, rng, reps, &mut || t0.elapsed().as_secs_f64())
    }

    /// [`Self::time_layers`] read from `clock` (seconds): std has no clock on wasm32, so the
    /// wasm per-layer bench (tests/bench_layers.rs) passes the browser's `performance.now()`.
    ///
    /// # Errors
    /// As [`Self::compute_gradients`].
    pub fn time_layers_with(
        &mut self,
        x: ArrayView2<'_, F>,
        labels: &[u8],
        rng: &mut Rng,
        reps: usize,
        clock: &mut dyn FnMut() -> f64,
    ) -> Result<Vec<(String, f64, f64)>, NnError> {
        self.compute_gradients(x, labels, Some(rng))?;
        let l = self.layers.len();
        let mut t = vec![(0.0, 0.0); l];
        for _ in 0..reps {
            self.acts[0].assign(&x);
            let mut ctx = Ctx { training: true, rng: Some(&mut *rng) };
            for (i, layer) in self.layers.iter_mut().enumerate() {
                let act =
                    if i == l - 1 { Activation::Linear } else { self.configs[i].activation() };
                let (a, b) = self.acts.split_at_mut(i + 1);
                let s = clock();
                layer.forward(a[i].view(), &mut b[0], act, &mut ctx);
                t[i].0 += clock() - s;
            }
            softmax_cross_entropy(
                self.acts[l].view(),
                labels,
                &mut self.probs,
                &mut self.grads[l],
            )?;
            for i in (0..l).rev() {
                let act =
                    if i == l - 1 { Activation::Linear } else { self.configs[i].activation() };
                let s = clock();
                self.backward_layer(i, act, i > 0);
                t[i].1 += clock() - s;
            }
        }
        Ok(self.names.iter().cloned().zip(t).map(|(n, (f, b))| (n, f, b)).collect())
    }

    /// The dropout masks of the last training batch: `(layer index, mask)`, each mask
    /// `(batch, features)` with 0 where dropped and `1/(1−rate)` where kept.
    pub fn dropout_masks(&self) -> Vec<(usize, Tensor)> {
        self.layers
            .iter()
            .enumerate()
            .filter_map(|(i, l)| match l {
                Layer::Dropout(d) => d.mask().map(|m| {
                    (
                        i,
                        Tensor {
                            shape: vec![m.nrows(), m.ncols()],
                            data: m.iter().map(|v| v.as_f32()).collect(),
                        },
                    )
                }),
                _ => None,
            })
            .collect()
    }
}
