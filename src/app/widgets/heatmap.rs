//! A grid of values drawn on a canvas: a diverging colour map (blue < 0, white = 0,
//! red > 0) with its legend, or grey levels for pictures; values written in the cells when
//! they are large enough, and for any cell under the pointer; the current window outlined.
//!
//! The values drawn are also on the canvas's `data-values` attribute (row-major, as
//! written), so a test reads exactly what the student sees.
//!
//! Keyboard: every map is one tab stop (the canvas); the arrows walk a cursor over its cells,
//! Home / End go to the row's ends, Ctrl+Home / Ctrl+End to the first and last cell, and the
//! cell under the cursor is read out through a polite live region ("row 3, column 2: 0.75").
//! On a map whose cells pick a window (`on_pick`), the cursor *is* the step debugger's cell:
//! moving it picks the window, and the step debugger announces it (so it is said once).
//!
//! Presentation mode: a map marked `fill` is drawn for the whole screen and shrunk by the
//! page's CSS to the box its lab gives it, so it grows with a projector's size; values are
//! written whenever the cell *as shown* is large enough to hold them.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};
use yew::prelude::*;

use crate::app::i18n::Lang;
use crate::app::i18n::num::{decimal, fmt_value};
use crate::app::prefs::use_prefs;
use crate::app::use_viewport;

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
    /// The keys, said to screen readers with the map's name.
    pub keys: &'static str,
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
    pick: "Point at a cell to read its value; click it (or walk the cells with the arrows) to see its window.",
    keys: "Arrows move the cursor, Home / End go to the ends of the row.",
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
    pick: "Pointer une case pour lire sa valeur ; la cliquer (ou parcourir les cases avec les flèches) pour voir sa fenêtre.",
    keys: "Les flèches déplacent le curseur, Début / Fin vont aux bouts de la ligne.",
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
    /// In presentation mode, the map grows to fill the box its lab's CSS gives it (the
    /// stage's maps); otherwise it keeps `width`.
    #[prop_or(false)]
    pub fill: bool,
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
pub fn cell_at(
    x: f64,
    y: f64,
    scale: (f64, f64),
    cell: f64,
    pad: usize,
    rows: usize,
    cols: usize,
) -> Option<(usize, usize)> {
    let (x, y) = (x * scale.0 - MARGIN, y * scale.1 - MARGIN);
    let (r, c) =
        ((y / cell).floor() as isize - pad as isize, (x / cell).floor() as isize - pad as isize);
    (r >= 0 && c >= 0 && (r as usize) < rows && (c as usize) < cols)
        .then_some((r as usize, c as usize))
}

/// Where the keyboard cursor goes on `key`, within the grid: the arrows one cell, Home / End
/// to the ends of the row, with Ctrl to the first / last cell of the map.
pub fn cursor_move(
    key: &str,
    ctrl: bool,
    at: (usize, usize),
    rows: usize,
    cols: usize,
) -> Option<(usize, usize)> {
    let (r, c) = at;
    let (last_r, last_c) = (rows.saturating_sub(1), cols.saturating_sub(1));
    match key {
        "ArrowUp" => Some((r.saturating_sub(1), c)),
        "ArrowDown" => Some(((r + 1).min(last_r), c)),
        "ArrowLeft" => Some((r, c.saturating_sub(1))),
        "ArrowRight" => Some((r, (c + 1).min(last_c))),
        "Home" if ctrl => Some((0, 0)),
        "End" if ctrl => Some((last_r, last_c)),
        "Home" => Some((r, 0)),
        "End" => Some((r, last_c)),
        _ => None,
    }
}

/// The font size (canvas pixels) of a value of `chars` characters in a cell of `cell`
/// pixels: 60 % of the cell for one or two characters (a digit's ink is then about 45 % of
/// the cell's height), smaller for long numbers (`−1.121`) so that they stay inside.
pub fn value_font(cell: f64, chars: usize) -> f64 {
    (cell * 0.6).min(cell * 1.55 / chars.max(1) as f64).floor()
}

/// Values are written in the cells when a cell, as shown on screen, is at least this wide
/// (CSS pixels); smaller, they would be specks.
pub const MIN_SHOWN_CELL: f64 = 26.0;

/// The cell side (canvas pixels) of a `fill` map in presentation mode: as large as the whole
/// viewport allows (`vw` × `vh` CSS pixels, `dpr` device pixels each), so that the page's CSS
/// only ever shrinks it (sharp on a projector); at most 240 pixels a cell.
pub fn fill_cell(vw: f64, vh: f64, dpr: f64, gr: usize, gc: usize) -> f64 {
    let fit = ((vw - 2.0 * MARGIN) / gc.max(1) as f64).min((vh - 2.0 * MARGIN) / gr.max(1) as f64);
    (fit * dpr.clamp(1.0, 2.0)).floor().clamp(3.0, 240.0)
}

#[component]
pub fn Heatmap(props: &HeatmapProps) -> Html {
    let prefs = use_prefs();
    let lang = prefs.lang;
    let t = texts(lang);
    let fill = props.fill && prefs.present;
    let (vw, vh, dpr) = use_viewport(fill);
    let canvas = use_node_ref();
    let hover = use_state(|| None::<(usize, usize)>);
    // The keyboard cursor (on a pickable map it follows the marked cell), and whether the
    // map has the focus (the cursor is drawn only then).
    let cursor = use_state(|| None::<(usize, usize)>);
    let focused = use_state(|| false);
    // What the live region says: filled by keyboard moves only (a mouse passing over the
    // map must not make a screen reader talk).
    let said = use_state(String::new);
    let (rows, cols, pad) = (props.rows, props.cols, props.pad);
    let (gr, gc) = (rows + 2 * pad, cols + 2 * pad);
    let cell = if fill { fill_cell(vw, vh, dpr, gr, gc) } else { cell_size(props.width, gc) };
    let (lo, hi) = props.values.iter().fold((0.0f64, 0.0f64), |(a, b), &v| (a.min(v), b.max(v)));
    let (lo, hi) =
        if props.map == ColourMap::Grey && hi - lo < 1e-12 { (lo, lo + 1.0) } else { (lo, hi) };
    let pickable = props.on_pick.is_some();
    let inside = |at: Option<(usize, usize)>| at.filter(|&(r, c)| r < rows && c < cols);
    let hover_now = inside(*hover);
    // On a pickable map the cursor is the marked cell (the step debugger's).
    let cursor_now =
        if pickable { inside(props.mark).or(inside(*cursor)) } else { inside(*cursor) };

    {
        let canvas = canvas.clone();
        let values = props.values.clone();
        let marks = Marks {
            window: props.window,
            mark: props.mark,
            winner: props.winner,
            hover: if pickable { hover_now } else { None },
            cursor: if *focused { cursor_now } else { None },
            uncovered_rows: props.uncovered_rows.clone(),
            uncovered_cols: props.uncovered_cols.clone(),
        };
        let map = props.map;
        // The viewport is in the key: a resized window is drawn again at its new size.
        let view = (vw.to_bits(), vh.to_bits(), fill);
        use_effect_with(
            (values.clone(), rows, cols, pad, cell.to_bits(), map, marks, lang, view),
            move |(_, _, _, _, _, _, marks, lang, _)| {
                if let Some(c) = canvas.cast::<HtmlCanvasElement>() {
                    draw(&c, &values, rows, cols, pad, cell, map, lo, hi, marks, *lang);
                }
            },
        );
    }

    let locate = {
        let canvas = canvas.clone();
        move |e: &MouseEvent| {
            let c = canvas.cast::<HtmlCanvasElement>()?;
            let rect = c.get_bounding_client_rect();
            let ratio =
                |drawn: u32, shown: f64| if shown > 0.0 { drawn as f64 / shown } else { 1.0 };
            let scale = (ratio(c.width(), rect.width()), ratio(c.height(), rect.height()));
            cell_at(
                e.client_x() as f64 - rect.left(),
                e.client_y() as f64 - rect.top(),
                scale,
                cell,
                pad,
                rows,
                cols,
            )
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
    let onclick = {
        let (pick, cursor) = (props.on_pick.clone(), cursor.clone());
        Callback::from(move |e: MouseEvent| {
            if let Some(rc) = locate(&e) {
                cursor.set(Some(rc));
                if let Some(pick) = &pick {
                    pick.emit(rc);
                }
            }
        })
    };
    let place = {
        let one_d = props.one_d;
        move |(r, c): (usize, usize)| {
            if one_d {
                t.position.replace("{i}", &(c + 1).to_string())
            } else {
                t.row_col.replace("{r}", &(r + 1).to_string()).replace("{c}", &(c + 1).to_string())
            }
        }
    };
    let onkeydown = {
        let (pick, cursor, said, values) =
            (props.on_pick.clone(), cursor.clone(), said.clone(), props.values.clone());
        let at = cursor_now.unwrap_or((0, 0));
        Callback::from(move |e: KeyboardEvent| {
            if e.alt_key() || e.meta_key() {
                return;
            }
            if let Some(next) = cursor_move(&e.key(), e.ctrl_key(), at, rows, cols) {
                // The keys move the cursor on this map, not the step debugger around it (on a
                // pickable map the cursor's cell is the window: the debugger follows).
                e.prevent_default();
                e.stop_propagation();
                cursor.set(Some(next));
                match &pick {
                    Some(pick) => pick.emit(next),
                    None => {
                        let v = values.get(next.0 * cols + next.1).copied().unwrap_or(0.0);
                        said.set(format!("{} {}", place(next), decimal(lang, v, 3)));
                    }
                }
            } else if let (Some(pick), "Enter" | " ") = (&pick, e.key().as_str()) {
                e.prevent_default();
                e.stop_propagation();
                pick.emit(at);
            }
        })
    };
    let onfocus = {
        let (focused, cursor) = (focused.clone(), cursor.clone());
        Callback::from(move |_: FocusEvent| {
            focused.set(true);
            if cursor_now.is_none() {
                cursor.set(Some((0, 0)));
            }
        })
    };
    let onblur = {
        let focused = focused.clone();
        Callback::from(move |_: FocusEvent| focused.set(false))
    };
    let data_values = props.values.iter().map(|&v| fmt_value(v)).collect::<Vec<_>>().join(",");
    let list = |v: &[usize]| v.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(",");
    // Hovered cell, else the keyboard's, else the marked one (the stepper's), else a hint.
    let shown =
        hover_now.or(if *focused { cursor_now } else { None }).or(props.mark).or(props.winner);
    let (caption, is_hint) = match inside(shown) {
        Some((r, c)) => {
            (format!("{} {}", place((r, c)), decimal(lang, props.values[r * cols + c], 3)), false)
        }
        None => ((if pickable { t.pick } else { t.hover }).to_string(), true),
    };
    let (w, h) = (cell * gc as f64 + 2.0 * MARGIN, cell * gr as f64 + 2.0 * MARGIN);
    let hatched = !props.uncovered_rows.is_empty() || !props.uncovered_cols.is_empty();
    let id = &props.id;
    html! {
        <figure class={classes!("heatmap", pickable.then_some("pickable"), fill.then_some("fill"))}
            style={(!fill).then(|| format!("width:{w}px"))}>
            <div class="heat-box">
                <canvas ref={canvas} id={id.to_string()} role="img" aria-label={props.label.clone()}
                    aria-describedby={format!("{id}-keys")} tabindex="0"
                    width={w.to_string()} height={h.to_string()}
                    data-rows={rows.to_string()} data-cols={cols.to_string()} data-values={data_values}
                    data-cell={cell.to_string()} data-margin={MARGIN.to_string()} data-pad={pad.to_string()}
                    data-cursor={cursor_now.map(|(r, c)| format!("{r},{c}")).unwrap_or_default()}
                    data-uncovered-rows={list(&props.uncovered_rows)} data-uncovered-cols={list(&props.uncovered_cols)}
                    {onmousemove} {onmouseleave} {onclick} {onkeydown} {onfocus} {onblur} />
            </div>
            // Outside the caption, so that they are not read as part of the figure's name.
            <span class="visually-hidden" id={format!("{id}-keys")}>{ t.keys }</span>
            <span class="visually-hidden" id={format!("{id}-live")} aria-live="polite">{ (*said).clone() }</span>
            <figcaption>
                <span class={classes!("heat-hover", is_hint.then_some("hint"))} id={format!("{id}-hover")}>{ caption }</span>
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
    // Each swatch stays with its words when the legend wraps.
    let item = |v: f64, words: String| {
        let (r, g, b) = colour(map, v, lo, hi);
        html! {
            <span class="legend-item"><span class="swatch" style={format!("background: rgb({r},{g},{b})")}></span><span>{ words }</span></span>
        }
    };
    let n = |v: f64| decimal(lang, v, 3);
    match map {
        ColourMap::Diverging => {
            let m = lo.abs().max(hi.abs());
            html! {
                <span class="heat-legend">
                    { item(-m, format!("{} ({})", t.negative, n(-m))) }
                    { item(0.0, t.zero.to_string()) }
                    { item(m, format!("{} ({})", t.positive, n(m))) }
                </span>
            }
        }
        ColourMap::Grey => html! {
            <span class="heat-legend">
                { item(lo, format!("{} ({})", t.low, n(lo))) }
                { item(hi, format!("{} ({})", t.high, n(hi))) }
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
    /// The cell under the pointer (on a pickable map: what a click would pick).
    hover: Option<(usize, usize)>,
    /// The keyboard's cell, while the map has the focus.
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
        web_sys::ImageData::new_with_u8_clamped_array_and_sh(
            wasm_bindgen::Clamped(&px),
            cols as u32,
            rows as u32,
        ),
    ) {
        small.set_width(cols as u32);
        small.set_height(rows as u32);
        if let Some(sctx) = small
            .get_context("2d")
            .ok()
            .flatten()
            .and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok())
        {
            let _ = sctx.put_image_data(&img, 0.0, 0.0);
            ctx.set_image_smoothing_enabled(false);
            let _ = ctx.draw_image_with_html_canvas_element_and_dw_and_dh(
                &small,
                p,
                p,
                cols as f64 * cell,
                rows as f64 * cell,
            );
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
    // Values in the cells when there is room to read them, as the cell is shown on screen
    // (the page's CSS may shrink or stretch the canvas). The smallest size written goes to
    // `data-font` (canvas pixels; 0: no values), for the tests.
    let shown = canvas.get_bounding_client_rect().width();
    let shown_cell = if shown > 0.0 { cell * shown / w } else { cell };
    let mut smallest = 0.0f64;
    if shown_cell >= MIN_SHOWN_CELL {
        ctx.set_text_align("center");
        ctx.set_text_baseline("middle");
        for r in 0..rows {
            for c in 0..cols {
                let v = values.get(r * cols + c).copied().unwrap_or(0.0);
                let (cr, cg, cb) = colour(map, v, lo, hi);
                let dark = (cr as f64 * 0.3 + cg as f64 * 0.59 + cb as f64 * 0.11) < 140.0;
                let (x, y) = (p + (c as f64 + 0.5) * cell, p + (r as f64 + 0.5) * cell);
                let text = decimal(lang, v, 3);
                let size = value_font(cell, text.chars().count());
                smallest = if smallest == 0.0 { size } else { smallest.min(size) };
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
    let _ = canvas.set_attribute("data-font", &smallest.to_string());
    let band = (cell / 6.0).clamp(2.0, 4.0);
    if let Some((r, c)) = marks.hover {
        ctx.set_stroke_style_str("#111");
        ctx.set_line_width(1.5);
        ctx.set_line_dash(&js_sys::Array::of2(&3.into(), &2.into())).ok();
        ctx.stroke_rect(
            p + c as f64 * cell + 1.0,
            p + r as f64 * cell + 1.0,
            cell - 2.0,
            cell - 2.0,
        );
        ctx.set_line_dash(&js_sys::Array::new()).ok();
    }
    if let Some(win) = marks.window {
        let x = p + win.c0 as f64 * cell;
        let y = p + win.r0 as f64 * cell;
        ring(
            &ctx,
            x,
            y,
            (win.c1 - win.c0) as f64 * cell,
            (win.r1 - win.r0) as f64 * cell,
            band,
            "#fff",
        );
    }
    if let Some((r, c)) = marks.winner {
        ring(&ctx, p + c as f64 * cell, p + r as f64 * cell, cell, cell, band, "#ffd400");
    }
    if let Some((r, c)) = marks.mark {
        ring(&ctx, p + c as f64 * cell, p + r as f64 * cell, cell, cell, band, "#fff");
    }
    if let Some((r, c)) = marks.cursor {
        // The focus cursor: the page's focus yellow inside a dark band, inset in its cell so
        // that it shows inside the window's and the mark's rings too.
        let inset = band * 1.5;
        let (x, y, s) =
            (p + c as f64 * cell + inset, p + r as f64 * cell + inset, cell - 2.0 * inset);
        if s > 2.0 {
            ctx.set_line_dash(&js_sys::Array::new()).ok();
            ctx.set_line_width(band);
            ctx.set_stroke_style_str("#111");
            ctx.stroke_rect(
                x + band,
                y + band,
                (s - 2.0 * band).max(1.0),
                (s - 2.0 * band).max(1.0),
            );
            ctx.set_stroke_style_str("#ffbf00");
            ctx.stroke_rect(x, y, s, s);
        }
    }
    ctx.set_line_width(1.0);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_click_finds_its_cell_at_any_displayed_size() {
        // A 4×4 map drawn at 56-px cells, shown at half size by the page's CSS.
        let cell = cell_size(240.0, 4);
        let canvas_w = cell * 4.0 + 2.0 * MARGIN;
        let css_w = canvas_w / 2.0;
        let centre =
            |r: f64, c: f64| ((MARGIN + (c + 0.5) * cell) / 2.0, (MARGIN + (r + 0.5) * cell) / 2.0);
        let k = canvas_w / css_w;
        let (x, y) = centre(2.0, 1.0);
        assert_eq!(cell_at(x, y, (k, k), cell, 0, 4, 4), Some((2, 1)));
        assert_eq!(cell_at(1.0, 1.0, (k, k), cell, 0, 4, 4), None, "the margin is no cell");
        // Squeezed on one axis only: each axis is scaled on its own.
        assert_eq!(cell_at(x, y * 3.0, (k, k / 3.0), cell, 0, 4, 4), Some((2, 1)));
        // With one ring of padding the first cell starts one cell further.
        let (x, y) = ((MARGIN + 1.5 * cell) / 2.0, (MARGIN + 2.5 * cell) / 2.0);
        assert_eq!(cell_at(x, y, (2.0, 2.0), cell, 1, 4, 4), Some((1, 0)));
        assert_eq!(cursor_move("ArrowRight", false, (0, 3), 4, 4), Some((0, 3)));
        assert_eq!(cursor_move("ArrowDown", false, (0, 3), 4, 4), Some((1, 3)));
        assert_eq!(cursor_move("x", false, (0, 3), 4, 4), None);
    }

    #[test]
    fn the_cursor_walks_rows_and_stops_at_the_edges() {
        let (rows, cols) = (3, 5);
        assert_eq!(
            cursor_move("Home", false, (1, 3), rows, cols),
            Some((1, 0)),
            "Home: start of the row"
        );
        assert_eq!(
            cursor_move("End", false, (1, 3), rows, cols),
            Some((1, 4)),
            "End: end of the row"
        );
        assert_eq!(
            cursor_move("Home", true, (2, 3), rows, cols),
            Some((0, 0)),
            "Ctrl+Home: first cell"
        );
        assert_eq!(
            cursor_move("End", true, (0, 0), rows, cols),
            Some((2, 4)),
            "Ctrl+End: last cell"
        );
        assert_eq!(cursor_move("ArrowUp", false, (0, 2), rows, cols), Some((0, 2)));
        assert_eq!(cursor_move("ArrowLeft", false, (2, 0), rows, cols), Some((2, 0)));
        assert_eq!(cursor_move("ArrowDown", false, (2, 0), rows, cols), Some((2, 0)));
        // A strip (pooling's 13 values) is one row: up and down stay put.
        assert_eq!(cursor_move("ArrowDown", false, (0, 4), 1, 13), Some((0, 4)));
        assert_eq!(cursor_move("End", false, (0, 4), 1, 13), Some((0, 12)));
    }

    #[test]
    fn values_fit_their_cells_and_fill_maps_fit_the_screen() {
        // Short numbers at 60 % of the cell; long ones narrower, so `−1.121` stays inside.
        assert_eq!(value_font(60.0, 1), 36.0);
        assert!(value_font(60.0, 6) * 6.0 * 0.6 < 60.0);
        assert!(value_font(60.0, 6) < value_font(60.0, 2));
        // A 4×4 map at 1920×1080 is drawn for the height (the smaller side per cell).
        let cell = fill_cell(1920.0, 1080.0, 1.0, 4, 4);
        assert!(cell * 4.0 + 2.0 * MARGIN <= 1080.0 && cell > 200.0, "{cell}");
        // 13×13 at 1280×720: cells the CSS can still shrink, never over the screen.
        let cell = fill_cell(1280.0, 720.0, 1.0, 13, 13);
        assert!(cell * 13.0 + 2.0 * MARGIN <= 720.0 && cell >= 50.0, "{cell}");
        // A strip of 13 is limited by the width; a retina screen gets twice the pixels.
        let (one, two) =
            (fill_cell(1280.0, 720.0, 1.0, 1, 13), fill_cell(1280.0, 720.0, 2.0, 1, 13));
        assert!((two - 2.0 * one).abs() <= 1.0, "{one} {two}");
        assert_eq!(fill_cell(100_000.0, 100_000.0, 3.0, 1, 1), 240.0, "at most 240 pixels a cell");
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
            let HeatTexts {
                negative,
                zero,
                positive,
                low,
                high,
                hover,
                row_col,
                position,
                pick,
                keys,
            } = t;
            for s in [negative, zero, positive, low, high, hover, row_col, position, pick, keys] {
                assert!(!s.trim().is_empty());
            }
        }
    }
}
