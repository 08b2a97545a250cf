//! The dropout masks of the current batch: which units each Dropout layer switched off.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct DropoutProps {
    pub title: &'static str,
    pub lead: &'static str,
    pub dropped: Vec<Vec<bool>>,
}

/// Units drawn per layer: a dropout after a convolution masks thousands of values (13×13×16
/// = 2,704), redrawn at every progress report; the count below says how many in all.
const MAX_UNITS: usize = 512;

#[component]
pub fn DropoutView(p: &DropoutProps) -> Html {
    html! {
        <section class="panel lenet-dropout" aria-labelledby="dropout-title">
            <h2 id="dropout-title">{ p.title }</h2>
            <p>{ p.lead }</p>
            { for p.dropped.iter().map(|mask| html! {
                <div class="units" id={format!("units-{}", mask.len())}>
                    { for mask.iter().take(MAX_UNITS).map(|&off| html! { <span class={classes!("unit", off.then_some("off"))} /> }) }
                    <span class="units-count">{ format!("{} / {}", mask.iter().filter(|&&o| o).count(), mask.len()) }</span>
                </div>
            }) }
        </section>
    }
}
