//! The colour maps (diverging for signed values, grey for pictures) and their legend.

use yew::prelude::*;

use super::texts::HeatTexts;
use crate::app::i18n::Lang;
use crate::app::i18n::num::decimal;

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ColourMap {
    /// Signed values: blue, white at 0, red; symmetric around 0.
    Diverging,
    /// A picture: white (low) to black (high).
    Grey,
}

/// RGB of `v` on the map, with `scale` the value drawn at full colour.
pub fn colour(map: ColourMap, v: f64, lo: f64, hi: f64) -> (u8, u8, u8) {
    match map {
        ColourMap::Diverging => {
            let m = lo.abs().max(hi.abs()).max(1e-12);
            let t = (v / m).clamp(-1.0, 1.0);
            // White to a saturated red (#c62828) or blue (#1565c0).
            let mix = |a: f64, b: f64, t: f64| (a + (b - a) * t).round() as u8;
            if t >= 0.0 {
                (mix(255.0, 198.0, t), mix(255.0, 40.0, t), mix(255.0, 40.0, t))
            } else {
                (mix(255.0, 21.0, -t), mix(255.0, 101.0, -t), mix(255.0, 192.0, -t))
            }
        }
        ColourMap::Grey => {
            let span = (hi - lo).max(1e-12);
            let t = ((v - lo) / span).clamp(0.0, 1.0);
            let g = (255.0 * (1.0 - t)).round() as u8;
            (g, g, g)
        }
    }
}

/// The range the colours span: the values', with 0 always inside; a flat picture gets a
/// span of 1 (all white) rather than none.
pub(super) fn range(values: &[f64], map: ColourMap) -> (f64, f64) {
    let (lo, hi) = values.iter().fold((0.0f64, 0.0f64), |(a, b), &v| (a.min(v), b.max(v)));
    if map == ColourMap::Grey && hi - lo < 1e-12 { (lo, lo + 1.0) } else { (lo, hi) }
}

/// The legend: the colours of the map's ends (and of 0 on a diverging map) with their values.
pub(super) fn legend(map: ColourMap, lo: f64, hi: f64, t: &HeatTexts, lang: Lang) -> Html {
    // Each swatch stays with its words when the legend wraps.
    let item = |v: f64, words: String| {
        let (r, g, b) = colour(map, v, lo, hi);
        html! {
            <span class="legend-item"><span class="swatch" style={format!("background: rgb({r},{g},{b})")}></span><span>{ words }</span></span>
        }
    };
    let n = |v: f64| decimal(lang, v, 3);
    match map {
        ColourMap::Diverging => {
            let m = lo.abs().max(hi.abs());
            html! {
                <span class="heat-legend">
                    { item(-m, format!("{} ({})", t.negative, n(-m))) }
                    { item(0.0, t.zero.to_string()) }
                    { item(m, format!("{} ({})", t.positive, n(m))) }
                </span>
            }
        }
        ColourMap::Grey => html! {
            <span class="heat-legend">
                { item(lo, format!("{} ({})", t.low, n(lo))) }
                { item(hi, format!("{} ({})", t.high, n(hi))) }
            </span>
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diverging_is_white_at_zero_and_signed() {
        assert_eq!(colour(ColourMap::Diverging, 0.0, -2.0, 2.0), (255, 255, 255));
        let (r, _, b) = colour(ColourMap::Diverging, 2.0, -2.0, 2.0);
        assert!(r > b, "positive is red");
        let (r, _, b) = colour(ColourMap::Diverging, -2.0, -2.0, 2.0);
        assert!(b > r, "negative is blue");
        assert_eq!(colour(ColourMap::Grey, 0.0, 0.0, 1.0), (255, 255, 255));
        assert_eq!(colour(ColourMap::Grey, 1.0, 0.0, 1.0), (0, 0, 0));
    }
}
