//! One live line chart (plotters on a canvas, main thread: plotters measures text through
//! the DOM): its series, axes and legend.

use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

use crate::app::i18n::Lang;
use crate::app::i18n::num::{fixed, integer};
use crate::app::prefs::use_prefs;

/// The points a chart can draw: NaN is skipped (a step whose loss is not a number has no
/// place), everything else is clamped into the chart (an exploded loss sits on its top).
pub fn drawable(points: &[(f32, f32)], y_min: f32, y_max: f32) -> Vec<(f32, f32)> {
    points
        .iter()
        .filter(|(x, y)| x.is_finite() && !y.is_nan())
        .map(|&(x, y)| (x, y.clamp(y_min, y_max)))
        .collect()
}

#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    pub label: &'static str,
    pub points: Vec<(f32, f32)>,
    pub colour: (u8, u8, u8),
    /// Draw a dot on each point (sparse series such as test accuracy).
    pub dots: bool,
}

#[derive(Properties, PartialEq)]
pub struct ChartProps {
    pub id: AttrValue,
    pub title: AttrValue,
    pub series: Vec<Series>,
    pub x_max: f32,
    pub y_min: f32,
    pub y_max: f32,
    pub lang: Lang,
}

/// Height over width of a chart.
const ASPECT: f64 = 200.0 / 420.0;
/// Axis labels, in CSS pixels: a share of the page's root font size, which presentation
/// mode raises with the screen (22 px and more on a projector, where the charts share a
/// row): 20 px there at least, the size the room reads the labs' values at.
pub(super) fn label_px(present: bool) -> f64 {
    let root = web_sys::window()
        .and_then(|w| w.get_computed_style(&w.document()?.document_element()?).ok()?)
        .and_then(|style| style.get_property_value("font-size").ok())
        .and_then(|v| v.trim_end_matches("px").parse::<f64>().ok())
        .filter(|v| v.is_finite() && *v > 0.0)
        .unwrap_or(16.0);
    root * if present { 0.92 } else { 0.8 }
}

/// Draws at the size the chart is shown, in device pixels, so that its labels keep their
/// size in CSS pixels and stay sharp whatever the column's width (a fixed 420-pixel canvas
/// scaled down to a projector's half row gave 10-pixel labels).
fn draw(c: HtmlCanvasElement, p: &ChartProps, label_px: f64) -> Option<()> {
    let dpr = web_sys::window().map_or(1.0, |w| w.device_pixel_ratio()).clamp(1.0, 4.0);
    let shown = f64::from(c.client_width());
    let css_w = if shown > 0.0 { shown } else { 420.0 };
    let (w, h) = ((css_w * dpr).round() as u32, (css_w * ASPECT * dpr).round() as u32);
    if c.width() != w {
        c.set_width(w);
    }
    if c.height() != h {
        c.set_height(h);
    }
    // The layout was drawn for 13-pixel labels: every size follows the labels' scale.
    let k = dpr * label_px / 13.0;
    let px = |v: f64| (v * k).round() as u32;
    // Large labels in a narrow chart (a projector's half row): three along x, not five.
    let x_labels = if css_w / label_px < 24.0 { 3 } else { 5 };
    // For the presentation test: the label size this drawing used.
    let _ = c.set_attribute("data-label-px", &format!("{label_px:.1}"));
    let backend = CanvasBackend::with_canvas_object(c)?;
    let root = backend.into_drawing_area();
    root.fill(&WHITE).ok()?;
    let x_max = p.x_max.max(1.0);
    let mut chart = ChartBuilder::on(&root)
        .margin(px(8.0))
        .margin_right(px(28.0))
        .x_label_area_size(px(26.0))
        .y_label_area_size(px(44.0))
        .build_cartesian_2d(0f32..x_max, p.y_min..p.y_max)
        .ok()?;
    chart
        .configure_mesh()
        .x_labels(x_labels)
        .y_labels(5)
        .x_label_formatter(&|x| integer(p.lang, x.max(0.0).round() as u64))
        .y_label_formatter(&|y| fixed(p.lang, *y as f64, 1))
        .light_line_style(RGBColor(238, 241, 246))
        // The family as a value: plotters parses a name with `to_lowercase` (Unicode tables).
        .label_style((FontFamily::SansSerif, 13.0 * k))
        .draw()
        .ok()?;
    let (line, dot) = (px(2.0), px(3.0));
    for s in &p.series {
        let colour = RGBColor(s.colour.0, s.colour.1, s.colour.2);
        let pts = drawable(&s.points, p.y_min, p.y_max);
        chart.draw_series(LineSeries::new(pts.iter().copied(), colour.stroke_width(line))).ok()?;
        // A single point draws no line: a dot shows it.
        if s.dots || pts.len() == 1 {
            chart.draw_series(pts.iter().map(|&q| Circle::new(q, dot, colour.filled()))).ok()?;
        }
    }
    root.present().ok()
}

/// A chart redrawn whenever its numbers change; the legend is HTML (legible, translatable).
#[component]
pub fn Chart(p: &ChartProps) -> Html {
    let canvas = use_node_ref();
    let present = use_prefs().present;
    // A resized window changes the chart's width: drawn again at the new size.
    let (vw, vh, dpr) = crate::app::dom::use_viewport(true);
    {
        let canvas = canvas.clone();
        use_effect_with(
            (
                p.series.clone(),
                p.x_max,
                p.y_min,
                p.y_max,
                p.lang,
                present,
                (vw.to_bits(), vh.to_bits(), dpr.to_bits()),
            ),
            move |(series, x_max, y_min, y_max, lang, present, _)| {
                let props = ChartProps {
                    id: "".into(),
                    title: "".into(),
                    series: series.clone(),
                    x_max: *x_max,
                    y_min: *y_min,
                    y_max: *y_max,
                    lang: *lang,
                };
                let present = *present;
                // After this render's layout: the shell switches presentation mode (and the
                // charts' width and the root font with it) in its own effect, which runs
                // after this one.
                let later = gloo_timers::callback::Timeout::new(0, move || {
                    if let Some(c) = canvas.cast::<HtmlCanvasElement>() {
                        let _ = draw(c, &props, label_px(present));
                    }
                });
                move || drop(later)
            },
        );
    }
    html! {
        <figure class="chart">
            <figcaption>{ p.title.clone() }</figcaption>
            <canvas ref={canvas} id={p.id.clone()} width="420" height="200" role="img" aria-label={p.title.clone()}
                data-points={p.series.iter().map(|s| drawable(&s.points, p.y_min, p.y_max).len().to_string()).collect::<Vec<_>>().join(",")} />
            <ul class="legend">
                { for p.series.iter().map(|s| html! {
                    <li><span class="swatch" style={format!("background:rgb({},{},{})", s.colour.0, s.colour.1, s.colour.2)} />{ s.label }</li>
                }) }
            </ul>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_diverged_run_keeps_drawable_points() {
        let pts =
            [(32.0, 2.3), (64.0, 1.9), (96.0, f32::NAN), (128.0, f32::INFINITY), (160.0, 1e9)];
        assert_eq!(
            drawable(&pts, 0.0, 10.0),
            vec![(32.0, 2.3), (64.0, 1.9), (128.0, 10.0), (160.0, 10.0)]
        );
    }
}
