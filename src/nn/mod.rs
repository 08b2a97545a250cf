//! The network core: Keras-like layers on `ndarray`, with no browser dependency.
//!
//! It builds and is tested natively and runs unchanged in WebAssembly (a Web Worker).
//!
//! - Shapes follow Keras: NHWC for images (`(height, width, channels)`), NWC for signals
//!   (`(steps, channels)`). Inside a batch every example is stored as one flat row of an
//!   `Array2` of shape `(batch, features)`, in that same row-major NHWC order, so
//!   `Flatten` costs nothing and Keras's weight layouts are used unchanged.
//! - A layer is a config (plain data, Keras names and defaults) whose `init(&mut rng)`
//!   builds it; see [`LayerConfig`] and [`Sequential`].
//! - Convolution is cross-correlation, as in Keras and every deep-learning library: the
//!   kernel is *not* flipped. (Flipping only matters for the mathematical convolution;
//!   since the kernel is learned, the flipped kernel would be learned just as well.)
//! - Randomness is explicit: every function that draws takes a seeded [`Rng`] (PCG: the same
//!   draws on wasm32 and natively).
//! - Everything is generic over [`Scalar`] (`f32` for training and inference, `f64` for
//!   the finite-difference gradient checks).
//!
//! For the lessons' step debuggers see [`window`]; for the named kernels see [`kernels`].
//!
//! ```
//! use convolab::nn::{Architecture, Padding, Sequential, rng_from_seed, window};
//!
//! // The course LeNet, its Keras summary, and every feature map of one 32×32 image.
//! let mut model: Sequential<f32> = Architecture::default().build(&mut rng_from_seed(1))?;
//! assert_eq!(model.summary().total_params, 81_194);
//! let maps = model.forward_all(&[0.0; 32 * 32])?;
//! assert_eq!(maps[0].shape, [30, 30, 6]);
//!
//! // One window of a 1D convolution, its arithmetic written out.
//! let w = window::conv1d_window(&[1.0, 3.0, 2.0], &[0.25, 0.5, 0.25], 1, Padding::Valid, 0.0, 0)?;
//! assert_eq!(w.terms.iter().map(|t| t.product).collect::<Vec<_>>(), [0.25, 1.5, 0.5]);
//! assert_eq!(w.output, 2.25);
//!
//! // Weights to bytes and back.
//! let again = Sequential::from_weights(&model.save_weights())?;
//! assert_eq!(again.flat_params(), model.flat_params());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod arch;
pub mod dataset;
pub mod error;
pub mod eval;
pub mod explain;
pub mod init;
pub mod io;
pub mod keras_file;
pub mod kernels;
pub mod layers;
pub mod loss;
pub mod model;
pub mod npz;
pub mod optim;
pub mod parallel;
pub mod train;
pub mod window;

use std::fmt;

/// Re-exported so that users of the core name the same `ndarray` version.
pub use ndarray;

pub use arch::{Architecture, Preset};
pub use error::{Expected, NnError};
pub use eval::{EvalReport, EvalSums};
pub use layers::activation::Activation;
pub use layers::conv::{Conv1DConfig, Conv2DConfig};
pub use layers::dense::DenseConfig;
pub use layers::dropout::DropoutConfig;
pub use layers::pool::{PoolConfig, PoolKind};
pub use layers::{LayerConfig, Padding};
pub use loss::LossOutput;
pub use model::{
    LayerOutput, LayerTrace, ParamView, Sequential, StepTrace, Summary, SummaryRow, UnitSum,
};
pub use optim::{Optimizer, OptimizerConfig};
pub use train::{StepReport, Trainer, TrainerConfig};

/// The random generator used everywhere in the core: small, fast, seedable, no OS entropy.
/// PCG rather than `SmallRng`: `SmallRng` is Xoshiro128++ on wasm32 and Xoshiro256++ on
/// 64-bit targets, so a seed (a dropout mask, an initialisation, the 1D lab's noisy sine)
/// drew different numbers in the browser than in the native tests that check it.
pub type Rng = rand_pcg::Pcg64Mcg;

/// A seeded generator (`Pcg64Mcg::seed_from_u64`).
pub fn rng_from_seed(seed: u64) -> Rng {
    use rand::SeedableRng;
    Rng::seed_from_u64(seed)
}

/// The float types the core computes in: `f32` (training, inference) and `f64` (checks).
/// `x`, or 0 when its magnitude is below `tiny`: keeps subnormal floats (~50 times slower
/// arithmetic on x86) out of the optimiser's state and the loss gradients.
#[inline]
pub(crate) fn flush<F: Scalar>(x: F, tiny: F) -> F {
    if x.abs() < tiny { F::zero() } else { x }
}

pub trait Scalar:
    ndarray::LinalgScalar
    + ndarray::ScalarOperand
    + num_traits::Float
    + std::ops::AddAssign
    + std::ops::SubAssign
    + std::ops::MulAssign
    + std::ops::DivAssign
    + std::iter::Sum
    + fmt::Debug
    + fmt::Display
    + Default
    + Send
    + Sync
{
    fn from_f64(v: f64) -> Self;
    fn as_f64(self) -> f64;
    fn as_f32(self) -> f32;
    /// `out[q] += Σ e[eo + q] · w[wo + q]` over the `(eo, wo)` of `offs` (the direct
    /// convolution's inner loop), from `convolab_kernels`: compiled for speed even in the
    /// size-optimised page, which a generic loop here would not be.
    fn row_products(out: &mut [Self], e: &[Self], w: &[Self], offs: &[(usize, usize)]);
    /// `y = x · w` for one row `x` and a row-major `x.len() × y.len()` matrix `w`.
    fn vec_mat(x: &[Self], w: &[Self], y: &mut [Self]);
    /// `tanh` in place (f32: `convolab_kernels`' vectorised approximation, within 3.5e-7).
    fn tanh_in_place(v: &mut [Self]);
    /// The logistic sigmoid in place (f32: through the same approximation, within 2e-7).
    fn sigmoid_in_place(v: &mut [Self]);
}

impl Scalar for f32 {
    fn from_f64(v: f64) -> Self {
        v as f32
    }
    fn row_products(out: &mut [Self], e: &[Self], w: &[Self], offs: &[(usize, usize)]) {
        convolab_kernels::row_products_f32(out, e, w, offs);
    }
    fn vec_mat(x: &[Self], w: &[Self], y: &mut [Self]) {
        convolab_kernels::vec_mat_f32(x, w, y);
    }
    fn tanh_in_place(v: &mut [Self]) {
        convolab_kernels::tanh_f32(v);
    }
    fn sigmoid_in_place(v: &mut [Self]) {
        convolab_kernels::sigmoid_f32(v);
    }
    fn as_f64(self) -> f64 {
        self as f64
    }
    fn as_f32(self) -> f32 {
        self
    }
}

impl Scalar for f64 {
    fn from_f64(v: f64) -> Self {
        v
    }
    fn as_f64(self) -> f64 {
        self
    }
    fn as_f32(self) -> f32 {
        self as f32
    }
    fn row_products(out: &mut [Self], e: &[Self], w: &[Self], offs: &[(usize, usize)]) {
        convolab_kernels::row_products_f64(out, e, w, offs);
    }
    fn vec_mat(x: &[Self], w: &[Self], y: &mut [Self]) {
        convolab_kernels::vec_mat_f64(x, w, y);
    }
    // f64 (the gradient checks, the lessons' exact arithmetic): libm's own.
    fn tanh_in_place(v: &mut [Self]) {
        v.iter_mut().for_each(|x| *x = x.tanh());
    }
    fn sigmoid_in_place(v: &mut [Self]) {
        v.iter_mut().for_each(|x| *x = sigmoid_f64(*x));
    }
}

fn sigmoid_f64(x: f64) -> f64 {
    // Two branches so that exp never overflows.
    if x >= 0.0 {
        1.0 / (1.0 + (-x).exp())
    } else {
        let e = x.exp();
        e / (1.0 + e)
    }
}

/// A plain tensor for crossing to the UI or a worker message: a shape and row-major data.
#[derive(Debug, Clone, PartialEq)]
pub struct Tensor {
    pub shape: Vec<usize>,
    pub data: Vec<f32>,
}

impl Tensor {
    /// # Errors
    /// When `data.len()` is not the product of `shape`.
    pub fn new(shape: Vec<usize>, data: Vec<f32>) -> Result<Self, NnError> {
        let n: usize = shape.iter().product();
        if n != data.len() {
            return Err(NnError::SizeMismatch { got: data.len(), expected: n });
        }
        Ok(Tensor { shape, data })
    }
}

/// Formats an integer with thousands separators, as Keras does (`81,194`).
pub fn thousands(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
