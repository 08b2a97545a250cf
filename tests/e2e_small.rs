//! Issue 27's smaller things, each as a student meets it: a link with a long bad value (the
//! notice wraps and shortens it, the page stays the screen's width); `rows=-1` on the 2D lab
//! named in the notice; a refused upload empties the picker, and an upload's result shows
//! where the student is looking; weights-file troubles and a huge epoch count said in a
//! student's words (EN and FR); arriving on LeNet from each light page, the training worker
//! is started once (no worker made and dropped on the way).
//!
//! Ignored by plain `cargo test`: `cargo xtask test` runs it on the release dist/.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::time::Duration;

use fantoccini::{Client, Locator};
use serde_json::{Value, json};
use support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs dist/ and Chromium: run through `cargo xtask test`"]
async fn the_smaller_things() -> Res {
    within(Duration::from_secs(300), small()).await
}

/// Counts the page's `new Worker(…)` and `terminate()` calls (installed before any of the
/// page's scripts): a worker made and dropped at once is the aborted `worker.js` request.
const WORKER_PROBE: &str = "window.__workers = []; const W = window.Worker;
window.Worker = function (url, opts) { const w = new W(url, opts);
  const rec = { url: String(url), at: Math.round(performance.now()), terminated: null }; window.__workers.push(rec);
  const t = w.terminate.bind(w); w.terminate = () => { rec.terminated = Math.round(performance.now()); t(); }; return w; };
window.Worker.prototype = W.prototype;";

async fn small() -> Res {
    let b = Browser::open("small").await?;
    let c = &b.c;
    let base = b.base();
    viewport(c, 1280, 720).await?;
    c.goto(&base).await?;
    wait_js(c, "return !!document.querySelector('main h1')", "home").await?;

    long_value_wraps(c, &base).await?;
    rows_minus_one_is_named(c, &base).await?;
    upload_says_what_happened_in_view(c, &base).await?;
    for lang in ["en", "fr"] {
        weights_and_epochs_in_words(c, &base, lang).await?;
    }
    b.close().await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs dist/ and Chromium: run through `cargo xtask test`"]
async fn from_a_light_page_the_worker_starts_once() -> Res {
    within(Duration::from_secs(300), async {
        // A fresh browser per walk: the whole app takes over from the light one only once.
        for from in ["", "history", "conv1d", "dropout"] {
            worker_started_once(from).await?;
        }
        Ok(())
    })
    .await
}

async fn open(c: &Client, base: &str, hash: &str) -> Res {
    // Through a blank page: a new hash alone would be a navigation inside the app.
    c.goto("about:blank").await?;
    c.goto(&format!("{base}#{hash}")).await?;
    wait_js(c, "return !!document.querySelector('main h1')", hash).await?;
    Ok(())
}

async fn long_value_wraps(c: &Client, base: &str) -> Res {
    step("a link with 5,001 numbers in values=: the notice wraps and shortens it");
    let values = vec!["1"; 5001].join(",");
    open(c, base, &format!("/conv2d?input=grid&rows=4&cols=4&values={values}")).await?;
    wait_js(c, "return !!document.querySelector('#link-notice')", "the notice").await?;
    let m = js(
        c,
        "const n = document.querySelector('#link-notice'); const r = n.getBoundingClientRect();
         return { text: n.textContent, right: r.right, vw: document.documentElement.clientWidth,
                  overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth };",
    )
    .await?;
    eprintln!("    notice: {m}");
    let text = m["text"].as_str().unwrap_or("");
    assert!(text.contains("values=1,1,1,"), "{text}");
    assert!(text.contains("characters in all"), "{text}");
    assert!(text.chars().count() < 400, "the value is shortened: {} chars", text.chars().count());
    assert_eq!(m["overflow"], json!(0), "the page is wider than the screen: {m}");
    assert!(m["right"].as_f64().unwrap_or(f64::MAX) <= m["vw"].as_f64().unwrap_or(0.0) + 1.0);
    shot(c, "small-long-notice").await?;
    Ok(())
}

async fn rows_minus_one_is_named(c: &Client, base: &str) -> Res {
    step("rows=-1 on the 2D lab is named in the notice");
    open(c, base, "/conv2d?rows=-1").await?;
    wait_js(c, "return !!document.querySelector('#link-notice')", "the notice").await?;
    let text = text_of(c, "#link-notice").await?;
    assert!(text.contains("rows=-1"), "{text}");
    Ok(())
}

/// Gives `#conv2d-file` a file made in the page (`make` a script that ends with a Blob in
/// `blob`), as a student's choice would.
async fn choose_file(c: &Client, name: &str, make: &str) -> Res {
    c.execute_async(
        &format!(
            "const done = arguments[arguments.length - 1];
             (async () => {{ {make}
               const dt = new DataTransfer(); dt.items.add(new File([blob], '{name}', {{ type: blob.type }}));
               const input = document.querySelector('#conv2d-file'); input.files = dt.files;
               input.dispatchEvent(new Event('change', {{ bubbles: true }})); }})().then(() => done(0), e => done(String(e)));"
        ),
        vec![],
    )
    .await?;
    Ok(())
}

/// The box of `css`, and whether it is wholly inside the viewport.
async fn in_view(c: &Client, css: &str) -> Res<Value> {
    js(
        c,
        &format!(
            "const e = document.querySelector('{css}'); if (!e) return null; const r = e.getBoundingClientRect();
             return {{ top: r.top, bottom: r.bottom, vh: innerHeight, inside: r.height > 0 && r.top >= -1 && r.bottom <= innerHeight + 1 }};"
        ),
    )
    .await
}

async fn upload_says_what_happened_in_view(c: &Client, base: &str) -> Res {
    step("upload: refused → picker emptied, reason in view; shown → said, maps in view");
    open(c, base, "/conv2d").await?;
    choose(c, "#conv2d-input", "upload").await?;
    c.wait().at_most(Duration::from_secs(10)).for_element(Locator::Css("#conv2d-file")).await?;
    choose_file(c, "notes.png", "const blob = new Blob(['not a picture'], { type: 'image/png' });")
        .await?;
    wait_js(c, "return !!document.querySelector('#conv2d-upload-error')", "refusal").await?;
    tokio::time::sleep(Duration::from_millis(400)).await;
    let picker = js(
        c,
        "const i = document.querySelector('#conv2d-file'); return [i.value, i.files.length];",
    )
    .await?;
    assert_eq!(picker, json!(["", 0]), "the refused file is still in the picker");
    let err = in_view(c, "#conv2d-upload-error").await?;
    assert_eq!(err["inside"], json!(true), "the refusal is not in view: {err}");
    shot(c, "small-upload-refused").await?;

    js(c, "scrollTo(0, 0); return 0").await?;
    choose_file(
        c,
        "disc.png",
        "const cv = document.createElement('canvas'); cv.width = 48; cv.height = 40;
         const g = cv.getContext('2d'); g.fillStyle = '#fff'; g.fillRect(0, 0, 48, 40);
         g.fillStyle = '#000'; g.beginPath(); g.arc(24, 20, 12, 0, 6.3); g.fill();
         const blob = await new Promise(r => cv.toBlob(r, 'image/png'));",
    )
    .await?;
    wait_js(c, "return !!document.querySelector('#conv2d-upload-ok')", "upload shown").await?;
    wait_js(
        c,
        "return document.querySelector('#conv2d-input-map').dataset.rows === '40'",
        "the 40×48 picture in the input map",
    )
    .await?;
    tokio::time::sleep(Duration::from_millis(600)).await;
    let ok = text_of(c, "#conv2d-upload-ok").await?;
    assert!(ok.contains("disc.png") && ok.contains("40×48"), "{ok}");
    assert!(
        js(c, "return document.querySelectorAll('#conv2d-upload-error').length").await? == json!(0),
        "the old refusal went"
    );
    let map = in_view(c, "#conv2d-input-map").await?;
    assert_eq!(map["inside"], json!(true), "the uploaded picture is not in view: {map}");
    shot(c, "small-upload-shown").await?;
    Ok(())
}

/// Loads a weights file made in the page (`make` a script that ends with a Uint8Array in
/// `bytes`), and returns what the page says of it.
async fn load_weights(c: &Client, make: &str) -> Res<String> {
    c.execute_async(
        &format!(
            "const done = arguments[arguments.length - 1];
             (async () => {{ {make}
               const dt = new DataTransfer(); dt.items.add(new File([bytes], 'lenet.weights'));
               const input = document.querySelector('#weights-file'); input.files = dt.files;
               input.dispatchEvent(new Event('change', {{ bubbles: true }})); }})().then(() => done(0), e => done(String(e)));"
        ),
        vec![],
    )
    .await?;
    // Read and judged in the page at once; the message replaces the previous one.
    tokio::time::sleep(Duration::from_millis(1000)).await;
    wait_js(c, "return !!document.querySelector('#weights-msg')", "weights message").await?;
    text_of(c, "#weights-msg").await
}

async fn weights_and_epochs_in_words(c: &Client, base: &str, lang: &str) -> Res {
    step(&format!("weights-file messages and epochs 1e9 in a student's words ({lang})"));
    open(c, base, "/lenet").await?;
    c.find(Locator::Css(&format!("#lang-{lang}"))).await?.click().await?;
    let fr = lang == "fr";
    let full = "const full = new Uint8Array(await (await fetch('static/data/lenet.weights')).arrayBuffer());";
    let empty = load_weights(c, "const bytes = new Uint8Array(0);").await?;
    let cut =
        load_weights(c, &format!("{full} const bytes = full.slice(0, full.length >> 1);")).await?;
    let damaged = load_weights(
        c,
        &format!("{full} const bytes = full.slice(); bytes[bytes.length >> 1] ^= 0x55;"),
    )
    .await?;
    eprintln!(
        "    {lang}: empty {empty:?}\n    {lang}: cut {cut:?}\n    {lang}: damaged {damaged:?}"
    );
    let (is_empty, cut_short) = if fr { ("vide", "coupé") } else { ("empty", "cut short") };
    assert!(empty.contains(is_empty), "{empty}");
    assert!(cut.contains(cut_short), "{cut}");
    assert!(damaged.contains(cut_short), "{damaged}");
    for m in [&empty, &cut, &damaged] {
        let low = m.to_lowercase();
        for jargon in ["checksum", "somme de contrôle", "incomplet", "incomplete"] {
            assert!(!low.contains(jargon), "{m}");
        }
    }
    let epochs = c.find(Locator::Css("#set-epochs")).await?;
    epochs.clear().await?;
    epochs.send_keys("1e9").await?;
    wait_js(c, "return !!document.querySelector('#set-epochs-error')", "epochs refused").await?;
    let why = js(c, "return document.querySelector('#set-epochs-error').textContent").await?;
    let want = if fr { "Trop grand\u{a0}: au plus 100." } else { "Too large: at most 100." };
    assert_eq!(why, json!(want));
    epochs.clear().await?;
    epochs.send_keys("3").await?;
    Ok(())
}

async fn worker_started_once(from: &str) -> Res {
    step(&format!("from #/{from} to LeNet: the training worker is started once"));
    let tag = format!("small-worker-{}", if from.is_empty() { "home" } else { from });
    let b = Browser::open_logging_network(&tag).await?;
    let c = &b.c;
    let base = b.base();
    b.cdp("Page.addScriptToEvaluateOnNewDocument", json!({ "source": WORKER_PROBE })).await?;
    c.goto(&format!("{base}#/{from}")).await?;
    wait_js(c, "return !!document.querySelector('main h1')", "light page").await?;
    assert_eq!(js(c, "return window.__workers.length").await?, json!(0), "a light page");
    // As a student does: the nav's link (the light app loads the whole one, which takes over).
    c.find(Locator::Css("nav.mainnav a[href$='#/lenet']")).await?.click().await?;
    wait_js_within(
        c,
        "const s = document.getElementById('train-start'); return !!s && !s.disabled",
        Duration::from_secs(60),
        "LeNet ready to train",
    )
    .await?;
    tokio::time::sleep(Duration::from_secs(1)).await;
    let workers = js(c, "return window.__workers").await?;
    // Every request the page sent, and the ones that did not finish (cancelled, refused).
    let log = b.network_log().await?;
    let mut urls = std::collections::HashMap::new();
    let mut failed = Vec::new();
    for e in &log {
        let p = &e["params"];
        match e["method"].as_str() {
            Some("Network.requestWillBeSent") => {
                let (id, method) = (p["requestId"].to_string(), &p["request"]["method"]);
                urls.insert(
                    id,
                    format!("{} {}", method.as_str().unwrap_or("?"), p["request"]["url"]),
                );
            }
            Some("Network.loadingFailed") => {
                failed.push((p["requestId"].to_string(), p["errorText"].clone()))
            }
            _ => {}
        }
    }
    // The page's own requests (Chromium's background ones, sent before the page, aside).
    let failed: Vec<String> = failed
        .iter()
        .filter_map(|(id, why)| urls.get(id).map(|u| format!("{u} {why}")))
        .filter(|u| u.contains(&b.origin()))
        .collect();
    let worker_js: Vec<&String> = urls.values().filter(|u| u.contains("worker.js")).collect();
    eprintln!("    from #/{from}: workers {workers}; worker.js {worker_js:?}; failed {failed:?}");
    let list = workers.as_array().cloned().unwrap_or_default();
    assert_eq!(list.len(), 1, "from #/{from}: workers made {workers}");
    assert!(list.iter().all(|w| w["terminated"].is_null()), "from #/{from}: {workers}");
    assert!(!worker_js.is_empty(), "from #/{from}: the network log saw no worker.js at all");
    assert_eq!(failed, Vec::<String>::new(), "from #/{from}: requests that did not finish");
    b.close().await?;
    Ok(())
}
