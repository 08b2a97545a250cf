//! What the network looks at: the saliency map and the occlusion map of the pad's picture
//! (drawn, or sent from the evaluation) for one class, drawn over the 32×32 input the network
//! reads. Both come from the core (`nn::explain`): the saliency from one backward pass (a
//! millisecond or two for the course LeNet), the occlusion from 50 forward passes in
//! batches, sliced with timeouts so that no task runs much over `SLICE_MS` (the whole batch
//! would be a long task on a wide editor network).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo_timers::callback::Timeout;
use wasm_bindgen::{Clamped, JsCast};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, ImageData};
use yew::prelude::*;

use super::explain_texts::{ExplainTexts, texts};
use super::pad::Prediction;
use crate::app::i18n::Lang;
use crate::app::i18n::errors::nn_error;
use crate::app::i18n::num::{decimal, percent};
use crate::app::training::{ModelRef, fits_pad};
use crate::nn::explain::{Occlusion, OcclusionMap, PATCH, STRIDE, saliency, score_model};
use crate::nn::{NnError, Sequential};

/// A slice of the occlusion stops taking rows after this many milliseconds.
const SLICE_MS: f64 = 12.0;
const RED: [f32; 3] = [200.0, 30.0, 45.0];
const BLUE: [f32; 3] = [30.0, 95.0, 180.0];

/// The RGBA bytes of `values` (scaled by `scale`, signed) over the digit `ink` (0 paper, 1
/// ink): the digit in grey, red above 0, blue below, stronger with the magnitude (square
/// root, so that small values stay visible next to the largest).
pub fn overlay(ink: &[f32], values: &[f32], scale: f32) -> Vec<u8> {
    let mut out = Vec::with_capacity(values.len() * 4);
    for (i, &v) in values.iter().enumerate() {
        let paper = 255.0 - 150.0 * ink.get(i).copied().unwrap_or(0.0).clamp(0.0, 1.0);
        let t = if scale > 0.0 { (v / scale).clamp(-1.0, 1.0) } else { 0.0 };
        let a = t.abs().sqrt();
        let col = if t >= 0.0 { RED } else { BLUE };
        for c in col {
            out.push((paper * (1.0 - a) + c * a).round() as u8);
        }
        out.push(255);
    }
    out
}

/// The largest magnitude (0 for an empty or all-zero map).
pub fn max_abs(values: &[f32]) -> f32 {
    values.iter().fold(0.0f32, |m, v| m.max(v.abs()))
}

fn argmax(v: &[f32]) -> usize {
    v.iter().enumerate().fold(0, |b, (k, &x)| if x > v[b] { k } else { b })
}

fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}

#[derive(Properties, PartialEq)]
struct MapProps {
    ink: Rc<Vec<f32>>,
    values: Rc<Vec<f32>>,
    scale: f32,
    #[prop_or_default]
    id: Option<AttrValue>,
    label: AttrValue,
    #[prop_or(32)]
    width: usize,
    #[prop_or(32)]
    height: usize,
    #[prop_or(192)]
    display: u32,
    /// Displayed height; by default the grid's aspect ratio (the legend's strip needs more).
    #[prop_or_default]
    display_height: Option<u32>,
    #[prop_or(classes!("explain-map"))]
    class: Classes,
}

/// One map over the digit, a pixelated canvas.
#[component]
fn OverlayMap(p: &MapProps) -> Html {
    let canvas = use_node_ref();
    {
        let canvas = canvas.clone();
        let deps = (p.ink.clone(), p.values.clone(), p.scale.to_bits(), p.width, p.height);
        use_effect_with(deps, move |(ink, values, scale, w, h)| {
            let draw = || -> Option<()> {
                let c = canvas.cast::<HtmlCanvasElement>()?;
                let ctx = c.get_context("2d").ok()??.dyn_into::<CanvasRenderingContext2d>().ok()?;
                if values.len() != w * h {
                    return None;
                }
                let bytes = overlay(ink, values, f32::from_bits(*scale));
                let img = ImageData::new_with_u8_clamped_array_and_sh(
                    Clamped(&bytes),
                    *w as u32,
                    *h as u32,
                )
                .ok()?;
                ctx.put_image_data(&img, 0.0, 0.0).ok()
            };
            let _ = draw();
        });
    }
    let h = p.display_height.unwrap_or(p.display * p.height as u32 / p.width.max(1) as u32);
    html! {
        <canvas ref={canvas} id={p.id.clone()} class={classes!("pixels", p.class.clone())} width={p.width.to_string()}
            height={p.height.to_string()} style={format!("width:{}px;height:{h}px", p.display)}
            role="img" aria-label={p.label.clone()} />
    }
}

/// The colour scale under a map: blue, white, red, with what each end means.
fn legend(low: String, high: String) -> Html {
    let ink = Rc::new(vec![0.0; 64]);
    let values = Rc::new((0..64).map(|i| (i as f32 - 31.5) / 31.5).collect::<Vec<_>>());
    html! {
        <div class="explain-legend" aria-hidden="true">
            <span class="lo">{ low }</span>
            <OverlayMap ink={ink} values={values} scale={1.0} label="" width={64} height={1} display={96}
                display_height={12} class={classes!("explain-legend-bar")} />
            <span class="hi">{ high }</span>
        </div>
    }
}

/// The occlusion as it comes: rows so far, then the map.
#[derive(Clone, PartialEq, Default)]
enum Occ {
    #[default]
    Idle,
    Running(usize, usize),
    /// The map, and the longest slice in milliseconds.
    Done(Rc<OcclusionMap>, f64),
    Failed(String),
}

/// One occlusion run, taken slice by slice; a newer run (another picture, new weights)
/// makes it stop.
struct Job {
    id: u32,
    current: Rc<Cell<u32>>,
    model: ModelRef,
    input: Vec<f32>,
    plan: Occlusion,
    rows: RefCell<Vec<Vec<f32>>>,
    /// Milliseconds per row, measured (the first batch is one row).
    per_row: Cell<f64>,
    /// The longest slice so far, in milliseconds (shown as `data-slice-ms`).
    longest: Cell<f64>,
    out: UseStateSetter<Occ>,
    lang: Lang,
}

fn slice(job: Rc<Job>) {
    if job.current.get() != job.id {
        return;
    }
    let total = job.plan.rows();
    let t0 = now_ms();
    loop {
        let done = job.rows.borrow().len();
        if done >= total {
            break;
        }
        // As many rows as fit in what is left of the slice (at least one).
        let left = (SLICE_MS - (now_ms() - t0)).max(0.0);
        let n = ((left / job.per_row.get().max(1e-3)) as usize).clamp(1, total - done);
        let t = now_ms();
        let got = match job.model.try_borrow_mut() {
            Ok(mut m) => match m.as_mut() {
                Some(m) => job.plan.run(m, &job.input, done..done + n),
                None => Err(NnError::NoLayers),
            },
            // The model is busy elsewhere (cannot happen between tasks): try again later.
            Err(_) => break,
        };
        match got {
            Ok(rows) => {
                job.per_row.set((now_ms() - t) / n as f64);
                job.rows.borrow_mut().extend(rows);
            }
            Err(e) => {
                job.out.set(Occ::Failed(nn_error(job.lang, &e)));
                return;
            }
        }
        if now_ms() - t0 >= SLICE_MS {
            break;
        }
    }
    job.longest.set(job.longest.get().max(now_ms() - t0));
    let done = job.rows.borrow().len();
    if done < total {
        job.out.set(Occ::Running(done, total));
        Timeout::new(0, move || slice(job)).forget();
        return;
    }
    let rows = std::mem::take(&mut *job.rows.borrow_mut());
    job.out.set(match OcclusionMap::new(job.plan.clone(), rows) {
        Ok(m) => Occ::Done(Rc::new(m), job.longest.get()),
        Err(e) => Occ::Failed(nn_error(job.lang, &e)),
    });
}

/// A saliency map as computed: for which class, and how long it took (shown as `data-ms`).
#[derive(PartialEq)]
struct Sal {
    class: usize,
    got: Result<Rc<Vec<f32>>, NnError>,
    ms: f64,
}

#[derive(Properties, PartialEq)]
pub struct ExplainProps {
    pub lang: Lang,
    pub model: ModelRef,
    pub rev: u32,
    pub prediction: Rc<Option<Prediction>>,
}

/// The saliency for `class`, from a score network kept for the weights' revision.
fn saliency_of(
    cache: &RefCell<Option<(u32, Sequential<f32>)>>,
    model: &ModelRef,
    rev: u32,
    input: &[f32],
    class: usize,
) -> Result<Vec<f32>, NnError> {
    let mut cache = cache.borrow_mut();
    if cache.as_ref().is_none_or(|(r, _)| *r != rev) {
        let m = model.borrow();
        let m = m.as_ref().ok_or(NnError::NoLayers)?;
        *cache = Some((rev, score_model(m)?));
    }
    let (_, scores) = cache.as_mut().ok_or(NnError::NoLayers)?;
    saliency(scores, input, class)
}

#[component]
pub fn ExplainPanel(p: &ExplainProps) -> Html {
    let (lang, t) = (p.lang, texts(p.lang));
    let pred = p.prediction.as_ref().as_ref();
    let input: Option<Rc<Vec<f32>>> =
        use_memo(pred.map(|p| p.input32.clone()), |i| i.as_ref().map(|v| Rc::new(v.clone())))
            .as_ref()
            .clone();
    let probs = pred.and_then(|p| p.probs.clone()).filter(|p| p.len() == 10);
    let usable = p.model.borrow().as_ref().is_some_and(fits_pad);
    let predicted = probs.as_deref().map(argmax);
    let picked = use_state(|| None::<usize>);
    // A new picture: back to the predicted class.
    {
        let picked = picked.clone();
        use_effect_with(input.clone(), move |_| picked.set(None));
    }
    let class = picked.or(predicted);

    // The saliency, in a task of its own after the render (the pad's prediction has its own).
    let cache = use_mut_ref(|| None::<(u32, Sequential<f32>)>);
    let sal = use_state(|| None::<Sal>);
    let sal_gen = use_mut_ref(|| Rc::new(Cell::new(0u32)));
    {
        let (model, sal, current) = (p.model.clone(), sal.clone(), sal_gen.borrow().clone());
        use_effect_with(
            (input.clone(), p.rev, class, usable),
            move |(input, rev, class, usable)| {
                let id = current.get().wrapping_add(1);
                current.set(id);
                if let (Some(i), Some(c), true) = (input.clone(), *class, *usable) {
                    let rev = *rev;
                    Timeout::new(0, move || {
                        if current.get() != id {
                            return;
                        }
                        let t0 = now_ms();
                        let got = saliency_of(&cache, &model, rev, &i, c).map(Rc::new);
                        sal.set(Some(Sal { class: c, got, ms: now_ms() - t0 }));
                    })
                    .forget();
                } else {
                    sal.set(None);
                }
            },
        );
    }

    // The occlusion: restarted for a new picture or new weights (all ten classes at once).
    let occ = use_state(Occ::default);
    let current = use_mut_ref(|| Rc::new(Cell::new(0u32)));
    {
        let (model, occ, current) = (p.model.clone(), occ.clone(), current.borrow().clone());
        use_effect_with((input.clone(), p.rev, usable), move |(input, _, usable)| {
            let id = current.get().wrapping_add(1);
            current.set(id);
            match (input, usable) {
                (Some(i), true) => match Occlusion::new(&[32, 32, 1], PATCH, STRIDE) {
                    Ok(plan) => {
                        occ.set(Occ::Running(0, plan.rows()));
                        let job = Rc::new(Job {
                            id,
                            current,
                            model,
                            input: i.to_vec(),
                            plan,
                            rows: RefCell::new(Vec::new()),
                            per_row: Cell::new(SLICE_MS),
                            longest: Cell::new(0.0),
                            out: occ.setter(),
                            lang,
                        });
                        Timeout::new(0, move || slice(job)).forget();
                    }
                    Err(e) => occ.set(Occ::Failed(nn_error(lang, &e))),
                },
                _ => occ.set(Occ::Idle),
            }
        });
    }

    let body = match (&input, &probs, class) {
        (None, _, _) => html! { <p class="draw-empty" id="explain-empty">{ t.draw_first }</p> },
        (Some(_), None, _) | (_, _, None) => {
            html! { <p class="draw-empty" id="explain-empty">{ t.no_weights }</p> }
        }
        (Some(_), Some(_), Some(_)) if !usable => {
            html! { <p class="draw-empty" id="explain-empty">{ t.not_a_digit_net }</p> }
        }
        (Some(ink), Some(_), Some(c)) => maps(t, lang, ink, c, predicted, &picked, &sal, &occ),
    };
    html! {
        <section class="panel lenet-explain" id="explain" aria-labelledby="explain-title">
            <h2 id="explain-title">{ t.title }</h2>
            <p class="lead">{ t.lead }</p>
            { body }
        </section>
    }
}

#[allow(clippy::too_many_arguments)]
fn maps(
    t: &'static ExplainTexts,
    lang: Lang,
    ink: &Rc<Vec<f32>>,
    class: usize,
    predicted: Option<usize>,
    picked: &UseStateHandle<Option<usize>>,
    sal: &Option<Sal>,
    occ: &Occ,
) -> Html {
    let cs = class.to_string();
    let fill = |s: &str| s.replace("{c}", &cs);
    let buttons = (0..10usize).map(|k| {
        let picked = picked.clone();
        let onclick = Callback::from(move |_: MouseEvent| picked.set(Some(k)));
        let is_pred = predicted == Some(k);
        html! {
            <button type="button" id={format!("explain-class-{k}")}
                class={classes!("btn", "small", is_pred.then_some("predicted"))}
                aria-pressed={(k == class).to_string()}
                aria-label={t.class_button.replace("{c}", &k.to_string())}
                title={is_pred.then_some(t.predicted_mark)} {onclick}>{ k }</button>
        }
    });
    let saliency_fig = match sal.as_ref().map(|s| (s.class, &s.got, s.ms)) {
        Some((c, Ok(s), ms)) if c == class => {
            let m = max_abs(s);
            let num = decimal(lang, m as f64, 3);
            html! {
                <figure class="explain-fig" id="saliency" data-class={cs.clone()} data-max={m.to_string()} data-ms={format!("{ms:.1}")}>
                    <figcaption>{ fill(t.saliency_title) }</figcaption>
                    <OverlayMap ink={ink.clone()} values={s.clone()} scale={m} id="saliency-map" label={fill(t.saliency_title)} />
                    { legend(format!("−{num} {}", t.saliency_low), format!("+{num} {}", t.saliency_high)) }
                    <p class="explain-read">{ fill(t.saliency_read) }</p>
                    <p class="explain-read small">{ t.saliency_why_score }</p>
                </figure>
            }
        }
        Some((_, Err(e), _)) => {
            html! { <p class="error" role="alert">{ format!("{} {}", t.failed, nn_error(lang, e)) }</p> }
        }
        // Another class's map, until this one's comes (a task later).
        _ => {
            html! { <figure class="explain-fig" id="saliency-running"><figcaption>{ fill(t.saliency_title) }</figcaption></figure> }
        }
    };
    let occlusion_fig = match occ {
        Occ::Done(map, longest) => {
            let px = Rc::new(map.pixel_map(class));
            let m = max_abs(&px).max(0.01);
            let num = percent(lang, m as f64, 1);
            let drop = map.drops(class).into_iter().fold(f32::NEG_INFINITY, f32::max);
            html! {
                <figure class="explain-fig" id="occlusion" data-class={cs.clone()} data-max={m.to_string()}
                    data-drop={drop.to_string()} data-slice-ms={format!("{longest:.1}")} data-base={map.base.get(class).copied().unwrap_or(0.0).to_string()}>
                    <figcaption>{ fill(t.occlusion_title) }</figcaption>
                    <OverlayMap ink={ink.clone()} values={px} scale={m} id="occlusion-map" label={fill(t.occlusion_title)} />
                    { legend(format!("−{num} {}", t.occlusion_low), format!("+{num} {}", t.occlusion_high)) }
                    <p class="explain-read">{ fill(t.occlusion_read) }</p>
                </figure>
            }
        }
        Occ::Running(k, n) => html! {
            <figure class="explain-fig" id="occlusion-running">
                <figcaption>{ fill(t.occlusion_title) }</figcaption>
                <p class="draw-empty" role="status">{ t.computing.replace("{k}", &k.to_string()).replace("{n}", &n.to_string()) }</p>
            </figure>
        },
        Occ::Failed(e) => {
            html! { <p class="error" role="alert">{ format!("{} {e}", t.failed) }</p> }
        }
        Occ::Idle => html! {},
    };
    html! {
        <>
            <div class="explain-classes" role="group" aria-label={t.class_label}>
                <span>{ t.class_label }</span>
                { for buttons }
            </div>
            <div class="explain-maps">
                { saliency_fig }
                { occlusion_fig }
            </div>
        </>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_overlay_is_the_digit_in_grey_tinted_red_above_zero_and_blue_below() {
        let ink = [0.0, 1.0, 0.0, 0.0, 1.0];
        let px = overlay(&ink, &[0.0, 0.0, 2.0, -2.0, 0.5], 2.0);
        assert_eq!(&px[0..4], &[255, 255, 255, 255], "paper, nothing");
        assert_eq!(&px[4..8], &[105, 105, 105, 255], "ink, nothing");
        assert_eq!(&px[8..12], &[200, 30, 45, 255], "the largest value: full red");
        assert_eq!(&px[12..16], &[30, 95, 180, 255], "the most negative: full blue");
        // A quarter of the scale: half the colour (square root) over the ink's grey.
        assert_eq!(&px[16..19], &[153, 68, 75]);
        // A zero scale (an all-zero map) shows the digit alone.
        assert_eq!(&overlay(&[1.0], &[0.0], 0.0)[0..3], &[105, 105, 105]);
        assert_eq!(max_abs(&[0.5, -3.0, 2.0]), 3.0);
        assert_eq!(argmax(&[0.1, 0.7, 0.2]), 1);
    }
}
