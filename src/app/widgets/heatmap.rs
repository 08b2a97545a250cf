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
use crate::app::i18n::num::{canonical, decimal};
use crate::app::prefs::use_prefs;

/// A number as the labs write it: at most 3 decimals, no trailing zeros, `-0` as `0`.
/// Canonical (dot) form, for `data-values` and other attributes tests read; the screen
/// writes numbers with [`decimal`] in the page's language.
pub fn fmt_value(v: f64) -> String {
    canonical(v, 3)
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
    pub position: &'static str,
    pub pick: &'static str,
}

pub const EN: HeatTexts = HeatTexts {
    negative: "negative",
    zero: "zero",
    positive: "positive",
    low: "low",
    high: "high",
    hover: "Point at a cell to read its value.",
    row_col: "row {r}, column {c}:",
    position: "position {i}:",
    pick: "Point at a cell to read its value; click it (or arrows, then Enter) to see its window.",
};

pub const FR: HeatTexts = HeatTexts {
    negative: "négatif",
    zero: "zéro",
    positive: "positif",
    low: "faible",
    high: "fort",
    hover: "Pointer une case pour lire sa valeur.",
    row_col: "ligne {r}, colonne {c} :",
    position: "position {i} :",
    pick: "Pointer une case pour lire sa valeur ; la cliquer (ou flèches, puis Entrée) pour voir sa fenêtre.",
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
    /// The current window, outlined (white inside, black outside: visible on any colour).
    #[prop_or_default]
    pub window: Option<CellRect>,
    /// One cell ringed the same way (the output being written).
    #[prop_or_default]
    pub mark: Option<(usize, usize)>,
    /// One cell ringed in yellow and black (the max's winner).
    #[prop_or_default]
    pub winner: Option<(usize, usize)>,
    /// Rows and columns that no window covers, hatched (pooling's floor).
    #[prop_or_default]
    pub uncovered_rows: Vec<usize>,
    #[prop_or_default]
    pub uncovered_cols: Vec<usize>,
    /// The legend's words for the hatching (shown when something is hatched).
    #[prop_or_default]
    pub uncovered_label: Option<AttrValue>,
    /// A map of one row: positions are written as one index.
    #[prop_or(false)]
    pub one_d: bool,
    /// Picking a cell (click, tap, or arrows then Enter) reports it here.
    #[prop_or_default]
    pub on_pick: Option<Callback<(usize, usize)>>,
    /// Width to aim for, in CSS pixels; the map shrinks with its column.
    #[prop_or(300.0)]
    pub width: f64,
    pub id: AttrValue,
    pub label: AttrValue,
}

/// Room kept around the grid for the rings drawn outside cells.
pub const MARGIN: f64 = 10.0;

/// The cell side (canvas pixels) for a grid of `gc` columns aimed at `width`.
pub fn cell_size(width: f64, gc: usize) -> f64 {
    ((width - 2.0 * MARGIN) / gc.max(1) as f64).floor().clamp(3.0, 72.0)
}

/// The cell under a point given in the canvas's CSS box (`x`, `y` from its top-left), with
/// `scale` = (drawing size / displayed size) on each axis, if inside the grid.
pub fn cell_at(x: f64, y: f64, scale: (f64, f64), cell: f64, pad: usize, rows: usize, cols: usize) -> Option<(usize, usize)> {
    let (x, y) = (x * scale.0 - MARGIN, y * scale.1 - MARGIN);
    let (r, c) = ((y / cell).floor() as isize - pad as isize, (x / cell).floor() as isize - pad as isize);
    (r >= 0 && c >= 0 && (r as usize) < rows && (c as usize) < cols).then_some((r as usize, c as usize))
}

/// Where the keyboard cursor goes on `key` (arrows), within the grid.
pub fn cursor_move(key: &str, at: (usize, usize), rows: usize, cols: usize) -> Option<(usize, usize)> {
    let (r, c) = at;
    match key {
        "ArrowUp" => Some((r.saturating_sub(1), c)),
        "ArrowDown" => Some(((r + 1).min(rows.saturating_sub(1)), c)),
        "ArrowLeft" => Some((r, c.saturating_sub(1))),
        "ArrowRight" => Some((r, (c + 1).min(cols.saturating_sub(1)))),
        _ => None,
    }
}

#[component]
pub fn Heatmap(props: &HeatmapProps) -> Html {
    let lang = use_prefs().lang;
    let t = texts(lang);
    let canvas = use_node_ref();
    let hover = use_state(|| None::<(usize, usize)>);
    let (rows, cols, pad) = (props.rows, props.cols, props.pad);
    let (gr, gc) = (rows + 2 * pad, cols + 2 * pad);
    let cell = cell_size(props.width, gc);
    let (lo, hi) = props.values.iter().fold((0.0f64, 0.0f64), |(a, b), &v| (a.min(v), b.max(v)));
    let (lo, hi) = if props.map == ColourMap::Grey && hi - lo < 1e-12 { (lo, lo + 1.0) } else { (lo, hi) };
    let pickable = props.on_pick.is_some();
    let hover_now = (*hover).filter(|&(r, c)| r < rows && c < cols);

    {
        let canvas = canvas.clone();
        let values = props.values.clone();
        let marks = Marks {
            window: props.window,
            mark: props.mark,
            winner: props.winner,
            cursor: if pickable { hover_now } else { None },
            uncovered_rows: props.uncovered_rows.clone(),
            uncovered_cols: props.uncovered_cols.clone(),
        };
        let map = props.map;
        use_effect_with((values.clone(), rows, cols, pad, cell.to_bits(), map, marks, lang), move |(_, _, _, _, _, _, marks, lang)| {
            if let Some(c) = canvas.cast::<HtmlCanvasElement>() {
                draw(&c, &values, rows, cols, pad, cell, map, lo, hi, marks, *lang);
            }
        });
    }

    let locate = {
        let canvas = canvas.clone();
        move |e: &MouseEvent| {
            let c = canvas.cast::<HtmlCanvasElement>()?;
            let rect = c.get_bounding_client_rect();
            let ratio = |drawn: u32, shown: f64| if shown > 0.0 { drawn as f64 / shown } else { 1.0 };
            let scale = (ratio(c.width(), rect.width()), ratio(c.height(), rect.height()));
            cell_at(e.client_x() as f64 - rect.left(), e.client_y() as f64 - rect.top(), scale, cell, pad, rows, cols)
        }
    };
    let onmousemove = {
        let (hover, locate) = (hover.clone(), locate.clone());
        Callback::from(move |e: MouseEvent| hover.set(locate(&e)))
    };
    let onmouseleave = {
        let hover = hover.clone();
        Callback::from(move |_: MouseEvent| hover.set(None))
    };
    let onclick = props.on_pick.clone().map(|pick| {
        Callback::from(move |e: MouseEvent| {
            if let Some(rc) = locate(&e) {
                pick.emit(rc);
            }
        })
    });
    let onkeydown = props.on_pick.clone().map(|pick| {
        let hover = hover.clone();
        let start = props.mark.unwrap_or((0, 0));
        Callback::from(move |e: KeyboardEvent| {
            let at = (*hover).unwrap_or(start);
            if let Some(next) = cursor_move(&e.key(), at, rows, cols) {
                // The arrows move the cursor on this map, not the step debugger around it.
                e.prevent_default();
                e.stop_propagation();
                hover.set(Some(next));
            } else if matches!(e.key().as_str(), "Enter" | " ") {
                e.prevent_default();
                e.stop_propagation();
                pick.emit(at);
            }
        })
    });
    let data_values = props.values.iter().map(|&v| fmt_value(v)).collect::<Vec<_>>().join(",");
    let list = |v: &[usize]| v.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(",");
    // Hovered cell, else the marked one (the focus of the stepper), else a hint.
    let caption = match hover_now.or(props.mark).or(props.winner) {
        Some((r, c)) if r < rows && c < cols => {
            let place = if props.one_d {
                t.position.replace("{i}", &(c + 1).to_string())
            } else {
                t.row_col.replace("{r}", &(r + 1).to_string()).replace("{c}", &(c + 1).to_string())
            };
            format!("{place} {}", decimal(lang, props.values[r * cols + c], 3))
        }
        _ => (if pickable { t.pick } else { t.hover }).to_string(),
    };
    let (w, h) = (cell * gc as f64 + 2.0 * MARGIN, cell * gr as f64 + 2.0 * MARGIN);
    let hatched = !props.uncovered_rows.is_empty() || !props.uncovered_cols.is_empty();
    html! {
        <figure class={classes!("heatmap", pickable.then_some("pickable"))} style={format!("width:{w}px")}>
            <canvas ref={canvas} id={props.id.to_string()} role="img" aria-label={props.label.clone()}
                tabindex={if pickable { "0" } else { "-1" }} width={w.to_string()} height={h.to_string()}
                data-rows={rows.to_string()} data-cols={cols.to_string()} data-values={data_values}
                data-cell={cell.to_string()} data-margin={MARGIN.to_string()} data-pad={pad.to_string()}
                data-uncovered-rows={list(&props.uncovered_rows)} data-uncovered-cols={list(&props.uncovered_cols)}
                {onmousemove} {onmouseleave} {onclick} {onkeydown} />
            <figcaption>
                <span class="heat-hover" id={format!("{}-hover", props.id)}>{ caption }</span>
                { legend(props.map, lo, hi, t, lang) }
                if hatched {
                    if let Some(l) = &props.uncovered_label {
                        <span class="heat-legend"><span class="swatch hatch"></span>{ l.clone() }</span>
                    }
                }
            </figcaption>
        </figure>
    }
}

fn legend(map: ColourMap, lo: f64, hi: f64, t: &HeatTexts, lang: Lang) -> Html {
    let swatch = |v: f64| {
        let (r, g, b) = colour(map, v, lo, hi);
        format!("background: rgb({r},{g},{b})")
    };
    let n = |v: f64| decimal(lang, v, 3);
    match map {
        ColourMap::Diverging => {
            let m = lo.abs().max(hi.abs());
            html! {
                <span class="heat-legend" aria-hidden="false">
                    <span class="swatch" style={swatch(-m)}></span>{ format!("{} ({})", t.negative, n(-m)) }
                    <span class="swatch" style={swatch(0.0)}></span>{ t.zero }
                    <span class="swatch" style={swatch(m)}></span>{ format!("{} ({})", t.positive, n(m)) }
                </span>
            }
        }
        ColourMap::Grey => html! {
            <span class="heat-legend">
                <span class="swatch" style={swatch(lo)}></span>{ format!("{} ({})", t.low, n(lo)) }
                <span class="swatch" style={swatch(hi)}></span>{ format!("{} ({})", t.high, n(hi)) }
            </span>
        },
    }
}

/// What is drawn over the cells.
#[derive(Clone, PartialEq)]
struct Marks {
    window: Option<CellRect>,
    mark: Option<(usize, usize)>,
    winner: Option<(usize, usize)>,
    cursor: Option<(usize, usize)>,
    uncovered_rows: Vec<usize>,
    uncovered_cols: Vec<usize>,
}

/// A ring around a rectangle, drawn outside it: `inner` next to the cells, a dark band
/// outside, each `band` thick, so it reads on white, black, red, blue and grey alike.
fn ring(ctx: &CanvasRenderingContext2d, x: f64, y: f64, w: f64, h: f64, band: f64, inner: &str) {
    ctx.set_line_dash(&js_sys::Array::new()).ok();
    ctx.set_line_width(band);
    ctx.set_stroke_style_str("#111");
    ctx.stroke_rect(x - 1.5 * band, y - 1.5 * band, w + 3.0 * band, h + 3.0 * band);
    ctx.set_stroke_style_str(inner);
    ctx.stroke_rect(x - 0.5 * band, y - 0.5 * band, w + band, h + band);
}

/// Diagonal stripes, dark on light, over a rectangle of cells (positions in no window).
fn hatch(ctx: &CanvasRenderingContext2d, x: f64, y: f64, w: f64, h: f64) {
    ctx.save();
    ctx.begin_path();
    ctx.rect(x, y, w, h);
    ctx.clip();
    ctx.set_fill_style_str("rgba(255,255,255,0.45)");
    ctx.fill_rect(x, y, w, h);
    ctx.set_stroke_style_str("#111");
    ctx.set_line_width(2.0);
    ctx.begin_path();
    let step = 7.0;
    let mut d = -h;
    while d < w + h {
        ctx.move_to(x + d, y + h);
        ctx.line_to(x + d + h, y);
        d += step;
    }
    ctx.stroke();
    ctx.restore();
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
    marks: &Marks,
    lang: Lang,
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
    let m = MARGIN;
    let p = m + pad as f64 * cell;
    if pad > 0 {
        // The padding: zeros, drawn pale and dashed so they read as "not the input".
        ctx.set_fill_style_str("#f1f3f7");
        ctx.fill_rect(m, m, w - 2.0 * m, h - 2.0 * m);
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
    for &r in &marks.uncovered_rows {
        hatch(&ctx, p, p + r as f64 * cell, cols as f64 * cell, cell);
    }
    for &c in &marks.uncovered_cols {
        hatch(&ctx, p + c as f64 * cell, p, cell, rows as f64 * cell);
    }
    // Values in the cells when there is room to read them.
    if cell >= 30.0 {
        ctx.set_text_align("center");
        ctx.set_text_baseline("middle");
        for r in 0..rows {
            for c in 0..cols {
                let v = values.get(r * cols + c).copied().unwrap_or(0.0);
                let (cr, cg, cb) = colour(map, v, lo, hi);
                let dark = (cr as f64 * 0.3 + cg as f64 * 0.59 + cb as f64 * 0.11) < 140.0;
                let (x, y) = (p + (c as f64 + 0.5) * cell, p + (r as f64 + 0.5) * cell);
                let text = decimal(lang, v, 3);
                // Long numbers (`−1.121`) get a smaller size so they stay inside their cell.
                let size = (cell * 0.3).min(cell * 1.55 / text.chars().count().max(1) as f64).round();
                ctx.set_font(&format!("{size}px system-ui, sans-serif"));
                if marks.uncovered_rows.contains(&r) || marks.uncovered_cols.contains(&c) {
                    // Over the stripes: dark digits on a white halo, still readable.
                    ctx.set_stroke_style_str("#fff");
                    ctx.set_line_width((cell * 0.12).max(3.0));
                    let _ = ctx.stroke_text(&text, x, y);
                    ctx.set_fill_style_str("#111");
                } else {
                    ctx.set_fill_style_str(if dark { "#fff" } else { "#16213a" });
                }
                let _ = ctx.fill_text(&text, x, y);
            }
        }
    }
    let band = (cell / 6.0).clamp(2.0, 4.0);
    if let Some((r, c)) = marks.cursor {
        ctx.set_stroke_style_str("#111");
        ctx.set_line_width(1.5);
        ctx.set_line_dash(&js_sys::Array::of2(&3.into(), &2.into())).ok();
        ctx.stroke_rect(p + c as f64 * cell + 1.0, p + r as f64 * cell + 1.0, cell - 2.0, cell - 2.0);
        ctx.set_line_dash(&js_sys::Array::new()).ok();
    }
    if let Some(win) = marks.window {
        let x = p + win.c0 as f64 * cell;
        let y = p + win.r0 as f64 * cell;
        ring(&ctx, x, y, (win.c1 - win.c0) as f64 * cell, (win.r1 - win.r0) as f64 * cell, band, "#fff");
    }
    if let Some((r, c)) = marks.winner {
        ring(&ctx, p + c as f64 * cell, p + r as f64 * cell, cell, cell, band, "#ffd400");
    }
    if let Some((r, c)) = marks.mark {
        ring(&ctx, p + c as f64 * cell, p + r as f64 * cell, cell, cell, band, "#fff");
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
    fn a_click_finds_its_cell_at_any_displayed_size() {
        // A 4×4 map drawn at 56-px cells, shown at half size by the page's CSS.
        let cell = cell_size(240.0, 4);
        let canvas_w = cell * 4.0 + 2.0 * MARGIN;
        let css_w = canvas_w / 2.0;
        let centre = |r: f64, c: f64| ((MARGIN + (c + 0.5) * cell) / 2.0, (MARGIN + (r + 0.5) * cell) / 2.0);
        let k = canvas_w / css_w;
        let (x, y) = centre(2.0, 1.0);
        assert_eq!(cell_at(x, y, (k, k), cell, 0, 4, 4), Some((2, 1)));
        assert_eq!(cell_at(1.0, 1.0, (k, k), cell, 0, 4, 4), None, "the margin is no cell");
        // Squeezed on one axis only: each axis is scaled on its own.
        assert_eq!(cell_at(x, y * 3.0, (k, k / 3.0), cell, 0, 4, 4), Some((2, 1)));
        // With one ring of padding the first cell starts one cell further.
        let (x, y) = ((MARGIN + 1.5 * cell) / 2.0, (MARGIN + 2.5 * cell) / 2.0);
        assert_eq!(cell_at(x, y, (2.0, 2.0), cell, 1, 4, 4), Some((1, 0)));
        assert_eq!(cursor_move("ArrowRight", (0, 3), 4, 4), Some((0, 3)));
        assert_eq!(cursor_move("ArrowDown", (0, 3), 4, 4), Some((1, 3)));
        assert_eq!(cursor_move("x", (0, 3), 4, 4), None);
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
            let HeatTexts { negative, zero, positive, low, high, hover, row_col, position, pick } = t;
            for s in [negative, zero, positive, low, high, hover, row_col, position, pick] {
                assert!(!s.trim().is_empty());
            }
        }
    }
}
