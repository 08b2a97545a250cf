//! The filter bank: every preset kernel over the same picture, with the same settings.

use std::rc::Rc;

use yew::prelude::*;

use super::kernel::kname;
use super::model::{Kernel2, Picture, conv_output, rotated};
use super::texts::texts;
use crate::app::prefs::use_prefs;
use crate::app::widgets::heatmap::Heatmap;
use crate::nn::Padding;

#[derive(Properties, PartialEq)]
pub(super) struct BankProps {
    pub presets: Rc<Vec<Kernel2>>,
    pub pic: Rc<Picture>,
    pub stride: usize,
    pub padding: Padding,
    pub relu: bool,
    pub flip: bool,
}

#[component]
pub(super) fn FilterBank(p: &BankProps) -> Html {
    let lang = use_prefs().lang;
    let t = texts(lang);
    let presets = &p.presets;
    let bank = use_memo((p.pic.clone(), p.stride, p.padding, p.relu, p.flip), {
        let presets = presets.clone();
        move |(pic, stride, padding, relu, flip)| {
            presets
                .iter()
                .map(|kn| {
                    conv_output(
                        pic,
                        &rotated(&kn.weights, *flip),
                        (kn.rows, kn.cols),
                        *stride,
                        *padding,
                        *relu,
                    )
                    .ok()
                })
                .collect::<Vec<_>>()
        }
    });
    html! {
        <section class="filter-bank">
            <h2>{ t.bank_title }</h2>
            <p>{ t.bank_lead }</p>
            <div class="bank-grid">
                { for presets.iter().zip(bank.iter()).enumerate().map(|(i, (kn, out))| match out {
                    Some((r, c, v)) => html! {
                        <div class="bank-item">
                            <h3>{ kname(kn, lang) }</h3>
                            <Heatmap id={format!("conv2d-bank-{i}")} rows={*r} cols={*c} values={Rc::new(v.clone())}
                                width={150.0} label={kname(kn, lang)} />
                        </div>
                    },
                    None => html! {},
                }) }
            </div>
        </section>
    }
}
