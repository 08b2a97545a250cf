//! Shared by the end-to-end tests (`tests/e2e*.rs`): a static server for dist/, ChromeDriver,
//! a browser session, and small helpers (wait for a text, run a script, press a key,
//! screenshot, console errors). Use it with `mod support; use support::*;`.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};

pub type Res<T = ()> = Result<T, Box<dyn std::error::Error>>;

pub const SUB: &str = "/convolab/";
/// Prefix, in the server's log, of what the service worker downloaded for the offline cache.
pub const PRECACHED: &str = "(offline cache) ";

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

// ---------- a tiny static server: dist/ at "/" and again at SUB, like a school web server ----

pub struct Server {
    pub port: u16,
    /// Every path asked for, to prove where the page's requests went.
    pub log: Arc<Mutex<Vec<String>>>,
    /// While true the server answers nothing (the connection closes): the network is down.
    pub offline: Arc<std::sync::atomic::AtomicBool>,
}

pub fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" => "text/javascript",
        "wasm" => "application/wasm",
        "css" => "text/css",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "json" => "application/json",
        "webmanifest" => "application/manifest+json",
        _ => "application/octet-stream",
    }
}

pub fn serve_one(mut stream: TcpStream, dist: &Path, log: &Mutex<Vec<String>>) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    let mut precache = false;
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).map(|n| n == 0).unwrap_or(true) || h == "\r\n" {
            break;
        }
        precache |= h.to_ascii_lowercase().starts_with("x-convolab-precache:");
    }
    let path =
        line.split_whitespace().nth(1).unwrap_or("/").split(['?', '#']).next().unwrap_or("/");
    if std::env::var_os("E2E_VERBOSE").is_some() {
        eprintln!("e2e server: GET {path}");
    }
    // The offline cache's own downloads are not the page's: they go in the log marked so.
    log.lock().unwrap().push(if precache {
        format!("{PRECACHED}{path}")
    } else {
        path.to_string()
    });
    let rel = path.strip_prefix(SUB).or_else(|| path.strip_prefix('/')).unwrap_or("");
    let mut file = dist.join(if rel.is_empty() { "index.html" } else { rel });
    if file.is_dir() {
        file = file.join("index.html");
    }
    let ok = !rel.contains("..") && file.is_file();
    let (status, body, ct) = if ok {
        ("200 OK", std::fs::read(&file).unwrap_or_default(), content_type(&file))
    } else {
        ("404 Not Found", b"not found".to_vec(), "text/plain")
    };
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {ct}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&body);
}

pub fn start_server(dist: PathBuf) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let log = Arc::new(Mutex::new(Vec::new()));
    let log2 = log.clone();
    let offline = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let offline2 = offline.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            if offline2.load(std::sync::atomic::Ordering::SeqCst) {
                drop(stream);
                continue;
            }
            let (dist, log) = (dist.clone(), log2.clone());
            std::thread::spawn(move || serve_one(stream, &dist, &log));
        }
    });
    Server { port, log, offline }
}

// ---------- chromedriver ----------

pub struct Driver {
    child: Child,
    pub port: u16,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

pub fn start_driver() -> Res<Driver> {
    let bin = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into());
    let port = free_port();
    let child = Command::new(&bin)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start {bin}: {e} (run `cargo xtask setup --browser`)"))?;
    let start = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        if start.elapsed() > Duration::from_secs(20) {
            return Err("chromedriver did not listen within 20 s".into());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Ok(Driver { child, port })
}

pub async fn open_browser(driver: &Driver, profile: &Path) -> Res<Client> {
    let cfg: Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("webdriver.json"))?)?;
    let mut opts = cfg["goog:chromeOptions"].clone();
    if let Ok(bin) = std::env::var("CHROMIUM") {
        opts["binary"] = json!(bin);
    }
    let args = opts["args"].as_array_mut().unwrap();
    args.push(json!(format!("--user-data-dir={}", profile.display())));
    args.push(json!("--window-size=1280,720"));
    let mut caps = serde_json::Map::new();
    caps.insert("goog:chromeOptions".into(), opts);
    caps.insert("goog:loggingPrefs".into(), json!({ "browser": "ALL" }));
    let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{}", driver.port))
        .await?;
    Ok(client)
}

/// POSTs `body` to one of ChromeDriver's own endpoints of the session (`se/log`,
/// `goog/cdp/execute`), which fantoccini does not wrap; returns the reply's `value`.
fn driver_post(driver: &Driver, session: &str, endpoint: &str, body: &str) -> Res<Value> {
    let mut s = TcpStream::connect(("127.0.0.1", driver.port))?;
    write!(
        s,
        "POST /session/{session}/{endpoint} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )?;
    // ChromeDriver keeps the connection open: read exactly the body it announces.
    s.set_read_timeout(Some(Duration::from_secs(30)))?;
    let mut reader = BufReader::new(s);
    let (mut length, mut chunked) = (None, false);
    loop {
        let mut h = String::new();
        reader.read_line(&mut h)?;
        let h = h.trim_end().to_ascii_lowercase();
        if h.is_empty() {
            break;
        }
        if let Some(v) = h.strip_prefix("content-length:") {
            length = v.trim().parse::<usize>().ok();
        }
        chunked |= h.starts_with("transfer-encoding:") && h.contains("chunked");
    }
    let mut body = Vec::new();
    if chunked {
        loop {
            let mut size = String::new();
            reader.read_line(&mut size)?;
            let n = usize::from_str_radix(size.trim(), 16)?;
            let mut chunk = vec![0; n + 2];
            reader.read_exact(&mut chunk)?;
            if n == 0 {
                break;
            }
            body.extend_from_slice(&chunk[..n]);
        }
    } else {
        body.resize(length.ok_or("driver response without length")?, 0);
        reader.read_exact(&mut body)?;
    }
    let payload = String::from_utf8(body)?;
    let v: Value = serde_json::from_str(&payload)?;
    Ok(v["value"].clone())
}

/// The browser console since the last call, through ChromeDriver's log endpoint.
pub fn console_log(driver: &Driver, session: &str) -> Res<Vec<(String, String)>> {
    let v = driver_post(driver, session, "se/log", r#"{"type":"browser"}"#)?;
    Ok(v.as_array()
        .ok_or_else(|| format!("no log array in {v}"))?
        .iter()
        .map(|e| {
            (
                e["level"].as_str().unwrap_or("").to_string(),
                e["message"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect())
}

/// A Chrome DevTools Protocol command on the session's page (ChromeDriver relays it).
pub fn cdp(driver: &Driver, session: &str, cmd: &str, params: Value) -> Res<Value> {
    driver_post(
        driver,
        session,
        "goog/cdp/execute",
        &json!({ "cmd": cmd, "params": params }).to_string(),
    )
}

// ---------- helpers ----------

pub async fn wait_text(c: &Client, css: &str, want: &str) -> Res {
    let start = Instant::now();
    let mut last = String::new();
    while start.elapsed() < Duration::from_secs(30) {
        if let Ok(el) = c.find(Locator::Css(css)).await {
            last = el.text().await.unwrap_or_default();
            if last.trim() == want {
                return Ok(());
            }
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Err(format!("`{css}` should read {want:?}, reads {last:?}").into())
}

/// Waits (up to 10 s) until `script` returns `true`; `what` says what was awaited.
pub async fn wait_js(c: &Client, script: &str, what: &str) -> Res {
    wait_js_within(c, script, Duration::from_secs(10), what).await
}

/// Waits up to `limit` until `script` returns `true`.
pub async fn wait_js_within(c: &Client, script: &str, limit: Duration, what: &str) -> Res {
    let start = Instant::now();
    while start.elapsed() < limit {
        if c.execute(script, vec![]).await? == Value::Bool(true) {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Err(format!("timed out waiting for: {what} (within {limit:?})").into())
}

/// One axe-core rule broken on the page: its id, impact and how many elements break it.
#[derive(Debug)]
pub struct Violation {
    pub id: String,
    pub impact: String,
    pub nodes: usize,
    pub example: String,
}

/// Runs axe-core (installed by `cargo xtask setup --browser` under target/test-tools, never
/// shipped) on the page as it is now, and returns its violations.
pub async fn axe_audit(c: &Client) -> Res<Vec<Violation>> {
    let path = root().join("target/test-tools/node_modules/axe-core/axe.min.js");
    let src = std::fs::read_to_string(&path)
        .map_err(|e| format!("{}: {e} (run `cargo xtask setup --browser`)", path.display()))?;
    if js(c, "return typeof window.axe").await? != Value::String("object".into()) {
        c.execute(&src, vec![]).await?;
    }
    let out = c
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, { resultTypes: ['violations'] })
                .then(r => done(JSON.stringify(r.violations.map(v => ({ id: v.id, impact: v.impact || '', nodes: v.nodes.length, example: (v.nodes[0] && v.nodes[0].target.join(' ')) || '' })))))
                .catch(e => done(JSON.stringify({ error: String(e) })));",
            vec![],
        )
        .await?;
    let text = out.as_str().ok_or("axe returned no text")?;
    let v: Value = serde_json::from_str(text)?;
    if let Some(e) = v.get("error") {
        return Err(format!("axe failed: {e}").into());
    }
    Ok(v.as_array()
        .ok_or("axe: not a list")?
        .iter()
        .map(|x| Violation {
            id: x["id"].as_str().unwrap_or("").into(),
            impact: x["impact"].as_str().unwrap_or("").into(),
            nodes: x["nodes"].as_u64().unwrap_or(0) as usize,
            example: x["example"].as_str().unwrap_or("").into(),
        })
        .collect())
}

pub async fn js(c: &Client, script: &str) -> Res<Value> {
    Ok(c.execute(script, vec![]).await?)
}

pub async fn press(c: &Client, key: Key) -> Res {
    let k: char = key.into();
    let actions = KeyActions::new("keyboard".into())
        .then(KeyAction::Down { value: k })
        .then(KeyAction::Up { value: k });
    c.perform_actions(actions).await?;
    tokio::time::sleep(Duration::from_millis(80)).await;
    Ok(())
}

pub async fn shot(c: &Client, name: &str) -> Res {
    let dir = root().join("target/screenshots");
    std::fs::create_dir_all(&dir)?;
    std::fs::write(dir.join(format!("{name}.png")), c.screenshot().await?)?;
    Ok(())
}

/// Every resource the page loaded came from its own origin.
pub async fn assert_same_origin(c: &Client) -> Res {
    let foreign = js(
        c,
        "return performance.getEntriesByType('resource').map(e => e.name)
            .filter(n => !n.startsWith(location.origin + '/'));",
    )
    .await?;
    assert_eq!(foreign, json!([]), "requests left the app's origin");
    Ok(())
}

pub fn assert_no_console_errors(log: &[(String, String)]) {
    let severe: Vec<_> = log.iter().filter(|(lvl, _)| lvl == "SEVERE").collect();
    assert!(severe.is_empty(), "console errors: {severe:#?}");
}

/// A hung browser must fail the run, not stall CI.
pub async fn within(limit: Duration, f: impl std::future::Future<Output = Res>) -> Res {
    tokio::time::timeout(limit, f).await.map_err(|_| format!("timed out after {limit:?}"))?
}

pub fn step(what: &str) {
    eprintln!("e2e: {what}");
}

pub fn tempdir(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("convolab-e2e-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The release dist/ to serve (E2E_DIST overrides); built by `cargo xtask test` or `dist`.
pub fn dist_dir() -> Res<PathBuf> {
    let dist = std::env::var("E2E_DIST").map(PathBuf::from).unwrap_or_else(|_| root().join("dist"));
    if !dist.join("index.html").is_file() {
        return Err(format!(
            "{} has no index.html: build it with `cargo xtask dist`",
            dist.display()
        )
        .into());
    }
    Ok(dist)
}
