//! The footer: the data's source and the worker's state.

use yew::prelude::*;

use crate::app::prefs::use_prefs;
use crate::app::training::state::WorkerUp;

#[derive(Properties, PartialEq)]
pub(super) struct FooterProps {
    pub(super) worker: WorkerUp,
}

#[component]
pub(super) fn Footer(p: &FooterProps) -> Html {
    let t = use_prefs().texts();
    let (label, class) = match p.worker {
        WorkerUp::Off => (t.worker_off, "status off"),
        WorkerUp::Starting => (t.worker_starting, "status starting"),
        WorkerUp::Ready => (t.worker_ready, "status ready"),
        WorkerUp::Failed => (t.worker_failed, "status failed"),
    };
    html! {
        <footer class="footer">
            <p>{ t.footer_data }</p>
            <p>{ t.worker_status }{ " " }<span id="worker-status" class={class}>{ label }</span></p>
        </footer>
    }
}
