//! `cargo xtask bench --load [--no-build]`: what each page downloads before a student can use
//! it, and how long that takes on a phone at school (issue 27 point 4). Figures, not
//! asserts: one JSON line per page on stdout, and one for the bundles themselves.
//!
//! Each page opens in a fresh Chromium (cache disabled, no service worker) on the release
//! dist/ served gzip-encoded as a static host does, throttled as a school network and a
//! phone: 150 ms before each answer and 1.6 Mbit/s down shared by all requests, played by
//! the server (CDP's `Network.emulateNetworkConditions` does not slow a Web Worker's own
//! requests: with it the 1.6 MB of digits "arrived" in a second), and CDP's
//! `Emulation.setCPUThrottlingRate` 4. "Usable" is measured in the page, from navigation
//! start: the lesson's h1 is in (not the light app's stand-in while the whole one loads);
//! on LeNet, the pad has its pretrained weights (a stroke gets an answer). LeNet also gives
//! `train_ready_ms` (the digits are in the worker: "Train" is enabled). The bytes are those
//! of the files the page asked for (gzip where a host would compress) before "usable" was
//! seen, and after it, by kind: the light bundle, the whole app, the training worker, the
//! digits, the weights, the rest.
//!
//! LeNet is measured twice: as built, and with the worker and the digits refused
//! (`Network.setBlockedURLs`): the pad's time if they waited for the first "Train".

use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::bench_browser::support::{Driver, cdp, start_driver};
use crate::bench_browser::{
    Res, SentLog, ServerLink, copy_without_sw, gzip_len, js, open, start_logged_gzip_server,
};
use crate::{util, web};

/// The pages, light ones first (`""` is home).
const PAGES: &[&str] = &["", "history", "conv1d", "dropout", "conv2d", "pooling", "learn", "lenet"];

/// Installed before the page's scripts: the first moment each mark holds, checked at every
/// change of the document.
const MARKS: &str = "window.__t = {};
const mark = (k, ok) => { if (window.__t[k] === undefined && ok()) window.__t[k] = Math.round(performance.now()); };
const check = () => {
  const h1 = !!document.querySelector('main h1') && !document.getElementById('fatal') && !document.getElementById('load-full');
  mark('h1', () => h1);
  const src = document.getElementById('weights-source');
  mark('usable', () => h1 && (!location.hash.startsWith('#/lenet') || (!!src && /98/.test(src.textContent))));
  const s = document.getElementById('train-start');
  mark('train', () => !!s && !s.disabled);
};
new MutationObserver(check).observe(document, { childList: true, subtree: true, characterData: true, attributes: true });";

pub fn run(args: &[String]) -> Result<(), String> {
    let mut build = true;
    for a in args {
        match a.as_str() {
            "--load" => {}
            "--no-build" => build = false,
            other => return Err(format!("bench --load: unknown argument `{other}`")),
        }
    }
    crate::setup::run(true)?;
    if build {
        web::build_dist("./")?;
    }
    let dist = util::root().join("dist");
    println!("{}", bundles(&dist).map_err(|e| format!("dist/: {e}"))?);
    let served = std::env::temp_dir().join(format!("convolab-load-{}", std::process::id()));
    copy_without_sw(&dist, &served).map_err(|e| format!("copy of dist/: {e}"))?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    let result = rt.block_on(async {
        // The school's link, played by the server for every request (the worker's too).
        let link = ServerLink { latency: Duration::from_millis(150), bytes_per_s: 200_000.0 };
        let (port, sent) = start_logged_gzip_server(&served, Some(link))?;
        let driver = start_driver()?;
        for page in PAGES {
            println!("{}", one_page(&driver, port, &sent, page, false).await?);
        }
        println!("{}", one_page(&driver, port, &sent, "lenet", true).await?);
        Res::Ok(())
    });
    let _ = std::fs::remove_dir_all(&served);
    result.map_err(|e| format!("load bench: {e}"))
}

/// The kind of file a path is, for the byte counts.
fn kind(path: &str) -> &'static str {
    let file = path.rsplit('/').next().unwrap_or(path);
    if file.starts_with("app-") {
        "light"
    } else if file.starts_with("full") {
        "full"
    } else if file.starts_with("worker") {
        "worker"
    } else if file.starts_with("mnist") {
        "digits"
    } else if file.ends_with(".weights") {
        "weights"
    } else {
        "shell"
    }
}

/// The gzip -9 size of each kind of file in dist/ (the digits are sent as they are: a zlib
/// stream already), and the digits' own size.
fn bundles(dist: &Path) -> std::io::Result<Value> {
    let mut out = serde_json::Map::new();
    let mut stack = vec![dist.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d)? {
            let p = e?.path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("").to_string();
            if name == "sw.js" || name.ends_with(".md") || name.starts_with("LICENSE") {
                continue;
            }
            let bytes = std::fs::read(&p)?;
            let k = kind(&name);
            let size = if k == "digits" || k == "weights" { bytes.len() } else { gzip_len(&bytes) };
            let entry = out.entry(format!("{k}_gzip_bytes")).or_insert(json!(0));
            *entry = json!(entry.as_u64().unwrap_or(0) + size as u64);
        }
    }
    out.insert("what".into(), json!("bundles"));
    Ok(Value::Object(out))
}

/// One page in a fresh, throttled browser: when it was usable and what it had downloaded.
async fn one_page(
    driver: &Driver,
    port: u16,
    sent: &SentLog,
    page: &str,
    block_training: bool,
) -> Res<Value> {
    let tag = format!("load-{}{}", if page.is_empty() { "home" } else { page }, block_training);
    let c = open(driver, &tag).await?;
    let session = c.session_id().await?.ok_or("no session id")?;
    let cdp = |cmd: &str, params: Value| cdp(driver, &session, cmd, params);
    cdp("Network.enable", json!({}))?;
    cdp("Network.setCacheDisabled", json!({ "cacheDisabled": true }))?;
    // The network is the server's (see `ServerLink`: CDP's emulation would leave the
    // worker's downloads unthrottled); the phone's slower processor is CDP's.
    cdp("Emulation.setCPUThrottlingRate", json!({ "rate": 4 }))?;
    if block_training {
        cdp(
            "Network.setBlockedURLs",
            json!({ "urls": ["*mnist10k.bin*", "*worker.js*", "*worker_bg.wasm*"] }),
        )?;
    }
    cdp("Page.addScriptToEvaluateOnNewDocument", json!({ "source": MARKS }))?;
    sent.lock().map_err(|_| "server log")?.clear();
    let start = Instant::now();
    c.goto(&format!("http://127.0.0.1:{port}/#/{page}")).await?;
    let lenet = page == "lenet";
    let mut before = None;
    let t = loop {
        let t = js(&c, "return window.__t || {}").await?;
        if before.is_none() && t.get("usable").is_some() {
            before = Some(sent.lock().map_err(|_| "server log")?.len());
        }
        let done = match before {
            None => false,
            // LeNet: until the digits are in (or refused), else what follows the page's
            // first screen (a worker started, a file prefetched) a moment after.
            Some(_) if lenet && !block_training => t.get("train").is_some(),
            Some(_) => start.elapsed() > Duration::from_secs(3),
        };
        if done || start.elapsed() > Duration::from_secs(180) {
            break t;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    if lenet && !block_training {
        // What follows "Train is ready" (nothing is expected), for the total.
        tokio::time::sleep(Duration::from_secs(2)).await;
    }
    c.close().await?;
    let log = sent.lock().map_err(|_| "server log")?.clone();
    let cut = before.unwrap_or(log.len());
    let by_kind = |part: &[(String, usize)]| {
        let mut m = serde_json::Map::new();
        for (p, n) in part {
            let e = m.entry(kind(p).to_string()).or_insert(json!(0));
            *e = json!(e.as_u64().unwrap_or(0) + *n as u64);
        }
        let total: usize = part.iter().map(|(_, n)| n).sum();
        m.insert("total".into(), json!(total));
        Value::Object(m)
    };
    let out = json!({
        "page": if page.is_empty() { "home" } else { page },
        "worker_and_digits_blocked": block_training,
        "usable_ms": t.get("usable"),
        "h1_ms": t.get("h1"),
        "train_ready_ms": t.get("train"),
        "bytes_asked_before_usable": by_kind(&log[..cut]),
        "bytes_asked_after_usable": by_kind(&log[cut..]),
        "files_asked_before_usable": log[..cut].iter().map(|(p, _)| p.clone()).collect::<Vec<_>>(),
        "throttle": "150 ms per request, 1.6 Mbit/s down shared (server), CPU 4x (CDP)",
    });
    eprintln!("bench --load: {out}");
    Ok(out)
}
