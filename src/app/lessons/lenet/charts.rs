//! The run's live charts, loss and accuracy, each a `chart::Chart`. The worker only sends
//! numbers; these draw them.

use yew::prelude::*;

use super::chart::{Chart, Series};
use super::texts::LenetTexts;
use crate::app::i18n::Lang;
use crate::app::training::use_training;

#[derive(Properties, PartialEq)]
pub struct ChartsProps {
    pub t: &'static LenetTexts,
    pub lang: Lang,
}

/// The run's loss and accuracy, as the session holds them (they survive navigation).
#[component]
pub fn Charts(p: &ChartsProps) -> Html {
    let (t, lang) = (p.t, p.lang);
    let tr = use_training();
    let v = &tr.view;
    // The whole run's axis, except for a run that exploded: then its few points fill it.
    let x_max = match v.phase.run() {
        crate::app::training::state::Phase::Diverged(_) => (v.seen as f32 * 1.1).max(100.0),
        _ => (v.total as f32).max(v.seen as f32).max(1000.0),
    };
    let loss_max = v
        .loss
        .iter()
        .map(|&(_, l)| l)
        .fold(2.5f32, |a, b| if b.is_finite() { a.max(b) } else { a })
        .min(10.0);
    html! {
        <div class="lenet-charts">
            <Chart id="chart-loss" title={t.chart_loss} x_max={x_max} y_min={0.0} y_max={loss_max} lang={lang}
                series={vec![Series { label: t.chart_train, points: v.loss.clone(), colour: (69, 123, 157), dots: false }]} />
            <Chart id="chart-acc" title={t.chart_accuracy} x_max={x_max} y_min={0.0} y_max={1.0} lang={lang}
                series={vec![
                    Series { label: t.chart_train, points: v.acc.clone(), colour: (69, 123, 157), dots: false },
                    Series { label: t.chart_test, points: v.test.clone(), colour: (230, 57, 70), dots: true },
                ]} />
        </div>
    }
}
