//! `Sequential`: a stack of layers with Keras's summary, `forward_all` and training.
//!
//! One file per concern: the model and its passes (`sequential`), Keras's summary, and the
//! plain views the UI reads. Networks are described by `nn::arch`.

mod sequential;
mod summary;
mod trace;
mod views;

pub use sequential::Sequential;
pub use summary::{Summary, SummaryRow};
pub use trace::{LayerTrace, StepTrace, UnitSum};
pub use views::{LayerOutput, ParamView};
