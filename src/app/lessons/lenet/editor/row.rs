//! One layer of the editor's list: its number and Keras class, its settings edited in place
//! (selects and number fields within the editor's bounds), and its buttons (add after,
//! up, down, remove), each named after the layer for screen readers.

use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::model::{Change, HIDDEN_ACTIVATIONS, Kind, dropout_percent, pool_stride};
use super::texts::EditorTexts;
use crate::app::i18n::Lang;
use crate::app::i18n::num::decimal;
use crate::nn::arch::Bound;
use crate::nn::{Activation, LayerConfig, Padding, PoolKind};

/// What a row's buttons ask of the list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowAction {
    Up,
    Down,
    Remove,
    /// Open (or close) the menu of kinds to add after this row.
    Add,
}

#[derive(Properties, PartialEq)]
pub struct RowProps {
    pub t: &'static EditorTexts,
    pub lang: Lang,
    pub index: usize,
    pub layer: LayerConfig,
    /// Keras's name from the plan (`conv2d_1`), when the plan got that far.
    pub name: Option<AttrValue>,
    /// The output layer: shown, not edited.
    pub fixed: bool,
    pub can_up: bool,
    pub can_down: bool,
    pub can_remove: bool,
    pub can_add: bool,
    /// The menu of kinds is open under this row.
    pub adding: bool,
    /// Why the network breaks at this layer (reason, then the formula that shows it).
    pub broken: Option<(AttrValue, Option<AttrValue>)>,
    pub on_change: Callback<Change>,
    pub on_action: Callback<RowAction>,
    #[prop_or_default]
    pub children: Html,
}

/// The id of a row's control (`arch-3-kernel`): focus moves and tests find them by it.
pub fn control_id(i: usize, what: &str) -> String {
    format!("arch-{i}-{what}")
}

/// The id of the first setting of a layer of `kind` at `i` (where focus goes after adding
/// it), or of its remove button when it has none.
pub fn first_control(i: usize, kind: Kind) -> String {
    control_id(
        i,
        match kind {
            Kind::Conv2D => "filters",
            Kind::MaxPooling2D | Kind::AveragePooling2D => "pooling",
            Kind::Dropout => "rate",
            Kind::Flatten => "remove",
            Kind::Dense => "units",
        },
    )
}

fn select_value(e: &Event) -> Option<String> {
    e.target()?.dyn_ref::<HtmlSelectElement>().map(HtmlSelectElement::value)
}

fn activation_name(a: Activation) -> &'static str {
    a.keras_name()
}

/// A whole-number field within `bound`: the value typed is brought within the bound (and
/// shown so); text that is not a number puts the current value back.
fn number_field(
    id: String,
    label: &'static str,
    bound: Bound,
    current: usize,
    describedby: Option<String>,
    make: fn(usize) -> Change,
    on_change: &Callback<Change>,
) -> Html {
    let (lo, hi) = bound.range();
    let on_change = on_change.clone();
    let onchange = Callback::from(move |e: Event| {
        let Some(input) = e.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok()) else {
            return;
        };
        match input.value().trim().parse::<usize>() {
            Ok(v) => {
                let v = v.clamp(lo, hi);
                input.set_value(&v.to_string());
                on_change.emit(make(v));
            }
            Err(_) => input.set_value(&current.to_string()),
        }
    });
    html! {
        <label class="arch-field"><span>{ label }</span>
            <input type="number" id={id} min={lo.to_string()} max={hi.to_string()} step="1"
                inputmode="numeric" value={current.to_string()} {onchange}
                aria-describedby={describedby} />
        </label>
    }
}

/// A select of whole numbers within `bound`, each shown by `show`.
#[allow(clippy::too_many_arguments)]
fn number_select(
    id: String,
    label: &'static str,
    bound: Bound,
    current: usize,
    describedby: Option<String>,
    show: fn(usize) -> String,
    make: fn(usize) -> Change,
    on_change: &Callback<Change>,
) -> Html {
    let (lo, hi) = bound.range();
    let on_change = on_change.clone();
    let onchange = Callback::from(move |e: Event| {
        if let Some(v) = select_value(&e).and_then(|v| v.parse::<usize>().ok()) {
            on_change.emit(make(v));
        }
    });
    html! {
        <label class="arch-field"><span>{ label }</span>
            <select id={id} {onchange} aria-describedby={describedby} data-value={current.to_string()}>
                { for (lo..=hi).map(|v| html! {
                    <option value={v.to_string()} selected={v == current}>{ show(v) }</option>
                }) }
            </select>
        </label>
    }
}

fn activation_select(
    id: String,
    t: &EditorTexts,
    current: Activation,
    describedby: Option<String>,
    on_change: &Callback<Change>,
) -> Html {
    let on_change = on_change.clone();
    let onchange = Callback::from(move |e: Event| {
        if let Some(a) = select_value(&e).as_deref().and_then(Activation::from_keras_name) {
            on_change.emit(Change::Activation(a));
        }
    });
    html! {
        <label class="arch-field"><span>{ t.activation }</span>
            <select id={id} {onchange} aria-describedby={describedby} data-value={activation_name(current)}>
                { for HIDDEN_ACTIVATIONS.iter().map(|&a| html! {
                    <option value={activation_name(a)} selected={a == current}>{ activation_name(a) }</option>
                }) }
            </select>
        </label>
    }
}

fn square(v: usize) -> String {
    format!("{v}×{v}")
}

fn settings(p: &RowProps, describedby: Option<String>) -> Html {
    let (t, i) = (p.t, p.index);
    let id = |what: &str| control_id(i, what);
    let d = || describedby.clone();
    let oc = &p.on_change;
    match &p.layer {
        LayerConfig::Conv2D(k) => {
            let kernel = if k.kernel_size.0 == k.kernel_size.1 {
                number_select(
                    id("kernel"),
                    t.kernel,
                    Bound::Kernel,
                    k.kernel_size.0,
                    d(),
                    square,
                    Change::Kernel,
                    oc,
                )
            } else {
                // A link's non-square kernel: shown as it is; choosing a size makes it square.
                let on_change = oc.clone();
                let onchange = Callback::from(move |e: Event| {
                    if let Some(v) = select_value(&e).and_then(|v| v.parse::<usize>().ok()) {
                        on_change.emit(Change::Kernel(v));
                    }
                });
                let (lo, hi) = Bound::Kernel.range();
                html! {
                    <label class="arch-field"><span>{ t.kernel }</span>
                        <select id={id("kernel")} {onchange} aria-describedby={d()} data-value="">
                            <option value="" selected=true>{ format!("{}×{}", k.kernel_size.0, k.kernel_size.1) }</option>
                            { for (lo..=hi).map(|v| html! { <option value={v.to_string()}>{ square(v) }</option> }) }
                        </select>
                    </label>
                }
            };
            let on_pad = {
                let on_change = oc.clone();
                Callback::from(move |e: Event| {
                    let p = if select_value(&e).as_deref() == Some("same") {
                        Padding::Same
                    } else {
                        Padding::Valid
                    };
                    on_change.emit(Change::Padding(p));
                })
            };
            html! {
                <>
                    { number_field(id("filters"), t.filters, Bound::Filters, k.filters, d(), Change::Filters, oc) }
                    { kernel }
                    { number_select(id("stride"), t.stride, Bound::ConvStride, k.strides.0, d(), |v| v.to_string(), Change::ConvStride, oc) }
                    <label class="arch-field"><span>{ t.padding }</span>
                        <select id={id("padding")} onchange={on_pad} aria-describedby={d()}
                            data-value={if k.padding == Padding::Same { "same" } else { "valid" }}>
                            <option value="valid" selected={k.padding == Padding::Valid}>{ "valid" }</option>
                            <option value="same" selected={k.padding == Padding::Same}>{ "same" }</option>
                        </select>
                    </label>
                    { activation_select(id("activation"), t, k.activation, d(), oc) }
                </>
            }
        }
        LayerConfig::Pool(pc) if pc.two_d => {
            let on_kind = {
                let on_change = oc.clone();
                Callback::from(move |e: Event| {
                    let k = if select_value(&e).as_deref() == Some("max") {
                        PoolKind::Max
                    } else {
                        PoolKind::Average
                    };
                    on_change.emit(Change::Pooling(k));
                })
            };
            html! {
                <>
                    <label class="arch-field"><span>{ t.pooling }</span>
                        <select id={id("pooling")} onchange={on_kind} aria-describedby={d()}
                            data-value={if pc.kind == PoolKind::Max { "max" } else { "average" }}>
                            <option value="max" selected={pc.kind == PoolKind::Max}>{ t.pool_kinds[0] }</option>
                            <option value="average" selected={pc.kind == PoolKind::Average}>{ t.pool_kinds[1] }</option>
                        </select>
                    </label>
                    { number_select(id("pool"), t.pool_size, Bound::PoolSize, pc.pool_size.0, d(), square, Change::PoolSize, oc) }
                    { number_select(id("pstride"), t.stride, Bound::PoolStride, pool_stride(pc), d(), |v| v.to_string(), Change::PoolStride, oc) }
                </>
            }
        }
        LayerConfig::Dropout(dc) => {
            let lang = p.lang;
            let current = dropout_percent(dc);
            let (lo, hi) = Bound::DropoutPercent.range();
            // Steps of 0.05, and the layer's own rate if a link gave another one.
            let mut steps: Vec<usize> = (lo..=hi).step_by(5).collect();
            if !steps.contains(&current) {
                steps.push(current);
                steps.sort_unstable();
            }
            let on_change = oc.clone();
            let onchange = Callback::from(move |e: Event| {
                if let Some(v) = select_value(&e).and_then(|v| v.parse::<usize>().ok()) {
                    on_change.emit(Change::DropoutPercent(v));
                }
            });
            html! {
                <label class="arch-field"><span>{ t.rate }</span>
                    <select id={id("rate")} {onchange} aria-describedby={d()} data-value={current.to_string()}>
                        { for steps.into_iter().map(|v| html! {
                            <option value={v.to_string()} selected={v == current}>{ decimal(lang, v as f64 / 100.0, 2) }</option>
                        }) }
                    </select>
                </label>
            }
        }
        LayerConfig::Flatten => html! { <span class="arch-desc">{ t.kinds[4] }</span> },
        LayerConfig::Dense(dc) if p.fixed => html! {
            <span class="arch-desc">{ format!("{} {}, {} · {}", dc.units, t.units, dc.activation.keras_name(), t.output_desc) }</span>
        },
        LayerConfig::Dense(dc) => html! {
            <>
                { number_field(id("units"), t.units, Bound::Units, dc.units, d(), Change::Units, oc) }
                { activation_select(id("activation"), t, dc.activation, d(), oc) }
            </>
        },
        _ => html! { <span class="arch-desc">{ t.not_offered }</span> },
    }
}

#[component]
pub fn LayerRow(p: &RowProps) -> Html {
    let (t, i) = (p.t, p.index);
    let kind = p.layer.kind();
    let who = t.layer(i + 1, kind);
    let err_id = control_id(i, "error");
    let describedby = p.broken.is_some().then(|| err_id.clone());
    let action = |a: RowAction| {
        let cb = p.on_action.clone();
        Callback::from(move |_: MouseEvent| cb.emit(a))
    };
    let label = |s: &str| s.replace("{l}", &who);
    html! {
        <li class={classes!("arch-row", p.broken.is_some().then_some("broken"), p.fixed.then_some("fixed"))}
            id={control_id(i, "row")} data-kind={kind} data-name={p.name.clone()}>
            <div class="arch-line">
                <span class="arch-num" aria-hidden="true">{ i + 1 }</span>
                <span class="arch-kind"><strong>{ kind }</strong>
                    if let Some(n) = &p.name { <code class="arch-name">{ n.clone() }</code> }
                </span>
                <span class="arch-settings">{ settings(p, describedby) }</span>
                if !p.fixed {
                    <span class="arch-buttons">
                        <button type="button" class="btn small" id={control_id(i, "add")} onclick={action(RowAction::Add)}
                            disabled={!p.can_add} aria-expanded={p.adding.to_string()}
                            aria-label={label(t.add)} title={label(t.add)}>{ "+" }</button>
                        <button type="button" class="btn small" id={control_id(i, "up")} onclick={action(RowAction::Up)}
                            disabled={!p.can_up} aria-label={label(t.up)} title={label(t.up)}>{ "↑" }</button>
                        <button type="button" class="btn small" id={control_id(i, "down")} onclick={action(RowAction::Down)}
                            disabled={!p.can_down} aria-label={label(t.down)} title={label(t.down)}>{ "↓" }</button>
                        <button type="button" class="btn small" id={control_id(i, "remove")} onclick={action(RowAction::Remove)}
                            disabled={!p.can_remove} aria-label={label(t.remove)} title={label(t.remove)}>{ "✕" }</button>
                    </span>
                }
            </div>
            if let Some((why, formula)) = &p.broken {
                <p class="arch-broken" id={err_id}>
                    { t.breaks }{ " " }{ why.clone() }
                    if let Some(f) = formula { <br /><code class="arith">{ f.clone() }</code> }
                </p>
            }
            { p.children.clone() }
        </li>
    }
}
