//! The evaluation on the held-out examples, over the student's classes: the accuracy, the
//! confusion matrix with the class names, the examples of a cell, the mistakes.

use std::rc::Rc;

use yew::prelude::*;

use super::train_texts::texts;
use crate::app::i18n::Lang;
use crate::app::i18n::num::percent;
use crate::app::lessons::lenet::evaluation::worst_mistakes;
use crate::app::training::state::Eval;
use crate::app::widgets::feature_maps::{Palette, Pixels};
use crate::worker::protocol::TestDigit;

#[derive(Properties, PartialEq)]
pub struct ClassEvalProps {
    pub lang: Lang,
    pub eval: Rc<Eval>,
    pub names: Rc<Vec<String>>,
}

fn example_card(d: &TestDigit, names: &[String], lang: Lang) -> Html {
    let t = texts(lang);
    let pred = d.predicted() as usize;
    let name = |k: usize| names.get(k).cloned().unwrap_or_else(|| k.to_string());
    let values: Vec<f32> = d.pixels.iter().map(|&v| v as f32 / 255.0).collect();
    html! {
        <li class="digit-card" data-label={d.label.to_string()} data-pred={pred.to_string()}>
            <Pixels width={28} height={28} values={values} palette={Palette::Ink} display={56} />
            <span>{ format!("{} {} · {} {} ({})", t.true_class, name(d.label as usize), t.predicted, name(pred), percent(lang, d.probs[pred] as f64, 0)) }</span>
        </li>
    }
}

#[component]
pub fn ClassEval(p: &ClassEvalProps) -> Html {
    let (lang, e) = (p.lang, &p.eval);
    let t = texts(lang);
    let n = p.names.len().min(10);
    let cell = use_state(|| None::<(usize, usize)>);
    let total: u32 = e.confusion.iter().flatten().sum();
    let max = e.confusion.iter().flatten().copied().max().unwrap_or(1).max(1);
    let in_cell: Vec<&TestDigit> = match *cell {
        Some((l, q)) => e
            .digits
            .iter()
            .filter(|d| d.label as usize == l && d.predicted() as usize == q)
            .take(40)
            .collect(),
        None => vec![],
    };
    let mistakes = worst_mistakes(&e.digits, 24);
    html! {
        <div class="eval cl-eval-view">
            <p id="cl-eval-acc">{ t.eval_accuracy.replace("{a}", &percent(lang, e.accuracy as f64, 1)).replace("{n}", &total.to_string()) }</p>
            <div class="eval-grid">
                <div class="cl-confusion-box" tabindex="0">
                <table class="confusion cl-confusion" id="cl-confusion">
                    <caption>{ format!("{} ↓ · {} →", t.true_class, t.predicted) }</caption>
                    <thead><tr><th />{ for p.names.iter().take(n).map(|q| html! { <th scope="col">{ q.clone() }</th> }) }</tr></thead>
                    <tbody>
                        { for (0..n).map(|l| html! {
                            <tr>
                                <th scope="row">{ p.names[l].clone() }</th>
                                { for (0..n).map(|q| {
                                    let count = e.confusion[l][q];
                                    let a = count as f32 / max as f32;
                                    let bg = if l == q { format!("background:rgba(69,123,157,{a:.2})") } else { format!("background:rgba(230,57,70,{:.2})", (a * 4.0).min(1.0)) };
                                    let cell = cell.clone();
                                    let onclick = Callback::from(move |_: MouseEvent| cell.set(Some((l, q))));
                                    html! { <td style={bg}><button type="button" id={format!("cl-cell-{l}-{q}")} disabled={count == 0} {onclick}>{ count }</button></td> }
                                }) }
                            </tr>
                        }) }
                    </tbody>
                </table>
                </div>
                if let Some((l, q)) = *cell {
                    <div class="cell-digits">
                        <h3>{ t.cell_examples.replace("{t}", &p.names[l]).replace("{p}", &p.names[q]) }</h3>
                        <ul class="digit-list">{ for in_cell.iter().map(|d| example_card(d, &p.names, lang)) }</ul>
                    </div>
                }
            </div>
            <h3>{ t.mistakes }</h3>
            if mistakes.is_empty() {
                <p class="hint" id="cl-no-mistakes">{ t.no_mistakes }</p>
            } else {
                <ul class="digit-list" id="cl-mistakes">{ for mistakes.into_iter().map(|d| example_card(d, &p.names, lang)) }</ul>
            }
        </div>
    }
}
