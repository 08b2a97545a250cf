//! The header's view of the run, on every page.

use yew::prelude::*;

use super::session::use_training;
use super::state::Phase;
use crate::app::prefs::use_prefs;
use crate::app::route::{Link, Route};

/// The header's view of the run, on every page: progress, pause and resume.
#[component]
pub fn RunIndicator() -> Html {
    let tr = use_training();
    let t = use_prefs().texts();
    let lang = use_prefs().lang;
    let v = &tr.view;
    let phase = v.phase.run();
    let (label, toggle, on_toggle) = match phase {
        Phase::Training => {
            let tr = tr.clone();
            (t.run_training, t.run_pause, Callback::from(move |_: MouseEvent| tr.pause()))
        }
        Phase::Paused => {
            let tr = tr.clone();
            (t.run_paused, t.run_resume, Callback::from(move |_: MouseEvent| tr.resume()))
        }
        _ => return html! {},
    };
    let pct = crate::app::i18n::num::percent(lang, v.fraction(), 0);
    html! {
        <div class="run-indicator" id="run-indicator" role="status" data-phase={if phase == Phase::Training { "training" } else { "paused" }}>
            <Link to={Route::Lenet} classes="run-link">
                <span class="run-label">{ label }</span>
                <progress max="1" value={v.fraction().to_string()} aria-hidden="true" />
                <span class="run-pct">{ pct }</span>
            </Link>
            <button type="button" class="btn small" id="run-indicator-toggle" onclick={on_toggle}
                disabled={matches!(v.phase, Phase::Evaluating(_))}>{ toggle }</button>
        </div>
    }
}
