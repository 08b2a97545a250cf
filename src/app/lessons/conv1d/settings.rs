//! The lab's settings: padding, stride, flip.

use yew::prelude::*;

use super::link::Link1;
use crate::app::widgets::form::{parse_padding, parse_stride, select_into, toggle_into};
use crate::nn::Padding;

/// The settings' state and the callbacks that change them.
pub(super) struct Settings {
    pub padding: UseStateHandle<Padding>,
    pub stride: UseStateHandle<usize>,
    pub flip: UseStateHandle<bool>,
    pub on_padding: Callback<Event>,
    pub on_stride: Callback<Event>,
    pub on_flip: Callback<Event>,
}

/// The settings as the link `first` opens them; padding and stride put the step debugger
/// (`index`) back on the first window.
#[hook]
pub(super) fn use_settings(first: &Link1, index: &UseStateHandle<usize>) -> Settings {
    let padding = use_state(|| first.padding);
    let stride = use_state(|| first.stride);
    let flip = use_state(|| first.flip);
    let on_padding = select_into(&padding, index, parse_padding);
    let on_stride = select_into(&stride, index, parse_stride);
    let on_flip = toggle_into(&flip);
    Settings { padding, stride, flip, on_padding, on_stride, on_flip }
}
