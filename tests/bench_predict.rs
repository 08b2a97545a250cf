//! What one stroke on LeNet's drawing pad costs the page's main thread: the drawing's
//! preprocessing and every layer's output, built as the page is (`--profile release-small`:
//! opt-level z, with `convolab-data` and `convolab-nn` at opt-level 3), in headless
//! Chromium's main thread. `cargo xtask bench --predict` runs it and reads its lines. A
//! benchmark, not a test: ignored, so `cargo test` never runs it.
#![cfg(target_arch = "wasm32")]

use std::hint::black_box;

use convolab::data::preprocess_drawing;
use convolab::nn::Architecture;
use convolab::nn::rng_from_seed;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Strokes timed, in chunks: Chromium coarsens `performance.now()` to 0.1 ms, so a chunk of
/// 20 passes (≈ 10 ms) is timed to about 1 %.
const CHUNKS: usize = 30;
const PER_CHUNK: usize = 20;

fn min_median(mut v: Vec<f64>) -> (f64, f64) {
    v.sort_by(f64::total_cmp);
    (v[0], v[v.len() / 2])
}
/// The drawing pad's canvas side in CSS pixels (src/app/widgets/drawpad.rs).
const PAD: usize = 240;

fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}

/// A "7": a bar across the top and a slanted stroke down, 14 px wide, as a student draws it.
fn seven() -> Vec<f32> {
    let mut px = vec![0.0f32; PAD * PAD];
    let mut dot = |cx: f64, cy: f64| {
        for y in (cy as usize).saturating_sub(7)..(cy as usize + 7).min(PAD) {
            for x in (cx as usize).saturating_sub(7)..(cx as usize + 7).min(PAD) {
                px[y * PAD + x] = 1.0;
            }
        }
    };
    for i in 0..100 {
        let t = i as f64 / 100.0;
        dot(60.0 + 120.0 * t, 50.0);
        dot(180.0 - 80.0 * t, 50.0 + 150.0 * t);
    }
    px
}

#[wasm_bindgen_test]
#[ignore]
fn lenet_predict() {
    let mut model = Architecture::default().build::<f32>(&mut rng_from_seed(1)).expect("lenet");
    let ink = seven();
    let input = preprocess_drawing(&ink, PAD, PAD).expect("a drawing").input32;
    // Warm-up: the first pass sizes the model's buffers.
    black_box(model.forward_all(&input).expect("forward"));

    // Chunks of passes, each timed: the fastest chunk is the cost when the main thread has
    // the core to itself (other processes on a busy machine only ever add time), the
    // median what it cost through the run.
    let mut pre = Vec::new();
    let mut fwd = Vec::new();
    for _ in 0..CHUNKS {
        let t0 = now_ms();
        for _ in 0..PER_CHUNK {
            black_box(preprocess_drawing(black_box(&ink), PAD, PAD).expect("a drawing"));
        }
        let t1 = now_ms();
        for _ in 0..PER_CHUNK {
            black_box(model.forward_all(black_box(&input)).expect("forward"));
        }
        let t2 = now_ms();
        pre.push((t1 - t0) / PER_CHUNK as f64);
        fwd.push((t2 - t1) / PER_CHUNK as f64);
    }
    let (pre, fwd) = (min_median(pre), min_median(fwd));
    // One tab-separated line, read by xtask: milliseconds per stroke, fastest chunk then median.
    console_log!(
        "bench_predict\t{}\t{:.4}\t{:.4}\t{:.4}\t{:.4}",
        CHUNKS * PER_CHUNK,
        pre.0,
        fwd.0,
        pre.1,
        fwd.1
    );
}
