//! The live summary: Keras's `model.summary()` of the network being edited, from its plan,
//! with the arithmetic of every output size and parameter count, the total, the
//! multiply-adds of one digit and the time an epoch would take on this device.

use std::rc::Rc;

use yew::prelude::*;

use super::model::{
    Measured, TRAIN_DIGITS, axis_formula, duration, epoch_seconds, failure_formula, failure_reason,
    keras_shape, params_formula,
};
use super::texts::EditorTexts;
use crate::app::i18n::Lang;
use crate::app::i18n::num::integer;
use crate::nn::Architecture;
use crate::nn::arch::{Plan, PlanRow};

#[derive(Properties, PartialEq)]
pub struct SummaryProps {
    pub t: &'static EditorTexts,
    pub lang: Lang,
    pub arch: Architecture,
    pub plan: Rc<Plan>,
    pub measured: Option<Measured>,
}

/// The output sizes' arithmetic: one formula when both axes agree, else one per axis.
fn shape_arith(t: &EditorTexts, r: &PlanRow) -> Option<String> {
    match r.axes.as_slice() {
        [] => None,
        [h, w] if h == w => Some(axis_formula(h)),
        [h, w] => {
            Some(format!("{}: {} · {}: {}", t.height, axis_formula(h), t.width, axis_formula(w)))
        }
        axes => Some(axes.iter().map(axis_formula).collect::<Vec<_>>().join(" · ")),
    }
}

#[component]
pub fn ArchSummary(p: &SummaryProps) -> Html {
    let (t, lang, plan) = (p.t, p.lang, &p.plan);
    let n = |v: usize| integer(lang, v as u64);
    let rows = plan.rows.iter().enumerate().map(|(i, r)| {
        html! {
            <tr data-layer={i.to_string()}>
                <td><code>{ r.name.clone() }</code>{ format!(" ({})", r.kind) }</td>
                <td>
                    <code>{ keras_shape(&r.output) }</code>
                    if let Some(a) = shape_arith(t, r) { <span class="arith">{ a }</span> }
                </td>
                <td class="num" data-params={r.params.to_string()}>
                    { n(r.params) }
                    if let Some(a) = params_formula(lang, &r.terms) { <span class="arith">{ a }</span> }
                </td>
            </tr>
        }
    });
    let broken = plan.failure.as_ref().map(|f| {
        let kind = p.arch.layers.get(f.index).map_or(f.kind, |c| c.kind());
        html! {
            <tr class="broken" data-layer={f.index.to_string()} id="arch-summary-broken">
                <td>{ format!("({kind})") }</td>
                <td colspan="2">
                    { failure_reason(lang, f) }
                    if let Some(a) = failure_formula(lang, &p.arch, f) { <span class="arith">{ a }</span> }
                </td>
            </tr>
        }
    });
    // The layers after the one that breaks: listed, not computed.
    let after = plan.failure.as_ref().map_or(p.arch.layers.len(), |f| f.index + 1);
    let rest = p.arch.layers.iter().enumerate().skip(after).map(|(i, c)| {
        html! {
            <tr class="later" data-layer={i.to_string()}>
                <td>{ format!("({})", c.kind()) }</td>
                <td colspan="2" class="hint">{ t.not_computed }</td>
            </tr>
        }
    });
    let estimate =
        match (plan.ok(), p.measured.and_then(|m| Some((m, epoch_seconds(m, plan.total_macs)?)))) {
            (true, Some((m, secs))) => Some(
                t.epoch_estimate
                    .replace("{n}", &integer(lang, TRAIN_DIGITS))
                    .replace("{t}", &duration(lang, secs))
                    .replace("{r}", &integer(lang, m.rate.round() as u64))
                    .replace("{m}", &n(m.macs)),
            ),
            (true, None) => Some(t.epoch_unknown.to_string()),
            (false, _) => None,
        };
    html! {
        <div class="arch-summary-wrap">
            <h3 id="arch-summary-title">{ t.summary_title }</h3>
            <p class="hint">{ t.summary_lead }</p>
            <div class="arch-scroll" role="region" aria-labelledby="arch-summary-title" tabindex="0">
                <table class="summary arch-summary" id="arch-summary">
                    <thead><tr><th>{ "Layer (type)" }</th><th>{ "Output Shape" }</th><th class="num">{ "Param #" }</th></tr></thead>
                    <tbody>
                        { for rows }
                        { for broken }
                        { for rest }
                    </tbody>
                    <tfoot>
                        <tr><td colspan="2">{ "Total params" }</td>
                            <td class="num" id="arch-total" data-total={plan.ok().then(|| plan.total_params.to_string())}>
                                { if plan.ok() { n(plan.total_params) } else { "–".into() } }
                            </td></tr>
                        <tr><td colspan="2">{ t.macs }</td>
                            <td class="num" id="arch-macs" data-macs={plan.ok().then(|| plan.total_macs.to_string())}>
                                { if plan.ok() { n(plan.total_macs) } else { "–".into() } }
                            </td></tr>
                    </tfoot>
                </table>
            </div>
            if let Some(e) = estimate { <p class="hint" id="arch-epoch">{ e }</p> }
        </div>
    }
}
