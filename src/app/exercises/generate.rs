//! Generators: a seed gives the numbers of the question; the core gives the answer.

use ndarray::Array2;
use rand::{Rng as _, SeedableRng};

use super::model::{Answer, Choice, Exercise, Kind, Prompt};
use crate::nn::kernels::{kernels_1d, kernels_2d};
use crate::nn::{
    Activation, Architecture, Conv1DConfig, Conv2DConfig, DenseConfig, LayerConfig, Padding,
    PoolConfig, PoolKind, Sequential, rng_from_seed, window,
};

/// Portable: the same seed gives the same question on wasm32 and natively.
type Rng = rand_pcg::Pcg64Mcg;

/// The course's four 1D kernels (moving average, derivative, second derivative, Gaussian).
pub const KERNELS_1D: [&str; 4] = ["mean2", "derivative", "second_derivative", "gaussian"];
/// The course's four 2D kernels (2×2 mean, x-derivative, Laplacian, Gaussian).
pub const KERNELS_2D: [&str; 4] = ["mean2x2", "dx", "laplacian", "gaussian"];
/// Timeline events (indices into the history texts) with a single, distinct first year.
pub const ORDERABLE_EVENTS: [usize; 9] = [0, 1, 2, 3, 4, 5, 7, 8, 9];

pub(super) fn generate(kind: Kind, seed: u64) -> Exercise {
    // The kind is mixed in, so that seed 1 of two kinds do not share their draws.
    let mut rng = Rng::seed_from_u64(seed ^ (kind as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
    let (prompt, answer) = match kind {
        Kind::Conv1dWindow => conv1d_window(&mut rng),
        Kind::Conv1dLength => conv1d_length(&mut rng),
        Kind::Conv1dWhichKernel => conv1d_which(&mut rng),
        Kind::Conv1dSamePadding => conv1d_same(&mut rng),
        Kind::Conv2dPixel => conv2d_pixel(&mut rng),
        Kind::Conv2dSize => conv2d_size(&mut rng),
        Kind::Conv2dWhichKernel => conv2d_which(&mut rng),
        Kind::Conv2dParams => conv2d_params(&mut rng),
        Kind::PoolCell => pool_cell(&mut rng),
        Kind::PoolSize => pool_size(&mut rng),
        Kind::PoolUncovered => pool_uncovered(&mut rng),
        Kind::PoolChain => pool_chain(&mut rng),
        Kind::DropoutKept => dropout_kept(&mut rng),
        Kind::DropoutScale => dropout_scale(&mut rng),
        Kind::DropoutInference => dropout_inference(&mut rng),
        Kind::DropoutParams => dropout_params(&mut rng),
        Kind::LearnLoss => learn_loss(&mut rng),
        Kind::LearnGradient => learn_gradient(&mut rng),
        Kind::LearnUpdateSign => learn_sign(&mut rng),
        Kind::LearnPoolGradient => learn_pool(&mut rng),
        Kind::LenetParams => lenet_question(&mut rng, true),
        Kind::LenetShape => lenet_question(&mut rng, false),
        Kind::LenetBroken => lenet_broken(&mut rng),
        Kind::LenetConfusionCell => lenet_cell(&mut rng),
        Kind::LenetMostConfused => lenet_confused(&mut rng),
        Kind::HistoryOrder => history_order(&mut rng),
        Kind::HistoryYear => history_year(&mut rng),
        Kind::HistoryFirst => history_first(&mut rng),
        Kind::HistoryGap => history_gap(&mut rng),
    };
    Exercise { kind, seed, prompt, answer }
}

fn pick<T: Copy>(rng: &mut Rng, v: &[T]) -> T {
    v[rng.random_range(0..v.len())]
}

/// Small whole numbers, so the arithmetic can be done by hand.
fn ints(rng: &mut Rng, n: usize, lo: i32, hi: i32) -> Vec<f64> {
    (0..n).map(|_| rng.random_range(lo..=hi) as f64).collect()
}

fn kernel_1d(id: &str) -> Vec<f64> {
    kernels_1d().into_iter().find(|k| k.id == id).expect("a course kernel").weights
}

fn kernel_2d(id: &str) -> Array2<f64> {
    let k = kernels_2d().into_iter().find(|k| k.id == id).expect("a course kernel");
    Array2::from_shape_vec((k.rows, k.cols), k.weights).expect("kernel shape")
}

fn rows(a: &Array2<f64>) -> Vec<Vec<f64>> {
    a.outer_iter().map(|r| r.to_vec()).collect()
}

fn padding(rng: &mut Rng) -> Padding {
    if rng.random_bool(0.5) { Padding::Valid } else { Padding::Same }
}

fn conv1d_window(rng: &mut Rng) -> (Prompt, Answer) {
    let n = rng.random_range(6..=9);
    let signal = ints(rng, n, -3, 5);
    let kernel =
        if rng.random_bool(0.5) { kernel_1d(pick(rng, &KERNELS_1D)) } else { ints(rng, 3, -2, 2) };
    let padding = padding(rng);
    let stride = rng.random_range(1..=2);
    let g = window::geometry(n, kernel.len(), stride, padding).expect("k ≤ 3 < n");
    let output = rng.random_range(0..g.out);
    let w = window::conv1d_window(&signal, &kernel, stride, padding, 0.0, output)
        .expect("valid window");
    (
        Prompt::Conv1dWindow { signal, kernel, padding, stride, output },
        Answer::Number { value: w.output, decimals: 2 },
    )
}

fn conv1d_length(rng: &mut Rng) -> (Prompt, Answer) {
    let n = rng.random_range(5..=40);
    let k = rng.random_range(1..=7.min(n));
    let padding = padding(rng);
    let stride = rng.random_range(1..=3);
    let g = window::geometry(n, k, stride, padding).expect("k ≤ n");
    (Prompt::Conv1dLength { n, k, padding, stride }, Answer::Integer(g.out as i64))
}

fn conv1d_which(rng: &mut Rng) -> (Prompt, Answer) {
    // A signal with a shape (ramp, step, bump, noise) so each kernel leaves its mark.
    let n = 10;
    let signal: Vec<f64> = loop {
        let s = ints(rng, n, 0, 8);
        let outs: Vec<Vec<f64>> = KERNELS_1D.iter().map(|id| conv(&s, id)).collect();
        // Every kernel must give a different output (so only one answer fits).
        if (0..4).all(|i| (i + 1..4).all(|j| outs[i] != outs[j])) {
            break s;
        }
    };
    let correct = rng.random_range(0..4);
    let output = conv(&signal, KERNELS_1D[correct]);
    let options = KERNELS_1D.iter().map(|id| Choice::Kernel(id)).collect();
    (Prompt::Conv1dWhichKernel { signal, output }, Answer::Choice { options, correct })
}

fn conv(signal: &[f64], id: &str) -> Vec<f64> {
    window::conv1d(signal, &kernel_1d(id), 1, Padding::Valid).expect("valid conv")
}

fn conv1d_same(rng: &mut Rng) -> (Prompt, Answer) {
    let n = rng.random_range(5..=30);
    let k = rng.random_range(2..=7);
    let stride = rng.random_range(1..=3);
    let g = window::geometry(n, k, stride, Padding::Same).expect("same always fits");
    (
        Prompt::Conv1dSamePadding { n, k, stride },
        Answer::Integer((g.pad_before + g.pad_after) as i64),
    )
}

fn conv2d_pixel(rng: &mut Rng) -> (Prompt, Answer) {
    let image = Array2::from_shape_vec((5, 5), ints(rng, 25, 0, 4)).expect("5×5");
    let kernel = if rng.random_bool(0.5) {
        kernel_2d(pick(rng, &["laplacian", "gaussian"]))
    } else {
        Array2::from_shape_vec((3, 3), ints(rng, 9, -1, 1)).expect("3×3")
    };
    let (row, col) = (rng.random_range(0..3), rng.random_range(0..3));
    let w =
        window::conv2d_window(image.view(), kernel.view(), (1, 1), Padding::Valid, 0.0, (row, col))
            .expect("valid window");
    (
        Prompt::Conv2dPixel { image: rows(&image), kernel: rows(&kernel), row, col },
        Answer::Number { value: w.output, decimals: 3 },
    )
}

fn conv2d_size(rng: &mut Rng) -> (Prompt, Answer) {
    let (r, c) = (rng.random_range(5..=32), rng.random_range(5..=32));
    let k = (rng.random_range(1..=5), rng.random_range(1..=5));
    let padding = padding(rng);
    let stride = rng.random_range(1..=2);
    let gy = window::geometry(r, k.0, stride, padding).expect("k ≤ 5 ≤ r");
    let gx = window::geometry(c, k.1, stride, padding).expect("k ≤ 5 ≤ c");
    (Prompt::Conv2dSize { rows: r, cols: c, k, padding, stride }, Answer::Size(gy.out, gx.out))
}

fn conv2d_which(rng: &mut Rng) -> (Prompt, Answer) {
    // A 6×6 picture with a bright rectangle, as a digit's stroke would be.
    let (image, outs) = loop {
        let mut img = Array2::<f64>::zeros((6, 6));
        let (r0, c0) = (rng.random_range(0..4), rng.random_range(0..4));
        let (h, w) = (rng.random_range(1..=6 - r0), rng.random_range(1..=6 - c0));
        img.slice_mut(ndarray::s![r0..r0 + h, c0..c0 + w]).fill(1.0);
        let outs: Vec<Array2<f64>> = KERNELS_2D
            .iter()
            .map(|id| {
                window::conv2d(img.view(), kernel_2d(id).view(), (1, 1), Padding::Valid)
                    .expect("valid conv")
            })
            .collect();
        if (0..4).all(|i| (i + 1..4).all(|j| outs[i] != outs[j])) {
            break (img, outs);
        }
    };
    let correct = rng.random_range(0..4);
    let options = KERNELS_2D.iter().map(|id| Choice::Kernel(id)).collect();
    (
        Prompt::Conv2dWhichKernel { image: rows(&image), output: rows(&outs[correct]) },
        Answer::Choice { options, correct },
    )
}

fn conv2d_params(rng: &mut Rng) -> (Prompt, Answer) {
    let filters = pick(rng, &[1, 4, 6, 8, 16, 32]);
    let k = rng.random_range(1..=5);
    let channels = pick(rng, &[1, 3, 6, 16]);
    let model = Sequential::<f32>::new(
        &[12, 12, channels],
        &[LayerConfig::Conv2D(Conv2DConfig::new(filters, (k, k)))],
        &mut rng_from_seed(0),
    )
    .expect("a small conv");
    (
        Prompt::Conv2dParams { filters, k, channels },
        Answer::Integer(model.summary().total_params as i64),
    )
}

fn pool_cell(rng: &mut Rng) -> (Prompt, Answer) {
    let kind = if rng.random_bool(0.5) { PoolKind::Max } else { PoolKind::Average };
    let pool = 2;
    let image = Array2::from_shape_vec((6, 6), ints(rng, 36, 0, 9)).expect("6×6");
    let (row, col) = (rng.random_range(0..3), rng.random_range(0..3));
    let windows = window::pool2d_windows(image.view(), kind, (pool, pool), None, Padding::Valid)
        .expect("6/2");
    let w = windows.iter().find(|w| w.output_index == (row, col)).expect("window exists");
    (
        Prompt::PoolCell { kind, image: rows(&image), pool, row, col },
        Answer::Number { value: w.output, decimals: 2 },
    )
}

fn pool_size(rng: &mut Rng) -> (Prompt, Answer) {
    let pool = rng.random_range(2..=3);
    let n = rng.random_range(pool + 2..=32);
    let stride = rng.random_range(1..=pool);
    let g = window::geometry(n, pool, stride, Padding::Valid).expect("pool ≤ n");
    (Prompt::PoolSize { n, pool, stride }, Answer::Integer(g.out as i64))
}

fn pool_uncovered(rng: &mut Rng) -> (Prompt, Answer) {
    let pool = rng.random_range(2..=3);
    let n = rng.random_range(pool + 2..=32);
    let stride = rng.random_range(1..=pool);
    // Counted from the core's own windows: the input positions no window reads.
    let signal: Vec<f64> = (0..n).map(|i| i as f64).collect();
    let windows =
        window::pool1d_windows(&signal, PoolKind::Max, pool, Some(stride), Padding::Valid)
            .expect("pool ≤ n");
    let mut seen = vec![false; n];
    for w in &windows {
        for &(i, _) in &w.cells {
            seen[i] = true;
        }
    }
    let uncovered = seen.iter().filter(|s| !**s).count();
    (Prompt::PoolUncovered { n, pool, stride }, Answer::Integer(uncovered as i64))
}

/// Conv (k×k, valid) then 2×2 pooling, from an n×n map: LeNet's 30 → 15 → 13 → 6.
fn pool_chain(rng: &mut Rng) -> (Prompt, Answer) {
    let n = rng.random_range(12..=40);
    let k = pick(rng, &[3, 5]);
    let model = Sequential::<f32>::new(
        &[n, n, 1],
        &[
            LayerConfig::Pool(PoolConfig::average_pooling_2d((2, 2))),
            LayerConfig::Conv2D(Conv2DConfig::new(1, (k, k))),
            LayerConfig::Pool(PoolConfig::average_pooling_2d((2, 2))),
        ],
        &mut rng_from_seed(0),
    )
    .expect("n ≥ 12 leaves room");
    (Prompt::PoolChain { n, k }, Answer::Integer(model.output_shape()[0] as i64))
}

fn rate(rng: &mut Rng) -> f64 {
    pick(rng, &[0.1, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.75, 0.8])
}

fn dropout_kept(rng: &mut Rng) -> (Prompt, Answer) {
    let units = pick(rng, &[64, 64, 100, 120, 84]);
    let rate = rate(rng);
    (
        Prompt::DropoutKept { units, rate },
        Answer::Number { value: units as f64 * (1.0 - rate), decimals: 1 },
    )
}

fn dropout_scale(rng: &mut Rng) -> (Prompt, Answer) {
    let rate = rate(rng);
    // Read off the core's Dropout layer in training: a kept 1 comes out as the scale.
    // In f32, as the lessons' networks are (an f64 network would be a second copy of the core
    // in the page's wasm); the factor is asked to 2 decimals.
    let model = Sequential::<f32>::new(
        &[64],
        &[LayerConfig::Dropout(crate::nn::DropoutConfig::new(rate as f32))],
        &mut rng_from_seed(0),
    )
    .expect("rate < 1");
    let mut model = model;
    let ones = Array2::<f32>::ones((1, 64));
    let out = model.forward_train(ones.view(), &mut rng_from_seed(7)).expect("64 values");
    let scale = out.iter().copied().find(|&v| v != 0.0).map_or(1.0 / (1.0 - rate), f64::from);
    (Prompt::DropoutScale { rate }, Answer::Number { value: scale, decimals: 2 })
}

fn dropout_inference(rng: &mut Rng) -> (Prompt, Answer) {
    let rate = rate(rng);
    // Statement 0 is the true one (inverted dropout: nothing changes at inference).
    let mut order = vec![0, 1, 2, 3];
    for i in (1..order.len()).rev() {
        let j = rng.random_range(0..=i);
        order.swap(i, j);
    }
    let correct = order.iter().position(|&s| s == 0).expect("statement 0");
    let options = order.into_iter().map(Choice::Statement).collect();
    (Prompt::DropoutInference { rate }, Answer::Choice { options, correct })
}

fn dropout_params(rng: &mut Rng) -> (Prompt, Answer) {
    let inputs = pick(rng, &[100, 100, 64, 120, 576, 84]);
    let units = pick(rng, &[10, 64, 84, 120]);
    let model = Sequential::<f32>::new(
        &[inputs],
        &[LayerConfig::Dense(DenseConfig::new(units).activation(Activation::Relu))],
        &mut rng_from_seed(0),
    )
    .expect("small dense");
    (Prompt::DropoutParams { inputs, units }, Answer::Integer(model.summary().total_params as i64))
}

/// A tiny learning case: a signal of 4–6 small integers, a 2-weight kernel, a target.
fn learn_case(rng: &mut Rng) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
    let n = rng.random_range(4..=6);
    (ints(rng, n, -3, 3), ints(rng, 2, -2, 2), ints(rng, n - 1, -3, 3))
}

/// The core's loss and ∂L/∂w for one Conv1D filter (linear, no bias) under the MSE: the
/// same forward pass, `loss::mse` and backward pass as the lesson's.
fn learn_core(signal: &[f64], kernel: &[f64], target: &[f64]) -> (f64, Vec<f64>) {
    let f = |v: &[f64]| v.iter().map(|&x| x as f32).collect::<Vec<_>>();
    let conv = Conv1DConfig::new(1, kernel.len()).activation(Activation::Linear).use_bias(false);
    let mut m = Sequential::<f32>::new(&[signal.len(), 1], &[conv.into()], &mut rng_from_seed(0))
        .expect("a 2-weight kernel fits 4 values");
    m.set_flat_params(&f(kernel)).expect("2 finite weights");
    let x = Array2::from_shape_vec((1, signal.len()), f(signal)).expect("one row");
    let y = m.forward_train(x.view(), &mut rng_from_seed(0)).expect("finite").to_owned();
    let t = Array2::from_shape_vec((1, target.len()), f(target)).expect("one row");
    let mut dy = Array2::zeros((0, 0));
    let loss = crate::nn::loss::mse(y.view(), t.view(), &mut dy).expect("same shape");
    m.backward(dy.view()).expect("after a forward pass");
    (f64::from(loss), m.flat_gradients().into_iter().map(f64::from).collect())
}

fn learn_loss(rng: &mut Rng) -> (Prompt, Answer) {
    let (signal, kernel, target) = learn_case(rng);
    let (loss, _) = learn_core(&signal, &kernel, &target);
    (Prompt::LearnLoss { signal, kernel, target }, Answer::Number { value: loss, decimals: 2 })
}

fn learn_gradient(rng: &mut Rng) -> (Prompt, Answer) {
    let (signal, kernel, target) = learn_case(rng);
    let weight = rng.random_range(0..2);
    let (_, g) = learn_core(&signal, &kernel, &target);
    (
        Prompt::LearnGradient { signal, kernel, target, weight },
        Answer::Number { value: g[weight], decimals: 2 },
    )
}

fn learn_sign(rng: &mut Rng) -> (Prompt, Answer) {
    // Drawn again until the gradient is clearly not 0 (a weight that does not move has no way).
    loop {
        let (signal, kernel, target) = learn_case(rng);
        let weight = rng.random_range(0..2);
        let (_, g) = learn_core(&signal, &kernel, &target);
        if g[weight].abs() >= 0.1 {
            let rate = pick(rng, &[0.01, 0.05, 0.1]);
            let options = vec![Choice::Direction(true), Choice::Direction(false)];
            // w ← w − η·g: a negative gradient raises the weight.
            let correct = usize::from(g[weight] > 0.0);
            return (
                Prompt::LearnUpdateSign { signal, kernel, target, weight, rate },
                Answer::Choice { options, correct },
            );
        }
    }
}

fn learn_pool(rng: &mut Rng) -> (Prompt, Answer) {
    // Four different values, so that one cell wins.
    let mut values: Vec<f64> = (0..10).map(f64::from).collect();
    for i in (1..values.len()).rev() {
        let j = rng.random_range(0..=i);
        values.swap(i, j);
    }
    values.truncate(4);
    let pool = PoolConfig::max_pooling_2d((2, 2));
    let mut m =
        Sequential::<f32>::new(&[2, 2, 1], &[LayerConfig::Pool(pool)], &mut rng_from_seed(0))
            .expect("2×2 pooling on 2×2");
    let x = Array2::from_shape_vec((1, 4), values.iter().map(|&v| v as f32).collect()).expect("4");
    m.forward_train(x.view(), &mut rng_from_seed(0)).expect("finite");
    // The core's backward pass: the gradient 1 at the output goes where it goes.
    let dx = m.backward(Array2::ones((1, 1)).view()).expect("after a forward pass");
    let correct = dx.iter().position(|&g| g != 0.0).expect("one cell receives it");
    let window = vec![values[0..2].to_vec(), values[2..4].to_vec()];
    (
        Prompt::LearnPoolGradient { window },
        Answer::Choice { options: (0..4).map(Choice::Cell).collect(), correct },
    )
}

/// A network of the editor's kind on 32×32×1, as a student could build it: one or two
/// convolutions (3×3 or 5×5, sometimes `same`, sometimes stride 2 first) each followed by a
/// 2×2 pooling, then Flatten and one or two Dense layers. It always builds.
pub(super) fn random_net(rng: &mut Rng) -> Architecture {
    for _ in 0..50 {
        let mut layers: Vec<LayerConfig> = Vec::new();
        let convs = if rng.random_bool(0.7) { 2 } else { 1 };
        for i in 0..convs {
            let filters = if i == 0 { pick(rng, &[4, 6, 8]) } else { pick(rng, &[8, 12, 16, 32]) };
            let k = if rng.random_bool(0.7) { 3 } else { 5 };
            let s = if i == 0 && rng.random_bool(0.15) { 2 } else { 1 };
            let p = if rng.random_bool(0.25) { Padding::Same } else { Padding::Valid };
            layers.push(
                Conv2DConfig::new(filters, (k, k))
                    .strides((s, s))
                    .padding(p)
                    .activation(Activation::Relu)
                    .into(),
            );
            layers.push(if rng.random_bool(0.3) {
                PoolConfig::max_pooling_2d((2, 2)).into()
            } else {
                PoolConfig::average_pooling_2d((2, 2)).into()
            });
        }
        layers.push(LayerConfig::Flatten);
        if rng.random_bool(0.6) {
            layers.push(
                DenseConfig::new(pick(rng, &[64, 100, 120])).activation(Activation::Relu).into(),
            );
        }
        layers.push(DenseConfig::new(pick(rng, &[32, 50, 84])).activation(Activation::Relu).into());
        layers.push(Architecture::output_layer());
        let a = Architecture::new(layers);
        if a.plan().ok() && a.check_bounds().is_ok() {
            return a;
        }
    }
    Architecture::default()
}

fn lenet_question(rng: &mut Rng, params: bool) -> (Prompt, Answer) {
    let net = random_net(rng);
    let plan = net.plan();
    if params {
        let with_params: Vec<usize> =
            (0..plan.rows.len()).filter(|&i| plan.rows[i].params > 0).collect();
        let asked = pick(rng, &with_params);
        (Prompt::LenetParams { net, asked }, Answer::Integer(plan.rows[asked].params as i64))
    } else {
        // Spatial layers only: their output is rows × columns × channels.
        let spatial: Vec<usize> =
            (0..plan.rows.len()).filter(|&i| plan.rows[i].output.len() == 3).collect();
        let asked = pick(rng, &spatial);
        let s = &plan.rows[asked].output;
        (Prompt::LenetShape { net, asked }, Answer::Size(s[0], s[1]))
    }
}

/// Three networks of the editor's kind, one of them broken in one of the ways students
/// break theirs: a kernel larger than the maps it reads, a Dense layer on maps (no
/// Flatten), or one pooling too many. The core's plan says which breaks.
fn lenet_broken(rng: &mut Rng) -> (Prompt, Answer) {
    let mut nets: Vec<Architecture> = (0..3).map(|_| random_net(rng)).collect();
    let broken = rng.random_range(0..3);
    let net = &mut nets[broken];
    let flatten = net.layers.iter().position(|l| *l == LayerConfig::Flatten).unwrap_or(0);
    match rng.random_range(0..3) {
        0 => net
            .layers
            .insert(flatten, Conv2DConfig::new(8, (7, 7)).activation(Activation::Relu).into()),
        1 => {
            net.layers.remove(flatten);
        }
        _ => {
            // Poolings until the maps are 1×1, then one more.
            let mut side = net.plan().rows[flatten.saturating_sub(1)].output[0];
            let mut at = flatten;
            loop {
                net.layers.insert(at, PoolConfig::max_pooling_2d((2, 2)).into());
                at += 1;
                if side < 2 {
                    break;
                }
                side /= 2;
            }
        }
    }
    if net.plan().ok() {
        // Never left unbroken: a Dense on maps always breaks.
        if let Some(f) = net.layers.iter().position(|l| *l == LayerConfig::Flatten) {
            net.layers.remove(f);
        }
    }
    let options = (0..3).map(Choice::Network).collect();
    (Prompt::LenetBroken { nets }, Answer::Choice { options, correct: broken })
}

/// A plausible confusion matrix for 2,000 test digits: a strong diagonal, a few mistakes.
fn confusion(rng: &mut Rng) -> [[u32; 10]; 10] {
    let mut m = [[0u32; 10]; 10];
    for (i, row) in m.iter_mut().enumerate() {
        for (j, v) in row.iter_mut().enumerate() {
            *v = if i == j {
                rng.random_range(170..=215)
            } else if rng.random_bool(0.35) {
                rng.random_range(1..=6)
            } else {
                0
            };
        }
    }
    m
}

fn lenet_cell(rng: &mut Rng) -> (Prompt, Answer) {
    let confusion = confusion(rng);
    let true_digit = rng.random_range(0..10);
    // Mostly an off-diagonal cell (a mistake), sometimes the diagonal.
    let predicted =
        if rng.random_bool(0.8) { (true_digit + rng.random_range(1..10)) % 10 } else { true_digit };
    let v = confusion[true_digit][predicted];
    (Prompt::LenetConfusion { confusion, true_digit, predicted }, Answer::Integer(v as i64))
}

/// The student's own network: the question reads the confusion matrix of its last
/// evaluation (the cell and the digit drawn from `seed`). `None` for other kinds, and for
/// "most confused" when two digits tie (no single answer).
pub(super) fn from_evaluation(
    kind: Kind,
    seed: u64,
    confusion: &[[u32; 10]; 10],
) -> Option<Exercise> {
    let mut rng = Rng::seed_from_u64(seed ^ 0x05EE_D0F0_E7A1);
    let (prompt, answer) = match kind {
        Kind::LenetConfusionCell => {
            let true_digit = rng.random_range(0..10);
            // A mistake the network really made, if this digit has one.
            let mistakes: Vec<usize> =
                (0..10).filter(|&j| j != true_digit && confusion[true_digit][j] > 0).collect();
            let predicted = if mistakes.is_empty() {
                true_digit
            } else {
                mistakes[rng.random_range(0..mistakes.len())]
            };
            let v = confusion[true_digit][predicted];
            (
                Prompt::LenetConfusion { confusion: *confusion, true_digit, predicted },
                Answer::Integer(v as i64),
            )
        }
        Kind::LenetMostConfused => {
            let errors = |d: usize| confusion[d].iter().sum::<u32>() - confusion[d][d];
            let worst = (0..10).map(errors).max()?;
            let tied: Vec<usize> = (0..10).filter(|&d| errors(d) == worst).collect();
            if worst == 0 || tied.len() != 1 {
                return None;
            }
            (
                Prompt::LenetMostConfused { confusion: *confusion },
                Answer::Choice { options: (0..10).map(Choice::Digit).collect(), correct: tied[0] },
            )
        }
        _ => return None,
    };
    Some(Exercise { kind, seed, prompt, answer })
}

fn lenet_confused(rng: &mut Rng) -> (Prompt, Answer) {
    let mut confusion = confusion(rng);
    // One digit gets clearly more mistakes, so there is one answer.
    let worst = rng.random_range(0..10);
    let other = (worst + rng.random_range(1..10)) % 10;
    let errors = |m: &[[u32; 10]; 10], d: usize| m[d].iter().sum::<u32>() - m[d][d];
    let others = (0..10).filter(|&d| d != worst).map(|d| errors(&confusion, d)).max().unwrap_or(0);
    confusion[worst][other] +=
        others.saturating_sub(errors(&confusion, worst)) + rng.random_range(3..=9);
    let best = (0..10).max_by_key(|&d| errors(&confusion, d)).expect("ten digits");
    let options = (0..10).map(Choice::Digit).collect();
    (Prompt::LenetMostConfused { confusion }, Answer::Choice { options, correct: best })
}

/// The first year of a timeline event ("1959–1962" → 1959).
pub(super) fn year(event: usize) -> i64 {
    let y = crate::app::i18n::EN.history.events[event].year;
    y.chars().take_while(char::is_ascii_digit).collect::<String>().parse().expect("a year")
}

fn distinct_events(rng: &mut Rng, n: usize) -> Vec<usize> {
    let mut pool = ORDERABLE_EVENTS.to_vec();
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        out.push(pool.remove(rng.random_range(0..pool.len())));
    }
    out
}

fn history_order(rng: &mut Rng) -> (Prompt, Answer) {
    let events = distinct_events(rng, 3);
    let mut correct: Vec<usize> = (0..3).collect();
    correct.sort_by_key(|&i| year(events[i]));
    let options = events.iter().map(|&e| Choice::Event(e)).collect();
    (Prompt::HistoryOrder { events }, Answer::Order { options, correct })
}

fn history_year(rng: &mut Rng) -> (Prompt, Answer) {
    let event = pick(rng, &[0, 2, 3, 4, 5, 6, 8]);
    (Prompt::HistoryYear { event }, Answer::Integer(year(event)))
}

fn history_first(rng: &mut Rng) -> (Prompt, Answer) {
    let e = distinct_events(rng, 2);
    let correct = if year(e[0]) < year(e[1]) { 0 } else { 1 };
    (
        Prompt::HistoryFirst { a: e[0], b: e[1] },
        Answer::Choice { options: vec![Choice::Event(e[0]), Choice::Event(e[1])], correct },
    )
}

fn history_gap(rng: &mut Rng) -> (Prompt, Answer) {
    let e = distinct_events(rng, 2);
    (Prompt::HistoryGap { a: e[0], b: e[1] }, Answer::Integer((year(e[0]) - year(e[1])).abs()))
}
