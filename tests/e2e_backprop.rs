//! End-to-end, LeNet live's "One training step, backwards" and "One unit over several
//! maps": the real release `dist/` in headless Chromium, in English, in French and in
//! presentation mode. A 7 drawn on the pad, the label 7 picked; softmax − one-hot sums to 0
//! and pulls the 7 up; the gradient is followed back to the first layer (every layer has
//! its block, the first convolution's maps carry a gradient, the picked weight's written
//! sum is the core's); the step applied raises p(7), and the way back restores the
//! network; a unit of conv2d_1 clicked gives six partial sums that, with the bias, add up
//! to the shown value, which is the layer's own output. No task freezes the page (over
//! 100 ms, a PerformanceObserver on 'longtask') while the step is computed and applied; the
//! 50 ms target is a benchmark's (`cargo xtask bench --browser`). Screenshots under
//! target/screenshots/ (`backprop-*`): 1280×800 EN and FR, a 390×844 phone (nothing wider
//! than the screen), presentation 1280×720.
//!
//! `cargo xtask dist && cargo test --test e2e_backprop -- --ignored --nocapture --test-threads=1`
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::time::Duration;

use fantoccini::actions::{InputSource, MOUSE_BUTTON_LEFT, MouseActions, PointerAction};
use fantoccini::{Client, Locator};
use serde_json::{Value, json};
use support::*;

async fn click(c: &Client, css: &str) -> Res {
    js(
        c,
        &format!("document.querySelector('{css}').scrollIntoView({{block: 'center'}}); return 0"),
    )
    .await?;
    c.find(Locator::Css(css)).await?.click().await?;
    tokio::time::sleep(Duration::from_millis(120)).await;
    Ok(())
}

/// The number in a `data-*` attribute of `css` (NaN when absent).
async fn data_num(c: &Client, css: &str, attr: &str) -> Res<f64> {
    let v = js(
        c,
        &format!(
            "const e = document.querySelector('{css}'); return e ? Number(e.dataset.{attr}) : NaN"
        ),
    )
    .await?;
    Ok(v.as_f64().unwrap_or(f64::NAN))
}

async fn data_str(c: &Client, css: &str, attr: &str) -> Res<String> {
    let v = js(
        c,
        &format!("const e = document.querySelector('{css}'); return e ? e.dataset.{attr} : ''"),
    )
    .await?;
    Ok(v.as_str().unwrap_or_default().to_string())
}

async fn scroll_to(c: &Client, css: &str) -> Res {
    js(c, &format!("document.querySelector('{css}').scrollIntoView(); return 0")).await?;
    tokio::time::sleep(Duration::from_millis(300)).await;
    Ok(())
}

/// Long tasks (ms) seen since the last call.
/// A task this long is a page that freezes under the student's hand (the 50 ms target of a
/// smooth page is a benchmark's figure, not a test's).
const FROZEN_MS: f64 = 100.0;

async fn long_tasks(c: &Client) -> Res<Vec<f64>> {
    let v = js(c, "const l = window.__longtasks || []; window.__longtasks = []; return l").await?;
    Ok(v.as_array().map(|a| a.iter().filter_map(Value::as_f64).collect()).unwrap_or_default())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs dist/ and Chromium: run through `cargo xtask test`"]
async fn one_step_backwards_in_english() -> Res {
    within(Duration::from_secs(240), scenario("en")).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs dist/ and Chromium: run through `cargo xtask test`"]
async fn one_step_backwards_in_french() -> Res {
    within(Duration::from_secs(240), scenario("fr")).await
}

async fn scenario(lang: &str) -> Res {
    let b = Browser::open(&format!("backprop-{lang}")).await?;
    let c = &b.c;
    let base = b.base();
    viewport(c, 1280, 800).await?;
    c.goto(&base).await?;
    click(c, &format!("#lang-{lang}")).await?;
    c.goto(&format!("{base}#/lenet")).await?;
    let title = if lang == "fr" {
        "Un pas d’entraînement, à rebours"
    } else {
        "One training step, backwards"
    };
    wait_text(c, "#bp-title", title).await?;
    wait_js_within(
        c,
        "return !!document.querySelector('#weights-source') && /98/.test(document.querySelector('#weights-source').textContent)",
        Duration::from_secs(60),
        "pretrained weights",
    )
    .await?;
    js(c, "window.__longtasks = []; new PerformanceObserver(l => l.getEntries().forEach(e => window.__longtasks.push(e.duration))).observe({ type: 'longtask' }); return 0").await?;
    // The page's own start-up is over: only what follows is counted.
    tokio::time::sleep(Duration::from_millis(500)).await;
    long_tasks(c).await?;

    step("draw a 7: the step is followed at once, the label defaults to the prediction");
    js(c, "document.querySelector('#pad').scrollIntoView({block: 'center'}); return 0").await?;
    stroke(c, "#pad", &[(-60.0, -70.0), (60.0, -70.0), (10.0, 0.0), (-20.0, 80.0)]).await?;
    wait_js_within(
        c,
        "return !!document.querySelector('#bp-loss')",
        Duration::from_secs(10),
        "the step",
    )
    .await?;
    // Drawing re-renders the whole page (every layer's maps, this panel's): reported, the
    // step itself is measured from the label's click on.
    tokio::time::sleep(Duration::from_millis(300)).await;
    eprintln!("e2e: long tasks while the pad's picture was drawn: {:?}", long_tasks(c).await?);
    step("pick the label 7");
    click(c, "#bp-label-7").await?;
    wait_js(c, "return document.querySelector('#bp-loss').dataset.label === '7'", "label 7")
        .await?;
    // The layers appear one per task, from the output down, then the kernels.
    wait_js(c, "return !!document.querySelector('#bp-kernels')", "followed to the kernels").await?;
    eprintln!("e2e: the step took {} ms", data_num(c, "#bp-loss", "ms").await?);
    assert_eq!(
        js(c, "return document.querySelector('#bp-label-7').getAttribute('aria-pressed')").await?,
        json!("true")
    );
    let loss = data_num(c, "#bp-loss", "loss").await?;
    let p7 = js(c, "return Number(document.querySelector('#prob-7').dataset.p)").await?;
    let p7 = p7.as_f64().ok_or("no p(7)")?;
    assert!((loss + p7.ln()).abs() < 1e-3, "loss {loss} is −ln p(7) = {}", -p7.ln());
    // softmax − one-hot: sums to 0, negative only for the picked class.
    let d = js(c, "return [...document.querySelectorAll('#bp-dlogits tbody tr')].map(r => Number(r.dataset.grad))").await?;
    let d: Vec<f64> = d.as_array().ok_or("no rows")?.iter().filter_map(Value::as_f64).collect();
    assert_eq!(d.len(), 10);
    assert!(d.iter().sum::<f64>().abs() < 1e-5, "Σ (p − onehot) = 0: {d:?}");
    assert!(d[7] < 0.0 && d.iter().enumerate().all(|(k, v)| k == 7 || *v >= 0.0), "{d:?}");

    step("followed back to the first layer");
    let kinds = js(
        c,
        "return [...document.querySelectorAll('#bp-layers .bp-layer')].map(e => e.dataset.kind)",
    )
    .await?;
    let kinds: Vec<&str> =
        kinds.as_array().ok_or("no layers")?.iter().filter_map(Value::as_str).collect();
    assert_eq!(kinds.first(), Some(&"Dense"), "from the output: {kinds:?}");
    assert_eq!(kinds.last(), Some(&"Conv2D"), "to the first layer: {kinds:?}");
    assert!(kinds.len() >= 6, "{kinds:?}");
    let n = kinds.len();
    // The gradient reaches the first convolution's output, and ReLU zeroed part of it.
    let g0 = data_num(c, "#bp-grad-0", "nonzero").await?;
    let pre0 = data_num(c, "#bp-pre-0", "nonzero").await?;
    assert!(g0 > 0.0 && pre0 > 0.0 && pre0 <= g0, "first layer: {g0} arriving, {pre0} after ReLU");
    assert!(data_num(c, &format!("#bp-layer-{} .bp-grad", n - 1), "len").await? == 10.0);
    // A kernel weight's written-out sum is the core's gradient.
    click(c, "#bp-filter-2").await?;
    let sum = data_num(c, "#bp-weight", "sum").await?;
    let core = data_num(c, "#bp-weight", "core").await?;
    assert!(
        (sum - core).abs() <= 1e-5 * (1.0 + core.abs()),
        "Σ input × gradient {sum} = ∂L/∂w {core}"
    );
    assert_eq!(data_num(c, "#bp-weight", "terms").await?, 900.0, "30×30 positions");
    let lt = long_tasks(c).await?;
    eprintln!("e2e: long tasks while the step for label 7 ran: {lt:?}");
    // The step itself takes 2–3 ms and its layers are drawn one per task. A test asserts
    // that nothing freezes the page (100 ms, kept loose: the suite may share the machine);
    // the 50 ms target is measured by `cargo xtask bench --browser` (lenet_page).
    assert!(lt.iter().all(|&d| d <= FROZEN_MS), "long tasks while the step ran: {lt:?}");

    step("apply the step: p(7) goes up; back to the network before it");
    js(c, &format!("const e = document.getElementById('bp-rate'); e.value = '{}'; e.dispatchEvent(new Event('input', {{ bubbles: true }})); return 0", if lang == "fr" { "0,05" } else { "0.05" })).await?;
    tokio::time::sleep(Duration::from_millis(150)).await;
    long_tasks(c).await?;
    click(c, "#bp-apply").await?;
    wait_js(c, "return !!document.querySelector('#bp-ba-7')", "before and after").await?;
    let before = data_num(c, "#bp-ba-7", "before").await?;
    let after = data_num(c, "#bp-ba-7", "after").await?;
    assert!(after > before, "p(7) {before} → {after}");
    let shown = js(c, "return Number(document.querySelector('#prob-7').dataset.p)").await?;
    assert!(
        (shown.as_f64().unwrap_or(0.0) - after).abs() < 1e-6,
        "the pad uses the stepped network"
    );
    let lt = long_tasks(c).await?;
    // Applying changes the network on screen: the whole page draws again (the pad's
    // prediction, every layer's maps and filters), as after each progress report of a run;
    // the step's own update is a few milliseconds. Reported, and bounded loosely.
    eprintln!("e2e: long tasks while applying (the page's redraw): {lt:?}");
    assert!(lt.iter().all(|&d| d <= FROZEN_MS), "long tasks while applying: {lt:?}");
    scroll_to(c, ".bp-apply").await?;
    shot(c, &format!("backprop-{lang}-1280-applied")).await?;
    click(c, "#bp-undo").await?;
    wait_js(c, "return !document.querySelector('#bp-undo')", "the way back").await?;
    let back = js(c, "return Number(document.querySelector('#prob-7').dataset.p)").await?;
    assert!((back.as_f64().unwrap_or(0.0) - before).abs() < 1e-6, "the network before the step");

    step("a unit of conv2d_1: six partial sums + bias = the shown value");
    assert_eq!(data_str(c, "#bp-multi", "layer").await?, "conv2d_1");
    click(c, "#bp-unit-filter-3").await?;
    let map = c.find(Locator::Css("#bp-unit-map")).await?;
    let a = MouseActions::new("mouse".into())
        .then(PointerAction::MoveToElement { element: map, duration: None, x: -60.0, y: -45.0 })
        .then(PointerAction::Down { button: MOUSE_BUTTON_LEFT })
        .then(PointerAction::Up { button: MOUSE_BUTTON_LEFT });
    c.perform_actions(a).await?;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let unit = data_str(c, "#bp-unit", "unit").await?;
    assert!(unit.ends_with(",3") && unit != "6,6,3", "a clicked unit of filter 3: {unit}");
    let partials: Vec<f64> = data_str(c, "#bp-unit", "partials")
        .await?
        .split(' ')
        .filter_map(|s| s.parse().ok())
        .collect();
    assert_eq!(partials.len(), 6, "six input maps");
    let bias = data_num(c, "#bp-unit", "bias").await?;
    let total = data_num(c, "#bp-unit", "total").await?;
    let value = data_num(c, "#bp-unit", "value").await?;
    let shown = data_num(c, "#bp-unit", "core").await?;
    assert!((partials.iter().sum::<f64>() + bias - total).abs() < 1e-5, "{partials:?} + {bias}");
    assert!((value - total.max(0.0)).abs() < 1e-6, "ReLU({total}) = {value}");
    assert!((value - shown).abs() < 1e-5, "the layer's own output {shown}");
    assert_eq!(
        js(c, "return document.querySelectorAll('#bp-unit .bp-channel').length").await?,
        json!(6)
    );
    scroll_to(c, "#bp-multi").await?;
    shot(c, &format!("backprop-{lang}-1280-unit")).await?;
    scroll_to(c, "#backprop").await?;
    shot(c, &format!("backprop-{lang}-1280-top")).await?;
    scroll_to(c, "#bp-kernels").await?;
    shot(c, &format!("backprop-{lang}-1280-kernels")).await?;
    scroll_to(c, "#bp-layer-1").await?;
    shot(c, &format!("backprop-{lang}-1280-pool")).await?;

    step("a phone: nothing wider than the screen");
    b.cdp(
        "Emulation.setDeviceMetricsOverride",
        json!({ "width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": true }),
    )
    .await?;
    tokio::time::sleep(Duration::from_millis(500)).await;
    // This panel adds nothing wider than the screen (the page's own spill, if any, is
    // measured without it and must be the same).
    // What scrolls inside its own box (a table in its scroll box, code) is not the page's.
    let wide = js(c, "const inBox = e => { for (let a = e.parentElement; a && a.id !== 'backprop'; a = a.parentElement) { if (a.tagName === 'PRE' || ['auto', 'scroll'].includes(getComputedStyle(a).overflowX)) return a.getBoundingClientRect().right <= innerWidth + 1; } return false; }; return [...document.querySelectorAll('#backprop *')].filter(e => !inBox(e) && e.getBoundingClientRect().right > innerWidth + 1).slice(0, 8).map(e => e.tagName + '#' + e.id + '.' + e.className)").await?;
    assert_eq!(wide, json!([]), "wider than a phone in this panel");
    let without = js(c, "const b = document.querySelector('#backprop'); b.style.display = 'none'; const o = document.documentElement.scrollWidth - document.documentElement.clientWidth; b.style.display = ''; return o").await?;
    let with = sideways_overflow(c).await?;
    eprintln!(
        "e2e: the page's sideways spill on a phone: {with} px with this panel, {without} px without"
    );
    assert_eq!(with, without, "this panel makes the page spill sideways");
    scroll_to(c, "#backprop").await?;
    shot(c, &format!("backprop-{lang}-phone-top")).await?;
    scroll_to(c, "#bp-unit").await?;
    shot(c, &format!("backprop-{lang}-phone-unit")).await?;
    b.cdp("Emulation.clearDeviceMetricsOverride", json!({})).await?;

    step("presentation mode");
    viewport(c, 1280, 720).await?;
    js(c, "document.activeElement && document.activeElement.blur(); return 0").await?;
    press_char(c, 'p').await?;
    wait_js(c, "return document.documentElement.classList.contains('present')", "presentation")
        .await?;
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert_eq!(sideways_overflow(c).await?, json!(0), "presentation mode spills sideways");
    // Entering presentation mode lays the whole page out again: counted from here.
    tokio::time::sleep(Duration::from_millis(300)).await;
    long_tasks(c).await?;
    click(c, "#bp-label-3").await?;
    wait_js(c, "return document.querySelector('#bp-loss').dataset.label === '3'", "label 3")
        .await?;
    scroll_to(c, "#backprop").await?;
    shot(c, &format!("backprop-{lang}-present-top")).await?;
    scroll_to(c, "#bp-multi").await?;
    shot(c, &format!("backprop-{lang}-present-unit")).await?;
    let lt = long_tasks(c).await?;
    eprintln!("e2e: long tasks in presentation mode: {lt:?}");
    assert!(lt.iter().all(|&d| d <= FROZEN_MS), "long tasks in presentation mode: {lt:?}");
    assert_no_console_errors(&b.console_log().await?);
    // Without it Chromium outlives the test (ChromeDriver is killed, its browser is not).
    b.close().await
}
