//! "One training step, backwards": for the pad's picture and a label the student picks,
//! the loss, softmax − one-hot, the gradient arriving at every layer back to the first
//! (through pooling and the activations, said how), the first-layer kernels' gradients
//! with one weight's sum written out, and "Apply this step" (the network on screen becomes
//! the stepped one, with a way back). Every number is the core's (`Sequential::step_trace`,
//! `apply_step`); a step of LeNet on one picture takes a few milliseconds, so it runs at
//! once on the main thread (no slicing needed to stay under 50 ms).

use std::rc::Rc;

use yew::prelude::*;

use super::backprop_texts::{BackpropTexts, texts};
use super::multichannel::UnitPanel;
use super::pad::Prediction;
use crate::app::i18n::Lang;
use crate::app::i18n::errors::nn_error;
use crate::app::i18n::num::{canonical, decimal, parse_decimal, percent};
use crate::app::training::reducer::Action;
use crate::app::training::state::Phase;
use crate::app::training::{ModelRef, use_training};
use crate::app::widgets::feature_maps::{Palette, Pixels, channels};
use crate::app::widgets::heatmap::Heatmap;
use crate::nn::{Activation, LayerConfig, StepTrace};

/// At most this many maps of a layer are drawn (a wide network has 64).
const MAX_MAPS: usize = 16;

/// A small number as a student reads it: 4 decimals, or `1,23×10⁻⁵` below 0.001.
pub fn g(lang: Lang, v: f64) -> String {
    let a = v.abs();
    if v == 0.0 || !v.is_finite() || (1e-3..1e4).contains(&a) {
        return decimal(lang, v, 4);
    }
    let e = a.log10().floor() as i32;
    let m = v / 10f64.powi(e);
    let sup: String = e
        .to_string()
        .chars()
        .map(|c| match c {
            '-' => '⁻',
            d => ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹']
                [d.to_digit(10).unwrap_or(0) as usize],
        })
        .collect();
    format!("{}×10{sup}", decimal(lang, m, 2))
}

fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}

fn dims(shape: &[usize]) -> String {
    shape.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("×")
}

/// A gradient drawn as maps (blue < 0, white 0, red > 0) or as a strip; its numbers on
/// `data-*` for the tests.
fn grad_maps(id: String, caption: String, shape: &[usize], data: &[f32]) -> Html {
    let nonzero = data.iter().filter(|v| **v != 0.0).count();
    let attrs = (data.len().to_string(), nonzero.to_string());
    if shape.len() == 3 {
        let maps = channels(shape, data);
        let (h, w) = (shape[0], shape[1]);
        let display = if h > 20 { 60 } else { 44 };
        html! {
            <figure class="fmaps bp-grad" id={id} data-len={attrs.0} data-nonzero={attrs.1}>
                <figcaption>{ caption }</figcaption>
                <div class="fmaps-grid">
                    { for maps.into_iter().take(MAX_MAPS).enumerate().map(|(k, m)| html! {
                        <Pixels width={w} height={h} values={m} palette={Palette::Diverging} display={display} title={format!("#{k}")} />
                    }) }
                </div>
            </figure>
        }
    } else {
        html! {
            <figure class="fmaps dense bp-grad" id={id} data-len={attrs.0} data-nonzero={attrs.1}>
                <figcaption>{ caption }</figcaption>
                <Pixels width={data.len()} height={1} values={data.to_vec()} palette={Palette::Diverging}
                    display={(data.len() as u32 * 5).clamp(120, 600)} display_height={16} />
            </figure>
        }
    }
}

/// The first 2D convolution's kernel `(kh, kw, cin, f)` and its values, if layer 0 is one.
fn first_kernel(m: &crate::nn::Sequential<f32>) -> Option<(Vec<usize>, Vec<f32>)> {
    let p = m.parameters().into_iter().next()?;
    (p.layer == 0 && p.name == "kernel" && p.shape.len() == 4)
        .then(|| (p.shape.to_vec(), p.values.to_vec()))
}

/// One filter's kernel (channel 0) from a `(kh, kw, cin, f)` kernel.
fn filter_of(shape: &[usize], values: &[f32], f: usize) -> Vec<f32> {
    let (kh, kw, cin, cout) = (shape[0], shape[1], shape[2], shape[3]);
    (0..kh * kw).map(|ij| values[(ij * cin) * cout + f]).collect()
}

/// What "Apply this step" replaced, for the way back and the before/after view.
#[derive(PartialEq)]
struct Undo {
    params: Vec<f32>,
    probs: Vec<f32>,
    kernel: Option<(Vec<usize>, Vec<f32>)>,
    input: Vec<f32>,
    /// The weights' revision once applied: the way back is offered only while the network
    /// on screen is still the stepped one.
    rev: u32,
}

#[derive(Properties, PartialEq)]
pub struct BackpropProps {
    pub lang: Lang,
    pub model: ModelRef,
    pub rev: u32,
    pub prediction: Rc<Option<Prediction>>,
}

#[component]
pub fn BackpropPanel(p: &BackpropProps) -> Html {
    let (lang, t) = (p.lang, texts(p.lang));
    let tr = use_training();
    let picked = use_state(|| None::<usize>);
    let rate = use_state(|| "0.1".to_string());
    let undo = use_state(|| None::<Rc<Undo>>);
    let msg = use_state(|| None::<String>);
    let weight = use_state(|| (0usize, 0usize, 0usize));
    let pred = p.prediction.as_ref().as_ref();
    let input32: Option<Vec<f32>> = pred.filter(|q| q.probs.is_some()).map(|q| q.input32.clone());
    // A new picture: back to the default label.
    {
        let picked = picked.clone();
        use_effect_with(input32.clone(), move |_| picked.set(None));
    }
    // A test digit sent from the evaluation: its true label is the default.
    let true_label = {
        let eval = tr.view.eval.clone();
        let seen = pred.map(|q| q.seen28.clone());
        use_memo((seen, eval.as_ref().map(Rc::as_ptr)), move |(seen, _)| {
            let (seen, eval) = (seen.as_ref()?, eval.as_ref()?);
            eval.digits
                .iter()
                .find(|d| {
                    d.pixels.len() == seen.len()
                        && d.pixels.iter().zip(seen).all(|(&a, &b)| a as f32 / 255.0 == b)
                })
                .map(|d| d.label as usize)
        })
    };
    let predicted = pred
        .and_then(|q| q.probs.as_ref())
        .map(|ps| ps.iter().enumerate().fold(0, |b, (k, &v)| if v > ps[b] { k } else { b }));
    let label = (*picked).or(*true_label).or(predicted);
    let step_ms = use_mut_ref(|| 0.0f64);
    let trace = {
        let (model, step_ms) = (p.model.clone(), step_ms.clone());
        use_memo((p.rev, input32.clone(), label), move |(_, input, label)| {
            let (input, label) = (input.as_ref()?, (*label)?);
            let m = model.borrow();
            let t0 = now_ms();
            let s = m.as_ref()?.step_trace(input, label);
            *step_ms.borrow_mut() = now_ms() - t0;
            Some(s)
        })
    };
    // The layers appear one per task, from the output down (a step of LeNet draws about a
    // hundred small maps: all at once would hold the page for more than 50 ms on a slow
    // machine, and following the gradient down is the point anyway).
    let stepped = use_state(|| 0u32);
    // Restarted by a new picture or label, or a step applied or taken back (not by a run's
    // new weights: its reports would restart it every time). Counted per key, so that the
    // first render after a change already draws none.
    let key = (input32.clone(), label, *stepped);
    let shown = use_state(|| (key.clone(), 0usize));
    let visible = if shown.0 == key { shown.1 } else { 0 };
    let n_layers = match trace.as_ref() {
        Some(Ok(s)) => s.layers.len(),
        _ => 0,
    };
    {
        let shown = shown.clone();
        use_effect_with((key, visible, n_layers), move |(key, k, n)| {
            let (key, k) = (key.clone(), *k);
            let later = (k <= *n)
                .then(|| gloo_timers::callback::Timeout::new(0, move || shown.set((key, k + 1))));
            move || drop(later)
        });
    }

    let head = html! {
        <>
            <h2 id="bp-title">{ t.title }</h2>
            <p>{ t.lead }</p>
            <p class="hint">{ t.dropout_off }</p>
        </>
    };
    let body = match (trace.as_ref(), label) {
        (None, _) | (_, None) => {
            let say = if pred.is_some() && p.model.borrow().is_none() {
                t.need_weights
            } else {
                t.need_picture
            };
            html! { <p class="draw-empty" id="bp-empty">{ say }</p> }
        }
        (Some(Err(e)), _) => html! {
            <p class="notice" id="bp-refused">{ t.refused.replace("{why}", &nn_error(lang, e)) }</p>
        },
        (Some(Ok(s)), Some(label)) => {
            let labels = {
                let picked = picked.clone();
                let default_note =
                    if true_label.is_some() { t.label_default_true } else { t.label_default_pred };
                html! {
                    <div class="bp-labels">
                        <span>{ t.pick_label }</span>
                        <div class="bp-label-buttons" role="group" aria-label={t.pick_label}>
                            { for (0..s.probs.len()).map(|k| {
                                let picked = picked.clone();
                                let onclick = Callback::from(move |_: MouseEvent| picked.set(Some(k)));
                                html! { <button type="button" class={classes!("btn", "small", (k == label).then_some("on"))}
                                    id={format!("bp-label-{k}")} aria-pressed={(k == label).to_string()} {onclick}>{ k }</button> }
                            }) }
                        </div>
                        if picked.is_none() { <span class="hint">{ default_note }</span> }
                    </div>
                }
            };
            let pl = s.probs[label] as f64;
            let loss_line = t
                .loss_is
                .replace("{k}", &label.to_string())
                .replace("{p}", &g(lang, pl))
                .replace("{l}", &decimal(lang, s.loss as f64, 4));
            let model = p.model.borrow();
            let configs: Vec<LayerConfig> =
                model.as_ref().map(|m| m.configs().to_vec()).unwrap_or_default();
            drop(model);
            html! {
                <>
                    { labels }
                    <p class="bp-loss" id="bp-loss" data-loss={canonical(s.loss as f64, 6)} data-label={label.to_string()}
                        data-ms={format!("{:.2}", *step_ms.borrow())}>{ loss_line }</p>
                    { output_table(t, lang, s, label) }
                    <h3>{ t.layers_title }</h3>
                    <StepLayers lang={lang} trace={TraceRef(trace.clone())} configs={Rc::new(configs)} visible={visible} />
                    if visible > s.layers.len() {
                        { kernel_section(t, lang, &p.model, s, &weight) }
                    }
                </>
            }
        }
    };

    // Apply this step: one SGD update of the network on screen, with a way back.
    let busy = tr.view.phase == Phase::Training;
    let on_apply = {
        let (tr, trace, rate, undo, msg, stepped) =
            (tr.clone(), trace.clone(), rate.clone(), undo.clone(), msg.clone(), stepped.clone());
        let input = input32.clone();
        Callback::from(move |_: MouseEvent| {
            let Some(Ok(s)) = trace.as_ref().as_ref() else { return };
            let lr = match parse_decimal(&rate) {
                Some(v) if (0.0..=10.0).contains(&v) => v as f32,
                _ => return msg.set(Some(t.bad_rate.into())),
            };
            if tr.view.phase == Phase::Training {
                return msg.set(Some(t.busy.into()));
            }
            let res = {
                let mut m = tr.model.borrow_mut();
                let Some(m) = m.as_mut() else { return };
                let (params, kernel) = (m.flat_params(), first_kernel(m));
                m.apply_step(s, lr).map(|_| (params, kernel))
            };
            match res {
                Ok((params, kernel)) => {
                    undo.set(Some(Rc::new(Undo {
                        params,
                        probs: s.probs.clone(),
                        kernel,
                        input: input.clone().unwrap_or_default(),
                        rev: tr.view.weights_rev.wrapping_add(1),
                    })));
                    msg.set(Some(t.applied.into()));
                    stepped.set(stepped.wrapping_add(1));
                    tr.view.dispatch(Action::Weights(tr.view.source.clone()));
                }
                Err(e) => msg.set(Some(nn_error(lang, &e))),
            }
        })
    };
    let live_undo = (*undo).clone().filter(|u| u.rev == p.rev);
    let on_undo = {
        let (tr, undo, msg, stepped) = (tr.clone(), undo.clone(), msg.clone(), stepped.clone());
        let u = live_undo.clone();
        Callback::from(move |_: MouseEvent| {
            let Some(u) = &u else { return };
            let ok = tr
                .model
                .borrow_mut()
                .as_mut()
                .is_some_and(|m| m.set_flat_params(&u.params).is_ok());
            if ok {
                undo.set(None);
                msg.set(Some(t.undone.into()));
                stepped.set(stepped.wrapping_add(1));
                tr.view.dispatch(Action::Weights(tr.view.source.clone()));
            }
        })
    };
    let on_rate = {
        let rate = rate.clone();
        Callback::from(move |e: InputEvent| {
            let el: web_sys::HtmlInputElement = e.target_unchecked_into();
            rate.set(el.value());
        })
    };
    let has_step = matches!(trace.as_ref(), Some(Ok(_)));
    let before_after = live_undo.as_ref().filter(|u| Some(&u.input) == input32.as_ref()).map(|u| {
        let after = pred.and_then(|q| q.probs.clone()).unwrap_or_default();
        let kernel_after = p.model.borrow().as_ref().and_then(first_kernel);
        before_after_view(t, lang, u, &after, kernel_after, label)
    });

    html! {
        <section class="panel lenet-backprop" aria-labelledby="bp-title" id="backprop">
            { head }
            { body }
            <div class="bp-apply">
                <h3>{ t.apply_title }</h3>
                <label class="field">
                    <span>{ t.rate }</span>
                    <input type="text" inputmode="decimal" id="bp-rate" value={(*rate).clone()} oninput={on_rate} size="6" />
                </label>
                <button type="button" class="btn primary" id="bp-apply" disabled={!has_step || busy} onclick={on_apply}>{ t.apply }</button>
                if live_undo.is_some() {
                    <button type="button" class="btn" id="bp-undo" onclick={on_undo}>{ t.undo }</button>
                }
                if busy { <p class="hint">{ t.busy }</p> }
                if let Some(m) = &*msg { <p class="hint" id="bp-msg" role="status">{ m.clone() }</p> }
                { before_after.unwrap_or_default() }
            </div>
            <UnitPanel lang={lang} model={p.model.clone()} rev={p.rev} prediction={p.prediction.clone()} />
        </section>
    }
}

/// The step's memo, equal when it is the same computation (no deep comparison).
#[derive(Clone)]
pub struct TraceRef(Rc<Option<Result<StepTrace<f32>, crate::nn::NnError>>>);

impl PartialEq for TraceRef {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

#[derive(Properties, PartialEq)]
pub struct StepLayersProps {
    pub lang: Lang,
    pub trace: TraceRef,
    pub configs: Rc<Vec<LayerConfig>>,
    pub visible: usize,
}

/// The layers' blocks, from the output down: their own component, so that picking a
/// kernel weight does not draw them again.
#[component]
pub fn StepLayers(p: &StepLayersProps) -> Html {
    let (lang, t) = (p.lang, texts(p.lang));
    let Some(Ok(s)) = p.trace.0.as_ref() else { return html! {} };
    html! {
        <div class="bp-layers" id="bp-layers" data-shown={p.visible.min(s.layers.len()).to_string()}>
            { for (0..s.layers.len()).rev().take(p.visible).map(|i| layer_block(t, lang, s, i, p.configs.get(i))) }
        </div>
    }
}

/// softmax − one-hot, class by class.
fn output_table(t: &BackpropTexts, lang: Lang, s: &StepTrace<f32>, label: usize) -> Html {
    html! {
        <div class="bp-output">
            <h3>{ t.output_title }</h3>
            // Focusable: on a phone the table scrolls sideways inside its box, by keyboard too.
            <div class="table-scroll" role="region" tabindex="0" aria-label={t.output_title}>
                <table class="bp-table" id="bp-dlogits">
                    <thead><tr><th scope="col">{ t.col_class }</th><th scope="col">{ t.col_prob }</th><th scope="col">{ t.col_onehot }</th><th scope="col">{ t.col_grad }</th></tr></thead>
                    <tbody>
                        { for s.probs.iter().zip(&s.dlogits).enumerate().map(|(k, (&pk, &d))| html! {
                            <tr class={classes!((k == label).then_some("on"))} data-grad={canonical(d as f64, 8)}>
                                <th scope="row">{ k }</th>
                                <td>{ g(lang, pk as f64) }</td>
                                <td>{ if k == label { "1" } else { "0" } }</td>
                                <td>{ format!("{} − {} = {}", g(lang, pk as f64), if k == label { 1 } else { 0 }, g(lang, d as f64)) }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
            <p class="hint">{ t.output_note }</p>
        </div>
    }
}

/// Layer `i`: the gradient arriving, through its activation, what it does with it.
fn layer_block(
    t: &BackpropTexts,
    lang: Lang,
    s: &StepTrace<f32>,
    i: usize,
    config: Option<&LayerConfig>,
) -> Html {
    let lt = &s.layers[i];
    let last = i + 1 == s.layers.len();
    let title = format!("{} ({}) {}", lt.name, lt.kind, dims(&lt.output_shape));
    let arriving = if last {
        grad_maps(
            format!("bp-grad-{i}"),
            "softmax − one-hot".to_string(),
            &lt.output_shape,
            &s.dlogits,
        )
    } else {
        grad_maps(format!("bp-grad-{i}"), t.arriving.to_string(), &lt.output_shape, &lt.grad_out)
    };
    let act = if last { Activation::Linear } else { lt.activation };
    let through = match act {
        Activation::Relu => {
            let off = lt.output.iter().filter(|&&y| y <= 0.0).count();
            let note = t
                .relu_note
                .replace("{off}", &off.to_string())
                .replace("{n}", &lt.output.len().to_string());
            html! { <>
                <p class="bp-note" data-off={off.to_string()}>{ note }</p>
                { grad_maps(format!("bp-pre-{i}"), t.after_act.to_string(), &lt.output_shape, &lt.grad_pre) }
            </> }
        }
        Activation::Tanh | Activation::Sigmoid => html! { <>
            <p class="bp-note">{ if act == Activation::Tanh { t.tanh_note } else { t.sigmoid_note } }</p>
            { grad_maps(format!("bp-pre-{i}"), t.after_act.to_string(), &lt.output_shape, &lt.grad_pre) }
        </> },
        _ => html! {},
    };
    // What pooling sends back is the map arriving at the layer below (drawn there): said,
    // not drawn twice; the first layer's would be the input's, which nothing learns from.
    let sent = |i: usize| match i.checked_sub(1).and_then(|j| s.layers.get(j)) {
        Some(below) => {
            html! { <p class="bp-note">{ t.sent_back.replace("{below}", &below.name) }</p> }
        }
        None => html! {},
    };
    let what = match config {
        Some(LayerConfig::Pool(pc)) => {
            let k = pc.pool_size.0 * pc.pool_size.1;
            match &lt.winners {
                Some(w) => html! { <>
                    <p class="bp-note">{ t.max_note }</p>
                    { max_example(t, lang, s, i, w) }
                    { sent(i) }
                </> },
                None => html! { <>
                    <p class="bp-note">{ t.avg_note.replace("{k}", &k.to_string()) }</p>
                    { sent(i) }
                </> },
            }
        }
        Some(LayerConfig::Flatten) => html! { <p class="bp-note">{ t.flatten_note }</p> },
        Some(LayerConfig::Dropout(_)) => html! { <p class="bp-note">{ t.dropout_note }</p> },
        Some(LayerConfig::Dense(_)) => html! { <p class="bp-note">{ t.dense_note }</p> },
        Some(LayerConfig::Conv1D(_) | LayerConfig::Conv2D(_)) => {
            html! { <p class="bp-note">{ t.conv_note }</p> }
        }
        None => html! {},
    };
    html! {
        <div class="bp-layer" id={format!("bp-layer-{i}")} data-kind={lt.kind}>
            <h4>{ title }</h4>
            <div class="bp-row">{ arriving }{ through }</div>
            { what }
        </div>
    }
}

/// Max pooling: the window whose gradient is largest, its winner ringed.
fn max_example(t: &BackpropTexts, lang: Lang, s: &StepTrace<f32>, i: usize, w: &[u32]) -> Html {
    let lt = &s.layers[i];
    let input = if i == 0 { &s.input } else { &s.layers[i - 1].output };
    let (is, os) = (&lt.input_shape, &lt.output_shape);
    if is.len() != 3 || os.len() != 3 {
        return html! {};
    }
    let Some(o) = (0..lt.grad_out.len())
        .max_by(|&a, &b| lt.grad_out[a].abs().total_cmp(&lt.grad_out[b].abs()))
    else {
        return html! {};
    };
    let (c, ow, iw) = (os[2], os[1], is[1]);
    let (r, col, ch) = (o / c / ow, (o / c) % ow, o % c);
    // The window's cells: every input cell that a window at (r, col) covers, from the
    // winners' neighbourhood (the pool's stride and size, read from the shapes).
    let (sy, sx) = (is[0] / os[0].max(1), is[1] / os[1].max(1));
    let win = w[o] as usize;
    let (wr, wc) = (win / is[2] / iw, (win / is[2]) % iw);
    let mut vals = Vec::new();
    for y in r * sy..(r * sy + sy).min(is[0]) {
        for x in col * sx..(col * sx + sx).min(iw) {
            vals.push(input[(y * iw + x) * is[2] + ch] as f64);
        }
    }
    let sep = crate::app::widgets::arith::list_sep(lang);
    let cells = vals.iter().map(|&v| decimal(lang, v, 3)).collect::<Vec<_>>().join(sep);
    let line = t
        .max_example
        .replace("{cells}", &cells)
        .replace("{win}", &decimal(lang, input[win] as f64, 3))
        .replace("{g}", &g(lang, lt.grad_out[o] as f64));
    html! {
        <div class="bp-example" id={format!("bp-max-{i}")} data-winner={win.to_string()}>
            <Heatmap rows={sy} cols={sx} values={Rc::new(vals)} id={format!("bp-max-map-{i}")}
                label={line.clone()} width={90.0} winner={Some((wr - r * sy, wc - col * sx))} />
            <p class="bp-note">{ line }</p>
        </div>
    }
}

/// The first layer's kernel gradients, one of them picked and written out as its sum.
fn kernel_section(
    t: &'static BackpropTexts,
    lang: Lang,
    model: &ModelRef,
    s: &StepTrace<f32>,
    weight: &UseStateHandle<(usize, usize, usize)>,
) -> Html {
    let first = &s.layers[0];
    let Some((_, shape, grads)) = first.param_grads.first() else { return html! {} };
    if first.kind != "Conv2D" || shape.len() != 4 {
        return html! {};
    }
    let (kh, kw, cout) = (shape[0], shape[1], shape[3]);
    let (ky, kx, f) = **weight;
    let (ky, kx, f) = if ky < kh && kx < kw && f < cout { (ky, kx, f) } else { (0, 0, 0) };
    let filter_grad = |f: usize| filter_of(shape, grads, f);
    let picks = {
        let weight = weight.clone();
        Callback::from(move |(r, c): (usize, usize)| weight.set((r, c, f)))
    };
    // Gradients of a confident answer are tiny: the map is drawn in units of the largest
    // one's power of ten, and says so.
    let largest = filter_grad(f).iter().fold(0f32, |a, &v| a.max(v.abs())) as f64;
    let unit = if largest > 0.0 { 10f64.powi(largest.log10().floor() as i32) } else { 1.0 };
    let terms = model.borrow().as_ref().and_then(|m| m.kernel_grad_terms(s, 0, (ky, kx, 0, f)));
    let written = terms.map(|terms| {
        let n = terms.len();
        let mut nz: Vec<(f32, f32)> =
            terms.iter().copied().filter(|(a, b)| *a != 0.0 && *b != 0.0).collect();
        let total: f64 = terms.iter().map(|(a, b)| *a as f64 * *b as f64).sum();
        nz.sort_by(|a, b| (b.0 * b.1).abs().total_cmp(&(a.0 * a.1).abs()));
        let shown: Vec<(f32, f32)> = nz.iter().take(6).copied().collect();
        let shown_sum: f64 = shown.iter().map(|(a, b)| *a as f64 * *b as f64).sum();
        let mut parts: Vec<String> = shown
            .iter()
            .map(|(a, b)| {
                let b = g(lang, *b as f64);
                let b = if b.starts_with('-') { format!("({b})") } else { b };
                format!("{}×{}", decimal(lang, *a as f64, 3), b)
            })
            .collect();
        if nz.len() > shown.len() {
            parts.push(t.weight_rest.replace("{v}", &g(lang, total - shown_sum)));
        }
        let core = grads[((ky * kw + kx) * shape[2]) * cout + f] as f64;
        let head = t.weight_terms.replace("{n}", &n.to_string()).replace("{nz}", &nz.len().to_string());
        html! {
            <div class="bp-weight" id="bp-weight" data-sum={canonical(total, 9)} data-core={canonical(core, 9)}
                data-terms={n.to_string()} data-nonzero={nz.len().to_string()}>
                <p>{ format!("∂L/∂w[{ky},{kx}] ({} {f})", t.filter) }</p>
                <p>{ head }</p>
                <p class="arith">{ format!("{} = {}", if parts.is_empty() { "0".into() } else { parts.join(" + ") }, g(lang, core)) }</p>
            </div>
        }
    });
    html! {
        <div class="bp-kernels" id="bp-kernels">
            <h3>{ t.kernel_grads_title }</h3>
            <p>{ t.kernel_grads_lead }</p>
            <div class="bp-filter-buttons">
                { for (0..cout.min(32)).map(|k| {
                    let weight = weight.clone();
                    let onclick = Callback::from(move |_: MouseEvent| weight.set((ky, kx, k)));
                    html! {
                        <button type="button" class={classes!("bp-filter", (k == f).then_some("on"))} id={format!("bp-filter-{k}")}
                            aria-pressed={(k == f).to_string()} aria-label={format!("{} {k}", t.filter)} {onclick}>
                            <Pixels width={kw} height={kh} values={filter_grad(k)} palette={Palette::Diverging} display={40} />
                            <span>{ k }</span>
                        </button>
                    }
                }) }
            </div>
            <h4>{ t.weight_sum_title }</h4>
            <p class="hint">{ t.weight_sum_lead }</p>
            <div class="bp-weight-row">
                <Heatmap rows={kh} cols={kw} values={Rc::new(filter_grad(f).iter().map(|&v| v as f64 / unit).collect::<Vec<f64>>())}
                    id="bp-kernel-grad" label={format!("∂L/∂w, {} {f} ({})", t.filter, g(lang, unit))} width={160.0}
                    on_pick={Some(picks)} mark={Some((ky, kx))} />
                <p class="hint" id="bp-kernel-unit">{ t.kernel_unit.replace("{u}", &g(lang, unit)) }</p>
                { written.unwrap_or_default() }
            </div>
        </div>
    }
}

/// The ten probabilities and the first-layer filters before and after the applied step.
/// Two probabilities as percentages with as many decimals (2 to 6) as it takes to tell them
/// apart: a step on a confident digit moves 99.991 % to 99.994 %, which two decimals would
/// show as no change at all.
fn percent_pair(lang: Lang, before: f64, after: f64) -> (String, String) {
    let mut digits = 2;
    while digits < 6
        && before != after
        && percent(lang, before, digits) == percent(lang, after, digits)
    {
        digits += 1;
    }
    (percent(lang, before, digits), percent(lang, after, digits))
}

fn before_after_view(
    t: &BackpropTexts,
    lang: Lang,
    u: &Undo,
    after: &[f32],
    kernel_after: Option<(Vec<usize>, Vec<f32>)>,
    label: Option<usize>,
) -> Html {
    let filters = match (&u.kernel, &kernel_after) {
        (Some((s0, k0)), Some((s1, k1))) if s0 == s1 => {
            let (kh, kw, cout) = (s0[0], s0[1], s0[3]);
            html! {
                <figure class="bp-filters">
                    <figcaption>{ t.filters_before_after }</figcaption>
                    <div class="filter-row"><span>{ t.before }</span>
                        { for (0..cout.min(32)).map(|f| html! { <Pixels width={kw} height={kh} values={filter_of(s0, k0, f)} palette={Palette::Diverging} display={32} /> }) }
                    </div>
                    <div class="filter-row"><span>{ t.after }</span>
                        { for (0..cout.min(32)).map(|f| html! { <Pixels width={kw} height={kh} values={filter_of(s1, k1, f)} palette={Palette::Diverging} display={32} /> }) }
                    </div>
                </figure>
            }
        }
        _ => html! {},
    };
    html! {
        <div class="bp-before-after">
            <div class="table-scroll" role="region" tabindex="0" aria-label={format!("{} / {}", t.before, t.after)}>
                <table class="bp-table" id="bp-before-after">
                    <thead><tr><th /><th scope="col">{ t.before }</th><th scope="col">{ t.after }</th></tr></thead>
                    <tbody>
                        { for u.probs.iter().zip(after).enumerate().map(|(k, (&b, &a))| {
                            let (bs, as_) = percent_pair(lang, b as f64, a as f64);
                            html! {
                                <tr class={classes!((Some(k) == label).then_some("on"))} id={format!("bp-ba-{k}")}
                                    data-before={b.to_string()} data-after={a.to_string()}>
                                    <th scope="row">{ k }</th>
                                    <td>{ bs }</td>
                                    <td>{ as_ }</td>
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
            </div>
            { filters }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_pair_shows_a_small_change() {
        let (b, a) = percent_pair(Lang::En, 0.99991, 0.99994);
        assert_ne!(b, a, "a change shown as none");
        assert_eq!((b.as_str(), a.as_str()), ("99.991%", "99.994%"));
        // Far apart: two decimals; equal: two decimals, equal.
        assert_eq!(percent_pair(Lang::En, 0.5, 0.75), ("50.00%".into(), "75.00%".into()));
        assert_eq!(percent_pair(Lang::Fr, 0.25, 0.25).0, percent(Lang::Fr, 0.25, 2));
        // Beyond six decimals the difference is not chased further.
        let (b, a) = percent_pair(Lang::En, 0.5, 0.5 + 1e-12);
        assert_eq!(b, a);
    }
}
