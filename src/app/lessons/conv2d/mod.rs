//! 2D convolution lab: a picture (course example, built-in, MNIST digit, drawing, upload), a
//! kernel, padding / stride / ReLU; the output map from the core's window arithmetic, the
//! windows stepped through with `nn::window::conv2d_window`, and a bank of filters.
//!
//! This file wires the lab's parts together: the input ([`input`], [`digits`], [`upload`]),
//! the kernel ([`kernel`]), the settings ([`settings`]), the controls panel ([`controls`]),
//! the step debugger's stage ([`stage`]) and the filter bank ([`bank`]).

mod bank;
mod controls;
pub mod digits;
pub mod exercise_link;
mod input;
mod kernel;
pub mod link;
pub mod model;
mod settings;
mod stage;
pub mod texts;
mod upload;

use yew::prelude::*;

use crate::app::exercises::Lesson;
use crate::app::exercises::view::{ExercisePanel, LabLink};
use crate::app::i18n::errors::nn_error;
use crate::app::prefs::use_prefs;
use crate::app::share::LinkNotices;
use crate::app::urlstate::{use_link, use_link_writer};
use crate::app::widgets::drawpad::DrawPad;
use crate::app::widgets::keras::KerasPanel;
use crate::app::widgets::stepper::Stepper;
use bank::FilterBank;
use controls::controls;
use digits::digits_field;
use input::use_input;
use kernel::{CUSTOM, kernel_panel, use_kernel};
use link::{LINK_KEYS, Link2};
use model::{InputKind, KERAS_DRAW_FIRST, keras_code, kernels, rotated};
use settings::use_settings;
use stage::{Result2, compute, view_result};
use upload::upload_field;

#[component]
pub fn Conv2dLab() -> Html {
    let lang = use_prefs().lang;
    let t = texts::texts(lang);
    let presets = use_memo((), |_| kernels());

    // The link gives the first state (a shared screen); the defaults fill the rest.
    let link = use_link(LINK_KEYS, {
        let presets = presets.clone();
        move |r| Link2::read(r, &presets)
    });
    let first = &link.state;
    // The step debugger's window, which a new picture, kernel, padding or stride resets.
    let index = use_state(|| first.step);
    let input = use_input(first, &index, lang);
    let kn = use_kernel(first, &presets, &index, lang);
    let settings = use_settings(first, &index);
    let (pic, kind, kernel, k) = (&input.pic, *input.kind, &kn.kernel, *kn.k);
    let (stride, padding, relu, flip) =
        (*settings.stride, *settings.padding, *settings.relu, *settings.flip);
    let last_good = use_mut_ref(|| None::<Result2>);

    // The map is recomputed only when an input of it changes (not at every step). A true
    // convolution turns the kernel first; the core's layer then slides it as given.
    let applied = rotated(kernel, flip);
    let result = use_memo(
        ((**pic).clone(), applied.clone(), k, stride, padding, relu),
        |(pic, kernel, k, stride, padding, relu)| {
            compute(pic, kernel, *k, *stride, *padding, *relu)
        },
    );
    let error = result.as_ref().as_ref().err().map(|e| nn_error(lang, e));
    let shown = match &*result {
        Ok(r) => {
            *last_good.borrow_mut() = Some(r.clone());
            Some(r.clone())
        }
        Err(_) => last_good.borrow().clone(),
    };
    let on_step = {
        let index = index.clone();
        Callback::from(move |i: usize| index.set(i))
    };

    let (maps, readout, live, n_windows, cur) = match &shown {
        Some(r) => view_result(r, *index, stride, padding, relu, t, lang, on_step.clone()),
        None => (html! {}, html! {}, String::new(), 0, 0),
    };
    // An empty pad has no picture to write out: the maps keep the last one, the code does not
    // pretend it is the student's drawing.
    let keras = match &shown {
        _ if kind == InputKind::Draw && *input.pad_empty => KERAS_DRAW_FIRST.to_string(),
        Some(r) => keras_code(kind, &r.pic, &r.kernel, r.k, stride, padding, relu, flip),
        None => String::new(),
    };
    let draw = kind == InputKind::Draw;
    // The address bar follows the screen (the window too), for Share and for a reload.
    let query = use_link_writer(
        "/conv2d",
        Link2 {
            input: kind,
            grid: if kind == InputKind::Grid {
                input.grid.as_ref().map(|g| (**g).clone())
            } else {
                None
            },
            digit: *input.digit,
            kernel: if *kn.choice == CUSTOM {
                Err(((**kernel).clone(), k))
            } else {
                Ok(*kn.choice)
            },
            padding,
            stride,
            relu,
            flip,
            step: cur,
        }
        .write(&presets),
    );

    html! {
        <article class="page lab conv2d">
            <h1>{ t.title }</h1>
            <LinkNotices notices={link.notices.clone()} />
            <p class="lead">{ t.lead }</p>
            { controls(query, &input, &kn, &presets, &settings, t, lang) }
            if kind == InputKind::Mnist {
                { digits_field(&input.digits, *input.digit, pic, input.on_next_digit.clone(), t, lang) }
            }
            if kind == InputKind::Upload {
                { upload_field(input.upload_msg.as_ref(), input.on_file.clone(), t) }
            }
            { kernel_panel(&kn, &presets, flip, &applied, t, lang) }
            if let Some(e) = &error {
                <p class="field-error" id="conv2d-error" role="alert">{ e.clone() }{ " " }{ t.kept_result }</p>
            }
            // The pad, the input with its window, the output and the arithmetic side by side.
            <div class={classes!("conv2d-stage", draw.then_some("with-pad"))} id="conv2d-stage">
                if draw {
                    <div class="lab-field conv2d-draw" id="conv2d-draw">
                        <DrawPad id="conv2d-pad" on_change={input.on_ink.clone()} label={t.pad_label} clear_label={t.pad_clear} />
                        <small>{ t.pad_hint }</small>
                        if *input.pad_empty {
                            <p id="conv2d-pad-empty" role="status">{ t.pad_empty }</p>
                        }
                    </div>
                }
                <Stepper id="conv2d" n={n_windows} index={cur} on_change={on_step} live={live}>
                    { maps }
                    { readout }
                </Stepper>
            </div>
            <FilterBank presets={presets.clone()} pic={(**pic).clone()} {stride} {padding} {relu} {flip} />
            <KerasPanel id="conv2d-keras" code={keras} />
            <aside class="callout try">
                <h2>{ t.try_title }</h2>
                <ul>{ for t.try_items.iter().map(|s| html! { <li>{ *s }</li> }) }</ul>
            </aside>
            <ExercisePanel lesson={Lesson::Conv2d} lab_link={LabLink(exercise_link::lab_link)} />
        </article>
    }
}
