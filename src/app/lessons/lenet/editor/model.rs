//! The architecture editor's pure logic: the edits a student makes on a network (insert a
//! layer of a kind, remove, move, change one setting within the editor's bounds) and which
//! of them are allowed, plus the arithmetic the live summary writes out. No browser call:
//! tested natively. The component (`super`) only calls these and `Training::set_arch`.

use crate::app::i18n::Lang;
use crate::app::i18n::errors::nn_error;
use crate::app::i18n::num::integer;
use crate::nn::arch::{Bound, ParamTerms, PlanFailure};
use crate::nn::layers::AxisGeometry;
use crate::nn::{
    Activation, Architecture, Conv2DConfig, DenseConfig, DropoutConfig, LayerConfig, NnError,
    Padding, PoolConfig, PoolKind,
};

/// A layer kind the editor offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Conv2D,
    MaxPooling2D,
    AveragePooling2D,
    Dropout,
    Flatten,
    Dense,
}

impl Kind {
    pub const ALL: [Kind; 6] = [
        Kind::Conv2D,
        Kind::MaxPooling2D,
        Kind::AveragePooling2D,
        Kind::Dropout,
        Kind::Flatten,
        Kind::Dense,
    ];

    /// The kind of a layer, if the editor offers it (a 1D layer from a link: `None`).
    pub fn of(c: &LayerConfig) -> Option<Kind> {
        match c {
            LayerConfig::Conv2D(_) => Some(Kind::Conv2D),
            LayerConfig::Pool(p) if p.two_d => Some(match p.kind {
                PoolKind::Max => Kind::MaxPooling2D,
                PoolKind::Average => Kind::AveragePooling2D,
            }),
            LayerConfig::Dropout(_) => Some(Kind::Dropout),
            LayerConfig::Flatten => Some(Kind::Flatten),
            LayerConfig::Dense(_) => Some(Kind::Dense),
            _ => None,
        }
    }

    /// Keras's class name (what the row and the add menu show).
    pub fn keras(self) -> &'static str {
        self.layer().kind()
    }

    /// A short id for element ids and tests.
    pub fn id(self) -> &'static str {
        match self {
            Kind::Conv2D => "conv2d",
            Kind::MaxPooling2D => "maxpool",
            Kind::AveragePooling2D => "avgpool",
            Kind::Dropout => "dropout",
            Kind::Flatten => "flatten",
            Kind::Dense => "dense",
        }
    }

    /// The layer a new row of this kind starts as: the course's own choices (3×3 ReLU
    /// convolution, 2×2 pooling, half dropout, a ReLU dense layer).
    pub fn layer(self) -> LayerConfig {
        match self {
            Kind::Conv2D => Conv2DConfig::new(8, (3, 3)).activation(Activation::Relu).into(),
            Kind::MaxPooling2D => PoolConfig::max_pooling_2d((2, 2)).into(),
            Kind::AveragePooling2D => PoolConfig::average_pooling_2d((2, 2)).into(),
            Kind::Dropout => DropoutConfig::new(0.5).into(),
            Kind::Flatten => LayerConfig::Flatten,
            Kind::Dense => DenseConfig::new(64).activation(Activation::Relu).into(),
        }
    }
}

/// The activations a hidden layer may have (softmax belongs to the output layer).
pub const HIDDEN_ACTIVATIONS: [Activation; 4] =
    [Activation::Relu, Activation::Tanh, Activation::Sigmoid, Activation::Linear];

/// One setting of one layer, with its new value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Change {
    Filters(usize),
    /// Square kernel side.
    Kernel(usize),
    ConvStride(usize),
    Padding(Padding),
    Activation(Activation),
    Pooling(PoolKind),
    /// Square pooling window side.
    PoolSize(usize),
    PoolStride(usize),
    Units(usize),
    /// Dropout rate in hundredths.
    DropoutPercent(usize),
}

fn clamp(b: Bound, v: usize) -> usize {
    let (lo, hi) = b.range();
    v.clamp(lo, hi)
}

/// Layer `i` is the output layer: shown, never edited, moved or removed.
pub fn is_fixed(a: &Architecture, i: usize) -> bool {
    i + 1 >= a.layers.len()
}

/// A new layer may go at position `at` (0: right after the input): before the output
/// layer, and while the network has fewer layers than the editor allows.
pub fn can_insert(a: &Architecture, at: usize) -> bool {
    at < a.layers.len() && a.layers.len() < Bound::Layers.range().1
}

/// The network with a new layer of `kind` at position `at`.
pub fn insert(a: &Architecture, at: usize, kind: Kind) -> Option<Architecture> {
    can_insert(a, at).then(|| {
        let mut b = a.clone();
        b.layers.insert(at, kind.layer());
        b
    })
}

pub fn can_remove(a: &Architecture, i: usize) -> bool {
    !is_fixed(a, i)
}

pub fn remove(a: &Architecture, i: usize) -> Option<Architecture> {
    can_remove(a, i).then(|| {
        let mut b = a.clone();
        b.layers.remove(i);
        b
    })
}

/// Layer `i` may move one place up (or down): it stays above the output layer.
pub fn can_move(a: &Architecture, i: usize, up: bool) -> bool {
    if is_fixed(a, i) {
        return false;
    }
    if up { i > 0 } else { i + 2 < a.layers.len() }
}

/// The network with layer `i` one place up or down, and where it now is.
pub fn move_layer(a: &Architecture, i: usize, up: bool) -> Option<(Architecture, usize)> {
    can_move(a, i, up).then(|| {
        let j = if up { i - 1 } else { i + 1 };
        let mut b = a.clone();
        b.layers.swap(i, j);
        (b, j)
    })
}

/// The network with one setting of layer `i` changed, brought within the editor's bounds.
/// `None` when the setting is not this layer's, the layer is the output layer, or the
/// activation is softmax (the output's only).
pub fn change(a: &Architecture, i: usize, ch: Change) -> Option<Architecture> {
    if is_fixed(a, i) {
        return None;
    }
    let mut b = a.clone();
    match (b.layers.get_mut(i)?, ch) {
        (LayerConfig::Conv2D(k), Change::Filters(n)) => k.filters = clamp(Bound::Filters, n),
        (LayerConfig::Conv2D(k), Change::Kernel(n)) => {
            let n = clamp(Bound::Kernel, n);
            k.kernel_size = (n, n);
        }
        (LayerConfig::Conv2D(k), Change::ConvStride(n)) => {
            let n = clamp(Bound::ConvStride, n);
            k.strides = (n, n);
        }
        (LayerConfig::Conv2D(k), Change::Padding(p)) => k.padding = p,
        (LayerConfig::Conv2D(k), Change::Activation(act)) if act != Activation::Softmax => {
            k.activation = act;
        }
        (LayerConfig::Dense(d), Change::Activation(act)) if act != Activation::Softmax => {
            d.activation = act;
        }
        (LayerConfig::Dense(d), Change::Units(n)) => d.units = clamp(Bound::Units, n),
        (LayerConfig::Pool(p), Change::Pooling(kind)) if p.two_d => p.kind = kind,
        (LayerConfig::Pool(p), Change::PoolSize(n)) if p.two_d => {
            let n = clamp(Bound::PoolSize, n);
            p.pool_size = (n, n);
            // A stride equal to the window is Keras's default: written as none, so that
            // the network still reads as a preset.
            if p.strides == Some(p.pool_size) {
                p.strides = None;
            }
        }
        (LayerConfig::Pool(p), Change::PoolStride(n)) if p.two_d => {
            let n = clamp(Bound::PoolStride, n);
            p.strides = ((n, n) != p.pool_size).then_some((n, n));
        }
        (LayerConfig::Dropout(d), Change::DropoutPercent(pc)) => {
            d.rate = clamp(Bound::DropoutPercent, pc) as f32 / 100.0;
        }
        _ => return None,
    }
    Some(b)
}

/// A pooling layer's stride (its window when none is given).
pub fn pool_stride(p: &PoolConfig) -> usize {
    p.strides.unwrap_or(p.pool_size).0
}

/// A dropout rate in hundredths (what the rate select shows).
pub fn dropout_percent(d: &DropoutConfig) -> usize {
    (d.rate * 100.0).round().max(0.0) as usize
}

/// The output-size arithmetic of one axis, with the course's formula
/// `⌊(n + 2p − k)/s⌋ + 1`: `⌊(32 − 3)/1⌋ + 1 = 30`, `⌊(28 + 2·2 − 5)/1⌋ + 1 = 28`, and
/// Keras's uneven `same` padding as its two sides `⌊(32 + 0 + 1 − 2)/2⌋ + 1 = 16`.
pub fn axis_formula(g: &AxisGeometry) -> String {
    let pad = match (g.pad_before, g.pad_after) {
        (0, 0) => String::new(),
        (b, a) if b == a => format!(" + 2·{b}"),
        (b, a) => format!(" + {b} + {a}"),
    };
    format!("⌊({}{pad} − {})/{}⌋ + 1 = {}", g.n, g.k, g.stride, g.out)
}

/// How layer `c` (which cannot be built on `input`) breaks a window: the formula that
/// shows the output would be empty, `⌊(3 − 5)/1⌋ + 1 < 1`, for the axis that breaks.
pub fn broken_formula(c: &LayerConfig, f: &PlanFailure) -> Option<String> {
    let NnError::WindowTooLarge { window, input } = f.error else { return None };
    let (k, s) = match c {
        LayerConfig::Conv2D(k) => (k.kernel_size, k.strides),
        LayerConfig::Pool(p) if p.two_d => (p.pool_size, p.strides.unwrap_or(p.pool_size)),
        _ => return None,
    };
    let axis = [(k.0, s.0), (k.1, s.1)]
        .into_iter()
        .zip(&f.input)
        .find_map(|((k, s), &n)| (k == window && n == input).then_some(s));
    let s = axis.unwrap_or(s.0);
    Some(format!("⌊({input} − {window})/{s}⌋ + 1 < 1"))
}

/// A layer's parameter count with its arithmetic: `(3·3·1 + 1)·6 = 60`,
/// `(576 + 1)·120 = 69,240`; `None` for a layer without parameters.
pub fn params_formula(lang: Lang, t: &ParamTerms) -> Option<String> {
    let n = |v: usize| integer(lang, v as u64);
    let total = n(t.count()?);
    match t {
        ParamTerms::None => None,
        ParamTerms::Kernel { taps, channels, filters, bias } => {
            let mut product: Vec<String> = taps.iter().map(|&k| n(k)).collect();
            product.push(n(*channels));
            let product = product.join("·");
            Some(if *bias {
                format!("({product} + 1)·{} = {total}", n(*filters))
            } else {
                format!("{product}·{} = {total}", n(*filters))
            })
        }
        ParamTerms::Dense { inputs, units, bias } => Some(if *bias {
            format!("({} + 1)·{} = {total}", n(*inputs), n(*units))
        } else {
            format!("{}·{} = {total}", n(*inputs), n(*units))
        }),
    }
}

/// The parameter terms of a layer that could not be planned (its weights on `input`), to
/// show why it is too large.
pub fn terms_on(c: &LayerConfig, input: &[usize]) -> ParamTerms {
    let channels = *input.last().unwrap_or(&1);
    match c {
        LayerConfig::Conv2D(k) => ParamTerms::Kernel {
            taps: vec![k.kernel_size.0, k.kernel_size.1],
            channels,
            filters: k.filters,
            bias: k.use_bias,
        },
        LayerConfig::Dense(d) => {
            ParamTerms::Dense { inputs: input.iter().product(), units: d.units, bias: d.use_bias }
        }
        _ => ParamTerms::None,
    }
}

/// Why the network breaks at its failing layer, in the page's language.
pub fn failure_reason(lang: Lang, f: &PlanFailure) -> String {
    nn_error(lang, &f.error)
}

/// The arithmetic that shows why: an output size below 1 for a window too large, the
/// parameters of a layer too large for the page.
pub fn failure_formula(lang: Lang, arch: &Architecture, f: &PlanFailure) -> Option<String> {
    let c = arch.layers.get(f.index)?;
    match f.error {
        NnError::WindowTooLarge { .. } => broken_formula(c, f),
        NnError::TooManyParams { .. } => params_formula(lang, &terms_on(c, &f.input)),
        _ => None,
    }
}

/// Keras's output shape: `(None, 30, 30, 6)`, `(None, 120)`.
pub fn keras_shape(shape: &[usize]) -> String {
    let dims: Vec<String> = shape.iter().map(usize::to_string).collect();
    format!("(None, {})", dims.join(", "))
}

/// Digits in one training epoch: the 10,000 of the app's file less the test fifth
/// (`data::mnist::is_test_index`).
pub const TRAIN_DIGITS: u64 = 8_000;

/// The speed measured on this device: examples per second (by the clock, what the
/// student waits) for a network of `macs` multiply-adds per example.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Measured {
    pub rate: f64,
    pub macs: usize,
}

/// Seconds an epoch would take for a network of `macs` multiply-adds, at the measured
/// rate scaled by the ratio of multiply-adds (a rough estimate: a step's cost is mostly
/// its multiply-adds, forward and backward alike).
pub fn epoch_seconds(m: Measured, macs: usize) -> Option<f64> {
    if !(m.rate.is_finite() && m.rate > 0.0) || m.macs == 0 || macs == 0 {
        return None;
    }
    let rate = m.rate * m.macs as f64 / macs as f64;
    Some(TRAIN_DIGITS as f64 / rate)
}

/// A duration as the estimate says it: `45 s`, `2 min 05 s` (French: no-break spaces).
pub fn duration(lang: Lang, seconds: f64) -> String {
    let s = seconds.max(0.0).round() as u64;
    let sp = match lang {
        Lang::Fr => '\u{a0}',
        Lang::En => ' ',
    };
    if s < 60 {
        format!("{s}{sp}s")
    } else if s < 3600 {
        format!("{}{sp}min{sp}{:02}{sp}s", s / 60, s % 60)
    } else {
        format!("{}{sp}h{sp}{:02}{sp}min", s / 3600, (s % 3600) / 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::Preset;

    fn lenet() -> Architecture {
        Preset::Lenet.architecture()
    }

    #[test]
    fn every_kind_starts_within_the_editors_bounds_and_reads_back_as_itself() {
        for k in Kind::ALL {
            assert_eq!(Kind::of(&k.layer()), Some(k));
            let mut a = lenet();
            a.layers.insert(0, k.layer());
            assert_eq!(a.check_bounds(), Ok(()), "{k:?}");
        }
        assert_eq!(Kind::of(&PoolConfig::max_pooling_1d(2).into()), None);
        assert_eq!(Kind::Conv2D.keras(), "Conv2D");
        assert_eq!(Kind::AveragePooling2D.keras(), "AveragePooling2D");
    }

    #[test]
    fn a_layer_goes_in_anywhere_above_the_output_layer() {
        let a = lenet();
        let n = a.layers.len();
        // Right after the input, and right before the output layer.
        let b = insert(&a, 0, Kind::Conv2D).unwrap();
        assert_eq!(b.layers.len(), n + 1);
        assert_eq!(Kind::of(&b.layers[0]), Some(Kind::Conv2D));
        assert_eq!(b.layers[1..], a.layers[..]);
        let b = insert(&a, n - 1, Kind::Dropout).unwrap();
        assert_eq!(Kind::of(&b.layers[n - 1]), Some(Kind::Dropout));
        assert_eq!(b.layers[n], Architecture::output_layer());
        // Never after the output layer.
        assert!(!can_insert(&a, n));
        assert_eq!(insert(&a, n, Kind::Dense), None);
        // At most the editor's number of layers.
        let max = Bound::Layers.range().1;
        let mut full = a.clone();
        while full.layers.len() < max {
            full = insert(&full, 0, Kind::Dropout).unwrap();
        }
        assert_eq!(full.layers.len(), max);
        assert!(!can_insert(&full, 0));
    }

    #[test]
    fn the_output_layer_stays_where_it_is() {
        let a = lenet();
        let last = a.layers.len() - 1;
        assert!(is_fixed(&a, last) && !is_fixed(&a, last - 1));
        assert!(!can_remove(&a, last) && remove(&a, last).is_none());
        assert!(!can_move(&a, last, true) && !can_move(&a, last, false));
        // The layer above it cannot go below it.
        assert!(!can_move(&a, last - 1, false) && can_move(&a, last - 1, true));
        assert_eq!(change(&a, last, Change::Units(5)), None);
        assert_eq!(change(&a, last, Change::Activation(Activation::Relu)), None);
    }

    #[test]
    fn remove_and_move_keep_the_other_layers_in_order() {
        let a = lenet();
        let b = remove(&a, 1).unwrap();
        assert_eq!(b.layers.len(), a.layers.len() - 1);
        assert_eq!(b.layers[0], a.layers[0]);
        assert_eq!(b.layers[1..], a.layers[2..]);
        // Removing the first pooling breaks nothing: the plan still goes through.
        assert!(b.plan().ok());
        // Up from the top and down onto the output layer are refused.
        assert!(!can_move(&a, 0, true) && move_layer(&a, 0, true).is_none());
        let (c, at) = move_layer(&a, 0, false).unwrap();
        assert_eq!(at, 1);
        assert_eq!((c.layers[0].kind(), c.layers[1].kind()), ("AveragePooling2D", "Conv2D"));
        let (d, at) = move_layer(&c, 1, true).unwrap();
        assert_eq!((d, at), (a.clone(), 0));
        // Flatten moved above the second convolution: the plan breaks at that convolution.
        let (e, _) = move_layer(&a, 4, true).unwrap();
        let (e, _) = move_layer(&e, 3, true).unwrap();
        let f = e.plan().failure.unwrap();
        assert_eq!((f.index, f.kind), (3, "Conv2D"));
    }

    #[test]
    fn settings_are_clamped_to_the_bounds_and_only_apply_to_their_kind() {
        let a = lenet();
        let conv = |b: &Architecture| match &b.layers[0] {
            LayerConfig::Conv2D(k) => k.clone(),
            c => panic!("{c:?}"),
        };
        let b = change(&a, 0, Change::Filters(500)).unwrap();
        assert_eq!(conv(&b).filters, Bound::Filters.range().1);
        let b = change(&b, 0, Change::Filters(0)).unwrap();
        assert_eq!(conv(&b).filters, Bound::Filters.range().0);
        let b = change(&b, 0, Change::Kernel(5)).unwrap();
        assert_eq!(conv(&b).kernel_size, (5, 5));
        let b = change(&b, 0, Change::Kernel(9)).unwrap();
        assert_eq!(conv(&b).kernel_size, (7, 7));
        let b = change(&b, 0, Change::ConvStride(2)).unwrap();
        assert_eq!(conv(&b).strides, (2, 2));
        let b = change(&b, 0, Change::Padding(Padding::Same)).unwrap();
        assert_eq!(conv(&b).padding, Padding::Same);
        let b = change(&b, 0, Change::Activation(Activation::Tanh)).unwrap();
        assert_eq!(conv(&b).activation, Activation::Tanh);
        assert_eq!(change(&b, 0, Change::Activation(Activation::Softmax)), None);
        // Not a convolution's settings.
        assert_eq!(change(&a, 0, Change::Units(3)), None);
        assert_eq!(change(&a, 0, Change::PoolSize(3)), None);
        assert_eq!(change(&a, 4, Change::Filters(3)), None);
        assert_eq!(change(&a, 99, Change::Filters(3)), None);
        // Dense units and activation.
        let b = change(&a, 5, Change::Units(9999)).unwrap();
        assert!(matches!(&b.layers[5], LayerConfig::Dense(d) if d.units == 512));
        let b = change(&a, 5, Change::Activation(Activation::Sigmoid)).unwrap();
        assert_eq!(b.layers[5].activation(), Activation::Sigmoid);
    }

    #[test]
    fn pooling_edits_keep_keras_default_stride_and_the_preset() {
        let a = lenet();
        let pool = |b: &Architecture, i: usize| match &b.layers[i] {
            LayerConfig::Pool(p) => p.clone(),
            c => panic!("{c:?}"),
        };
        let b = change(&a, 1, Change::Pooling(PoolKind::Max)).unwrap();
        assert_eq!(b.layers[1].kind(), "MaxPooling2D");
        let b = change(&b, 1, Change::Pooling(PoolKind::Average)).unwrap();
        assert_eq!(b.preset(), Some(Preset::Lenet));
        let b = change(&a, 1, Change::PoolStride(1)).unwrap();
        assert_eq!(pool(&b, 1).strides, Some((1, 1)));
        assert_eq!(pool_stride(&pool(&b, 1)), 1);
        let b = change(&b, 1, Change::PoolStride(2)).unwrap();
        assert_eq!(pool(&b, 1).strides, None);
        assert_eq!(b, a);
        // 3×3 with stride 3 set first, then size 3: the stride becomes the default.
        let b = change(&a, 1, Change::PoolStride(3)).unwrap();
        let b = change(&b, 1, Change::PoolSize(3)).unwrap();
        assert_eq!((pool(&b, 1).pool_size, pool(&b, 1).strides), ((3, 3), None));
        let b = change(&b, 1, Change::PoolSize(7)).unwrap();
        assert_eq!(pool(&b, 1).pool_size, (3, 3));
        assert_eq!(pool(&b, 1).strides, None);
    }

    #[test]
    fn dropout_rates_are_hundredths_up_to_the_bound() {
        let a = Preset::Dropout.architecture();
        let i = a.layers.iter().position(|l| matches!(l, LayerConfig::Dropout(_))).unwrap();
        let b = change(&a, i, Change::DropoutPercent(30)).unwrap();
        assert!(matches!(&b.layers[i], LayerConfig::Dropout(d) if d.rate == 0.3));
        let b = change(&a, i, Change::DropoutPercent(99)).unwrap();
        let LayerConfig::Dropout(d) = &b.layers[i] else { panic!() };
        assert_eq!(dropout_percent(d), Bound::DropoutPercent.range().1);
        assert_eq!(b.check_bounds(), Ok(()));
    }

    #[test]
    fn the_summary_writes_the_courses_arithmetic() {
        let plan = lenet().plan();
        assert_eq!(axis_formula(&plan.rows[0].axes[0]), "⌊(32 − 3)/1⌋ + 1 = 30");
        assert_eq!(axis_formula(&plan.rows[1].axes[0]), "⌊(30 − 2)/2⌋ + 1 = 15");
        assert_eq!(params_formula(Lang::En, &plan.rows[0].terms).unwrap(), "(3·3·1 + 1)·6 = 60");
        assert_eq!(
            params_formula(Lang::En, &plan.rows[5].terms).unwrap(),
            "(576 + 1)·120 = 69,240"
        );
        assert_eq!(
            params_formula(Lang::Fr, &plan.rows[5].terms).unwrap(),
            "(576 + 1)·120 = 69\u{202f}240"
        );
        assert_eq!(params_formula(Lang::En, &plan.rows[1].terms), None);
        assert_eq!(keras_shape(&plan.rows[0].output), "(None, 30, 30, 6)");
        assert_eq!(keras_shape(&plan.rows[5].output), "(None, 120)");
        // `same` padding: even and uneven sides, and the formula gives the shape.
        let a = Architecture::parse(
            "Conv2D(4,5,same)-Conv2D(4,4,same)-Conv2D(4,2,2,same)-Flatten-Dense(10,softmax)",
        )
        .unwrap();
        let plan = a.plan();
        assert!(plan.ok(), "{:?}", plan.failure);
        assert_eq!(axis_formula(&plan.rows[0].axes[0]), "⌊(32 + 2·2 − 5)/1⌋ + 1 = 32");
        // Keras puts the odd zero after.
        assert_eq!(axis_formula(&plan.rows[1].axes[0]), "⌊(32 + 1 + 2 − 4)/1⌋ + 1 = 32");
        assert_eq!(axis_formula(&plan.rows[2].axes[0]), "⌊(32 − 2)/2⌋ + 1 = 16");
        for r in &plan.rows {
            for g in &r.axes {
                assert_eq!((g.n + g.pad_before + g.pad_after - g.k) / g.stride + 1, g.out);
            }
        }
        // No bias: no `+ 1`.
        let t = ParamTerms::Dense { inputs: 84, units: 10, bias: false };
        assert_eq!(params_formula(Lang::En, &t).unwrap(), "84·10 = 840");
    }

    #[test]
    fn a_window_too_large_shows_the_formula_that_breaks() {
        let a = Architecture::parse(
            "Conv2D(6,3,relu)-MaxPooling2D(2)-Conv2D(16,3,relu)-MaxPooling2D(2)-MaxPooling2D(2)-\
             Conv2D(4,5)-Flatten-Dense(10,softmax)",
        )
        .unwrap();
        let f = a.plan().failure.unwrap();
        assert_eq!(f.index, 5);
        assert_eq!(f.input, [3, 3, 16]);
        assert_eq!(broken_formula(&a.layers[5], &f).unwrap(), "⌊(3 − 5)/1⌋ + 1 < 1");
        // A pooling window: its stride is its size.
        let a = Architecture::parse("MaxPooling2D(2)-MaxPooling2D(2)-MaxPooling2D(2)-MaxPooling2D(2)-MaxPooling2D(3)-Flatten-Dense(10,softmax)").unwrap();
        let f = a.plan().failure.unwrap();
        assert_eq!((f.index, f.input.clone()), (4, vec![2, 2, 1]));
        assert_eq!(broken_formula(&a.layers[4], &f).unwrap(), "⌊(2 − 3)/3⌋ + 1 < 1");
        // Another failure has no window formula.
        let a = Architecture::parse("Conv2D(6,3)-Dense(10,softmax)").unwrap();
        let f = a.plan().failure.unwrap();
        assert_eq!(broken_formula(&a.layers[1], &f), None);
    }

    #[test]
    fn too_many_parameters_show_their_arithmetic() {
        let a = Architecture::parse("Flatten-Dense(512)-Dense(512)-Dense(10,softmax)").unwrap();
        let b = change(&a, 1, Change::Units(512)).unwrap();
        assert!(b.plan().ok());
        let a =
            Architecture::parse("Conv2D(64,3,same)-Flatten-Dense(512)-Dense(10,softmax)").unwrap();
        let f = a.plan().failure.unwrap();
        assert_eq!(f.index, 2);
        let t = terms_on(&a.layers[2], &f.input);
        assert_eq!(params_formula(Lang::En, &t).unwrap(), "(65,536 + 1)·512 = 33,554,944");
    }

    #[test]
    fn an_epoch_takes_longer_for_more_multiply_adds() {
        let m = Measured { rate: 2000.0, macs: 100 };
        assert_eq!(epoch_seconds(m, 100), Some(4.0));
        assert_eq!(epoch_seconds(m, 200), Some(8.0));
        assert_eq!(epoch_seconds(Measured { rate: 0.0, macs: 100 }, 100), None);
        assert_eq!(epoch_seconds(m, 0), None);
        // The epoch is the file's training part.
        let train = (0..10_000).filter(|&i| !crate::data::mnist::is_test_index(i)).count();
        assert_eq!(train as u64, TRAIN_DIGITS);
        assert_eq!(duration(Lang::En, 4.4), "4 s");
        assert_eq!(duration(Lang::En, 125.0), "2 min 05 s");
        assert_eq!(duration(Lang::Fr, 3725.0), "1\u{a0}h\u{a0}02\u{a0}min");
    }
}
