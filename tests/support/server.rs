//! A tiny static server: dist/ at "/" and again at SUB, like a school web server; it logs
//! every path asked for and can play a network cut.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use super::base::SUB;

/// Prefix, in the server's log, of what the service worker downloaded for the offline cache.
pub const PRECACHED: &str = "(offline cache) ";

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
