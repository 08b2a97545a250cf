//! LeNet live rendered in headless Chromium (wasm-bindgen-test): texts in both languages,
//! a refused setting flagged at its field (why, and the allowed range) and blocking the
//! start, settings that survive navigation (the session is the app's), a worker that starts
//! only on LeNet, and a worker and weights file that cannot load (the test runner serves
//! neither worker.js nor the weights) reported as such, the footer agreeing.
//! `cargo test --target wasm32-unknown-unknown --test web_lenet`
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use gloo_timers::future::sleep;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlInputElement};

mod web_support;
use web_support::*;

wasm_bindgen_test_configure!(run_in_browser);

async fn mount_lenet(lang: &str) -> Mounted {
    mount(lang, "#/lenet", 100).await
}

fn text(root: &Element, css: &str) -> String {
    root.query_selector(css)
        .unwrap()
        .unwrap_or_else(|| panic!("no {css}"))
        .text_content()
        .unwrap_or_default()
}

fn change(root: &Element, css: &str, value: &str) -> HtmlInputElement {
    let input: HtmlInputElement = root.query_selector(css).unwrap().unwrap().dyn_into().unwrap();
    input.set_value(value);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    input
        .dispatch_event(&web_sys::Event::new_with_event_init_dict("change", &init).unwrap())
        .unwrap();
    input
}

#[wasm_bindgen_test]
async fn the_lesson_speaks_both_languages_and_invites_to_draw() {
    let m = mount_lenet("fr").await;
    assert_eq!(text(&m.root, "h1"), "LeNet en direct");
    assert_eq!(text(&m.root, "#probs-empty"), "Dessinez un chiffre");
    assert!(m.root.query_selector("#probs").unwrap().is_none(), "no prediction without ink");
    // The default learning rate is written as French writes numbers.
    let lr = |m: &Mounted| {
        m.root
            .query_selector("#set-lr")
            .unwrap()
            .unwrap()
            .dyn_into::<HtmlInputElement>()
            .unwrap()
            .value()
    };
    assert_eq!(lr(&m), "0,003");
    drop(m);
    let m = mount_lenet("en").await;
    assert_eq!(text(&m.root, "h1"), "LeNet, live");
    assert_eq!(text(&m.root, "#probs-empty"), "Draw a digit");
    assert_eq!(lr(&m), "0.003");
}

#[wasm_bindgen_test]
async fn a_refused_setting_says_why_and_blocks_the_start_until_corrected() {
    let m = mount_lenet("en").await;
    let code = || text(&m.root, ".lenet pre.code");
    assert!(code().contains("Adam(learning_rate=0.003)"), "{}", code());
    assert!(m.root.query_selector("#settings-refused").unwrap().is_none());
    let input = change(&m.root, "#set-lr", "fast please");
    sleep(Duration::from_millis(50)).await;
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert!(input.class_list().contains("invalid"));
    // What is shown is what was typed, and why it is refused, with the allowed range.
    assert_eq!(input.value(), "fast please");
    assert_eq!(
        text(&m.root, "#set-lr-error"),
        "Not a number. Allowed: above 0, at most 10 (e.g. 0.001)."
    );
    assert_eq!(input.get_attribute("aria-describedby").as_deref(), Some("set-lr-error"));
    assert_eq!(
        text(&m.root, "#settings-refused"),
        "A setting in red is refused: correct it to train."
    );
    assert!(code().contains("Adam(learning_rate=0.003)"), "the last good value stays: {}", code());
    let input = change(&m.root, "#set-lr", "0,05");
    sleep(Duration::from_millis(50)).await;
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("false"));
    assert!(
        m.root.query_selector("#set-lr-error").unwrap().is_none(),
        "a corrected value clears the red"
    );
    assert!(m.root.query_selector("#settings-refused").unwrap().is_none());
    assert!(
        code().contains("Adam(learning_rate=0.05)"),
        "a French decimal comma works: {}",
        code()
    );
    let input = change(&m.root, "#set-batch", "0");
    sleep(Duration::from_millis(50)).await;
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert_eq!(text(&m.root, "#set-batch-error"), "Too small: at least 1.");
    assert!(code().contains("batch_size=32"));
    drop(m);
    // In French, translated.
    let m = mount_lenet("fr").await;
    change(&m.root, "#set-batch", "0");
    sleep(Duration::from_millis(50)).await;
    assert_eq!(text(&m.root, "#set-batch-error"), "Trop petit\u{a0}: au moins 1.");
}

#[wasm_bindgen_test]
async fn the_settings_belong_to_the_app_and_survive_navigation() {
    let m = mount_lenet("en").await;
    change(&m.root, "#set-epochs", "7");
    sleep(Duration::from_millis(50)).await;
    // Away to the 2D lab and back, inside the same app.
    web_sys::window().unwrap().location().set_hash("#/conv2d").unwrap();
    sleep(Duration::from_millis(150)).await;
    assert!(m.root.query_selector("#set-epochs").unwrap().is_none(), "left the page");
    web_sys::window().unwrap().location().set_hash("#/lenet").unwrap();
    sleep(Duration::from_millis(150)).await;
    let input: HtmlInputElement =
        m.root.query_selector("#set-epochs").unwrap().unwrap().dyn_into().unwrap();
    assert_eq!(input.value(), "7");
    assert!(text(&m.root, ".lenet pre.code").contains("epochs=7"));
}

#[wasm_bindgen_test]
async fn other_pages_do_not_start_the_worker() {
    let m = mount("en", "#/conv1d", 200).await;
    assert_eq!(text(&m.root, "#worker-status"), "not started (it starts on the LeNet page)");
    assert!(m.root.query_selector("#run-indicator").unwrap().is_none(), "no run, no indicator");
}

#[wasm_bindgen_test]
async fn a_worker_that_does_not_start_is_reported() {
    // The test runner serves no worker.js: the session sees it is missing (and does not
    // spawn a worker that would throw), the page and the footer say so.
    let m = mount_lenet("en").await;
    let start: web_sys::HtmlButtonElement =
        m.root.query_selector("#train-start").unwrap().unwrap().dyn_into().unwrap();
    assert!(start.disabled());
    // The test runner serves the crate's files: the pretrained weights load without the
    // worker (the pad works). A missing weights file is tested end to end.
    sleep(Duration::from_millis(1_000)).await;
    assert_eq!(text(&m.root, "#weights-source"), "Weights: pretrained (98.6% on the test digits).");
    for _ in 0..80 {
        if text(&m.root, "#train-status").starts_with("The background computation did not start") {
            break;
        }
        sleep(Duration::from_millis(200)).await;
    }
    assert!(
        text(&m.root, "#train-status").starts_with("The background computation did not start"),
        "{}",
        text(&m.root, "#train-status")
    );
    // One source of truth: the footer says the same, not "starting…" forever.
    assert_eq!(text(&m.root, "#worker-status"), "did not start: training is unavailable");
    assert!(start.disabled());
}

#[wasm_bindgen_test]
async fn a_full_storage_refuses_the_weights_and_forgets_nothing_wrongly() {
    use convolab::app::training::state::Saved;
    use convolab::app::training::storage;
    let st = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    let meta = Saved { at_ms: 1.0, accuracy: Some(0.9), examples: 1000 };
    // Room: kept and read back.
    storage::save(&[7u8; 1000], &meta).unwrap();
    assert_eq!(storage::load_meta(), Some(meta));
    assert_eq!(storage::load_weights(), Some(vec![7u8; 1000]));
    // Fill the site's quota, then a run's weights (≈ 325 KB) no longer fit.
    let chunk = "x".repeat(256 * 1024);
    let mut k = 0;
    while st.set_item(&format!("filler-{k}"), &chunk).is_ok() && k < 200 {
        k += 1;
    }
    assert!(k < 200, "the browser has a quota");
    assert!(storage::save(&vec![1u8; 325_000], &meta).is_err());
    // Nothing half-written is offered for restoring.
    assert_eq!(storage::load_meta(), None);
    for i in 0..=k {
        st.remove_item(&format!("filler-{i}")).unwrap();
    }
}
