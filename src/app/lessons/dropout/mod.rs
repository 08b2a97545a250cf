//! Dropout lab: the course's Dense 64 → Dropout → Dense 10, each step a new mask drawn by
//! the core's seeded dropout; dropped units greyed, kept ones scaled with the numbers shown.

pub mod exercise_link;
pub mod link;
pub mod model;
pub mod texts;
mod units;

use yew::prelude::*;

use crate::app::exercises::Lesson;
use crate::app::exercises::view::{ExercisePanel, LabLink};
use crate::app::i18n::errors::nn_error;
use crate::app::i18n::num::decimal;
use crate::app::prefs::use_prefs;
use crate::app::share::{LinkNotices, ShareButton};
use crate::app::urlstate::{use_link, use_link_writer};
use crate::app::widgets::arith::factor_text;
use crate::app::widgets::keras::KerasPanel;
use crate::app::widgets::stepper::Stepper;
use link::{LINK_KEYS, LinkD};
use model::{MASKS, UNITS, keras_code, run};
use units::Units;

#[component]
pub fn DropoutLab() -> Html {
    let lang = use_prefs().lang;
    let t = texts::texts(lang);
    // The link gives the first state (a shared screen); the defaults fill the rest.
    let link = use_link(LINK_KEYS, LinkD::read);
    // The rate in hundredths, so that it compares exactly.
    let rate = use_state(|| link.state.rate);
    let training = use_state(|| link.state.training);
    let step = use_state(|| link.state.mask);
    let query = use_link_writer(
        "/dropout",
        LinkD { rate: *rate, training: *training, mask: *step }.write(),
    );
    let p = *rate as f32 / 100.0;
    let pass =
        use_memo((*rate, *step, *training), move |&(_, step, training)| run(p, step, training));

    let on_rate = {
        let rate = rate.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(i) = e.target_dyn_into::<web_sys::HtmlInputElement>()
                && let Ok(v) = i.value().parse::<u32>()
            {
                rate.set(v.min(90));
            }
        })
    };
    let set_mode = |on: bool| {
        let training = training.clone();
        Callback::from(move |_: Event| training.set(on))
    };
    let on_step = {
        let step = step.clone();
        Callback::from(move |i: usize| step.set(i))
    };
    let factor = 1.0 / (1.0 - p as f64);
    let body = match &*pass {
        Err(e) => html! { <p class="field-error" role="alert">{ nn_error(lang, e) }</p> },
        Ok(pass) => {
            let kept = pass.mask.iter().filter(|&&m| m > 0.0).count();
            let live = if *training {
                t.live
                    .replace("{i}", &(*step + 1).to_string())
                    .replace("{n}", &MASKS.to_string())
                    .replace("{k}", &kept.to_string())
                    .replace("{f}", &factor_text(lang, factor))
            } else {
                t.live_inference.to_string()
            };
            let best = pass
                .probs
                .iter()
                .enumerate()
                .fold((0, f32::MIN), |b, (i, &v)| if v > b.1 { (i, v) } else { b })
                .0;
            html! {
                <Stepper id="dropout" unit={AttrValue::from(t.mask)} n={if *training { MASKS } else { 1 }} index={if *training { *step } else { 0 }}
                    on_change={on_step} live={live}>
                    <p class="dropout-summary" id="dropout-kept">
                        { if *training {
                            format!("{} · {}", t.kept.replace("{k}", &kept.to_string()).replace("{e}", &decimal(lang, UNITS as f64 * (1.0 - p as f64), 1)),
                                t.scale.replace("{p}", &decimal(lang, p as f64, 2)).replace("{f}", &factor_text(lang, factor)))
                        } else { t.inference_note.to_string() } }
                    </p>
                    <Units mask={pass.mask.clone()} dense={pass.dense.clone()} factor={factor} label={t.network} />
                    <p class="dropout-legend">
                        <span class="swatch kept"></span><span id="dropout-factor">{ format!("a → a × 1/(1−{}) {}", decimal(lang, p as f64, 2), factor_text(lang, factor)) }</span>
                        <span class="swatch dropped"></span>{ format!("{} (×0)", t.dropped) }
                    </p>
                    <h2 class="probs-title">{ t.probs }</h2>
                    <ol class="dropout-probs" id="dropout-probs" start="0">
                        { for pass.probs.iter().enumerate().map(|(i, &v)| html! {
                            <li class={classes!((i == best).then_some("best"))}>
                                <span class="prob-label">{ i }</span>
                                <span class="prob-bar" style={format!("width: {:.1}%", v * 100.0)}></span>
                                <span class="prob-value">{ decimal(lang, v as f64, 3) }</span>
                            </li>
                        }) }
                    </ol>
                </Stepper>
            }
        }
    };

    html! {
        <article class="page lab dropout">
            <h1>{ t.title }</h1>
            <LinkNotices notices={link.notices.clone()} />
            <p class="lead">{ t.lead }</p>
            <p class="kernel-desc">{ t.network }</p>
            <div class="lab-controls">
                <ShareButton route="/dropout" query={query} />
                <label>{ format!("{} = {}", t.rate, decimal(lang, p as f64, 2)) }
                    <input type="range" id="dropout-rate" min="0" max="90" step="5" value={rate.to_string()} oninput={on_rate} />
                </label>
                <fieldset class="mode">
                    <legend>{ t.mode }</legend>
                    <label class="check"><input type="radio" name="dropout-mode" id="dropout-train" checked={*training}
                        onchange={set_mode(true)} />{ t.training }</label>
                    <label class="check"><input type="radio" name="dropout-mode" id="dropout-infer" checked={!*training}
                        onchange={set_mode(false)} />{ t.inference }</label>
                </fieldset>
            </div>
            { body }
            <KerasPanel id="dropout-keras" code={keras_code(p)} />
            <aside class="callout try">
                <h2>{ t.try_title }</h2>
                <ul>{ for t.try_items.iter().map(|s| html! { <li>{ *s }</li> }) }</ul>
            </aside>
            <ExercisePanel lesson={Lesson::Dropout} lab_link={LabLink(exercise_link::lab_link)} />
        </article>
    }
}
