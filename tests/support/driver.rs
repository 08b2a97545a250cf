//! ChromeDriver: started on a free port, a browser session opened through it, and the
//! session's own endpoints fantoccini does not wrap (the console log, CDP commands).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder};
use serde_json::{Value, json};

use super::base::{Res, root};

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
    open_browser_with(driver, profile, false).await
}

/// `open_browser`, with ChromeDriver keeping the page's network events (`network_log`) when
/// `network` is true (off by default: a long test would pile them up).
pub async fn open_browser_with(driver: &Driver, profile: &Path, network: bool) -> Res<Client> {
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
    let logs = if network {
        json!({ "browser": "ALL", "performance": "ALL" })
    } else {
        json!({ "browser": "ALL" })
    };
    caps.insert("goog:loggingPrefs".into(), logs);
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

/// The page's DevTools events since the last call (`Network.requestWillBeSent`,
/// `Network.loadingFailed`…, each `{ method, params }`), for a session opened with
/// `open_browser_with(…, true)`.
pub fn network_log(driver: &Driver, session: &str) -> Res<Vec<Value>> {
    let v = driver_post(driver, session, "se/log", r#"{"type":"performance"}"#)?;
    Ok(v.as_array()
        .ok_or_else(|| format!("no log array in {v}"))?
        .iter()
        .filter_map(|e| serde_json::from_str::<Value>(e["message"].as_str()?).ok())
        .map(|m| m["message"].clone())
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
