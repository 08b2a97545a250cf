//! Every layer's output for the pad's picture, then the learned filters.

use std::rc::Rc;

use yew::prelude::*;

use super::pad::Prediction;
use super::texts::LenetTexts;
use crate::app::training::ModelRef;
use crate::app::widgets::feature_maps::{FeatureMaps, Palette, Pixels};

fn dims(shape: &[usize]) -> String {
    shape.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("×")
}

#[derive(Properties, PartialEq)]
pub struct LayersProps {
    pub t: &'static LenetTexts,
    pub model: ModelRef,
    pub rev: u32,
    pub prediction: Rc<Option<Prediction>>,
}

/// Every layer's output for the pad's picture, then the learned filters.
#[component]
pub fn Layers(p: &LayersProps) -> Html {
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
                            <Pixels width={o.data.len()} height={1} values={o.data.clone()} display={(o.data.len() as u32 * 5).clamp(120, 600)} display_height={16}
                                title={format!("{} ({}) {}", o.name, o.kind, dims(&o.shape))} />
                        </figure>
                    },
                }) }
            </div>
        },
        Some(_) => html! { <p class="draw-empty">{ t.no_probs }</p> },
        None => html! { <p class="draw-empty">{ t.draw_a_digit }</p> },
    };
    // A wide network has 64 filters of 32 channels: 2,048 little canvases redrawn at every
    // progress report. Drawn: the first filters and channels, and how many there are.
    const MAX_FILTERS: usize = 32;
    const MAX_CHANNELS: usize = 8;
    let part = |shown: usize, total: usize| {
        t.filters_part.replace("{shown}", &shown.to_string()).replace("{total}", &total.to_string())
    };
    let filters = {
        let m = p.model.borrow();
        let mut out = Vec::new();
        if let Some(m) = m.as_ref() {
            for pv in m.parameters() {
                if pv.name == "kernel" && pv.shape.len() == 4 {
                    let (kh, kw, cin, cout) = (pv.shape[0], pv.shape[1], pv.shape[2], pv.shape[3]);
                    let (rows, cols) = (cout.min(MAX_FILTERS), cin.min(MAX_CHANNELS));
                    let mut name = format!("{} ({kh}×{kw})", pv.layer_name);
                    if rows < cout {
                        name = format!("{name} · {}", part(rows, cout));
                    }
                    if cols < cin {
                        name = format!("{name} · {}", part(cols, cin));
                    }
                    let grids: Vec<Vec<Vec<f32>>> = (0..rows)
                        .map(|co| {
                            (0..cols)
                                .map(|ci| {
                                    (0..kh * kw)
                                        .map(|ij| pv.values[(ij * cin + ci) * cout + co])
                                        .collect()
                                })
                                .collect()
                        })
                        .collect();
                    out.push((name, kh, kw, grids));
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
