//! The dropout layer's units drawn one by one: kept or dropped, each input and what it passes on.

use yew::prelude::*;

use super::model::UNITS;
use crate::app::prefs::use_prefs;
use crate::app::widgets::arith::scaled;

#[derive(Properties, PartialEq)]
pub struct UnitsProps {
    pub mask: Vec<f32>,
    pub dense: Vec<f32>,
    pub factor: f64,
    pub label: AttrValue,
}

/// The 64 units, kept or dropped, each with its input and what it passes on: 16 a row, or
/// 8 a row in presentation mode (square enough to fill a projector beside the probabilities,
/// with numbers large enough to read from the back).
#[component]
pub fn Units(p: &UnitsProps) -> Html {
    let prefs = use_prefs();
    let lang = prefs.lang;
    let (cols, cw, ch) = if prefs.present { (8usize, 72.0, 58.0) } else { (16usize, 62.0, 58.0) };
    let factor = p.factor;
    html! {
        <svg class="dropout-units" id="dropout-units" viewBox={format!("0 0 {} {}", cols as f64 * cw, UNITS.div_ceil(cols) as f64 * ch)}
            role="img" aria-label={p.label.clone()}>
            { for (0..UNITS).map(|i| {
                let (x, y) = ((i % cols) as f64 * cw, (i / cols) as f64 * ch);
                let on = p.mask.get(i).is_some_and(|&m| m > 0.0);
                // Both numbers as shown: the input rounded, times the factor shown.
                let (a, b) = scaled(lang, p.dense.get(i).copied().unwrap_or(0.0) as f64, factor);
                html! {
                    <g class={classes!("unit", if on { "kept" } else { "dropped" })} data-kept={on.to_string()}>
                        <rect x={(x + 3.0).to_string()} y={(y + 3.0).to_string()} width={(cw - 6.0).to_string()}
                            height={(ch - 6.0).to_string()} rx="8" />
                        <text x={(x + cw / 2.0).to_string()} y={(y + 24.0).to_string()} text-anchor="middle" class="unit-in">
                            { a }
                        </text>
                        <text x={(x + cw / 2.0).to_string()} y={(y + 46.0).to_string()} text-anchor="middle" class="unit-out">
                            { if on { format!("→{b}") } else { "×0".to_string() } }
                        </text>
                    </g>
                }
            }) }
        </svg>
    }
}
