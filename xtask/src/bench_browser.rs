//! `cargo xtask bench --browser [--workers 1,2] [--no-build]`: the release app in headless
//! Chromium, issue 6's two protocols through the lesson's own controls, one JSON line on
//! stdout per number of training workers (issue 12), all in one invocation so that their
//! ratio is measured on the same machine state. Each line also gives the bytes (gzip -9)
//! a fresh browser asked for to show the 1D lab, and LeNet before its data files.
//!
//! The page exposes what the bench reads as data attributes (no special build):
//! `#train-seen[data-seen, data-secs]` (examples and training seconds, evaluations
//! excluded), `#test-acc[data-history]` (`examples:seconds:accuracy;…`, one per 1,000
//! examples) and `#probs[data-ms]` (last drawn digit → probabilities and every feature map).

#[path = "../../tests/support/mod.rs"]
mod support;

use std::path::Path;
use std::time::{Duration, Instant};

use fantoccini::actions::{InputSource, MOUSE_BUTTON_LEFT, MouseActions, PointerAction};
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};

use crate::web;

type Res<T = ()> = Result<T, Box<dyn std::error::Error>>;

/// Give up on an accuracy after this much training time.
const ACCURACY_BUDGET_S: f64 = 120.0;

pub fn run(args: &[String]) -> Result<(), String> {
    let mut workers = vec![1];
    let mut build = true;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--browser" => {}
            "--no-build" => build = false,
            "--workers" => {
                let list = it.next().ok_or("--workers needs a list, e.g. 1,2")?;
                workers = list
                    .split(',')
                    .map(|w| w.trim().parse::<u32>().ok().filter(|n| (1..=8).contains(n)))
                    .collect::<Option<Vec<_>>>()
                    .ok_or_else(|| format!("--workers {list}: whole numbers from 1 to 8, comma-separated"))?;
            }
            other => return Err(format!("bench --browser: unknown argument `{other}`")),
        }
    }
    crate::setup::run(true)?;
    if build {
        web::build_dist("./")?;
    }
    let dist = web::root().join("dist");
    let gz = gzip_bytes(&dist).map_err(|e| e.to_string())?;
    // Served without its service worker: every byte a page needs then comes from the
    // server, whose log says which files each page asked for (the offline cache would
    // otherwise answer some of them, or download everything in the background).
    let served = std::env::temp_dir().join(format!("convolab-bench-dist-{}", std::process::id()));
    copy_without_sw(&dist, &served).map_err(|e| format!("copy of dist/: {e}"))?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    let result = rt.block_on(async {
        let server = support::start_server(served.clone());
        let driver = support::start_driver()?;
        let lab = page_bytes(&driver, &server, &served, "conv1d", "return !!document.querySelector('h1')", |_| true).await?;
        let lenet = page_bytes(
            &driver,
            &server,
            &served,
            "lenet",
            "return !!document.getElementById('train-start') && !document.getElementById('train-start').disabled",
            |p| !p.contains("static/data/"),
        )
        .await?;
        for &n in &workers {
            let mut out = bench(&driver, &server, n).await?;
            out["workers"] = json!(n);
            out["wasm_js_gzip_bytes"] = json!(gz);
            out["lab_page_gzip_bytes"] = json!(lab.0);
            out["lenet_page_gzip_bytes"] = json!(lenet.0);
            out["lenet_data_gzip_bytes"] = json!(lenet.1);
            println!("{out}");
        }
        Res::Ok(())
    });
    let _ = std::fs::remove_dir_all(&served);
    result.map_err(|e| format!("browser bench: {e}"))
}

fn copy_without_sw(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for e in std::fs::read_dir(from)? {
        let e = e?;
        let (src, dst) = (e.path(), to.join(e.file_name()));
        if e.file_type()?.is_dir() {
            copy_without_sw(&src, &dst)?;
        } else if e.file_name() != "sw.js" {
            std::fs::copy(&src, &dst)?;
        }
    }
    Ok(())
}

fn gzip_len(bytes: &[u8]) -> usize {
    miniz_oxide::deflate::compress_to_vec(bytes, 9).len() + 18
}

/// A fresh browser opens `#/route` and waits for `ready`: the gzip -9 size of every
/// distinct file it asked the server for, split into `(kept by the filter, the rest)`.
async fn page_bytes(
    driver: &support::Driver,
    server: &support::Server,
    root: &Path,
    route: &str,
    ready: &str,
    keep: impl Fn(&str) -> bool,
) -> Res<(usize, usize)> {
    server.log.lock().map_err(|_| "server log")?.clear();
    let c = open(driver, route).await?;
    c.goto(&format!("http://127.0.0.1:{}/#/{route}", server.port)).await?;
    wait_js(&c, ready, Duration::from_secs(60), route).await?;
    // Whatever the page starts right after (the worker's own files) arrives too.
    tokio::time::sleep(Duration::from_secs(2)).await;
    c.close().await?;
    let mut paths = server.log.lock().map_err(|_| "server log")?.clone();
    paths.sort();
    paths.dedup();
    let (mut kept, mut rest) = (0, 0);
    for p in &paths {
        let rel = p.trim_start_matches('/');
        let file = root.join(if rel.is_empty() { "index.html" } else { rel });
        let Ok(bytes) = std::fs::read(&file) else { continue };
        if keep(p) {
            kept += gzip_len(&bytes);
        } else {
            rest += gzip_len(&bytes);
        }
        eprintln!("bench: #/{route} asked {p} ({} B gzip)", gzip_len(&bytes));
    }
    Ok((kept, rest))
}

/// App + worker `.wasm` and `.js`, gzip -9 (deflate + gzip's 18-byte frame), no data files.
fn gzip_bytes(dist: &Path) -> std::io::Result<usize> {
    let mut total = 0;
    for e in std::fs::read_dir(dist)? {
        let p = e?.path();
        if matches!(p.extension().and_then(|x| x.to_str()), Some("wasm" | "js")) {
            total += gzip_len(&std::fs::read(&p)?);
        }
    }
    Ok(total)
}

async fn open(driver: &support::Driver, tag: &str) -> Res<Client> {
    let cfg: Value = serde_json::from_str(&std::fs::read_to_string(
        web::root().join("webdriver.json"),
    )?)?;
    let mut opts = cfg["goog:chromeOptions"].clone();
    if let Ok(bin) = std::env::var("CHROMIUM") {
        opts["binary"] = json!(bin);
    }
    // A fresh profile each time: no HTTP cache from a previous page.
    let profile = std::env::temp_dir().join(format!("convolab-bench-{}-{tag}", std::process::id()));
    let _ = std::fs::remove_dir_all(&profile);
    let args = opts["args"]
        .as_array_mut()
        .ok_or("webdriver.json: no args")?;
    args.push(json!(format!("--user-data-dir={}", profile.display())));
    args.push(json!("--window-size=1280,900"));
    let mut caps = serde_json::Map::new();
    caps.insert("goog:chromeOptions".into(), opts);
    Ok(
        ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{}", driver.port))
            .await?,
    )
}

async fn js(c: &Client, script: &str) -> Res<Value> {
    Ok(c.execute(script, vec![]).await?)
}

async fn wait_js(c: &Client, script: &str, limit: Duration, what: &str) -> Res {
    let start = Instant::now();
    while start.elapsed() < limit {
        if js(c, script).await? == json!(true) {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Err(format!("{what}: not within {limit:?}").into())
}

/// Sets a form field the way a student's edit would (a bubbling `change`).
async fn set(c: &Client, id: &str, value: &str) -> Res {
    js(c, &format!(
        "const e = document.getElementById('{id}'); e.value = '{value}'; e.dispatchEvent(new Event('change', {{ bubbles: true }})); return 0"
    ))
    .await?;
    Ok(())
}

/// `(examples seen, training seconds)` on screen.
async fn progress(c: &Client) -> Res<(f64, f64)> {
    let v = js(c, "const s = document.getElementById('train-seen').dataset; return [Number(s.seen), Number(s.secs)]").await?;
    Ok((v[0].as_f64().unwrap_or(0.0), v[1].as_f64().unwrap_or(0.0)))
}

async fn start(c: &Client, workers: u32, optimizer: &str, lr: &str, shift: &str) -> Res {
    set(c, "set-workers", &workers.to_string()).await?;
    set(c, "set-optimizer", optimizer).await?;
    set(c, "set-lr", lr).await?;
    set(c, "set-batch", "32").await?;
    set(c, "set-epochs", "100").await?;
    set(c, "set-shift", shift).await?;
    set(c, "set-seed", "1").await?;
    c.find(Locator::Css("#train-start")).await?.click().await?;
    wait_js(
        c,
        "return document.getElementById('train-pause').disabled === false",
        // Helpers start first (their script, wasm and digits).
        Duration::from_secs(60),
        "training started",
    )
    .await
}

async fn pause(c: &Client) -> Res {
    c.find(Locator::Css("#train-pause")).await?.click().await?;
    wait_js(
        c,
        "return document.getElementById('train-resume').disabled === false",
        Duration::from_secs(10),
        "paused",
    )
    .await
}

async fn bench(driver: &support::Driver, server: &support::Server, workers: u32) -> Res<Value> {
    let c = open(driver, &format!("w{workers}")).await?;
    c.goto(&format!("http://127.0.0.1:{}/#/lenet", server.port))
        .await?;
    wait_js(&c, "return !!document.getElementById('train-start') && !document.getElementById('train-start').disabled", Duration::from_secs(60), "digits loaded in the worker").await?;

    // predict_ms: strokes drawn with pointer actions; every move runs preprocess + forward_all.
    let mut ms = Vec::new();
    for i in 0..15 {
        c.find(Locator::Css(".drawpad-clear"))
            .await?
            .click()
            .await?;
        let pad = c.find(Locator::Css("#pad")).await?;
        let dx = (i % 5) as f64 * 6.0 - 12.0;
        let a = MouseActions::new("mouse".into())
            .then(PointerAction::MoveToElement {
                element: pad,
                duration: None,
                x: dx,
                y: -70.0,
            })
            .then(PointerAction::Down {
                button: MOUSE_BUTTON_LEFT,
            })
            .then(PointerAction::MoveBy {
                duration: Some(Duration::from_millis(20)),
                x: 20.0,
                y: 60.0,
            })
            .then(PointerAction::MoveBy {
                duration: Some(Duration::from_millis(20)),
                x: -20.0,
                y: 70.0,
            })
            .then(PointerAction::Up {
                button: MOUSE_BUTTON_LEFT,
            });
        c.perform_actions(a).await?;
        tokio::time::sleep(Duration::from_millis(50)).await;
        if let Some(v) = js(
            &c,
            "const p = document.getElementById('probs'); return p ? Number(p.dataset.ms) : null",
        )
        .await?
        .as_f64()
        {
            ms.push(v);
        }
    }
    ms.sort_by(f64::total_cmp);
    let predict_ms = ms.get(ms.len() / 2).copied();

    // Long tasks on the main thread while the worker trains (both protocols).
    js(&c, "window.__long = 0; new PerformanceObserver(l => { for (const e of l.getEntries()) if (e.duration > 50) window.__long++; }).observe({ entryTypes: ['longtask'] }); return 0").await?;

    // Throughput: SGD momentum 0.9, lr 0.01, batch 32; steady rate after a 5 s warm-up.
    start(&c, workers, "momentum", "0.01", "0").await?;
    let (mut n0, mut s0) = (0.0, 0.0);
    let t = Instant::now();
    while t.elapsed() < Duration::from_secs(60) {
        (n0, s0) = progress(&c).await?;
        if s0 >= 5.0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    tokio::time::sleep(Duration::from_secs(10)).await;
    let (n1, s1) = progress(&c).await?;
    let examples_per_s = if s1 > s0 { (n1 - n0) / (s1 - s0) } else { 0.0 };
    pause(&c).await?;

    // Time to accuracy: Adam 1e-3, shifts ±2 px, a test every 1,000 examples.
    start(&c, workers, "adam", "0.001", "2").await?;
    let (mut to97, mut to98) = (None, None);
    let wall = Instant::now();
    while wall.elapsed() < Duration::from_secs(600) {
        let h = js(
            &c,
            "return document.getElementById('test-acc').dataset.history || ''",
        )
        .await?;
        let mut last_secs = 0.0;
        for point in h
            .as_str()
            .unwrap_or("")
            .split(';')
            .filter(|p| !p.is_empty())
        {
            let f: Vec<f64> = point.split(':').filter_map(|x| x.parse().ok()).collect();
            if let [_, secs, acc] = f[..] {
                last_secs = secs;
                if acc >= 0.97 && to97.is_none() && secs <= ACCURACY_BUDGET_S {
                    to97 = Some(secs);
                }
                if acc >= 0.98 && to98.is_none() && secs <= ACCURACY_BUDGET_S {
                    to98 = Some(secs);
                }
            }
        }
        if to98.is_some() || last_secs > ACCURACY_BUDGET_S {
            break;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    pause(&c).await?;
    let long = js(&c, "return window.__long").await?;
    let round = |x: f64, k: f64| (x * k).round() / k;
    let out = json!({
        "train_examples_per_s": round(examples_per_s, 1.0),
        "seconds_to_97": to97.map(|s| round(s, 10.0)),
        "seconds_to_98": to98.map(|s| round(s, 10.0)),
        "predict_ms": predict_ms.map(|m| round(m, 100.0)),
        "long_tasks_over_50ms": long,
    });
    c.close().await?;
    Ok(out)
}
