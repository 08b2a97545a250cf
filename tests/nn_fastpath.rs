//! Property tests: every fast path (im2col + matrix product, col2im, pooling loops) equals
//! a naive loop written here independently, on small integer-valued inputs (exact).

use convolab::nn::window::{self, AxisGeometry};
use convolab::nn::{
    Activation, Conv1DConfig, Conv2DConfig, DenseConfig, DropoutConfig, LayerConfig, Padding,
    PoolConfig, PoolKind, Scalar, Sequential, rng_from_seed,
};
use ndarray::{Array2, ArrayView2};
use proptest::prelude::*;

/// Keras's padding, restated: `same` pads max((⌈n/s⌉−1)s + k − n, 0), smaller half first.
fn pad_before(n: usize, k: usize, s: usize, same: bool) -> (usize, usize) {
    if same {
        let out = n.div_ceil(s);
        let total = ((out - 1) * s + k).saturating_sub(n);
        (total / 2, out)
    } else {
        (0, (n - k) / s + 1)
    }
}

struct ConvCase {
    n: usize,
    h: usize,
    w: usize,
    c: usize,
    f: usize,
    kh: usize,
    kw: usize,
    sh: usize,
    sw: usize,
    same: bool,
    relu: bool,
    x: Vec<i8>,
    kernel: Vec<i8>,
    bias: Vec<i8>,
    dy_seed: u64,
}

impl std::fmt::Debug for ConvCase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "n{} {}x{}x{} f{} k{}x{} s{}x{} same={} relu={}",
            self.n,
            self.h,
            self.w,
            self.c,
            self.f,
            self.kh,
            self.kw,
            self.sh,
            self.sw,
            self.same,
            self.relu
        )
    }
}

/// The ranges a convolution case is drawn from (half-open, as proptest's).
#[derive(Clone)]
struct ConvRanges {
    n: std::ops::Range<usize>,
    side: std::ops::Range<usize>,
    channels: BoxedStrategy<usize>,
    filters: BoxedStrategy<usize>,
    kernel: std::ops::Range<usize>,
    stride: std::ops::Range<usize>,
    /// Most multiply-adds a case may take (the naive loops run in a test build).
    max_macs: usize,
}

/// Small everything: many cases of each path, quickly.
fn small_ranges() -> ConvRanges {
    ConvRanges {
        n: 1..3,
        side: 1..8,
        channels: (1..4usize).boxed(),
        // Filters 1..12: both the direct kernels (≤ 8 filters) and the matrix products.
        filters: (1..12usize).boxed(),
        kernel: 1..4,
        stride: 1..4,
        max_macs: usize::MAX,
    }
}

/// What the architecture editor allows (`nn::arch::Bound`): kernels 1 to 7 on each axis
/// (square or not), strides 1–2, 1 to 64 channels and filters — on maps small enough for
/// the naive loops. Filters and channels lean on the counts the paths switch at (8 and 9
/// filters: direct kernels or matrix product) and the presets' (6, 16, 32, 64).
fn editor_ranges() -> ConvRanges {
    let counts = || {
        prop_oneof![
            3 => 1..=9usize,
            2 => prop::sample::select(vec![6usize, 8, 9, 16, 17, 32, 64]),
            1 => 10..=64usize,
        ]
        .boxed()
    };
    ConvRanges {
        n: 1..4,
        side: 1..15,
        channels: counts(),
        filters: counts(),
        kernel: 1..8,
        stride: 1..3,
        max_macs: 400_000,
    }
}

fn conv_case(one_d: bool, r: ConvRanges) -> impl Strategy<Value = ConvCase> {
    let h = if one_d { 1..2usize } else { r.side.clone() };
    (
        (r.n.clone(), h, r.side.clone(), r.channels.clone(), r.filters.clone()),
        (r.kernel.clone(), r.kernel.clone(), r.stride.clone(), r.stride.clone()),
        (any::<bool>(), any::<bool>(), any::<u64>()),
    )
        .prop_map(move |((n, h, w, c, f), (kh, kw, sh, sw), (same, relu, seed))| {
            let (kh, sh) = if one_d { (1, 1) } else { (kh, sh) };
            (n, h, w, c, f, kh, kw, sh, sw, same, relu, seed)
        })
        .prop_filter("valid needs k <= n", |&(_, h, w, _, _, kh, kw, _, _, same, _, _)| {
            same || (kh <= h && kw <= w)
        })
        .prop_filter("small enough for the naive loops", move |t| {
            let (n, h, w, c, f, kh, kw, ..) = *t;
            n * h * w * c * f * kh * kw <= r.max_macs
        })
        .prop_map(move |(n, h, w, c, f, kh, kw, sh, sw, same, relu, seed)| {
            let mut s = seed;
            let mut next = move || {
                s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                ((s >> 33) % 7) as i8 - 3
            };
            ConvCase {
                n,
                h,
                w,
                c,
                f,
                kh,
                kw,
                sh,
                sw,
                same,
                relu,
                x: (0..n * h * w * c).map(|_| next()).collect(),
                kernel: (0..kh * kw * c * f).map(|_| next()).collect(),
                bias: (0..f).map(|_| next()).collect(),
                dy_seed: seed ^ 0xABCD,
            }
        })
}

fn small_ints(len: usize, seed: u64) -> Vec<f64> {
    let mut s = seed;
    (0..len)
        .map(|_| {
            s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (((s >> 33) % 5) as i64 - 2) as f64
        })
        .collect()
}

/// A model's forward output, input gradient and parameter gradients, as f64, computed in
/// `F` (small integers: f32 is exact too).
fn forward_backward<F: Scalar>(
    input_shape: &[usize],
    cfgs: &[LayerConfig],
    params: &[f64],
    x: &Array2<f64>,
    dy: &Array2<f64>,
) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
    let cast = |a: &Array2<f64>| a.mapv(F::from_f64);
    let mut model = Sequential::<F>::new(input_shape, cfgs, &mut rng_from_seed(0)).unwrap();
    model.set_flat_params(&params.iter().map(|&v| F::from_f64(v)).collect::<Vec<_>>()).unwrap();
    let y = model.forward_train(cast(x).view(), &mut rng_from_seed(0)).unwrap();
    let y = y.iter().map(|v| v.as_f64()).collect();
    let dx = model.backward(cast(dy).view()).unwrap().iter().map(|v| v.as_f64()).collect();
    let g = model.flat_gradients().iter().map(|v| v.as_f64()).collect();
    (y, dx, g)
}

fn check_conv(t: &ConvCase, one_d: bool) -> Result<(), TestCaseError> {
    let pad = if t.same { Padding::Same } else { Padding::Valid };
    let act = if t.relu { Activation::Relu } else { Activation::Linear };
    let (cfg, input_shape): (LayerConfig, Vec<usize>) = if one_d {
        (
            Conv1DConfig::new(t.f, t.kw).strides(t.sw).padding(pad).activation(act).into(),
            vec![t.w, t.c],
        )
    } else {
        (
            Conv2DConfig::new(t.f, (t.kh, t.kw))
                .strides((t.sh, t.sw))
                .padding(pad)
                .activation(act)
                .into(),
            vec![t.h, t.w, t.c],
        )
    };
    let params: Vec<f64> = t.kernel.iter().chain(&t.bias).map(|&v| v as f64).collect();
    let x = Array2::from_shape_vec((t.n, t.h * t.w * t.c), t.x.iter().map(|&v| v as f64).collect())
        .unwrap();

    let (top, oh) = pad_before(t.h, t.kh, t.sh, t.same);
    let (left, ow) = pad_before(t.w, t.kw, t.sw, t.same);
    let xi = |b: usize, iy: isize, ix: isize, c: usize| -> f64 {
        if iy < 0 || ix < 0 || iy as usize >= t.h || ix as usize >= t.w {
            0.0
        } else {
            x[(b, (iy as usize * t.w + ix as usize) * t.c + c)]
        }
    };
    let wi = |ky: usize, kx: usize, c: usize, f: usize| {
        t.kernel[((ky * t.kw + kx) * t.c + c) * t.f + f] as f64
    };
    let dy =
        Array2::from_shape_vec((t.n, oh * ow * t.f), small_ints(t.n * oh * ow * t.f, t.dy_seed))
            .unwrap();
    let mut y = Array2::<f64>::zeros(dy.dim());
    let mut dx = Array2::<f64>::zeros(x.dim());
    let mut dk = vec![0.0; t.kernel.len()];
    let mut db = vec![0.0; t.f];
    for b in 0..t.n {
        for oy in 0..oh {
            for ox in 0..ow {
                for f in 0..t.f {
                    let o = (oy * ow + ox) * t.f + f;
                    let mut s = t.bias[f] as f64;
                    for ky in 0..t.kh {
                        for kx in 0..t.kw {
                            let iy = (oy * t.sh + ky) as isize - top as isize;
                            let ix = (ox * t.sw + kx) as isize - left as isize;
                            for c in 0..t.c {
                                s += xi(b, iy, ix, c) * wi(ky, kx, c, f);
                            }
                        }
                    }
                    // ReLU: its derivative is 0 at 0, as Keras's.
                    let (out, g) = match t.relu && s <= 0.0 {
                        true => (0.0, 0.0),
                        false => (s, dy[(b, o)]),
                    };
                    y[(b, o)] = out;
                    db[f] += g;
                    for ky in 0..t.kh {
                        for kx in 0..t.kw {
                            let iy = (oy * t.sh + ky) as isize - top as isize;
                            let ix = (ox * t.sw + kx) as isize - left as isize;
                            for c in 0..t.c {
                                dk[((ky * t.kw + kx) * t.c + c) * t.f + f] += g * xi(b, iy, ix, c);
                                if iy >= 0 && ix >= 0 && (iy as usize) < t.h && (ix as usize) < t.w
                                {
                                    dx[(b, (iy as usize * t.w + ix as usize) * t.c + c)] +=
                                        g * wi(ky, kx, c, f);
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    let mut grads = dk;
    grads.extend(db);
    let cfgs = [cfg];
    for (name, (got_y, got_dx, got_g)) in [
        ("f64", forward_backward::<f64>(&input_shape, &cfgs, &params, &x, &dy)),
        ("f32", forward_backward::<f32>(&input_shape, &cfgs, &params, &x, &dy)),
    ] {
        prop_assert_eq!(got_y.len(), y.len(), "{} output size", name);
        prop_assert_eq!(&got_y[..], y.as_slice().unwrap(), "{} forward", name);
        prop_assert_eq!(&got_dx[..], dx.as_slice().unwrap(), "{} input gradient", name);
        prop_assert_eq!(&got_g[..], &grads[..], "{} parameter gradients", name);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn conv2d_matches_naive_loops(t in conv_case(false, small_ranges())) {
        check_conv(&t, false)?;
    }

    #[test]
    fn conv1d_matches_naive_loops(t in conv_case(true, small_ranges())) {
        check_conv(&t, true)?;
    }

    /// Every shape the architecture editor allows, whichever path the layer takes for it
    /// (direct row kernels, direct kernels over im2col, im2col + matrix product).
    #[test]
    fn conv2d_editor_shapes_match_naive_loops(t in conv_case(false, editor_ranges())) {
        check_conv(&t, false)?;
    }

    /// Training skips the first layer's input gradient (`compute_gradients`): its parameter
    /// gradients are then the same, bit for bit, as when the layer is not first (a
    /// `Dropout` with dropout off in front, the identity) — on every path.
    #[test]
    fn conv_gradients_without_input_gradient(t in conv_case(false, editor_ranges())) {
        let pad = if t.same { Padding::Same } else { Padding::Valid };
        let act = if t.relu { Activation::Relu } else { Activation::Tanh };
        let conv: LayerConfig = Conv2DConfig::new(t.f, (t.kh, t.kw)).strides((t.sh, t.sw)).padding(pad).activation(act).into();
        let tail = [LayerConfig::Flatten, DenseConfig::new(3).activation(Activation::Softmax).into()];
        let first: Vec<LayerConfig> = std::iter::once(conv.clone()).chain(tail.clone()).collect();
        let second: Vec<LayerConfig> = [DropoutConfig::new(0.0).into(), conv].into_iter().chain(tail).collect();
        let x = Array2::from_shape_vec((t.n, t.h * t.w * t.c), t.x.iter().map(|&v| v as f64 / 4.0).collect()).unwrap();
        let labels: Vec<u8> = (0..t.n).map(|b| (b % 3) as u8).collect();
        let shape = [t.h, t.w, t.c];
        let grads = |cfgs: &[LayerConfig]| {
            let mut m = Sequential::<f32>::new(&shape, cfgs, &mut rng_from_seed(4)).unwrap();
            m.compute_gradients(x.mapv(|v| v as f32).view(), &labels, None).unwrap();
            let g32 = m.flat_gradients();
            let mut m = Sequential::<f64>::new(&shape, cfgs, &mut rng_from_seed(4)).unwrap();
            m.compute_gradients(x.view(), &labels, None).unwrap();
            (g32, m.flat_gradients())
        };
        let (a32, a64) = grads(&first);
        let (b32, b64) = grads(&second);
        prop_assert_eq!(a32, b32);
        prop_assert_eq!(a64, b64);
    }

    /// The step debugger's window arithmetic equals the layer (single channel).
    #[test]
    fn windows_match_the_layer(t in conv_case(false, small_ranges())) {
        let img = Array2::from_shape_vec((t.h, t.w), t.x[..t.h * t.w].iter().map(|&v| v as f64).collect()).unwrap();
        let ker = Array2::from_shape_vec((t.kh, t.kw), t.kernel[..t.kh * t.kw].iter().map(|&v| v as f64).collect()).unwrap();
        let pad = if t.same { Padding::Same } else { Padding::Valid };
        let cfg = Conv2DConfig::new(1, (t.kh, t.kw)).strides((t.sh, t.sw)).padding(pad);
        let mut model = Sequential::<f64>::new(&[t.h, t.w, 1], &[cfg.into()], &mut rng_from_seed(0)).unwrap();
        let mut p: Vec<f64> = ker.iter().copied().collect();
        p.push(t.bias[0] as f64);
        model.set_flat_params(&p).unwrap();
        let y = model.predict(img.as_slice().unwrap()).unwrap();
        let wins = window::conv2d_windows(img.view(), ker.view(), (t.sh, t.sw), pad, t.bias[0] as f64).unwrap();
        let outs: Vec<f64> = wins.iter().map(|w| w.output).collect();
        prop_assert_eq!(outs, y);
        for w in &wins {
            let s: f64 = w.terms.iter().map(|t| t.input * t.weight).sum();
            prop_assert_eq!(s, w.sum);
        }
    }

    /// A dense layer on one example (a row times the matrix, `convolab_kernels::vec_mat`)
    /// and on several (the matrix product), f64 and f32, forward and backward, against the
    /// sums written out; with ReLU, as LeNet's hidden layers; up to the editor's 512 units
    /// and a flattened map's inputs.
    #[test]
    fn dense_matches_naive_loops(
        n in prop_oneof![2 => Just(1usize), 1 => 2..5usize],
        inputs in prop_oneof![1..40usize, 40..700usize],
        units in prop_oneof![1..70usize, 70..=512usize],
        relu: bool,
        seed: u64,
    ) {
        let act = if relu { Activation::Relu } else { Activation::Linear };
        let cfg: LayerConfig = DenseConfig::new(units).activation(act).into();
        let params = small_ints(inputs * units + units, seed);
        let x = Array2::from_shape_vec((n, inputs), small_ints(n * inputs, seed ^ 7)).unwrap();
        let dy = Array2::from_shape_vec((n, units), small_ints(n * units, seed ^ 9)).unwrap();
        let mut want = Array2::<f64>::zeros((n, units));
        let mut dx = Array2::<f64>::zeros((n, inputs));
        let mut dw = vec![0.0; inputs * units + units];
        for b in 0..n { for j in 0..units {
            let z = params[inputs * units + j] + (0..inputs).map(|i| x[(b, i)] * params[i * units + j]).sum::<f64>();
            let (y, g) = if relu && z <= 0.0 { (0.0, 0.0) } else { (z, dy[(b, j)]) };
            want[(b, j)] = y;
            dw[inputs * units + j] += g;
            for i in 0..inputs {
                dw[i * units + j] += x[(b, i)] * g;
                dx[(b, i)] += params[i * units + j] * g;
            }
        }}
        let cfgs = [cfg];
        for (name, (y, got_dx, g)) in [
            ("f64", forward_backward::<f64>(&[inputs], &cfgs, &params, &x, &dy)),
            ("f32", forward_backward::<f32>(&[inputs], &cfgs, &params, &x, &dy)),
        ] {
            prop_assert_eq!(&y[..], want.as_slice().unwrap(), "{} forward", name);
            prop_assert_eq!(&got_dx[..], dx.as_slice().unwrap(), "{} input gradient", name);
            prop_assert_eq!(&g[..], &dw[..], "{} parameter gradients", name);
        }
        // One example through `predict` too (the pad's path: no training buffers).
        let mut m = Sequential::<f32>::new(&[inputs], &cfgs, &mut rng_from_seed(0)).unwrap();
        m.set_flat_params(&params.iter().map(|&v| v as f32).collect::<Vec<_>>()).unwrap();
        let x0: Vec<f32> = x.row(0).iter().map(|&v| v as f32).collect();
        let y0: Vec<f64> = m.predict(&x0).unwrap().iter().map(|&v| v as f64).collect();
        prop_assert_eq!(&y0[..], &want.as_slice().unwrap()[..units]);
    }

    #[test]
    fn pooling_matches_naive_loops(
        n in 1..4usize, h in 1..10usize, w in 1..10usize,
        c in prop::sample::select(vec![1usize, 2, 3, 6, 7, 16, 32, 33, 64]),
        ph in 1..4usize, pw in 1..4usize, sh in 1..4usize, sw in 1..4usize,
        same: bool, max: bool, strided: bool, seed: u64,
    ) {
        prop_assume!(same || (ph <= h && pw <= w));
        let mut cfg = if max { PoolConfig::max_pooling_2d((ph, pw)) } else { PoolConfig::average_pooling_2d((ph, pw)) };
        cfg = cfg.padding(if same { Padding::Same } else { Padding::Valid });
        let (sh, sw) = if strided { (sh, sw) } else { (ph, pw) };
        if strided { cfg = cfg.strides((sh, sw)); }
        let cfg32: LayerConfig = cfg.clone().into();
        let mut model = Sequential::<f64>::new(&[h, w, c], &[cfg.into()], &mut rng_from_seed(0)).unwrap();
        let x = Array2::from_shape_vec((n, h * w * c), small_ints(n * h * w * c, seed)).unwrap();
        let y = model.forward_train(x.view(), &mut rng_from_seed(0)).unwrap().to_owned();
        let (top, oh) = pad_before(h, ph, sh, same);
        let (left, ow) = pad_before(w, pw, sw, same);
        prop_assert_eq!(y.ncols(), oh * ow * c);
        let dy = Array2::from_shape_vec(y.dim(), small_ints(y.len(), seed ^ 1)).unwrap();
        let mut dx = Array2::<f64>::zeros(x.dim());
        for b in 0..n { for oy in 0..oh { for ox in 0..ow { for ch in 0..c {
            let mut cells = Vec::new();
            for ky in 0..ph { for kx in 0..pw {
                let iy = (oy * sh + ky) as isize - top as isize;
                let ix = (ox * sw + kx) as isize - left as isize;
                if iy >= 0 && ix >= 0 && (iy as usize) < h && (ix as usize) < w {
                    let i = (iy as usize * w + ix as usize) * c + ch;
                    cells.push((i, x[(b, i)]));
                }
            }}
            let o = (oy * ow + ox) * c + ch;
            let g = dy[(b, o)];
            let want = if max {
                let (mut bi, mut bv) = cells[0];
                for &(i, v) in &cells[1..] { if v > bv { bi = i; bv = v; } }
                dx[(b, bi)] += g;
                bv
            } else {
                let k = cells.len() as f64;
                for &(i, _) in &cells { dx[(b, i)] += g * (1.0 / k); }
                cells.iter().map(|c| c.1).sum::<f64>() / k
            };
            prop_assert_eq!(y[(b, o)], want);
        }}}}
        prop_assert_eq!(model.backward(dy.view()).unwrap(), &dx);
        // f32: the same values (averages of small integers by 1 to 9 cells are not exact in
        // binary, so within rounding).
        let (y32, dx32, _) = forward_backward::<f32>(&[h, w, c], &[cfg32], &[], &x, &dy);
        for (a, b) in y32.iter().zip(&y).chain(dx32.iter().zip(&dx)) {
            prop_assert!((a - b).abs() <= 1e-6 * (1.0 + b.abs()), "f32 {} vs f64 {}", a, b);
        }
        prop_assert_eq!(y32.len(), y.len());
    }

    /// 1D pooling windows (the step debugger) against the 1D layer.
    #[test]
    fn pool1d_windows_match_the_layer(len in 1..12usize, p in 1..4usize, s in 1..4usize, same: bool, max: bool, seed: u64) {
        prop_assume!(same || p <= len);
        let pad = if same { Padding::Same } else { Padding::Valid };
        let kind = if max { PoolKind::Max } else { PoolKind::Average };
        let mut cfg = if max { PoolConfig::max_pooling_1d(p) } else { PoolConfig::average_pooling_1d(p) };
        cfg = cfg.padding(pad).strides((1, s));
        let mut model = Sequential::<f64>::new(&[len, 1], &[cfg.into()], &mut rng_from_seed(0)).unwrap();
        let x = small_ints(len, seed);
        let y = model.predict(&x).unwrap();
        let wins = window::pool1d_windows(&x, kind, p, Some(s), pad).unwrap();
        prop_assert_eq!(wins.iter().map(|w| w.output).collect::<Vec<_>>(), y);
        for w in &wins {
            if let Some(i) = w.winner { prop_assert_eq!(x[i], w.output); }
        }
    }

    /// Geometry: the formula, and `same` keeps ⌈n/s⌉.
    #[test]
    fn geometry_formula(n in 1..50usize, k in 1..8usize, s in 1..5usize) {
        let g = AxisGeometry::new(n, k, s, Padding::Same).unwrap();
        prop_assert_eq!(g.out, n.div_ceil(s));
        prop_assert_eq!(g.out, (n + g.pad_before + g.pad_after - k) / s + 1);
        prop_assert!(g.pad_after >= g.pad_before && g.pad_after - g.pad_before <= 1);
        if k <= n {
            let v = AxisGeometry::new(n, k, s, Padding::Valid).unwrap();
            prop_assert_eq!(v.out, (n - k) / s + 1);
        } else {
            prop_assert!(AxisGeometry::new(n, k, s, Padding::Valid).is_err());
        }
    }
}

#[test]
fn conv1d_window_reference() {
    let _: ArrayView2<'_, f64>;
    let w =
        window::conv1d_window(&[1.0, 3.0, 2.0, 5.0], &[0.25, 0.5, 0.25], 1, Padding::Valid, 0.0, 0)
            .unwrap();
    assert_eq!(w.terms.iter().map(|t| t.product).collect::<Vec<_>>(), vec![0.25, 1.5, 0.5]);
    assert_eq!(w.output, 2.25);
}
