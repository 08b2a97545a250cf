//! Grids of numbers drawn as pixels on canvases: feature maps (grey, scaled to each map's
//! own range), signed filters (diverging blue/red around 0), digits.

mod pixels;

use yew::prelude::*;

// The one-grid widget and its palette keep their old paths, `feature_maps::{Pixels, …}`.
pub use self::pixels::{Palette, Pixels, PixelsProps, colourise};

/// Splits an `(h, w, c)` NHWC map into its `c` channels (row-major each).
pub fn channels(shape: &[usize], data: &[f32]) -> Vec<Vec<f32>> {
    let [h, w, c] = shape else { return vec![] };
    (0..*c)
        .map(|k| (0..h * w).map(|i| data.get(i * c + k).copied().unwrap_or(0.0)).collect())
        .collect()
}

#[derive(Properties, PartialEq)]
pub struct FeatureMapsProps {
    /// `(h, w, c)`.
    pub shape: Vec<usize>,
    pub data: Vec<f32>,
    pub title: AttrValue,
    #[prop_or(56)]
    pub display: u32,
}

/// Every channel of one layer's output, side by side.
#[component]
pub fn FeatureMaps(p: &FeatureMapsProps) -> Html {
    let maps = channels(&p.shape, &p.data);
    let (h, w) = (p.shape.first().copied().unwrap_or(0), p.shape.get(1).copied().unwrap_or(0));
    html! {
        <figure class="fmaps">
            <figcaption>{ p.title.clone() }</figcaption>
            <div class="fmaps-grid">
                { for maps.into_iter().enumerate().map(|(k, m)| html! {
                    <Pixels width={w} height={h} values={m} display={p.display} title={format!("{} #{k}", p.title)} />
                }) }
            </div>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn channels_split_nhwc() {
        // 1×2 map with 2 channels: [a0 b0 a1 b1].
        assert_eq!(
            channels(&[1, 2, 2], &[1.0, 10.0, 2.0, 20.0]),
            vec![vec![1.0, 2.0], vec![10.0, 20.0]]
        );
    }
}
