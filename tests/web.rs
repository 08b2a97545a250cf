//! Components rendered in headless Chromium (wasm-bindgen-test). Run with
//! `cargo test --target wasm32-unknown-unknown --test web` (cargo xtask test does).
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use gloo_timers::future::sleep;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

mod web_support;
use web_support::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Renders the whole app at the home page and lets Yew settle.
async fn mount_app(lang: &str) -> Mounted {
    mount(lang, "#/", 60).await
}

async fn settle() {
    sleep(Duration::from_millis(60)).await;
}

fn text_of(root: &Element, selector: &str) -> String {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no element matches {selector}"))
        .text_content()
        .unwrap_or_default()
}

fn click(root: &Element, selector: &str) {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no element matches {selector}"))
        .dyn_into::<HtmlElement>()
        .unwrap()
        .click();
}

fn html_lang() -> String {
    doc().document_element().unwrap().get_attribute("lang").unwrap_or_default()
}

#[wasm_bindgen_test]
async fn home_renders_in_the_saved_language_and_switches() {
    let root = mount_app("en").await;
    assert_eq!(text_of(&root, "h1"), "Learn how a network sees");
    assert_eq!(html_lang(), "en");

    click(&root, "#lang-fr");
    settle().await;
    assert_eq!(text_of(&root, "h1"), "Comprendre comment un réseau voit");
    assert_eq!(html_lang(), "fr");
    assert_eq!(
        root.query_selector("#lang-fr").unwrap().unwrap().get_attribute("aria-pressed").as_deref(),
        Some("true")
    );
    // The choice is remembered for the next visit.
    let stored = web_sys::window().unwrap().local_storage().unwrap().unwrap().get_item("convolab.lang");
    assert_eq!(stored.unwrap().as_deref(), Some("fr"));
}

#[wasm_bindgen_test]
async fn nav_lists_existing_lessons_and_history_steps_with_buttons() {
    let root = mount_app("en").await;
    let nav: Vec<String> = {
        let links = root.query_selector_all("nav.mainnav a").unwrap();
        (0..links.length()).map(|i| links.item(i).unwrap().text_content().unwrap()).collect()
    };
    let t = convolab::app::i18n::Lang::En.texts();
    let want: Vec<String> =
        convolab::app::route::LESSONS.iter().map(|r| r.nav_title(t).to_string()).collect();
    assert_eq!(nav, want, "the navigation lists exactly the lessons that exist");
    assert_eq!(nav[0], "History");

    click(&root, "nav.mainnav a");
    settle().await;
    assert_eq!(text_of(&root, "h1"), "A short history of CNNs");
    assert!(text_of(&root, "#event-card").contains("1958"));
    click(&root, "#event-next");
    settle().await;
    assert!(text_of(&root, "#event-card").contains("Hubel"), "Next shows the second event");
    click(&root, "#event-prev");
    settle().await;
    assert!(text_of(&root, "#event-card").contains("Rosenblatt"), "Previous comes back");
}

/// The hash router: links push `#/path`, the back button and the address bar are followed
/// (popstate), an unknown path shows the not-found page.
#[wasm_bindgen_test]
async fn router_follows_links_back_and_the_address_bar() {
    let w = web_sys::window().unwrap();
    let hash = || w.location().hash().unwrap();
    let current = |root: &Element| text_of(root, "nav.mainnav a.current");
    let t = convolab::app::i18n::Lang::En.texts();
    let root = mount("en", "#/conv1d?signal=ramp", 80).await;
    assert_eq!(current(&root), t.nav_conv1d);
    assert!(root.query_selector("nav.mainnav a[href='#/pooling']").unwrap().is_some());

    click(&root, "nav.mainnav a[href='#/pooling']");
    settle().await;
    assert_eq!(hash(), "#/pooling", "a link pushes its route, without the lab's query");
    assert_eq!(current(&root), t.nav_pooling);

    w.history().unwrap().back().unwrap();
    sleep(Duration::from_millis(200)).await;
    assert!(hash().starts_with("#/conv1d"), "back to the 1D lab: {}", hash());
    assert_eq!(current(&root), t.nav_conv1d);

    w.location().set_hash("#/nope").unwrap();
    sleep(Duration::from_millis(200)).await;
    assert_eq!(text_of(&root, "h1"), t.not_found_title);
    assert!(root.query_selector("nav.mainnav a.current").unwrap().is_none());

    click(&root, "a.brand");
    settle().await;
    assert_eq!(hash(), "#/");
    assert_eq!(text_of(&root, "h1"), "Learn how a network sees");
}

#[wasm_bindgen_test]
async fn presentation_mode_enlarges_type() {
    let root = mount_app("en").await;
    let root_el = doc().document_element().unwrap();
    assert!(!root_el.class_list().contains("present"));
    click(&root, "#present-toggle");
    settle().await;
    assert!(root_el.class_list().contains("present"));
    click(&root, "#present-toggle");
    settle().await;
    assert!(!root_el.class_list().contains("present"));
}

#[wasm_bindgen_test]
fn fatal_screen_shows_message_and_reload_button() {
    // What the panic hook draws: readable text, the detail as text (not HTML), a reload button.
    // Drawn into a test element: the test runner keeps its own output in the page body.
    let host = doc().create_element("div").unwrap();
    doc().body().unwrap().append_child(&host).unwrap();
    convolab::app::panic::show_fatal_in(&host, "<b>boom</b>");
    let fatal = host.query_selector("#fatal").unwrap().expect("fatal screen is drawn");
    assert!(fatal.text_content().unwrap().contains("<b>boom</b>"), "detail is shown as text");
    assert!(fatal.query_selector("b").unwrap().is_none(), "detail is never parsed as HTML");
    assert!(fatal.query_selector("button").unwrap().is_some());
    host.remove();
}
