//! The lesson's two drawings, in SVG: the signal with the target and the output, and the
//! loss curve.

use yew::prelude::*;

use super::texts::LearnTexts;

const W: f64 = 640.0;
const H: f64 = 220.0;
const PAD: f64 = 28.0;

fn points(xs: &[(f64, f64)], x0: f64, x1: f64, lo: f64, hi: f64) -> String {
    let sx = |x: f64| PAD + (x - x0) / (x1 - x0).max(1e-9) * (W - 2.0 * PAD);
    let sy = |y: f64| H - PAD - (y - lo) / (hi - lo).max(1e-9) * (H - 2.0 * PAD);
    xs.iter().map(|&(x, y)| format!("{:.1},{:.1}", sx(x), sy(y))).collect::<Vec<_>>().join(" ")
}

/// The input x, the target t and the output y (each output drawn under its window's
/// centre, as the 1D lab does).
pub fn signal_plot(x: &[f64], t: &[f64], y: &[f64], k: usize, tx: &LearnTexts) -> Html {
    let shift = (k as f64 - 1.0) / 2.0;
    let finite = |v: &&f64| v.is_finite();
    let all = x.iter().chain(t).chain(y).filter(finite);
    let lo = all.clone().fold(0.0f64, |a, &b| a.min(b)).max(-50.0);
    let hi = all.fold(0.0f64, |a, &b| a.max(b)).min(50.0);
    let n = x.len().max(2) as f64 - 1.0;
    let clamp = |v: f64| v.clamp(lo, hi);
    let xs: Vec<_> = x.iter().enumerate().map(|(i, &v)| (i as f64, v)).collect();
    let ts: Vec<_> = t.iter().enumerate().map(|(i, &v)| (i as f64 + shift, v)).collect();
    let ys: Vec<_> = y.iter().enumerate().map(|(i, &v)| (i as f64 + shift, clamp(v))).collect();
    let zero = points(&[(0.0, 0.0), (n, 0.0)], 0.0, n, lo, hi);
    html! {
        <figure class="learn-plot">
            <svg id="learn-plot" viewBox={format!("0 0 {W} {H}")} role="img" aria-label={tx.plot_label}>
                <polyline class="axis" points={zero} fill="none" stroke="#999" stroke-width="1" />
                <polyline class="series-x" points={points(&xs, 0.0, n, lo, hi)} fill="none" stroke="#555" stroke-width="2" />
                <polyline class="series-t" points={points(&ts, 0.0, n, lo, hi)} fill="none" stroke="#c0392b" stroke-width="3" stroke-dasharray="6 4" />
                <polyline class="series-y" points={points(&ys, 0.0, n, lo, hi)} fill="none" stroke="#1f6fb2" stroke-width="2.5" />
            </svg>
            <figcaption class="learn-legend">
                <span class="key key-x">{ "━ " }{ tx.input }</span>
                <span class="key key-t">{ "╍ " }{ tx.target }</span>
                <span class="key key-y">{ "━ " }{ tx.output }</span>
            </figcaption>
        </figure>
    }
}

/// The loss at each step, on a log scale (a converging run falls by orders of magnitude; a
/// diverging one climbs as steeply).
pub fn loss_curve(losses: &[f64], tx: &LearnTexts) -> Html {
    let logs: Vec<f64> = losses.iter().map(|&l| l.max(1e-12).log10()).collect();
    let lo = logs.iter().copied().fold(f64::INFINITY, f64::min).min(-1.0);
    let hi = logs.iter().copied().fold(f64::NEG_INFINITY, f64::max).max(lo + 1.0);
    let n = (losses.len().max(2) - 1) as f64;
    let pts: Vec<_> = logs.iter().enumerate().map(|(i, &v)| (i as f64, v)).collect();
    let sy = |y: f64| H - PAD - (y - lo) / (hi - lo) * (H - 2.0 * PAD);
    let decades: Vec<i32> = ((lo.ceil() as i32)..=(hi.floor() as i32)).collect();
    let every = decades.len().div_ceil(6).max(1);
    html! {
        <figure class="learn-loss">
            <svg id="learn-loss-curve" viewBox={format!("0 0 {W} {H}")} role="img" aria-label={tx.loss_curve}
                data-points={losses.len().to_string()}>
                { for decades.iter().step_by(every).map(|&d| html! {
                    <g>
                        <line x1={PAD.to_string()} x2={(W - PAD).to_string()} y1={format!("{:.1}", sy(d as f64))} y2={format!("{:.1}", sy(d as f64))}
                            stroke="#ddd" stroke-width="1" />
                        <text x="2" y={format!("{:.1}", sy(d as f64) + 4.0)} font-size="11" fill="#555">{ format!("1e{d}") }</text>
                    </g>
                }) }
                <polyline points={points(&pts, 0.0, n, lo, hi)} fill="none" stroke="#1f6fb2" stroke-width="2.5" />
            </svg>
            <figcaption>{ tx.loss_curve }</figcaption>
        </figure>
    }
}
