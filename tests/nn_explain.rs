//! What the network looks at (`nn::explain`): the saliency is the gradient of the class's
//! logit (finite differences on f64 networks, and tied to the original network's
//! probabilities); the occlusion map of the pretrained LeNet on a real 7 leaves the
//! probability unchanged where the patch hides nothing and drops it where it hides the stroke.

use convolab::data::{Mnist, Split};
use convolab::nn::explain::{Occlusion, PATCH, STRIDE, saliency, score_model};
use convolab::nn::{
    Activation, Architecture, Conv2DConfig, DenseConfig, DropoutConfig, LayerConfig, PoolConfig,
    Sequential, io, rng_from_seed,
};
use rand::Rng;

const EPS: f64 = 1e-6;
const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/static/data/");

fn assert_close(what: &str, analytic: f64, numeric: f64) {
    let err = (analytic - numeric).abs() / (1e-6 + analytic.abs() + numeric.abs());
    assert!(err < 1e-5, "{what}: analytic {analytic} vs numeric {numeric} (rel err {err:e})");
}

/// A small digit network: conv → pool → conv → pool → dense → dropout → dense(softmax).
fn network(pool: fn((usize, usize)) -> PoolConfig, seed: u64) -> Sequential<f64> {
    let configs: Vec<LayerConfig> = vec![
        Conv2DConfig::new(3, (3, 3)).activation(Activation::Relu).into(),
        pool((2, 2)).into(),
        Conv2DConfig::new(4, (3, 3)).activation(Activation::Tanh).into(),
        pool((2, 2)).into(),
        LayerConfig::Flatten,
        DenseConfig::new(8).activation(Activation::Relu).into(),
        DropoutConfig::new(0.5).into(),
        DenseConfig::new(5).activation(Activation::Softmax).into(),
    ];
    let mut m = Sequential::<f64>::new(&[14, 14, 1], &configs, &mut rng_from_seed(seed)).unwrap();
    // Non-zero biases, so that they matter.
    let p: Vec<f64> = m
        .flat_params()
        .iter()
        .enumerate()
        .map(|(i, &v)| v + 0.05 * ((i % 7) as f64 - 3.0))
        .collect();
    m.set_flat_params(&p).unwrap();
    m
}

/// Checks the saliency of every class at `pixels` of a random input against finite
/// differences of the score network's logits and of the original network's probabilities.
fn check(mut model: Sequential<f64>, seed: u64, pixels: &[usize]) {
    let mut rng = rng_from_seed(seed);
    let x: Vec<f64> = (0..model.input_len()).map(|_| rng.random_range(0.0..1.0)).collect();
    let mut scores = score_model(&model).unwrap();
    let probs = model.predict(&x).unwrap();
    // Without softmax the score network's outputs are not probabilities.
    let logits = scores.predict(&x).unwrap();
    assert!((logits.iter().sum::<f64>() - 1.0).abs() > 1e-3);
    let classes = probs.len();
    let s: Vec<Vec<f64>> = (0..classes).map(|c| saliency(&mut scores, &x, c).unwrap()).collect();
    for &i in pixels {
        let at = |m: &mut Sequential<f64>, d: f64| {
            let mut v = x.clone();
            v[i] += d;
            m.predict(&v).unwrap()
        };
        let (zp, zm) = (at(&mut scores, EPS), at(&mut scores, -EPS));
        let (pp, pm) = (at(&mut model, EPS), at(&mut model, -EPS));
        // Σ_j p_j ∂z_j/∂x_i, for ∂p_c/∂x_i = p_c (∂z_c/∂x_i − Σ_j p_j ∂z_j/∂x_i).
        let mean: f64 = (0..classes).map(|j| probs[j] * s[j][i]).sum();
        for c in 0..classes {
            let dz = (zp[c] - zm[c]) / (2.0 * EPS);
            assert_close(&format!("∂z_{c}/∂x_{i}"), s[c][i], dz);
            let dp = (pp[c] - pm[c]) / (2.0 * EPS);
            assert_close(&format!("∂p_{c}/∂x_{i}"), probs[c] * (s[c][i] - mean), dp);
        }
    }
}

#[test]
fn saliency_is_the_gradient_of_the_logit() {
    let pixels = [0, 15, 47, 60, 97, 104, 130, 195];
    check(network(PoolConfig::average_pooling_2d, 3), 1, &pixels);
    check(network(PoolConfig::max_pooling_2d, 4), 2, &pixels);
    check(network(PoolConfig::max_pooling_2d, 5), 3, &pixels);
}

#[test]
fn saliency_of_the_course_lenet_matches_finite_differences() {
    let mut model = Architecture::default().build::<f64>(&mut rng_from_seed(9)).unwrap();
    let mut rng = rng_from_seed(4);
    let x: Vec<f64> = (0..1024).map(|_| rng.random_range(0.0..1.0)).collect();
    let mut scores = score_model(&model).unwrap();
    for c in [0, 7] {
        let s = saliency(&mut scores, &x, c).unwrap();
        for i in [34, 300, 527, 800] {
            let mut v = x.clone();
            v[i] += EPS;
            let zp = scores.predict(&v).unwrap()[c];
            v[i] -= 2.0 * EPS;
            let zm = scores.predict(&v).unwrap()[c];
            assert_close(&format!("LeNet ∂z_{c}/∂x_{i}"), s[i], (zp - zm) / (2.0 * EPS));
        }
    }
    // The original network is untouched: still softmax probabilities.
    assert!((model.predict(&x).unwrap().iter().sum::<f64>() - 1.0).abs() < 1e-9);
    assert!(saliency(&mut scores, &x, 10).is_err());
    assert!(saliency(&mut scores, &x[1..], 0).is_err());
}

/// The 28×28 digit with the 2-pixel zero border of the page's 32×32 input.
fn pad32(img: &[u8]) -> Vec<f32> {
    let mut out = vec![0.0; 1024];
    for y in 0..28 {
        for x in 0..28 {
            out[(y + 2) * 32 + x + 2] = img[y * 28 + x] as f32 / 255.0;
        }
    }
    out
}

#[test]
fn occlusion_of_a_seven_by_the_pretrained_lenet() {
    let mut model = io::from_bytes(&std::fs::read(format!("{DIR}lenet.weights")).unwrap()).unwrap();
    let data = Mnist::load(format!("{DIR}mnist10k.bin")).unwrap();
    let seven = data
        .indices(Split::Test)
        .into_iter()
        .filter(|&i| data.label(i) == Some(7))
        .map(|i| pad32(data.image(i).unwrap()))
        .find(|x| model.predict(x).unwrap()[7] > 0.95)
        .unwrap();
    let plan = Occlusion::new(&[32, 32, 1], PATCH, STRIDE).unwrap();
    let map = plan.map(&mut model, &seven).unwrap();
    // The batch's row 0 is the digit itself (a batch of one sums in another order: 1e-6).
    for (a, b) in map.base.iter().zip(model.predict(&seven).unwrap()) {
        assert!((a - b).abs() < 1e-6, "{a} vs {b}");
    }
    let hides_ink = |&(r, c): &(usize, usize)| {
        (r..r + PATCH).any(|y| (c..c + PATCH).any(|x| seven[y * 32 + x] > 0.0))
    };
    // A blank patch over blank pixels changes nothing, to 1e-6 (every class).
    let blank: Vec<usize> =
        (0..plan.positions.len()).filter(|&k| !hides_ink(&plan.positions[k])).collect();
    assert!(blank.contains(&0), "the top-left corner is empty");
    for &k in &blank {
        for c in 0..10 {
            let d = (map.hidden[k][c] - map.base[c]).abs();
            assert!(d <= 1e-6, "position {:?} class {c}: changed by {d}", plan.positions[k]);
        }
    }
    // Hiding part of the stroke lowers the 7's probability somewhere, and the map is
    // positive on the ink on average.
    let drops = map.drops(7);
    let best = (0..drops.len()).max_by(|&a, &b| drops[a].total_cmp(&drops[b])).unwrap();
    assert!(drops[best] > 0.05, "largest drop {}", drops[best]);
    assert!(hides_ink(&plan.positions[best]));
    let px = map.pixel_map(7);
    let ink: Vec<f32> = (0..1024).filter(|&i| seven[i] > 0.5).map(|i| px[i]).collect();
    assert!(ink.iter().sum::<f32>() / ink.len() as f32 > 0.0);
    // A patch over the whole stroke (the 20×20 box MNIST centres the digit in) lowers it a lot.
    let whole = Occlusion::new(&[32, 32, 1], 20, 6).unwrap();
    let k = whole.positions.iter().position(|&p| p == (6, 6)).unwrap();
    let m = whole.map(&mut model, &seven).unwrap();
    assert!(
        m.hidden[k][7] < 0.5 * m.base[7],
        "whole stroke hidden: {} → {}",
        m.base[7],
        m.hidden[k][7]
    );
}
