//! A grid of values drawn on a canvas: a diverging colour map (blue < 0, white = 0,
//! red > 0) with its legend, or grey levels for pictures; values written in the cells when
//! they are large enough, and for any cell under the pointer; the current window outlined.
//!
//! The values drawn are also on the canvas's `data-values` attribute (row-major, as
//! written), so a test reads exactly what the student sees.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};
use yew::prelude::*;

use crate::app::i18n::Lang;
use crate::app::prefs::use_prefs;

/// A number as the labs write it: at most 3 decimals, no trailing zeros, `-0` as `0`.
pub fn fmt_value(v: f64) -> String {
    let s = format!("{v:.3}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.into() }
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ColourMap {
    /// Signed values: blue, white at 0, red; symmetric around 0.
    Diverging,
    /// A picture: white (low) to black (high).
    Grey,
}

/// RGB of `v` on the map, with `scale` the value drawn at full colour.
pub fn colour(map: ColourMap, v: f64, lo: f64, hi: f64) -> (u8, u8, u8) {
    match map {
        ColourMap::Diverging => {
            let m = lo.abs().max(hi.abs()).max(1e-12);
            let t = (v / m).clamp(-1.0, 1.0);
            // White to a saturated red (#c62828) or blue (#1565c0).
            let mix = |a: f64, b: f64, t: f64| (a + (b - a) * t).round() as u8;
            if t >= 0.0 {
                (mix(255.0, 198.0, t), mix(255.0, 40.0, t), mix(255.0, 40.0, t))
            } else {
                (mix(255.0, 21.0, -t), mix(255.0, 101.0, -t), mix(255.0, 192.0, -t))
            }
        }
        ColourMap::Grey => {
            let span = (hi - lo).max(1e-12);
            let t = ((v - lo) / span).clamp(0.0, 1.0);
            let g = (255.0 * (1.0 - t)).round() as u8;
            (g, g, g)
        }
    }
}

/// A rectangle of cells (rows `r0..r1`, cols `c0..c1`), possibly reaching into the padding
/// (negative or past the end).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CellRect {
    pub r0: isize,
    pub c0: isize,
    pub r1: isize,
    pub c1: isize,
}

pub struct HeatTexts {
    pub negative: &'static str,
    pub zero: &'static str,
    pub positive: &'static str,
    pub low: &'static str,
    pub high: &'static str,
    pub hover: &'static str,
    pub row_col: &'static str,
}

pub const EN: HeatTexts = HeatTexts {
    negative: "negative",
    zero: "zero",
    positive: "positive",
    low: "low",
    high: "high",
    hover: "Point at a cell to read its value.",
    row_col: "row {r}, column {c}:",
};

pub const FR: HeatTexts = HeatTexts {
    negative: "négatif",
    zero: "zéro",
    positive: "positif",
    low: "faible",
    high: "fort",
    hover: "Pointer une case pour lire sa valeur.",
    row_col: "ligne {r}, colonne {c} :",
};

pub fn texts(lang: Lang) -> &'static HeatTexts {
    match lang {
        Lang::Fr => &FR,
        Lang::En => &EN,
    }
}

#[derive(Properties, PartialEq)]
pub struct HeatmapProps {
    pub rows: usize,
    pub cols: usize,
    /// Row-major, `rows × cols`.
    pub values: Rc<Vec<f64>>,
    #[prop_or(ColourMap::Diverging)]
    pub map: ColourMap,
    /// Zero cells drawn around the grid (the padding), dashed.
    #[prop_or(0)]
    pub pad: usize,
    /// The current window, outlined.
    #[prop_or_default]
    pub window: Option<CellRect>,
    /// One cell filled with a mark (the output being written, the max's winner).
    #[prop_or_default]
    pub mark: Option<(usize, usize)>,
    /// Width to aim for, in CSS pixels.
    #[prop_or(300.0)]
    pub width: f64,
    pub id: AttrValue,
    pub label: AttrValue,
}

#[component]
pub fn Heatmap(props: &HeatmapProps) -> Html {
    let t = texts(use_prefs().lang);
    let canvas = use_node_ref();
    let hover = use_state(|| None::<(usize, usize)>);
    let (rows, cols, pad) = (props.rows, props.cols, props.pad);
    let (gr, gc) = (rows + 2 * pad, cols + 2 * pad);
    let cell = (props.width / gc.max(1) as f64).floor().clamp(3.0, 56.0);
    let (lo, hi) = props.values.iter().fold((0.0f64, 0.0f64), |(a, b), &v| (a.min(v), b.max(v)));
    let (lo, hi) = if props.map == ColourMap::Grey && hi - lo < 1e-12 { (lo, lo + 1.0) } else { (lo, hi) };

    {
        let canvas = canvas.clone();
        let values = props.values.clone();
        let (map, window, mark) = (props.map, props.window, props.mark);
        use_effect_with(
            (values.clone(), rows, cols, pad, cell.to_bits(), map, window, mark),
            move |_| {
                if let Some(c) = canvas.cast::<HtmlCanvasElement>() {
                    draw(&c, &values, rows, cols, pad, cell, map, lo, hi, window, mark);
                }
            },
        );
    }

    let onmousemove = {
        let hover = hover.clone();
        Callback::from(move |e: MouseEvent| {
            let (x, y) = (e.offset_x() as f64, e.offset_y() as f64);
            let (r, c) = ((y / cell).floor() as isize - pad as isize, (x / cell).floor() as isize - pad as isize);
            let inside = r >= 0 && c >= 0 && (r as usize) < rows && (c as usize) < cols;
            hover.set(inside.then_some((r as usize, c as usize)));
        })
    };
    let onmouseleave = {
        let hover = hover.clone();
        Callback::from(move |_: MouseEvent| hover.set(None))
    };
    let data_values = props.values.iter().map(|&v| fmt_value(v)).collect::<Vec<_>>().join(",");
    // Hovered cell, else the marked one (the focus of the stepper), else a hint.
    let caption = match (*hover).or(props.mark) {
        Some((r, c)) if r < rows && c < cols => format!(
            "{} {}",
            t.row_col.replace("{r}", &(r + 1).to_string()).replace("{c}", &(c + 1).to_string()),
            fmt_value(props.values[r * cols + c])
        ),
        _ => t.hover.to_string(),
    };
    let (w, h) = (cell * gc as f64, cell * gr as f64);
    html! {
        <figure class="heatmap">
            <canvas ref={canvas} id={props.id.to_string()} role="img" aria-label={props.label.clone()}
                tabindex="-1" width={w.to_string()} height={h.to_string()}
                style={format!("width:{w}px;height:{h}px")}
                data-rows={rows.to_string()} data-cols={cols.to_string()} data-values={data_values}
                {onmousemove} {onmouseleave} />
            <figcaption>
                <span class="heat-hover" id={format!("{}-hover", props.id)}>{ caption }</span>
                { legend(props.map, lo, hi, t) }
            </figcaption>
        </figure>
    }
}

fn legend(map: ColourMap, lo: f64, hi: f64, t: &HeatTexts) -> Html {
    let swatch = |v: f64| {
        let (r, g, b) = colour(map, v, lo, hi);
        format!("background: rgb({r},{g},{b})")
    };
    match map {
        ColourMap::Diverging => {
            let m = lo.abs().max(hi.abs());
            html! {
                <span class="heat-legend" aria-hidden="false">
                    <span class="swatch" style={swatch(-m)}></span>{ format!("{} ({})", t.negative, fmt_value(-m)) }
                    <span class="swatch" style={swatch(0.0)}></span>{ t.zero }
                    <span class="swatch" style={swatch(m)}></span>{ format!("{} ({})", t.positive, fmt_value(m)) }
                </span>
            }
        }
        ColourMap::Grey => html! {
            <span class="heat-legend">
                <span class="swatch" style={swatch(lo)}></span>{ format!("{} ({})", t.low, fmt_value(lo)) }
                <span class="swatch" style={swatch(hi)}></span>{ format!("{} ({})", t.high, fmt_value(hi)) }
            </span>
        },
    }
}

#[allow(clippy::too_many_arguments)]
fn draw(
    canvas: &HtmlCanvasElement,
    values: &[f64],
    rows: usize,
    cols: usize,
    pad: usize,
    cell: f64,
    map: ColourMap,
    lo: f64,
    hi: f64,
    window: Option<CellRect>,
    mark: Option<(usize, usize)>,
) {
    let Some(ctx) = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok())
    else {
        return;
    };
    let (w, h) = (canvas.width() as f64, canvas.height() as f64);
    ctx.clear_rect(0.0, 0.0, w, h);
    let p = pad as f64 * cell;
    if pad > 0 {
        // The padding: zeros, drawn pale and dashed so they read as "not the input".
        ctx.set_fill_style_str("#f1f3f7");
        ctx.fill_rect(0.0, 0.0, w, h);
        ctx.set_stroke_style_str("#b8c0cf");
        ctx.set_line_dash(&js_sys::Array::of2(&3.into(), &3.into())).ok();
        ctx.stroke_rect(p, p, cols as f64 * cell, rows as f64 * cell);
        ctx.set_line_dash(&js_sys::Array::new()).ok();
    }
    // One pixel per cell in a small canvas, scaled up without smoothing: one draw call
    // instead of a fill per cell (a 64×64 map is 4,096 cells).
    let mut px = Vec::with_capacity(rows * cols * 4);
    for i in 0..rows * cols {
        let (cr, cg, cb) = colour(map, values.get(i).copied().unwrap_or(0.0), lo, hi);
        px.extend_from_slice(&[cr, cg, cb, 255]);
    }
    let small = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.create_element("canvas").ok())
        .and_then(|c| c.dyn_into::<HtmlCanvasElement>().ok());
    if let (Some(small), Ok(img)) = (
        small,
        web_sys::ImageData::new_with_u8_clamped_array_and_sh(wasm_bindgen::Clamped(&px), cols as u32, rows as u32),
    ) {
        small.set_width(cols as u32);
        small.set_height(rows as u32);
        if let Some(sctx) = small.get_context("2d").ok().flatten().and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok()) {
            let _ = sctx.put_image_data(&img, 0.0, 0.0);
            ctx.set_image_smoothing_enabled(false);
            let _ = ctx.draw_image_with_html_canvas_element_and_dw_and_dh(&small, p, p, cols as f64 * cell, rows as f64 * cell);
        }
    }
    // Thin white lines between cells when they are large enough to tell apart.
    if cell >= 8.0 {
        ctx.set_stroke_style_str("rgba(255,255,255,0.9)");
        ctx.set_line_width(1.0);
        ctx.begin_path();
        for r in 1..rows {
            let y = p + r as f64 * cell - 0.5;
            ctx.move_to(p, y);
            ctx.line_to(p + cols as f64 * cell, y);
        }
        for c in 1..cols {
            let x = p + c as f64 * cell - 0.5;
            ctx.move_to(x, p);
            ctx.line_to(x, p + rows as f64 * cell);
        }
        ctx.stroke();
    }
    // Values in the cells when there is room to read them.
    if cell >= 30.0 {
        ctx.set_text_align("center");
        ctx.set_text_baseline("middle");
        ctx.set_font(&format!("{}px system-ui, sans-serif", (cell * 0.3).round()));
        for r in 0..rows {
            for c in 0..cols {
                let v = values.get(r * cols + c).copied().unwrap_or(0.0);
                let (cr, cg, cb) = colour(map, v, lo, hi);
                let dark = (cr as f64 * 0.3 + cg as f64 * 0.59 + cb as f64 * 0.11) < 140.0;
                ctx.set_fill_style_str(if dark { "#fff" } else { "#16213a" });
                let _ = ctx.fill_text(&fmt_value(v), p + (c as f64 + 0.5) * cell, p + (r as f64 + 0.5) * cell);
            }
        }
    }
    if let Some((r, c)) = mark {
        ctx.set_stroke_style_str("#ffbf00");
        ctx.set_line_width((cell / 6.0).clamp(2.0, 4.0));
        ctx.stroke_rect(p + c as f64 * cell + 1.0, p + r as f64 * cell + 1.0, cell - 2.0, cell - 2.0);
    }
    if let Some(win) = window {
        ctx.set_stroke_style_str("#e63946");
        ctx.set_line_width((cell / 8.0).clamp(2.0, 3.5));
        let x = p + win.c0 as f64 * cell;
        let y = p + win.r0 as f64 * cell;
        ctx.stroke_rect(x + 1.0, y + 1.0, (win.c1 - win.c0) as f64 * cell - 2.0, (win.r1 - win.r0) as f64 * cell - 2.0);
    }
    ctx.set_line_width(1.0);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_written_short() {
        assert_eq!(fmt_value(2.25), "2.25");
        assert_eq!(fmt_value(-1.0), "-1");
        assert_eq!(fmt_value(1.0 / 3.0), "0.333");
        assert_eq!(fmt_value(-0.0001), "0");
        assert_eq!(fmt_value(0.0), "0");
    }

    #[test]
    fn diverging_is_white_at_zero_and_signed() {
        assert_eq!(colour(ColourMap::Diverging, 0.0, -2.0, 2.0), (255, 255, 255));
        let (r, _, b) = colour(ColourMap::Diverging, 2.0, -2.0, 2.0);
        assert!(r > b, "positive is red");
        let (r, _, b) = colour(ColourMap::Diverging, -2.0, -2.0, 2.0);
        assert!(b > r, "negative is blue");
        assert_eq!(colour(ColourMap::Grey, 0.0, 0.0, 1.0), (255, 255, 255));
        assert_eq!(colour(ColourMap::Grey, 1.0, 0.0, 1.0), (0, 0, 0));
    }

    #[test]
    fn texts_are_filled() {
        for t in [&EN, &FR] {
            let HeatTexts { negative, zero, positive, low, high, hover, row_col } = t;
            for s in [negative, zero, positive, low, high, hover, row_col] {
                assert!(!s.trim().is_empty());
            }
        }
    }
}
