//! The test pad: a new drawing through the network on screen, its probability for each of
//! the student's classes, the 28×28 it reads, every layer's maps and the learned filters
//! (LeNet live's own panels).

use std::rc::Rc;

use yew::prelude::*;

use super::train_texts::texts;
use crate::app::i18n::Lang;
use crate::app::i18n::num::percent;
use crate::app::lessons::lenet::layers::Layers;
use crate::app::lessons::lenet::pad::{PadInput, predict};
use crate::app::training::ModelRef;
use crate::app::widgets::drawpad::{DrawPad, Ink};
use crate::app::widgets::feature_maps::{Palette, Pixels};

#[derive(Properties, PartialEq)]
pub struct TestProps {
    pub lang: Lang,
    pub model: ModelRef,
    pub rev: u32,
    /// The classes of the network on screen (empty: none).
    pub names: Rc<Vec<String>>,
    /// The network's classes are not the set's.
    pub mismatch: bool,
}

#[component]
pub fn TestPanel(p: &TestProps) -> Html {
    let lang = p.lang;
    let t = texts(lang);
    let lt = crate::app::lessons::lenet::texts::texts(lang);
    let input = use_state(|| None::<PadInput>);
    let on_ink = {
        let input = input.clone();
        Callback::from(move |i: Ink| input.set(Some(PadInput::Ink(Rc::new(i)))))
    };
    let prediction = {
        let model = p.model.clone();
        let inp = (*input).clone();
        use_memo((inp.as_ref().map(PadInput::key), p.rev), move |_| {
            let mut m = model.borrow_mut();
            inp.and_then(|i| predict(m.as_mut(), &i))
        })
    };
    let pred = prediction.as_ref().as_ref();
    let probs = pred
        .and_then(|p| p.probs.clone())
        .filter(|probs| probs.len() == p.names.len() && !probs.is_empty());
    let answer = match (&probs, pred) {
        (Some(probs), _) => {
            let best =
                probs.iter().enumerate().fold(0, |b, (k, &v)| if v > probs[b] { k } else { b });
            html! {
                <figure class="probs cl-probs">
                    <figcaption>{ t.probs_title }</figcaption>
                    <p class="cl-verdict" id="cl-verdict" data-class={best.to_string()}>
                        { t.verdict.replace("{c}", &p.names[best]) }
                    </p>
                    <ol id="cl-probs">
                        { for probs.iter().enumerate().map(|(k, &v)| html! {
                            <li data-p={v.to_string()} data-name={p.names[k].clone()} class={classes!((k == best).then_some("best"))}>
                                <span class="digit cl-prob-name">{ p.names[k].clone() }</span>
                                <span class="bar"><span style={format!("width:{:.1}%", v * 100.0)} /></span>
                                <span class="val">{ percent(lang, v as f64, 1) }</span>
                            </li>
                        }) }
                    </ol>
                </figure>
            }
        }
        _ if p.names.is_empty() => {
            html! { <p class="draw-empty" id="cl-test-empty">{ t.no_network }</p> }
        }
        (None, None) => html! { <p class="draw-empty" id="cl-test-empty">{ t.draw_something }</p> },
        (None, Some(_)) => html! { <p class="draw-empty" id="cl-test-empty">{ t.no_network }</p> },
    };
    html! {
        <section class="panel cl-test" aria-labelledby="cl-test-title">
            <h2 id="cl-test-title">{ t.test_title }</h2>
            <p class="hint">{ t.test_lead }</p>
            if p.mismatch {
                <p class="hint" id="cl-other-classes">{ t.other_classes }</p>
            }
            <div class="cl-test-row">
                <DrawPad id="cl-test-pad" on_change={on_ink} label={t.test_pad} clear_label={t.clear} />
                <div class="cl-test-answer">
                    { answer }
                    if let Some(pr) = pred {
                        <figure class="lenet-seen">
                            <figcaption>{ t.seen }</figcaption>
                            <Pixels width={28} height={28} values={pr.seen28.clone()} palette={Palette::Ink} display={84} title={t.seen} />
                        </figure>
                    }
                </div>
            </div>
            if !p.names.is_empty() {
                <details class="cl-inside">
                    <summary><h3>{ t.inside_title }</h3></summary>
                    <Layers t={lt} model={p.model.clone()} rev={p.rev} prediction={prediction.clone()} />
                </details>
            }
        </section>
    }
}
