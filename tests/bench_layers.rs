//! Per-layer forward/backward times of the course LeNet in wasm (batch 32, real digits), the
//! same `Sequential::time_layers` code and repetitions as the native column of
//! `cargo xtask bench --layers`, which runs this file at the release profile (opt-level 3 +
//! simd128: the training worker's settings) in a dedicated worker of headless Chromium, as
//! the app trains. A benchmark, not a test: ignored, so `cargo test` never runs it, and
//! `cargo xtask test` only runs tests/web*.rs in the browser.
#![cfg(target_arch = "wasm32")]

use convolab::data::Mnist;
use convolab::nn::Architecture;
use convolab::nn::{Sequential, ndarray::Array2, rng_from_seed};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_dedicated_worker);

/// As the native breakdown (xtask/src/core/bench.rs).
const REPS: usize = 500;

/// Seconds from the worker's `performance.now()` (std has no clock on wasm32). Chromium
/// coarsens it without cross-origin isolation, with a random threshold per step, so the sum
/// over `REPS` passes stays unbiased; the `wall` line checks the per-layer sum against it.
fn clock() -> impl FnMut() -> f64 {
    let perf: web_sys::Performance = js_sys::Reflect::get(&js_sys::global(), &"performance".into())
        .expect("a global performance")
        .unchecked_into();
    move || perf.now() / 1000.0
}

#[wasm_bindgen_test]
#[ignore]
fn lenet_layers() {
    let data =
        Mnist::from_bytes(include_bytes!("../static/data/mnist10k.bin")).expect("digits file");
    let mut model = Architecture::default().build::<f32>(&mut rng_from_seed(1)).expect("lenet");
    let idx: Vec<usize> = (0..32).collect();
    let mut x = Array2::zeros((32, 1024));
    let mut labels = Vec::new();
    data.write_batch(&idx, x.view_mut(), 32, 32, None, &mut labels);
    let mut now = clock();
    let start = now();
    let t = model
        .time_layers_with(x.view(), &labels, &mut rng_from_seed(0), REPS, &mut now)
        .expect("timing");
    let wall = now() - start;
    // One tab-separated line per layer (microseconds per batch of 32), read by xtask.
    console_log!("bench_layers\treps\t{REPS}");
    for (name, f, b) in &t {
        console_log!(
            "bench_layers\t{name}\t{:.2}\t{:.2}",
            f * 1e6 / REPS as f64,
            b * 1e6 / REPS as f64
        );
    }
    console_log!("bench_layers\twall\t{:.2}", wall * 1e6 / REPS as f64);
}
