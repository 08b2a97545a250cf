//! Inside the network: every layer's output for the pad's picture, the learned filters,
//! Keras's `model.summary()` and the Keras code of the network on screen.

use std::rc::Rc;

use yew::prelude::*;

use super::pad::Prediction;
use super::texts::LenetTexts;
use crate::app::training::ModelRef;
use crate::app::widgets::feature_maps::{FeatureMaps, Palette, Pixels};

#[derive(Properties, PartialEq)]
pub struct InsideProps {
    pub t: &'static LenetTexts,
    pub model: ModelRef,
    pub rev: u32,
    pub prediction: Rc<Option<Prediction>>,
    pub keras: AttrValue,
}

fn dims(shape: &[usize]) -> String {
    shape.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("×")
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

#[derive(Properties, PartialEq)]
struct LayersProps {
    t: &'static LenetTexts,
    model: ModelRef,
    rev: u32,
    prediction: Rc<Option<Prediction>>,
}

/// Every layer's output for the pad's picture, then the learned filters.
#[component]
fn Layers(p: &LayersProps) -> Html {
    let t = p.t;
    let maps = match p.prediction.as_ref() {
        Some(pred) if !pred.outputs.is_empty() => html! {
            <div class="inside-layers">
                { for pred.outputs.iter().map(|o| match o.shape.len() {
                    3 => html! { <FeatureMaps shape={o.shape.clone()} data={o.data.clone()}
                        title={format!("{} ({}) {}", o.name, o.kind, dims(&o.shape))} display={if o.shape[0] > 20 { 60 } else { 44 }} /> },
                    _ if o.kind == "Flatten" => html! {},
                    _ => html! {
                        <figure class="fmaps dense">
                            <figcaption>{ format!("{} ({}) {}", o.name, o.kind, dims(&o.shape)) }</figcaption>
                            <Pixels width={o.data.len()} height={1} values={o.data.clone()} display={(o.data.len() as u32 * 5).clamp(120, 600)} display_height={16} />
                        </figure>
                    },
                }) }
            </div>
        },
        Some(_) => html! { <p class="draw-empty">{ t.no_probs }</p> },
        None => html! { <p class="draw-empty">{ t.draw_a_digit }</p> },
    };
    let filters = {
        let m = p.model.borrow();
        let mut out = Vec::new();
        if let Some(m) = m.as_ref() {
            for pv in m.parameters() {
                if pv.name == "kernel" && pv.shape.len() == 4 {
                    let (kh, kw, cin, cout) = (pv.shape[0], pv.shape[1], pv.shape[2], pv.shape[3]);
                    let grids: Vec<Vec<Vec<f32>>> = (0..cout)
                        .map(|co| {
                            (0..cin)
                                .map(|ci| {
                                    (0..kh * kw)
                                        .map(|ij| pv.values[(ij * cin + ci) * cout + co])
                                        .collect()
                                })
                                .collect()
                        })
                        .collect();
                    out.push((pv.layer_name.to_string(), kh, kw, grids));
                }
            }
        }
        out
    };
    html! {
        <>
            { maps }
            <h3>{ t.filters_title }</h3>
            <div class="filters">
                { for filters.into_iter().map(|(name, kh, kw, grids)| html! {
                    <figure class="fmaps">
                        <figcaption>{ name }</figcaption>
                        <div class="filter-rows">
                            { for grids.into_iter().enumerate().map(|(co, row)| html! {
                                <div class="filter-row">
                                    { for row.into_iter().enumerate().map(|(ci, g)| html! {
                                        <Pixels width={kw} height={kh} values={g} palette={Palette::Diverging} display={24} title={format!("#{co} ← {ci}")} />
                                    }) }
                                </div>
                            }) }
                        </div>
                    </figure>
                }) }
            </div>
        </>
    }
}

#[derive(Properties, PartialEq)]
struct SummaryProps {
    t: &'static LenetTexts,
    model: ModelRef,
    rev: u32,
}

/// Keras's `model.summary()`, computed by the core for the model on screen.
#[component]
fn SummaryTable(p: &SummaryProps) -> Html {
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
