//! One unit of the second 2D convolution over all its input maps: pick a filter and a
//! cell; its window in each map, the kernel for each map, the partial sums, the bias, the
//! total and the activation, from the core (`Sequential::conv_unit_sum`), checked against
//! the layer's own output for the pad's picture.

use std::rc::Rc;

use yew::prelude::*;

use super::backprop_texts::texts;
use super::pad::Prediction;
use crate::app::i18n::Lang;
use crate::app::i18n::num::{canonical, decimal};
use crate::app::training::ModelRef;
use crate::app::widgets::arith::{FACTOR_DECIMALS, Fixed, write_sum};
use crate::app::widgets::feature_maps::channels;
use crate::app::widgets::heatmap::Heatmap;
use crate::nn::Activation;

#[derive(Properties, PartialEq)]
pub struct UnitProps {
    pub lang: Lang,
    pub model: ModelRef,
    pub rev: u32,
    pub prediction: Rc<Option<Prediction>>,
}

#[component]
pub fn UnitPanel(p: &UnitProps) -> Html {
    let (lang, t) = (p.lang, texts(p.lang));
    let filter = use_state(|| 0usize);
    let unit = use_state(|| None::<(usize, usize)>);
    let outs = match p.prediction.as_ref() {
        Some(q) if !q.outputs.is_empty() => &q.outputs,
        _ => return html! {},
    };
    // The second 2D convolution of the network on screen.
    let Some(j) =
        outs.iter().enumerate().filter(|(_, o)| o.kind == "Conv2D").nth(1).map(|(j, _)| j)
    else {
        return html! {
            <div class="bp-multi" id="bp-multi">
                <h3>{ t.multi_title }</h3>
                <p class="hint" id="bp-multi-none">{ t.multi_none }</p>
            </div>
        };
    };
    let (out, input) = (&outs[j], &outs[j - 1]);
    let [h, w, fs] = out.shape[..] else { return html! {} };
    let f = (*filter).min(fs - 1);
    let map = channels(&out.shape, &out.data).swap_remove(f);
    let on_pick = {
        let unit = unit.clone();
        Callback::from(move |rc: (usize, usize)| unit.set(Some(rc)))
    };
    let (r, c) = unit.filter(|&(r, c)| r < h && c < w).unwrap_or((h / 2, w / 2));
    let sum = p.model.borrow().as_ref().and_then(|m| {
        let x: Vec<f32> = input.data.clone();
        m.conv_unit_sum(j, &x, r, c, f)
    });
    let core = out.data[(r * w + c) * fs + f];
    let detail = sum.map(|u| {
        let sep = crate::app::widgets::arith::list_sep(lang);
        let partial_rows = (0..u.partials.len()).map(|ch| {
            let pairs = u.kernels[ch].iter().zip(&u.windows[ch]).map(|(&k, &x)| (k as f64, x as f64));
            let (_, line) = write_sum(lang, pairs, 0.0, u.partials[ch] as f64);
            html! {
                <div class="bp-channel" id={format!("bp-ch-{ch}")} data-partial={canonical(u.partials[ch] as f64, 7)}>
                    <h5>{ format!("{} {ch}", t.channel) }</h5>
                    <div class="bp-pair">
                        <Heatmap rows={u.kh} cols={u.kw} values={Rc::new(u.windows[ch].iter().map(|&v| v as f64).collect::<Vec<f64>>())}
                            id={format!("bp-win-{ch}")} label={format!("{} {ch}, {}", t.channel, t.window)} width={96.0} />
                        <Heatmap rows={u.kh} cols={u.kw} values={Rc::new(u.kernels[ch].iter().map(|&v| v as f64).collect::<Vec<f64>>())}
                            id={format!("bp-ker-{ch}")} label={format!("{} {ch}, {}", t.kernel, f)} width={96.0} />
                    </div>
                    <p class="arith">{ line }</p>
                </div>
            }
        });
        let r3 = |v: f32| Fixed::round(v as f64, FACTOR_DECIMALS);
        let shown_total = u.partials.iter().fold(r3(u.bias), |a, &b| a + r3(b));
        let mut terms: Vec<String> = u.partials.iter().map(|&v| {
            let s = r3(v).show(lang);
            if v < 0.0 && r3(v).m != 0 { format!("({s})") } else { s }
        }).collect();
        terms.push(format!("{} {}", t.bias, r3(u.bias).show(lang)));
        let total_line = format!("{} = {} = {}", t.total, terms.join(" + "), shown_total.show(lang));
        let act_line = match u.activation {
            Activation::Relu => {
                let z = decimal(lang, u.total as f64, 3);
                format!("ReLU({z}) = max(0{sep}{z}) = {}", decimal(lang, u.value as f64, 3))
            }
            Activation::Linear => format!("= {}", decimal(lang, u.value as f64, 3)),
            a => format!("{}({}) = {}", a.keras_name(), decimal(lang, u.total as f64, 3), decimal(lang, u.value as f64, 3)),
        };
        html! {
            <div class="bp-unit" id="bp-unit" data-partials={u.partials.iter().map(|v| canonical(*v as f64, 7)).collect::<Vec<_>>().join(" ")}
                data-bias={canonical(u.bias as f64, 7)} data-total={canonical(u.total as f64, 7)}
                data-value={canonical(u.value as f64, 7)} data-core={canonical(core as f64, 7)}
                data-unit={format!("{r},{c},{f}")}>
                <div class="bp-channels">{ for partial_rows }</div>
                <p class="arith" id="bp-unit-total">{ total_line }</p>
                <p class="arith" id="bp-unit-act">{ act_line }</p>
                <p>{ t.unit_value }{ " " }<strong id="bp-unit-core">{ decimal(lang, core as f64, 3) }</strong></p>
            </div>
        }
    });
    html! {
        <div class="bp-multi" id="bp-multi" data-layer={out.name.clone()}>
            <h3>{ format!("{} — {} ({} ← {})", t.multi_title, out.name, fs, input.shape.last().copied().unwrap_or(1)) }</h3>
            <p>{ t.multi_lead }</p>
            <div class="bp-filter-buttons" role="group" aria-label={t.filter}>
                { for (0..fs).map(|k| {
                    let filter = filter.clone();
                    let onclick = Callback::from(move |_: MouseEvent| filter.set(k));
                    html! { <button type="button" class={classes!("btn", "small", (k == f).then_some("on"))} id={format!("bp-unit-filter-{k}")}
                        aria-pressed={(k == f).to_string()} {onclick}>{ k }</button> }
                }) }
            </div>
            <p class="hint">{ t.multi_pick }</p>
            <Heatmap rows={h} cols={w} values={Rc::new(map.iter().map(|&v| v as f64).collect::<Vec<f64>>())}
                id="bp-unit-map" label={format!("{} {}, {} {f}", out.name, t.filter, f)} width={300.0}
                on_pick={Some(on_pick)} mark={Some((r, c))} />
            { detail.unwrap_or_default() }
        </div>
    }
}
