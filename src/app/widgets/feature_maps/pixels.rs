//! One grid of numbers drawn as pixels on a canvas, in a palette (grey, ink, diverging).

use wasm_bindgen::{Clamped, JsCast};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, ImageData};
use yew::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Palette {
    /// Black (the map's minimum) to white (its maximum).
    Grey,
    /// Ink on paper: 0 white, 1 dark (digits as drawn).
    Ink,
    /// Blue below 0, white at 0, red above, scaled by the largest magnitude.
    Diverging,
}

/// RGBA bytes of `values` in `palette`.
pub fn colourise(values: &[f32], palette: Palette) -> Vec<u8> {
    let (lo, hi) =
        values.iter().fold((f32::INFINITY, f32::NEG_INFINITY), |(a, b), &v| (a.min(v), b.max(v)));
    let mut out = Vec::with_capacity(values.len() * 4);
    for &v in values {
        let rgb = match palette {
            Palette::Grey => {
                let t = if hi > lo { (v - lo) / (hi - lo) } else { 0.0 };
                let g = (t.clamp(0.0, 1.0) * 255.0) as u8;
                [g, g, g]
            }
            Palette::Ink => {
                let g = 255 - (v.clamp(0.0, 1.0) * 255.0) as u8;
                [g, g, g]
            }
            Palette::Diverging => {
                let m = lo.abs().max(hi.abs()).max(1e-12);
                let t = (v / m).clamp(-1.0, 1.0);
                let k = (255.0 * (1.0 - t.abs())) as u8;
                if t >= 0.0 { [255, k, k] } else { [k, k, 255] }
            }
        };
        out.extend([rgb[0], rgb[1], rgb[2], 255]);
    }
    out
}

#[derive(Properties, PartialEq)]
pub struct PixelsProps {
    pub width: usize,
    pub height: usize,
    pub values: Vec<f32>,
    #[prop_or(Palette::Grey)]
    pub palette: Palette,
    /// Displayed size in CSS pixels (the canvas keeps its true resolution, drawn pixelated).
    #[prop_or(60)]
    pub display: u32,
    /// Displayed height; by default the grid's aspect ratio (a 1-row strip needs more).
    #[prop_or_default]
    pub display_height: Option<u32>,
    #[prop_or_default]
    pub title: AttrValue,
    #[prop_or_default]
    pub class: Classes,
}

/// One grid of values as a pixelated canvas.
#[component]
pub fn Pixels(p: &PixelsProps) -> Html {
    let canvas = use_node_ref();
    {
        let canvas = canvas.clone();
        let (w, h, palette) = (p.width, p.height, p.palette);
        use_effect_with((p.values.clone(), w, h, palette), move |(values, w, h, palette)| {
            let draw = || -> Option<()> {
                let c = canvas.cast::<HtmlCanvasElement>()?;
                let ctx = c.get_context("2d").ok()??.dyn_into::<CanvasRenderingContext2d>().ok()?;
                if values.len() != w * h || *w == 0 {
                    return None;
                }
                let bytes = colourise(values, *palette);
                let img = ImageData::new_with_u8_clamped_array_and_sh(
                    Clamped(&bytes),
                    *w as u32,
                    *h as u32,
                )
                .ok()?;
                ctx.put_image_data(&img, 0.0, 0.0).ok()
            };
            let _ = draw();
        });
    }
    let h = p.display_height.unwrap_or(p.display * p.height as u32 / p.width.max(1) as u32);
    let style = format!("width:{}px;height:{h}px", p.display);
    // An untitled picture is named by its figure's caption: an image without a name would be
    // read as nothing, or as "image".
    let named = !p.title.is_empty();
    html! {
        <canvas ref={canvas} class={classes!("pixels", p.class.clone())} width={p.width.to_string()}
            height={p.height.to_string()} {style} title={named.then(|| p.title.clone())}
            role={named.then_some("img")} aria-label={named.then(|| p.title.clone())}
            aria-hidden={(!named).then_some("true")} />
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diverging_is_white_at_zero_red_above_blue_below() {
        let px = colourise(&[-2.0, 0.0, 2.0], Palette::Diverging);
        assert_eq!(&px[0..4], &[0, 0, 255, 255]);
        assert_eq!(&px[4..8], &[255, 255, 255, 255]);
        assert_eq!(&px[8..12], &[255, 0, 0, 255]);
        let g = colourise(&[1.0, 3.0], Palette::Grey);
        assert_eq!((g[0], g[4]), (0, 255));
    }
}
