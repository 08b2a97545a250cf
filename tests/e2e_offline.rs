//! Offline: after one visit, with the server gone, every page reloads and LeNet still
//! predicts (the service worker serves the app, the worker, the digits and the weights from
//! its cache). Also: the manifest is served and names the app.
//!
//! Ignored by plain `cargo test`: `cargo xtask test` runs it on the release dist/.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::time::Duration;

use serde_json::json;
use support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs dist/ and Chromium: run through `cargo xtask test`"]
async fn after_one_visit_the_app_works_with_the_network_cut() -> Res {
    within(Duration::from_secs(240), offline()).await
}

async fn offline() -> Res {
    let b = Browser::open("offline").await?;
    let c = &b.c;
    let base = b.base();

    step("first visit installs the service worker");
    c.goto(&base).await?;
    wait_text(c, "h1", "Learn how a network sees").await?;
    let cached = c
        .execute_async(
            "const done = arguments[arguments.length - 1];
             navigator.serviceWorker.ready
               .then(() => caches.keys())
               .then(keys => Promise.all(keys.map(k => caches.open(k).then(c => c.keys()).then(r => [k, r.length]))))
               .then(done, e => done(String(e)));",
            vec![],
        )
        .await?;
    let caches = cached.as_array().ok_or(format!("caches: {cached}"))?;
    assert_eq!(caches.len(), 1, "one versioned cache: {cached}");
    let name = caches[0][0].as_str().unwrap_or("");
    assert!(name.starts_with("convolab-") && name.len() == "convolab-".len() + 16, "{name}");
    let count = caches[0][1].as_u64().unwrap_or(0);
    assert!(count >= 8, "the app, worker, styles, digits and weights are cached: {count} entries");
    wait_js(
        c,
        "return navigator.serviceWorker.controller !== null",
        "the worker controls the page",
    )
    .await?;
    {
        let asked = b.asked();
        assert!(
            asked.iter().any(|p| p.starts_with(PRECACHED) && p.ends_with("/worker_bg.wasm")),
            "the cache fetched the worker itself: {asked:?}"
        );
        assert!(
            !asked.iter().any(|p| p.ends_with("/worker.js") && !p.starts_with(PRECACHED)),
            "the home page did not start the worker: {asked:?}"
        );
    }
    let manifest = js(c, "return document.querySelector('link[rel=manifest]').href").await?;
    assert!(
        manifest.as_str().unwrap_or("").ends_with("/convolab/manifest.webmanifest"),
        "{manifest}"
    );
    step("the browser finds nothing that stops installing it as an app");
    let errors = b.cdp("Page.getInstallabilityErrors", json!({})).await?;
    let errors = errors["installabilityErrors"]
        .as_array()
        .ok_or(format!("no installability answer: {errors}"))?;
    assert!(errors.is_empty(), "Chromium would not install the app: {errors:?}");

    step("network cut: every page reloads");
    b.cut_network();
    for (route, h1) in [
        ("/", "Learn how a network sees"),
        ("/history", "A short history of CNNs"),
        ("/conv1d", ""),
        ("/conv2d", ""),
        ("/pooling", ""),
        ("/dropout", ""),
        ("/lenet", ""),
    ] {
        c.goto(&format!("{base}#{route}")).await?;
        c.refresh().await?;
        if h1.is_empty() {
            wait_js(c, "const h = document.querySelector('main h1'); return !!h && h.textContent.length > 0", route).await?;
        } else {
            wait_text(c, "h1", h1).await?;
        }
        let title = js(c, "return document.title").await?;
        assert_ne!(title, json!(""), "{route}");
    }
    step("offline, the light home page hands over to the whole app from the cache");
    c.goto(&format!("{base}#/")).await?;
    c.refresh().await?;
    wait_text(c, "h1", "Learn how a network sees").await?;
    c.find(fantoccini::Locator::Css("nav.mainnav a[href='#/lenet']")).await?.click().await?;
    wait_text(c, "main h1", "LeNet, live").await?;
    let shells = js(c, "return document.querySelectorAll('header.topbar').length").await?;
    assert_eq!(shells, json!(1), "one shell after the hand-over");
    step("LeNet predicts offline");
    // The pretrained weights come from the cache: the page says they are loaded.
    wait_js(
        c,
        "const s = document.querySelector('#weights-source'); return !!s && /pretrained|pré-entraîn/i.test(s.textContent)",
        "pretrained weights offline",
    )
    .await?;
    // The worker started from the cache and read the digits from it: training can start.
    wait_js(
        c,
        "const b = document.querySelector('#train-start'); return !!b && !b.disabled",
        "the digits loaded offline",
    )
    .await?;
    shot(c, "offline-lenet").await?;
    step("a 2-worker run trains offline: the helper starts from the cache too");
    js(c, "const e = document.getElementById('set-workers'); e.value = '2'; e.dispatchEvent(new Event('input', { bubbles: true })); return 0").await?;
    tokio::time::sleep(Duration::from_millis(200)).await;
    c.find(fantoccini::Locator::Css("#train-start")).await?.click().await?;
    wait_js(
        c,
        "const w = document.getElementById('train-workers'); return (!!w && w.dataset.workers === '2' && Number(document.getElementById('train-seen').dataset.seen) > 0) || !!document.getElementById('train-error')",
        "a 2-worker run offline",
    )
    .await?;
    let error =
        js(c, "const e = document.getElementById('train-error'); return e ? e.textContent : null")
            .await?;
    assert_eq!(error, json!(null), "the helper did not start offline");
    c.find(fantoccini::Locator::Css("#train-pause")).await?.click().await?;
    b.close().await?;
    Ok(())
}
