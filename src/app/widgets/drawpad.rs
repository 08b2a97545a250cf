//! A drawing pad: mouse, pen and touch through pointer events, a thick round anti-aliased
//! stroke, a clear button. It hands back the ink as a grey buffer (0 background, 1 ink),
//! so any lesson can feed it to the core (e.g. `data::preprocess_drawing`).

use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, PointerEvent};
use yew::prelude::*;

/// The ink of the pad, row-major, `width × height` values in [0, 1]: the rectangle of the
/// pad that holds every stroke since the last clear (the whole pad when empty or showing a
/// picture). The preprocessing crops to the ink anyway: reading and scanning only where
/// the pen went saves the main thread most of the 240×240 pad at every move.
#[derive(Clone, Debug, PartialEq)]
pub struct Ink {
    pub width: usize,
    pub height: usize,
    pub pixels: Vec<f32>,
}

impl Ink {
    pub fn is_empty(&self) -> bool {
        self.pixels.iter().all(|&v| v <= 0.0)
    }
}

#[derive(Properties, PartialEq)]
pub struct DrawPadProps {
    /// Side of the square canvas, in canvas pixels (CSS may scale it).
    #[prop_or(240)]
    pub size: u32,
    /// Stroke width as a fraction of the side (MNIST strokes are ~1/10 of the digit box).
    #[prop_or(0.075)]
    pub stroke: f64,
    /// Called while drawing (each move) and on clear, with the ink (see [`Ink`]).
    pub on_change: Callback<Ink>,
    /// Accessible name of the canvas.
    pub label: AttrValue,
    pub clear_label: AttrValue,
    /// `id` of the canvas (for tests and labels).
    #[prop_or_default]
    pub id: AttrValue,
    /// A 28×28 picture (0 background … 1 ink) to show on the pad, with a revision that
    /// changes at each sending: it replaces the ink, and drawing goes on over it.
    #[prop_or_default]
    pub picture: Option<(u32, std::rc::Rc<Vec<f32>>)>,
}

/// Paints a 28×28 picture over the whole pad, as opaque ink of its grey level.
fn paint(c: &HtmlCanvasElement, ctx: &CanvasRenderingContext2d, px: &[f32]) {
    let (w, h) = (c.width() as f64, c.height() as f64);
    ctx.clear_rect(0.0, 0.0, w, h);
    let (cw, ch) = (w / 28.0, h / 28.0);
    for (i, &v) in px.iter().enumerate().take(28 * 28) {
        if v > 0.0 {
            ctx.set_fill_style_str(&format!("rgba(22,33,58,{:.3})", v.min(1.0)));
            let (x, y) = ((i % 28) as f64, (i / 28) as f64);
            // A hair wider than a cell, so neighbours leave no seam.
            ctx.fill_rect(x * cw, y * ch, cw + 0.5, ch + 0.5);
        }
    }
}

fn context(canvas: &NodeRef) -> Option<(HtmlCanvasElement, CanvasRenderingContext2d)> {
    let c = canvas.cast::<HtmlCanvasElement>()?;
    let ctx = c.get_context("2d").ok()??.dyn_into::<CanvasRenderingContext2d>().ok()?;
    Some((c, ctx))
}

/// Canvas coordinates of a pointer event (the canvas may be scaled by CSS).
fn position(c: &HtmlCanvasElement, e: &PointerEvent) -> (f64, f64) {
    let r = c.get_bounding_client_rect();
    let sx = if r.width() > 0.0 { c.width() as f64 / r.width() } else { 1.0 };
    let sy = if r.height() > 0.0 { c.height() as f64 / r.height() } else { 1.0 };
    ((e.client_x() as f64 - r.left()) * sx, (e.client_y() as f64 - r.top()) * sy)
}

/// Where the strokes went, in canvas pixels: `(x0, y0, x1, y1)`, grown as they are drawn.
type Dirty = Option<(f64, f64, f64, f64)>;

/// `dirty` grown by the segment `from`–`to` of a stroke `width` wide (round caps reach half
/// the width past the ends; anti-aliasing a pixel more).
fn grow(dirty: Dirty, from: (f64, f64), to: (f64, f64), width: f64) -> Dirty {
    let r = width / 2.0 + 2.0;
    let seg =
        (from.0.min(to.0) - r, from.1.min(to.1) - r, from.0.max(to.0) + r, from.1.max(to.1) + r);
    Some(match dirty {
        None => seg,
        Some(d) => (d.0.min(seg.0), d.1.min(seg.1), d.2.max(seg.2), d.3.max(seg.3)),
    })
}

/// `dirty` as whole pixels inside a `w × h` canvas: `(x, y, width, height)`, the whole
/// canvas when nothing is known (empty, or a picture painted over all of it).
fn region(dirty: Dirty, w: usize, h: usize) -> (usize, usize, usize, usize) {
    match dirty {
        Some((x0, y0, x1, y1)) => {
            let clamp = |v: f64, hi: usize| (v.max(0.0) as usize).min(hi);
            let (x0, y0) = (clamp(x0.floor(), w), clamp(y0.floor(), h));
            let (x1, y1) = (clamp(x1.ceil(), w), clamp(y1.ceil(), h));
            if x1 > x0 && y1 > y0 { (x0, y0, x1 - x0, y1 - y0) } else { (0, 0, w, h) }
        }
        None => (0, 0, w, h),
    }
}

/// The ink is the alpha channel: the stroke is drawn opaque on a transparent canvas.
fn read_ink(c: &HtmlCanvasElement, ctx: &CanvasRenderingContext2d, dirty: Dirty) -> Option<Ink> {
    let (x, y, w, h) = region(dirty, c.width() as usize, c.height() as usize);
    let data = ctx.get_image_data(x as f64, y as f64, w as f64, h as f64).ok()?.data();
    let pixels = data.0.chunks_exact(4).map(|p| p[3] as f32 / 255.0).collect();
    Some(Ink { width: w, height: h, pixels })
}

#[component]
pub fn DrawPad(props: &DrawPadProps) -> Html {
    let canvas = use_node_ref();
    let last = use_mut_ref(|| None::<(f64, f64)>);
    let dirty = use_mut_ref(|| None as Dirty);
    let size = props.size;
    let width = props.stroke * size as f64;

    let emit = {
        let canvas = canvas.clone();
        let on_change = props.on_change.clone();
        let dirty = dirty.clone();
        move || {
            if let Some((c, ctx)) = context(&canvas)
                && let Some(ink) = read_ink(&c, &ctx, *dirty.borrow())
            {
                on_change.emit(ink);
            }
        }
    };
    let draw_to = {
        let canvas = canvas.clone();
        let last = last.clone();
        let dirty = dirty.clone();
        move |e: &PointerEvent| {
            let Some((c, ctx)) = context(&canvas) else {
                return;
            };
            let (x, y) = position(&c, e);
            let from = last.borrow().unwrap_or((x, y));
            ctx.set_line_width(width);
            ctx.set_line_cap("round");
            ctx.set_line_join("round");
            ctx.set_stroke_style_str("#16213a");
            ctx.begin_path();
            ctx.move_to(from.0, from.1);
            // A zero-length segment with round caps draws a dot (a tap).
            ctx.line_to(x + if from == (x, y) { 0.01 } else { 0.0 }, y);
            ctx.stroke();
            let grown = grow(*dirty.borrow(), from, (x, y), width);
            *dirty.borrow_mut() = grown;
            *last.borrow_mut() = Some((x, y));
        }
    };
    let onpointerdown = {
        let canvas = canvas.clone();
        let last = last.clone();
        let draw_to = draw_to.clone();
        let emit = emit.clone();
        Callback::from(move |e: PointerEvent| {
            e.prevent_default();
            if let Some(c) = canvas.cast::<HtmlCanvasElement>() {
                let _ = c.set_pointer_capture(e.pointer_id());
            }
            *last.borrow_mut() = None;
            draw_to(&e);
            emit();
        })
    };
    let onpointermove = {
        let last = last.clone();
        let emit = emit.clone();
        Callback::from(move |e: PointerEvent| {
            if last.borrow().is_none() {
                return;
            }
            e.prevent_default();
            draw_to(&e);
            emit();
        })
    };
    let onpointerup = {
        let last = last.clone();
        Callback::from(move |_: PointerEvent| {
            *last.borrow_mut() = None;
        })
    };
    let onclear = {
        let canvas = canvas.clone();
        let emit = emit.clone();
        let dirty = dirty.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some((c, ctx)) = context(&canvas) {
                ctx.clear_rect(0.0, 0.0, c.width() as f64, c.height() as f64);
            }
            *dirty.borrow_mut() = None;
            emit();
        })
    };
    // The first (empty) ink, so the owner knows the size; unless a picture is shown.
    {
        let emit = emit.clone();
        let has_picture = props.picture.is_some();
        use_effect_with((), move |_| {
            if !has_picture {
                emit()
            }
        });
    }
    {
        let canvas = canvas.clone();
        let picture = props.picture.clone();
        let dirty = dirty.clone();
        use_effect_with(picture.as_ref().map(|p| p.0), move |_| {
            if let Some((_, px)) = picture
                && let Some((c, ctx)) = context(&canvas)
            {
                paint(&c, &ctx, &px);
                // A picture covers the whole pad: strokes over it are read with all of it.
                *dirty.borrow_mut() = None;
            }
        });
    }
    html! {
        <div class="drawpad">
            <canvas ref={canvas} id={props.id.clone()} class="drawpad-canvas"
                data-picture={props.picture.as_ref().map(|p| p.0.to_string())} width={size.to_string()}
                height={size.to_string()} role="img" aria-label={props.label.clone()}
                onpointerdown={onpointerdown} onpointermove={onpointermove}
                onpointerup={onpointerup.clone()} onpointercancel={onpointerup} />
            <button type="button" class="btn small drawpad-clear" onclick={onclear}>{ props.clear_label.clone() }</button>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_region_holds_every_stroke_and_stays_inside_the_pad() {
        assert_eq!(region(None, 240, 240), (0, 0, 240, 240));
        // A dot at (100, 50), 18 px wide: 9 + 2 px around it.
        let d = grow(None, (100.0, 50.0), (100.0, 50.0), 18.0);
        assert_eq!(region(d, 240, 240), (89, 39, 22, 22));
        // A second segment further right and down widens it; one past the edge is clamped.
        let d = grow(d, (100.0, 50.0), (150.0, 120.5), 18.0);
        assert_eq!(region(d, 240, 240), (89, 39, 72, 93));
        let d = grow(d, (150.0, 120.5), (300.0, -40.0), 18.0);
        assert_eq!(region(d, 240, 240), (89, 0, 151, 132));
        // Wholly outside: nothing known, the whole pad.
        assert_eq!(
            region(grow(None, (-50.0, -50.0), (-40.0, -60.0), 4.0), 240, 240),
            (0, 0, 240, 240)
        );
    }
}
