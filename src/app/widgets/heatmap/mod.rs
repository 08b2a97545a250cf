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

mod colour;
mod geometry;
mod paint;
mod texts;

use std::rc::Rc;

use web_sys::HtmlCanvasElement;
use yew::prelude::*;

pub use colour::{ColourMap, colour};
use colour::{legend, range};
pub use geometry::{
    CellRect, MARGIN, MIN_SHOWN_CELL, cell_at, cell_size, cursor_move, fill_cell, value_font,
};
use paint::{Marks, Scene, draw, may_write_values};
pub use texts::{EN, FR, HeatTexts, texts};

use crate::app::dom::{SizeWatch, use_viewport};
use crate::app::i18n::num::{decimal, fmt_value};
use crate::app::prefs::use_prefs;

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
    let (lo, hi) = range(&props.values, props.map);
    let pickable = props.on_pick.is_some();
    let inside = |at: Option<(usize, usize)>| at.filter(|&(r, c)| r < rows && c < cols);
    let hover_now = inside(*hover);
    // On a pickable map the cursor is the marked cell (the step debugger's).
    let cursor_now =
        if pickable { inside(props.mark).or(inside(*cursor)) } else { inside(*cursor) };

    // The canvas's width as shown (CSS pixels; 0 until the first layout), watched rather
    // than read while drawing. Only a map whose cells could be written (large enough at the
    // CSS's largest stretch) is drawn again when it changes.
    let shown_w = use_mut_ref(|| 0.0f64);
    let relaid = use_state(|| 0u32);
    let may_write = may_write_values(cell);
    {
        let (canvas, shown_w, relaid) = (canvas.clone(), shown_w.clone(), relaid.clone());
        use_effect_with(may_write, move |&may_write| {
            let watch = may_write
                .then(|| {
                    let el = canvas.cast::<web_sys::Element>()?;
                    SizeWatch::new(&el, move |w| {
                        let old = std::mem::replace(&mut *shown_w.borrow_mut(), w);
                        if (old - w).abs() >= 0.5 {
                            relaid.set(relaid.wrapping_add(1));
                        }
                    })
                })
                .flatten();
            move || drop(watch)
        });
    }
    {
        let canvas = canvas.clone();
        let values = props.values.clone();
        let shown = shown_w.clone();
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
            (values.clone(), rows, cols, pad, cell.to_bits(), map, marks, lang, view, *relaid),
            move |(_, _, _, _, _, _, marks, lang, _, _)| {
                if let Some(c) = canvas.cast::<HtmlCanvasElement>() {
                    let lang = *lang;
                    let shown = *shown.borrow();
                    let scene = Scene {
                        values: &values,
                        rows,
                        cols,
                        pad,
                        cell,
                        shown,
                        map,
                        lo,
                        hi,
                        marks,
                        lang,
                    };
                    draw(&c, &scene);
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
    // Picking by pointer: a tap or a click picks the cell under it, and dragging along the
    // map (a finger on a phone, whose cells are too small to aim at) keeps picking the cell
    // under the pointer, each cell once. The pointer is captured so that a drag leaving the
    // map does not end it.
    let dragging = use_mut_ref(|| None::<Option<(usize, usize)>>);
    let pick_at = {
        let (pick, cursor, dragging) = (props.on_pick.clone(), cursor.clone(), dragging.clone());
        move |at: Option<(usize, usize)>| {
            let Some(rc) = at else { return };
            if matches!(*dragging.borrow(), Some(Some(last)) if last == rc) {
                return;
            }
            if let Some(d) = dragging.borrow_mut().as_mut() {
                *d = Some(rc);
            }
            cursor.set(Some(rc));
            if let Some(pick) = &pick {
                pick.emit(rc);
            }
        }
    };
    let onpointerdown = {
        let (locate, pick_at, dragging) = (locate.clone(), pick_at.clone(), dragging.clone());
        Callback::from(move |e: PointerEvent| {
            if e.button() != 0 {
                return;
            }
            if pickable {
                use wasm_bindgen::JsCast;
                if let Some(el) = e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) {
                    let _ = el.set_pointer_capture(e.pointer_id());
                }
            }
            *dragging.borrow_mut() = Some(None);
            pick_at(locate(&e));
        })
    };
    let onpointermove = {
        let (locate, dragging, pick_at) = (locate.clone(), dragging.clone(), pick_at.clone());
        Callback::from(move |e: PointerEvent| {
            if dragging.borrow().is_some() {
                pick_at(locate(&e));
            }
        })
    };
    let onpointerup = {
        let dragging = dragging.clone();
        Callback::from(move |_: PointerEvent| *dragging.borrow_mut() = None)
    };
    // A click with no pointer before it (a screen reader's activation, a script) picks too;
    // after a pointer's own pick it picks the same cell again, which changes nothing.
    let onclick = {
        let (locate, pick_at) = (locate.clone(), pick_at.clone());
        Callback::from(move |e: MouseEvent| pick_at(locate(&e)))
    };
    let one_d = props.one_d;
    let place = move |at: (usize, usize)| texts::place(t, one_d, at);
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
                    {onmousemove} {onmouseleave} {onclick} {onpointerdown} {onpointermove}
                    onpointerup={onpointerup.clone()} onpointercancel={onpointerup} {onkeydown} {onfocus} {onblur} />
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
