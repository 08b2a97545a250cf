//! What a network will be before it is built: each layer's output shape, parameters (with
//! their arithmetic) and multiply-adds, or the layer where it breaks and why. The editor's
//! live summary reads it at every edit; the layers' own constructors decide, so the plan
//! and the network agree.

use super::{Architecture, DIGIT_INPUT};
use crate::nn::layers::AxisGeometry;
use crate::nn::{Activation, LayerConfig, NnError};

/// Most parameters a network of the page may have: the weights, their gradients and
/// Adam's two moments are 16 bytes a parameter in each worker, so 4 million stay under
/// 70 MB per worker, within a phone browser's memory.
pub const MAX_PARAMS: usize = 4_000_000;

/// How a layer's parameter count is made, for writing its arithmetic out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParamTerms {
    /// No parameter (pooling, flatten, dropout).
    None,
    /// `(kh·kw·channels + 1)·filters` (`+ 1` with a bias); `taps` is `[kh, kw]` or `[k]`.
    Kernel { taps: Vec<usize>, channels: usize, filters: usize, bias: bool },
    /// `(inputs + 1)·units`.
    Dense { inputs: usize, units: usize, bias: bool },
}

/// One layer of a [`Plan`].
#[derive(Debug, Clone, PartialEq)]
pub struct PlanRow {
    /// Keras's name (`conv2d`, `conv2d_1`, …).
    pub name: String,
    /// Keras's class name.
    pub kind: &'static str,
    pub input: Vec<usize>,
    pub output: Vec<usize>,
    pub params: usize,
    pub terms: ParamTerms,
    /// Multiply-adds of one example's forward pass.
    pub macs: usize,
    /// How the window covers each spatial axis (convolutions and pooling; height first).
    pub axes: Vec<AxisGeometry>,
    pub activation: Activation,
}

/// Where a network breaks. `index` counts from 0.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanFailure {
    pub index: usize,
    pub kind: &'static str,
    /// The shape arriving at that layer.
    pub input: Vec<usize>,
    pub error: NnError,
}

/// The network layer by layer, up to the first layer that breaks.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub rows: Vec<PlanRow>,
    pub failure: Option<PlanFailure>,
    pub total_params: usize,
    pub total_macs: usize,
}

impl Plan {
    pub fn ok(&self) -> bool {
        self.failure.is_none()
    }
}

fn terms(c: &LayerConfig, input: &[usize]) -> ParamTerms {
    let channels = *input.last().unwrap_or(&1);
    match c {
        LayerConfig::Conv1D(k) => ParamTerms::Kernel {
            taps: vec![k.kernel_size],
            channels,
            filters: k.filters,
            bias: k.use_bias,
        },
        LayerConfig::Conv2D(k) => ParamTerms::Kernel {
            taps: vec![k.kernel_size.0, k.kernel_size.1],
            channels,
            filters: k.filters,
            bias: k.use_bias,
        },
        LayerConfig::Dense(d) => {
            ParamTerms::Dense { inputs: channels, units: d.units, bias: d.use_bias }
        }
        _ => ParamTerms::None,
    }
}

impl ParamTerms {
    /// The count these terms make (`None` when it overflows).
    pub fn count(&self) -> Option<usize> {
        match self {
            ParamTerms::None => Some(0),
            ParamTerms::Kernel { taps, channels, filters, bias } => taps
                .iter()
                .try_fold(*channels, |a, &t| a.checked_mul(t))?
                .checked_add(*bias as usize)?
                .checked_mul(*filters),
            ParamTerms::Dense { inputs, units, bias } => {
                inputs.checked_add(*bias as usize)?.checked_mul(*units)
            }
        }
    }
}

fn axes(c: &LayerConfig, input: &[usize]) -> Vec<AxisGeometry> {
    let geo = |n: usize, k: usize, s: usize, p| AxisGeometry::new(n, k, s, p).ok();
    let v: Vec<Option<AxisGeometry>> = match (c, input) {
        (LayerConfig::Conv2D(k), [h, w, _]) => vec![
            geo(*h, k.kernel_size.0, k.strides.0, k.padding),
            geo(*w, k.kernel_size.1, k.strides.1, k.padding),
        ],
        (LayerConfig::Conv1D(k), [n, _]) => vec![geo(*n, k.kernel_size, k.strides, k.padding)],
        (LayerConfig::Pool(p), [h, w, _]) if p.two_d => {
            let s = p.strides.unwrap_or(p.pool_size);
            vec![geo(*h, p.pool_size.0, s.0, p.padding), geo(*w, p.pool_size.1, s.1, p.padding)]
        }
        (LayerConfig::Pool(p), [n, _]) if !p.two_d => {
            let s = p.strides.unwrap_or(p.pool_size);
            vec![geo(*n, p.pool_size.1, s.1, p.padding)]
        }
        _ => Vec::new(),
    };
    v.into_iter().flatten().collect()
}

impl Architecture {
    /// The network on [`DIGIT_INPUT`], layer by layer; see [`Self::plan_on`].
    pub fn plan(&self) -> Plan {
        self.plan_on(&DIGIT_INPUT, true)
    }

    /// The network on [`DIGIT_INPUT`] as a classifier of `classes` classes (a student's own
    /// set: 2 to 10; 10 is [`Self::plan`]).
    pub fn plan_classes(&self, classes: usize) -> Plan {
        self.plan_checked(&DIGIT_INPUT, Some(classes))
    }

    /// The network on `input`. With `digits`, it must also be a digit classifier that fits
    /// the page: ten outputs with softmax last, at most [`MAX_PARAMS`] parameters.
    pub fn plan_on(&self, input: &[usize], digits: bool) -> Plan {
        self.plan_checked(input, digits.then_some(10))
    }

    /// [`Self::plan_on`] with the classifier's number of classes (`None`: any network).
    fn plan_checked(&self, input: &[usize], classes: Option<usize>) -> Plan {
        let digits = classes.is_some();
        let mut plan = Plan { rows: Vec::new(), failure: None, total_params: 0, total_macs: 0 };
        let mut shape = input.to_vec();
        let mut counts: Vec<(&str, usize)> = Vec::new();
        let fail = |plan: &mut Plan, index: usize, c: &LayerConfig, input: &[usize], e| {
            plan.failure =
                Some(PlanFailure { index, kind: c.kind(), input: input.to_vec(), error: e });
        };
        if self.layers.is_empty() {
            plan.failure = Some(PlanFailure {
                index: 0,
                kind: "Dense",
                input: shape,
                error: NnError::NoLayers,
            });
            return plan;
        }
        for (i, c) in self.layers.iter().enumerate() {
            let t = terms(c, &shape);
            let params = match t.count() {
                Some(p) if !digits || plan.total_params + p <= MAX_PARAMS => p,
                p => {
                    let params = p.map_or(usize::MAX, |p| plan.total_params + p);
                    fail(
                        &mut plan,
                        i,
                        c,
                        &shape,
                        NnError::TooManyParams { params, limit: MAX_PARAMS },
                    );
                    return plan;
                }
            };
            // The layer's own constructor is the shape rule (zero weights: nothing drawn).
            let layer = match c.init_with::<f32>(&shape, None) {
                Ok(l) => l,
                Err(e) => {
                    fail(&mut plan, i, c, &shape, e);
                    return plan;
                }
            };
            let output = layer.output_shape();
            let macs = match &t {
                ParamTerms::Kernel { taps, channels, filters: _, .. } => {
                    output.iter().product::<usize>() * taps.iter().product::<usize>() * channels
                }
                ParamTerms::Dense { inputs, units, .. } => inputs * units,
                ParamTerms::None => 0,
            };
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
            plan.total_params += params;
            plan.total_macs += macs;
            plan.rows.push(PlanRow {
                name: if k == 0 { prefix.to_string() } else { format!("{prefix}_{k}") },
                kind: c.kind(),
                input: shape.clone(),
                output: output.clone(),
                params,
                terms: t,
                macs,
                axes: axes(c, &shape),
                activation: c.activation(),
            });
            shape = output;
        }
        if let Some(classes) = classes {
            let last = self.layers.len() - 1;
            let c = &self.layers[last];
            let input = plan.rows[last].input.clone();
            if shape != [classes] {
                let e = NnError::NotADigitModel { input: DIGIT_INPUT.to_vec(), output: shape };
                fail(&mut plan, last, c, &input, e);
            } else if c.activation() != Activation::Softmax {
                fail(&mut plan, last, c, &input, NnError::NeedsSoftmax);
            }
        }
        plan
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::{
        Conv2DConfig, DenseConfig, Padding, PoolConfig, Preset, Sequential, rng_from_seed,
    };

    #[test]
    fn presets_have_their_published_parameter_counts_and_build_as_planned() {
        let want = [
            (Preset::Lenet, 81_194),
            (Preset::Lenet5, 61_706),
            (Preset::OneConv, 173_194),
            (Preset::DenseOnly, 134_014),
            (Preset::Wide, 306_430),
            (Preset::Dropout, 81_194),
        ];
        for (p, params) in want {
            let a = p.architecture();
            let plan = a.plan();
            assert!(plan.ok(), "{p:?}: {:?}", plan.failure);
            assert_eq!(plan.total_params, params, "{p:?}");
            // The plan is what the built network is.
            let m: Sequential<f32> = a.build(&mut rng_from_seed(1)).unwrap();
            let s = m.summary();
            assert_eq!(s.total_params, params);
            assert_eq!(m.forward_macs(), plan.total_macs, "{p:?}");
            for (row, srow) in plan.rows.iter().zip(&s.rows) {
                assert_eq!((&row.name, row.kind), (&srow.name, srow.kind));
                assert_eq!(row.output, srow.output_shape);
                assert_eq!(row.params, srow.params);
                assert_eq!(Some(row.params), row.terms.count());
            }
        }
        // LeNet-5's C5: 120 units on the 5×5×16 maps, as a 5×5 convolution would have.
        let plan = Preset::Lenet5.architecture().plan();
        assert_eq!(plan.rows[5].input, [400]);
        assert_eq!(plan.rows[5].params, (5 * 5 * 16 + 1) * 120);
        let conv = Architecture::parse(
            "Conv2D(6,5,tanh)-AveragePooling2D(2)-Conv2D(16,5,tanh)-AveragePooling2D(2)-\
             Conv2D(120,5,tanh)-Flatten-Dense(84,tanh)-Dense(10,softmax)",
        )
        .unwrap();
        assert_eq!(conv.plan().total_params, 61_706);
        assert_eq!(conv.plan().rows[4].output, [1, 1, 120]);
    }

    #[test]
    fn a_broken_network_is_refused_at_the_layer_that_breaks() {
        let lenet = Preset::Lenet.architecture();
        // A 7×7 kernel on the 6×6 maps after two poolings… fits; a third pooling then a 7×7 does not.
        let mut a = lenet.clone();
        a.layers.insert(4, PoolConfig::max_pooling_2d((2, 2)).into());
        a.layers.insert(5, Conv2DConfig::new(4, (7, 7)).into());
        let plan = a.plan();
        let f = plan.failure.clone().unwrap();
        assert_eq!(f.index, 5);
        assert_eq!(f.input, [3, 3, 16]);
        assert_eq!(f.error, NnError::WindowTooLarge { window: 7, input: 3 });
        assert_eq!(plan.rows.len(), 5);
        // `same` padding makes it fit.
        a.layers[5] = Conv2DConfig::new(4, (7, 7)).padding(Padding::Same).into();
        assert!(a.plan().ok());

        // Dense on a map (no Flatten): refused at the Dense.
        let mut a = lenet.clone();
        a.layers.remove(4);
        let f = a.plan().failure.unwrap();
        assert_eq!((f.index, f.kind), (4, "Dense"));
        assert!(matches!(f.error, NnError::WrongRank { .. }), "{:?}", f.error);

        // Not ten classes, not softmax.
        let mut a = lenet.clone();
        *a.layers.last_mut().unwrap() = DenseConfig::new(9).activation(Activation::Softmax).into();
        assert!(matches!(a.plan().failure.unwrap().error, NnError::NotADigitModel { .. }));
        *a.layers.last_mut().unwrap() = DenseConfig::new(10).into();
        assert_eq!(a.plan().failure.unwrap().error, NnError::NeedsSoftmax);

        // Too many parameters for the page: at the layer that crosses the limit.
        let a = Architecture::parse("Flatten-Dense(512)-Dense(8000)-Dense(10,softmax)").unwrap();
        let f = a.plan().failure.unwrap();
        assert_eq!(f.index, 2);
        assert!(matches!(f.error, NnError::TooManyParams { limit: MAX_PARAMS, .. }));
        assert!(a.build::<f32>(&mut rng_from_seed(1)).is_err());
        // Natively (not for the page) the same network plans.
        assert!(a.plan_on(&DIGIT_INPUT, false).ok());
        assert!(Architecture::new(vec![]).plan().failure.is_some());
    }

    #[test]
    fn the_arithmetic_of_each_layer_is_there_to_write_out() {
        let plan = Preset::Lenet.architecture().plan();
        let r = &plan.rows[0];
        assert_eq!(
            r.terms,
            ParamTerms::Kernel { taps: vec![3, 3], channels: 1, filters: 6, bias: true }
        );
        assert_eq!(r.axes.len(), 2);
        assert_eq!((r.axes[0].n, r.axes[0].k, r.axes[0].stride, r.axes[0].out), (32, 3, 1, 30));
        assert_eq!(r.macs, 30 * 30 * 6 * 9);
        let pool = &plan.rows[1];
        assert_eq!((pool.axes[0].n, pool.axes[0].k, pool.axes[0].out), (30, 2, 15));
        assert_eq!(plan.rows[5].terms, ParamTerms::Dense { inputs: 576, units: 120, bias: true });
    }

    #[test]
    fn the_page_switches_are_edits_of_the_network() {
        use crate::nn::PoolKind;
        let lenet = Preset::Lenet.architecture();
        assert_eq!(lenet.pooling(), Some(PoolKind::Average));
        let max = lenet.with_pooling(PoolKind::Max);
        assert_eq!(max.pooling(), Some(PoolKind::Max));
        assert_eq!(max.to_text().matches("MaxPooling2D(2)").count(), 2);
        let d = lenet.with_dense_dropout(Some(0.5));
        assert_eq!(d, Preset::Dropout.architecture());
        assert_eq!(d.dropout(), Some(0.5));
        assert_eq!(d.with_dense_dropout(None), lenet);
        assert_eq!(lenet.dropout(), None);
    }

    #[test]
    fn bounds_are_the_editors() {
        use super::super::{Bound, OutOfBounds};
        for p in Preset::ALL {
            assert_eq!(p.architecture().check_bounds(), Ok(()), "{p:?}");
        }
        let a = Architecture::parse("Conv2D(65,3)-Flatten-Dense(10,softmax)").unwrap();
        assert_eq!(
            a.check_bounds(),
            Err(OutOfBounds { layer: 0, bound: Bound::Filters, value: 65 })
        );
        let a = Architecture::parse("Flatten-Dropout(0.95)-Dense(10,softmax)").unwrap();
        assert_eq!(a.check_bounds().unwrap_err().bound, Bound::DropoutPercent);
        let a = Architecture::parse("Conv1D(2,3)-Flatten-Dense(10,softmax)").unwrap();
        assert_eq!(a.check_bounds().unwrap_err().bound, Bound::Kind);
    }
}
