//! Layers: each a config (Keras names and defaults) and the layer it builds.
//!
//! Every layer has the three verbs of backpropagation, kept separate: compute the output
//! (`forward`), and in `backward` the parameter gradients and the input gradient.
//! A batch is an `Array2` of shape `(batch, features)`; each row is one example in
//! row-major NHWC order (see [`crate::nn`]).

pub mod activation;
mod common;
mod config;
pub mod conv;
pub mod dense;
pub mod dropout;
pub mod flatten;
mod geometry;
pub mod keras;
mod layer;
pub mod pool;

// One file per concern; the old paths (`layers::Padding`, `layers::Layer`…) stay valid.
pub(crate) use common::ensure_shape;
pub use common::{Ctx, ParamMut};
pub use config::{LayerConfig, MAX_LAYER_SIZE};
pub use geometry::{AxisGeometry, MAX_AXIS, Padding};
pub use layer::Layer;
