//! The controls panel: Share, then the menus of the input, the kernel and its size, the
//! padding and the stride, and the ReLU and flip boxes.

use yew::prelude::*;

use super::input::Input;
use super::kernel::{CUSTOM, Kernel, kname};
use super::model::{InputKind, Kernel2};
use super::settings::Settings;
use super::texts::Conv2dTexts;
use crate::app::i18n::Lang;
use crate::app::share::ShareButton;
use crate::app::urlstate::Query;
use crate::app::widgets::form::{
    check_field, number_options, padding_options, padding_value, select_field,
};

pub(super) fn controls(
    query: Query,
    input: &Input,
    kn: &Kernel,
    presets: &[Kernel2],
    s: &Settings,
    t: &Conv2dTexts,
    lang: Lang,
) -> Html {
    let (choice, k) = (*kn.choice, *kn.k);
    html! {
        <div class="lab-controls">
            <ShareButton route="/conv2d" query={query} />
            { select_field(t.input, "conv2d-input",
                InputKind::ALL.iter().enumerate()
                    .filter(|(_, k)| **k != InputKind::Grid || input.grid.is_some())
                    .map(|(i, k)| (k.id().to_string(), t.input_names[i].to_string())).collect(),
                input.kind.id(), input.on_input.clone()) }
            { select_field(t.kernel, "conv2d-kernel",
                presets.iter().enumerate()
                    .map(|(i, kn)| (i.to_string(), format!("{} ({}×{})", kname(kn, lang), kn.rows, kn.cols)))
                    .chain([("custom".to_string(), t.custom_kernel.to_string())]).collect(),
                &if choice == CUSTOM { "custom".to_string() } else { choice.to_string() }, kn.on_kernel.clone()) }
            { select_field(t.rows, "conv2d-rows", number_options(1..=7), &k.0.to_string(), kn.on_rows.clone()) }
            { select_field(t.cols, "conv2d-cols", number_options(1..=7), &k.1.to_string(), kn.on_cols.clone()) }
            { select_field(t.padding, "conv2d-padding", padding_options(t.valid, t.same), padding_value(*s.padding), s.on_padding.clone()) }
            { select_field(t.stride, "conv2d-stride", number_options(1..=3), &s.stride.to_string(), s.on_stride.clone()) }
            { check_field(t.relu, "conv2d-relu", *s.relu, s.on_relu.clone()) }
            { check_field(t.flip, "conv2d-flip", *s.flip, s.on_flip.clone()) }
        </div>
    }
}
