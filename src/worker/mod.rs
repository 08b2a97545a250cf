//! The Web Worker side: the same wasm core, off the main thread, so that training never
//! freezes the page. [`protocol`] holds the messages, [`trainer`] the training session
//! (native, tested); this module is the browser glue: the reactor, fetching, the clock.

pub mod pool;
pub mod protocol;
pub mod trainer;

use futures::{FutureExt, SinkExt, StreamExt};
use wasm_bindgen::JsCast;
use yew_agent::prelude::*;

use pool::WebPool;
use protocol::{Command, MAX_WORKERS, Report, WorkerError};
use trainer::{Pool, Session};

/// Where trunk puts the worker script; relative, so it resolves against the page's own
/// folder under any public URL.
pub const WORKER_PATH: &str = "worker.js";

/// Milliseconds of training between two looks at the inbox: short enough for a pause to
/// feel immediate, long enough that yielding (a 0 ms timer, clamped to ~4 ms) costs little.
const SLICE_SECONDS: f64 = 0.060;

/// The trainer: one session per bridge. The app's training session (`app::training`) holds
/// the only bridge, opened the first time a page needs the worker.
#[reactor]
pub async fn TrainerReactor(mut scope: ReactorScope<Command, Report>) {
    let mut session = Session::new();
    // The helpers of a multi-worker run (none until a run asks for them), and where to
    // start them from: (digits, the worker's script).
    let mut helpers = WebPool::empty();
    let mut urls: Option<(String, String)> = None;
    loop {
        // Idle: wait for a command. Training: take whatever arrived, without waiting.
        let next = if session.is_running() {
            match scope.next().now_or_never() {
                Some(None) => return,
                Some(Some(cmd)) => Some(cmd),
                None => None,
            }
        } else {
            match scope.next().await {
                Some(cmd) => Some(cmd),
                None => return,
            }
        };
        if let Some(cmd) = next {
            let reports = match cmd {
                Command::Bye => return,
                Command::LoadData { url, worker_js } => {
                    urls = Some((url.clone(), worker_js));
                    vec![match fetch_digits(&url).await {
                        Ok(digits) => session.set_data(digits),
                        Err(e) => Report::DataFailed(e),
                    }]
                }
                Command::Start(settings) => {
                    // Only a run the session accepts gets helpers (it says why otherwise).
                    let wanted = if settings.validate().is_ok() && session.has_data() {
                        settings.workers.clamp(1, MAX_WORKERS) as usize - 1
                    } else {
                        0
                    };
                    match ensure_helpers(&mut helpers, wanted, urls.as_ref()).await {
                        Ok(()) => session.handle(Command::Start(settings)),
                        Err(e) => vec![Report::Error(e)],
                    }
                }
                Command::Resume if helpers.is_broken() => {
                    // A helper was lost: start them again before going on.
                    let wanted = session.settings().workers.clamp(1, MAX_WORKERS) as usize - 1;
                    match ensure_helpers(&mut helpers, wanted, urls.as_ref()).await {
                        Ok(()) => session.handle(Command::Resume),
                        Err(e) => vec![Report::Error(e)],
                    }
                }
                cmd => session.handle(cmd),
            };
            for r in reports {
                if scope.send(r).await.is_err() {
                    return;
                }
            }
            continue;
        }
        let reports = session.run_slice_with(SLICE_SECONDS, &mut now_seconds, &mut helpers).await;
        for r in reports {
            if scope.send(r).await.is_err() {
                return;
            }
        }
        // Let the worker's message handler run, so that commands reach the inbox.
        gloo_timers::future::TimeoutFuture::new(0).await;
    }
}

/// Makes `pool` hold `wanted` working helpers (stopping the old ones if they differ).
async fn ensure_helpers(
    pool: &mut WebPool,
    wanted: usize,
    urls: Option<&(String, String)>,
) -> Result<(), WorkerError> {
    if pool.helpers() == wanted && !pool.is_broken() {
        return Ok(());
    }
    // Stops the old helpers first: they would compete for the cores.
    *pool = WebPool::empty();
    if wanted == 0 {
        return Ok(());
    }
    let (data, script) = urls.ok_or(WorkerError::DigitsNotLoaded)?;
    *pool = WebPool::start(wanted, script, data).await?;
    Ok(())
}

fn now_seconds() -> f64 {
    let perf = js_sys::Reflect::get(&js_sys::global(), &"performance".into())
        .ok()
        .and_then(|p| p.dyn_into::<web_sys::Performance>().ok());
    match perf {
        Some(p) => p.now() / 1000.0,
        None => js_sys::Date::now() / 1000.0,
    }
}

/// Fetches `url` from the worker (or the page: both have `fetch` on their global).
pub async fn fetch_bytes(url: &str) -> Result<Vec<u8>, String> {
    let global = js_sys::global();
    let fetch =
        js_sys::Reflect::get(&global, &"fetch".into()).map_err(|_| "no fetch".to_string())?;
    let fetch: js_sys::Function = fetch.dyn_into().map_err(|_| "no fetch".to_string())?;
    let promise = fetch.call1(&global, &url.into()).map_err(|e| format!("{url}: {e:?}"))?;
    let resp = wasm_bindgen_futures::JsFuture::from(js_sys::Promise::from(promise))
        .await
        .map_err(|e| format!("{url}: {}", js_error(&e)))?;
    let resp: web_sys::Response = resp.dyn_into().map_err(|_| "not a response".to_string())?;
    if !resp.ok() {
        return Err(format!("{url}: HTTP {}", resp.status()));
    }
    let buf = resp.array_buffer().map_err(|e| js_error(&e))?;
    let buf = wasm_bindgen_futures::JsFuture::from(buf).await.map_err(|e| js_error(&e))?;
    Ok(js_sys::Uint8Array::new(&buf).to_vec())
}

/// Fetches and reads the digits file, inflated by the browser's `DecompressionStream`
/// (so the worker's wasm carries no inflater of its own).
///
/// # Errors
/// The file could not be fetched (or this browser cannot inflate), or is not a digits file.
pub async fn fetch_digits(url: &str) -> Result<crate::data::Mnist, protocol::DataFailure> {
    use crate::data::{DataError, Mnist};
    use protocol::DataFailure;
    let bytes = fetch_bytes(url).await.map_err(DataFailure::Fetch)?;
    let header = Mnist::read_header(&bytes).map_err(DataFailure::Format)?;
    let payload = inflate(header.compressed(&bytes)).await.map_err(|e| match e {
        Inflate::Unsupported => DataFailure::OldBrowser,
        Inflate::Corrupt(why) => DataFailure::Format(DataError::Corrupt(why)),
    })?;
    Mnist::from_payload(&header, payload).map_err(DataFailure::Format)
}

pub enum Inflate {
    Unsupported,
    Corrupt(String),
}

/// A zlib stream inflated by the browser (`DecompressionStream("deflate")` checks the
/// stream's own Adler-32 too). Also the 2D and pooling labs' way, so that the page's wasm
/// carries no inflater either.
pub async fn inflate(z: &[u8]) -> Result<Vec<u8>, Inflate> {
    use js_sys::{Array, Function, Reflect, Uint8Array};
    let global = js_sys::global();
    let ctor = |name: &str| {
        Reflect::get(&global, &name.into())
            .ok()
            .and_then(|c| c.dyn_into::<Function>().ok())
            .ok_or(Inflate::Unsupported)
    };
    let (decompress, response) = (ctor("DecompressionStream")?, ctor("Response")?);
    let corrupt = |e: wasm_bindgen::JsValue| Inflate::Corrupt(js_error(&e));
    let ds = Reflect::construct(&decompress, &Array::of1(&"deflate".into())).map_err(corrupt)?;
    let blob = web_sys::Blob::new_with_u8_array_sequence(&Array::of1(&Uint8Array::from(z)))
        .map_err(corrupt)?;
    let call =
        |target: &wasm_bindgen::JsValue, method: &str, arg: Option<&wasm_bindgen::JsValue>| {
            let f: Function = Reflect::get(target, &method.into())
                .map_err(corrupt)?
                .dyn_into()
                .map_err(|_| Inflate::Unsupported)?;
            match arg {
                Some(a) => f.call1(target, a),
                None => f.call0(target),
            }
            .map_err(corrupt)
        };
    let stream = call(&blob, "stream", None)?;
    let inflated = call(&stream, "pipeThrough", Some(&ds))?;
    let resp = Reflect::construct(&response, &Array::of1(&inflated)).map_err(corrupt)?;
    let buf = call(&resp, "arrayBuffer", None)?;
    let buf =
        wasm_bindgen_futures::JsFuture::from(js_sys::Promise::from(buf)).await.map_err(corrupt)?;
    Ok(Uint8Array::new(&buf).to_vec())
}

fn js_error(e: &wasm_bindgen::JsValue) -> String {
    e.as_string()
        .or_else(|| js_sys::Reflect::get(e, &"message".into()).ok().and_then(|m| m.as_string()))
        .unwrap_or_else(|| format!("{e:?}"))
}
