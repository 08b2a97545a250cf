//! Two to four kept runs on one chart (plotters on a canvas, as `chart`): their held-out
//! accuracy, or their training loss. Each run has its colour AND its dash and marker, so
//! that the chart reads printed in black and white and for colour-blind students; the
//! legend (HTML, translatable) draws the same line beside each name.

use std::rc::Rc;

use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

use super::chart::{drawable, label_px};
use crate::app::i18n::Lang;
use crate::app::i18n::num::{fixed, integer};
use crate::app::prefs::use_prefs;
use crate::app::training::runs::Run;

/// Which curve of the runs is drawn.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Metric {
    Accuracy,
    Loss,
}

/// How the `i`-th run is drawn.
#[derive(Clone, Copy, PartialEq, Debug)]
pub struct Style {
    /// Okabe and Ito's colours, told apart with every kind of colour vision.
    pub colour: (u8, u8, u8),
    /// Dash and gap, in line widths (`None`: solid).
    pub dash: Option<(f64, f64)>,
    pub marker: Marker,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Marker {
    Circle,
    Triangle,
    Square,
    Cross,
}

pub const STYLES: [Style; 4] = [
    Style { colour: (0, 114, 178), dash: None, marker: Marker::Circle },
    Style { colour: (213, 94, 0), dash: Some((5.0, 2.5)), marker: Marker::Triangle },
    Style { colour: (0, 158, 115), dash: Some((1.2, 1.8)), marker: Marker::Square },
    Style { colour: (204, 121, 167), dash: Some((9.0, 2.5)), marker: Marker::Cross },
];

#[derive(Properties, PartialEq)]
pub struct CompareProps {
    pub runs: Vec<Rc<Run>>,
    /// The legend's name of each run.
    pub labels: Vec<String>,
    pub metric: Metric,
    pub title: AttrValue,
    pub x_label: AttrValue,
    pub lang: Lang,
}

fn points(r: &Run, m: Metric) -> &[(f32, f32)] {
    match m {
        Metric::Accuracy => &r.test,
        Metric::Loss => &r.loss,
    }
}

/// The y range: accuracy from the lowest tenth any run reached (runs that differ by a
/// point must not look the same), loss from 0 to its highest finite value (at most 10).
fn y_range(runs: &[Rc<Run>], m: Metric) -> (f32, f32) {
    let ys =
        runs.iter().flat_map(|r| points(r, m).iter().map(|&(_, y)| y)).filter(|y| y.is_finite());
    match m {
        Metric::Accuracy => {
            let lo = ys.fold(1.0f32, f32::min);
            (((lo * 10.0).floor() / 10.0).clamp(0.0, 0.9), 1.0)
        }
        Metric::Loss => (0.0, ys.fold(0.5f32, f32::max).min(10.0)),
    }
}

/// Height over width: short enough that the chart and its legend fit a projector's screen.
const ASPECT: f64 = 0.42;

fn draw(c: HtmlCanvasElement, p: &CompareProps, label_px: f64) -> Option<()> {
    let dpr = web_sys::window().map_or(1.0, |w| w.device_pixel_ratio()).clamp(1.0, 4.0);
    let shown = f64::from(c.client_width());
    let css_w = if shown > 0.0 { shown } else { 640.0 };
    let (w, h) = ((css_w * dpr).round() as u32, (css_w * ASPECT * dpr).round() as u32);
    if c.width() != w {
        c.set_width(w);
    }
    if c.height() != h {
        c.set_height(h);
    }
    let k = dpr * label_px / 13.0;
    let px = |v: f64| (v * k).round() as u32;
    let x_labels = if css_w / label_px < 24.0 { 3 } else { 5 };
    let _ = c.set_attribute("data-label-px", &format!("{label_px:.1}"));
    let backend = CanvasBackend::with_canvas_object(c)?;
    let root = backend.into_drawing_area();
    root.fill(&WHITE).ok()?;
    let x_max = p
        .runs
        .iter()
        .flat_map(|r| points(r, p.metric).last().map(|&(x, _)| x))
        .fold(1000f32, f32::max);
    let (y_min, y_max) = y_range(&p.runs, p.metric);
    let mut chart = ChartBuilder::on(&root)
        .margin(px(8.0))
        .margin_right(px(28.0))
        .x_label_area_size(px(40.0))
        .y_label_area_size(px(48.0))
        .build_cartesian_2d(0f32..x_max, y_min..y_max)
        .ok()?;
    let lang = p.lang;
    chart
        .configure_mesh()
        .x_labels(x_labels)
        .y_labels(6)
        .x_desc(p.x_label.as_str())
        .x_label_formatter(&|x| integer(lang, x.max(0.0).round() as u64))
        .y_label_formatter(&|y| fixed(lang, *y as f64, 2))
        .light_line_style(RGBColor(238, 241, 246))
        .label_style((FontFamily::SansSerif, 13.0 * k))
        .axis_desc_style((FontFamily::SansSerif, 13.0 * k))
        .draw()
        .ok()?;
    let width = px(2.5).max(1);
    let size = px(4.0).max(2) as i32;
    for (r, st) in p.runs.iter().zip(STYLES) {
        let colour = RGBColor(st.colour.0, st.colour.1, st.colour.2);
        let pts = drawable(points(r, p.metric), y_min, y_max);
        let style = colour.stroke_width(width);
        match st.dash {
            None => {
                chart.draw_series(LineSeries::new(pts.iter().copied(), style)).ok()?;
            }
            Some((dash, gap)) => {
                let (d, g) = ((dash * width as f64) as i32, (gap * width as f64) as i32);
                chart.draw_series(DashedLineSeries::new(pts.iter().copied(), d, g, style)).ok()?;
            }
        }
        // Markers: on every test point (a few dozen), on a dozen of the loss's 200.
        let every = (pts.len() / 12).max(1);
        let marked = pts.iter().enumerate().filter(|(i, _)| i % every == 0 || *i == pts.len() - 1);
        for (_, &q) in marked {
            let ok = match st.marker {
                Marker::Circle => chart.draw_series([Circle::new(q, size, colour.filled())]),
                Marker::Triangle => {
                    chart.draw_series([TriangleMarker::new(q, size + 1, colour.filled())])
                }
                Marker::Square => chart.draw_series([EmptyElement::at(q)
                    + Rectangle::new([(-size, -size), (size, size)], colour.filled())]),
                Marker::Cross => {
                    chart.draw_series([Cross::new(q, size + 1, colour.stroke_width(width))])
                }
            };
            ok.ok()?;
        }
    }
    root.present().ok()
}

/// The legend's picture of style `s`: the same dash and marker as on the chart.
pub fn legend_line(s: Style) -> Html {
    let colour = format!("rgb({},{},{})", s.colour.0, s.colour.1, s.colour.2);
    let dash = s.dash.map(|(d, g)| format!("{} {}", d * 2.5, g * 2.5));
    let marker = match s.marker {
        Marker::Circle => html! { <circle cx="20" cy="7" r="4" fill={colour.clone()} /> },
        Marker::Triangle => html! { <polygon points="20,2 25,11 15,11" fill={colour.clone()} /> },
        Marker::Square => {
            html! { <rect x="16" y="3" width="8" height="8" fill={colour.clone()} /> }
        }
        Marker::Cross => html! {
            <path d="M15.5 2.5 L24.5 11.5 M24.5 2.5 L15.5 11.5" stroke={colour.clone()} stroke-width="2.5" />
        },
    };
    html! {
        <svg class="line-key" width="40" height="14" viewBox="0 0 40 14" aria-hidden="true">
            <line x1="0" y1="7" x2="40" y2="7" stroke={colour.clone()} stroke-width="2.5" stroke-dasharray={dash} />
            { marker }
        </svg>
    }
}

/// The runs' curves on one chart, redrawn when they or the page's size change.
#[component]
pub fn CompareChart(p: &CompareProps) -> Html {
    let canvas = use_node_ref();
    let present = use_prefs().present;
    let (vw, vh, dpr) = crate::app::dom::use_viewport(true);
    {
        let canvas = canvas.clone();
        let props = CompareProps {
            runs: p.runs.clone(),
            labels: vec![],
            metric: p.metric,
            title: p.title.clone(),
            x_label: p.x_label.clone(),
            lang: p.lang,
        };
        use_effect_with(
            (
                p.runs.clone(),
                p.metric,
                p.lang,
                present,
                (vw.to_bits(), vh.to_bits(), dpr.to_bits()),
            ),
            move |_| {
                // After this render's layout (presentation mode changes the width).
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
        <figure class="chart compare-chart">
            <figcaption>{ p.title.clone() }</figcaption>
            <canvas ref={canvas} id="compare-chart" width="640" height="320" role="img"
                aria-label={format!("{}: {}", p.title, p.labels.join(" · "))}
                data-runs={p.runs.len().to_string()} data-metric={match p.metric { Metric::Accuracy => "accuracy", Metric::Loss => "loss" }} />
            <ul class="legend compare-legend" id="compare-legend">
                { for p.labels.iter().zip(STYLES).map(|(l, s)| html! {
                    <li>{ legend_line(s) }<span>{ l.clone() }</span></li>
                }) }
            </ul>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_four_styles_differ_in_colour_dash_and_marker() {
        for (i, a) in STYLES.iter().enumerate() {
            for b in &STYLES[i + 1..] {
                assert!(a.colour != b.colour && a.dash != b.dash && a.marker != b.marker);
            }
        }
    }
}
