//! The canvas painter: cells, padding, grid lines, hatching, values and the rings over them,
//! each a step of its own, in the order they are laid on the canvas.

use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

use super::colour::{ColourMap, colour};
use super::geometry::{CellRect, MARGIN, MIN_SHOWN_CELL, value_font};
use crate::app::i18n::Lang;
use crate::app::i18n::num::decimal;

/// What is drawn over the cells.
#[derive(Clone, PartialEq)]
pub(super) struct Marks {
    pub window: Option<CellRect>,
    pub mark: Option<(usize, usize)>,
    pub winner: Option<(usize, usize)>,
    /// The cell under the pointer (on a pickable map: what a click would pick).
    pub hover: Option<(usize, usize)>,
    /// The keyboard's cell, while the map has the focus.
    pub cursor: Option<(usize, usize)>,
    pub uncovered_rows: Vec<usize>,
    pub uncovered_cols: Vec<usize>,
}

/// Everything one drawing of the map needs.
pub(super) struct Scene<'a> {
    /// Row-major, `rows × cols`.
    pub values: &'a [f64],
    pub rows: usize,
    pub cols: usize,
    pub pad: usize,
    /// The cell side, in canvas pixels.
    pub cell: f64,
    /// The canvas's width as shown, in CSS pixels (0: not laid out yet, taken as drawn).
    pub shown: f64,
    pub map: ColourMap,
    /// The range the colours span.
    pub lo: f64,
    pub hi: f64,
    pub marks: &'a Marks,
    pub lang: Lang,
}

/// Draws the map on `canvas` (sized by the component), and writes the smallest font used for
/// the values to its `data-font` attribute.
pub(super) fn draw(canvas: &HtmlCanvasElement, s: &Scene<'_>) {
    let Some(ctx) = context_2d(canvas) else {
        return;
    };
    let (w, h) = (canvas.width() as f64, canvas.height() as f64);
    ctx.clear_rect(0.0, 0.0, w, h);
    // The grid's top-left corner, past the margin and the padding.
    let p = MARGIN + s.pad as f64 * s.cell;
    if s.pad > 0 {
        padding(&ctx, s, p, w, h);
    }
    cells(&ctx, s, p);
    if s.cell >= 8.0 {
        grid_lines(&ctx, s, p);
    }
    hatching(&ctx, s, p);
    // Values in the cells when there is room to read them, as the cell is shown on screen
    // (the page's CSS may shrink or stretch the canvas). The smallest size written goes to
    // `data-font` (canvas pixels; 0: no values), for the tests.
    let shown_cell = if s.shown > 0.0 { s.cell * s.shown / w } else { s.cell };
    let smallest = if may_write_values(s.cell) && shown_cell >= MIN_SHOWN_CELL {
        values(&ctx, s, p)
    } else {
        0.0
    };
    let font = smallest.to_string();
    if canvas.get_attribute("data-font").as_deref() != Some(font.as_str()) {
        let _ = canvas.set_attribute("data-font", &font);
    }
    rings(&ctx, s, p);
    ctx.set_line_width(1.0);
}

/// Whether cells of `cell` canvas pixels could ever be shown large enough to hold a value
/// (only such maps watch their shown size).
pub(super) fn may_write_values(cell: f64) -> bool {
    cell * MAX_STRETCH >= MIN_SHOWN_CELL
}

/// The most the page's CSS stretches a map's canvas beyond its drawn size (the 2D lab's maps
/// have a minimum width; a cell is drawn at 6 canvas pixels or more there).
const MAX_STRETCH: f64 = 4.0;

thread_local! {
    /// One small canvas for every map's cells: a new canvas per drawing costs a context
    /// each time (about half a millisecond), a hundred times on LeNet's page.
    static SCRATCH: std::cell::RefCell<Option<(HtmlCanvasElement, CanvasRenderingContext2d)>> =
        const { std::cell::RefCell::new(None) };
}

/// The shared small canvas, sized `cols` × `rows`, with its context.
fn scratch(cols: u32, rows: u32) -> Option<(HtmlCanvasElement, CanvasRenderingContext2d)> {
    SCRATCH.with(|s| {
        let mut s = s.borrow_mut();
        if s.is_none() {
            let c = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.create_element("canvas").ok())
                .and_then(|c| c.dyn_into::<HtmlCanvasElement>().ok())?;
            let ctx = context_2d(&c)?;
            *s = Some((c, ctx));
        }
        let (c, ctx) = s.as_ref()?;
        if c.width() != cols || c.height() != rows {
            c.set_width(cols);
            c.set_height(rows);
        }
        Some((c.clone(), ctx.clone()))
    })
}

fn context_2d(canvas: &HtmlCanvasElement) -> Option<CanvasRenderingContext2d> {
    canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok())
}

/// The padding: zeros, drawn pale and dashed so they read as "not the input".
fn padding(ctx: &CanvasRenderingContext2d, s: &Scene<'_>, p: f64, w: f64, h: f64) {
    let m = MARGIN;
    ctx.set_fill_style_str("#f1f3f7");
    ctx.fill_rect(m, m, w - 2.0 * m, h - 2.0 * m);
    ctx.set_stroke_style_str("#b8c0cf");
    ctx.set_line_dash(&js_sys::Array::of2(&3.into(), &3.into())).ok();
    ctx.stroke_rect(p, p, s.cols as f64 * s.cell, s.rows as f64 * s.cell);
    ctx.set_line_dash(&js_sys::Array::new()).ok();
}

/// The cells' colours: one pixel per cell in a small canvas, scaled up without smoothing: one
/// draw call instead of a fill per cell (a 64×64 map is 4,096 cells).
fn cells(ctx: &CanvasRenderingContext2d, s: &Scene<'_>, p: f64) {
    let (rows, cols, cell) = (s.rows, s.cols, s.cell);
    let mut px = Vec::with_capacity(rows * cols * 4);
    for i in 0..rows * cols {
        let (cr, cg, cb) = colour(s.map, s.values.get(i).copied().unwrap_or(0.0), s.lo, s.hi);
        px.extend_from_slice(&[cr, cg, cb, 255]);
    }
    if let (Some((small, sctx)), Ok(img)) = (
        scratch(cols as u32, rows as u32),
        web_sys::ImageData::new_with_u8_clamped_array_and_sh(
            wasm_bindgen::Clamped(&px),
            cols as u32,
            rows as u32,
        ),
    ) {
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

/// Thin white lines between cells (drawn when they are large enough to tell apart).
fn grid_lines(ctx: &CanvasRenderingContext2d, s: &Scene<'_>, p: f64) {
    let (rows, cols, cell) = (s.rows, s.cols, s.cell);
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

/// The rows and columns no window covers, hatched.
fn hatching(ctx: &CanvasRenderingContext2d, s: &Scene<'_>, p: f64) {
    let (rows, cols, cell) = (s.rows, s.cols, s.cell);
    for &r in &s.marks.uncovered_rows {
        hatch(ctx, p, p + r as f64 * cell, cols as f64 * cell, cell);
    }
    for &c in &s.marks.uncovered_cols {
        hatch(ctx, p + c as f64 * cell, p, cell, rows as f64 * cell);
    }
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

/// The values written in their cells, light on dark colours and dark on light ones; returns
/// the smallest font size used (canvas pixels).
fn values(ctx: &CanvasRenderingContext2d, s: &Scene<'_>, p: f64) -> f64 {
    let (rows, cols, cell) = (s.rows, s.cols, s.cell);
    let mut smallest = 0.0f64;
    ctx.set_text_align("center");
    ctx.set_text_baseline("middle");
    for r in 0..rows {
        for c in 0..cols {
            let v = s.values.get(r * cols + c).copied().unwrap_or(0.0);
            let (cr, cg, cb) = colour(s.map, v, s.lo, s.hi);
            let dark = (cr as f64 * 0.3 + cg as f64 * 0.59 + cb as f64 * 0.11) < 140.0;
            let (x, y) = (p + (c as f64 + 0.5) * cell, p + (r as f64 + 0.5) * cell);
            let text = decimal(s.lang, v, 3);
            let size = value_font(cell, text.chars().count());
            smallest = if smallest == 0.0 { size } else { smallest.min(size) };
            ctx.set_font(&format!("{size}px system-ui, sans-serif"));
            if s.marks.uncovered_rows.contains(&r) || s.marks.uncovered_cols.contains(&c) {
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
    smallest
}

/// The marks over the cells, in this order: the hovered cell (dashed), the window, the max's
/// winner, the marked cell, and the keyboard's cursor on top.
fn rings(ctx: &CanvasRenderingContext2d, s: &Scene<'_>, p: f64) {
    let (cell, marks) = (s.cell, s.marks);
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
            ctx,
            x,
            y,
            (win.c1 - win.c0) as f64 * cell,
            (win.r1 - win.r0) as f64 * cell,
            band,
            "#fff",
        );
    }
    if let Some((r, c)) = marks.winner {
        ring(ctx, p + c as f64 * cell, p + r as f64 * cell, cell, cell, band, "#ffd400");
    }
    if let Some((r, c)) = marks.mark {
        ring(ctx, p + c as f64 * cell, p + r as f64 * cell, cell, cell, band, "#fff");
    }
    if let Some((r, c)) = marks.cursor {
        cursor(ctx, p + c as f64 * cell, p + r as f64 * cell, cell, band);
    }
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

/// The focus cursor in the cell whose corner is (`x`, `y`): the page's focus yellow inside a
/// dark band, inset in its cell so that it shows inside the window's and the mark's rings too.
fn cursor(ctx: &CanvasRenderingContext2d, x: f64, y: f64, cell: f64, band: f64) {
    let inset = band * 1.5;
    let (x, y, s) = (x + inset, y + inset, cell - 2.0 * inset);
    if s > 2.0 {
        ctx.set_line_dash(&js_sys::Array::new()).ok();
        ctx.set_line_width(band);
        ctx.set_stroke_style_str("#111");
        ctx.stroke_rect(x + band, y + band, (s - 2.0 * band).max(1.0), (s - 2.0 * band).max(1.0));
        ctx.set_stroke_style_str("#ffbf00");
        ctx.stroke_rect(x, y, s, s);
    }
}
