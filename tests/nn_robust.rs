//! Random configurations, inputs and window arguments: the core answers Ok or Err, it
//! never panics.

use convolab::nn::ndarray::Array2;
use convolab::nn::{
    Activation, Conv1DConfig, Conv2DConfig, DenseConfig, DropoutConfig, LayerConfig, Optimizer,
    OptimizerConfig, Padding, PoolConfig, PoolKind, Sequential, rng_from_seed, window,
};
use proptest::prelude::*;

fn act(i: u8) -> Activation {
    [
        Activation::Linear,
        Activation::Relu,
        Activation::Sigmoid,
        Activation::Tanh,
        Activation::Softmax,
    ][i as usize % 5]
}

fn pad(b: bool) -> Padding {
    if b { Padding::Same } else { Padding::Valid }
}

fn layer() -> impl Strategy<Value = LayerConfig> {
    prop_oneof![
        (0..4usize, 0..4usize, 0..3usize, any::<bool>(), any::<u8>(), any::<bool>()).prop_map(
            |(f, k, s, p, a, b)| Conv1DConfig::new(f, k)
                .strides(s)
                .padding(pad(p))
                .activation(act(a))
                .use_bias(b)
                .into()
        ),
        (0..4usize, 0..4usize, 0..4usize, 0..3usize, 0..3usize, any::<bool>(), any::<u8>())
            .prop_map(|(f, kh, kw, sh, sw, p, a)| Conv2DConfig::new(f, (kh, kw))
                .strides((sh, sw))
                .padding(pad(p))
                .activation(act(a))
                .into()),
        (
            any::<bool>(),
            any::<bool>(),
            0..4usize,
            0..4usize,
            proptest::option::of((0..3usize, 0..3usize)),
            any::<bool>()
        )
            .prop_map(|(max, two_d, ph, pw, s, p)| {
                let mut c = PoolConfig::max_pooling_2d((ph, pw)).padding(pad(p));
                c.kind = if max { PoolKind::Max } else { PoolKind::Average };
                c.two_d = two_d;
                c.strides = s;
                c.into()
            }),
        Just(LayerConfig::Flatten),
        (0..5usize, any::<u8>()).prop_map(|(u, a)| DenseConfig::new(u).activation(act(a)).into()),
        (-0.5f32..1.5).prop_map(|r| DropoutConfig::new(r).into()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn random_models_never_panic(
        shape in proptest::collection::vec(0..6usize, 0..4),
        layers in proptest::collection::vec(layer(), 0..5),
        values in proptest::collection::vec(prop_oneof![-3.0f32..3.0, Just(f32::NAN)], 0..80),
        batch in 1..3usize,
        labels in proptest::collection::vec(0u8..12, 0..4),
    ) {
        let Ok(mut m) = Sequential::<f32>::new(&shape, &layers, &mut rng_from_seed(0)) else { return Ok(()) };
        let _ = m.forward_all(&values);
        let _ = m.summary().to_string();
        let n = m.input_len();
        let x = Array2::from_shape_fn((batch, n), |(i, j)| values.get(i * n + j).copied().unwrap_or(0.5));
        let mut rng = rng_from_seed(1);
        if let Ok(y) = m.forward_train(x.view(), &mut rng) {
            let dy = y.to_owned();
            let _ = m.backward(dy.view());
        }
        let _ = m.backward(Array2::zeros((1, 1)).view());
        let mut opt = Optimizer::new(OptimizerConfig::adam(1e-3)).unwrap();
        let _ = m.train_step(x.view(), &labels, &mut rng, &mut opt);
        let _ = m.predict_batch(x.view());
        let bytes = m.save_weights();
        prop_assert!(Sequential::from_weights(&bytes).is_ok());
    }

    #[test]
    fn random_windows_never_panic(
        signal in proptest::collection::vec(-3.0f64..3.0, 0..8),
        kernel in proptest::collection::vec(-3.0f64..3.0, 0..5),
        rows in 0..4usize, stride in 0..4usize, same: bool, index in 0..10usize, max: bool,
    ) {
        let p = pad(same);
        let _ = window::conv1d_window(&signal, &kernel, stride, p, 0.5, index);
        let _ = window::conv1d_windows(&signal, &kernel, stride, p, 0.5);
        let kind = if max { PoolKind::Max } else { PoolKind::Average };
        let _ = window::pool1d_windows(&signal, kind, kernel.len(), Some(stride), p);
        let cols = signal.len().checked_div(rows).unwrap_or(0);
        let kc = kernel.len().checked_div(rows).unwrap_or(0);
        if let (Ok(img), Ok(ker)) = (
            Array2::from_shape_vec((rows, cols), signal[..rows * cols].to_vec()),
            Array2::from_shape_vec((rows.min(kernel.len()), kc), kernel[..rows.min(kernel.len()) * kc].to_vec()),
        ) {
            let _ = window::conv2d_windows(img.view(), ker.view(), (stride, stride), p, 0.0);
            let _ = window::conv2d_window(img.view(), ker.view(), (stride, 1), p, 0.0, (index, index / 2));
            let _ = window::pool2d_windows(img.view(), kind, ker.dim(), None, p);
        }
    }
}
