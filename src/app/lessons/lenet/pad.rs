//! The drawing panel: the pad, what the network sees in two steps (the 28×28 MNIST-style
//! image, then the 2-pixel zero border that makes the course's 32×32 input), the ten
//! probabilities, and where the weights come from (or why there are none).

use std::rc::Rc;

use yew::prelude::*;

use super::probabilities::Probabilities;
use super::texts::LenetTexts;
use crate::app::i18n::Lang;
use crate::app::training::reducer::TrainView;
use crate::app::training::state::{Phase, Pretrained, Source};
use crate::app::training::use_training;
use crate::app::widgets::drawpad::{DrawPad, Ink};
use crate::app::widgets::feature_maps::{Palette, Pixels};
use crate::data::preprocess_drawing;
use crate::nn::{LayerOutput, Sequential};

/// What is on the pad: nothing, the student's ink, or a digit sent from elsewhere.
#[derive(Clone, PartialEq)]
pub enum PadInput {
    Ink(Rc<Ink>),
    /// 28×28 in [0, 1], and the sending's revision.
    Digit(u32, Rc<Vec<f32>>),
}

impl PadInput {
    /// Changes when the picture changes (a cheap memo key).
    pub fn key(&self) -> (usize, u32) {
        match self {
            PadInput::Ink(i) => (Rc::as_ptr(i) as usize, 0),
            PadInput::Digit(rev, p) => (Rc::as_ptr(p) as usize, *rev),
        }
    }
}

/// The pad's picture through the network on screen: the two images it sees, every
/// layer's output, the probabilities.
#[derive(Debug, PartialEq)]
pub struct Prediction {
    pub seen28: Vec<f32>,
    pub input32: Vec<f32>,
    /// Every layer's output, and the ten probabilities: empty without weights (the two
    /// images need none).
    pub outputs: Vec<LayerOutput>,
    pub probs: Option<Vec<f32>>,
    /// Milliseconds for preprocessing + every layer's output (the benchmark reads it).
    pub ms: f64,
}

/// A 28×28 image with a 2-pixel zero border: the course's 32×32 input.
pub fn pad32(img28: &[f32]) -> Vec<f32> {
    let mut out = vec![0.0; 32 * 32];
    for y in 0..28 {
        out[(y + 2) * 32 + 2..(y + 2) * 32 + 30].copy_from_slice(&img28[y * 28..(y + 1) * 28]);
    }
    out
}

fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}

pub fn predict(model: Option<&mut Sequential<f32>>, input: &PadInput) -> Option<Prediction> {
    let t0 = now_ms();
    let (seen28, input32) = match input {
        // A cleared pad is an error of the preprocessing (no ink), which scans the pad
        // anyway, vectorised and at opt-level 3.
        PadInput::Ink(ink) => {
            let pre = preprocess_drawing(&ink.pixels, ink.width, ink.height).ok()?;
            (pre.mnist28, pre.input32)
        }
        PadInput::Digit(_, px) if px.len() == 28 * 28 => (px.to_vec(), pad32(px)),
        PadInput::Digit(..) => return None,
    };
    let outputs = match model {
        Some(m) => m.forward_all(&input32).unwrap_or_default(),
        None => vec![],
    };
    let probs = outputs.last().map(|o| o.data.clone());
    Some(Prediction { seen28, input32, outputs, probs, ms: now_ms() - t0 })
}

/// Where the weights on screen come from, or why there are none.
pub fn weights_line(t: &'static LenetTexts, lang: Lang, v: &TrainView) -> (String, bool) {
    match &v.source {
        Source::Pretrained => (t.using_pretrained.into(), false),
        Source::File => (t.using_file.into(), false),
        Source::Restored(s) => {
            (format!("{} ({})", t.using_restored, super::weights::saved_label(lang, s)), false)
        }
        Source::Run => (
            match v.phase.run() {
                Phase::Training => t.using_trained,
                Phase::Paused => t.using_run_paused,
                Phase::Finished => t.using_run_finished,
                Phase::Diverged(_) => t.using_run_diverged,
                _ => t.using_run_last,
            }
            .into(),
            false,
        ),
        Source::None => match &v.pretrained {
            Pretrained::Loading => (t.weights_loading.into(), false),
            Pretrained::Loaded => (t.no_weights.into(), true),
            Pretrained::FetchFailed => (t.no_weights_fetch.into(), true),
            Pretrained::Refused(why) => (format!("{} {why}", t.no_weights_refused), true),
        },
    }
}

#[derive(Properties, PartialEq)]
pub struct PadProps {
    pub t: &'static LenetTexts,
    pub lang: Lang,
    pub prediction: Rc<Option<Prediction>>,
    pub on_ink: Callback<Ink>,
    /// A digit sent to the pad (revision, 28×28).
    pub picture: Option<(u32, Rc<Vec<f32>>)>,
}

#[component]
pub fn PadPanel(p: &PadProps) -> Html {
    let (t, lang) = (p.t, p.lang);
    let tr = use_training();
    let (source, is_error) = weights_line(t, lang, &tr.view);
    let pred = p.prediction.as_ref().as_ref();
    html! {
        <section class="panel lenet-draw" aria-labelledby="draw-title">
            <h2 id="draw-title">{ t.draw_title }</h2>
            <p class="hint">{ t.draw_hint }</p>
            <div class="lenet-pad-row">
                <DrawPad id="pad" on_change={p.on_ink.clone()} label={t.pad_label} clear_label={t.clear}
                    picture={p.picture.clone()} />
                <figure class="lenet-seen">
                    <figcaption>{ t.seen_title }</figcaption>
                    <div class="seen-steps">
                        <div class="seen-step">
                            { match pred {
                                Some(p) => html! { <Pixels width={28} height={28} values={p.seen28.clone()} palette={Palette::Ink} display={84} title={t.seen_28} class={classes!("seen-28")} /> },
                                None => html! { <div class="seen-empty small" /> },
                            } }
                            <span>{ t.seen_28 }</span>
                        </div>
                        <span class="seen-arrow" aria-hidden="true">{ "→" }</span>
                        <div class="seen-step">
                            { match pred {
                                Some(p) => html! { <Pixels width={32} height={32} values={p.input32.clone()} palette={Palette::Ink} display={96} title={t.seen_32} class={classes!("seen-32")} /> },
                                None => html! { <div class="seen-empty" /> },
                            } }
                            <span>{ t.seen_32 }</span>
                        </div>
                    </div>
                </figure>
            </div>
            <Probabilities t={t} lang={lang} probs={pred.and_then(|p| p.probs.clone())} drawn={pred.is_some()} ms={pred.map_or(0.0, |p| p.ms)} />
            <p class={classes!("hint", is_error.then_some("error"))} id="weights-source"
                role={is_error.then_some("alert")}>{ source }</p>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_border_is_two_zero_pixels_around_the_28x28() {
        let img: Vec<f32> = (0..784).map(|i| 0.5 + (i % 7) as f32 / 100.0).collect();
        let p = pad32(&img);
        assert_eq!(p.len(), 1024);
        for y in 0..32 {
            for x in 0..32 {
                let inside = (2..30).contains(&y) && (2..30).contains(&x);
                let v = p[y * 32 + x];
                if inside {
                    assert_eq!(v, img[(y - 2) * 28 + x - 2]);
                } else {
                    assert_eq!(v, 0.0, "({y}, {x})");
                }
            }
        }
    }

    #[test]
    fn the_weights_line_follows_the_run_and_says_why_none() {
        use super::super::texts::EN;
        let line = |source: Source, phase: Phase, pretrained: Pretrained| {
            let v = TrainView { source, phase, pretrained, ..TrainView::default() };
            weights_line(&EN, Lang::En, &v)
        };
        let run = |phase| line(Source::Run, phase, Pretrained::Loaded).0;
        assert_eq!(run(Phase::Training), EN.using_trained);
        assert_eq!(run(Phase::Paused), EN.using_run_paused);
        assert_eq!(
            run(Phase::Finished),
            EN.using_run_finished,
            "a finished run is not in progress"
        );
        assert_eq!(
            run(Phase::Evaluating(crate::app::training::state::Rest::Finished)),
            EN.using_run_finished
        );
        assert_eq!(run(Phase::Diverged(f32::NAN)), EN.using_run_diverged);
        assert_eq!(
            line(Source::Pretrained, Phase::Idle, Pretrained::Loaded),
            (EN.using_pretrained.to_string(), false)
        );
        // No weights: never "pretrained (98.6%)"; why, as an error.
        assert_eq!(
            line(Source::None, Phase::Idle, Pretrained::FetchFailed),
            (EN.no_weights_fetch.to_string(), true)
        );
        let (text, err) = line(Source::None, Phase::Idle, Pretrained::Refused("bad magic".into()));
        assert!(err && text.starts_with(EN.no_weights_refused) && text.ends_with("bad magic"));
        assert!(!line(Source::None, Phase::Idle, Pretrained::Loading).1);
    }
}
