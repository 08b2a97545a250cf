//! The browser services the worker uses: its clock, `fetch`, and inflating a zlib stream
//! with the browser's `DecompressionStream`.

use wasm_bindgen::JsCast;

use super::protocol::DataFailure;
use crate::data::{DataError, Mnist};

/// The worker's clock, in seconds (`performance.now()`, else the date).
pub(super) fn now_seconds() -> f64 {
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
pub async fn fetch_digits(url: &str) -> Result<Mnist, DataFailure> {
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
