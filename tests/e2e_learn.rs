//! End-to-end: "How a kernel is learned" in headless Chromium, in English, French and
//! presentation mode: the 1D lesson run to convergence on the derivative kernel (the step
//! count the core gives natively), a learning rate above 2/λmax shown diverging and
//! explained, the 2D view with a clicked weight's written-out sum, the link restoring the
//! state, a bad link value noticed; no long task while Run steps. Screenshots in
//! target/screenshots/learn-*.png. Run after `cargo xtask dist` with
//! `cargo test --test e2e_learn -- --ignored --nocapture`.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::time::Duration;

use convolab::app::lessons::learn::link::LinkL;
use convolab::app::lessons::learn::model::{RATES, Run};
use convolab::app::lessons::learn::setup::{problem, start};
use fantoccini::{Client, Locator};
use serde_json::json;
use support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs dist/ and Chromium: run through `cargo xtask test`"]
async fn a_kernel_is_learned_in_both_languages_and_presentation() -> Res {
    within(Duration::from_secs(300), learn()).await
}

/// The steps the core takes to find the kernel of `l` (what the page must say).
fn native_convergence(l: &LinkL) -> usize {
    let p = problem(l).expect("a problem");
    let mut run = Run::start(&p, start(l, p.hidden.len())).expect("a start");
    while run.converged_at.is_none() && run.advance(&p, RATES[l.rate]) {}
    run.converged_at.expect("converges")
}

/// The core's gradient of weight `j` after `steps` steps of `l`.
fn native_gradient(l: &LinkL, steps: usize, j: usize) -> f64 {
    let p = problem(l).expect("a problem");
    let mut run = Run::start(&p, start(l, p.hidden.len())).expect("a start");
    for _ in 0..steps {
        run.advance(&p, RATES[l.rate]);
    }
    p.evaluate(run.current()).expect("finite").grad[j]
}

async fn learn() -> Res {
    let b = Browser::open("learn").await?;
    let c = &b.c;
    let base = b.base();
    c.set_window_size(1280, 800).await?;

    converge(c, &base, "en", "Found: after", "learn-en").await?;
    diverge(c, &base).await?;
    two_d(c, &base).await?;
    link_restores(c, &base).await?;
    c.find(Locator::Css("#lang-fr")).await?.click().await?;
    converge(c, &base, "fr", "Trouvé", "learn-fr").await?;
    phone_and_presentation(c, &base).await?;

    assert_same_origin(c).await?;
    assert_no_console_errors(&b.console_log().await?);
    b.close().await?;
    Ok(())
}

async fn open(c: &Client, url: &str) -> Res {
    c.goto("about:blank").await?;
    c.goto(url).await?;
    c.wait().at_most(Duration::from_secs(30)).for_element(Locator::Css("#learn-status")).await?;
    Ok(())
}

async fn converge(c: &Client, base: &str, lang: &str, found: &str, name: &str) -> Res {
    step(&format!("{lang}: the derivative kernel found from zeros"));
    open(c, &format!("{base}#/learn")).await?;
    let l = LinkL::default();
    assert_eq!(convolab::app::lessons::learn::choices::HIDDEN_1D[l.hidden1], "derivative");
    let want = native_convergence(&l);
    // The guess's loss first: the right kernel has none.
    c.find(Locator::Css("#learn-guess")).await?.click().await?;
    type_text(c, "-1 1").await?;
    wait_js(c, "const g = document.querySelector('#learn-guess-loss'); return !!g && /: 0$/.test(g.textContent.trim())", "the guess's loss is 0").await?;
    // Long tasks while Run steps (none may pass 50 ms).
    js(c, "window.__long = []; new PerformanceObserver(l => l.getEntries().forEach(e => window.__long.push(e.duration))).observe({ type: 'longtask', buffered: false }); return 0").await?;
    c.find(Locator::Css("#learn-run")).await?.click().await?;
    wait_js_within(
        c,
        "return !!document.querySelector('#learn-converged')",
        Duration::from_secs(60),
        "converged",
    )
    .await?;
    let said = text_of(c, "#learn-converged").await?;
    assert!(said.starts_with(found), "{said}");
    assert!(said.contains(&format!(" {want}")), "the page says {said:?}, the core {want} steps");
    let long = js(c, "return window.__long").await?;
    assert!(
        long.as_array().is_some_and(|a| a.iter().all(|d| d.as_f64().unwrap_or(0.0) <= 50.0)),
        "long tasks while running: {long}"
    );
    // The loss curve holds every step; the kernel's numbers are the hidden ones.
    assert_eq!(
        js(c, "return Number(document.querySelector('#learn-loss-curve').dataset.points)").await?,
        json!(want + 1)
    );
    let w0: f64 = js(c, "return Number(document.querySelector('#learn-sum-0').dataset.grad)")
        .await?
        .as_f64()
        .unwrap_or(1.0);
    assert!(w0.abs() < 1e-2, "the gradient is nearly 0 at the bottom: {w0}");
    wait_js(
        c,
        &format!("return location.hash.includes('steps={want}')"),
        "the link keeps the steps",
    )
    .await?;
    js(c, "document.querySelector('#learn-status').scrollIntoView({ block: 'start' }); return 0")
        .await?;
    shot(c, name).await?;
    js(c, "document.querySelector('#learn-sums').scrollIntoView({ block: 'start' }); return 0")
        .await?;
    shot(c, &format!("{name}-sums")).await?;
    Ok(())
}

async fn diverge(c: &Client, base: &str) -> Res {
    step("a rate above 2/λmax diverges, and the page says why");
    open(c, &format!("{base}#/learn")).await?;
    let p = problem(&LinkL::default())?;
    let limit = p.largest_stable_rate();
    let too_big = RATES.iter().position(|&r| r > limit * 1.05).ok_or("a rate above the limit")?;
    choose(c, "#learn-rate", &too_big.to_string()).await?;
    c.find(Locator::Css("#learn-run")).await?.click().await?;
    wait_js_within(
        c,
        "return !!document.querySelector('#learn-diverging')",
        Duration::from_secs(30),
        "diverging",
    )
    .await?;
    let said = text_of(c, "#learn-diverging").await?;
    assert!(said.contains("2/λmax") && said.contains("goes past the bottom"), "{said}");
    let m = convolab::app::i18n::num::decimal(convolab::app::i18n::Lang::En, limit, 3);
    assert!(said.contains(&m), "the limit {m} is stated: {said}");
    // The loss curve climbs: its last point is above its first.
    let losses = js(c, "return document.querySelector('#learn-loss-curve polyline:last-of-type').getAttribute('points')").await?;
    let pts: Vec<f64> = losses
        .as_str()
        .unwrap_or("")
        .split(' ')
        .filter_map(|p| p.split(',').nth(1)?.parse().ok())
        .collect();
    assert!(
        pts.len() > 5 && pts[pts.len() - 1] < pts[0],
        "the curve goes up (SVG y down): {pts:?}"
    );
    js(c, "document.querySelector('#learn-status').scrollIntoView({ block: 'start' }); return 0")
        .await?;
    shot(c, "learn-en-diverging").await?;
    Ok(())
}

async fn two_d(c: &Client, base: &str) -> Res {
    step("2D: a clicked weight's sum, the kernel moving to the hidden one");
    open(
        c,
        &format!("{base}#/learn?view=2d&picture=seven&hidden=laplacian&weight=1&rate=0.5&steps=10"),
    )
    .await?;
    wait_js(c, "return !!document.querySelector('#learn-kernel')", "the kernel's map").await?;
    assert!(text_of(c, "#learn-picked").await?.contains("w₀"));
    // The centre of the 3×3 map is weight 4.
    c.find(Locator::Css("#learn-kernel")).await?.click().await?;
    wait_js(c, "return !!document.querySelector('#learn-sum-4')", "the centre weight's sum")
        .await?;
    assert!(text_of(c, "#learn-picked").await?.contains("w₄"));
    let l = LinkL { two_d: true, hidden2: 2, rate: 4, ..LinkL::default() };
    let g = js(c, "return Number(document.querySelector('#learn-sum-4').dataset.grad)")
        .await?
        .as_f64()
        .unwrap_or(f64::NAN);
    let want = native_gradient(&l, 10, 4);
    assert!((g - want).abs() <= 1e-5 * (1.0 + want.abs()), "page {g}, core {want}");
    let sum = text_of(c, "#learn-sum-4").await?;
    assert!(sum.contains("∂L/∂w₄ = (2/144) × ["), "{sum}");
    wait_js(c, "return location.hash.includes('weight=5')", "the link keeps the weight").await?;
    js(c, "document.querySelector('.learn-maps').scrollIntoView({ block: 'start' }); return 0")
        .await?;
    shot(c, "learn-en-2d").await?;
    Ok(())
}

async fn link_restores(c: &Client, base: &str) -> Res {
    step("a link restores the state; a bad value is noticed");
    open(
        c,
        &format!(
            "{base}#/learn?view=1d&signal=sine&hidden=gaussian&start=random&rate=0.2&steps=25"
        ),
    )
    .await?;
    wait_js(
        c,
        "return document.querySelector('#learn-status').textContent.startsWith('Step 25:')",
        "step 25",
    )
    .await?;
    assert_eq!(js(c, "return [document.querySelector('#learn-signal').value, document.querySelector('#learn-hidden').value, document.querySelector('#learn-start').value, document.querySelector('#learn-rate').value]").await?, json!(["1", "4", "1", "3"]));
    let l = LinkL { signal: 1, hidden1: 4, random_start: true, rate: 3, ..LinkL::default() };
    let g = js(c, "return Number(document.querySelector('#learn-sum-2').dataset.grad)")
        .await?
        .as_f64()
        .unwrap_or(f64::NAN);
    let want = native_gradient(&l, 25, 2);
    assert!((g - want).abs() <= 1e-5 * (1.0 + want.abs()), "page {g}, core {want}");
    open(c, &format!("{base}#/learn?rate=0.7&hidden=sobel")).await?;
    wait_js(c, "return !!document.querySelector('#link-notice')", "the link's notice").await?;
    let notice = text_of(c, "#link-notice").await?;
    assert!(notice.contains("rate") && notice.contains("hidden"), "{notice}");
    assert!(text_of(c, "#learn-status").await?.starts_with("Step 0:"), "the page still works");
    Ok(())
}

async fn phone_and_presentation(c: &Client, base: &str) -> Res {
    step("phone width, then presentation mode (P)");
    c.set_window_size(390, 844).await?;
    open(c, &format!("{base}#/learn?steps=20")).await?;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(sideways_overflow(c).await?, json!(0), "nothing spills sideways on a phone");
    shot(c, "learn-fr-390").await?;
    c.set_window_size(1280, 720).await?;
    js(c, "document.activeElement && document.activeElement.blur(); return 0").await?;
    press_char(c, 'p').await?;
    wait_js(c, "return document.documentElement.classList.contains('present')", "presentation on")
        .await?;
    c.find(Locator::Css("#learn-run")).await?.click().await?;
    wait_js_within(
        c,
        "return !!document.querySelector('#learn-converged')",
        Duration::from_secs(60),
        "converged in presentation",
    )
    .await?;
    js(c, "document.querySelector('#learn-status').scrollIntoView({ block: 'start' }); return 0")
        .await?;
    shot(c, "learn-fr-present-720").await?;
    Ok(())
}
