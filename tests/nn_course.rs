//! The course's worked facts, Keras's shapes and counts, and the core's promises
//! (dropout, stable loss, optimisers, errors).

use convolab::nn::Architecture;
use convolab::nn::kernels::{self, NamedKernel};
use convolab::nn::loss::softmax_cross_entropy;
use convolab::nn::window::{self, AxisGeometry};
use convolab::nn::{
    Activation, Conv1DConfig, Conv2DConfig, DenseConfig, DropoutConfig, LayerConfig, NnError,
    Optimizer, OptimizerConfig, Padding, PoolConfig, PoolKind, Sequential, rng_from_seed,
};
use ndarray::{Array2, array};

fn out_shape(input: &[usize], cfg: LayerConfig) -> Vec<usize> {
    Sequential::<f32>::new(input, &[cfg], &mut rng_from_seed(0)).unwrap().output_shape()
}

#[test]
fn conv1d_ten_samples_three_taps() {
    // Course: a 10-sample signal and a 3-tap kernel give 8 outputs in `valid`, 10 in `same`.
    assert_eq!(out_shape(&[10, 1], Conv1DConfig::new(1, 3).into()), vec![8, 1]);
    assert_eq!(
        out_shape(&[10, 1], Conv1DConfig::new(1, 3).padding(Padding::Same).into()),
        vec![10, 1]
    );
    assert_eq!(out_shape(&[10, 1], Conv1DConfig::new(8, 3).into()), vec![8, 8]);
    assert_eq!(window::conv1d(&[0.0; 10], &[1.0, 2.0, 3.0], 1, Padding::Valid).unwrap().len(), 8);
    // Without padding the course's 8-sample figure gives 6 outputs: (8 − 3) + 1.
    assert_eq!(window::geometry(8, 3, 1, Padding::Valid).unwrap().out, 6);
}

#[test]
fn conv2d_three_by_three_on_four_by_four() {
    let s = out_shape(&[4, 4, 1], Conv2DConfig::new(1, (3, 3)).activation(Activation::Relu).into());
    assert_eq!(s, vec![2, 2, 1]);
}

#[test]
fn pooling_floors_as_keras() {
    assert_eq!(
        out_shape(&[30, 30, 6], PoolConfig::average_pooling_2d((2, 2)).into()),
        vec![15, 15, 6]
    );
    assert_eq!(out_shape(&[13, 13, 16], PoolConfig::max_pooling_2d((2, 2)).into()), vec![6, 6, 16]);
    assert_eq!(out_shape(&[13, 16], PoolConfig::max_pooling_1d(2).into()), vec![6, 16]);
    assert_eq!(
        out_shape(&[13, 13, 16], PoolConfig::max_pooling_2d((2, 2)).padding(Padding::Same).into()),
        vec![7, 7, 16]
    );
}

#[test]
fn keras_same_padding_is_asymmetric_for_strides() {
    // n=6, k=3, s=2: out 3, total pad (3−1)·2 + 3 − 6 = 1: none before, one after.
    let g = AxisGeometry::new(6, 3, 2, Padding::Same).unwrap();
    assert_eq!((g.out, g.pad_before, g.pad_after), (3, 0, 1));
    let g = AxisGeometry::new(5, 3, 1, Padding::Same).unwrap();
    assert_eq!((g.out, g.pad_before, g.pad_after), (5, 1, 1));
    let g = AxisGeometry::new(7, 4, 1, Padding::Same).unwrap();
    assert_eq!((g.pad_before, g.pad_after), (1, 2));
    // Window 0 of the strided case starts on the first sample (no zero before).
    let w = window::conv1d_window(
        &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0],
        &[1.0, 1.0, 1.0],
        2,
        Padding::Same,
        0.0,
        2,
    )
    .unwrap();
    assert_eq!(
        w.terms.iter().map(|t| t.input_index).collect::<Vec<_>>(),
        vec![Some(4), Some(5), None]
    );
    assert_eq!(w.output, 11.0);
}

#[test]
fn lenet_summary_matches_the_course() {
    let m = Architecture::default().build::<f32>(&mut rng_from_seed(0)).unwrap();
    let s = m.summary();
    let shapes: Vec<String> = s.rows.iter().map(|r| r.output_shape_keras()).collect();
    assert_eq!(
        shapes,
        [
            "(None, 30, 30, 6)",
            "(None, 15, 15, 6)",
            "(None, 13, 13, 16)",
            "(None, 6, 6, 16)",
            "(None, 576)",
            "(None, 120)",
            "(None, 84)",
            "(None, 10)"
        ]
    );
    let params: Vec<usize> = s.rows.iter().map(|r| r.params).collect();
    assert_eq!(params, [60, 0, 880, 0, 0, 69_240, 10_164, 850]);
    let names: Vec<&str> = s.rows.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names[..4], ["conv2d", "average_pooling2d", "conv2d_1", "average_pooling2d_1"]);
    assert_eq!(s.total_params, 81_194);
    let text = s.to_string();
    assert!(text.contains(" conv2d (Conv2D)"), "{text}");
    assert!(text.contains("(None, 13, 13, 16)"));
    assert!(text.trim_end().ends_with("Total params: 81,194"), "{text}");
    assert_eq!(
        m.forward_macs(),
        30 * 30 * 9 * 6 + 13 * 13 * 54 * 16 + 576 * 120 + 120 * 84 + 84 * 10
    );

    let with_dropout =
        Architecture::default().with_pooling(PoolKind::Max).with_dense_dropout(Some(0.5));
    let m = with_dropout.build::<f32>(&mut rng_from_seed(0)).unwrap();
    assert_eq!(m.param_count(), 81_194);
    assert_eq!(m.summary().rows[1].kind, "MaxPooling2D");
    assert_eq!(m.summary().rows.len(), 10);
}

#[test]
fn glorot_init_is_seeded_and_bounded() {
    let a = Architecture::default().build::<f32>(&mut rng_from_seed(42)).unwrap();
    let b = Architecture::default().build::<f32>(&mut rng_from_seed(42)).unwrap();
    let c = Architecture::default().build::<f32>(&mut rng_from_seed(43)).unwrap();
    assert_eq!(a.flat_params(), b.flat_params());
    assert_ne!(a.flat_params(), c.flat_params());
    for p in a.parameters() {
        if p.name == "bias" {
            assert!(p.values.iter().all(|&v| v == 0.0));
        } else {
            let (fan_in, fan_out) = match p.shape.len() {
                4 => (p.shape[0] * p.shape[1] * p.shape[2], p.shape[0] * p.shape[1] * p.shape[3]),
                _ => (p.shape[0], p.shape[1]),
            };
            let limit = (6.0 / (fan_in + fan_out) as f32).sqrt();
            assert!(p.values.iter().all(|v| v.abs() <= limit));
            let max = p.values.iter().fold(0f32, |m, v| m.max(v.abs()));
            assert!(max > 0.9 * limit, "{} {}: draws should fill (−l, l)", p.layer_name, p.name);
        }
    }
}

#[test]
fn dropout_keeps_the_mean_and_is_reproducible() {
    let cfg: Vec<LayerConfig> = vec![DropoutConfig::new(0.4).into()];
    let mut m = Sequential::<f64>::new(&[1000], &cfg, &mut rng_from_seed(0)).unwrap();
    let x = Array2::<f64>::ones((20, 1000));
    let y1 = m.forward_train(x.view(), &mut rng_from_seed(9)).unwrap().to_owned();
    let mean = y1.mean().unwrap();
    assert!((mean - 1.0).abs() < 0.03, "mean {mean}");
    let dropped = y1.iter().filter(|&&v| v == 0.0).count() as f64 / y1.len() as f64;
    assert!((dropped - 0.4).abs() < 0.02, "dropped {dropped}");
    assert!(y1.iter().all(|&v| v == 0.0 || (v - 1.0 / 0.6).abs() < 1e-6));
    let masks = m.dropout_masks();
    assert_eq!(masks.len(), 1);
    assert_eq!(masks[0].1.shape, vec![20, 1000]);
    let y2 = m.forward_train(x.view(), &mut rng_from_seed(9)).unwrap().to_owned();
    assert_eq!(y1, y2);
    let y3 = m.forward_train(x.view(), &mut rng_from_seed(10)).unwrap().to_owned();
    assert_ne!(y1, y3);
    // Inference: the identity, and no mask to show.
    assert_eq!(m.predict_batch(x.view()).unwrap(), x);
    assert!(m.dropout_masks().is_empty());
    assert!(
        Sequential::<f32>::new(&[4], &[DropoutConfig::new(1.0).into()], &mut rng_from_seed(0))
            .is_err()
    );
}

#[test]
fn softmax_cross_entropy_is_stable() {
    let logits = array![[1000.0f32, -1000.0, 0.0], [-1000.0, 1000.0, 1000.0]];
    let (mut p, mut d) = (Array2::zeros((0, 0)), Array2::zeros((0, 0)));
    let out = softmax_cross_entropy(logits.view(), &[1, 2], &mut p, &mut d).unwrap();
    assert!(out.loss.is_finite());
    // Example 0 is 2000 logits wrong (loss 2000); example 1 splits between two (ln 2).
    assert!((out.loss - (2000.0 + 2f32.ln()) / 2.0).abs() < 1e-2, "{}", out.loss);
    assert!(p.iter().chain(d.iter()).all(|v| v.is_finite()));
    assert!((p[(1, 1)] - 0.5).abs() < 1e-6);
    assert!(softmax_cross_entropy(logits.view(), &[1, 3], &mut p, &mut d).is_err());
    assert!(softmax_cross_entropy(logits.view(), &[1], &mut p, &mut d).is_err());
}

#[test]
fn optimisers_follow_keras() {
    // One parameter, loss = w²/2 ⇒ g = w. Hand-computed updates.
    let cfg: Vec<LayerConfig> = vec![DenseConfig::new(1).use_bias(false).into()];
    let mut m = Sequential::<f64>::new(&[1], &cfg, &mut rng_from_seed(0)).unwrap();
    let mut opt = Optimizer::<f64>::new(OptimizerConfig::sgd(0.1, 0.9)).unwrap();
    m.set_flat_params(&[1.0]).unwrap();
    let x = array![[1.0]];
    let step = |m: &mut Sequential<f64>, opt: &mut Optimizer<f64>| {
        let y = m.forward_train(x.view(), &mut rng_from_seed(0)).unwrap().to_owned();
        m.backward(y.view()).unwrap(); // ∂(y²/2)/∂y = y
        let mut params = m.flat_params();
        // Apply the update through the public training path's optimiser.
        let g = m.flat_gradients();
        opt_step(opt, &mut params, &g);
        m.set_flat_params(&params).unwrap();
    };
    step(&mut m, &mut opt); // v = −0.1, w = 0.9
    step(&mut m, &mut opt); // v = 0.9·(−0.1) − 0.1·0.9 = −0.18, w = 0.72
    assert!((m.flat_params()[0] - 0.72).abs() < 1e-6);

    let mut adam = Optimizer::<f64>::new(OptimizerConfig::adam(0.01)).unwrap();
    m.set_flat_params(&[1.0]).unwrap();
    step(&mut m, &mut adam); // first Adam step moves by lr·g/(|g| + ε) ≈ lr
    assert!((m.flat_params()[0] - (1.0 - 0.01 * 1.0 / (1.0 + 1e-7))).abs() < 1e-6);
    assert!(Optimizer::<f32>::new(OptimizerConfig::sgd(-1.0, 0.0)).is_err());
    assert!(Optimizer::<f32>::new(OptimizerConfig::sgd(0.1, 1.0)).is_err());
}

fn opt_step(opt: &mut Optimizer<f64>, params: &mut [f64], grads: &[f64]) {
    opt.step_slices(&mut [params], &[grads]);
}

#[test]
fn named_kernels_do_what_they_say() {
    let all: Vec<NamedKernel> =
        kernels::kernels_1d().into_iter().chain(kernels::kernels_2d()).collect();
    assert_eq!(all.len(), 10);
    for k in &all {
        assert_eq!(k.weights.len(), k.rows * k.cols);
        assert!(
            !k.name_fr.is_empty()
                && !k.name_en.is_empty()
                && !k.description_fr.is_empty()
                && !k.description_en.is_empty()
        );
    }
    let d = kernels::find(1, "derivative").unwrap();
    assert_eq!(
        window::conv1d(&[1.0, 2.0, 4.0, 7.0], &d.weights, 1, Padding::Valid).unwrap(),
        vec![1.0, 2.0, 3.0]
    );
    let d2 = kernels::find(1, "second_derivative").unwrap();
    assert_eq!(
        window::conv1d(&[1.0, 2.0, 4.0, 7.0], &d2.weights, 1, Padding::Valid).unwrap(),
        vec![1.0, 1.0]
    );
    for id in ["mean2", "mean3", "gaussian"] {
        let k = kernels::find(1, id).unwrap();
        assert!(
            (k.weights.iter().sum::<f64>() - 1.0).abs() < 1e-12,
            "{id} keeps a constant signal"
        );
    }
    let g = kernels::find(1, "gaussian").unwrap();
    assert_eq!(
        window::conv1d(&[1.0, 3.0, 2.0], &g.weights, 1, Padding::Valid).unwrap(),
        vec![2.25]
    );

    let img = Array2::from_shape_fn((5, 5), |(r, c)| (r * 10 + c) as f64);
    let kv = |id: &str| {
        let k = kernels::find(2, id).unwrap();
        Array2::from_shape_vec((k.rows, k.cols), k.weights).unwrap()
    };
    let conv =
        |id: &str| window::conv2d(img.view(), kv(id).view(), (1, 1), Padding::Valid).unwrap();
    assert!(
        conv("dx").iter().all(|&v| v == 2.0),
        "x-derivative of a ramp of slope 1 (per column) over 2 rows"
    );
    assert!(conv("dy").iter().all(|&v| v == 20.0));
    assert!(conv("laplacian").iter().all(|&v| v == 0.0), "a linear ramp has no curvature");
    assert!(
        (kv("gaussian").sum() - 1.0).abs() < 1e-12 && (kv("mean2x2").sum() - 1.0).abs() < 1e-12
    );
}

#[test]
fn bad_configs_and_inputs_are_errors() {
    let mut rng = rng_from_seed(0);
    let e = Sequential::<f32>::new(&[2, 2, 1], &[Conv2DConfig::new(1, (3, 3)).into()], &mut rng)
        .unwrap_err();
    // The error names the case with its numbers (the interface translates it).
    assert_eq!(e, NnError::WindowTooLarge { window: 3, input: 2 }.in_layer(1, "Conv2D"));
    assert!(e.to_string().contains("layer 1 (Conv2D)"), "{e}");
    let layer1 = |r: Result<Sequential<f32>, NnError>| match r {
        Err(NnError::InLayer { index: 1, error, .. }) => *error,
        other => panic!("{other:?}"),
    };
    assert_eq!(
        layer1(Sequential::<f32>::new(
            &[4, 4, 1],
            &[Conv2DConfig::new(0, (3, 3)).into()],
            &mut rng
        )),
        NnError::NoFilters
    );
    assert_eq!(
        layer1(Sequential::<f32>::new(
            &[4, 4, 1],
            &[Conv2DConfig::new(1, (3, 3)).strides((0, 1)).into()],
            &mut rng
        )),
        NnError::ZeroWindowOrStride { window: 3, stride: 0 }
    );
    assert!(matches!(
        layer1(Sequential::<f32>::new(&[4, 4, 1], &[DenseConfig::new(3).into()], &mut rng)),
        NnError::WrongRank { ref layer, expected: convolab::nn::Expected::Features, .. } if layer == "Dense"
    ));
    assert!(matches!(
        layer1(Sequential::<f32>::new(&[4, 4], &[Conv2DConfig::new(1, (3, 3)).into()], &mut rng)),
        NnError::WrongRank { ref layer, .. } if layer == "Conv2D"
    ));
    assert_eq!(Sequential::<f32>::new(&[4, 4, 1], &[], &mut rng).unwrap_err(), NnError::NoLayers);
    // Absurd sizes are errors, not an exhausted memory or an overflow.
    assert!(
        Sequential::<f32>::new(&[100_000], &[DenseConfig::new(100_000).into()], &mut rng).is_err()
    );
    assert!(
        Sequential::<f32>::new(
            &[8, 1],
            &[Conv1DConfig::new(1, usize::MAX).padding(Padding::Same).into()],
            &mut rng
        )
        .is_err()
    );
    assert!(window::conv1d(&[1.0; 4], &[1.0; 3], usize::MAX, Padding::Same).is_err());
    let mut m = Architecture::default().build::<f32>(&mut rng).unwrap();
    assert!(m.backward(Array2::zeros((1, 10)).view()).is_err(), "backward before any forward");
    assert!(m.predict(&[0.0; 10]).is_err());
    let mut nan = vec![0.0; 1024];
    nan[3] = f32::NAN;
    assert_eq!(m.forward_all(&nan).unwrap_err(), NnError::NotFinite);
    let outs = m.forward_all(&[0.5; 1024]).unwrap();
    assert_eq!(outs.len(), 8);
    assert_eq!(outs[0].shape, vec![30, 30, 6]);
    assert_eq!(outs[0].data.len(), 5400);
    assert!((outs[7].data.iter().sum::<f32>() - 1.0).abs() < 1e-5);
    assert!(window::conv1d_window(&[1.0, 2.0], &[1.0], 1, Padding::Valid, 0.0, 2).is_err());
    assert!(window::conv1d(&[1.0, f64::NAN], &[1.0], 1, Padding::Valid).is_err());
    let _ = PoolConfig::average_pooling_1d(2);
}
