//! End-to-end: the real release `dist/` served over HTTP, driven in headless Chromium as a
//! student would (clicks, keys, back button), in both languages, at the site root and under
//! a sub-path. Saves a screenshot per page under target/screenshots/ — look at them.
//!
//! Ignored by plain `cargo test` (it needs dist/ and Chromium): `cargo xtask test` builds
//! dist/ and runs it with `cargo test --test e2e -- --ignored`.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::time::Duration;

use fantoccini::key::Key;
use fantoccini::{Client, Locator};
use serde_json::json;
use support::*;

struct Page {
    path: &'static str,
    name: &'static str,
    h1_en: &'static str,
    h1_fr: &'static str,
    title_en: &'static str,
}

const PAGES: &[Page] = &[
    Page {
        path: "/",
        name: "home",
        h1_en: "Learn how a network sees",
        h1_fr: "Comprendre comment un réseau voit",
        title_en: "Convolab",
    },
    Page {
        path: "/history",
        name: "history",
        h1_en: "A short history of CNNs",
        h1_fr: "Une brève histoire des CNN",
        title_en: "History · Convolab",
    },
    Page {
        path: "/no-such-page",
        name: "not-found",
        h1_en: "Page not found",
        h1_fr: "Page introuvable",
        title_en: "Page not found · Convolab",
    },
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs dist/ and Chromium: run through `cargo xtask test`"]
async fn student_walks_through_every_page_in_both_languages() -> Res {
    within(Duration::from_secs(240), walk()).await
}

/// The walk, one step after another in the same session (the language chosen in the first
/// steps stays for the next ones).
async fn walk() -> Res {
    let b = Browser::open("walk").await?;
    let c = &b.c;
    let base = b.base();

    first_visit(c, &base).await?;
    every_page_in_both_languages(c, &base).await?;
    reload_keeps_the_language(c, &base).await?;
    back_button(c).await?;
    keyboard(c, &base).await?;
    large_type(c).await?;
    nav_on_one_row(c).await?;
    tablet(c, &base).await?;
    site_root(&b).await?;

    assert_no_console_errors(&b.console_log().await?);
    let asked = b.asked();
    // None of these pages trains: the worker was never downloaded (LeNet live starts it;
    // e2e_lenet proves it loads and trains).
    assert!(
        !asked.iter().any(|p| p.contains("worker") && !p.starts_with(PRECACHED)),
        "the worker loaded outside LeNet: {asked:?}"
    );
    b.close().await?;
    Ok(())
}

async fn first_visit(c: &Client, base: &str) -> Res {
    step("first visit");
    // First visit: the browser speaks English (--lang=en-US), so does the app.
    c.goto(base).await?;
    wait_text(c, "h1", PAGES[0].h1_en).await?;
    assert_eq!(js(c, "return document.documentElement.lang").await?, json!("en"));
    // The training worker starts only on the page that uses it (LeNet live).
    wait_text(c, "#worker-status", "not started (it starts on the LeNet page)").await?;
    Ok(())
}

async fn every_page_in_both_languages(c: &Client, base: &str) -> Res {
    for lang in ["en", "fr"] {
        c.find(Locator::Css(&format!("#lang-{lang}"))).await?.click().await?;
        for p in PAGES {
            step(&format!("{lang} {}", p.path));
            // A deep link, typed or shared, under the sub-path.
            c.goto(&format!("{base}#{}", p.path)).await?;
            let h1 = if lang == "en" { p.h1_en } else { p.h1_fr };
            wait_text(c, "h1", h1).await?;
            assert_eq!(js(c, "return document.documentElement.lang").await?, json!(lang));
            if lang == "en" {
                assert_eq!(c.title().await?, p.title_en);
            }
            assert_same_origin(c).await?;
            shot(c, &format!("{}-{lang}", p.name)).await?;
        }
    }
    Ok(())
}

async fn reload_keeps_the_language(c: &Client, base: &str) -> Res {
    step("reload");
    // The choice survives a reload.
    c.goto(&format!("{base}#/")).await?;
    c.refresh().await?;
    wait_text(c, "h1", PAGES[0].h1_fr).await?;
    wait_text(c, "#worker-status", "pas démarré (il démarre sur la page LeNet)").await?;
    Ok(())
}

async fn back_button(c: &Client) -> Res {
    step("back button");
    // Navigation by clicking, then the browser's back button.
    c.find(Locator::Css("nav.mainnav a")).await?.click().await?;
    wait_text(c, "h1", PAGES[1].h1_fr).await?;
    // Following a link puts the focus on the new page's heading, not on the old link.
    wait_js(
        c,
        "return document.activeElement.tagName === 'H1'",
        "focus on the h1 after a nav link",
    )
    .await?;
    c.back().await?;
    wait_text(c, "h1", PAGES[0].h1_fr).await?;
    c.forward().await?;
    wait_text(c, "h1", PAGES[1].h1_fr).await?;
    Ok(())
}

async fn keyboard(c: &Client, base: &str) -> Res {
    step("keyboard");
    // Keyboard only: the first Tab reaches the skip link, Enter moves focus to the content.
    c.goto(&format!("{base}#/history")).await?;
    c.refresh().await?;
    wait_text(c, "h1", PAGES[1].h1_fr).await?;
    press(c, Key::Tab).await?;
    assert_eq!(js(c, "return document.activeElement.className").await?, json!("skip-link"));
    press(c, Key::Enter).await?;
    assert_eq!(js(c, "return document.activeElement.id").await?, json!("main"));
    // The timeline follows the arrow keys.
    js(c, "document.querySelector('.tl-dot').focus(); return 0").await?;
    press(c, Key::Right).await?;
    press(c, Key::Right).await?;
    let card = text_of(c, "#event-card").await?;
    assert!(card.contains("1980") && card.contains("néocognitron"), "third event shown: {card}");
    // The focus moved with the selection (a second Right must move from the third event).
    wait_js(
        c,
        "const a = document.activeElement; return a.classList.contains('tl-dot') && a.classList.contains('current') && a.textContent.includes('1980')",
        "the focus follows the selected year",
    )
    .await?;
    // "Try this" is an invitation, not an alert: no red box.
    let bg = js(c, "const s = getComputedStyle(document.querySelector('.callout.try')); return [s.backgroundColor, s.borderLeftColor]").await?;
    for colour in bg.as_array().ok_or("two colours")? {
        let rgb: Vec<f64> = colour
            .as_str()
            .unwrap_or("")
            .trim_start_matches("rgb(")
            .trim_end_matches(')')
            .split(',')
            .filter_map(|v| v.trim().parse().ok())
            .collect();
        assert!(
            rgb.len() == 3 && rgb[0] <= rgb[1],
            "the Try-this box is not red-dominant: {colour}"
        );
    }
    shot(c, "history-fr-keyboard").await?;
    press(c, Key::End).await?;
    let card = text_of(c, "#event-card").await?;
    assert!(card.contains("Aujourd'hui"), "End jumps to the last event: {card}");
    Ok(())
}

async fn large_type(c: &Client) -> Res {
    step("large type");
    // Large type for the projector.
    c.find(Locator::Css("#present-toggle")).await?.click().await?;
    // At least 22 px; on a screen under 650 px high (a laptop with its browser bar) the type
    // follows the height down to 16 px so that a lab's stage stays one screen tall.
    let v = js(
        c,
        "return [parseFloat(getComputedStyle(document.documentElement).fontSize), innerHeight]",
    )
    .await?;
    let (size, high) = (v[0].as_f64().unwrap_or(0.0), v[1].as_f64().unwrap_or(0.0));
    let least = if high > 650.0 { 22.0 } else { 16.0 };
    assert!(size >= least, "large type: {size} px on a screen {high} px high");
    shot(c, "history-fr-present").await?;
    c.find(Locator::Css("#present-toggle")).await?.click().await?;
    Ok(())
}

async fn nav_on_one_row(c: &Client) -> Res {
    step("nav on one row");
    // At 1280 px, in French (the longer labels), the eight lessons fit on one row.
    c.set_window_size(1280, 720).await?;
    let rows = js(c, "return new Set([...document.querySelectorAll('nav.mainnav li')].map(li => Math.round(li.getBoundingClientRect().top))).size").await?;
    assert_eq!(rows, json!(1), "the French nav wraps at 1280 px");
    shot(c, "nav-fr-1280").await?;
    Ok(())
}

async fn tablet(c: &Client, base: &str) -> Res {
    step("tablet");
    // A 768-px tablet: nothing spills sideways.
    c.set_window_size(768, 1024).await?;
    for p in &PAGES[..2] {
        c.goto(&format!("{base}#{}", p.path)).await?;
        wait_text(c, "h1", p.h1_fr).await?;
        let overflow = sideways_overflow(c).await?;
        assert_eq!(overflow, json!(0), "{} overflows sideways at 768 px", p.name);
        shot(c, &format!("{}-fr-tablet", p.name)).await?;
    }
    // On the tablet's horizontal strip, the selected year scrolls into view.
    js(c, "document.querySelector('.tl-dot').focus(); return 0").await?;
    press(c, Key::End).await?;
    wait_js(
        c,
        "const b = document.querySelector('.tl-dot.current').getBoundingClientRect(); const o = document.querySelector('.timeline').getBoundingClientRect(); return b.left >= o.left - 1 && b.right <= o.right + 1",
        "the last year scrolled into the strip",
    )
    .await?;
    c.set_window_size(1280, 720).await?;
    Ok(())
}

async fn site_root(b: &Browser) -> Res {
    step("site root");
    let c = &b.c;
    // The same dist/ also works at the server's root.
    let root_url = format!("{}/#/history", b.origin());
    c.goto(&root_url).await?;
    wait_text(c, "h1", PAGES[1].h1_fr).await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs dist/ and Chromium: run through `cargo xtask test`"]
async fn a_panic_shows_a_readable_message_not_a_blank_page() -> Res {
    within(Duration::from_secs(90), panic_screen()).await
}

async fn panic_screen() -> Res {
    let b = Browser::open("panic").await?;
    let c = &b.c;
    step("panic page");
    c.goto(&format!("{}#/selftest/panic", b.base())).await?;
    wait_text(c, "#fatal h1", "Something went wrong").await?;
    let button = c.find(Locator::Css("#fatal button")).await?;
    assert_eq!(button.text().await?, "Reload");
    shot(c, "fatal-en").await?;
    let log = b.console_log().await?;
    assert!(
        log.iter().any(|(lvl, m)| lvl == "SEVERE" && m.contains("Convolab panicked")),
        "the panic is logged to the console: {log:#?}"
    );
    b.close().await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs dist/ and Chromium: run through `cargo xtask test`"]
async fn the_light_bundle_hands_over_to_the_whole_app() -> Res {
    within(Duration::from_secs(180), hand_over()).await
}

/// The wasm files the page itself asked for (resource timing: it counts what the service
/// worker answered too, which the server's log would miss).
const WASM_ASKED: &str = "return performance.getEntriesByType('resource').map(e => new URL(e.name).pathname.split('/').pop()).filter(n => n.endsWith('.wasm'))";

async fn wasm_asked(c: &Client) -> Res<Vec<String>> {
    let v = js(c, WASM_ASKED).await?;
    Ok(v.as_array()
        .ok_or("resource list")?
        .iter()
        .filter_map(|s| s.as_str().map(str::to_string))
        .collect())
}

/// One shell on the page: the light app left nothing behind when the whole one took over.
async fn assert_one_shell(c: &Client) -> Res {
    let n = js(c, "return [document.querySelectorAll('header.topbar').length, document.querySelectorAll('main').length, document.querySelectorAll('footer').length]").await?;
    assert_eq!(n, json!([1, 1, 1]), "one header, main and footer");
    Ok(())
}

async fn hand_over() -> Res {
    let b = Browser::open("handover").await?;
    let c = &b.c;
    let base = b.base();

    step("the 1D lab starts the light bundle alone");
    c.goto(&format!("{base}#/conv1d")).await?;
    wait_text(c, "main h1", "1D convolution").await?;
    let asked = wasm_asked(c).await?;
    assert!(asked.iter().any(|n| n.starts_with("app-")), "the light bundle: {asked:?}");
    assert!(
        !asked.iter().any(|n| n == "full_bg.wasm" || n == "worker_bg.wasm"),
        "nothing else: {asked:?}"
    );

    step("a nav link to the 2D lab loads the whole app, which takes over");
    // The lab has written its state and language into its link (what "back" returns to).
    wait_js(c, "return location.hash.includes('lang=en')", "the 1D lab's link").await?;
    c.find(Locator::Css("nav.mainnav a[href='#/conv2d']")).await?.click().await?;
    wait_text(c, "main h1", "2D convolution").await?;
    assert!(wasm_asked(c).await?.iter().any(|n| n == "full_bg.wasm"));
    assert_eq!(js(c, "return location.hash").await?, json!("#/conv2d"));
    assert_one_shell(c).await?;
    wait_js(c, "return document.activeElement.tagName === 'H1'", "focus on the new page's h1")
        .await?;

    step("French on the 2D lab, then back: the 1D lab's old link does not switch it back");
    c.find(Locator::Css("#lang-fr")).await?.click().await?;
    wait_text(c, "main h1", "Convolution 2D").await?;
    shot(c, "handover-conv2d-fr").await?;
    c.back().await?;
    wait_js(c, "return location.hash.startsWith('#/conv1d')", "back on the 1D lab").await?;
    wait_text(c, "main h1", "Convolution 1D").await?;
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert_eq!(
        js(c, "return document.documentElement.lang").await?,
        json!("fr"),
        "back kept French"
    );
    assert_eq!(text_of(c, "main h1").await?, "Convolution 1D");
    assert_one_shell(c).await?;

    step("a fresh light page in French hands over in French");
    c.goto(&format!("{base}#/history")).await?;
    c.refresh().await?;
    wait_text(c, "main h1", "Une brève histoire des CNN").await?;
    assert!(!wasm_asked(c).await?.iter().any(|n| n == "full_bg.wasm"), "the light bundle alone");
    c.find(Locator::Css("nav.mainnav a[href='#/lenet']")).await?.click().await?;
    wait_text(c, "main h1", "LeNet en direct").await?;
    assert_one_shell(c).await?;

    step("a deep link to LeNet starts the whole app alone");
    c.goto(&format!("{base}#/lenet")).await?;
    c.refresh().await?;
    wait_text(c, "main h1", "LeNet en direct").await?;
    let asked = wasm_asked(c).await?;
    assert!(
        !asked.iter().any(|n| n.starts_with("app-")),
        "no light bundle on a deep link to LeNet: {asked:?}"
    );
    assert_no_console_errors(&b.console_log().await?);
    let driver = b.close_keeping_driver().await?;

    step("the whole app cannot be fetched: a message, then a retry that works");
    // A copy of dist/ without the service worker (no cache to answer) and without full.js.
    let served = tempdir("handover-dist");
    copy_dir(&dist_dir()?, &served, &|name| name != "sw.js" && name != "full.js")?;
    let b = Browser::open_with(driver, served.clone(), "handover2").await?;
    let c = &b.c;
    c.goto(&format!("{}#/history", b.base())).await?;
    wait_text(c, "main h1", "A short history of CNNs").await?;
    c.find(Locator::Css("nav.mainnav a[href='#/pooling']")).await?.click().await?;
    wait_js(
        c,
        "const a = document.querySelector('#load-full [role=alert]'); return !!a && a.textContent.startsWith('This lesson could not be loaded')",
        "the message that the lesson did not load",
    )
    .await?;
    assert_one_shell(c).await?;
    shot(c, "handover-failed-en").await?;
    std::fs::copy(dist_dir()?.join("full.js"), served.join("full.js"))?;
    c.find(Locator::Css("#load-full-retry")).await?.click().await?;
    wait_text(c, "main h1", "Pooling").await?;
    assert_one_shell(c).await?;
    b.close().await?;
    let _ = std::fs::remove_dir_all(&served);
    Ok(())
}
