//! The whole app: preferences, worker, router and training session around the shell.

use yew::prelude::*;
use yew_agent::reactor::ReactorProvider;

use super::handover::{TOOK_OVER, UNMOUNT_LIGHT};
use super::pages::AllPages;
use super::shell::Shell;
use super::training_footer::TrainingFooter;
use crate::app::prefs::{Prefs, PrefsHandle};
use crate::app::route::HashRouter;
use crate::app::training::{RunIndicator, TrainingProvider};
use crate::app::urlstate::address::lang_from_link;
use crate::worker::{TrainerReactor, WORKER_PATH};

#[component]
pub fn App() -> Html {
    let prefs = use_reducer(|| Prefs::load(lang_from_link()));
    html! {
        <ContextProvider<PrefsHandle> context={prefs}>
            // Lazy: the worker is spawned by the first bridge, which the training session
            // opens only when a page needs it (LeNet live).
            <ReactorProvider<TrainerReactor> path={WORKER_PATH}>
                <HashRouter>
                    // The training run belongs to the app: above the pages, it survives
                    // navigation.
                    <TrainingProvider>
                        <Shell tools={html! { <RunIndicator /> }} footer={html! { <TrainingFooter /> }}>
                            <AllPages />
                        </Shell>
                    </TrainingProvider>
                </HashRouter>
            </ReactorProvider<TrainerReactor>>
        </ContextProvider<PrefsHandle>>
    }
}

/// Starts the whole app, in place of the light one if it was running.
pub fn start_full() {
    use wasm_bindgen::JsCast;
    if let Some(w) = web_sys::window()
        && let Ok(f) = js_sys::Reflect::get(&w, &UNMOUNT_LIGHT.into())
        && let Ok(f) = f.dyn_into::<js_sys::Function>()
    {
        let _ = f.call0(&wasm_bindgen::JsValue::NULL);
        let _ = js_sys::Reflect::delete_property(&w, &UNMOUNT_LIGHT.into());
        TOOK_OVER.with(|t| t.set(true));
    }
    yew::Renderer::<App>::new().render();
}
