//! LeNet live rendered in headless Chromium (wasm-bindgen-test): texts in both languages,
//! a bad setting flagged at its field with the last good value kept, and a worker that
//! cannot start (the test runner serves no worker.js) reported as such.
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
    let input: HtmlInputElement = root
        .query_selector(css)
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
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
    assert!(
        m.root.query_selector("#probs").unwrap().is_none(),
        "no prediction without ink"
    );
    drop(m);
    let m = mount_lenet("en").await;
    assert_eq!(text(&m.root, "h1"), "LeNet, live");
    assert_eq!(text(&m.root, "#probs-empty"), "Draw a digit");
}

#[wasm_bindgen_test]
async fn a_bad_learning_rate_is_flagged_and_the_last_good_one_stays() {
    let m = mount_lenet("en").await;
    let code = || text(&m.root, ".lenet pre.code");
    assert!(code().contains("Adam(learning_rate=0.001)"), "{}", code());
    let input = change(&m.root, "#set-lr", "fast please");
    sleep(Duration::from_millis(50)).await;
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert!(input.class_list().contains("invalid"));
    assert!(
        code().contains("Adam(learning_rate=0.001)"),
        "the last good value stays: {}",
        code()
    );
    let input = change(&m.root, "#set-lr", "0,05");
    sleep(Duration::from_millis(50)).await;
    assert_eq!(
        input.get_attribute("aria-invalid").as_deref(),
        Some("false")
    );
    assert!(
        code().contains("Adam(learning_rate=0.05)"),
        "a French decimal comma works: {}",
        code()
    );
    let input = change(&m.root, "#set-batch", "0");
    sleep(Duration::from_millis(50)).await;
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert!(code().contains("batch_size=32"));
}

#[wasm_bindgen_test]
async fn a_worker_that_does_not_start_is_reported() {
    // The test runner serves no worker.js: the worker never answers.
    let m = mount_lenet("en").await;
    assert_eq!(
        text(&m.root, "#train-status"),
        "Loading the digits in the worker…"
    );
    let start: web_sys::HtmlButtonElement = m
        .root
        .query_selector("#train-start")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    assert!(start.disabled());
    sleep(Duration::from_millis(16_000)).await;
    assert!(
        text(&m.root, "#train-status").starts_with("The compute worker did not start"),
        "{}",
        text(&m.root, "#train-status")
    );
    assert!(start.disabled());
}
