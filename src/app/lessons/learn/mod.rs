//! "How a kernel is learned" (issue 24): a hidden kernel made the target; the student's
//! kernel, one filter of the core, finds it by gradient descent, step by step, each
//! gradient written out as its sum over the windows. Every number is the core's
//! (`model.rs`): forward pass, `loss::mse`, backward pass, SGD.

mod charts;
pub mod choices;
pub mod exercise_link;
pub mod link;
pub mod model;
pub mod setup;
pub mod texts;

use std::rc::Rc;

use gloo_timers::callback::Interval;
use yew::prelude::*;

use crate::app::exercises::Lesson;
use crate::app::exercises::view::{ExercisePanel, LabLink};
use crate::app::i18n::Lang;
use crate::app::i18n::errors::nn_error;
use crate::app::i18n::num::{decimal, parse_decimal};
use crate::app::prefs::use_prefs;
use crate::app::share::{LinkNotices, ShareButton};
use crate::app::urlstate::{use_link, use_link_writer};
use crate::app::widgets::heatmap::{ColourMap, Heatmap};
use choices::{HIDDEN_1D, HIDDEN_2D, PICTURES, SIGNALS, hidden_1d, hidden_2d};
use link::{LINK_KEYS, LinkL};
use model::{Eval, MAX_STEPS, Problem, RATES, Run};
use setup::{problem, start};
use texts::LearnTexts;

/// A number as the page writes it: 3 decimals, the language's decimal mark.
fn n3(lang: Lang, v: f64) -> String {
    decimal(lang, v, 3)
}

/// `w₀`, `w₁₂`…
fn subscript(i: usize) -> String {
    i.to_string()
        .chars()
        .map(|c| char::from_u32(0x2080 + c as u32 - '0' as u32).unwrap_or(c))
        .collect()
}

/// A value in brackets when negative, so that `×` and `−` stay readable.
fn paren(lang: Lang, v: f64) -> String {
    // Judged on the number as written: −0.0004 is written 0, without brackets.
    let s = n3(lang, v);
    if s.starts_with(['−', '-']) { format!("({s})") } else { s }
}

/// Steps a tick of Run takes: one at a time at first, faster once the curve is long.
fn per_tick(steps: usize) -> usize {
    1 + steps / 60
}

fn select(
    id: &'static str,
    label: &'static str,
    options: Vec<String>,
    current: usize,
    on: Callback<usize>,
) -> Html {
    let onchange = Callback::from(move |e: Event| {
        if let Some(s) = e.target_dyn_into::<web_sys::HtmlSelectElement>()
            && let Ok(i) = s.value().parse::<usize>()
        {
            on.emit(i);
        }
    });
    html! {
        <label>{ label }{ " " }
            <select id={id} onchange={onchange}>
                { for options.iter().enumerate().map(|(i, o)| html! {
                    <option value={i.to_string()} selected={i == current}>{ o.clone() }</option>
                }) }
            </select>
        </label>
    }
}

/// The run of the current setting, rebuilt when the setting changes.
struct Current {
    setting: LinkL,
    run: Run,
}

#[component]
pub fn LearnLab() -> Html {
    let prefs = use_prefs();
    let lang = prefs.lang;
    let t = texts::texts(lang);
    let link = use_link(LINK_KEYS, LinkL::read);
    // The choices (without the steps taken and the chosen weight, which do not change the problem).
    let setting = use_state(|| LinkL { steps: 0, weight: 0, ..link.state.clone() });
    let weight = use_state(|| link.state.weight);
    let replay = use_mut_ref(|| Some(link.state.steps));
    let running = use_state(|| false);
    let guess = use_state(String::new);
    let current = use_mut_ref(|| None::<Current>);
    let update = use_force_update();
    let problem = use_memo((*setting).clone(), problem);

    // The run follows the setting: a new setting starts again (a link's steps are replayed once).
    if let Ok(p) = &*problem {
        let mut cur = current.borrow_mut();
        if cur.as_ref().is_none_or(|c| c.setting != *setting)
            && let Ok(mut run) = Run::start(p, start(&setting, p.hidden.len()))
        {
            let steps = replay.borrow_mut().take().unwrap_or(0).min(MAX_STEPS);
            let rate = RATES[setting.rate];
            for _ in 0..steps {
                if !run.advance(p, rate) {
                    break;
                }
            }
            *cur = Some(Current { setting: (*setting).clone(), run });
        }
    }

    // Run: a few steps every 40 ms (never one long task), until found, diverging or the end.
    {
        let (current, problem, update, running_h) =
            (current.clone(), problem.clone(), update.clone(), running.clone());
        use_effect_with((*running, (*setting).clone()), move |(on, setting)| {
            let rate = RATES[setting.rate];
            let timer = on.then(|| {
                Interval::new(40, move || {
                    let Ok(p) = &*problem else { return };
                    let mut stop = true;
                    if let Some(c) = current.borrow_mut().as_mut()
                        && c.run.converged_at.is_none()
                    {
                        let n = per_tick(c.run.steps());
                        stop = false;
                        for _ in 0..n {
                            if !c.run.advance(p, rate) {
                                stop = true;
                                break;
                            }
                            if c.run.converged_at.is_some()
                                || (c.run.diverging() && c.run.steps() >= 12)
                            {
                                stop = true;
                                break;
                            }
                        }
                    }
                    if stop {
                        running_h.set(false);
                    }
                    update.force_update();
                })
            });
            move || drop(timer)
        });
    }

    let set = {
        let (setting, running) = (setting.clone(), running.clone());
        move |f: fn(&mut LinkL, usize)| {
            let (setting, running) = (setting.clone(), running.clone());
            Callback::from(move |i: usize| {
                let mut l = (*setting).clone();
                f(&mut l, i);
                running.set(false);
                setting.set(l);
            })
        }
    };
    let on_view = set(|l, i| l.two_d = i == 1);
    let on_signal = set(|l, i| l.signal = i.min(SIGNALS.len() - 1));
    let on_picture = set(|l, i| l.picture = i.min(PICTURES.len() - 1));
    let on_hidden1 = set(|l, i| l.hidden1 = i.min(HIDDEN_1D.len() - 1));
    let on_hidden2 = set(|l, i| l.hidden2 = i.min(HIDDEN_2D.len() - 1));
    let on_start = set(|l, i| l.random_start = i == 1);
    let on_rate = set(|l, i| l.rate = i.min(RATES.len() - 1));
    {
        // A new 2D kernel may have fewer weights than the chosen one.
        let k = hidden_2d(setting.hidden2).weights.len();
        if *weight >= k {
            weight.set(0);
        }
    }

    let on_step = {
        let (current, problem, update, setting) =
            (current.clone(), problem.clone(), update.clone(), setting.clone());
        Callback::from(move |_: MouseEvent| {
            if let (Ok(p), Some(c)) = (&*problem, current.borrow_mut().as_mut()) {
                c.run.advance(p, RATES[setting.rate]);
            }
            update.force_update();
        })
    };
    let on_run = {
        let running = running.clone();
        Callback::from(move |_: MouseEvent| running.set(!*running))
    };
    let on_reset = {
        let (current, running, update) = (current.clone(), running.clone(), update.clone());
        Callback::from(move |_: MouseEvent| {
            *current.borrow_mut() = None;
            running.set(false);
            update.force_update();
        })
    };
    let on_guess = {
        let guess = guess.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(i) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                guess.set(i.value());
            }
        })
    };
    let on_pick = {
        let weight = weight.clone();
        let kc = hidden_2d(setting.hidden2).cols;
        Callback::from(move |(r, c): (usize, usize)| weight.set(r * kc + c))
    };

    let cur = current.borrow();
    let steps = cur.as_ref().map_or(0, |c| c.run.steps());
    let query =
        use_link_writer("/learn", LinkL { steps, weight: *weight, ..(*setting).clone() }.write());

    let body = match (&*problem, cur.as_ref()) {
        (Err(e), _) => html! { <p class="field-error" role="alert">{ nn_error(lang, e) }</p> },
        (Ok(_), None) => html! {},
        (Ok(p), Some(c)) => {
            lesson_body(p, &c.run, &setting, *weight, &guess, on_guess, on_pick, t, lang)
        }
    };

    let view_names = vec![t.view_1d.to_string(), t.view_2d.to_string()];
    let hidden1_names: Vec<String> = (0..HIDDEN_1D.len()).map(|i| hidden_1d(i, lang).1).collect();
    let hidden2_names: Vec<String> = (0..HIDDEN_2D.len())
        .map(|i| {
            let k = hidden_2d(i);
            if lang == Lang::Fr { k.name_fr } else { k.name_en }.to_string()
        })
        .collect();
    let rate_names: Vec<String> = RATES.iter().map(|&r| decimal(lang, r, 2)).collect();
    html! {
        <article class="page lab learn">
            <h1>{ t.title }</h1>
            <LinkNotices notices={link.notices.clone()} />
            <p class="lead">{ t.lead }</p>
            <div class="lab-controls">
                <ShareButton route="/learn" query={query} />
                { select("learn-view", t.view, view_names, usize::from(setting.two_d), on_view) }
                if setting.two_d {
                    { select("learn-picture", t.picture, t.picture_names.iter().map(|s| s.to_string()).collect(), setting.picture, on_picture) }
                    { select("learn-hidden", t.hidden, hidden2_names, setting.hidden2, on_hidden2) }
                } else {
                    { select("learn-signal", t.signal, t.signal_names.iter().map(|s| s.to_string()).collect(), setting.signal, on_signal) }
                    { select("learn-hidden", t.hidden, hidden1_names, setting.hidden1, on_hidden1) }
                }
                { select("learn-start", t.start, vec![t.start_zeros.to_string(), t.start_random.to_string()], usize::from(setting.random_start), on_start) }
                { select("learn-rate", t.rate, rate_names, setting.rate, on_rate) }
            </div>
            <div class="learn-buttons">
                <button type="button" class="btn" id="learn-step" onclick={on_step} disabled={*running}>{ t.step }</button>
                <button type="button" class="btn primary" id="learn-run" onclick={on_run} aria-pressed={running.to_string()}>
                    { if *running { t.pause } else { t.run } }
                </button>
                <button type="button" class="btn" id="learn-reset" onclick={on_reset}>{ t.reset }</button>
            </div>
            { body }
            <aside class="callout">
                <h2>{ t.why_title }</h2>
                { for t.why.iter().map(|s| html! { <p>{ *s }</p> }) }
            </aside>
            <aside class="callout try">
                <h2>{ t.try_title }</h2>
                <ul>{ for t.try_items.iter().map(|s| html! { <li>{ *s }</li> }) }</ul>
            </aside>
            <ExercisePanel lesson={Lesson::Learn} lab_link={LabLink(exercise_link::lab_link)} />
        </article>
    }
}

/// The status line: the step and loss, then found, diverging or how far it still is.
fn status(p: &Problem, run: &Run, rate: f64, limit: f64, t: &LearnTexts, lang: Lang) -> Html {
    let loss = run.losses.last().copied().unwrap_or(0.0);
    let line =
        t.status.replace("{s}", &run.steps().to_string()).replace("{l}", &decimal(lang, loss, 6));
    let verdict = if let Some(s) = run.converged_at {
        html! { <p id="learn-converged" class="learn-found">{ t.converged.replace("{s}", &s.to_string()) }</p> }
    } else if run.diverging() {
        html! {
            <p id="learn-diverging" class="field-error" role="alert">
                { t.diverging.replace("{r}", &decimal(lang, rate, 2)).replace("{m}", &decimal(lang, limit, 3)) }
                if run.blew_up { { " " }{ t.blew_up } }
            </p>
        }
    } else {
        let far = t.not_yet.replace("{d}", &n3(lang, p.distance(run.current())));
        let end = if run.steps() >= MAX_STEPS {
            t.max_steps.replace("{n}", &MAX_STEPS.to_string())
        } else {
            String::new()
        };
        html! { <p class="learn-far">{ far }{ " " }{ end }</p> }
    };
    html! {
        <div class="learn-status" aria-live="polite">
            <p id="learn-status"><strong>{ line }</strong></p>
            { verdict }
        </div>
    }
}

/// Weight `j`'s gradient written out: `(2/N) × [e₀×x + e₁×x + …] = g` (in 2D, the terms
/// where x = 0 are left out), then its update.
fn weight_lines(
    p: &Problem,
    e: &Eval,
    j: usize,
    rate: f64,
    skip_zeros: bool,
    t: &LearnTexts,
    lang: Lang,
) -> Html {
    let terms = p.terms(e, j);
    let n = terms.len();
    let shown: Vec<_> = terms.iter().filter(|x| !skip_zeros || x.x != 0.0).collect();
    let zeros = n - shown.len();
    let sum = shown
        .iter()
        .map(|x| format!("{}×{}", paren(lang, x.error), paren(lang, x.x)))
        .collect::<Vec<_>>()
        .join(" + ");
    let g = e.grad[j];
    let w = e.weights[j];
    let after = w - rate * g;
    let name = format!("w{}", subscript(j));
    html! {
        <div class="learn-weight" id={format!("learn-sum-{j}")} data-grad={g.to_string()}>
            <p><strong>{ format!("{name} = {}", n3(lang, w)) }</strong></p>
            <p><code class="arith">{ format!("∂L/∂{name} = (2/{n}) × [{sum}] = {}", n3(lang, g)) }</code></p>
            if skip_zeros && zeros > 0 {
                <p class="learn-note">{ t.zeros_left.replace("{z}", &zeros.to_string()) }</p>
            }
            <p><code class="arith" id={format!("learn-update-{j}")}>{ format!("{name} ← {} − {} × {} = {}", n3(lang, w), decimal(lang, rate, 2), paren(lang, g), n3(lang, after)) }</code></p>
        </div>
    }
}

#[allow(clippy::too_many_arguments)]
fn lesson_body(
    p: &Problem,
    run: &Run,
    setting: &LinkL,
    weight: usize,
    guess: &str,
    on_guess: Callback<InputEvent>,
    on_pick: Callback<(usize, usize)>,
    t: &LearnTexts,
    lang: Lang,
) -> Html {
    let rate = RATES[setting.rate];
    let limit = p.largest_stable_rate();
    let k = p.hidden.len();
    let Ok(e) = p.evaluate(run.current()) else {
        return html! {};
    };
    // The guess: k numbers (a French decimal comma is fine: spaces or ; separate).
    let parsed: Option<Vec<f64>> =
        guess.split([' ', ';', '\u{a0}']).filter(|s| !s.is_empty()).map(parse_decimal).collect();
    let guess_line = match parsed {
        _ if guess.trim().is_empty() => html! {},
        Some(g) if g.len() == k => match p.evaluate(&g) {
            Ok(ge) => {
                html! { <p id="learn-guess-loss">{ t.guess_loss.replace("{l}", &decimal(lang, ge.loss, 6)) }</p> }
            }
            Err(err) => html! { <p class="field-error" role="alert">{ nn_error(lang, &err) }</p> },
        },
        _ => {
            html! { <p id="learn-guess-loss" class="field-error" role="alert">{ t.guess_bad.replace("{k}", &k.to_string()) }</p> }
        }
    };
    let hidden_numbers = p.hidden.iter().map(|&v| n3(lang, v)).collect::<Vec<_>>().join("  ");
    let common_top = html! {
        <>
            <div class="learn-guess">
                <label>{ t.guess_label.replace("{k}", &k.to_string()) }
                    <input type="text" id="learn-guess" value={guess.to_string()} oninput={on_guess} inputmode="decimal" />
                </label>
                { guess_line }
            </div>
            { status(p, run, rate, limit, t, lang) }
            <p class="learn-limit" id="learn-limit">{ t.limit.replace("{m}", &decimal(lang, limit, 3)) }</p>
        </>
    };
    let loss_line = t
        .loss_line
        .replace("{l}", &decimal(lang, e.loss, 6))
        .replace("{n}", &p.outputs().to_string());
    if p.rows == 1 {
        html! {
            <>
                { common_top }
                <div class="learn-charts">
                    { charts::signal_plot(&p.input, &p.target, &e.output, k, t) }
                    { charts::loss_curve(&run.losses, t) }
                </div>
                <details class="learn-hidden-numbers">
                    <summary>{ t.show_hidden }</summary>
                    <p id="learn-hidden-values">{ hidden_numbers }</p>
                </details>
                <section class="learn-step lab-readout" id="learn-sums">
                    <h2>{ t.this_step }</h2>
                    <p><code class="arith" id="learn-loss-line">{ loss_line }</code></p>
                    <p class="learn-note">{ t.grad_formula }</p>
                    <p class="learn-note">{ t.update_formula }</p>
                    { for (0..k).map(|j| weight_lines(p, &e, j, rate, false, t, lang)) }
                </section>
            </>
        }
    } else {
        let j = weight.min(k - 1);
        let mark = Some((j / p.kc, j % p.kc));
        html! {
            <>
                { common_top }
                <div class="learn-maps">
                    <div class="learn-map"><p class="learn-map-title">{ t.kernel_yours }</p>
                    <Heatmap id="learn-kernel" rows={p.kr} cols={p.kc} values={Rc::new(e.weights.clone())}
                        label={AttrValue::from(t.kernel_yours)} width={200.0} mark={mark} on_pick={on_pick} /></div>
                    <div class="learn-map"><p class="learn-map-title">{ t.kernel_hidden }</p>
                    <Heatmap id="learn-hidden-map" rows={p.kr} cols={p.kc} values={Rc::new(p.hidden.clone())}
                        label={AttrValue::from(t.kernel_hidden)} width={200.0} /></div>
                    <div class="learn-map"><p class="learn-map-title">{ t.input }</p>
                    <Heatmap id="learn-picture" rows={p.rows} cols={p.cols} values={Rc::new(p.input.clone())}
                        map={ColourMap::Grey} label={AttrValue::from(t.input)} width={220.0} /></div>
                    <div class="learn-map"><p class="learn-map-title">{ t.target }</p>
                    <Heatmap id="learn-target" rows={p.out_rows()} cols={p.out_cols()} values={Rc::new(p.target.clone())}
                        label={AttrValue::from(t.target)} width={220.0} /></div>
                    <div class="learn-map"><p class="learn-map-title">{ t.output }</p>
                    <Heatmap id="learn-output" rows={p.out_rows()} cols={p.out_cols()} values={Rc::new(e.output.clone())}
                        label={AttrValue::from(t.output)} width={220.0} /></div>
                </div>
                { charts::loss_curve(&run.losses, t) }
                <section class="learn-step lab-readout" id="learn-sums">
                    <h2>{ t.this_step }</h2>
                    <p><code class="arith" id="learn-loss-line">{ loss_line }</code></p>
                    <p class="learn-note">{ t.grad2_formula }</p>
                    <p class="learn-note">{ t.update_formula }</p>
                    <p id="learn-picked">{ t.pick_weight.replace("{w}", &format!("w{}", subscript(j))).replace("{r}", &(j / p.kc + 1).to_string()).replace("{c}", &(j % p.kc + 1).to_string()) }</p>
                    { weight_lines(p, &e, j, rate, true, t, lang) }
                </section>
            </>
        }
    }
}
