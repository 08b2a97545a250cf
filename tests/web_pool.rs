//! The helper pool's browser glue (src/worker/pool.rs) against real Web Workers in headless
//! Chromium: helpers that answer, crash, stall, or cannot load their digits. The helpers
//! here are small scripts that speak the pool's protocol (the real helper is the worker's
//! wasm, which this runner does not serve); what is tested is the leader's side: the
//! weights reach a helper intact in a transferred array, the gradient comes back and its
//! array is reused, and a helper lost in any way is an error, never a hang.
//! `cargo test --target wasm32-unknown-unknown --test web_pool`
#![cfg(target_arch = "wasm32")]

use convolab::nn::Architecture;
use convolab::nn::parallel::ShareTask;
use convolab::worker::pool::WebPool;
use convolab::worker::protocol::{HELPER_TIMEOUT_S, WorkerError};
use convolab::worker::trainer::Pool;
use wasm_bindgen_test::*;
use web_sys::{Blob, BlobPropertyBag, Url};

wasm_bindgen_test_configure!(run_in_browser);

/// A script the pool can start as a helper (it imports it, then calls `wasm_bindgen`, as
/// with the worker's own script): it says it is up, answers `data` with `on_data`, and
/// each `step` with `on_step` (JavaScript statements; `e` is the message event).
fn helper_script(on_data: &str, on_step: &str) -> String {
    let js = format!(
        "self.wasm_bindgen = function () {{
           self.onmessage = function (e) {{
             if (e.data.t === 'data') {{ {on_data} }}
             else if (e.data.t === 'step') {{ {on_step} }}
             else if (e.data.t === 'eval') {{ {ECHO_EVAL} }}
           }};
           postMessage({{ t: 'up' }});
         }};"
    );
    let bag = BlobPropertyBag::new();
    bag.set_type("application/javascript");
    let blob = Blob::new_with_str_sequence_and_options(&js_sys::Array::of1(&js.into()), &bag)
        .expect("a blob");
    Url::create_object_url_with_blob(&blob).expect("a blob URL")
}

const READY: &str = "postMessage({ t: 'ready' });";

/// Sends back the weights it got as the gradient (in the same, transferred, array), the
/// share's size as its count, a loss of 0.5 per digit and the number of shifts as correct.
const ECHO: &str = "const w = e.data.w; const n = e.data.idx.length;
    postMessage({ t: 'grad', g: w, n: n, loss: 0.5 * n, correct: e.data.sh.length / 2 }, [w.buffer]);";

/// Answers a test evaluation's share: its size as count, 0.25 per digit plus the first
/// weight as loss (so the weights are seen to arrive), one digit wrong, and digit i counted
/// on the diagonal at i mod 10; the weights' array goes back.
const ECHO_EVAL: &str = "const w = e.data.w; const n = e.data.idx.length; const conf = new Uint32Array(100);
    for (const i of e.data.idx) conf[(i % 10) * 11] += 1;
    postMessage({ t: 'evald', g: w, n: n, loss: 0.25 * n + w[0], correct: n - 1, conf: conf }, [w.buffer]);";

fn task(indices: &[u32]) -> ShareTask {
    ShareTask {
        indices: indices.to_vec(),
        shifts: indices.iter().map(|&i| (i as i32 % 3 - 1, 1)).collect(),
        seed: 7,
    }
}

#[wasm_bindgen_test]
async fn a_helper_gets_the_weights_and_its_gradient_comes_back() {
    let url = helper_script(READY, ECHO);
    let mut pool = WebPool::start(2, &url, "digits.bin").await.expect("two helpers start");
    assert_eq!(pool.helpers(), 2);
    for step in 0..3 {
        let weights: Vec<f32> = (0..1000).map(|i| i as f32 * 0.5 + step as f32).collect();
        pool.send(&Architecture::default(), &weights, vec![task(&[1, 2, 3]), task(&[4, 5])]);
        let got = pool.collect().await.expect("both answer");
        assert_eq!(got.len(), 2, "step {step}");
        assert_eq!((got[0].count, got[1].count), (3, 2));
        assert_eq!((got[0].loss_sum, got[1].loss_sum), (1.5, 1.0));
        assert_eq!((got[0].correct, got[1].correct), (3, 2));
        // Step 1 on reuses the array that came back: the values must still be this step's.
        assert_eq!(got[0].grad_sum, weights, "step {step}");
        assert_eq!(got[1].grad_sum, weights, "step {step}");
    }
    assert!(!pool.is_broken());
}

#[wasm_bindgen_test]
async fn helpers_share_a_test_evaluation_between_steps() {
    let url = helper_script(READY, ECHO);
    let mut pool = WebPool::start(2, &url, "digits.bin").await.expect("two helpers start");
    for round in 0..2 {
        let weights: Vec<f32> = (0..1000).map(|i| i as f32 + 10.0 * round as f32).collect();
        pool.send_eval(&Architecture::default(), &weights, vec![vec![3, 13, 4], vec![5, 6]]);
        let got = pool.collect_eval().await.expect("both answer");
        assert_eq!(got.len(), 2);
        assert_eq!((got[0].count, got[1].count), (3, 2));
        assert_eq!(
            (got[0].loss_sum, got[1].loss_sum),
            (0.75 + weights[0] as f64, 0.5 + weights[0] as f64),
            "round {round}"
        );
        assert_eq!((got[0].correct, got[1].correct), (2, 1));
        assert_eq!(
            (got[0].confusion[3][3], got[0].confusion[4][4], got[1].confusion[5][5]),
            (2, 1, 1)
        );
        assert_eq!(got[0].confusion.iter().flatten().sum::<u32>(), 3);
        // The next step goes out in the arrays that came back with the evaluation.
        let next: Vec<f32> = weights.iter().map(|w| w * 2.0).collect();
        pool.send(&Architecture::default(), &next, vec![task(&[1]), task(&[2])]);
        let g = pool.collect().await.expect("both answer");
        assert_eq!(
            (g[0].grad_sum.as_slice(), g[1].grad_sum.as_slice()),
            (next.as_slice(), next.as_slice())
        );
    }
    assert!(!pool.is_broken());
}

#[wasm_bindgen_test]
async fn a_helper_that_crashes_is_reported_at_once() {
    // It throws on its task: an error event in the leader.
    let url = helper_script(READY, "throw new Error('out of memory');");
    let mut pool = WebPool::start(1, &url, "digits.bin").await.expect("the helper starts");
    let t0 = js_sys::Date::now();
    pool.send(&Architecture::default(), &[1.0; 10], vec![task(&[9, 10])]);
    assert_eq!(pool.collect().await.unwrap_err(), WorkerError::HelperDied);
    assert!(js_sys::Date::now() - t0 < 5_000.0, "a crash must not wait for the stall timeout");
    // The pool is broken for good: no helper is offered any more, and asking again fails.
    assert!(pool.is_broken());
    assert_eq!(pool.helpers(), 0);
    assert_eq!(pool.collect().await.unwrap_err(), WorkerError::HelperDied);
}

#[wasm_bindgen_test]
async fn a_helper_that_stalls_is_given_up_after_the_timeout() {
    let url = helper_script(READY, "/* never answers */");
    let mut pool = WebPool::start(1, &url, "digits.bin").await.expect("the helper starts");
    let t0 = js_sys::Date::now();
    pool.send(&Architecture::default(), &[1.0; 10], vec![task(&[1])]);
    assert_eq!(pool.collect().await.unwrap_err(), WorkerError::HelperStalled);
    let waited = (js_sys::Date::now() - t0) / 1000.0;
    let limit = f64::from(HELPER_TIMEOUT_S);
    assert!(waited >= limit - 0.5 && waited < limit + 5.0, "gave up after {waited:.1} s");
    assert!(pool.is_broken());
}

#[wasm_bindgen_test]
async fn helpers_that_cannot_load_the_digits_do_not_start() {
    let url = helper_script("postMessage({ t: 'failed' });", ECHO);
    let t0 = js_sys::Date::now();
    let err = WebPool::start(2, &url, "digits.bin").await.err();
    assert_eq!(err, Some(WorkerError::HelpersDidNotStart));
    assert!(js_sys::Date::now() - t0 < 5_000.0, "a failed load is known at once");

    // A script that is not there at all: the helper's error event, not a 30 s wait.
    let t0 = js_sys::Date::now();
    let origin = web_sys::window().expect("a window").location().origin().expect("an origin");
    let err = WebPool::start(1, &format!("{origin}/no-such-worker.js"), "digits.bin").await.err();
    assert_eq!(err, Some(WorkerError::HelpersDidNotStart));
    assert!(js_sys::Date::now() - t0 < 10_000.0, "a missing script is known at once");
}
