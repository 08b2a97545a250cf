//! Shared by the browser tests (`tests/web*.rs`): mount the whole app in a fresh element of
//! the test page, and destroy it when the test ends. Use it with
//! `mod web_support; use web_support::*;`.
#![allow(dead_code)]

use std::time::Duration;

use convolab::app::App;
use gloo_timers::future::sleep;
use web_sys::{Document, Element};

pub fn doc() -> Document {
    web_sys::window().unwrap().document().unwrap()
}

/// A rendered app; destroyed at the end of the test so it stops reacting to the shared page.
pub struct Mounted {
    handle: Option<yew::AppHandle<App>>,
    pub root: Element,
}

impl Drop for Mounted {
    fn drop(&mut self) {
        if let Some(h) = self.handle.take() {
            h.destroy();
        }
        self.root.remove();
    }
}

impl std::ops::Deref for Mounted {
    type Target = Element;
    fn deref(&self) -> &Element {
        &self.root
    }
}

/// Renders the whole app at route `hash` (e.g. `#/lenet`) in language `lang`, large type
/// off, and lets Yew settle for `settle_ms`.
pub async fn mount(lang: &str, hash: &str, settle_ms: u64) -> Mounted {
    let w = web_sys::window().unwrap();
    let storage = w.local_storage().unwrap().unwrap();
    storage.set_item("convolab.lang", lang).unwrap();
    storage.remove_item("convolab.present").unwrap();
    w.location().set_hash(hash).unwrap();
    let root = doc().create_element("div").unwrap();
    doc().body().unwrap().append_child(&root).unwrap();
    let handle = yew::Renderer::<App>::with_root(root.clone()).render();
    sleep(Duration::from_millis(settle_ms)).await;
    Mounted { handle: Some(handle), root }
}
