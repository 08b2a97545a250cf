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
