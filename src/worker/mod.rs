//! The Web Worker side: the same wasm core, off the main thread, so that training never
//! freezes the page. For now it answers a health check that the footer shows; the trainer
//! comes with LeNet live.

use yew_agent::prelude::*;

/// Health check: the worker started, loaded its wasm and runs the core.
/// Answers the crate version.
#[oneshot]
pub async fn Ping(_input: u32) -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
