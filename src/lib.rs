//! Convolab: a teaching app for convolutional neural networks.
//!
//! - [`nn`] is the network core (Keras-like layers on `ndarray`); it has no browser
//!   dependency, so it builds and is tested natively and runs unchanged in a Web Worker.
//! - [`data`] loads the shipped MNIST digits and preprocesses drawn digits.
//! - `app` (feature `web`) is the Yew interface; `worker` hosts training off the main thread.

// The data crate is its own package so that the size-optimised page can still build it at
// opt-level 3 (Cargo.toml: profile.release-small.package.convolab-data): drawn-digit
// preprocessing runs on the main thread at every stroke.
pub use convolab_data as data;
pub mod nn;

#[cfg(feature = "web")]
pub mod app;
#[cfg(feature = "web")]
pub mod worker;
