//! Window-level glue shared by the shell, the router, the heat map and the charts: a window
//! event listener removed when dropped, and the viewport's size as a hook.

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

/// The viewport's size and pixel ratio, kept up to date while `active` (a heat map filling
/// the projector, a chart drawn at its shown size).
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
    let size = yew::use_state(read);
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
