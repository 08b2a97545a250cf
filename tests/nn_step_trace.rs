//! The LeNet page's "one training step, backwards" (`Sequential::step_trace`): every
//! gradient it shows against a finite-difference estimate (f64), per layer kind; applying
//! the step against one SGD step of the core; a 2D convolution's unit written out channel
//! by channel against the core's activation.

use convolab::nn::{
    Activation, Conv2DConfig, DenseConfig, LayerConfig, Optimizer, OptimizerConfig, PoolConfig,
    Sequential, rng_from_seed,
};
use ndarray::ArrayView2;
use rand::Rng;

const EPS: f64 = 1e-6;

fn assert_close(what: &str, analytic: f64, numeric: f64) {
    let err = (analytic - numeric).abs() / (1e-4 + analytic.abs() + numeric.abs());
    assert!(err < 1e-5, "{what}: analytic {analytic} vs numeric {numeric} (rel err {err:e})");
}

/// A small LeNet: conv (relu) → max pool → conv (tanh) → average pool → flatten → dense
/// (relu) → dense (softmax), on 14×14×1.
fn configs() -> Vec<LayerConfig> {
    vec![
        Conv2DConfig::new(3, (3, 3)).activation(Activation::Relu).into(),
        PoolConfig::max_pooling_2d((2, 2)).into(),
        Conv2DConfig::new(4, (3, 3)).activation(Activation::Tanh).into(),
        PoolConfig::average_pooling_2d((2, 2)).into(),
        LayerConfig::Flatten,
        DenseConfig::new(8).activation(Activation::Relu).into(),
        DenseConfig::new(10).activation(Activation::Softmax).into(),
    ]
}

fn model(configs: &[LayerConfig], shape: &[usize]) -> Sequential<f64> {
    let mut m = Sequential::<f64>::new(shape, configs, &mut rng_from_seed(3)).unwrap();
    // Non-zero biases, so that they count in the check.
    let p: Vec<f64> = m
        .flat_params()
        .iter()
        .enumerate()
        .map(|(i, &v)| v + 0.05 * ((i % 7) as f64 - 3.0))
        .collect();
    m.set_flat_params(&p).unwrap();
    m
}

fn input(n: usize, seed: u64) -> Vec<f64> {
    let mut r = rng_from_seed(seed);
    (0..n).map(|_| r.random_range(0.0..1.0)).collect()
}

/// −log p_label of a model fed `x`.
fn loss(m: &mut Sequential<f64>, x: &[f64], label: usize) -> f64 {
    -m.predict(x).unwrap()[label].ln()
}

/// The layers after `i` as a model of their own, with the same weights: the loss as a
/// function of layer `i`'s output.
fn tail(full: &Sequential<f64>, i: usize) -> Sequential<f64> {
    let shape = full.layers()[i].output_shape();
    let mut t =
        Sequential::<f64>::new(&shape, &full.configs()[i + 1..], &mut rng_from_seed(0)).unwrap();
    let skip: usize = full.layers()[..=i].iter().map(|l| l.param_count()).sum();
    t.set_flat_params(&full.flat_params()[skip..]).unwrap();
    t
}

#[test]
fn every_gradient_shown_matches_finite_differences() {
    let cfg = configs();
    let m = model(&cfg, &[14, 14, 1]);
    let x = input(14 * 14, 1);
    let label = 7;
    let s = m.step_trace(&x, label).unwrap();
    assert_eq!(s.layers.len(), cfg.len());

    // The loss and softmax − one-hot.
    let mut mm = m.clone();
    assert_close("loss", s.loss, loss(&mut mm, &x, label));
    for k in 0..10 {
        let want = s.probs[k] - if k == label { 1.0 } else { 0.0 };
        assert!((s.dlogits[k] - want).abs() < 1e-12, "dlogits[{k}]");
    }
    assert!((s.probs.iter().sum::<f64>() - 1.0).abs() < 1e-12);

    // The gradient arriving at each layer's output (every layer but the last), against the
    // loss of the rest of the network as a function of that output.
    for i in 0..cfg.len() - 1 {
        let t = &s.layers[i];
        let mut rest = tail(&m, i);
        let a = &t.output;
        // A spread of coordinates, not all: each costs two forward passes.
        for j in (0..a.len()).step_by((a.len() / 12).max(1)) {
            let (mut ap, mut am) = (a.clone(), a.clone());
            ap[j] += EPS;
            am[j] -= EPS;
            let num = (loss(&mut rest, &ap, label) - loss(&mut rest, &am, label)) / (2.0 * EPS);
            assert_close(&format!("{} grad_out[{j}]", t.name), t.grad_out[j], num);
        }
        // What a layer receives is what the next one sent back.
        assert_eq!(t.grad_out, s.layers[i + 1].grad_in, "{}", t.name);
    }
    // The gradient at the input.
    let g0 = &s.layers[0].grad_in;
    for j in (0..x.len()).step_by(7) {
        let (mut xp, mut xm) = (x.clone(), x.clone());
        xp[j] += EPS;
        xm[j] -= EPS;
        let num = (loss(&mut mm, &xp, label) - loss(&mut mm, &xm, label)) / (2.0 * EPS);
        assert_close(&format!("dx[{j}]"), g0[j], num);
    }
    // Every parameter gradient (conv kernels and biases, dense kernels and biases).
    let p = m.flat_params();
    assert_eq!(s.flat_grads.len(), p.len());
    for j in 0..p.len() {
        let mut q = p.clone();
        q[j] += EPS;
        mm.set_flat_params(&q).unwrap();
        let lp = loss(&mut mm, &x, label);
        q[j] -= 2.0 * EPS;
        mm.set_flat_params(&q).unwrap();
        let lm = loss(&mut mm, &x, label);
        assert_close(&format!("dparam[{j}]"), s.flat_grads[j], (lp - lm) / (2.0 * EPS));
    }
    // The same gradients as the core's training pass (compute_gradients, dropout off).
    let mut core = m.clone();
    let xv = ArrayView2::from_shape((1, x.len()), &x).unwrap();
    core.compute_gradients(xv, &[label as u8], None).unwrap();
    assert_eq!(core.flat_gradients(), s.flat_grads);
}

#[test]
fn pooling_and_activations_route_the_gradient_as_the_page_says() {
    let m = model(&configs(), &[14, 14, 1]);
    let s = m.step_trace(&input(196, 2), 3).unwrap();
    // Max pooling: the whole gradient of a window goes to its winner, the other cells get 0.
    let mp = &s.layers[1];
    let w = mp.winners.as_ref().expect("max pooling names its winners");
    assert_eq!(w.len(), mp.output.len());
    let mut expect = vec![0.0; mp.grad_in.len()];
    for (o, &cell) in w.iter().enumerate() {
        expect[cell as usize] += mp.grad_out[o];
        // The winner holds the window's maximum, which is the pooled value.
        assert_eq!(s.layers[0].output[cell as usize], mp.output[o]);
    }
    assert_eq!(mp.grad_in, expect);
    // Average pooling: each of the 4 cells of a 2×2 window gets a quarter.
    let ap = &s.layers[3];
    assert!(ap.winners.is_none());
    let (ih, iw, c) = (ap.input_shape[0], ap.input_shape[1], ap.input_shape[2]);
    let ow = ap.output_shape[1];
    for r in 0..ih {
        for col in 0..iw {
            for ch in 0..c {
                let o = ((r / 2) * ow + col / 2) * c + ch;
                let d = ap.grad_in[(r * iw + col) * c + ch] - ap.grad_out[o] / 4.0;
                assert!(d.abs() < 1e-15);
            }
        }
    }
    // ReLU: zero where the unit was off, unchanged where it was on.
    let c1 = &s.layers[0];
    assert!(c1.output.contains(&0.0) && c1.output.iter().any(|&v| v > 0.0));
    for ((&y, &g), &d) in c1.output.iter().zip(&c1.grad_out).zip(&c1.grad_pre) {
        assert_eq!(d, if y > 0.0 { g } else { 0.0 });
    }
    // Tanh: scaled by 1 − y².
    let c2 = &s.layers[2];
    for ((&y, &g), &d) in c2.output.iter().zip(&c2.grad_out).zip(&c2.grad_pre) {
        assert!((d - g * (1.0 - y * y)).abs() < 1e-15);
    }
    // Flatten passes it through.
    assert_eq!(s.layers[4].grad_in, s.layers[4].grad_out);
}

#[test]
fn a_kernel_weights_written_out_sum_is_the_cores_gradient() {
    let m = model(&configs(), &[14, 14, 1]);
    let s = m.step_trace(&input(196, 4), 1).unwrap();
    let k = &s.layers[0].param_grads[0];
    assert_eq!(k.0, "kernel");
    assert_eq!(k.1, vec![3, 3, 1, 3]);
    for (ky, kx, f) in [(0, 0, 0), (1, 2, 1), (2, 1, 2)] {
        let terms = m.kernel_grad_terms(&s, 0, (ky, kx, 0, f)).unwrap();
        assert_eq!(terms.len(), 12 * 12);
        let sum: f64 = terms.iter().map(|(a, b)| a * b).sum();
        assert!((sum - k.2[(ky * 3 + kx) * 3 + f]).abs() < 1e-12);
    }
    // The second convolution too (3 input channels).
    let k2 = &s.layers[2].param_grads[0].2;
    let terms = m.kernel_grad_terms(&s, 2, (2, 0, 1, 3)).unwrap();
    let sum: f64 = terms.iter().map(|(a, b)| a * b).sum();
    assert!((sum - k2[((2 * 3) * 3 + 1) * 4 + 3]).abs() < 1e-12);
    assert!(m.kernel_grad_terms(&s, 1, (0, 0, 0, 0)).is_none(), "pooling has no kernel");
    assert!(m.kernel_grad_terms(&s, 0, (3, 0, 0, 0)).is_none(), "outside the kernel");
}

#[test]
fn applying_the_step_is_one_sgd_step_of_the_core() {
    let cfg = configs();
    let m = model(&cfg, &[14, 14, 1]);
    let x = input(196, 5);
    let label = 2;
    let s = m.step_trace(&x, label).unwrap();
    let mut applied = m.clone();
    applied.apply_step(&s, 0.1).unwrap();
    // The core's training step with plain SGD (no dropout in this network).
    let mut trained = m.clone();
    let mut opt = Optimizer::<f64>::new(OptimizerConfig::sgd(0.1, 0.0)).unwrap();
    let xv = ArrayView2::from_shape((1, x.len()), &x).unwrap();
    trained.train_step(xv, &[label as u8], &mut rng_from_seed(1), &mut opt).unwrap();
    assert_eq!(applied.flat_params(), trained.flat_params());
    // And w − lr·g it is.
    for ((a, b), g) in applied.flat_params().iter().zip(m.flat_params()).zip(&s.flat_grads) {
        assert!((a - (b - f64::from(0.1f32) * g)).abs() < 1e-12);
    }
    // A small step raises the picked label's probability.
    let before = m.clone().predict(&x).unwrap()[label];
    let after = applied.predict(&x).unwrap()[label];
    assert!(after > before, "{before} → {after}");
    // Bad rates are refused and leave the model as it was.
    let mut bad = m.clone();
    assert!(bad.apply_step(&s, f32::NAN).is_err());
    assert!(bad.apply_step(&s, -1.0).is_err());
    assert_eq!(bad.flat_params(), m.flat_params());
}

#[test]
fn a_second_convolution_unit_adds_up_over_its_input_channels() {
    // The course's LeNet shape: 6 maps in, 16 filters of 3×3.
    let cfg: Vec<LayerConfig> = vec![
        Conv2DConfig::new(6, (3, 3)).activation(Activation::Relu).into(),
        PoolConfig::average_pooling_2d((2, 2)).into(),
        Conv2DConfig::new(16, (3, 3)).activation(Activation::Relu).into(),
        LayerConfig::Flatten,
        DenseConfig::new(10).activation(Activation::Softmax).into(),
    ];
    let mut m = model(&cfg, &[32, 32, 1]);
    let x = input(32 * 32, 6);
    let outs = m.forward_all(&x).unwrap();
    let pooled: Vec<f64> = m.step_trace(&x, 0).unwrap().layers[1].output.clone();
    let shape = &outs[2].shape;
    assert_eq!(shape, &vec![13, 13, 16]);
    let mut on = 0;
    for (r, c, f) in [(0, 0, 0), (5, 7, 3), (12, 12, 15), (6, 1, 9), (3, 10, 12)] {
        let u = m.conv_unit_sum(2, &pooled, r, c, f).unwrap();
        assert_eq!((u.windows.len(), u.kernels.len(), u.partials.len()), (6, 6, 6));
        for ch in 0..6 {
            let p: f64 = u.windows[ch].iter().zip(&u.kernels[ch]).map(|(a, b)| a * b).sum();
            assert!((p - u.partials[ch]).abs() < 1e-12);
        }
        let total = u.partials.iter().sum::<f64>() + u.bias;
        assert!((total - u.total).abs() < 1e-12);
        let core = outs[2].data[(r * 13 + c) * 16 + f] as f64;
        // forward_all reports f32: compare at that precision.
        assert!((u.value - core).abs() < 1e-6, "unit ({r},{c},{f}): {} vs {core}", u.value);
        assert_eq!(u.value, u.total.max(0.0));
        on += usize::from(u.value > 0.0);
    }
    assert!(on > 0, "at least one unit is on");
    assert!(m.conv_unit_sum(2, &pooled, 13, 0, 0).is_none());
    assert!(m.conv_unit_sum(1, &pooled, 0, 0, 0).is_none());
}

#[test]
fn what_the_view_cannot_show_is_refused() {
    let cfg: Vec<LayerConfig> = vec![LayerConfig::Flatten, DenseConfig::new(10).into()];
    let m = model(&cfg, &[4, 4, 1]);
    assert!(m.step_trace(&input(16, 1), 0).is_err(), "no softmax: no cross-entropy step");
    let cfg: Vec<LayerConfig> =
        vec![LayerConfig::Flatten, DenseConfig::new(10).activation(Activation::Softmax).into()];
    let m = model(&cfg, &[4, 4, 1]);
    assert!(m.step_trace(&input(16, 1), 10).is_err(), "label beyond the classes");
    assert!(m.step_trace(&input(15, 1), 0).is_err(), "wrong size");
    assert!(m.step_trace(&[f64::NAN; 16], 0).is_err(), "not finite");
    assert!(m.step_trace(&input(16, 1), 9).is_ok());
}
