//! The convolution labs rendered in headless Chromium: what they draw is what the core's
//! layers compute; stepping, bad kernels and bad uploads. Run with
//! `cargo test --target wasm32-unknown-unknown --test web_labs`.
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use convolab::app::lessons::conv1d::model::COURSE_SIGNAL;
use convolab::app::lessons::conv2d::model::COURSE_4X4;
use convolab::app::widgets::heatmap::fmt_value;
use convolab::nn::{Activation, Conv1DConfig, Conv2DConfig, LayerConfig, Padding, Sequential, rng_from_seed};
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

async fn settle() {
    sleep(Duration::from_millis(80)).await;
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

async fn select(root: &Element, css: &str, value: &str) {
    let s: HtmlSelectElement = el(root, css).dyn_into().unwrap();
    s.set_value(value);
    s.dispatch_event(&web_sys::Event::new_with_event_init_dict("change", &{
        let i = web_sys::EventInit::new();
        i.set_bubbles(true);
        i
    }).unwrap()).unwrap();
    settle().await;
}

async fn type_into(root: &Element, css: &str, value: &str) {
    let input: HtmlInputElement = el(root, css).dyn_into().unwrap();
    input.set_value(value);
    let init = web_sys::InputEventInit::new();
    init.set_bubbles(true);
    input.dispatch_event(&web_sys::InputEvent::new_with_event_init_dict("input", &init).unwrap()).unwrap();
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
    let mut m = Sequential::<f32>::new(&[signal.len(), 1], &[LayerConfig::from(cfg)], &mut rng_from_seed(3)).unwrap();
    let mut p: Vec<f32> = kernel.iter().map(|&w| w as f32).collect();
    p.push(0.0);
    m.set_flat_params(&p).unwrap();
    let x: Vec<f32> = signal.iter().map(|&v| v as f32).collect();
    m.predict(&x).unwrap().into_iter().map(|v| fmt_value(v as f64)).collect()
}

fn core_conv2d(img: &[f64], rows: usize, cols: usize, kernel: &[f64], k: (usize, usize), stride: usize, padding: Padding, relu: bool) -> Vec<String> {
    let act = if relu { Activation::Relu } else { Activation::Linear };
    let cfg = Conv2DConfig::new(1, k).strides((stride, stride)).padding(padding).activation(act);
    let mut m = Sequential::<f32>::new(&[rows, cols, 1], &[LayerConfig::from(cfg)], &mut rng_from_seed(3)).unwrap();
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
    assert_eq!(texts(&root.root, "#conv1d-output .out-value"), core_conv1d(&COURSE_SIGNAL, &gauss, 1, Padding::Valid));
    assert_eq!(texts(&root.root, "#conv1d-output .out-value").len(), 8, "10 − 3 + 1 outputs");
    select(&root.root, "#conv1d-padding", "same").await;
    select(&root.root, "#conv1d-stride", "2").await;
    assert_eq!(texts(&root.root, "#conv1d-output .out-value"), core_conv1d(&COURSE_SIGNAL, &gauss, 2, Padding::Same));
    assert!(text(&root.root, "#conv1d-formula").contains("= 5"), "{}", text(&root.root, "#conv1d-formula"));
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
    assert_eq!(text(&root.root, "#conv1d-arith"), "(-1)×0 + 1×1 = 1");
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
    assert!(text(&root.root, "#conv1d-live").contains("Window 3 of 8"), "the aria-live line follows");
}

#[wasm_bindgen_test]
async fn conv1d_bad_kernel_text_is_flagged_and_the_last_output_stays() {
    let root = mount_at("#/conv1d").await;
    let before = texts(&root.root, "#conv1d-output .out-value");
    type_into(&root.root, "#conv1d-kernel-edit-cell-0-1", "abc").await;
    assert!(text(&root.root, "#conv1d-kernel-edit-error").contains("not a number"));
    assert_eq!(el(&root.root, "#conv1d-kernel-edit-cell-0-1").get_attribute("aria-invalid").as_deref(), Some("true"));
    assert_eq!(texts(&root.root, "#conv1d-output .out-value"), before, "the last good output stays");
    type_into(&root.root, "#conv1d-kernel-edit-cell-0-1", "").await;
    assert!(text(&root.root, "#conv1d-kernel-edit-error").contains("empty"));
    assert_eq!(texts(&root.root, "#conv1d-output .out-value"), before);
    // A fraction is fine: [1/4, 1, 1/4] is now the student's kernel.
    type_into(&root.root, "#conv1d-kernel-edit-cell-0-1", "1/1").await;
    assert!(root.root.query_selector("#conv1d-kernel-edit-error").unwrap().is_none());
    assert_eq!(texts(&root.root, "#conv1d-output .out-value"), core_conv1d(&COURSE_SIGNAL, &[0.25, 1.0, 0.25], 1, Padding::Valid));
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
    assert_eq!(drawn_map(&root.root, "#conv2d-output"), core_conv2d(&COURSE_4X4, 4, 4, &lap, (3, 3), 1, Padding::Valid, false));
    assert_eq!(el(&root.root, "#conv2d-output").get_attribute("data-rows").as_deref(), Some("2"));
    // The output size: one labelled line per axis, with the geometry's numbers.
    assert_eq!(text(&root.root, "#conv2d-formula-rows"), "rows: ⌊(4 + 2×0 − 3) / 1⌋ + 1 = 2");
    assert_eq!(text(&root.root, "#conv2d-formula-cols"), "columns: ⌊(4 + 2×0 − 3) / 1⌋ + 1 = 2");
    assert!(text(&root.root, "#conv2d-formula").contains("= 2 × 2"), "{}", text(&root.root, "#conv2d-formula"));
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
    let shapes = convolab::app::lessons::conv2d::model::builtin(convolab::app::lessons::conv2d::model::InputKind::Shapes).unwrap();
    assert_eq!(drawn_map(&root.root, "#conv2d-output"), core_conv2d(&shapes.values, 16, 16, &lap, (3, 3), 1, Padding::Same, true));
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
    assert!(text(&root.root, "#conv2d-error").contains("does not fit"), "{}", text(&root.root, "#conv2d-error"));
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
    assert_eq!(el(&root.root, "#conv2d-input-map").get_attribute("data-values").as_deref(), Some("0,1,0,0,1,0"));
}

#[wasm_bindgen_test]
async fn pooling_shows_the_core_windows_and_why_13_becomes_6() {
    use convolab::app::lessons::pooling::model::THIRTEEN;
    use convolab::nn::{PoolConfig, PoolKind};
    let root = mount_at("#/pooling").await;
    // Max pooling of the 13 values, pool 2: the core's MaxPooling1D layer gives the same 6.
    let mut m = Sequential::<f32>::new(&[13, 1], &[LayerConfig::from(PoolConfig::max_pooling_1d(2))], &mut rng_from_seed(1)).unwrap();
    let x: Vec<f32> = THIRTEEN.iter().map(|&v| v as f32).collect();
    let want: Vec<String> = m.predict(&x).unwrap().into_iter().map(|v| fmt_value(v as f64)).collect();
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
    assert_eq!(text(&root.root, "#pool-arith"), "max(5, 9) = 9", "forward then back: the same window");
    // Average pooling of the 13×13 map, pool 2 (Keras 3 needs pool_size, the panel says so).
    select(&root.root, "#pool-input", "map13").await;
    select(&root.root, "#pool-kind", "average").await;
    let (r, c, v) = convolab::app::lessons::pooling::model::input(convolab::app::lessons::pooling::model::PoolInput::Map13).unwrap();
    let mut m = Sequential::<f32>::new(&[r, c, 1], &[LayerConfig::from(PoolConfig::average_pooling_2d((2, 2)))], &mut rng_from_seed(1)).unwrap();
    let x: Vec<f32> = v.iter().map(|&v| v as f32).collect();
    let want: Vec<String> = m.predict(&x).unwrap().into_iter().map(|v| fmt_value(v as f64)).collect();
    assert_eq!(drawn_map(&root.root, "#pool-output"), want);
    assert!(text(&root.root, "#pool-keras").contains("AveragePooling2D(pool_size=2, strides=2, padding=\"valid\")"));
    assert!(el(&root.root, "#pool-keras").get_attribute("title").unwrap().contains("AveragePooling2D(pool_size=2)"));
    let _ = PoolKind::Max;
}

#[wasm_bindgen_test]
async fn dropout_draws_the_core_mask_and_inference_keeps_all() {
    use convolab::app::lessons::dropout::model::{MASK_SEED, model};
    let root = mount_at("#/dropout").await;
    let kept_dom = || {
        let l = root.root.query_selector_all("#dropout-units .unit").unwrap();
        (0..l.length()).map(|i| l.item(i).unwrap().dyn_into::<Element>().unwrap().get_attribute("data-kept").unwrap() == "true").collect::<Vec<_>>()
    };
    let core_mask = |step: u64| {
        let mut m = model(0.5).unwrap();
        let x = convolab::app::lessons::dropout::model::input();
        m.forward_train(ndarray::ArrayView2::from_shape((1, 100), &x[..]).unwrap(), &mut rng_from_seed(MASK_SEED + step)).unwrap();
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
