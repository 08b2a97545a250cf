//! What one setting draws: the windows computed by the core, the plot (input above, output
//! below, the current window joined to its output) and the output size's formula.

use std::rc::Rc;

use yew::prelude::*;

use super::texts::Conv1dTexts;
use crate::app::i18n::Lang;
use crate::app::i18n::num::{decimal, fmt_value};
use crate::nn::window::{AxisGeometry, ConvWindow1D, conv1d_windows, geometry};
use crate::nn::{NnError, Padding};

/// One computed state of the lab: what is drawn.
#[derive(Clone, PartialEq)]
pub(super) struct Snapshot {
    pub signal: Vec<f64>,
    pub kernel: Vec<f64>,
    pub stride: usize,
    pub padding: Padding,
    pub g: AxisGeometry,
    pub windows: Rc<Vec<ConvWindow1D<f64>>>,
}

pub(super) fn compute(
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

/// `⌊(n + 2p − k) / s⌋ + 1` with the current numbers (Keras's asymmetric padding noted).
pub(super) fn formula(g: &AxisGeometry, t: &Conv1dTexts) -> Html {
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
pub(super) fn plot(
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
    // A finger picks an output by touching the output band and sliding along it (the
    // samples are narrower than a finger on a phone): the output nearest the finger is
    // picked, each time it changes. The pointer is captured by the band while it is down.
    let centres: Vec<f64> = (0..s.windows.len()).map(centre).collect();
    let view_w = slots as f64 * dx;
    // The band under the event (yew delegates events: `current_target` is not the group).
    let band_of = |e: &PointerEvent| -> Option<web_sys::Element> {
        use wasm_bindgen::JsCast;
        e.target()?.dyn_into::<web_sys::Element>().ok()?.closest("#conv1d-output").ok().flatten()
    };
    let nearest = move |e: &PointerEvent| -> Option<usize> {
        let rect = band_of(e)?.closest("svg").ok().flatten()?.get_bounding_client_rect();
        if rect.width() <= 0.0 {
            return None;
        }
        let x = (e.client_x() as f64 - rect.left()) * view_w / rect.width();
        (0..centres.len())
            .min_by(|&a, &b| (centres[a] - x).abs().total_cmp(&(centres[b] - x).abs()))
    };
    let on_band_down = {
        let (on_step, nearest) = (on_step.clone(), nearest.clone());
        Callback::from(move |e: PointerEvent| {
            if e.button() != 0 {
                return;
            }
            if let Some(band) = band_of(&e) {
                let _ = band.set_pointer_capture(e.pointer_id());
            }
            if let Some(o) = nearest(&e) {
                on_step.emit(o);
            }
        })
    };
    let on_band_move = {
        let on_step = on_step.clone();
        Callback::from(move |e: PointerEvent| {
            let held = band_of(&e).is_some_and(|band| band.has_pointer_capture(e.pointer_id()));
            match (held, nearest(&e)) {
                (true, Some(o)) if o != cur => on_step.emit(o),
                _ => {}
            }
        })
    };

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
            <g id="conv1d-output" onpointerdown={on_band_down} onpointermove={on_band_move}>
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
