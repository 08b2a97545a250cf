//! The network's ten probabilities for the pad's picture, the best one marked.

use yew::prelude::*;

use super::texts::LenetTexts;
use crate::app::i18n::Lang;
use crate::app::i18n::num::percent;

#[derive(Properties, PartialEq)]
pub struct ProbProps {
    pub t: &'static LenetTexts,
    pub lang: Lang,
    pub probs: Option<Vec<f32>>,
    /// Something is on the pad (without probabilities: no weights).
    pub drawn: bool,
    #[prop_or_default]
    pub ms: f64,
}

#[component]
pub fn Probabilities(p: &ProbProps) -> Html {
    let t = p.t;
    let Some(probs) = &p.probs else {
        let say = if p.drawn { t.no_probs } else { t.draw_a_digit };
        return html! { <p class="draw-empty" id="probs-empty">{ say }</p> };
    };
    let best = probs.iter().enumerate().fold(0, |b, (k, &v)| if v > probs[b] { k } else { b });
    html! {
        <figure class="probs">
            <figcaption>{ t.probs_title }</figcaption>
            <ol id="probs" data-ms={p.ms.to_string()}>
                { for probs.iter().enumerate().map(|(k, &v)| html! {
                    <li id={format!("prob-{k}")} data-p={v.to_string()} class={classes!((k == best).then_some("best"))}>
                        <span class="digit">{ k }</span>
                        <span class="bar"><span style={format!("width:{:.1}%", v * 100.0)} /></span>
                        <span class="val">{ percent(p.lang, v as f64, 1) }</span>
                    </li>
                }) }
            </ol>
        </figure>
    }
}
