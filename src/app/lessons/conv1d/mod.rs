//! 1D convolution lab: a signal, a kernel, padding and stride; the windows stepped through
//! one at a time with their arithmetic. Every number comes from `nn::window` (the core).
//!
//! This file wires the lab's parts together: the signal ([`signal`]), the kernel
//! ([`kernel`]), the settings ([`settings`]), the controls panel ([`controls`]) and the step
//! debugger's stage ([`stage`]).

mod controls;
pub mod exercise_link;
mod kernel;
pub mod link;
pub mod model;
mod settings;
mod signal;
mod stage;
pub mod texts;

use yew::prelude::*;

use crate::app::exercises::Lesson;
use crate::app::exercises::view::{ExercisePanel, LabLink};
use crate::app::i18n::errors::nn_error;
use crate::app::prefs::use_prefs;
use crate::app::share::LinkNotices;
use crate::app::urlstate::{use_link, use_link_writer};
use crate::app::widgets::arith::write_sum;
use crate::app::widgets::keras::KerasPanel;
use crate::app::widgets::stepper::Stepper;
use crate::nn::kernels::kernels_1d;
use controls::controls;
use kernel::{CUSTOM, kernel_panel, use_kernel};
use link::{LINK_KEYS, Link1};
use model::{SignalKind, flipped, keras_code, signal};
use settings::use_settings;
use signal::{custom_signal_field, use_signal};
use stage::{Snapshot, compute, formula, plot};

#[component]
pub fn Conv1dLab() -> Html {
    let prefs = use_prefs();
    let lang = prefs.lang;
    let t = texts::texts(lang);
    let presets = use_memo((), |_| kernels_1d());

    // The link gives the first state (a shared screen); the defaults fill the rest.
    let link = use_link(LINK_KEYS, {
        let presets = presets.clone();
        move |r| Link1::read(r, &presets)
    });
    let first = &link.state;
    // The step debugger's window, which a new signal, kernel, padding or stride resets.
    let index = use_state(|| first.step);
    let sg = use_signal(first, &index, lang);
    let kn = use_kernel(first, &presets, &index, lang);
    let settings = use_settings(first, &index);
    let (kind, kernel) = (*sg.kind, &kn.kernel);
    let (padding, stride, flip) = (*settings.padding, *settings.stride, *settings.flip);
    let last_good = use_mut_ref(|| None::<Snapshot>);

    let sig = if kind == SignalKind::Custom { (*sg.custom_signal).clone() } else { signal(kind) };
    // A true convolution flips the kernel; the core's layer then slides it as given.
    let result = compute(&sig, &flipped(kernel, flip), stride, padding);
    let error = result.as_ref().err().map(|e| nn_error(lang, e));
    let snap = match result {
        Ok(s) => {
            *last_good.borrow_mut() = Some(s.clone());
            Some(s)
        }
        Err(_) => last_good.borrow().clone(),
    };
    let on_step = {
        let index = index.clone();
        Callback::from(move |i: usize| index.set(i))
    };

    // ---- the drawing and the arithmetic of the current window ----
    let (plot, arith, formula, live, n_out, cur, keras) = match &snap {
        Some(s) => {
            let cur = (*index).min(s.g.out.saturating_sub(1));
            let w = &s.windows[cur];
            let (_, arith) =
                write_sum(lang, w.terms.iter().map(|t| (t.weight, t.input)), w.bias, w.output);
            let live = t
                .live
                .replace("{i}", &(cur + 1).to_string())
                .replace("{n}", &s.g.out.to_string())
                .replace("{sum}", &arith);
            (
                plot(s, cur, t, lang, prefs.present, on_step.clone()),
                arith,
                formula(&s.g, t),
                live,
                s.g.out,
                cur,
                keras_code(&s.signal, &s.kernel, s.stride, s.padding, flip),
            )
        }
        None => (html! {}, String::new(), html! {}, String::new(), 0, 0, String::new()),
    };

    // The address bar follows the screen (the step too), for Share and for a reload.
    let query = use_link_writer(
        "/conv1d",
        Link1 {
            kind,
            custom: (*sg.custom_signal).clone(),
            kernel: if *kn.choice == CUSTOM { Err((**kernel).clone()) } else { Ok(*kn.choice) },
            padding,
            stride,
            flip,
            step: cur,
        }
        .write(&presets),
    );

    html! {
        <article class="page lab conv1d">
            <h1>{ t.title }</h1>
            <LinkNotices notices={link.notices.clone()} />
            <p class="lead">{ t.lead }</p>
            { controls(query, &sg, &kn, &presets, &settings, t, lang) }
            if kind == SignalKind::Custom {
                { custom_signal_field(&sg, t) }
            }
            { kernel_panel(&kn, &presets, flip, t, lang) }
            if let Some(e) = &error {
                <p class="field-error" id="conv1d-error" role="alert">{ e.clone() }{ " " }{ t.kept_result }</p>
            }
            <Stepper id="conv1d" n={n_out} index={cur} on_change={on_step} live={live}>
                { plot }
                <div class="lab-readout">
                    <p><strong>{ t.arithmetic }{ " " }</strong><code class="arith" id="conv1d-arith">{ arith }</code></p>
                    <p><strong>{ t.size }{ " " }</strong>{ formula }</p>
                </div>
            </Stepper>
            <KerasPanel id="conv1d-keras" code={keras} />
            <aside class="callout try">
                <h2>{ t.try_title }</h2>
                <ul>{ for t.try_items.iter().map(|s| html! { <li>{ *s }</li> }) }</ul>
            </aside>
            <ExercisePanel lesson={Lesson::Conv1d} lab_link={LabLink(exercise_link::lab_link)} />
        </article>
    }
}
