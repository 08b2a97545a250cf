//! Keras's `model.summary()` of the model on screen, as a table.

use yew::prelude::*;

use super::texts::LenetTexts;
use crate::app::training::ModelRef;

#[derive(Properties, PartialEq)]
pub struct SummaryProps {
    pub t: &'static LenetTexts,
    pub model: ModelRef,
    pub rev: u32,
}

/// Keras's `model.summary()`, computed by the core for the model on screen.
#[component]
pub fn SummaryTable(p: &SummaryProps) -> Html {
    let m = p.model.borrow();
    let Some(m) = m.as_ref() else { return html! {} };
    let s = m.summary();
    html! {
        <div>
            <h3>{ p.t.summary_title }</h3>
            <table class="summary" id="summary">
                <thead><tr><th>{ "Layer (type)" }</th><th>{ "Output Shape" }</th><th>{ "Param #" }</th></tr></thead>
                <tbody>
                    { for s.rows.iter().map(|r| html! {
                        <tr><td>{ format!("{} ({})", r.name, r.kind) }</td><td><code>{ r.output_shape_keras() }</code></td><td class="num">{ r.params }</td></tr>
                    }) }
                </tbody>
                <tfoot><tr><td colspan="2">{ "Total params" }</td><td class="num" id="total-params">{ s.total_params }</td></tr></tfoot>
            </table>
        </div>
    }
}
