//! Window-level glue shared by the shell, the router, the heat map and the charts: a window
//! event listener removed when dropped, an element's shown width watched without forcing a
//! layout, the viewport's size as a hook, and a file offered for download.

/// A listener for `event` on the window, removed when dropped: effects return
/// `move || drop(listener)` as their cleanup.
pub struct WindowListener {
    event: &'static str,
    callback: wasm_bindgen::closure::Closure<dyn Fn()>,
}

impl WindowListener {
    pub fn new(event: &'static str, f: impl Fn() + 'static) -> WindowListener {
        use wasm_bindgen::JsCast;
        let callback = wasm_bindgen::closure::Closure::<dyn Fn()>::new(f);
        if let Some(w) = web_sys::window() {
            let _ = w.add_event_listener_with_callback(event, callback.as_ref().unchecked_ref());
        }
        WindowListener { event, callback }
    }
}

impl Drop for WindowListener {
    fn drop(&mut self) {
        use wasm_bindgen::JsCast;
        if let Some(w) = web_sys::window() {
            let _ = w.remove_event_listener_with_callback(
                self.event,
                self.callback.as_ref().unchecked_ref(),
            );
        }
    }
}

/// Reports an element's shown width (CSS pixels, its content box) whenever the browser lays
/// it out anew; disconnected when dropped. Reading `getBoundingClientRect` instead forces a
/// layout at every call: a page drawing a hundred maps in one task would lay itself out a
/// hundred times.
pub struct SizeWatch {
    observer: web_sys::ResizeObserver,
    _callback: wasm_bindgen::closure::Closure<dyn Fn(js_sys::Array)>,
}

impl SizeWatch {
    /// `None` where the browser has no `ResizeObserver` (the caller keeps its assumption).
    pub fn new(el: &web_sys::Element, f: impl Fn(f64) + 'static) -> Option<SizeWatch> {
        use wasm_bindgen::JsCast;
        let callback = wasm_bindgen::closure::Closure::<dyn Fn(js_sys::Array)>::new(
            move |entries: js_sys::Array| {
                let last = entries
                    .get(entries.length().saturating_sub(1))
                    .dyn_into::<web_sys::ResizeObserverEntry>()
                    .ok();
                if let Some(e) = last {
                    f(e.content_rect().width());
                }
            },
        );
        let observer = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()).ok()?;
        observer.observe(el);
        Some(SizeWatch { observer, _callback: callback })
    }
}

impl Drop for SizeWatch {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}

/// The viewport's size and pixel ratio, kept up to date while `active` (a heat map filling
/// the projector, a chart drawn at its shown size); `(0, 0, 1)` while it never was.
#[yew::hook]
pub fn use_viewport(active: bool) -> (f64, f64, f64) {
    let read = || {
        web_sys::window()
            .map(|w| {
                let n = |v: Result<wasm_bindgen::JsValue, wasm_bindgen::JsValue>| {
                    v.ok().and_then(|v| v.as_f64()).unwrap_or(0.0)
                };
                (n(w.inner_width()), n(w.inner_height()), w.device_pixel_ratio())
            })
            .unwrap_or((1280.0, 720.0, 1.0))
    };
    // Read only when used: `innerWidth` may force a layout, and every heat map has this hook.
    let size = yew::use_state(move || if active { read() } else { (0.0, 0.0, 1.0) });
    {
        let size = size.clone();
        yew::use_effect_with(active, move |&active| {
            let listener = active.then(|| {
                size.set(read());
                WindowListener::new("resize", move || size.set(read()))
            });
            move || drop(listener)
        });
    }
    *size
}

/// Offers `bytes` as a file named `name` (the browser's download), through a Blob URL
/// revoked at once; `None` where the browser refused a step.
pub fn download(bytes: &[u8], name: &str, mime: &str) -> Option<()> {
    use wasm_bindgen::JsCast;
    let arr = js_sys::Uint8Array::from(bytes);
    let parts = js_sys::Array::of1(&arr);
    let bag = web_sys::BlobPropertyBag::new();
    bag.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &bag).ok()?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
    let doc = web_sys::window()?.document()?;
    let a = doc.create_element("a").ok()?.dyn_into::<web_sys::HtmlAnchorElement>().ok()?;
    a.set_href(&url);
    a.set_download(name);
    a.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Some(())
}
