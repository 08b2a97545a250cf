//! `Sequential`: a stack of layers with Keras's summary, `forward_all` and training.
//!
//! One file per concern: the model and its passes (`sequential`), the course's LeNet,
//! Keras's summary, and the plain views the UI reads.

mod lenet;
mod sequential;
mod summary;
mod views;

pub use lenet::LeNetOptions;
pub use sequential::Sequential;
pub use summary::{Summary, SummaryRow};
pub use views::{LayerOutput, ParamView};
