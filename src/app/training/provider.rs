//! The session's holder: [`TrainingProvider`] keeps the state for the whole app and mounts
//! the bridge to the worker ([`super::bridge`]) once a page activated the session.

use std::cell::Cell;

use yew::prelude::*;

use super::bridge::Bridge;
use super::outbox::Outbox;
use super::reducer::{Action, TrainView};
use super::session::{Memo, ModelRef, Training};
use super::state::WorkerUp;
use super::{runs, storage};
use crate::app::route::{use_navigator, use_route};

#[derive(Properties, PartialEq)]
pub struct ProviderProps {
    #[prop_or_default]
    pub children: Html,
}

/// Holds the session for the whole app; place it inside the router, above the pages.
#[component]
pub fn TrainingProvider(p: &ProviderProps) -> Html {
    let view = use_reducer(|| {
        let mut v = TrainView::with_saved(storage::load_meta());
        // One worker per core, less one for the page (the student may change it).
        let cores = web_sys::window().map(|w| w.navigator().hardware_concurrency());
        v.draft.workers = crate::worker::protocol::default_workers(cores).to_string();
        v.history = runs::load();
        v
    });
    // The run history in storage follows the session's (what it holds, as first read).
    {
        let stored = use_mut_ref(|| view.history.runs.clone());
        let view = view.clone();
        use_effect_with(view.history.rev, move |_| {
            let runs = view.history.runs.clone();
            let ok = runs::sync(&stored.borrow(), &runs).is_ok();
            *stored.borrow_mut() = runs;
            if !ok {
                web_sys::console::warn_1(&"the browser refused to keep the run history".into());
            }
            if ok == view.history.refused {
                view.dispatch(Action::HistoryKept(ok));
            }
        });
    }
    let ctx = Training {
        view: view.clone(),
        model: ModelRef(use_mut_ref(|| None)),
        outbox: use_mut_ref(Outbox::default),
        follow: use_memo((), |_| Cell::new(true)),
        memo: use_mut_ref(Memo::default),
        pretrained: use_mut_ref(|| None),
        activated: use_memo((), |_| Cell::new(false)),
        open: use_state(|| false),
        last_pad: use_mut_ref(|| None),
        shown_rev: use_memo((), |_| Cell::new(0)),
        navigator: use_navigator(),
        route: use_route(),
    };
    let active = *ctx.open && view.worker != WorkerUp::Off;
    html! {
        <ContextProvider<Training> context={ctx.clone()}>
            { p.children.clone() }
            if active { <Bridge ctx={ctx} /> }
        </ContextProvider<Training>>
    }
}
