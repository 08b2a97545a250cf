//! The exercises panel in headless Chromium, used as a student would: a right answer is
//! marked right, a wrong one shows the worked solution, "another one" changes the question,
//! the score survives a new visit (localStorage) and shows on the home page, and the whole
//! answers go through a real form (so Enter submits).
//! `cargo test --target wasm32-unknown-unknown --test web_exercises`
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use convolab::app::exercises::texts::answer_text;
use convolab::app::exercises::{Answer, Kind, generate};
use convolab::app::i18n::Lang;
use gloo_timers::future::sleep;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement};

mod web_support;
use web_support::*;

wasm_bindgen_test_configure!(run_in_browser);

fn el(root: &Element, css: &str) -> HtmlElement {
    root.query_selector(css).unwrap().unwrap_or_else(|| panic!("no {css}")).dyn_into().unwrap()
}

fn text(root: &Element, css: &str) -> String {
    el(root, css).text_content().unwrap_or_default()
}

/// The exercise on screen, regenerated from its kind and seed.
fn on_screen(root: &Element) -> convolab::app::exercises::Exercise {
    let card = el(root, ".ex-card");
    let kind = Kind::from_code(&card.get_attribute("data-kind").unwrap()).unwrap();
    let seed: u64 = card.get_attribute("data-seed").unwrap().parse().unwrap();
    generate(kind, seed)
}

async fn type_answer(root: &Element, value: &str) {
    let input: HtmlInputElement = el(root, "#ex-answer").dyn_into().unwrap();
    input.set_value(value);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    input
        .dispatch_event(&web_sys::Event::new_with_event_init_dict("input", &init).unwrap())
        .unwrap();
    sleep(Duration::from_millis(30)).await;
}

/// Submits the answer with the form's own submit button (Enter in the field does the same:
/// the end-to-end test presses it).
async fn submit(root: &Element) {
    el(root, "#ex-check").click();
    sleep(Duration::from_millis(50)).await;
}

async fn score(root: &Element) -> (u32, u32) {
    let s = el(root, "#ex-score");
    (
        s.get_attribute("data-answered").unwrap().parse().unwrap(),
        s.get_attribute("data-right").unwrap().parse().unwrap(),
    )
}

#[wasm_bindgen_test]
async fn right_wrong_another_and_progress_that_survives() {
    web_sys::window()
        .unwrap()
        .local_storage()
        .unwrap()
        .unwrap()
        .remove_item("convolab.progress")
        .unwrap();
    let m = mount("fr", "#/history", 150).await;
    // History starts with the ordering question; go to "which year?", a typed answer.
    el(&m.root, "#ex-kind-h-year").click();
    sleep(Duration::from_millis(50)).await;
    let ex = on_screen(&m.root);
    assert_eq!(ex.kind, Kind::HistoryYear);
    let Answer::Integer(year) = ex.answer else { panic!("a year") };
    assert!(
        text(&m.root, "#ex-prompt").starts_with("En quelle année"),
        "{}",
        text(&m.root, "#ex-prompt")
    );

    // Nonsense is refused with a message and counts nothing.
    type_answer(&m.root, "mille neuf cent").await;
    submit(&m.root).await;
    assert!(
        text(&m.root, "#ex-feedback").contains("Tapez un nombre"),
        "{}",
        text(&m.root, "#ex-feedback")
    );
    assert_eq!(score(&m.root).await, (0, 0));

    // A wrong year: the worked solution, with the right year in it.
    type_answer(&m.root, &(year + 3).to_string()).await;
    submit(&m.root).await;
    let sol = text(&m.root, "#ex-solution");
    assert!(sol.contains(&year.to_string()), "{sol}");
    assert_eq!(score(&m.root).await, (1, 0));

    // Another one: a new question; answer it right.
    let before = (el(&m.root, ".ex-card").get_attribute("data-seed"), text(&m.root, "#ex-prompt"));
    let mut tries = 0;
    loop {
        el(&m.root, "#ex-another").click();
        sleep(Duration::from_millis(50)).await;
        tries += 1;
        if el(&m.root, ".ex-card").get_attribute("data-seed") != before.0 || tries > 5 {
            break;
        }
    }
    assert_ne!(
        el(&m.root, ".ex-card").get_attribute("data-seed"),
        before.0,
        "another one changes the seed"
    );
    assert!(m.root.query_selector("#ex-solution").unwrap().is_none(), "the old solution is gone");
    let ex = on_screen(&m.root);
    type_answer(&m.root, &answer_text(Lang::Fr, &ex)).await;
    submit(&m.root).await;
    assert!(text(&m.root, "#ex-feedback").contains("Juste"), "{}", text(&m.root, "#ex-feedback"));
    assert_eq!(score(&m.root).await, (2, 1));
    drop(m);

    // A new visit (the page was left): the score is still there, and on the home page too.
    let m = mount("en", "#/history", 150).await;
    assert_eq!(score(&m.root).await, (2, 1));
    drop(m);
    let m = mount("en", "#/", 150).await;
    assert_eq!(text(&m.root, ".path-score[data-lesson=history]"), "Exercises: 1 right out of 2");
    drop(m);

    // Reset my progress.
    let m = mount("en", "#/history", 150).await;
    el(&m.root, "#ex-reset").click();
    sleep(Duration::from_millis(50)).await;
    assert_eq!(score(&m.root).await, (0, 0));
}

#[wasm_bindgen_test]
async fn choices_are_buttons_and_a_wrong_choice_teaches() {
    let m = mount("en", "#/history", 150).await;
    el(&m.root, "#ex-kind-h-first").click();
    sleep(Duration::from_millis(50)).await;
    let ex = on_screen(&m.root);
    let Answer::Choice { correct, .. } = ex.answer else { panic!("a choice") };
    // Checking with nothing chosen asks for a choice.
    submit(&m.root).await;
    assert!(text(&m.root, "#ex-feedback").contains("Choose an answer first"));
    let buttons = m.root.query_selector_all(".ex-choice").unwrap();
    assert_eq!(buttons.length(), 2);
    let wrong: HtmlElement = buttons.item(1 - correct as u32).unwrap().dyn_into().unwrap();
    wrong.click();
    sleep(Duration::from_millis(30)).await;
    assert_eq!(wrong.get_attribute("aria-checked").as_deref(), Some("true"));
    submit(&m.root).await;
    assert!(
        text(&m.root, "#ex-feedback").contains("Not quite"),
        "{}",
        text(&m.root, "#ex-feedback")
    );
    assert!(text(&m.root, "#ex-solution").contains("Answer:"), "{}", text(&m.root, "#ex-solution"));
    // The hint exists before answering on a fresh question.
    el(&m.root, "#ex-another").click();
    sleep(Duration::from_millis(50)).await;
    el(&m.root, "#ex-hint").click();
    sleep(Duration::from_millis(30)).await;
    assert!(text(&m.root, "#ex-hint-text").contains("timeline"));
}
