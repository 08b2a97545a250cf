//! Presentation mode at the projector's sizes: `P` turns it on, the prose and the nav go,
//! every figure stays on screen with nothing overflowing, heat maps up to 13×13 are large
//! enough to show their values, and PageDown / PageUp walk the course. Screenshots of each
//! lab at 1280×720 and 1920×1080.
//!
//! Ignored by plain `cargo test`: `cargo xtask test` runs it on the release dist/.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::time::Duration;

use fantoccini::Locator;
use fantoccini::key::Key;
use serde_json::json;
use support::*;

const LABS: &[(&str, &str)] = &[("/conv1d", "conv1d"), ("/conv2d", "conv2d"), ("/pooling", "pooling"), ("/dropout", "dropout"), ("/lenet", "lenet")];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs dist/ and Chromium: run through `cargo xtask test`"]
async fn presentation_mode_fills_the_projector() -> Res {
    within(Duration::from_secs(240), present()).await
}

async fn press_char(c: &fantoccini::Client, ch: char) -> Res {
    use fantoccini::actions::{InputSource, KeyAction, KeyActions};
    c.perform_actions(KeyActions::new("k".into()).then(KeyAction::Down { value: ch }).then(KeyAction::Up { value: ch })).await?;
    tokio::time::sleep(Duration::from_millis(80)).await;
    Ok(())
}

async fn present() -> Res {
    let server = start_server(dist_dir()?);
    let driver = start_driver()?;
    let profile = tempdir("present");
    let c = open_browser(&driver, &profile).await?;
    let base = format!("http://127.0.0.1:{}{SUB}", server.port);
    c.goto(&format!("{base}#/conv1d")).await?;
    c.wait().at_most(Duration::from_secs(30)).for_element(Locator::Css("main h1")).await?;

    step("P turns presentation on");
    js(&c, "document.activeElement && document.activeElement.blur(); return 0").await?;
    press_char(&c, 'p').await?;
    wait_js(&c, "return document.documentElement.classList.contains('present')", "presentation on").await?;
    assert_eq!(js(&c, "return getComputedStyle(document.querySelector('nav.mainnav')).display").await?, json!("none"));
    assert_eq!(js(&c, "return getComputedStyle(document.querySelector('.footer')).display").await?, json!("none"));

    for (w, h) in [(1280u32, 720u32), (1920, 1080)] {
        c.set_window_size(w, h).await?;
        for (route, name) in LABS {
            step(&format!("{name} at {w}×{h}"));
            c.goto(&format!("{base}#{route}")).await?;
            c.wait().at_most(Duration::from_secs(30)).for_element(Locator::Css("main h1")).await?;
            tokio::time::sleep(Duration::from_millis(300)).await;
            let overflow = js(&c, "return document.documentElement.scrollWidth - document.documentElement.clientWidth").await?;
            assert_eq!(overflow, json!(0), "{name} overflows sideways at {w}×{h}");
            let outside = js(
                &c,
                "return [...document.querySelectorAll('main canvas, main svg')].filter(e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.right > document.documentElement.clientWidth + 1; }).length",
            )
            .await?;
            assert_eq!(outside, json!(0), "{name}: a figure leaves the screen at {w}×{h}");
            // Maps up to 13×13 show their values: cells of 30 px or more.
            let small = js(
                &c,
                "return [...document.querySelectorAll('main canvas[data-cell]')].filter(e => +e.dataset.rows <= 13 && +e.dataset.cols <= 13 && e.getBoundingClientRect().width > 0 && +e.dataset.cell < 30).map(e => e.id + ':' + e.dataset.cell)",
            )
            .await?;
            assert_eq!(small, json!([]), "{name}: map cells too small to show values at {w}×{h}");
            shot(&c, &format!("present-{name}-{w}")).await?;
        }
    }

    step("PageDown / PageUp walk the course");
    c.set_window_size(1280, 720).await?;
    c.goto(&format!("{base}#/conv1d")).await?;
    c.wait().at_most(Duration::from_secs(30)).for_element(Locator::Css("main h1")).await?;
    js(&c, "document.activeElement && document.activeElement.blur(); return 0").await?;
    press(&c, Key::PageDown).await?;
    wait_js(&c, "return location.hash === '#/conv2d'", "PageDown to the 2D lab").await?;
    press(&c, Key::PageUp).await?;
    wait_js(&c, "return location.hash === '#/conv1d'", "PageUp back to the 1D lab").await?;

    step("P in a text field types a p; P elsewhere turns presentation off");
    press_char(&c, 'p').await?;
    wait_js(&c, "return !document.documentElement.classList.contains('present')", "presentation off").await?;
    c.close().await?;
    Ok(())
}
