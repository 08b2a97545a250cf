//! Finite-difference gradient checks (f64) of every layer and of whole models.

use convolab::nn::{
    Activation, Conv1DConfig, Conv2DConfig, DenseConfig, DropoutConfig, LayerConfig, Padding,
    PoolConfig, PoolKind, Sequential, rng_from_seed,
};
use ndarray::{Array2, ArrayView2};
use rand::Rng;

const EPS: f64 = 1e-6;

fn random_batch(rows: usize, cols: usize, seed: u64) -> Array2<f64> {
    let mut rng = rng_from_seed(seed);
    Array2::from_shape_fn((rows, cols), |_| rng.random_range(-1.0..1.0))
}

fn assert_close(what: &str, analytic: f64, numeric: f64) {
    let err = (analytic - numeric).abs() / (1e-4 + analytic.abs() + numeric.abs());
    assert!(err < 1e-5, "{what}: analytic {analytic} vs numeric {numeric} (rel err {err:e})");
}

/// Loss = Σ y ⊙ r for a fixed random `r`: checks ∂/∂x and ∂/∂params of one model.
/// The dropout mask is redrawn from the same seed at every evaluation.
fn check_model(input_shape: &[usize], configs: &[LayerConfig], batch: usize) {
    let mut rng = rng_from_seed(7);
    let mut model = Sequential::<f64>::new(input_shape, configs, &mut rng).unwrap();
    // Non-zero biases so that they matter in the check.
    let p: Vec<f64> = model
        .flat_params()
        .iter()
        .enumerate()
        .map(|(i, &v)| v + 0.05 * ((i % 7) as f64 - 3.0))
        .collect();
    model.set_flat_params(&p).unwrap();
    let x = random_batch(batch, model.input_len(), 1);
    let out_len: usize = model.output_shape().iter().product();
    let r = random_batch(batch, out_len, 2);
    let loss = |m: &mut Sequential<f64>, x: ArrayView2<'_, f64>| -> f64 {
        let y = m.forward_train(x, &mut rng_from_seed(99)).unwrap();
        (&y * &r).sum()
    };
    loss(&mut model, x.view());
    let dx = model.backward(r.view()).unwrap();
    let grads = model.flat_gradients();
    let name = format!("{:?}", configs.iter().map(|c| c.kind()).collect::<Vec<_>>());

    for i in 0..x.len() {
        let mut xp = x.clone();
        let mut xm = x.clone();
        xp.as_slice_mut().unwrap()[i] += EPS;
        xm.as_slice_mut().unwrap()[i] -= EPS;
        let num = (loss(&mut model, xp.view()) - loss(&mut model, xm.view())) / (2.0 * EPS);
        assert_close(&format!("{name} dx[{i}]"), dx.as_slice().unwrap()[i], num);
    }
    let params = model.flat_params();
    assert_eq!(params.len(), grads.len());
    for i in 0..params.len() {
        let mut pp = params.clone();
        pp[i] += EPS;
        model.set_flat_params(&pp).unwrap();
        let lp = loss(&mut model, x.view());
        pp[i] -= 2.0 * EPS;
        model.set_flat_params(&pp).unwrap();
        let lm = loss(&mut model, x.view());
        assert_close(&format!("{name} dparam[{i}]"), grads[i], (lp - lm) / (2.0 * EPS));
    }
    model.set_flat_params(&params).unwrap();
}

#[test]
fn conv1d_gradients() {
    for (pad, stride, act) in [
        (Padding::Valid, 1, Activation::Linear),
        (Padding::Same, 1, Activation::Tanh),
        (Padding::Same, 2, Activation::Sigmoid),
        (Padding::Valid, 3, Activation::Relu),
    ] {
        let c = Conv1DConfig::new(3, 3).padding(pad).strides(stride).activation(act);
        check_model(&[10, 2], &[c.into()], 2);
    }
    check_model(&[7, 1], &[Conv1DConfig::new(2, 2).use_bias(false).into()], 3);
}

#[test]
fn conv2d_gradients() {
    for (pad, stride, k, act) in [
        (Padding::Valid, (1, 1), (3, 3), Activation::Linear),
        (Padding::Same, (1, 1), (3, 3), Activation::Tanh),
        (Padding::Same, (2, 2), (3, 2), Activation::Relu),
        (Padding::Valid, (2, 1), (2, 3), Activation::Sigmoid),
        (Padding::Same, (1, 2), (2, 2), Activation::Softmax),
    ] {
        let c = Conv2DConfig::new(3, k).padding(pad).strides(stride).activation(act);
        check_model(&[6, 5, 2], &[c.into()], 2);
    }
    // More than 8 filters: the matrix-product path rather than the direct kernels.
    let c = Conv2DConfig::new(10, (3, 3)).padding(Padding::Same).activation(Activation::Tanh);
    check_model(&[4, 4, 2], &[c.into()], 2);
    check_model(&[9, 2], &[Conv1DConfig::new(9, 2).strides(2).into()], 2);
}

#[test]
fn pooling_gradients() {
    for kind in [PoolKind::Max, PoolKind::Average] {
        for pad in [Padding::Valid, Padding::Same] {
            let mut p2 = PoolConfig::max_pooling_2d((2, 2)).padding(pad);
            p2.kind = kind;
            check_model(&[5, 7, 2], &[p2.clone().into()], 2);
            check_model(&[5, 7, 2], &[p2.strides((1, 2)).into()], 2);
            let mut p1 = PoolConfig::max_pooling_1d(3).padding(pad);
            p1.kind = kind;
            check_model(&[8, 2], &[p1.clone().into()], 2);
            check_model(&[8, 2], &[p1.strides((1, 2)).into()], 2);
        }
    }
}

#[test]
fn dense_flatten_dropout_gradients() {
    for act in [
        Activation::Linear,
        Activation::Relu,
        Activation::Sigmoid,
        Activation::Tanh,
        Activation::Softmax,
    ] {
        check_model(&[5], &[DenseConfig::new(4).activation(act).into()], 3);
    }
    check_model(&[3, 2, 2], &[LayerConfig::Flatten, DenseConfig::new(3).into()], 2);
    check_model(
        &[12],
        &[DropoutConfig::new(0.5).into(), DenseConfig::new(3).activation(Activation::Tanh).into()],
        3,
    );
}

/// The whole pipeline with the fused softmax cross-entropy loss, on a small convnet
/// (every parameter) and on the course LeNet with dropout (a sample of parameters).
#[test]
fn whole_model_gradients() {
    let configs: Vec<LayerConfig> = vec![
        Conv2DConfig::new(2, (3, 3)).activation(Activation::Relu).padding(Padding::Same).into(),
        PoolConfig::max_pooling_2d((2, 2)).into(),
        Conv2DConfig::new(3, (2, 2)).activation(Activation::Tanh).into(),
        PoolConfig::average_pooling_2d((2, 2)).into(),
        LayerConfig::Flatten,
        DenseConfig::new(5).activation(Activation::Relu).into(),
        DropoutConfig::new(0.3).into(),
        DenseConfig::new(4).activation(Activation::Softmax).into(),
    ];
    let mut rng = rng_from_seed(3);
    let mut model = Sequential::<f64>::new(&[8, 8, 1], &configs, &mut rng).unwrap();
    check_softmax_ce(&mut model, 3, usize::MAX);

    let opts = convolab::nn::Architecture::default()
        .with_pooling(PoolKind::Max)
        .with_dense_dropout(Some(0.25));
    let mut lenet = opts.build::<f64>(&mut rng).unwrap();
    check_softmax_ce(&mut lenet, 2, 150);
}

fn check_softmax_ce(model: &mut Sequential<f64>, batch: usize, samples: usize) {
    let x = random_batch(batch, model.input_len(), 11).mapv(|v| v.abs());
    let labels: Vec<u8> = (0..batch).map(|i| (i * 3 % 4) as u8).collect();
    let loss = |m: &mut Sequential<f64>| {
        m.compute_gradients(x.view(), &labels, Some(&mut rng_from_seed(5))).unwrap().loss
    };
    loss(model);
    let grads = model.flat_gradients();
    let params = model.flat_params();
    let step = (params.len() / samples.min(params.len())).max(1);
    let mut checked = 0;
    for i in (0..params.len()).step_by(step) {
        let mut pp = params.clone();
        pp[i] += EPS;
        model.set_flat_params(&pp).unwrap();
        let lp = loss(model);
        pp[i] -= 2.0 * EPS;
        model.set_flat_params(&pp).unwrap();
        let lm = loss(model);
        assert_close(&format!("param {i}"), grads[i], (lp - lm) / (2.0 * EPS));
        checked += 1;
    }
    assert!(checked >= samples.min(params.len()) / 2);
    model.set_flat_params(&params).unwrap();
}

/// Networks drawn from what the architecture editor allows (`nn::arch::Bound`: Conv2D
/// 1–64 filters, kernels 1–7 square or not, strides 1–2, valid/same, four activations;
/// pooling 2–3, strides 1–3; dropout up to 0.9; dense 1–512 units; the last
/// `Dense(10, softmax)`), on a smaller digit so that every parameter can be checked.
mod random_networks {
    use super::*;
    use convolab::nn::Architecture;
    use proptest::prelude::*;

    /// Counts leaning small (a finite difference per parameter), but reaching the editor's
    /// top and the counts where the convolution changes path (8 → 9 filters).
    fn count(top: usize) -> impl Strategy<Value = usize> {
        prop_oneof![5 => 1..=9usize, 2 => 9..=16usize, 1 => 17..=top]
    }

    fn activation() -> impl Strategy<Value = Activation> {
        prop::sample::select(vec![
            Activation::Relu,
            Activation::Tanh,
            Activation::Sigmoid,
            Activation::Linear,
        ])
    }

    fn conv() -> impl Strategy<Value = LayerConfig> {
        (count(64), 1..=7usize, 1..=7usize, any::<bool>(), 1..=2usize, 1..=2usize)
            .prop_flat_map(|(f, kh, kw, square, sh, sw)| {
                let k = if square { (kh, kh) } else { (kh, kw) };
                (Just(f), Just(k), Just((sh, sw)), any::<bool>(), activation())
            })
            .prop_map(|(f, k, s, same, a)| {
                let pad = if same { Padding::Same } else { Padding::Valid };
                Conv2DConfig::new(f, k).strides(s).padding(pad).activation(a).into()
            })
    }

    fn pool() -> impl Strategy<Value = LayerConfig> {
        (any::<bool>(), 2..=3usize, 2..=3usize, prop::option::of((1..=3usize, 1..=3usize)))
            .prop_map(|(max, ph, pw, s)| {
                let p = if max {
                    PoolConfig::max_pooling_2d((ph, pw))
                } else {
                    PoolConfig::average_pooling_2d((ph, pw))
                };
                match s {
                    Some(s) => p.strides(s).into(),
                    None => p.into(),
                }
            })
    }

    fn dropout() -> impl Strategy<Value = LayerConfig> {
        (0..=90u32).prop_map(|pct| DropoutConfig::new(pct as f32 / 100.0).into())
    }

    fn dense() -> impl Strategy<Value = LayerConfig> {
        (count(512), activation()).prop_map(|(u, a)| DenseConfig::new(u).activation(a).into())
    }

    /// `(input, network)`: feature layers, `Flatten`, hidden dense layers (each maybe
    /// followed by dropout), `Dense(10, softmax)`; only networks that build on the input
    /// and have few enough parameters to check each one.
    fn network() -> impl Strategy<Value = ([usize; 3], Architecture)> {
        let features =
            prop::collection::vec(prop_oneof![4 => conv(), 2 => pool(), 1 => dropout()], 0..=3);
        let hidden = prop::collection::vec((dense(), prop::option::of(dropout())), 0..=2);
        (prop::sample::select(vec![[8, 8, 1], [12, 12, 1], [9, 11, 1]]), features, hidden)
            .prop_map(|(input, features, hidden)| {
                let mut layers = features;
                layers.push(LayerConfig::Flatten);
                for (d, drop) in hidden {
                    layers.push(d);
                    layers.extend(drop);
                }
                layers.push(Architecture::output_layer());
                (input, Architecture::new(layers))
            })
            .prop_filter("builds, and few enough parameters", |(input, a)| {
                let plan = a.plan_on(input, false);
                plan.ok() && plan.total_params <= 2_500
            })
    }

    /// Central difference of `f` at step `eps`.
    fn central(f: &mut dyn FnMut(f64) -> f64, eps: f64) -> f64 {
        (f(eps) - f(-eps)) / (2.0 * eps)
    }

    /// Relative agreement, or an absolute one below the difference quotient's own rounding
    /// (a loss near 2.3 known to 1e-16, over steps of 1e-6: gradients near 1e-8 are noise).
    fn close(analytic: f64, numeric: f64) -> bool {
        let diff = (analytic - numeric).abs();
        diff < 1e-8 || diff / (1e-4 + analytic.abs() + numeric.abs()) < 1e-5
    }

    /// The analytic derivative against a central difference; a ReLU's kink or a max
    /// pool's near tie within the step can spoil one difference, so a second, ten times
    /// smaller step gets a say before the check fails.
    fn check(
        what: &str,
        analytic: f64,
        f: &mut dyn FnMut(f64) -> f64,
    ) -> Result<(), TestCaseError> {
        let n1 = central(f, EPS);
        if close(analytic, n1) {
            return Ok(());
        }
        let n2 = central(f, EPS / 10.0);
        prop_assert!(
            close(analytic, n2),
            "{}: analytic {} vs numeric {} (step {:e}) and {} (step {:e})",
            what,
            analytic,
            n1,
            EPS,
            n2,
            EPS / 10.0
        );
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 48, max_global_rejects: 4096, ..ProptestConfig::default() })]

        /// Softmax cross-entropy on the last `Dense(10, softmax)`: every parameter gradient
        /// (through the training pass, `compute_gradients`, which skips the first layer's
        /// input gradient) and the input gradient (through `backward` from ∂loss/∂p).
        #[test]
        fn editor_networks_gradients((input, arch) in network(), batch in 1..=3usize, seed: u64) {
            prop_assert!(arch.check_bounds().is_ok(), "{}", arch.to_text());
            let name = arch.to_text();
            let mut model = Sequential::<f64>::new(&input, &arch.layers, &mut rng_from_seed(seed)).unwrap();
            // Non-zero biases, so that they matter in the check, and never exactly zero: a
            // dropped (zeroed) input window would otherwise put a ReLU exactly on its kink,
            // where the difference quotient takes half the slope and the gradient none.
            let p: Vec<f64> = model.flat_params().iter().enumerate()
                .map(|(i, &v)| v + 0.05 * ((i % 7) as f64 - 3.5)).collect();
            model.set_flat_params(&p).unwrap();
            let x = random_batch(batch, model.input_len(), seed ^ 1).mapv(f64::abs);
            let labels: Vec<u8> = (0..batch).map(|i| ((seed as usize + 3 * i) % 10) as u8).collect();
            let mask_seed = seed ^ 2;
            // The loss the training pass reports (mean cross-entropy), dropout masks redrawn
            // alike at every call.
            let loss = |m: &mut Sequential<f64>, x: ArrayView2<'_, f64>| {
                m.compute_gradients(x, &labels, Some(&mut rng_from_seed(mask_seed))).unwrap().loss
            };
            loss(&mut model, x.view());
            let grads = model.flat_gradients();
            prop_assert_eq!(grads.len(), p.len());
            for i in 0..p.len() {
                let mut f = |d: f64| {
                    let mut q = p.clone();
                    q[i] += d;
                    model.set_flat_params(&q).unwrap();
                    loss(&mut model, x.view())
                };
                check(&format!("{name}: param {i}"), grads[i], &mut f)?;
            }
            model.set_flat_params(&p).unwrap();

            // ∂loss/∂x: backward from ∂loss/∂p = −1/(batch·p[label]) at the label.
            let probs = model.forward_train(x.view(), &mut rng_from_seed(mask_seed)).unwrap().to_owned();
            let mut dp = Array2::<f64>::zeros(probs.dim());
            for (b, &l) in labels.iter().enumerate() {
                dp[(b, l as usize)] = -1.0 / (batch as f64 * probs[(b, l as usize)]);
            }
            let dx = model.backward(dp.view()).unwrap();
            // The same parameter gradients as the fused training pass, within rounding.
            for (i, (&a, &b)) in model.flat_gradients().iter().zip(&grads).enumerate() {
                prop_assert!((a - b).abs() <= 1e-9 * (1.0 + b.abs()), "{}: param {} {} vs {}", name, i, a, b);
            }
            for i in 0..x.len() {
                let mut f = |d: f64| {
                    let mut xp = x.clone();
                    xp.as_slice_mut().unwrap()[i] += d;
                    loss(&mut model, xp.view())
                };
                check(&format!("{name}: dx[{i}]"), dx.as_slice().unwrap()[i], &mut f)?;
            }
        }
    }
}
