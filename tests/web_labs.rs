//! The convolution labs rendered in headless Chromium: what they draw is what the core's
//! layers compute; stepping, bad kernels and bad uploads. Run with
//! `cargo test --target wasm32-unknown-unknown --test web_labs`.
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use convolab::app::i18n::num::fmt_value;
use convolab::app::lessons::conv1d::model::COURSE_SIGNAL;
use convolab::app::lessons::conv2d::model::COURSE_4X4;
use convolab::nn::{
    Activation, Conv1DConfig, Conv2DConfig, LayerConfig, Padding, Sequential, rng_from_seed,
};
use gloo_timers::future::sleep;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement, HtmlSelectElement};

mod web_support;
use web_support::*;

wasm_bindgen_test_configure!(run_in_browser);

async fn mount_at(hash: &str) -> Mounted {
    mount("en", hash, 80).await
}

/// Yew renders and the maps draw in microtasks after an event: a short timer is enough.
/// Checks `check` until it holds, for up to 2 s, then fails with its last reason. For what
/// is drawn on a canvas: a map follows its column's width and may be redrawn a few frames late.
async fn eventually(check: impl Fn() -> Result<(), String>) {
    let mut last = check();
    for _ in 0..40 {
        if last.is_ok() {
            return;
        }
        sleep(Duration::from_millis(50)).await;
        last = check();
    }
    if let Err(e) = last {
        panic!("{e}");
    }
}

/// Lets Yew render and the canvases draw. 100 ms: 30 ms was seen too short on a loaded CI
/// machine (the runner's limit is raised to 90 s per file in .cargo/config.toml and xtask).
async fn settle() {
    sleep(Duration::from_millis(100)).await;
}

fn el(root: &Element, css: &str) -> Element {
    root.query_selector(css).unwrap().unwrap_or_else(|| panic!("no element matches {css}"))
}

fn text(root: &Element, css: &str) -> String {
    el(root, css).text_content().unwrap_or_default()
}

fn texts(root: &Element, css: &str) -> Vec<String> {
    let l = root.query_selector_all(css).unwrap();
    (0..l.length()).map(|i| l.item(i).unwrap().text_content().unwrap_or_default()).collect()
}

/// An event that bubbles, as the browser sends a user's change or click.
fn bubbling(kind: &str) -> web_sys::Event {
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    web_sys::Event::new_with_event_init_dict(kind, &init).unwrap()
}

async fn select(root: &Element, css: &str, value: &str) {
    let s: HtmlSelectElement = el(root, css).dyn_into().unwrap();
    s.set_value(value);
    s.dispatch_event(&bubbling("change")).unwrap();
    settle().await;
}

async fn type_into(root: &Element, css: &str, value: &str) {
    let input: HtmlInputElement = el(root, css).dyn_into().unwrap();
    input.set_value(value);
    let init = web_sys::InputEventInit::new();
    init.set_bubbles(true);
    input
        .dispatch_event(&web_sys::InputEvent::new_with_event_init_dict("input", &init).unwrap())
        .unwrap();
    settle().await;
}

async fn click(root: &Element, css: &str) {
    el(root, css).dyn_into::<HtmlElement>().unwrap().click();
    settle().await;
}

/// The core's Conv1D layer (one filter, zero bias, this kernel) on `signal`, written as
/// the lab writes numbers.
fn core_conv1d(signal: &[f64], kernel: &[f64], stride: usize, padding: Padding) -> Vec<String> {
    let cfg = Conv1DConfig::new(1, kernel.len()).strides(stride).padding(padding);
    let mut m = Sequential::<f32>::new(
        &[signal.len(), 1],
        &[LayerConfig::from(cfg)],
        &mut rng_from_seed(3),
    )
    .unwrap();
    let mut p: Vec<f32> = kernel.iter().map(|&w| w as f32).collect();
    p.push(0.0);
    m.set_flat_params(&p).unwrap();
    let x: Vec<f32> = signal.iter().map(|&v| v as f32).collect();
    m.predict(&x).unwrap().into_iter().map(|v| fmt_value(v as f64)).collect()
}

fn core_conv2d(
    img: &[f64],
    rows: usize,
    cols: usize,
    kernel: &[f64],
    k: (usize, usize),
    stride: usize,
    padding: Padding,
    relu: bool,
) -> Vec<String> {
    let act = if relu { Activation::Relu } else { Activation::Linear };
    let cfg = Conv2DConfig::new(1, k).strides((stride, stride)).padding(padding).activation(act);
    let mut m =
        Sequential::<f32>::new(&[rows, cols, 1], &[LayerConfig::from(cfg)], &mut rng_from_seed(3))
            .unwrap();
    let mut p: Vec<f32> = kernel.iter().map(|&w| w as f32).collect();
    p.push(0.0);
    m.set_flat_params(&p).unwrap();
    let x: Vec<f32> = img.iter().map(|&v| v as f32).collect();
    m.predict(&x).unwrap().into_iter().map(|v| fmt_value(v as f64)).collect()
}

fn drawn_map(root: &Element, css: &str) -> Vec<String> {
    el(root, css).get_attribute("data-values").unwrap().split(',').map(String::from).collect()
}

#[wasm_bindgen_test]
async fn conv1d_draws_what_the_core_layer_computes() {
    let root = mount_at("#/conv1d").await;
    assert_eq!(text(&root.root, "h1"), "1D convolution");
    let gauss = [0.25, 0.5, 0.25];
    // Default: the course's signal, the Gaussian, valid, stride 1.
    assert_eq!(
        texts(&root.root, "#conv1d-output .out-value"),
        core_conv1d(&COURSE_SIGNAL, &gauss, 1, Padding::Valid)
    );
    assert_eq!(texts(&root.root, "#conv1d-output .out-value").len(), 8, "10 − 3 + 1 outputs");
    select(&root.root, "#conv1d-padding", "same").await;
    select(&root.root, "#conv1d-stride", "2").await;
    assert_eq!(
        texts(&root.root, "#conv1d-output .out-value"),
        core_conv1d(&COURSE_SIGNAL, &gauss, 2, Padding::Same)
    );
    assert!(
        text(&root.root, "#conv1d-formula").contains("= 5"),
        "{}",
        text(&root.root, "#conv1d-formula")
    );
    // The derivative on the ramp: every output is 1.
    select(&root.root, "#conv1d-signal", "ramp").await;
    select(&root.root, "#conv1d-kernel", "2").await;
    select(&root.root, "#conv1d-padding", "valid").await;
    select(&root.root, "#conv1d-stride", "1").await;
    let ramp: Vec<f64> = (0..12).map(|i| i as f64).collect();
    let got = texts(&root.root, "#conv1d-output .out-value");
    assert_eq!(got, core_conv1d(&ramp, &[-1.0, 1.0], 1, Padding::Valid));
    assert!(got.iter().all(|v| v == "1"));
    // The first window's arithmetic, written with the real numbers.
    assert_eq!(text(&root.root, "#conv1d-arith"), "(−1)×0 + 1×1 = 1");
}

#[wasm_bindgen_test]
async fn conv1d_step_forward_then_back_is_the_same_window() {
    let root = mount_at("#/conv1d").await;
    click(&root.root, "#conv1d-forward").await;
    click(&root.root, "#conv1d-forward").await;
    let (arith, count) = (text(&root.root, "#conv1d-arith"), text(&root.root, "#conv1d-count"));
    assert_eq!(count, "Window 3 / 8");
    assert_eq!(arith, "0.25×0.764 + 0.5×0.132 + 0.25×0.276 = 0.326");
    click(&root.root, "#conv1d-forward").await;
    assert_ne!(text(&root.root, "#conv1d-arith"), arith);
    click(&root.root, "#conv1d-back").await;
    assert_eq!(text(&root.root, "#conv1d-arith"), arith);
    assert_eq!(text(&root.root, "#conv1d-count"), count);
    assert!(
        text(&root.root, "#conv1d-live").contains("Window 3 of 8"),
        "the aria-live line follows"
    );
}

#[wasm_bindgen_test]
async fn conv1d_bad_kernel_text_is_flagged_and_the_last_output_stays() {
    let root = mount_at("#/conv1d").await;
    let before = texts(&root.root, "#conv1d-output .out-value");
    type_into(&root.root, "#conv1d-kernel-edit-cell-0-1", "abc").await;
    assert!(text(&root.root, "#conv1d-kernel-edit-error").contains("not a number"));
    assert_eq!(
        el(&root.root, "#conv1d-kernel-edit-cell-0-1").get_attribute("aria-invalid").as_deref(),
        Some("true")
    );
    assert_eq!(
        texts(&root.root, "#conv1d-output .out-value"),
        before,
        "the last good output stays"
    );
    type_into(&root.root, "#conv1d-kernel-edit-cell-0-1", "").await;
    assert!(text(&root.root, "#conv1d-kernel-edit-error").contains("empty"));
    assert_eq!(texts(&root.root, "#conv1d-output .out-value"), before);
    // A fraction is fine: [1/4, 1, 1/4] is now the student's kernel.
    type_into(&root.root, "#conv1d-kernel-edit-cell-0-1", "1/1").await;
    assert!(root.root.query_selector("#conv1d-kernel-edit-error").unwrap().is_none());
    assert_eq!(
        texts(&root.root, "#conv1d-output .out-value"),
        core_conv1d(&COURSE_SIGNAL, &[0.25, 1.0, 0.25], 1, Padding::Valid)
    );
    // A typed signal that is not numbers: flagged, the drawing keeps the last good one.
    select(&root.root, "#conv1d-signal", "custom").await;
    let before = texts(&root.root, "#conv1d-output .out-value");
    type_into(&root.root, "#conv1d-custom-signal", "1 2 x").await;
    assert!(text(&root.root, "#conv1d-signal-error").contains("Value 3"));
    assert_eq!(texts(&root.root, "#conv1d-output .out-value"), before);
    // A kernel longer than the signal (valid): said so, the last output stays.
    type_into(&root.root, "#conv1d-custom-signal", "1 2").await;
    assert!(text(&root.root, "#conv1d-error").contains("does not fit"));
    assert_eq!(texts(&root.root, "#conv1d-output .out-value"), before);
}

#[wasm_bindgen_test]
async fn conv2d_draws_what_the_core_layer_computes() {
    let root = mount_at("#/conv2d").await;
    assert_eq!(text(&root.root, "h1"), "2D convolution");
    let lap = [0.0, 1.0, 0.0, 1.0, -4.0, 1.0, 0.0, 1.0, 0.0];
    // The course's 4×4 example with a 3×3 kernel: a 2×2 map.
    assert_eq!(
        drawn_map(&root.root, "#conv2d-output"),
        core_conv2d(&COURSE_4X4, 4, 4, &lap, (3, 3), 1, Padding::Valid, false)
    );
    assert_eq!(el(&root.root, "#conv2d-output").get_attribute("data-rows").as_deref(), Some("2"));
    // The output size: one labelled line per axis, with the geometry's numbers.
    assert_eq!(text(&root.root, "#conv2d-formula-rows"), "rows: ⌊(4 + 2×0 − 3) / 1⌋ + 1 = 2");
    assert_eq!(text(&root.root, "#conv2d-formula-cols"), "columns: ⌊(4 + 2×0 − 3) / 1⌋ + 1 = 2");
    assert!(
        text(&root.root, "#conv2d-formula").contains("= 2 × 2"),
        "{}",
        text(&root.root, "#conv2d-formula")
    );
    // Draw a digit: the pad and an invitation; the blank pad keeps the previous output.
    let before = el(&root.root, "#conv2d-output").get_attribute("data-values");
    select(&root.root, "#conv2d-input", "draw").await;
    assert!(root.root.query_selector("#conv2d-pad").unwrap().is_some());
    assert_eq!(text(&root.root, "#conv2d-pad-empty"), "Draw a digit");
    assert_eq!(el(&root.root, "#conv2d-output").get_attribute("data-values"), before);
    // ReLU and same padding, on the shapes.
    select(&root.root, "#conv2d-input", "shapes").await;
    select(&root.root, "#conv2d-padding", "same").await;
    el(&root.root, "#conv2d-relu").dyn_into::<HtmlElement>().unwrap().click();
    settle().await;
    let shapes = convolab::app::lessons::conv2d::model::builtin(
        convolab::app::lessons::conv2d::model::InputKind::Shapes,
    )
    .unwrap();
    assert_eq!(
        drawn_map(&root.root, "#conv2d-output"),
        core_conv2d(&shapes.values, 16, 16, &lap, (3, 3), 1, Padding::Same, true)
    );
    // Stepping forward then back returns the same window.
    click(&root.root, "#conv2d-forward").await;
    let arith = text(&root.root, "#conv2d-arith");
    click(&root.root, "#conv2d-forward").await;
    click(&root.root, "#conv2d-back").await;
    assert_eq!(text(&root.root, "#conv2d-arith"), arith);
    assert!(arith.contains("after ReLU"), "{arith}");
}

#[wasm_bindgen_test]
async fn conv2d_bad_kernel_and_non_image_upload_keep_the_output() {
    let root = mount_at("#/conv2d").await;
    let before = drawn_map(&root.root, "#conv2d-output");
    type_into(&root.root, "#conv2d-kernel-edit-cell-1-1", "abc").await;
    assert!(text(&root.root, "#conv2d-kernel-edit-error").contains("not a number"));
    assert_eq!(drawn_map(&root.root, "#conv2d-output"), before);
    // A kernel larger than the 4×4 input.
    select(&root.root, "#conv2d-rows", "7").await;
    assert!(
        text(&root.root, "#conv2d-error").contains("does not fit"),
        "{}",
        text(&root.root, "#conv2d-error")
    );
    assert_eq!(drawn_map(&root.root, "#conv2d-output"), before);
    select(&root.root, "#conv2d-rows", "3").await;
    // A text file offered as a picture.
    select(&root.root, "#conv2d-input", "upload").await;
    let before = drawn_map(&root.root, "#conv2d-output");
    let put_file = js_sys::Function::new_no_args(
        "const dt = new DataTransfer();
         dt.items.add(new File(['not a picture at all'], 'notes.png', { type: 'image/png' }));
         const input = document.querySelector('#conv2d-file');
         input.files = dt.files;
         input.dispatchEvent(new Event('change', { bubbles: true }));",
    );
    put_file.call0(&wasm_bindgen::JsValue::NULL).unwrap();
    sleep(Duration::from_millis(400)).await;
    assert!(text(&root.root, "#conv2d-upload-error").contains("not a picture"));
    assert_eq!(drawn_map(&root.root, "#conv2d-output"), before, "nothing else changes");
    // A real (tiny) picture is accepted: a 2×3 PNG drawn by the browser itself ('same'
    // padding, so that the 3×3 kernel fits it).
    select(&root.root, "#conv2d-padding", "same").await;
    let put_png = js_sys::Function::new_no_args(
        "const c = document.createElement('canvas'); c.width = 3; c.height = 2;
         const g = c.getContext('2d'); g.fillStyle = '#fff'; g.fillRect(0, 0, 3, 2); g.fillStyle = '#000'; g.fillRect(1, 0, 1, 2);
         c.toBlob(b => {
           const dt = new DataTransfer(); dt.items.add(new File([b], 'bar.png', { type: 'image/png' }));
           const input = document.querySelector('#conv2d-file'); input.files = dt.files;
           input.dispatchEvent(new Event('change', { bubbles: true }));
         });",
    );
    put_png.call0(&wasm_bindgen::JsValue::NULL).unwrap();
    sleep(Duration::from_millis(600)).await;
    assert!(root.root.query_selector("#conv2d-upload-error").unwrap().is_none());
    assert_eq!(
        el(&root.root, "#conv2d-input-map").get_attribute("data-values").as_deref(),
        Some("0,1,0,0,1,0")
    );
}

#[wasm_bindgen_test]
async fn pooling_shows_the_core_windows_and_why_13_becomes_6() {
    use convolab::app::lessons::pooling::model::THIRTEEN;
    use convolab::nn::{PoolConfig, PoolKind};
    let root = mount_at("#/pooling").await;
    // Max pooling of the 13 values, pool 2: the core's MaxPooling1D layer gives the same 6.
    let mut m = Sequential::<f32>::new(
        &[13, 1],
        &[LayerConfig::from(PoolConfig::max_pooling_1d(2))],
        &mut rng_from_seed(1),
    )
    .unwrap();
    let x: Vec<f32> = THIRTEEN.iter().map(|&v| v as f32).collect();
    let want: Vec<String> =
        m.predict(&x).unwrap().into_iter().map(|v| fmt_value(v as f64)).collect();
    assert_eq!(drawn_map(&root.root, "#pool-output"), want);
    assert_eq!(want.len(), 6);
    let formula = text(&root.root, "#pool-formula");
    assert!(formula.contains("⌊(13 + 2×0 − 2) / 2⌋ + 1 = ⌊11/2⌋ + 1 = 5 + 1 = 6"), "{formula}");
    assert!(formula.contains("13 becomes 6"), "{formula}");
    assert_eq!(text(&root.root, "#pool-arith"), "max(3, 1) = 3");
    click(&root.root, "#pool-forward").await;
    click(&root.root, "#pool-forward").await;
    assert_eq!(text(&root.root, "#pool-arith"), "max(5, 9) = 9");
    click(&root.root, "#pool-back").await;
    click(&root.root, "#pool-forward").await;
    assert_eq!(
        text(&root.root, "#pool-arith"),
        "max(5, 9) = 9",
        "forward then back: the same window"
    );
    // Average pooling of the 13×13 map, pool 2 (Keras 3 needs pool_size, the panel says so).
    select(&root.root, "#pool-input", "map13").await;
    select(&root.root, "#pool-kind", "average").await;
    let (r, c, v) = convolab::app::lessons::pooling::model::input(
        convolab::app::lessons::pooling::model::PoolInput::Map13,
    )
    .unwrap();
    let mut m = Sequential::<f32>::new(
        &[r, c, 1],
        &[LayerConfig::from(PoolConfig::average_pooling_2d((2, 2)))],
        &mut rng_from_seed(1),
    )
    .unwrap();
    let x: Vec<f32> = v.iter().map(|&v| v as f32).collect();
    let want: Vec<String> =
        m.predict(&x).unwrap().into_iter().map(|v| fmt_value(v as f64)).collect();
    assert_eq!(drawn_map(&root.root, "#pool-output"), want);
    assert!(
        text(&root.root, "#pool-keras")
            .contains("AveragePooling2D(pool_size=2, strides=2, padding=\"valid\")")
    );
    assert!(
        el(&root.root, "#pool-keras")
            .get_attribute("title")
            .unwrap()
            .contains("AveragePooling2D(pool_size=2)")
    );
    let _ = PoolKind::Max;
}

#[wasm_bindgen_test]
async fn dropout_draws_the_core_mask_and_inference_keeps_all() {
    use convolab::app::lessons::dropout::model::{MASK_SEED, model};
    let root = mount_at("#/dropout").await;
    let kept_dom = || {
        let l = root.root.query_selector_all("#dropout-units .unit").unwrap();
        (0..l.length())
            .map(|i| {
                l.item(i)
                    .unwrap()
                    .dyn_into::<Element>()
                    .unwrap()
                    .get_attribute("data-kept")
                    .unwrap()
                    == "true"
            })
            .collect::<Vec<_>>()
    };
    let core_mask = |step: u64| {
        let mut m = model(0.5).unwrap();
        let x = convolab::app::lessons::dropout::model::input();
        m.forward_train(
            ndarray::ArrayView2::from_shape((1, 100), &x[..]).unwrap(),
            &mut rng_from_seed(MASK_SEED + step),
        )
        .unwrap();
        m.dropout_masks()[0].1.data.iter().map(|&v| v > 0.0).collect::<Vec<_>>()
    };
    assert_eq!(kept_dom(), core_mask(0));
    click(&root.root, "#dropout-forward").await;
    assert_eq!(kept_dom(), core_mask(1));
    assert_ne!(core_mask(0), core_mask(1));
    click(&root.root, "#dropout-back").await;
    assert_eq!(kept_dom(), core_mask(0), "step back: the same mask again");
    assert!(text(&root.root, "#dropout-kept").contains("1/(1−0.5) = 2"));
    el(&root.root, "#dropout-infer").dyn_into::<HtmlElement>().unwrap().click();
    settle().await;
    assert!(kept_dom().iter().all(|&k| k), "inference: every unit kept");
}

// ---------------------------------------------------------------- issue 9, the labs

/// A number as the labs write it, in either language: `−0,5`, `(−1)`, `1.25`.
fn num(s: &str) -> f64 {
    let t =
        s.trim().trim_start_matches('(').trim_end_matches(')').replace('−', "-").replace(',', ".");
    t.parse::<f64>().unwrap_or_else(|_| panic!("not a number: {s:?}"))
}

/// A sum line (`w×x + w×x = s`, perhaps `≈ v`, a note, `→ after ReLU: r`) read back: the
/// products of the written factors must add up to the written result, exactly.
fn check_sum_line(line: &str) {
    let (lhs, rhs) = line.split_once(" = ").unwrap_or_else(|| panic!("no ` = ` in {line:?}"));
    let total: f64 = lhs.split(" + ").map(|t| t.split('×').map(num).product::<f64>()).sum();
    let shown = num(rhs.split(' ').next().unwrap());
    assert!(
        (total - shown).abs() < 1e-9,
        "{line:?}: the terms add up to {total}, the line says {shown}"
    );
    if let Some((_, relu)) = rhs.split_once(['→']) {
        let r = num(relu.rsplit(' ').next().unwrap());
        assert_eq!(r, shown.max(0.0), "{line:?}: ReLU of the shown sum");
    }
}

/// `max(a, b) = m` or `(a + b) / n = s / n = q` (or `≈ q`) read back.
fn check_pool_line(line: &str) {
    if let Some(rest) = line.strip_prefix("max(") {
        let (list, m) = rest.split_once(") = ").unwrap();
        let sep = if list.contains(" ; ") { " ; " } else { ", " };
        let most = list.split(sep).map(num).fold(f64::MIN, f64::max);
        assert_eq!(most, num(m), "{line:?}");
    } else {
        let (list, rest) = line.trim_start_matches('(').split_once(") / ").unwrap();
        let parts: Vec<&str> = rest.split(' ').collect();
        let n = num(parts[0]);
        let sum: f64 = list.split(" + ").map(num).sum();
        assert!((sum - num(parts[2])).abs() < 1e-9, "{line:?}: the sum");
        assert_eq!(num(parts[4]), n);
        let q = num(parts[6]);
        if parts[5] == "=" {
            assert!((sum / n - q).abs() < 1e-9, "{line:?}: the quotient");
        } else {
            assert_eq!(parts[5], "≈", "{line:?}");
            assert!((sum / n - q).abs() <= 0.0005 + 1e-12, "{line:?}: the rounded quotient");
        }
    }
}

async fn key(root: &Element, css: &str, key: &str) {
    key_with(root, css, key, false).await;
}

/// Focuses `css` and presses `key` there (with Ctrl if `ctrl`).
async fn key_with(root: &Element, css: &str, key: &str, ctrl: bool) {
    let f = js_sys::Function::new_with_args(
        "el, key, ctrlKey",
        "el.focus(); el.dispatchEvent(new KeyboardEvent('keydown', { key, ctrlKey, bubbles: true, cancelable: true }));",
    );
    f.call3(&wasm_bindgen::JsValue::NULL, &el(root, css).into(), &key.into(), &ctrl.into())
        .unwrap();
    settle().await;
}

fn focused_id() -> String {
    doc().active_element().map(|e| e.id()).unwrap_or_default()
}

/// Clicks the centre of cell (r, c) of a heat map, wherever the page's CSS puts it.
async fn click_cell(root: &Element, css: &str, r: usize, c: usize) {
    let f = js_sys::Function::new_with_args(
        "cv, r, c",
        "const b = cv.getBoundingClientRect(), k = b.width / cv.width;
         const cell = +cv.dataset.cell, m = +cv.dataset.margin, p = +cv.dataset.pad;
         const x = b.left + (m + (p + c + 0.5) * cell) * k, y = b.top + (m + (p + r + 0.5) * cell) * k;
         cv.dispatchEvent(new MouseEvent('click', { bubbles: true, clientX: x, clientY: y }));",
    );
    f.call3(
        &wasm_bindgen::JsValue::NULL,
        &el(root, css).into(),
        &(r as u32).into(),
        &(c as u32).into(),
    )
    .unwrap();
    settle().await;
}

/// RGBA of a canvas pixel (drawing coordinates).
fn pixel(root: &Element, css: &str, x: f64, y: f64) -> [u8; 4] {
    let cv: web_sys::HtmlCanvasElement = el(root, css).dyn_into().unwrap();
    let ctx: web_sys::CanvasRenderingContext2d =
        cv.get_context("2d").unwrap().unwrap().dyn_into().unwrap();
    let d = ctx.get_image_data(x.floor(), y.floor(), 1.0, 1.0).unwrap().data();
    [d[0], d[1], d[2], d[3]]
}

fn lum(p: [u8; 4]) -> f64 {
    0.299 * p[0] as f64 + 0.587 * p[1] as f64 + 0.114 * p[2] as f64
}

fn data_f(root: &Element, css: &str, attr: &str) -> f64 {
    el(root, css).get_attribute(attr).unwrap().parse().unwrap()
}

fn all_units(root: &Element) -> Vec<(String, String)> {
    let l = root.query_selector_all("#dropout-units .unit.kept").unwrap();
    (0..l.length())
        .map(|i| {
            let g: Element = l.item(i).unwrap().dyn_into().unwrap();
            (text(&g, ".unit-in"), text(&g, ".unit-out").trim_start_matches('→').to_string())
        })
        .collect()
}

/// Point 1: every arithmetic line on screen checks out by hand, in both languages.
#[wasm_bindgen_test]
async fn every_displayed_arithmetic_line_checks_out() {
    // Every window in English; a few in French (the same code, written with commas), so
    // that the suite stays within the test runner's time limit.
    for (lang, all) in [("en", true), ("fr", false)] {
        let root = mount(lang, "#/conv1d", 80).await;
        for _ in 0..if all { 8 } else { 3 } {
            check_sum_line(&text(&root.root, "#conv1d-arith"));
            click(&root.root, "#conv1d-forward").await;
        }
        drop(root);
        // 2D: the course's 4×4 and the Laplacian (rounding moves these sums), then ReLU.
        let root = mount(lang, "#/conv2d", 80).await;
        for _ in 0..if all { 4 } else { 2 } {
            check_sum_line(&text(&root.root, "#conv2d-arith"));
            click(&root.root, "#conv2d-forward").await;
        }
        el(&root.root, "#conv2d-relu").dyn_into::<HtmlElement>().unwrap().click();
        settle().await;
        for _ in 0..if all { 4 } else { 2 } {
            check_sum_line(&text(&root.root, "#conv2d-arith"));
            click(&root.root, "#conv2d-back").await;
        }
        drop(root);
        // Pooling: max and average, pool 2 and 3 (a ninth does not end).
        let root = mount(lang, "#/pooling", 80).await;
        let configs =
            [("map13", "average", "3"), ("signal13", "average", "2"), ("feature", "max", "3")];
        for &(input, kind, size) in &configs[..if all { 3 } else { 1 }] {
            select(&root.root, "#pool-input", input).await;
            select(&root.root, "#pool-kind", kind).await;
            select(&root.root, "#pool-size", size).await;
            for _ in 0..3 {
                check_pool_line(&text(&root.root, "#pool-arith"));
                click(&root.root, "#pool-forward").await;
            }
        }
        drop(root);
        // Dropout: each kept unit's output is its shown input times the shown factor.
        let root = mount(lang, "#/dropout", 80).await;
        for &rate in &["30", "50", "85"][..if all { 3 } else { 1 }] {
            let r: HtmlInputElement = el(&root.root, "#dropout-rate").dyn_into().unwrap();
            r.set_value(rate);
            let init = web_sys::InputEventInit::new();
            init.set_bubbles(true);
            r.dispatch_event(
                &web_sys::InputEvent::new_with_event_init_dict("input", &init).unwrap(),
            )
            .unwrap();
            settle().await;
            let legend = text(&root.root, "#dropout-factor");
            let f = num(legend.rsplit(' ').next().unwrap());
            let units = all_units(&root.root);
            assert!(!units.is_empty(), "{rate}: {units:?}");
            for (a, b) in units {
                assert!((num(&a) * f - num(&b)).abs() < 1e-9, "rate {rate}: {a} × {f} is not {b}");
            }
        }
    }
}

/// Point 10: a click, a tap or Enter on an output value shows the window that made it.
#[wasm_bindgen_test]
async fn clicking_an_output_jumps_to_its_window() {
    let root = mount_at("#/conv1d").await;
    el(&root.root, "#conv1d-output g[data-index=\"5\"]")
        .dispatch_event(&bubbling("click"))
        .unwrap();
    settle().await;
    assert_eq!(text(&root.root, "#conv1d-count"), "Window 6 / 8");
    key(&root.root, "#conv1d-output g[data-index=\"2\"]", "Enter").await;
    assert_eq!(text(&root.root, "#conv1d-count"), "Window 3 / 8");
    drop(root);

    // 2D: the shapes (16×16), 3×3 valid: a 14×14 map.
    let root = mount_at("#/conv2d").await;
    select(&root.root, "#conv2d-input", "shapes").await;
    click_cell(&root.root, "#conv2d-output", 3, 4).await;
    assert_eq!(text(&root.root, "#conv2d-count"), format!("Window {} / 196", 3 * 14 + 4 + 1));
    assert!(
        text(&root.root, "#conv2d-live").contains("row 4, column 5"),
        "{}",
        text(&root.root, "#conv2d-live")
    );
    // The keyboard: on an output map the cursor is the window's cell, so the arrows move
    // the step debugger with it (issue 10 point 5); Enter stays where it is.
    key(&root.root, "#conv2d-output", "ArrowDown").await;
    key(&root.root, "#conv2d-output", "ArrowRight").await;
    assert_eq!(text(&root.root, "#conv2d-count"), format!("Window {} / 196", 4 * 14 + 5 + 1));
    assert!(text(&root.root, "#conv2d-output-hover").contains("row 5, column 6"));
    key(&root.root, "#conv2d-output", "Enter").await;
    assert_eq!(text(&root.root, "#conv2d-count"), format!("Window {} / 196", 4 * 14 + 5 + 1));
    drop(root);

    // Pooling: the fifth of the six outputs of the 13 values.
    let root = mount_at("#/pooling").await;
    click_cell(&root.root, "#pool-output", 0, 4).await;
    assert_eq!(text(&root.root, "#pool-count"), "Window 5 / 6");
    assert_eq!(text(&root.root, "#pool-arith"), "max(5, 3) = 5");
    // And on a map: output (1, 2) of the 6×6 is window 1 × 6 + 2.
    select(&root.root, "#pool-input", "map13").await;
    click_cell(&root.root, "#pool-output", 1, 2).await;
    assert_eq!(text(&root.root, "#pool-count"), "Window 9 / 36");
}

/// Point 9: the window and the current cell are ringed black outside, white inside: they
/// read on any colour of the scale, and are more than a hairline.
#[wasm_bindgen_test]
async fn the_window_and_the_current_cell_stand_out() {
    let root = mount_at("#/conv2d").await;
    click(&root.root, "#conv2d-forward").await; // window (0, 1): its left edge is inside the picture
    // The maps follow their column's width, so the canvas may be redrawn at its final size a
    // few frames after the click (seen on a loaded CI machine): look again until it settles.
    let check = |root: &Element| -> Result<(), String> {
        for (css, r0, c0, span) in
            [("#conv2d-input-map", 0.0, 1.0, 3.0), ("#conv2d-output", 0.0, 1.0, 1.0)]
        {
            let (cell, m) = (data_f(root, css, "data-cell"), data_f(root, css, "data-margin"));
            let band = (cell / 6.0).clamp(2.0, 4.0);
            let (x, y) = (m + c0 * cell, m + (r0 + span / 2.0) * cell);
            let (dark, light) =
                (pixel(root, css, x - 1.5 * band, y), pixel(root, css, x - 0.5 * band, y));
            if !(lum(dark) < 40.0 && dark[3] == 255) {
                return Err(format!("{css}: the outer ring is dark: {dark:?}"));
            }
            if !(lum(light) > 230.0 && light[3] == 255) {
                return Err(format!("{css}: the inner ring is light: {light:?}"));
            }
            // The right edge too (on the output this lies on a coloured cell).
            let x = m + (c0 + span) * cell;
            let dark = pixel(root, css, x + 1.5 * band, y);
            if !(lum(dark) < 40.0 && dark[3] == 255) {
                return Err(format!("{css}: the right edge is dark: {dark:?}"));
            }
        }
        Ok(())
    };
    eventually(|| check(&root.root)).await;
}

/// Point 11: pooling hatches what no window sees, on the map; 1D positions are one index.
#[wasm_bindgen_test]
async fn pooling_marks_what_no_window_covers() {
    let root = mount_at("#/pooling").await;
    assert_eq!(
        el(&root.root, "#pool-input-map").get_attribute("data-uncovered-cols").as_deref(),
        Some("12")
    );
    assert_eq!(
        el(&root.root, "#pool-input-map").get_attribute("data-uncovered-rows").as_deref(),
        Some("")
    );
    let winner = text(&root.root, "#pool-winner");
    assert!(winner.contains("position 1") && !winner.contains("(1,"), "{winner}");
    assert!(
        text(&root.root, "#pool-input-map-hover").starts_with("position "),
        "{}",
        text(&root.root, "#pool-input-map-hover")
    );
    select(&root.root, "#pool-input", "map13").await;
    let css = "#pool-input-map";
    assert_eq!(el(&root.root, css).get_attribute("data-uncovered-rows").as_deref(), Some("12"));
    assert_eq!(el(&root.root, css).get_attribute("data-uncovered-cols").as_deref(), Some("12"));
    assert!(
        text(&root.root, "#pool-winner").contains("row "),
        "a map's winner has a row and a column"
    );
    // Share of near-black pixels in a cell: stripes cover a good part, a value's digits little.
    let check = |root: &Element| -> Result<(), String> {
        let (cell, m) = (data_f(root, css, "data-cell"), data_f(root, css, "data-margin"));
        let dark_share = |r: f64, c: f64| {
            let cv: web_sys::HtmlCanvasElement = el(root, css).dyn_into().unwrap();
            let ctx: web_sys::CanvasRenderingContext2d =
                cv.get_context("2d").unwrap().unwrap().dyn_into().unwrap();
            let d = ctx
                .get_image_data((m + c * cell).floor(), (m + r * cell).floor(), cell, cell)
                .unwrap()
                .data();
            let dark = d.chunks_exact(4).filter(|p| lum([p[0], p[1], p[2], p[3]]) < 40.0).count();
            dark as f64 / (d.len() / 4) as f64
        };
        let (row, col, covered) =
            (dark_share(12.0, 5.0), dark_share(5.0, 12.0), dark_share(5.0, 5.0));
        if !(row > 0.1 && col > 0.1) {
            return Err(format!("the last row and column are hatched: {row}, {col}"));
        }
        if covered >= 0.4 * row.min(col) {
            return Err(format!("a covered cell is not: {covered} (hatched: {row}, {col})"));
        }
        Ok(())
    };
    eventually(|| check(&root.root)).await;
    // Pool 2, stride 3: values between the windows are hatched as well.
    select(&root.root, "#pool-stride", "3").await;
    assert_eq!(
        el(&root.root, css).get_attribute("data-uncovered-cols").as_deref(),
        Some("2,5,8,11,12")
    );
    select(&root.root, "#pool-padding", "same").await;
    select(&root.root, "#pool-stride", "default").await;
    assert_eq!(el(&root.root, css).get_attribute("data-uncovered-cols").as_deref(), Some(""));
}

/// Point 12: "Convolution" flips the kernel before the core's layer sees it.
#[wasm_bindgen_test]
async fn convolution_flips_the_kernel_cross_correlation_does_not() {
    let root = mount_at("#/conv1d").await;
    select(&root.root, "#conv1d-signal", "ramp").await;
    select(&root.root, "#conv1d-kernel", "2").await; // the derivative [-1, 1]
    let ramp: Vec<f64> = (0..12).map(|i| i as f64).collect();
    let outputs = |root: &Element| {
        let l = root.query_selector_all("#conv1d-output g[data-value]").unwrap();
        (0..l.length())
            .map(|i| {
                l.item(i)
                    .unwrap()
                    .dyn_into::<Element>()
                    .unwrap()
                    .get_attribute("data-value")
                    .unwrap()
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(outputs(&root.root), core_conv1d(&ramp, &[-1.0, 1.0], 1, Padding::Valid));
    assert!(text(&root.root, "#conv1d-flip-note").contains("cross-correlation"));
    el(&root.root, "#conv1d-flip").dyn_into::<HtmlElement>().unwrap().click();
    settle().await;
    assert_eq!(outputs(&root.root), core_conv1d(&ramp, &[1.0, -1.0], 1, Padding::Valid));
    assert!(outputs(&root.root).iter().all(|v| v == "-1"));
    assert_eq!(
        text(&root.root, "#conv1d-arith"),
        "1×0 + (−1)×1 = −1",
        "the arithmetic shows the flipped weights"
    );
    assert!(text(&root.root, "#conv1d-applied").contains("1, −1"));
    assert!(text(&root.root, "#conv1d-keras").contains("# reversed"));
    drop(root);

    let root = mount_at("#/conv2d").await;
    let x_deriv = convolab::app::lessons::conv2d::model::kernels()
        .iter()
        .position(|k| k.weights == [-1.0, 1.0, -1.0, 1.0])
        .unwrap();
    select(&root.root, "#conv2d-kernel", &x_deriv.to_string()).await;
    let k = [-1.0, 1.0, -1.0, 1.0];
    assert_eq!(
        drawn_map(&root.root, "#conv2d-output"),
        core_conv2d(&COURSE_4X4, 4, 4, &k, (2, 2), 1, Padding::Valid, false)
    );
    el(&root.root, "#conv2d-flip").dyn_into::<HtmlElement>().unwrap().click();
    settle().await;
    let turned = [1.0, -1.0, 1.0, -1.0];
    assert_eq!(
        drawn_map(&root.root, "#conv2d-output"),
        core_conv2d(&COURSE_4X4, 4, 4, &turned, (2, 2), 1, Padding::Valid, false)
    );
    assert!(
        text(&root.root, "#conv2d-arith").starts_with("1×0.259 + (−1)×0.714"),
        "{}",
        text(&root.root, "#conv2d-arith")
    );
}

/// Installs a fake `fetch` for the digits file (`None`: the request fails as when blocked).
fn fake_digits(bytes: Option<Vec<u8>>) {
    let f = js_sys::Function::new_with_args(
        "bytes",
        "if (!window.__realFetch) window.__realFetch = window.fetch;
         const real = window.__realFetch;
         window.fetch = (u, ...a) => String(u).includes('mnist10k')
           ? (bytes ? Promise.resolve(new Response(bytes)) : Promise.reject(new TypeError('Failed to fetch')))
           : real(u, ...a);",
    );
    let arg = match bytes {
        Some(b) => js_sys::Uint8Array::from(&b[..]).into(),
        None => wasm_bindgen::JsValue::NULL,
    };
    f.call1(&wasm_bindgen::JsValue::NULL, &arg).unwrap();
}

fn real_fetch() {
    js_sys::Function::new_no_args("if (window.__realFetch) { window.fetch = window.__realFetch; }")
        .call0(&wasm_bindgen::JsValue::NULL)
        .unwrap();
}

/// Point 6: with the digits file blocked, one translated sentence; the other inputs work.
#[wasm_bindgen_test]
async fn a_blocked_digits_file_is_said_plainly() {
    fake_digits(None);
    // (lab, its input menu, the digits, the error's id, another input, its output, rows)
    let labs = [
        (
            "#/conv2d",
            "#conv2d-input",
            "mnist",
            "#conv2d-digits-error",
            "shapes",
            "#conv2d-output",
            "14",
        ),
        ("#/pooling", "#pool-input", "digit", "#pool-digits-error", "map13", "#pool-output", "6"),
    ];
    for (lang, want) in [("en", "could not be reached"), ("fr", "inaccessible")] {
        for (route, menu, digits, error, other, output, rows) in labs {
            let root = mount(lang, route, 80).await;
            select(&root.root, menu, digits).await;
            sleep(Duration::from_millis(150)).await;
            let msg = text(&root.root, error);
            assert!(
                msg.contains(want) && msg.len() < 200 && !msg.contains("JsValue"),
                "{route}: {msg}"
            );
            select(&root.root, menu, other).await;
            assert_eq!(
                el(&root.root, output).get_attribute("data-rows").as_deref(),
                Some(rows),
                "{route}: {other} still works"
            );
        }
    }
    real_fetch();
}

/// A browser without `DecompressionStream` (Firefox before 113, Safari before 16.4) is told
/// that the browser is the cause, not the network: in both labs, and by the training
/// worker's loader (the same function, called here on the page).
#[wasm_bindgen_test]
async fn a_browser_that_cannot_inflate_is_told_so() {
    let labels: Vec<u8> = (0..10).collect();
    fake_digits(Some(
        convolab::data::Mnist::new(28, 28, labels, vec![9; 10 * 784]).unwrap().to_bytes(),
    ));
    let hide = |on: bool| {
        js_sys::Function::new_with_args(
            "on",
            "if (on) { window.__realDs = window.DecompressionStream; delete window.DecompressionStream; }
             else if (window.__realDs) { window.DecompressionStream = window.__realDs; }",
        )
        .call1(&wasm_bindgen::JsValue::NULL, &on.into())
        .unwrap();
    };
    hide(true);
    let worker = convolab::worker::fetch_digits("static/data/mnist10k.bin").await;
    let labs = [
        ("#/conv2d", "#conv2d-input", "mnist", "#conv2d-digits-error"),
        ("#/pooling", "#pool-input", "digit", "#pool-digits-error"),
    ];
    let mut said = Vec::new();
    for (lang, want) in [("en", "too old"), ("fr", "trop ancien")] {
        for (route, menu, digits, error) in labs {
            let root = mount(lang, route, 80).await;
            select(&root.root, menu, digits).await;
            sleep(Duration::from_millis(150)).await;
            said.push((route, want, text(&root.root, error)));
        }
    }
    hide(false);
    real_fetch();
    assert!(
        matches!(worker, Err(convolab::worker::protocol::DataFailure::OldBrowser)),
        "{:?}",
        worker.map(|m| m.len())
    );
    for (route, want, msg) in said {
        assert!(
            msg.contains(want) && msg.contains("DecompressionStream") && !msg.contains("reached"),
            "{route}: {msg}"
        );
    }
    // With it back, the same file inflates: the fake file itself was never the problem.
    let root = mount("en", "#/conv2d", 80).await;
    fake_digits(Some(
        convolab::data::Mnist::new(28, 28, (0..10).collect(), vec![9; 10 * 784])
            .unwrap()
            .to_bytes(),
    ));
    select(&root.root, "#conv2d-input", "mnist").await;
    sleep(Duration::from_millis(150)).await;
    assert!(
        root.root.query_selector("#conv2d-digits-error").unwrap().is_none(),
        "{}",
        text(&root.root, "#conv2d-digits-error")
    );
    real_fetch();
}

/// Point 13: "Next digit" always shows another digit; the LeNet button has its place.
#[wasm_bindgen_test]
async fn next_digit_moves_to_another_digit() {
    // A small digits file sorted by class, as the real one: 5 of each digit.
    let labels: Vec<u8> = (0..50).map(|i| (i / 5) as u8).collect();
    let pixels: Vec<u8> = (0..50 * 784).map(|i| ((i / 784) * 5) as u8).collect(); // each digit its own grey
    fake_digits(Some(convolab::data::Mnist::new(28, 28, labels, pixels).unwrap().to_bytes()));
    let root = mount_at("#/conv2d").await;
    select(&root.root, "#conv2d-input", "mnist").await;
    sleep(Duration::from_millis(200)).await;
    assert!(root.root.query_selector("#conv2d-send-to-lenet").unwrap().is_some());
    let label =
        |root: &Element| el(root, "#conv2d-digit-label").get_attribute("data-label").unwrap();
    let mut seen = vec![label(&root.root)];
    for _ in 0..12 {
        let before = (label(&root.root), drawn_map(&root.root, "#conv2d-input-map"));
        click(&root.root, "#conv2d-next-digit").await;
        let after = (label(&root.root), drawn_map(&root.root, "#conv2d-input-map"));
        assert_ne!(after.0, before.0, "Next digit showed the same digit again");
        assert_ne!(after.1, before.1, "the picture changed");
        seen.push(after.0);
    }
    assert_eq!(seen[..11], ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "0"]);
    real_fetch();
}

/// Point 8: the picker offers no SVG, and an SVG forced in gets its own sentence.
#[wasm_bindgen_test]
async fn the_upload_does_not_offer_what_it_refuses() {
    let root = mount_at("#/conv2d").await;
    select(&root.root, "#conv2d-input", "upload").await;
    let accept = el(&root.root, "#conv2d-file").get_attribute("accept").unwrap();
    assert!(
        !accept.contains("svg") && !accept.contains('*') && accept.contains("image/png"),
        "{accept}"
    );
    let before = drawn_map(&root.root, "#conv2d-output");
    js_sys::Function::new_no_args(
        "const dt = new DataTransfer();
         dt.items.add(new File(['<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"8\" height=\"8\"/>'], 'logo.svg', { type: 'image/svg+xml' }));
         const input = document.querySelector('#conv2d-file'); input.files = dt.files;
         input.dispatchEvent(new Event('change', { bubbles: true }));",
    )
    .call0(&wasm_bindgen::JsValue::NULL)
    .unwrap();
    sleep(Duration::from_millis(200)).await;
    assert!(
        text(&root.root, "#conv2d-upload-error").contains("SVG"),
        "{}",
        text(&root.root, "#conv2d-upload-error")
    );
    assert_eq!(drawn_map(&root.root, "#conv2d-output"), before);
}

/// Point 15: French numbers on screen (comma, true minus), canonical ones in attributes.
#[wasm_bindgen_test]
async fn french_numbers_on_the_labs() {
    let root = mount("fr", "#/conv1d", 80).await;
    let outs = texts(&root.root, "#conv1d-output .out-value");
    assert!(
        outs.iter().all(|v| !v.contains('.')) && outs.iter().any(|v| v.contains(',')),
        "{outs:?}"
    );
    assert!(
        text(&root.root, "#conv1d-arith").starts_with("0,25×0,214"),
        "{}",
        text(&root.root, "#conv1d-arith")
    );
    assert!(
        el(&root.root, "#conv1d-output g[data-index=\"0\"]")
            .get_attribute("data-value")
            .unwrap()
            .contains('.')
    );
    drop(root);
    let root = mount("fr", "#/conv2d", 80).await;
    assert!(
        text(&root.root, "#conv2d-output-hover").contains(','),
        "{}",
        text(&root.root, "#conv2d-output-hover")
    );
    assert!(
        text(&root.root, "#conv2d-arith").contains("(−4)×0,771"),
        "{}",
        text(&root.root, "#conv2d-arith")
    );
    assert!(
        drawn_map(&root.root, "#conv2d-output").iter().all(|v| !v.contains(',')),
        "data-values keep the dot"
    );
    drop(root);
    let root = mount("fr", "#/pooling", 80).await;
    select(&root.root, "#pool-input", "feature").await;
    select(&root.root, "#pool-kind", "average").await;
    assert!(!text(&root.root, "#pool-arith").contains('.'));
    drop(root);
    let root = mount("fr", "#/dropout", 80).await;
    assert!(
        text(&root.root, "#dropout-kept").contains("1/(1−0,5) = 2"),
        "{}",
        text(&root.root, "#dropout-kept")
    );
    let units = all_units(&root.root);
    assert!(units.iter().all(|(a, b)| !a.contains('.') && !b.contains('.')), "{units:?}");
    assert!(text(&root.root, "#dropout-keras").contains("Dropout(0.5)"), "Python keeps its dot");
}

/// Point 14: a core error reaches the page through the typed translation.
#[wasm_bindgen_test]
async fn core_errors_are_said_in_the_page_language() {
    use convolab::app::i18n::Lang;
    use convolab::app::i18n::errors::nn_error;
    let root = mount("fr", "#/conv1d", 80).await;
    select(&root.root, "#conv1d-signal", "custom").await;
    type_into(&root.root, "#conv1d-custom-signal", "1 2").await;
    let e = convolab::nn::window::geometry(2, 3, 1, Padding::Valid).unwrap_err();
    assert!(
        text(&root.root, "#conv1d-error").starts_with(&nn_error(Lang::Fr, &e)),
        "{}",
        text(&root.root, "#conv1d-error")
    );
}

/// Issue 10 point 5: every heat map is one tab stop whose cells are walked with the arrows,
/// Home / End (Ctrl: the whole map); the cell under the cursor is read out through a live
/// region; on an output map the cursor picks the window, and the step debugger says it.
#[wasm_bindgen_test]
async fn heat_maps_are_walked_with_the_keyboard() {
    let root = mount_at("#/conv2d").await;
    for css in ["#conv2d-input-map", "#conv2d-output", "#conv2d-bank-0"] {
        assert_eq!(
            el(&root.root, css).get_attribute("tabindex").as_deref(),
            Some("0"),
            "{css} is one tab stop"
        );
        let keys = el(&root.root, css).get_attribute("aria-describedby").unwrap();
        assert!(text(&root.root, &format!("#{keys}")).contains("Home"), "{css} says its keys");
    }
    // The input (4×4, not pickable): the cursor moves, the step debugger does not.
    let live = "#conv2d-input-map-live";
    assert_eq!(el(&root.root, live).get_attribute("aria-live").as_deref(), Some("polite"));
    assert_eq!(text(&root.root, live), "", "silent until the keyboard moves");
    key(&root.root, "#conv2d-input-map", "ArrowRight").await;
    assert_eq!(focused_id(), "conv2d-input-map", "the focus stays on the map");
    assert_eq!(
        el(&root.root, "#conv2d-input-map").get_attribute("data-cursor").as_deref(),
        Some("0,1")
    );
    assert_eq!(text(&root.root, live), format!("row 1, column 2: {}", fmt_value(COURSE_4X4[1])));
    key(&root.root, "#conv2d-input-map", "End").await;
    key(&root.root, "#conv2d-input-map", "ArrowDown").await;
    assert_eq!(text(&root.root, live), format!("row 2, column 4: {}", fmt_value(COURSE_4X4[7])));
    key(&root.root, "#conv2d-input-map", "Home").await;
    assert_eq!(text(&root.root, live), format!("row 2, column 1: {}", fmt_value(COURSE_4X4[4])));
    key_with(&root.root, "#conv2d-input-map", "End", true).await;
    assert_eq!(text(&root.root, live), format!("row 4, column 4: {}", fmt_value(COURSE_4X4[15])));
    key(&root.root, "#conv2d-input-map", "ArrowRight").await;
    assert_eq!(
        el(&root.root, "#conv2d-input-map").get_attribute("data-cursor").as_deref(),
        Some("3,3"),
        "stops at the edge"
    );
    assert_eq!(
        text(&root.root, "#conv2d-count"),
        "Window 1 / 4",
        "the input's cursor leaves the window alone"
    );
    // The cursor is drawn while the map has the focus: a ring in the page's focus yellow,
    // inset in its cell (here the last one, (3, 3)).
    let ring_at = |root: &Element| -> [u8; 4] {
        let (cell, m) = (
            data_f(root, "#conv2d-input-map", "data-cell"),
            data_f(root, "#conv2d-input-map", "data-margin"),
        );
        let band = (cell / 6.0).clamp(2.0, 4.0);
        pixel(root, "#conv2d-input-map", m + 3.0 * cell + 1.5 * band, m + 3.5 * cell)
    };
    let yellow = |p: [u8; 4]| p[0] > 230 && (165..=215).contains(&p[1]) && p[2] < 60;
    eventually(|| {
        let p = ring_at(&root.root);
        if yellow(p) {
            Ok(())
        } else {
            Err(format!("no focus cursor drawn on the focused map: {p:?}"))
        }
    })
    .await;

    // The output (2×2, pickable): each move picks the window; the step debugger says it.
    let before = text(&root.root, "#conv2d-live");
    key(&root.root, "#conv2d-output", "ArrowRight").await;
    assert_eq!(focused_id(), "conv2d-output");
    assert_eq!(text(&root.root, "#conv2d-count"), "Window 2 / 4");
    let now = text(&root.root, "#conv2d-live");
    assert_ne!(now, before, "the step debugger announces the new window");
    assert!(now.contains("row 1, column 2"), "{now}");
    assert_eq!(
        el(&root.root, "#conv2d-live").get_attribute("aria-live").as_deref(),
        Some("polite")
    );
    assert_eq!(
        el(&root.root, "#conv2d-live").get_attribute("aria-atomic").as_deref(),
        Some("true"),
        "each window said whole"
    );
    // The step debugger's focusable area is named and says its keys.
    let scope = el(&root.root, "#conv2d-scope");
    assert_eq!(scope.get_attribute("role").as_deref(), Some("group"));
    assert!(!scope.get_attribute("aria-label").unwrap_or_default().is_empty());
    assert!(text(&root.root, "#conv2d-hint").contains("space"));
    key(&root.root, "#conv2d-output", "ArrowDown").await;
    assert_eq!(text(&root.root, "#conv2d-count"), "Window 4 / 4");
    key(&root.root, "#conv2d-output", "Home").await;
    assert_eq!(text(&root.root, "#conv2d-count"), "Window 3 / 4");
    key_with(&root.root, "#conv2d-output", "Home", true).await;
    assert_eq!(text(&root.root, "#conv2d-count"), "Window 1 / 4");
    assert_eq!(
        el(&root.root, "#conv2d-output").get_attribute("data-cursor").as_deref(),
        Some("0,0")
    );
    assert_eq!(text(&root.root, "#conv2d-output-live"), "", "said once, by the step debugger");
    let p = ring_at(&root.root);
    assert!(!yellow(p), "the input's cursor goes when the focus leaves it: {p:?}");
    // The step debugger's own keys move the cursor too (the cursor is the marked cell).
    click(&root.root, "#conv2d-last").await;
    assert_eq!(
        el(&root.root, "#conv2d-output").get_attribute("data-cursor").as_deref(),
        Some("1,1")
    );
    drop(root);

    // Pooling's strip of 13: End goes to the last output, the arithmetic follows.
    let root = mount_at("#/pooling").await;
    key(&root.root, "#pool-output", "End").await;
    assert_eq!(text(&root.root, "#pool-count"), "Window 6 / 6");
    assert_eq!(focused_id(), "pool-output");
    let last = text(&root.root, "#pool-arith");
    key(&root.root, "#pool-output", "ArrowLeft").await;
    assert_eq!(text(&root.root, "#pool-count"), "Window 5 / 6");
    assert_ne!(text(&root.root, "#pool-arith"), last);
    // In French the live region says it in French.
    drop(root);
    let root = mount("fr", "#/pooling", 80).await;
    key(&root.root, "#pool-input-map", "ArrowRight").await;
    assert!(
        text(&root.root, "#pool-input-map-live").starts_with("position 2 :"),
        "{}",
        text(&root.root, "#pool-input-map-live")
    );
}
