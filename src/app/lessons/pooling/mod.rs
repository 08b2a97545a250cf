//! Pooling lab: max or average, pool 2 or 3, stride, on 13 values or a map; the windows
//! stepped through with the max's winner marked. Every number comes from `nn::window`.

pub mod exercise_link;
pub mod link;
pub mod model;
pub mod texts;

use std::rc::Rc;

use ndarray::ArrayView2;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::app::exercises::Lesson;
use crate::app::exercises::view::{ExercisePanel, LabLink};
use crate::app::i18n::Lang;
use crate::app::i18n::errors::nn_error;
use crate::app::lessons::conv2d::digits::{digits_error_text, fetch_digits};
use crate::app::lessons::conv2d::model::{DigitsError, next_digit};
use crate::app::prefs::use_prefs;
use crate::app::share::{LinkNotices, ShareButton};
use crate::app::urlstate::{use_link, use_link_writer};
use crate::app::widgets::arith::{write_average, write_max};
use crate::app::widgets::form::{
    number_options, padding_options, padding_value, parse_padding, select_field, select_into,
};
use crate::app::widgets::heatmap::{CellRect, ColourMap, Heatmap};
use crate::app::widgets::keras::KerasPanel;
use crate::app::widgets::stepper::Stepper;
use crate::data::Mnist;
use crate::nn::window::{AxisGeometry, PoolWindow2D, geometry, pool1d_windows, pool2d_windows};
use crate::nn::{NnError, Padding, PoolKind};
use link::{LINK_KEYS, LinkP};
use model::{
    PoolInput, input, keras_code, left_out, parse_kind, parse_pool, parse_pool_stride, uncovered,
};
use texts::PoolingTexts;

/// Every window as 2D (a signal is a map of one row), so one view serves both.
#[allow(clippy::too_many_arguments)]
fn windows(
    rows: usize,
    cols: usize,
    v: &[f64],
    two_d: bool,
    kind: PoolKind,
    pool: usize,
    stride: usize,
    padding: Padding,
) -> Result<(AxisGeometry, AxisGeometry, Vec<PoolWindow2D<f64>>), NnError> {
    if two_d {
        let img = ArrayView2::from_shape((rows, cols), v)
            .map_err(|_| NnError::SizeMismatch { got: v.len(), expected: rows * cols })?;
        let w = pool2d_windows(img, kind, (pool, pool), Some((stride, stride)), padding)?;
        Ok((geometry(rows, pool, stride, padding)?, geometry(cols, pool, stride, padding)?, w))
    } else {
        let w = pool1d_windows(v, kind, pool, Some(stride), padding)?;
        let w = w
            .into_iter()
            .map(|w| PoolWindow2D {
                output_index: (0, w.output_index),
                cells: w.cells.into_iter().map(|(i, x)| ((0, i), x)).collect(),
                winner: w.winner.map(|i| (0, i)),
                output: w.output,
            })
            .collect();
        Ok((geometry(1, 1, 1, Padding::Valid)?, geometry(cols, pool, stride, padding)?, w))
    }
}

#[component]
pub fn PoolingLab() -> Html {
    let lang = use_prefs().lang;
    let t = texts::texts(lang);
    // The link gives the first state (a shared screen); the defaults fill the rest.
    let link = use_link(LINK_KEYS, LinkP::read);
    let first = link.state.clone();
    let which = use_state(|| first.input);
    // A link's own numbers (an exercise's map), offered in the menu while on this page.
    let grid = use_state(|| first.grid.clone());
    let digits = use_state(|| None::<Rc<Mnist>>);
    let digits_err = use_state(|| None::<DigitsError>);
    let digit = use_state(|| first.digit);
    let kind = use_state(|| first.kind);
    let pool = use_state(|| first.pool);
    let stride = use_state(|| first.stride);
    let padding = use_state(|| first.padding);
    let index = use_state(|| first.step);

    let load_digits = {
        let (digits, digits_err) = (digits.clone(), digits_err.clone());
        move || {
            digits_err.set(None);
            let (digits, digits_err) = (digits.clone(), digits_err.clone());
            spawn_local(async move {
                match fetch_digits().await {
                    Ok(m) => digits.set(Some(Rc::new(m))),
                    Err(e) => digits_err.set(Some(e)),
                }
            });
        }
    };
    // A link that opens on a digit fetches it at once (the window index waits for it).
    {
        let (load_digits, open_digit) = (load_digits.clone(), first.input == PoolInput::Digit);
        use_effect_with((), move |_| {
            if open_digit {
                load_digits();
            }
        });
    }

    let data: Option<(usize, usize, Vec<f64>)> = match *which {
        PoolInput::Digit => digits.as_ref().and_then(|m| {
            let (r, c) = m.image_shape();
            m.image(*digit % m.len().max(1))
                .map(|px| (r, c, px.iter().map(|&p| p as f64 / 255.0).collect()))
        }),
        PoolInput::Grid => grid.as_ref().map(|g| (g.rows, g.cols, g.values.clone())),
        w => input(w),
    };
    // One row of numbers is a signal: pooled in 1D, as the 13 values.
    let two_d = !(which.is_1d() || data.as_ref().is_some_and(|(r, _, _)| *r == 1));
    let s = stride.unwrap_or(*pool);
    let result =
        data.as_ref().map(|(r, c, v)| windows(*r, *c, v, two_d, *kind, *pool, s, *padding));

    let on_input = {
        let (which, digits, index, load_digits) =
            (which.clone(), digits.clone(), index.clone(), load_digits.clone());
        Callback::from(move |e: Event| {
            let Some(sel) = e.target_dyn_into::<web_sys::HtmlSelectElement>() else { return };
            let Some(w) = PoolInput::from_id(&sel.value()) else { return };
            which.set(w);
            index.set(0);
            if w == PoolInput::Digit && digits.is_none() {
                load_digits();
            }
        })
    };
    let on_kind = select_into(&kind, &index, parse_kind);
    let on_pool = select_into(&pool, &index, parse_pool);
    let on_stride = select_into(&stride, &index, parse_pool_stride);
    let on_padding = select_into(&padding, &index, parse_padding);
    let on_next = {
        let (digit, digits, index) = (digit.clone(), digits.clone(), index.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(m) = &*digits {
                digit.set(next_digit(m.labels(), *digit));
                index.set(0);
            }
        })
    };
    let on_step = {
        let index = index.clone();
        Callback::from(move |i: usize| index.set(i))
    };

    let body = match (&data, &result) {
        (Some((rows, cols, v)), Some(Ok((gy, gx, ws)))) => {
            view(*rows, *cols, v, gy, gx, ws, *index, *kind, two_d, *which, on_step, t, lang)
        }
        (_, Some(Err(e))) => {
            html! { <p class="field-error" id="pool-error" role="alert">{ nn_error(lang, e) }</p> }
        }
        _ => match &*digits_err {
            Some(e) => {
                html! { <p class="field-error" id="pool-digits-error" role="alert">{ digits_error_text(lang, e) }</p> }
            }
            None => html! { <p role="status">{ t.loading_digits }</p> },
        },
    };
    let stride_options: Vec<(String, String)> =
        std::iter::once(("default".to_string(), t.stride_default.to_string()))
            .chain(number_options(1..=3))
            .collect();
    let stride_value = stride.map(|v| v.to_string()).unwrap_or_else(|| "default".into());

    // The address bar follows the screen (the window too), for Share and for a reload.
    let cur = match &result {
        Some(Ok((_, _, ws))) => (*index).min(ws.len().saturating_sub(1)),
        _ => *index,
    };
    let query = use_link_writer(
        "/pooling",
        LinkP {
            input: *which,
            grid: if *which == PoolInput::Grid { (*grid).clone() } else { None },
            digit: *digit,
            kind: *kind,
            pool: *pool,
            stride: *stride,
            padding: *padding,
            step: cur,
        }
        .write(),
    );

    html! {
        <article class="page lab pooling">
            <h1>{ t.title }</h1>
            <LinkNotices notices={link.notices.clone()} />
            <p class="lead">{ t.lead }</p>
            <div class="lab-controls">
                <ShareButton route="/pooling" query={query} />
                { select_field(t.input, "pool-input",
                    PoolInput::ALL.iter().enumerate()
                        .filter(|(_, w)| **w != PoolInput::Grid || grid.is_some())
                        .map(|(i, w)| (w.id().to_string(), t.input_names[i].to_string())).collect(),
                    which.id(), on_input) }
                { select_field(t.kind, "pool-kind",
                    vec![("max".into(), t.max.into()), ("average".into(), t.average.into())],
                    if *kind == PoolKind::Max { "max" } else { "average" }, on_kind) }
                { select_field(t.pool, "pool-size", number_options(2..=3), &pool.to_string(), on_pool) }
                { select_field(t.stride, "pool-stride", stride_options, &stride_value, on_stride) }
                { select_field(t.padding, "pool-padding", padding_options(t.valid, t.same), padding_value(*padding), on_padding) }
                if *which == PoolInput::Digit && digits.is_some() {
                    <button type="button" class="btn small" id="pool-next-digit" onclick={on_next}>{ t.next_digit }</button>
                }
            </div>
            { body }
            if let Some((rows, cols, v)) = &data {
                <KerasPanel id="pool-keras" note={AttrValue::from(t.keras_note)}
                    code={keras_code(*kind, two_d, *rows, *cols, v, *which == PoolInput::Digit, *pool, s, *padding)} />
            }
            <aside class="callout try">
                <h2>{ t.try_title }</h2>
                <ul>{ for t.try_items.iter().map(|s| html! { <li>{ *s }</li> }) }</ul>
            </aside>
            <ExercisePanel lesson={Lesson::Pooling} lab_link={LabLink(exercise_link::lab_link)} />
        </article>
    }
}

#[allow(clippy::too_many_arguments)]
fn view(
    rows: usize,
    cols: usize,
    v: &[f64],
    gy: &AxisGeometry,
    gx: &AxisGeometry,
    ws: &[PoolWindow2D<f64>],
    index: usize,
    kind: PoolKind,
    two_d: bool,
    which: PoolInput,
    on_step: Callback<usize>,
    t: &PoolingTexts,
    lang: Lang,
) -> Html {
    let n = ws.len();
    let cur = index.min(n.saturating_sub(1));
    let Some(w) = ws.get(cur) else { return html! {} };
    let (oy, ox) = w.output_index;
    let values: Vec<f64> = w.cells.iter().map(|c| c.1).collect();
    let arith = match kind {
        PoolKind::Max => write_max(lang, &values, w.output),
        PoolKind::Average => write_average(lang, &values, w.output),
    };
    // A signal's positions are one index; a map's a row and a column.
    let winner = w
        .winner
        .map(|(r, c)| {
            let place = if two_d {
                t.at_row_col
                    .replace("{r}", &(r + 1).to_string())
                    .replace("{c}", &(c + 1).to_string())
            } else {
                t.at_position.replace("{i}", &(c + 1).to_string())
            };
            format!(" — {} {place}", t.winner)
        })
        .unwrap_or_default();
    let live = t
        .live
        .replace("{i}", &(cur + 1).to_string())
        .replace("{n}", &n.to_string())
        .replace("{v}", &arith);
    let window = CellRect {
        r0: (oy * gy.stride) as isize - gy.pad_before as isize,
        c0: (ox * gx.stride) as isize - gx.pad_before as isize,
        r1: (oy * gy.stride + gy.k) as isize - gy.pad_before as isize,
        c1: (ox * gx.stride + gx.k) as isize - gx.pad_before as isize,
    };
    let pad = gy.pad_before.max(gy.pad_after).max(gx.pad_before).max(gx.pad_after);
    let out: Vec<f64> = ws.iter().map(|w| w.output).collect();
    let map = if which == PoolInput::Digit { ColourMap::Grey } else { ColourMap::Diverging };
    let in_width = if two_d { 420.0 } else { cols as f64 * 46.0 };
    let out_width = if two_d { 300.0 } else { gx.out as f64 * 46.0 };
    let skipped_rows =
        if two_d { uncovered(gy.n, gy.pad_before, gy.k, gy.stride, gy.out) } else { Vec::new() };
    let skipped_cols = uncovered(gx.n, gx.pad_before, gx.k, gx.stride, gx.out);
    // Windows come in reading order: output (r, c) is window r × width + c.
    let out_cols = gx.out;
    let pick = on_step.reform(move |(r, c): (usize, usize)| r * out_cols + c);
    let axis = |g: &AxisGeometry, name: &str| {
        let pads = if g.pad_before == g.pad_after {
            format!("2×{}", g.pad_before)
        } else {
            format!("{} + {}", g.pad_before, g.pad_after)
        };
        let inner = g.n + g.pad_before + g.pad_after - g.k;
        let r = left_out(g.n, g.pad_before + g.pad_after, g.k, g.stride, g.out);
        html! {
            <li>
                <code>{ format!("⌊({} + {} − {}) / {}⌋ + 1 = ⌊{}/{}⌋ + 1 = {} + 1 = {}", g.n, pads, g.k, g.stride,
                    inner, g.stride, inner / g.stride, g.out) }</code>
                if r > 0 {
                    <p class="floor-note">{ if r == 1 { t.floor_note_one } else { t.floor_note }.replace("{r}", &r.to_string()).replace("{axis}", name)
                        .replace("{n}", &g.n.to_string()).replace("{o}", &g.out.to_string()) }</p>
                }
            </li>
        }
    };
    html! {
        <Stepper id="pool" n={n} index={cur} on_change={on_step} live={live}>
            <div class={classes!("conv2d-maps", (!two_d).then_some("strip"))}>
                <div>
                    <h2 class="map-title">{ format!("{} ({})", t.input_map, if two_d { format!("{rows}×{cols}") } else { cols.to_string() }) }</h2>
                    <Heatmap id="pool-input-map" rows={rows} cols={cols} values={Rc::new(v.to_vec())} map={map}
                        pad={pad} window={Some(window)} winner={w.winner} width={in_width} fill={true} label={t.input_map}
                        uncovered_rows={skipped_rows} uncovered_cols={skipped_cols} one_d={!two_d}
                        uncovered_label={AttrValue::from(t.uncovered)} />
                </div>
                <div>
                    <h2 class="map-title">{ format!("{} ({})", t.output_map, if two_d { format!("{}×{}", gy.out, gx.out) } else { gx.out.to_string() }) }</h2>
                    <Heatmap id="pool-output" rows={if two_d { gy.out } else { 1 }} cols={gx.out} values={Rc::new(out)} map={map}
                        mark={Some((oy, ox))} width={out_width} fill={true} label={t.output_map} one_d={!two_d} on_pick={Some(pick)} />
                </div>
            </div>
            <div class="lab-readout">
                <p><strong>{ t.arithmetic }{ " " }</strong><code class="arith" id="pool-arith">{ arith }</code>
                    <span id="pool-winner">{ winner }</span></p>
                <div id="pool-formula"><strong>{ t.size }{ " " }</strong><code>{ "⌊(n + 2p − k) / s⌋ + 1" }</code>
                    <ul class="formula-list">
                        if two_d { { axis(gy, t.each_column) } }
                        { axis(gx, if two_d { t.each_row } else { t.the_signal }) }
                    </ul>
                </div>
            </div>
        </Stepper>
    }
}
