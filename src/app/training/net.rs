//! The server, asked from the page: a file's absolute URL and whether the server has it.

/// The server has `path` (a HEAD request, relative to the page).
pub(crate) async fn reachable(path: &str) -> bool {
    use wasm_bindgen::JsCast;
    let global = js_sys::global();
    let Ok(fetch) = js_sys::Reflect::get(&global, &"fetch".into())
        .and_then(|f| f.dyn_into::<js_sys::Function>())
    else {
        return false;
    };
    let init = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&init, &"method".into(), &"HEAD".into());
    let Ok(promise) = fetch.call2(&global, &absolute_url(path).into(), &init) else {
        return false;
    };
    let Ok(resp) = wasm_bindgen_futures::JsFuture::from(js_sys::Promise::from(promise))
        .await
        .and_then(|r| r.dyn_into::<web_sys::Response>())
    else {
        return false;
    };
    // The (empty) body is read to its end: a response dropped unread is a request the page
    // cancelled (`net::ERR_ABORTED` in the network log, then the worker's own request for
    // the same script: issue 27's "worker.js requested twice").
    if let Ok(body) = resp.array_buffer() {
        let _ = wasm_bindgen_futures::JsFuture::from(body).await;
    }
    resp.ok()
}

pub(super) fn absolute_url(path: &str) -> String {
    let base =
        web_sys::window().and_then(|w| w.document()).and_then(|d| d.base_uri().ok().flatten());
    match base.and_then(|b| web_sys::Url::new_with_base(path, &b).ok()) {
        Some(u) => u.href(),
        None => path.to_string(),
    }
}
