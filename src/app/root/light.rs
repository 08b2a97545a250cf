//! The light first bundle: the shell without the worker, the training session or the lessons
//! that need them.

use yew::prelude::*;

use super::footer::Footer;
use super::handover::UNMOUNT_LIGHT;
use super::light_pages::LightPages;
use super::shell::Shell;
use crate::app::prefs::{Prefs, PrefsHandle};
use crate::app::route::HashRouter;
use crate::app::training::state::WorkerUp;
use crate::app::urlstate::address::lang_from_link;

/// The light first bundle (`src/bin/app.rs`): the same shell, without the worker, the
/// training session or the lessons that need them, digits or images (about 170 KB gzip
/// less to download before the first page shows). Those pages load the whole app.
#[component]
pub fn LightApp() -> Html {
    let prefs = use_reducer(|| Prefs::load(lang_from_link()));
    html! {
        <ContextProvider<PrefsHandle> context={prefs}>
            <HashRouter>
                // No training exists before the whole app is loaded: nothing to show in the
                // header, and the worker is off.
                <Shell tools={Html::default()} footer={html! { <Footer worker={WorkerUp::Off} /> }}>
                    <LightPages />
                </Shell>
            </HashRouter>
        </ContextProvider<PrefsHandle>>
    }
}

/// Starts the light bundle, and leaves the whole app a way to unmount it.
pub fn start_light() {
    use wasm_bindgen::JsCast;
    let handle = std::cell::RefCell::new(Some(yew::Renderer::<LightApp>::new().render()));
    let unmount = wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || {
        if let Some(h) = handle.borrow_mut().take() {
            h.destroy();
        }
    });
    if let Some(w) = web_sys::window() {
        let _ = js_sys::Reflect::set(&w, &UNMOUNT_LIGHT.into(), unmount.as_ref().unchecked_ref());
    }
    // Lives as long as the page: the whole app may call it at any time.
    unmount.forget();
}
