//! Live line charts (plotters on a canvas, main thread: plotters measures text through the
//! DOM). The worker only sends numbers; this draws them.

use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

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
}

fn draw(c: HtmlCanvasElement, p: &ChartProps) -> Option<()> {
    let backend = CanvasBackend::with_canvas_object(c)?;
    let root = backend.into_drawing_area();
    root.fill(&WHITE).ok()?;
    let x_max = p.x_max.max(1.0);
    let mut chart = ChartBuilder::on(&root)
        .margin(8)
        .margin_right(28)
        .x_label_area_size(26)
        .y_label_area_size(44)
        .build_cartesian_2d(0f32..x_max, p.y_min..p.y_max)
        .ok()?;
    chart
        .configure_mesh()
        .x_labels(5)
        .y_labels(5)
        .x_label_formatter(&|x| format!("{x:.0}"))
        .y_label_formatter(&|y| format!("{y:.1}"))
        .light_line_style(RGBColor(238, 241, 246))
        .label_style(("sans-serif", 13))
        .draw()
        .ok()?;
    for s in &p.series {
        let colour = RGBColor(s.colour.0, s.colour.1, s.colour.2);
        let pts = s
            .points
            .iter()
            .map(|&(x, y)| (x, y.clamp(p.y_min, p.y_max)));
        chart
            .draw_series(LineSeries::new(pts.clone(), colour.stroke_width(2)))
            .ok()?;
        if s.dots {
            chart
                .draw_series(pts.map(|q| Circle::new(q, 3, colour.filled())))
                .ok()?;
        }
    }
    root.present().ok()
}

/// A chart redrawn whenever its numbers change; the legend is HTML (legible, translatable).
#[component]
pub fn Chart(p: &ChartProps) -> Html {
    let canvas = use_node_ref();
    {
        let canvas = canvas.clone();
        use_effect_with(
            (p.series.clone(), p.x_max, p.y_min, p.y_max),
            move |(series, x_max, y_min, y_max)| {
                if let Some(c) = canvas.cast::<HtmlCanvasElement>() {
                    let props = ChartProps {
                        id: "".into(),
                        title: "".into(),
                        series: series.clone(),
                        x_max: *x_max,
                        y_min: *y_min,
                        y_max: *y_max,
                    };
                    let _ = draw(c, &props);
                }
            },
        );
    }
    html! {
        <figure class="chart">
            <figcaption>{ p.title.clone() }</figcaption>
            <canvas ref={canvas} id={p.id.clone()} width="420" height="200" role="img" aria-label={p.title.clone()} />
            <ul class="legend">
                { for p.series.iter().map(|s| html! {
                    <li><span class="swatch" style={format!("background:rgb({},{},{})", s.colour.0, s.colour.1, s.colour.2)} />{ s.label }</li>
                }) }
            </ul>
        </figure>
    }
}
