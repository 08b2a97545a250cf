//! LeNet live: the course's LeNet trains in the Web Worker while the student draws digits
//! on the main thread and watches every layer. The run belongs to the app
//! (`app::training`): this page reads the session and sends it commands, so leaving the
//! page keeps the run. Predictions for the pad's picture run here with the same core
//! (`forward_all` takes well under a millisecond).
//!
//! One file per component: `settings` (the form), `editor` (the network: its layers and
//! live summary), `run_buttons`, `status` (the status
//! line), `charts` (loss and accuracy, each a `chart`), `pad` (drawing, what the network
//! sees) with its `probabilities`, `inside` (the `layers`' maps and filters, the `summary`,
//! Keras), `dropped` (the dropout masks), `weights`, `evaluate_button`, `evaluation`; the
//! Keras script `keras`. The state (reducer, the form's text) is the session's, in
//! `app::training`.

mod backprop;
mod backprop_texts;
pub(crate) mod chart;
mod charts;
mod compare_chart;
mod dropped;
pub mod editor;
mod evaluate_button;
pub(crate) mod evaluation;
mod explain;
mod explain_texts;
mod history;
mod history_texts;
mod inside;
pub mod keras;
mod keras_texts;
pub(crate) mod layers;
pub mod link;
mod multichannel;
pub(crate) mod pad;
mod probabilities;
mod run_buttons;
mod settings;
mod settle;
mod status;
mod summary;
pub mod texts;
mod weights;

use std::rc::Rc;

use yew::prelude::*;

use self::backprop::BackpropPanel;
use self::charts::Charts;
use self::dropped::DropoutView;
use self::editor::ArchEditor;
use self::evaluate_button::EvaluateButton;
use self::evaluation::EvaluationView;
use self::explain::ExplainPanel;
use self::history::HistoryPanel;
use self::inside::InsidePanel;
use self::pad::{PadInput, PadPanel, predict};
use self::run_buttons::RunButtons;
use self::settings::SettingsForm;
use self::settle::use_settled;
use self::status::StatusLine;
use self::texts::texts;
use self::weights::WeightsPanel;
use crate::app::exercises::Lesson;
use crate::app::exercises::view::ExercisePanel;
use crate::app::prefs::use_prefs;
use crate::app::share::{LinkNotices, ShareButton};
use crate::app::training::draft::Field;
use crate::app::training::state::Phase;
use crate::app::training::use_training;
use crate::app::urlstate::{use_link, use_link_writer};
use crate::app::widgets::drawpad::Ink;

#[component]
pub fn LenetLive() -> Html {
    let lang = use_prefs().lang;
    let t = texts(lang);
    let tr = use_training();
    // This page needs the worker and the pretrained weights: start them (once per app).
    {
        let tr = tr.clone();
        use_effect_with((), move |_| tr.activate());
    }
    let v = tr.view.clone();
    // A link's training settings fill the form once (not while a run uses it); the address
    // bar then follows the form.
    let link = {
        let draft = v.draft.clone();
        use_link(link::LINK_KEYS, move |r| link::read(r, &draft))
    };
    {
        let (tr, wanted, training) = (tr.clone(), link.state.clone(), v.phase == Phase::Training);
        use_effect_with((), move |_| {
            if let Some(d) = wanted.filter(|_| !training) {
                tr.set_optimizer(d.optimizer);
                for f in Field::ALL {
                    tr.edit(f, d.text(f).to_string());
                }
                // After the rate: the link's network is the one it names.
                tr.set_arch(d.arch.clone());
            }
        });
    }
    let query = use_link_writer("/lenet", link::write(&v.draft));
    // Back on the page: the pad shows what it showed (as the 28×28 the network saw).
    let input = {
        let tr = tr.clone();
        use_state(move || tr.last_pad().map(|px| PadInput::Digit(0, px)))
    };
    // A digit sent to the pad (from the evaluation, or another page), once per sending.
    {
        let (input, tr) = (input.clone(), tr.clone());
        use_effect_with(v.pad.as_ref().map(|p| p.rev), move |_| {
            if let Some((rev, px)) = tr.take_sent() {
                input.set(Some(PadInput::Digit(rev, px)));
            }
        });
    }
    let on_ink = {
        let input = input.clone();
        Callback::from(move |i: Ink| input.set(Some(PadInput::Ink(Rc::new(i)))))
    };
    let prediction = {
        let model = tr.model.clone();
        let inp = (*input).clone();
        use_memo((inp.as_ref().map(PadInput::key), v.weights_rev), move |_| {
            let mut m = model.borrow_mut();
            match (m.as_mut(), inp) {
                (m, Some(i)) => predict(m, &i),
                (_, None) => None,
            }
        })
    };
    // Remembered for the next visit (a cleared pad is forgotten).
    {
        let tr = tr.clone();
        let seen = prediction.as_ref().as_ref().map(|p| Rc::new(p.seen28.clone()));
        // Ink without a prediction: nothing drawn (the prediction's preprocessing said so,
        // no second scan of the pad at every render).
        let cleared = matches!(&*input, Some(PadInput::Ink(_))) && prediction.is_none();
        use_effect_with((prediction.clone(), cleared), move |(_, cleared)| {
            if seen.is_some() || *cleared {
                tr.remember_pad(seen);
            }
        });
    }
    // The pad shows a sent digit until the student draws or clears.
    let picture = match &*input {
        Some(PadInput::Digit(rev, px)) => Some((*rev, px.clone())),
        _ => None,
    };
    // The heavy panels under the pad follow its picture a little behind (see settle.rs).
    let (settled, settled_rev) = use_settled((prediction.clone(), v.weights_rev));
    // The Keras code follows the form while it is valid; otherwise the last valid one.
    let keras_settings = use_mut_ref(crate::worker::protocol::Settings::default);
    if let Ok(s) = v.draft.settings() {
        *keras_settings.borrow_mut() = s;
    }
    let keras = keras::keras_code(&keras_settings.borrow());

    html! {
        <article class="page lenet">
            <h1>{ t.title }</h1>
            <LinkNotices notices={link.notices.clone()} />
            <p class="lead">{ t.lead }</p>
            <div class="lenet-top">
                <section class="panel lenet-train" aria-labelledby="train-title">
                    <h2 id="train-title">{ t.train_title }</h2>
                    <SettingsForm t={t} disabled={v.phase == Phase::Training} />
                    <ShareButton route="/lenet" query={query} />
                    <RunButtons t={t} />
                    <StatusLine t={t} lang={lang} />
                    <Charts t={t} lang={lang} />
                </section>
                <PadPanel t={t} lang={lang} prediction={prediction.clone()} on_ink={on_ink} picture={picture} />
            </div>
            <ExplainPanel lang={lang} model={tr.model.clone()} rev={settled_rev} prediction={settled.clone()} />
            <HistoryPanel lang={lang} />

            // Full width under the run and the pad: the pad keeps its place at the top, and
            // the layer list and its summary sit side by side.
            <ArchEditor lang={lang} />

            <InsidePanel t={t} model={tr.model.clone()} rev={v.weights_rev} prediction={prediction.clone()} keras={keras} />
            <BackpropPanel lang={lang} model={tr.model.clone()} rev={settled_rev} prediction={settled} />

            if !v.dropped.is_empty() {
                <DropoutView title={t.dropout_title} lead={t.dropout_lead} dropped={v.dropped.clone()} />
            }

            <WeightsPanel t={t} lang={lang} />

            <section class="panel lenet-eval" aria-labelledby="eval-title">
                <h2 id="eval-title">{ t.eval_title }</h2>
                <EvaluateButton t={t} />
                { match &v.eval {
                    Some(e) => html! { <EvaluationView t={t} lang={lang} eval={e.clone()} /> },
                    None => html! { <p class="hint">{ t.eval_need_run }</p> },
                } }
            </section>

            <aside class="callout try">
                <h2>{ t.try_title }</h2>
                <ul>{ for t.try_items.iter().map(|i| html! { <li>{ *i }</li> }) }</ul>
            </aside>
            <ExercisePanel lesson={Lesson::Lenet} confusion={v.eval.as_ref().map(|e| e.confusion)} />
        </article>
    }
}
