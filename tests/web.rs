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
    let stored =
        web_sys::window().unwrap().local_storage().unwrap().unwrap().get_item("convolab.lang");
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

/// The pad hands over only the rectangle its strokes went through, and the preprocessing
/// (what LeNet and the 2D lab see) is the same as from the whole pad; a clear starts over.
#[wasm_bindgen_test]
async fn the_pad_reads_only_where_the_pen_went_and_the_network_sees_the_same() {
    use convolab::app::widgets::drawpad::{DrawPad, DrawPadProps, Ink};
    use convolab::data::preprocess_drawing;
    use std::cell::RefCell;
    use std::rc::Rc;
    let inks: Rc<RefCell<Vec<Ink>>> = Rc::default();
    let sink = inks.clone();
    let props = DrawPadProps {
        size: 240,
        stroke: 0.075,
        on_change: yew::Callback::from(move |i: Ink| sink.borrow_mut().push(i)),
        label: "pad".into(),
        clear_label: "clear".into(),
        id: "test-pad".into(),
        picture: None,
    };
    let root = doc().create_element("div").unwrap();
    doc().body().unwrap().append_child(&root).unwrap();
    let handle = yew::Renderer::<DrawPad>::with_root_and_props(root.clone(), props).render();
    settle().await;
    let canvas: web_sys::HtmlCanvasElement =
        root.query_selector("canvas").unwrap().unwrap().dyn_into().unwrap();
    // Shown at its own size, so client coordinates map one to one.
    canvas.set_attribute("style", "width:240px;height:240px").unwrap();
    let pointer = js_sys::Function::new_with_args(
        "c, type, x, y",
        "const r = c.getBoundingClientRect();
         c.dispatchEvent(new PointerEvent(type, { clientX: r.left + x, clientY: r.top + y, pointerId: 7, bubbles: true, cancelable: true, buttons: 1 }));",
    );
    let at = |t: &str, x: f64, y: f64| {
        let args = js_sys::Array::of4(&canvas, &t.into(), &x.into(), &y.into());
        pointer.apply(&wasm_bindgen::JsValue::NULL, &args).unwrap();
    };
    // A "7": a bar, then a slanted stroke.
    at("pointerdown", 70.0, 60.0);
    for k in 1..=10 {
        at("pointermove", 70.0 + 9.0 * k as f64, 60.0);
    }
    for k in 1..=10 {
        at("pointermove", 160.0 - 5.0 * k as f64, 60.0 + 13.0 * k as f64);
    }
    at("pointerup", 110.0, 190.0);
    settle().await;
    let last = inks.borrow().last().cloned().expect("the pad said what it holds");
    let ctx: web_sys::CanvasRenderingContext2d =
        canvas.get_context("2d").unwrap().unwrap().dyn_into().unwrap();
    let whole: Vec<f32> = ctx
        .get_image_data(0.0, 0.0, 240.0, 240.0)
        .unwrap()
        .data()
        .0
        .chunks_exact(4)
        .map(|p| p[3] as f32 / 255.0)
        .collect();
    let ink_in_whole = whole.iter().filter(|&&v| v > 0.0).count();
    assert!(ink_in_whole > 1000, "the strokes were drawn: {ink_in_whole} inked pixels");
    assert_eq!(
        last.pixels.iter().filter(|&&v| v > 0.0).count(),
        ink_in_whole,
        "every inked pixel is in the region"
    );
    assert!(
        last.width * last.height < 240 * 240 * 3 / 5,
        "only the strokes' rectangle: {}×{}",
        last.width,
        last.height
    );
    let (a, b) = (
        preprocess_drawing(&last.pixels, last.width, last.height).unwrap(),
        preprocess_drawing(&whole, 240, 240).unwrap(),
    );
    assert_eq!(a.mnist28, b.mnist28);
    assert_eq!(a.input32, b.input32);
    // Cleared: an empty pad, then a new dot gets a small region of its own.
    root.query_selector(".drawpad-clear")
        .unwrap()
        .unwrap()
        .dyn_into::<HtmlElement>()
        .unwrap()
        .click();
    settle().await;
    assert!(inks.borrow().last().unwrap().is_empty());
    at("pointerdown", 200.0, 200.0);
    at("pointerup", 200.0, 200.0);
    settle().await;
    let dot = inks.borrow().last().cloned().unwrap();
    assert!(!dot.is_empty() && dot.width <= 24 && dot.height <= 24, "{}×{}", dot.width, dot.height);
    handle.destroy();
    root.remove();
}
