//! The evaluation on the test split: the confusion matrix, the digits of a cell, the worst
//! mistakes.

use std::rc::Rc;

use yew::prelude::*;

use super::texts::LenetTexts;
use crate::app::i18n::Lang;
use crate::app::i18n::num::percent;
use crate::app::training::state::Eval;
use crate::app::training::use_training;
use crate::app::widgets::feature_maps::{Palette, Pixels};
use crate::worker::protocol::TestDigit;

/// The wrong answers, the most confident first.
pub fn worst_mistakes(digits: &[TestDigit], n: usize) -> Vec<&TestDigit> {
    let mut wrong: Vec<&TestDigit> = digits.iter().filter(|d| d.predicted() != d.label).collect();
    wrong.sort_by(|a, b| {
        b.probs[b.predicted() as usize].total_cmp(&a.probs[a.predicted() as usize])
    });
    wrong.truncate(n);
    wrong
}

#[derive(Properties, PartialEq)]
pub struct EvalProps {
    pub t: &'static LenetTexts,
    pub lang: Lang,
    pub eval: Rc<Eval>,
}

/// A test digit, its label and prediction, and a button that puts it on the pad.
fn digit_card(
    d: &TestDigit,
    t: &'static LenetTexts,
    lang: Lang,
    send: &Callback<Vec<f32>>,
) -> Html {
    let pred = d.predicted();
    let values: Vec<f32> = d.pixels.iter().map(|&v| v as f32 / 255.0).collect();
    let onclick = {
        let (send, values) = (send.clone(), values.clone());
        Callback::from(move |_: MouseEvent| send.emit(values.clone()))
    };
    // On the pad, then to the panel that explains it.
    let look = {
        let (send, values) = (send.clone(), values.clone());
        Callback::from(move |_: MouseEvent| {
            send.emit(values.clone());
            let doc = web_sys::window().and_then(|w| w.document());
            if let Some(e) = doc.and_then(|d| d.get_element_by_id("explain")) {
                e.scroll_into_view();
            }
        })
    };
    let look_label = super::explain_texts::texts(lang).look;
    html! {
        <li class="digit-card" data-index={d.index.to_string()} data-label={d.label.to_string()} data-pred={pred.to_string()}>
            <Pixels width={28} height={28} values={values} palette={Palette::Ink} display={56} />
            <span>{ format!("{} {} · {} {} ({})", t.true_label, d.label, t.predicted, pred, percent(lang, d.probs[pred as usize] as f64, 0)) }</span>
            <button type="button" class="btn small to-pad" {onclick}
                aria-label={format!("{} ({} {})", t.send_to_pad, t.true_label, d.label)}>{ t.send_to_pad }</button>
            <button type="button" class="btn small to-pad look" onclick={look}
                aria-label={format!("{look_label} ({} {})", t.true_label, d.label)}>{ look_label }</button>
        </li>
    }
}

#[component]
pub fn EvaluationView(p: &EvalProps) -> Html {
    let (t, lang) = (p.t, p.lang);
    let e = &p.eval;
    let cell = use_state(|| None::<(u8, u8)>);
    let tr = use_training();
    let send = Callback::from(move |px: Vec<f32>| tr.send_to_pad(px));
    let max = e.confusion.iter().flatten().copied().max().unwrap_or(1).max(1);
    let in_cell: Vec<&TestDigit> = match *cell {
        Some((l, q)) => {
            e.digits.iter().filter(|d| d.label == l && d.predicted() == q).take(40).collect()
        }
        None => vec![],
    };
    html! {
        <div class="eval">
            <p id="eval-acc">{ format!("{} {}", t.test_accuracy, percent(lang, e.accuracy as f64, 1)) }</p>
            <div class="eval-grid">
                <table class="confusion" id="confusion">
                    <caption>{ format!("{} ↓ · {} →", t.true_label, t.predicted) }</caption>
                    <thead><tr><th />{ for (0..10).map(|q| html! { <th scope="col">{ q }</th> }) }</tr></thead>
                    <tbody>
                        { for (0..10u8).map(|l| html! {
                            <tr>
                                <th scope="row">{ l }</th>
                                { for (0..10u8).map(|q| {
                                    let n = e.confusion[l as usize][q as usize];
                                    let a = n as f32 / max as f32;
                                    let bg = if l == q { format!("background:rgba(69,123,157,{a:.2})") } else { format!("background:rgba(230,57,70,{:.2})", (a * 4.0).min(1.0)) };
                                    let cell = cell.clone();
                                    let onclick = Callback::from(move |_: MouseEvent| cell.set(Some((l, q))));
                                    html! { <td style={bg}><button type="button" id={format!("cell-{l}-{q}")} disabled={n == 0} {onclick}>{ n }</button></td> }
                                }) }
                            </tr>
                        }) }
                    </tbody>
                </table>
                if let Some((l, q)) = *cell {
                    <div class="cell-digits">
                        <h3>{ format!("{} ({} {l}, {} {q})", t.cell_digits, t.true_label, t.predicted) }</h3>
                        <ul class="digit-list">{ for in_cell.iter().map(|d| digit_card(d, t, lang, &send)) }</ul>
                    </div>
                }
            </div>
            <h3>{ t.worst_title }</h3>
            <ul class="digit-list" id="worst">{ for worst_mistakes(&e.digits, 12).into_iter().map(|d| digit_card(d, t, lang, &send)) }</ul>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(label: u8, pred: u8, p: f32) -> TestDigit {
        let mut probs = [(1.0 - p) / 9.0; 10];
        probs[pred as usize] = p;
        TestDigit { index: 0, label, pixels: vec![], probs }
    }

    #[test]
    fn worst_mistakes_are_wrong_and_most_confident_first() {
        let digits = [d(1, 1, 0.99), d(2, 3, 0.6), d(4, 9, 0.95), d(7, 1, 0.4)];
        let w = worst_mistakes(&digits, 2);
        assert_eq!(
            w.iter().map(|x| (x.label, x.predicted())).collect::<Vec<_>>(),
            [(4, 9), (2, 3)]
        );
    }
}
