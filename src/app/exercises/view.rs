//! The exercises panel at the end of a lesson: one question at a time, a hint on demand, the
//! worked solution after a wrong answer, "another one" for a fresh variant, and the score
//! kept in `localStorage`.

use yew::prelude::*;

use super::model::{Answer, Exercise, Kind, Lesson, Prompt, Response};
use super::panel_texts::texts;
use super::progress::{Progress, STORAGE_KEY};
use super::texts::{answer_text, hint, kind_title, option_label, prompt, solution};
use super::{from_evaluation, generate, parse_number, parse_size};
use crate::app::prefs::{storage, use_prefs};
use crate::app::urlstate::Query;

pub fn load_progress() -> Progress {
    storage()
        .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
        .map(|s| Progress::decode(&s))
        .unwrap_or_default()
}

fn save_progress(p: &Progress) {
    if let Some(s) = storage() {
        let _ = s.set_item(STORAGE_KEY, &p.encode());
    }
}

fn fresh_seed() -> u64 {
    (js_sys::Math::random() * 1e9) as u64
}

#[derive(Clone, PartialEq)]
enum Outcome {
    None,
    Invalid(&'static str),
    Right,
    Wrong,
}

/// The question's text with its matrices as tables (rows of `[a, b, c]` lines), so a screen
/// reader reads a grid cell by cell and the numbers line up.
fn prompt_html(text: &str) -> Html {
    fn row(line: &str) -> Option<Vec<&str>> {
        let inner = line.trim().strip_prefix('[')?.strip_suffix(']')?;
        let sep = if inner.contains(';') { ';' } else { ',' };
        let cells: Vec<&str> = inner.split(sep).map(str::trim).collect();
        cells.iter().all(|c| !c.is_empty()).then_some(cells)
    }
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let mut rows = Vec::new();
        while let Some(r) = lines.get(i + rows.len()).and_then(|l| row(l)) {
            rows.push(r);
        }
        if rows.len() >= 2 {
            i += rows.len();
            out.push(html! {
                <table class="ex-grid">
                    <tbody>{ for rows.iter().map(|r| html! {
                        <tr>{ for r.iter().map(|c| html! { <td>{ *c }</td> }) }</tr>
                    }) }</tbody>
                </table>
            });
        } else {
            out.push(html! { <p>{ lines[i] }</p> });
            i += 1;
        }
    }
    html! { <>{ for out }</> }
}

/// "Open the lab on this case": the lab's route and query for a question, if the lab can show
/// it. The page gives it (each lab knows its own link), so the panel imports no lab.
#[derive(Clone, Copy)]
pub struct LabLink(pub fn(&Exercise) -> Option<(&'static str, Query)>);

impl PartialEq for LabLink {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::fn_addr_eq(self.0, other.0)
    }
}

#[derive(Properties, PartialEq)]
pub struct PanelProps {
    pub lesson: Lesson,
    /// The page's lab link for its questions (none on pages without a lab).
    #[prop_or_default]
    pub lab_link: Option<LabLink>,
    /// LeNet's page passes the confusion matrix of the student's own last evaluation: its
    /// confusion-matrix questions then read it. Other pages (and the light bundle, which has
    /// no training session) pass nothing.
    #[prop_or_default]
    pub confusion: Option<[[u32; 10]; 10]>,
}

#[component]
pub fn ExercisePanel(p: &PanelProps) -> Html {
    let prefs = use_prefs();
    let (lang, present) = (prefs.lang, prefs.present);
    let t = texts(lang);
    let kinds = p.lesson.kinds();
    // A link may name the question (`ex=c1-window&seed=42`): the same one on every screen.
    let linked = use_memo(p.lesson, |lesson| {
        let q = crate::app::urlstate::current_query();
        let kind = q.get("ex").and_then(Kind::from_code).filter(|k| k.lesson() == *lesson)?;
        let seed = q.get("seed")?.trim().parse::<u64>().ok()?;
        Some((lesson.kinds().iter().position(|k| *k == kind)?, seed))
    });
    let kind_ix = use_state(|| linked.map_or(0, |(i, _)| i));
    let seed = use_state(|| linked.map_or_else(fresh_seed, |(_, s)| s));
    // Opened from a question's link: the question is what the student came for.
    {
        let linked = linked.is_some();
        use_effect_with((), move |_| {
            if linked
                && let Some(el) = web_sys::window()
                    .and_then(|w| w.document())
                    .and_then(|d| d.get_element_by_id("exercises"))
            {
                el.scroll_into_view();
            }
        });
    }
    let typed = use_state(String::new);
    let picked = use_state(|| None::<usize>);
    let order = use_state(Vec::<usize>::new);
    let outcome = use_state(|| Outcome::None);
    let show_hint = use_state(|| false);
    // Teacher view: at the projector the class answers aloud; the answer shows on `A`.
    let revealed = use_state(|| false);
    let progress = use_state(load_progress);

    let kind: Kind = kinds[(*kind_ix).min(kinds.len() - 1)];
    // On LeNet, the confusion-matrix questions read the student's own last evaluation.
    let own = p.confusion.filter(|_| p.lesson == Lesson::Lenet);
    let ex: std::rc::Rc<Exercise> = use_memo((kind, *seed, own), |(k, s, own)| {
        own.as_ref().and_then(|m| from_evaluation(*k, *s, m)).unwrap_or_else(|| generate(*k, *s))
    });
    let own_used = own.is_some_and(|m| {
        matches!(&ex.prompt, Prompt::LenetConfusion { confusion, .. } | Prompt::LenetMostConfused { confusion } if *confusion == m)
    });

    let reset_answer = {
        let (typed, picked, order, outcome, show_hint, revealed) = (
            typed.clone(),
            picked.clone(),
            order.clone(),
            outcome.clone(),
            show_hint.clone(),
            revealed.clone(),
        );
        move || {
            revealed.set(false);
            typed.set(String::new());
            picked.set(None);
            order.set(Vec::new());
            outcome.set(Outcome::None);
            show_hint.set(false);
        }
    };
    let choose_kind = |i: usize| {
        let (kind_ix, seed, reset) = (kind_ix.clone(), seed.clone(), reset_answer.clone());
        Callback::from(move |_: MouseEvent| {
            kind_ix.set(i);
            seed.set(fresh_seed());
            reset();
        })
    };
    let on_another = {
        let (seed, reset) = (seed.clone(), reset_answer.clone());
        Callback::from(move |_: MouseEvent| {
            seed.set(fresh_seed());
            reset();
        })
    };
    let on_hint = {
        let show_hint = show_hint.clone();
        Callback::from(move |_: MouseEvent| show_hint.set(true))
    };
    let on_submit = {
        let (ex, typed, picked, order, outcome, progress) = (
            ex.clone(),
            typed.clone(),
            picked.clone(),
            order.clone(),
            outcome.clone(),
            progress.clone(),
        );
        let lesson = p.lesson;
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            // One mark per question: a second check of the same answer does not count twice.
            if matches!(*outcome, Outcome::Right | Outcome::Wrong) {
                return;
            }
            let response = match &ex.answer {
                Answer::Number { .. } | Answer::Integer(_) => match parse_number(&typed) {
                    Some(x) => Response::Number(x),
                    None => return outcome.set(Outcome::Invalid(t.not_a_number)),
                },
                Answer::Size(..) => match parse_size(&typed) {
                    Some((a, b)) => Response::Size(a, b),
                    None => return outcome.set(Outcome::Invalid(t.not_a_size)),
                },
                Answer::Choice { .. } => match *picked {
                    Some(c) => Response::Choice(c),
                    None => return outcome.set(Outcome::Invalid(t.pick_one)),
                },
                Answer::Order { options, .. } => {
                    if order.len() != options.len() {
                        return outcome.set(Outcome::Invalid(t.pick_one));
                    }
                    Response::Order((*order).clone())
                }
            };
            let right = ex.check(&response);
            let mut next = (*progress).clone();
            next.record(lesson, right);
            save_progress(&next);
            progress.set(next);
            outcome.set(if right { Outcome::Right } else { Outcome::Wrong });
        })
    };
    let on_reset_progress = {
        let progress = progress.clone();
        Callback::from(move |_: MouseEvent| {
            let empty = Progress::default();
            save_progress(&empty);
            progress.set(empty);
        })
    };

    let done = matches!(*outcome, Outcome::Right | Outcome::Wrong);
    {
        let revealed = revealed.clone();
        crate::app::present::use_document_keys(present, move |e| {
            if present && matches!(e.key().as_str(), "a" | "A") {
                e.prevent_default();
                revealed.set(true);
            }
        });
    }
    let on_reveal = {
        let revealed = revealed.clone();
        Callback::from(move |_: MouseEvent| revealed.set(true))
    };
    // The lab on the question's own numbers (a same-page link remounts the lab, which reads
    // it, from the top).
    let open_lab = match p.lab_link.and_then(|l| (l.0)(&ex)) {
        Some((route, mut q)) => {
            q.set("lang", lang.code());
            html! {
                <p><a class="btn" id="ex-open-lab" href={format!("#{route}?{}", q.encode())}>{ t.open_lab }{ " →" }</a></p>
            }
        }
        None => html! {},
    };
    let question_href = {
        let route = web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default();
        let route = Query::split_hash(&route).0.to_string();
        let mut q = Query::default();
        q.set("ex", kind.code());
        q.set("seed", &seed.to_string());
        q.set("lang", lang.code());
        format!("#{route}?{}", q.encode())
    };
    let input = match &ex.answer {
        Answer::Number { .. } | Answer::Integer(_) | Answer::Size(..) => {
            let typed_h = typed.clone();
            let oninput = Callback::from(move |e: InputEvent| {
                let v = e.target_unchecked_into::<web_sys::HtmlInputElement>().value();
                typed_h.set(v);
            });
            let is_size = matches!(ex.answer, Answer::Size(..));
            html! {
                <label class="ex-input">{ t.your_answer }
                    if is_size { <small>{ format!(" ({})", t.size_format) }</small> }
                    <input id="ex-answer" type="text" inputmode={if is_size { "text" } else { "decimal" }} autocomplete="off"
                        value={(*typed).clone()} {oninput} disabled={done}
                        aria-invalid={matches!(*outcome, Outcome::Invalid(_)).to_string()} />
                </label>
            }
        }
        Answer::Choice { options, .. } => html! {
            <div class="ex-choices" role="radiogroup" aria-label={t.your_answer}>
                { for options.iter().enumerate().map(|(i, o)| {
                    let picked_h = picked.clone();
                    let on = *picked == Some(i);
                    html! {
                        <button type="button" role="radio" aria-checked={on.to_string()} class={classes!("btn", "ex-choice", on.then_some("picked"))}
                            disabled={done} onclick={Callback::from(move |_: MouseEvent| picked_h.set(Some(i)))}>
                            { option_label(lang, o) }
                        </button>
                    }
                }) }
            </div>
        },
        Answer::Order { options, .. } => {
            let clear = {
                let order = order.clone();
                Callback::from(move |_: MouseEvent| order.set(Vec::new()))
            };
            html! {
                <div class="ex-order">
                    <div class="ex-choices">
                        { for options.iter().enumerate().map(|(i, o)| {
                            let order_h = order.clone();
                            let pos = order.iter().position(|&x| x == i);
                            html! {
                                <button type="button" class={classes!("btn", "ex-choice", pos.is_some().then_some("picked"))}
                                    disabled={done || pos.is_some()}
                                    onclick={Callback::from(move |_: MouseEvent| { let mut v = (*order_h).clone(); v.push(i); order_h.set(v); })}>
                                    if let Some(p) = pos { <span class="ex-rank">{ p + 1 }</span> }
                                    { option_label(lang, o) }
                                </button>
                            }
                        }) }
                    </div>
                    <button type="button" class="btn small" onclick={clear} disabled={done}>{ t.order_clear }</button>
                </div>
            }
        }
    };
    let matrix = match &ex.prompt {
        Prompt::LenetConfusion { confusion, .. } | Prompt::LenetMostConfused { confusion } => {
            html! {
                <table class="ex-confusion" aria-label={t.true_digit}>
                    <thead><tr><th scope="col">{ t.true_digit }</th>{ for (0..10).map(|j| html! { <th scope="col">{ j }</th> }) }</tr></thead>
                    <tbody>{ for confusion.iter().enumerate().map(|(i, row)| html! {
                        <tr><th scope="row">{ i }</th>{ for row.iter().enumerate().map(|(j, v)| html! {
                            <td class={classes!((i == j).then_some("diag"))}>{ v }</td>
                        }) }</tr>
                    }) }</tbody>
                </table>
            }
        }
        _ => html! {},
    };
    let score = progress.score(p.lesson);

    html! {
        <section class="panel exercises" aria-labelledby="ex-heading" id="exercises">
            <h2 id="ex-heading">{ t.heading }</h2>
            <p class="hint">{ t.lead }</p>
            <div class="ex-kinds" role="tablist">
                { for kinds.iter().enumerate().map(|(i, k)| {
                    // The tab's title only: generating a sample of each kind at every render
                    // built a whole LeNet (Glorot draws included) for LeNet's tabs, 4 times a
                    // second while training (≈ 4 % of the main thread).
                    let on = *k == kind;
                    html! {
                        <button type="button" role="tab" aria-selected={on.to_string()} class={classes!("btn", "small", on.then_some("current"))}
                            id={format!("ex-kind-{}", k.code())} onclick={choose_kind(i)}>{ kind_title(lang, *k) }</button>
                    }
                }) }
            </div>
            <form class="ex-card" onsubmit={on_submit} data-kind={kind.code()} data-seed={seed.to_string()}>
                <a class="ex-link" id="ex-link" href={question_href}>{ t.question_link }</a>
                <div class="ex-prompt" id="ex-prompt">{ prompt_html(&prompt(lang, &ex)) }</div>
                if own_used { <p class="hint ex-own" id="ex-own">{ t.own_network }</p> }
                { matrix }
                { input }
                <div class="ex-buttons">
                    <button type="submit" class="btn primary" id="ex-check" disabled={done}>{ t.check }</button>
                    <button type="button" class="btn" id="ex-hint" onclick={on_hint} disabled={*show_hint || done}>{ t.hint }</button>
                    <button type="button" class="btn" id="ex-another" onclick={on_another}>{ t.another }</button>
                </div>
                if *show_hint && !done { <p class="ex-hint" id="ex-hint-text">{ hint(lang, &ex) }</p> }
                if present && !done {
                    if *revealed {
                        <div class="ex-revealed" id="ex-revealed">
                            <p><strong>{ t.revealed }</strong>{ " " }{ answer_text(lang, &ex) }</p>
                            <pre class="ex-solution" tabindex="0">{ solution(lang, &ex).join("\n") }</pre>
                        </div>
                    } else {
                        <button type="button" class="btn ex-reveal" id="ex-reveal" onclick={on_reveal}>{ t.reveal }</button>
                    }
                }
                <div aria-live="polite" id="ex-feedback">
                    { match &*outcome {
                        Outcome::None => html! {},
                        Outcome::Invalid(m) => html! { <p class="field-error" role="alert">{ *m }</p> },
                        Outcome::Right => html! {
                            <>
                                <p class="msg ok ex-right">{ t.right }{ " " }{ answer_text(lang, &ex) }</p>
                                { open_lab.clone() }
                            </>
                        },
                        Outcome::Wrong => html! {
                            <div class="ex-wrong">
                                <p class="msg">{ t.wrong }</p>
                                <pre class="ex-solution" id="ex-solution" tabindex="0">{ solution(lang, &ex).join("\n") }</pre>
                                <p><strong>{ t.worked }</strong>{ " " }{ answer_text(lang, &ex) }</p>
                                { open_lab.clone() }
                            </div>
                        },
                    } }
                </div>
            </form>
            <p class="ex-score" id="ex-score" data-answered={score.answered.to_string()} data-right={score.right.to_string()}>
                { t.score.replace("{r}", &score.right.to_string()).replace("{a}", &score.answered.to_string()) }
                { " " }
                <button type="button" class="btn small" id="ex-reset" onclick={on_reset_progress}>{ t.reset }</button>
            </p>
        </section>
    }
}
