//! One example as the network sees it: its 28×28 grey levels on a small canvas, in the
//! pad's ink colour.

use std::rc::Rc;

use wasm_bindgen::{Clamped, JsCast};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, ImageData};
use yew::prelude::*;

use crate::nn::dataset::{PIXELS, SIDE};

#[derive(Properties, PartialEq)]
pub struct ThumbProps {
    pub pixels: Rc<Vec<u8>>,
    pub label: AttrValue,
    pub on_delete: Callback<()>,
}

fn paint(c: &HtmlCanvasElement, px: &[u8]) -> Option<()> {
    let ctx = c.get_context("2d").ok()??.dyn_into::<CanvasRenderingContext2d>().ok()?;
    // The pad's ink colour (rgb 22, 33, 58), its grey level as opacity.
    let rgba: Vec<u8> = px.iter().take(PIXELS).flat_map(|&v| [22, 33, 58, v]).collect();
    let img = ImageData::new_with_u8_clamped_array_and_sh(Clamped(&rgba), SIDE as u32, SIDE as u32)
        .ok()?;
    ctx.put_image_data(&img, 0.0, 0.0).ok()
}

#[component]
pub fn Thumb(p: &ThumbProps) -> Html {
    let canvas = use_node_ref();
    {
        let canvas = canvas.clone();
        use_effect_with(p.pixels.clone(), move |px| {
            if let Some(c) = canvas.cast::<HtmlCanvasElement>() {
                let _ = paint(&c, px);
            }
        });
    }
    let onclick = {
        let on_delete = p.on_delete.clone();
        Callback::from(move |_: MouseEvent| on_delete.emit(()))
    };
    html! {
        <button type="button" class="cl-thumb" title={p.label.clone()} aria-label={p.label.clone()} {onclick}>
            <canvas ref={canvas} width="28" height="28" />
        </button>
    }
}
