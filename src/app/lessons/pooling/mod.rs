//! Pooling lab: max or average, pool 2 or 3, stride, on 13 values or a map; the windows
//! stepped through with the max's winner marked. Every number comes from `nn::window`.

pub mod model;
pub mod texts;

use std::rc::Rc;

use ndarray::ArrayView2;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::app::lessons::conv2d::fetch_digits;
use crate::app::prefs::use_prefs;
use crate::app::widgets::heatmap::{CellRect, ColourMap, Heatmap, fmt_value};
use crate::app::widgets::keras::KerasPanel;
use crate::app::widgets::stepper::Stepper;
use crate::data::Mnist;
use crate::nn::window::{AxisGeometry, PoolWindow2D, geometry, pool1d_windows, pool2d_windows};
use crate::nn::{NnError, Padding, PoolKind};
use model::{PoolInput, input, keras_code, left_out};
use texts::PoolingTexts;

/// Every window as 2D (a signal is a map of one row), so one view serves both.
#[allow(clippy::too_many_arguments)]
fn windows(rows: usize, cols: usize, v: &[f64], two_d: bool, kind: PoolKind, pool: usize, stride: usize, padding: Padding)
    -> Result<(AxisGeometry, AxisGeometry, Vec<PoolWindow2D<f64>>), NnError> {
    if two_d {
        let img = ArrayView2::from_shape((rows, cols), v).map_err(|_| NnError::SizeMismatch { got: v.len(), expected: rows * cols })?;
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
    let which = use_state(|| PoolInput::Signal13);
    let digits = use_state(|| None::<Rc<Mnist>>);
    let digits_err = use_state(|| None::<String>);
    let digit = use_state(|| 0usize);
    let kind = use_state(|| PoolKind::Max);
    let pool = use_state(|| 2usize);
    let stride = use_state(|| None::<usize>);
    let padding = use_state(|| Padding::Valid);
    let index = use_state(|| 0usize);

    let data: Option<(usize, usize, Vec<f64>)> = match *which {
        PoolInput::Digit => digits.as_ref().and_then(|m| {
            let (r, c) = m.image_shape();
            m.image(*digit % m.len().max(1)).map(|px| (r, c, px.iter().map(|&p| p as f64 / 255.0).collect()))
        }),
        w => input(w),
    };
    let two_d = !which.is_1d();
    let s = stride.unwrap_or(*pool);
    let result = data.as_ref().map(|(r, c, v)| windows(*r, *c, v, two_d, *kind, *pool, s, *padding));

    let reset = {
        let index = index.clone();
        move || index.set(0)
    };
    let on_input = {
        let (which, digits, digits_err, reset) = (which.clone(), digits.clone(), digits_err.clone(), reset.clone());
        Callback::from(move |e: Event| {
            let Some(sel) = e.target_dyn_into::<web_sys::HtmlSelectElement>() else { return };
            let Some(w) = PoolInput::from_id(&sel.value()) else { return };
            which.set(w);
            reset();
            if w == PoolInput::Digit && digits.is_none() {
                let (digits, digits_err) = (digits.clone(), digits_err.clone());
                spawn_local(async move {
                    match fetch_digits().await {
                        Ok(m) => digits.set(Some(Rc::new(m))),
                        Err(e) => digits_err.set(Some(e)),
                    }
                });
            }
        })
    };
    let select_cb = |f: Box<dyn Fn(String)>| {
        let reset = reset.clone();
        Callback::from(move |e: Event| {
            if let Some(sel) = e.target_dyn_into::<web_sys::HtmlSelectElement>() {
                f(sel.value());
                reset();
            }
        })
    };
    let on_kind = {
        let kind = kind.clone();
        select_cb(Box::new(move |v| kind.set(if v == "average" { PoolKind::Average } else { PoolKind::Max })))
    };
    let on_pool = {
        let pool = pool.clone();
        select_cb(Box::new(move |v| pool.set(v.parse::<usize>().unwrap_or(2).clamp(2, 3))))
    };
    let on_stride = {
        let stride = stride.clone();
        select_cb(Box::new(move |v| stride.set(v.parse::<usize>().ok().map(|s| s.clamp(1, 3)))))
    };
    let on_padding = {
        let padding = padding.clone();
        select_cb(Box::new(move |v| padding.set(if v == "same" { Padding::Same } else { Padding::Valid })))
    };
    let on_next = {
        let (digit, reset) = (digit.clone(), reset.clone());
        Callback::from(move |_: MouseEvent| {
            digit.set(*digit + 797);
            reset();
        })
    };
    let on_step = {
        let index = index.clone();
        Callback::from(move |i: usize| index.set(i))
    };

    let body = match (&data, &result) {
        (Some((rows, cols, v)), Some(Ok((gy, gx, ws)))) => {
            view(*rows, *cols, v, gy, gx, ws, *index, *kind, two_d, *which, on_step, t)
        }
        (_, Some(Err(e))) => html! { <p class="field-error" id="pool-error" role="alert">{ e.to_string() }</p> },
        _ => match &*digits_err {
            Some(e) => html! { <p class="field-error" role="alert">{ t.digits_failed.replace("{e}", e) }</p> },
            None => html! { <p role="status">{ t.loading_digits }</p> },
        },
    };

    html! {
        <article class="page lab pooling">
            <h1>{ t.title }</h1>
            <p class="lead">{ t.lead }</p>
            <div class="lab-controls">
                <label>{ t.input }
                    <select id="pool-input" onchange={on_input}>
                        { for PoolInput::ALL.iter().enumerate().map(|(i, w)| html! {
                            <option value={w.id()} selected={*w == *which}>{ t.input_names[i] }</option>
                        }) }
                    </select>
                </label>
                <label>{ t.kind }
                    <select id="pool-kind" onchange={on_kind}>
                        <option value="max" selected={*kind == PoolKind::Max}>{ t.max }</option>
                        <option value="average" selected={*kind == PoolKind::Average}>{ t.average }</option>
                    </select>
                </label>
                <label>{ t.pool }
                    <select id="pool-size" onchange={on_pool}>
                        { for [2usize, 3].iter().map(|&p| html! { <option value={p.to_string()} selected={p == *pool}>{ p }</option> }) }
                    </select>
                </label>
                <label>{ t.stride }
                    <select id="pool-stride" onchange={on_stride}>
                        <option value="default" selected={stride.is_none()}>{ t.stride_default }</option>
                        { for (1..=3usize).map(|v| html! { <option value={v.to_string()} selected={*stride == Some(v)}>{ v }</option> }) }
                    </select>
                </label>
                <label>{ t.padding }
                    <select id="pool-padding" onchange={on_padding}>
                        <option value="valid" selected={*padding == Padding::Valid}>{ t.valid }</option>
                        <option value="same" selected={*padding == Padding::Same}>{ t.same }</option>
                    </select>
                </label>
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
        </article>
    }
}

#[allow(clippy::too_many_arguments)]
fn view(
    rows: usize, cols: usize, v: &[f64], gy: &AxisGeometry, gx: &AxisGeometry, ws: &[PoolWindow2D<f64>], index: usize,
    kind: PoolKind, two_d: bool, which: PoolInput, on_step: Callback<usize>,
    t: &PoolingTexts,
) -> Html {
    let n = ws.len();
    let cur = index.min(n.saturating_sub(1));
    let Some(w) = ws.get(cur) else { return html! {} };
    let (oy, ox) = w.output_index;
    let arith = match kind {
        PoolKind::Max => format!(
            "max({}) = {}",
            w.cells.iter().map(|c| fmt_value(c.1)).collect::<Vec<_>>().join(", "),
            fmt_value(w.output)
        ),
        PoolKind::Average => format!(
            "({}) / {} = {}",
            w.cells.iter().map(|c| fmt_value(c.1)).collect::<Vec<_>>().join(" + "),
            w.cells.len(),
            fmt_value(w.output)
        ),
    };
    let winner = w.winner.map(|(r, c)| format!(" — {} ({}, {})", t.winner, r + 1, c + 1)).unwrap_or_default();
    let live = t.live.replace("{i}", &(cur + 1).to_string()).replace("{n}", &n.to_string()).replace("{v}", &arith);
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
    let axis = |g: &AxisGeometry, name: &str| {
        let pads = if g.pad_before == g.pad_after { format!("2×{}", g.pad_before) } else { format!("{} + {}", g.pad_before, g.pad_after) };
        let inner = g.n + g.pad_before + g.pad_after - g.k;
        let r = left_out(g.n, g.pad_before + g.pad_after, g.k, g.stride, g.out);
        html! {
            <li>
                <code>{ format!("⌊({} + {} − {}) / {}⌋ + 1 = ⌊{}/{}⌋ + 1 = {} + 1 = {}", g.n, pads, g.k, g.stride,
                    inner, g.stride, inner / g.stride, g.out) }</code>
                if r > 0 {
                    <p class="floor-note">{ t.floor_note.replace("{r}", &r.to_string()).replace("{axis}", name)
                        .replace("{n}", &g.n.to_string()).replace("{o}", &g.out.to_string()) }</p>
                }
            </li>
        }
    };
    html! {
        <Stepper id="pool" n={n} index={cur} on_change={on_step} live={live}>
            <div class="conv2d-maps">
                <div>
                    <h3>{ format!("{} ({})", t.input_map, if two_d { format!("{rows}×{cols}") } else { cols.to_string() }) }</h3>
                    <Heatmap id="pool-input-map" rows={rows} cols={cols} values={Rc::new(v.to_vec())} map={map}
                        pad={pad} window={Some(window)} mark={w.winner} width={in_width} label={t.input_map} />
                </div>
                <div>
                    <h3>{ format!("{} ({})", t.output_map, if two_d { format!("{}×{}", gy.out, gx.out) } else { gx.out.to_string() }) }</h3>
                    <Heatmap id="pool-output" rows={if two_d { gy.out } else { 1 }} cols={gx.out} values={Rc::new(out)} map={map}
                        mark={Some((oy, ox))} width={out_width} label={t.output_map} />
                </div>
            </div>
            <div class="lab-readout">
                <p><strong>{ t.arithmetic }{ " " }</strong><code class="arith" id="pool-arith">{ arith }</code>{ winner }</p>
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
