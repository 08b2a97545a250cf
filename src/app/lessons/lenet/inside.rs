//! Inside the network: every layer's output for the pad's picture, the learned filters,
//! Keras's `model.summary()` and the Keras code of the network on screen.

use std::rc::Rc;

use yew::prelude::*;

use super::layers::Layers;
use super::pad::Prediction;
use super::summary::SummaryTable;
use super::texts::LenetTexts;
use crate::app::training::ModelRef;

#[derive(Properties, PartialEq)]
pub struct InsideProps {
    pub t: &'static LenetTexts,
    pub model: ModelRef,
    pub rev: u32,
    pub prediction: Rc<Option<Prediction>>,
    pub keras: AttrValue,
}

#[component]
pub fn InsidePanel(p: &InsideProps) -> Html {
    let t = p.t;
    html! {
        <section class="panel lenet-inside" aria-labelledby="inside-title">
            <h2 id="inside-title">{ t.inside_title }</h2>
            <p>{ t.inside_lead }</p>
            <Layers t={t} model={p.model.clone()} rev={p.rev} prediction={p.prediction.clone()} />
            <div class="lenet-arch">
                <div>
                    <h3>{ t.keras_title }</h3>
                    <pre class="code" tabindex="0"><code>{ p.keras.clone() }</code></pre>
                </div>
                <SummaryTable t={t} model={p.model.clone()} rev={p.rev} />
            </div>
        </section>
    }
}
