//! The controls panel: Share, then the menus of the signal, the kernel and its length, the
//! padding and the stride, and the flip box.

use yew::prelude::*;

use super::kernel::{CUSTOM, Kernel, kernel_name};
use super::model::SignalKind;
use super::settings::Settings;
use super::signal::Signal;
use super::texts::Conv1dTexts;
use crate::app::i18n::Lang;
use crate::app::share::ShareButton;
use crate::app::urlstate::Query;
use crate::app::widgets::arith::list_sep;
use crate::app::widgets::form::{
    check_field, number_options, padding_options, padding_value, select_field,
};
use crate::nn::kernels::NamedKernel;

pub(super) fn controls(
    query: Query,
    signal: &Signal,
    kn: &Kernel,
    presets: &[NamedKernel],
    s: &Settings,
    t: &Conv1dTexts,
    lang: Lang,
) -> Html {
    let choice = *kn.choice;
    html! {
        <div class="lab-controls">
            <ShareButton route="/conv1d" query={query} />
            { select_field(t.signal, "conv1d-signal",
                SignalKind::ALL.iter().enumerate().map(|(i, k)| (k.id().to_string(), t.signal_names[i].to_string())).collect(),
                signal.kind.id(), signal.on_signal.clone()) }
            { select_field(t.kernel, "conv1d-kernel",
                presets.iter().enumerate()
                    .map(|(i, k)| (i.to_string(), format!("{} [{}]", kernel_name(k, lang), k.labels.join(list_sep(lang)))))
                    .chain([("custom".to_string(), t.custom_kernel.to_string())]).collect(),
                &if choice == CUSTOM { "custom".to_string() } else { choice.to_string() }, kn.on_kernel.clone()) }
            { select_field(t.length, "conv1d-length", number_options(1..=9), &kn.kernel.len().to_string(), kn.on_length.clone()) }
            { select_field(t.padding, "conv1d-padding", padding_options(t.valid, t.same), padding_value(*s.padding), s.on_padding.clone()) }
            { select_field(t.stride, "conv1d-stride", number_options(1..=3), &s.stride.to_string(), s.on_stride.clone()) }
            { check_field(t.flip, "conv1d-flip", *s.flip, s.on_flip.clone()) }
        </div>
    }
}
