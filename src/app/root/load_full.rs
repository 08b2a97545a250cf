//! The light bundle's stand-in on a page only the whole app has: it loads the whole app.

use yew::prelude::*;

use super::handover::LOAD_FULL;
use crate::app::prefs::use_prefs;

/// Shown by the light bundle on a page only the whole app has: loads it (the service worker
/// has it after the first visit), and says so plainly if the network is down.
#[component]
pub(super) fn LoadFull() -> Html {
    let t = use_prefs().texts();
    let failed = use_state(|| false);
    let attempt = use_state(|| 0u32);
    {
        let failed = failed.clone();
        use_effect_with(*attempt, move |_| {
            failed.set(false);
            let promise = web_sys::window()
                .and_then(|w| js_sys::Reflect::get(&w, &LOAD_FULL.into()).ok())
                .and_then(|f| wasm_bindgen::JsCast::dyn_into::<js_sys::Function>(f).ok())
                .and_then(|f| f.call0(&wasm_bindgen::JsValue::NULL).ok())
                .and_then(|p| wasm_bindgen::JsCast::dyn_into::<js_sys::Promise>(p).ok());
            match promise {
                Some(p) => wasm_bindgen_futures::spawn_local(async move {
                    // On success the whole app unmounts this one: nothing more to do here.
                    if let Err(e) = wasm_bindgen_futures::JsFuture::from(p).await {
                        web_sys::console::warn_2(
                            &"Convolab: the whole app did not load".into(),
                            &e,
                        );
                        failed.set(true);
                    }
                }),
                None => failed.set(true),
            }
        });
    }
    let retry = {
        let attempt = attempt.clone();
        Callback::from(move |_: MouseEvent| attempt.set(*attempt + 1))
    };
    html! {
        <section class="page narrow" id="load-full">
            if *failed {
                <p role="alert">{ t.loading_failed }</p>
                <button type="button" class="btn primary" id="load-full-retry" onclick={retry}>{ t.loading_retry }</button>
            } else {
                <p role="status" class="loading">{ t.loading_lesson }</p>
            }
        </section>
    }
}
