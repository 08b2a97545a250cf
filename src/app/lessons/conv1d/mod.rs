//! 1D convolution lab: a signal, a kernel, padding and stride; the windows stepped through
//! one at a time with their arithmetic. Every number comes from `nn::window` (the core).

pub mod link;
pub mod model;
pub mod texts;

use std::rc::Rc;

use yew::prelude::*;

use crate::app::exercises::Lesson;
use crate::app::exercises::view::ExercisePanel;
use crate::app::i18n::Lang;
use crate::app::i18n::errors::nn_error;
use crate::app::i18n::num::{decimal, fmt_value};
use crate::app::prefs::use_prefs;
use crate::app::share::{LinkNotices, ShareButton};
use crate::app::urlstate::{use_link, use_link_writer};
use crate::app::widgets::arith::{list_sep, write_sum};
use crate::app::widgets::form::{
    check_field, number_options, padding_options, padding_value, parse_padding, parse_stride,
    select_field, select_into, toggle_into,
};
use crate::app::widgets::keras::KerasPanel;
use crate::app::widgets::kernel_editor::KernelEditor;
use crate::app::widgets::stepper::Stepper;
use crate::nn::kernels::{NamedKernel, kernels_1d};
use crate::nn::window::{AxisGeometry, ConvWindow1D, conv1d_windows, geometry};
use crate::nn::{NnError, Padding};
use link::{LINK_KEYS, Link1};
use model::{SignalError, SignalKind, flipped, keras_code, parse_signal, signal};
use texts::Conv1dTexts;

/// One computed state of the lab: what is drawn.
#[derive(Clone, PartialEq)]
struct Snapshot {
    signal: Vec<f64>,
    kernel: Vec<f64>,
    stride: usize,
    padding: Padding,
    g: AxisGeometry,
    windows: Rc<Vec<ConvWindow1D<f64>>>,
}

fn compute(
    signal: &[f64],
    kernel: &[f64],
    stride: usize,
    padding: Padding,
) -> Result<Snapshot, NnError> {
    let g = geometry(signal.len(), kernel.len(), stride, padding)?;
    let windows = conv1d_windows(signal, kernel, stride, padding, 0.0)?;
    Ok(Snapshot {
        signal: signal.to_vec(),
        kernel: kernel.to_vec(),
        stride,
        padding,
        g,
        windows: Rc::new(windows),
    })
}

/// The kernel menu: the course's kernels, then "custom".
const CUSTOM: usize = usize::MAX;

fn kernel_name(k: &NamedKernel, lang: Lang) -> &'static str {
    if lang == Lang::Fr { k.name_fr } else { k.name_en }
}

fn signal_error_text(e: &SignalError, t: &Conv1dTexts) -> String {
    match e {
        SignalError::Empty => t.err_empty.into(),
        SignalError::NotANumber(i, s) => t.err_nan.replace("{i}", &i.to_string()).replace("{s}", s),
        SignalError::TooLong(n) => t.err_long.replace("{n}", &n.to_string()),
    }
}

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
    let first_labels = match &first.kernel {
        Ok(i) => presets[*i].labels.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
        Err(w) => w.iter().map(|&v| decimal(lang, v, 3)).collect(),
    };
    let kind = use_state(|| first.kind);
    let custom_text = use_state(|| {
        first.custom.iter().map(|&v| decimal(lang, v, 6)).collect::<Vec<_>>().join(" ")
    });
    let custom_signal = use_state(|| first.custom.clone());
    let signal_err = use_state(|| None::<SignalError>);
    let choice = use_state(|| *first.kernel.as_ref().unwrap_or(&CUSTOM));
    let kernel = use_state(|| match &first.kernel {
        Ok(i) => presets[*i].weights.clone(),
        Err(w) => w.clone(),
    });
    let editor_labels = use_state(|| first_labels);
    let editor_key = use_state(|| 0u32);
    let padding = use_state(|| first.padding);
    let stride = use_state(|| first.stride);
    let index = use_state(|| first.step);
    let flip = use_state(|| first.flip);
    let last_good = use_mut_ref(|| None::<Snapshot>);

    let sig = if *kind == SignalKind::Custom { (*custom_signal).clone() } else { signal(*kind) };
    // A true convolution flips the kernel; the core's layer then slides it as given.
    let result = compute(&sig, &flipped(&kernel, *flip), *stride, *padding);
    let error = result.as_ref().err().map(|e| nn_error(lang, e));
    let snap = match result {
        Ok(s) => {
            *last_good.borrow_mut() = Some(s.clone());
            Some(s)
        }
        Err(_) => last_good.borrow().clone(),
    };

    // ---- callbacks ----
    let load_kernel = {
        let (kernel, editor_labels, editor_key, index) =
            (kernel.clone(), editor_labels.clone(), editor_key.clone(), index.clone());
        move |weights: Vec<f64>, labels: Vec<String>| {
            kernel.set(weights);
            editor_labels.set(labels);
            editor_key.set(*editor_key + 1);
            index.set(0);
        }
    };
    let on_signal = {
        let (kind, index) = (kind.clone(), index.clone());
        Callback::from(move |e: Event| {
            if let Some(sel) = e.target_dyn_into::<web_sys::HtmlSelectElement>()
                && let Some(k) = SignalKind::from_id(&sel.value())
            {
                kind.set(k);
                index.set(0);
            }
        })
    };
    let on_custom_signal = {
        let (custom_text, custom_signal, signal_err) =
            (custom_text.clone(), custom_signal.clone(), signal_err.clone());
        Callback::from(move |e: InputEvent| {
            let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() else { return };
            let text = input.value();
            match parse_signal(&text) {
                Ok(v) => {
                    custom_signal.set(v);
                    signal_err.set(None);
                }
                Err(err) => signal_err.set(Some(err)),
            }
            custom_text.set(text);
        })
    };
    let on_kernel = {
        let (choice, presets, kernel, load_kernel) =
            (choice.clone(), presets.clone(), kernel.clone(), load_kernel.clone());
        Callback::from(move |e: Event| {
            let Some(sel) = e.target_dyn_into::<web_sys::HtmlSelectElement>() else { return };
            match sel.value().parse::<usize>().ok().and_then(|i| presets.get(i).map(|k| (i, k))) {
                Some((i, k)) => {
                    choice.set(i);
                    load_kernel(
                        k.weights.clone(),
                        k.labels.iter().map(|s| s.to_string()).collect(),
                    );
                }
                None => {
                    choice.set(CUSTOM);
                    load_kernel(
                        (*kernel).clone(),
                        kernel.iter().map(|&w| decimal(lang, w, 3)).collect(),
                    );
                }
            }
        })
    };
    let on_length = {
        let (choice, kernel, load_kernel) = (choice.clone(), kernel.clone(), load_kernel.clone());
        Callback::from(move |e: Event| {
            let Some(sel) = e.target_dyn_into::<web_sys::HtmlSelectElement>() else { return };
            if let Ok(len) = sel.value().parse::<usize>() {
                let mut w = (*kernel).clone();
                w.resize(len.clamp(1, 9), 0.0);
                choice.set(CUSTOM);
                load_kernel(w.clone(), w.iter().map(|&v| decimal(lang, v, 3)).collect());
            }
        })
    };
    let on_weights = {
        let (kernel, choice, index) = (kernel.clone(), choice.clone(), index.clone());
        Callback::from(move |w: Vec<f64>| {
            kernel.set(w);
            // Once edited, it is the student's own kernel.
            choice.set(CUSTOM);
            index.set(0);
        })
    };
    let on_padding = select_into(&padding, &index, parse_padding);
    let on_stride = select_into(&stride, &index, parse_stride);
    let on_flip = toggle_into(&flip);
    let on_step = {
        let index = index.clone();
        Callback::from(move |i: usize| index.set(i))
    };

    let description = match presets.get(*choice) {
        Some(k) => {
            if lang == Lang::Fr {
                k.description_fr
            } else {
                k.description_en
            }
        }
        None => t.custom_desc,
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
                keras_code(&s.signal, &s.kernel, s.stride, s.padding, *flip),
            )
        }
        None => (html! {}, String::new(), html! {}, String::new(), 0, 0, String::new()),
    };

    // The address bar follows the screen (the step too), for Share and for a reload.
    let query = use_link_writer(
        "/conv1d",
        Link1 {
            kind: *kind,
            custom: (*custom_signal).clone(),
            kernel: if *choice == CUSTOM { Err((*kernel).clone()) } else { Ok(*choice) },
            padding: *padding,
            stride: *stride,
            flip: *flip,
            step: cur,
        }
        .write(&presets),
    );

    html! {
        <article class="page lab conv1d">
            <h1>{ t.title }</h1>
            <LinkNotices notices={link.notices.clone()} />
            <p class="lead">{ t.lead }</p>
            <div class="lab-controls">
                <ShareButton route="/conv1d" query={query} />
                { select_field(t.signal, "conv1d-signal",
                    SignalKind::ALL.iter().enumerate().map(|(i, k)| (k.id().to_string(), t.signal_names[i].to_string())).collect(),
                    kind.id(), on_signal) }
                { select_field(t.kernel, "conv1d-kernel",
                    presets.iter().enumerate()
                        .map(|(i, k)| (i.to_string(), format!("{} [{}]", kernel_name(k, lang), k.labels.join(list_sep(lang)))))
                        .chain([("custom".to_string(), t.custom_kernel.to_string())]).collect(),
                    &if *choice == CUSTOM { "custom".to_string() } else { choice.to_string() }, on_kernel) }
                { select_field(t.length, "conv1d-length", number_options(1..=9), &kernel.len().to_string(), on_length) }
                { select_field(t.padding, "conv1d-padding", padding_options(t.valid, t.same), padding_value(*padding), on_padding) }
                { select_field(t.stride, "conv1d-stride", number_options(1..=3), &stride.to_string(), on_stride) }
                { check_field(t.flip, "conv1d-flip", *flip, on_flip) }
            </div>
            if *kind == SignalKind::Custom {
                <div class="lab-field">
                    <label for="conv1d-custom-signal">{ t.custom_signal_label }</label>
                    <input type="text" id="conv1d-custom-signal" class={classes!(signal_err.is_some().then_some("invalid"))}
                        aria-invalid={signal_err.is_some().to_string()} value={(*custom_text).clone()}
                        oninput={on_custom_signal} />
                    <small>{ t.custom_signal_hint }</small>
                    if let Some(e) = &*signal_err {
                        <p class="field-error" id="conv1d-signal-error" role="alert">
                            { signal_error_text(e, t) }{ " " }{ t.kept_signal }
                        </p>
                    }
                </div>
            }
            <div class="lab-kernel">
                <KernelEditor key={*editor_key} id="conv1d-kernel-edit" rows={1} cols={kernel.len()}
                    initial={(*editor_labels).clone()} on_change={on_weights} />
                <p class="kernel-desc" id="conv1d-kernel-desc">{ description }</p>
            </div>
            <p class="flip-note" id="conv1d-flip-note">
                if *flip {
                    <strong id="conv1d-applied">{ t.applied.replace("{k}", &flipped(&kernel, true).iter()
                        .map(|&w| decimal(lang, w, 3)).collect::<Vec<_>>().join(list_sep(lang))) }</strong>{ " " }
                }
                { t.why_no_flip }
            </p>
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
            <ExercisePanel lesson={Lesson::Conv1d} />
        </article>
    }
}

/// `⌊(n + 2p − k) / s⌋ + 1` with the current numbers (Keras's asymmetric padding noted).
fn formula(g: &AxisGeometry, t: &Conv1dTexts) -> Html {
    let pads = if g.pad_before == g.pad_after {
        format!("2×{}", g.pad_before)
    } else {
        format!("{} + {}", g.pad_before, g.pad_after)
    };
    let inner = g.n + g.pad_before + g.pad_after - g.k;
    html! {
        <span id="conv1d-formula">
            <code>{ "⌊(n + 2p − k) / s⌋ + 1" }</code>{ " = " }
            <code>{ format!("⌊({} + {} − {}) / {}⌋ + 1 = ⌊{} / {}⌋ + 1 = {}", g.n, pads, g.k, g.stride, inner, g.stride, g.out) }</code>
            if g.pad_before != g.pad_after {
                <small>{ " " }{ t.size_note_asym.replace("{b}", &g.pad_before.to_string()).replace("{a}", &g.pad_after.to_string()) }</small>
            }
        </span>
    }
}

/// Input above, output below, each output under the centre of the window that made it.
/// Each output value is a button: click, tap or Enter shows the window that made it.
/// In presentation mode the values are written larger (the plot is shown at about its
/// drawing size on a projector, so 20 units read as about 20 pixels or more).
fn plot(
    s: &Snapshot,
    cur: usize,
    t: &Conv1dTexts,
    lang: Lang,
    present: bool,
    on_step: Callback<usize>,
) -> Html {
    let g = &s.g;
    let slots = g.pad_before + g.n + g.pad_after;
    let width = 960.0;
    let dx = (width / slots as f64).min(80.0);
    let x_of = |slot: f64| (slot + 0.5) * dx;
    let band = 150.0;
    let (in_top, out_top) = (30.0, 30.0 + band + 60.0);
    let height = out_top + band + 20.0;
    let range = |v: &mut dyn Iterator<Item = f64>| {
        let (lo, hi) = v.fold((0.0f64, 0.0f64), |(a, b), x| (a.min(x), b.max(x)));
        if hi - lo < 1e-12 { (lo - 1.0, hi + 1.0) } else { (lo, hi) }
    };
    let (ilo, ihi) = range(&mut s.signal.iter().copied());
    let (olo, ohi) = range(&mut s.windows.iter().map(|w| w.output));
    let y_in = |v: f64| in_top + 18.0 + (ihi - v) / (ihi - ilo) * (band - 36.0);
    let y_out = |v: f64| out_top + 18.0 + (ohi - v) / (ohi - olo) * (band - 36.0);
    let font = if present { (dx * 0.36).clamp(12.0, 24.0) } else { (dx * 0.32).clamp(9.0, 15.0) };
    let w = &s.windows[cur];
    let win_x0 = (cur * g.stride) as f64 * dx;
    let centre = |o: usize| x_of(o as f64 * g.stride as f64 + (g.k as f64 - 1.0) / 2.0);
    let in_window = |i: usize| w.terms.iter().any(|t| t.input_index == Some(i));

    html! {
        <svg class="conv1d-plot" id="conv1d-plot" viewBox={format!("0 0 {} {height}", slots as f64 * dx)}
            role="group" aria-label={format!("{} / {}", t.input_label, t.output_label)}>
            <text x="4" y="18" class="plot-title">{ t.input }</text>
            <text x="4" y={(out_top - 12.0).to_string()} class="plot-title">{ t.output }</text>
            // Padding zeros, dashed.
            { for (0..g.pad_before).chain(g.pad_before + g.n..slots).map(|slot| html! {
                <g class="pad-sample">
                    <circle cx={x_of(slot as f64).to_string()} cy={y_in(0.0).to_string()} r="4" />
                    <text x={x_of(slot as f64).to_string()} y={(y_in(0.0) - 8.0).to_string()}
                        font-size={font.to_string()} text-anchor="middle">{ "0" }</text>
                </g>
            }) }
            <line class="axis" x1="0" x2={(slots as f64 * dx).to_string()} y1={y_in(0.0).to_string()} y2={y_in(0.0).to_string()} />
            <line class="axis" x1="0" x2={(slots as f64 * dx).to_string()} y1={y_out(0.0).to_string()} y2={y_out(0.0).to_string()} />
            // The current window on the input, and a band down to its output.
            <rect class="window" x={win_x0.to_string()} y={in_top.to_string()} width={(g.k as f64 * dx).to_string()}
                height={band.to_string()} rx="6" />
            <polygon class="window-link" points={format!("{},{} {},{} {},{} {},{}",
                win_x0, in_top + band, win_x0 + g.k as f64 * dx, in_top + band,
                centre(cur) + dx * 0.4, out_top, centre(cur) - dx * 0.4, out_top)} />
            <g id="conv1d-input">
                { for s.signal.iter().enumerate().map(|(i, &v)| {
                    let x = x_of((i + g.pad_before) as f64);
                    let y = y_in(v);
                    let label_y = if v >= 0.0 { y - 8.0 } else { y + font + 4.0 };
                    html! {
                        <g class={classes!("sample", in_window(i).then_some("in-window"))}>
                            <line x1={x.to_string()} x2={x.to_string()} y1={y_in(0.0).to_string()} y2={y.to_string()} />
                            <circle cx={x.to_string()} cy={y.to_string()} r="5" />
                            <text class="in-value" x={x.to_string()} y={label_y.to_string()} font-size={font.to_string()}
                                text-anchor="middle">{ decimal(lang, v, 3) }</text>
                        </g>
                    }
                }) }
            </g>
            <g id="conv1d-output">
                { for s.windows.iter().enumerate().map(|(o, win)| {
                    let x = centre(o);
                    let y = y_out(win.output);
                    let label_y = if win.output >= 0.0 { y - 8.0 } else { y + font + 4.0 };
                    let pick = on_step.reform(move |_: MouseEvent| o);
                    let on_key = {
                        let on_step = on_step.clone();
                        Callback::from(move |e: KeyboardEvent| if e.key() == "Enter" {
                            e.prevent_default();
                            on_step.emit(o);
                        })
                    };
                    let name = t.pick_output.replace("{i}", &(o + 1).to_string()).replace("{v}", &decimal(lang, win.output, 3));
                    html! {
                        <g class={classes!("sample", "out", (o == cur).then_some("current"))} role="button" tabindex="0"
                            aria-label={name} data-index={o.to_string()} data-value={fmt_value(win.output)}
                            onclick={pick} onkeydown={on_key}>
                            // A wide, invisible target: easy to hit with a finger.
                            <rect class="hit" x={(x - dx / 2.0).to_string()} y={out_top.to_string()} width={dx.to_string()}
                                height={band.to_string()} />
                            <line x1={x.to_string()} x2={x.to_string()} y1={y_out(0.0).to_string()} y2={y.to_string()} />
                            <circle cx={x.to_string()} cy={y.to_string()} r={if o == cur { "7" } else { "5" }} />
                            <text class="out-value" x={x.to_string()} y={label_y.to_string()} font-size={font.to_string()}
                                text-anchor="middle">{ decimal(lang, win.output, 3) }</text>
                        </g>
                    }
                }) }
            </g>
        </svg>
    }
}
