//! What one setting draws: the output map computed by the core, and the step debugger's
//! stage (the input with its window, the output with its cell, the arithmetic and the sizes).

use std::rc::Rc;

use ndarray::ArrayView2;
use yew::prelude::*;

use super::model::{Picture, conv_output};
use super::texts::Conv2dTexts;
use crate::app::i18n::Lang;
use crate::app::i18n::num::decimal;
use crate::app::widgets::arith::{relu_of, write_sum};
use crate::app::widgets::heatmap::{CellRect, ColourMap, Heatmap};
use crate::nn::window::{AxisGeometry, conv2d_window, geometry};
use crate::nn::{NnError, Padding};

/// Everything drawn for one setting.
#[derive(Clone, PartialEq)]
pub(super) struct Result2 {
    pub pic: Rc<Picture>,
    pub kernel: Vec<f64>,
    pub k: (usize, usize),
    pub gy: AxisGeometry,
    pub gx: AxisGeometry,
    pub out: Rc<Vec<f64>>,
}

pub(super) fn compute(
    pic: &Rc<Picture>,
    kernel: &[f64],
    k: (usize, usize),
    stride: usize,
    padding: Padding,
    relu: bool,
) -> Result<Result2, NnError> {
    let gy = geometry(pic.rows, k.0, stride, padding)?;
    let gx = geometry(pic.cols, k.1, stride, padding)?;
    let (_, _, out) = conv_output(pic, kernel, k, stride, padding, relu)?;
    // `kernel` is the one applied (already flipped for a convolution).
    Ok(Result2 { pic: pic.clone(), kernel: kernel.to_vec(), k, gy, gx, out: Rc::new(out) })
}

#[allow(clippy::too_many_arguments)]
pub(super) fn view_result(
    r: &Result2,
    index: usize,
    stride: usize,
    padding: Padding,
    relu: bool,
    t: &Conv2dTexts,
    lang: Lang,
    on_step: Callback<usize>,
) -> (Html, Html, String, usize, usize) {
    let (oh, ow) = (r.gy.out, r.gx.out);
    let n = oh * ow;
    let cur = index.min(n.saturating_sub(1));
    let (oy, ox) = (cur / ow.max(1), cur % ow.max(1));
    let img = ArrayView2::from_shape((r.pic.rows, r.pic.cols), &r.pic.values[..]);
    let ker = ArrayView2::from_shape(r.k, &r.kernel[..]);
    let win = match (img, ker) {
        (Ok(img), Ok(ker)) => {
            conv2d_window(img, ker, (stride, stride), padding, 0.0, (oy, ox)).ok()
        }
        _ => None,
    };
    let shown_value = r.out.get(cur).copied().unwrap_or(0.0);
    let arith = win
        .as_ref()
        .map(|w| {
            let (sum, s) =
                write_sum(lang, w.terms.iter().map(|t| (t.weight, t.input)), w.bias, w.output);
            if relu { format!("{s} → {} {}", t.relu_applied, relu_of(lang, sum)) } else { s }
        })
        .unwrap_or_default();
    let live = t
        .live
        .replace("{i}", &(cur + 1).to_string())
        .replace("{n}", &n.to_string())
        .replace("{r}", &(oy + 1).to_string())
        .replace("{c}", &(ox + 1).to_string())
        .replace("{v}", &decimal(lang, shown_value, 3));
    let pad = r.gy.pad_before.max(r.gy.pad_after).max(r.gx.pad_before).max(r.gx.pad_after);
    let window = CellRect {
        r0: (oy * stride) as isize - r.gy.pad_before as isize,
        c0: (ox * stride) as isize - r.gx.pad_before as isize,
        r1: (oy * stride + r.k.0) as isize - r.gy.pad_before as isize,
        c1: (ox * stride + r.k.1) as isize - r.gx.pad_before as isize,
    };
    let pick = on_step.reform(move |(r, c): (usize, usize)| r * ow.max(1) + c);
    let maps = html! {
        <div class="conv2d-maps">
            <div>
                <h2 class="map-title">{ format!("{} ({}×{})", t.input_map, r.pic.rows, r.pic.cols) }</h2>
                <Heatmap id="conv2d-input-map" rows={r.pic.rows} cols={r.pic.cols} values={Rc::new(r.pic.values.clone())}
                    map={ColourMap::Grey} pad={pad} window={Some(window)} width={MAP_WIDTH} fill={true} label={t.input_map} />
            </div>
            <div>
                <h2 class="map-title">{ format!("{} ({}×{})", t.output_map, oh, ow) }</h2>
                <Heatmap id="conv2d-output" rows={oh} cols={ow} values={r.out.clone()} mark={Some((oy, ox))}
                    width={MAP_WIDTH} fill={true} label={t.output_map} on_pick={Some(pick)} />
            </div>
        </div>
    };
    let axis = |g: &AxisGeometry| {
        let pads = if g.pad_before == g.pad_after {
            format!("2×{}", g.pad_before)
        } else {
            format!("{} + {}", g.pad_before, g.pad_after)
        };
        format!("⌊({} + {} − {}) / {}⌋ + 1 = {}", g.n, pads, g.k, g.stride, g.out)
    };
    let readout = html! {
        <div class="lab-readout">
            <p><strong>{ t.arithmetic }{ " " }</strong><code class="arith" id="conv2d-arith">{ arith }</code></p>
            <div id="conv2d-formula">
                <p><strong>{ t.size }{ " " }</strong><code>{ "⌊(n + 2p − k) / s⌋ + 1" }</code>
                    { format!(" = {} × {}", r.gy.out, r.gx.out) }</p>
                <ul class="size-lines">
                    <li id="conv2d-formula-rows">{ t.size_rows }{ " " }<code>{ axis(&r.gy) }</code></li>
                    <li id="conv2d-formula-cols">{ t.size_cols }{ " " }<code>{ axis(&r.gx) }</code></li>
                </ul>
            </div>
        </div>
    };
    (maps, readout, live, n, cur)
}

/// The widest a map is drawn (CSS pixels); narrower columns shrink it.
const MAP_WIDTH: f64 = 420.0;
