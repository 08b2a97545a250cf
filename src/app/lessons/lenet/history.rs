//! The runs kept in this browser (`app::training::runs`), as a table: sortable by any
//! column (buttons in the headers), each run with "Open this run" (its network and
//! settings back in the form) and "Forget" (with an undo, as for "Forget all": a mis-click
//! must not wipe a class's work); two to four ticked runs are drawn on one chart
//! (`compare_chart`).

use std::rc::Rc;

use yew::prelude::*;

use super::compare_chart::{CompareChart, Metric, STYLES, legend_line};
use super::history_texts::{HistoryTexts, texts};
use crate::app::i18n::Lang;
use crate::app::i18n::num::{integer, percent};
use crate::app::training::runs::{self, Run, SortKey, sorted};
use crate::app::training::state::Phase;
use crate::app::training::use_training;

/// Runs on one chart, at most.
const MAX_PICKED: usize = 4;

#[derive(Properties, PartialEq)]
pub struct HistoryProps {
    pub lang: Lang,
}

/// At most `n` characters of `s` (an ellipsis says the rest is in the tooltip).
fn shorten(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(n - 1).collect::<String>())
    }
}

/// When the run started, in the student's time zone.
fn date(t: &HistoryTexts, at_ms: f64) -> String {
    let d = js_sys::Date::new(&at_ms.into());
    t.date(d.get_month(), d.get_date(), d.get_hours(), d.get_minutes())
}

/// The legend's name of a run: when, and which network.
fn label(t: &HistoryTexts, r: &Run) -> String {
    format!("{} — {}", date(t, r.at_ms), shorten(&t.network(r), 44))
}

#[component]
pub fn HistoryPanel(p: &HistoryProps) -> Html {
    let (lang, t) = (p.lang, texts(p.lang));
    let tr = use_training();
    let h = &tr.view.history;
    let sort = use_state(|| (SortKey::Date, true));
    let picked = use_state(Vec::<u64>::new);
    // The runs last forgotten, for the undo.
    let undo = use_state(|| None::<Rc<Vec<Rc<Run>>>>);
    let opened = use_state(|| None::<u64>);
    let metric = use_state(|| Metric::Accuracy);
    let busy = tr.view.phase == Phase::Training;
    let chars = use_memo(h.rev, {
        let runs = h.runs.clone();
        move |_| runs::stored_chars(&runs)
    });
    // Ticked runs that are still kept, in the order they were ticked.
    let chosen: Vec<Rc<Run>> =
        picked.iter().filter_map(|id| h.runs.iter().find(|r| r.id == *id).cloned()).collect();

    let forget = {
        let (tr, undo, opened) = (tr.clone(), undo.clone(), opened.clone());
        let runs = h.runs.clone();
        Callback::from(move |ids: Vec<u64>| {
            let gone: Vec<Rc<Run>> = runs.iter().filter(|r| ids.contains(&r.id)).cloned().collect();
            if gone.len() == runs.len() {
                // Every run: the values that no longer read go too.
                runs::clear_unreadable();
            }
            if ids.iter().any(|id| Some(*id) == *opened) {
                opened.set(None);
            }
            tr.forget_runs(ids);
            undo.set(Some(Rc::new(gone)));
        })
    };
    let on_undo = {
        let (tr, undo) = (tr.clone(), undo.clone());
        Callback::from(move |_| {
            if let Some(gone) = &*undo {
                tr.remember_runs(gone.to_vec());
            }
            undo.set(None);
        })
    };

    let table = {
        let rows = sorted(&h.runs, sort.0, sort.1);
        let header = |k: SortKey| {
            let on = sort.0 == k;
            let aria = match (on, sort.1) {
                (false, _) => "none",
                (true, true) => "descending",
                (true, false) => "ascending",
            };
            let arrow = match (on, sort.1) {
                (false, _) => "",
                (true, true) => " ▼",
                (true, false) => " ▲",
            };
            let onclick = {
                let sort = sort.clone();
                Callback::from(move |_| {
                    let (key, desc) = *sort;
                    sort.set(if key == k { (k, !desc) } else { (k, k.first_descending()) });
                })
            };
            let id = format!("sort-{}", format!("{k:?}").to_lowercase());
            let title = t
                .column_hint(k)
                .map_or_else(|| t.sort_hint.to_string(), |h| format!("{h}. {}", t.sort_hint));
            html! {
                <th scope="col" aria-sort={aria}>
                    <button type="button" class="sort" id={id} title={title} onclick={onclick}>{ t.column(k) }{ arrow }</button>
                </th>
            }
        };
        let row = |r: &Rc<Run>| {
            let id = r.id;
            let is_picked = picked.contains(&id);
            let full = picked.len() >= MAX_PICKED && !is_picked;
            let on_pick = {
                let picked = picked.clone();
                Callback::from(move |_| {
                    let mut v = (*picked).clone();
                    if let Some(i) = v.iter().position(|p| *p == id) {
                        v.remove(i);
                    } else if v.len() < MAX_PICKED {
                        v.push(id);
                    }
                    picked.set(v);
                })
            };
            let readable = r.architecture().is_some();
            let on_open = {
                let (tr, opened, r) = (tr.clone(), opened.clone(), r.clone());
                Callback::from(move |_| {
                    if tr.open_run(&r) {
                        opened.set(Some(r.id));
                        if let Some(e) = web_sys::window()
                            .and_then(|w| w.document())
                            .and_then(|d| d.get_element_by_id("train-title"))
                        {
                            e.scroll_into_view();
                        }
                    }
                })
            };
            let on_forget = {
                let forget = forget.clone();
                Callback::from(move |_| forget.emit(vec![id]))
            };
            let name = t.network(r);
            let acc =
                |a: Option<f32>| a.map_or_else(|| "—".to_string(), |a| percent(lang, a.into(), 1));
            let open_title = if !readable {
                Some(t.open_broken)
            } else if busy {
                Some(t.open_busy)
            } else {
                None
            };
            let colour = chosen.iter().position(|c| c.id == id).map(|i| STYLES[i]);
            html! {
                <tr id={format!("run-{id}")} class={classes!(is_picked.then_some("picked"))}
                    data-best={r.best.map(|b| b.to_string())} data-end={format!("{:?}", r.end).to_lowercase()}>
                    <td class="pick">
                        <input type="checkbox" id={format!("run-pick-{id}")} checked={is_picked} disabled={full}
                            aria-label={format!("{} — {}", t.pick, label(t, r))} title={full.then_some(t.compare_max)} onchange={on_pick} />
                        { colour.map(legend_line).unwrap_or_default() }
                    </td>
                    <td class="net" title={r.arch.clone()} data-label={t.column(SortKey::Network)}>
                        if name == r.arch { <code>{ name }</code> } else { { name } }
                    </td>
                    <td data-label={t.column(SortKey::Params)} class="num">{ integer(lang, r.params) }</td>
                    <td data-label={t.column(SortKey::Optimizer)}>{ format!("{} {}", t.optimizer(r.optimizer), t.rate(r.learning_rate)) }</td>
                    <td data-label={t.column(SortKey::Batch)} class="num">{ r.batch_size }</td>
                    <td data-label={t.column(SortKey::Epochs)} class="num">{ r.epochs }</td>
                    <td data-label={t.column(SortKey::Best)} class="num best">{ acc(r.best) }</td>
                    <td data-label={t.column(SortKey::Last)} class="num">{ acc(r.last) }</td>
                    <td data-label={t.column(SortKey::Time)} class="num">{ t.duration(r.wall_seconds) }</td>
                    <td class="num" data-label={t.column(SortKey::Speed)}>{ r.examples_per_s().map_or_else(|| "—".to_string(), |v| integer(lang, v.round() as u64)) }</td>
                    <td class="date" data-label={t.column(SortKey::Date)}>{ date(t, r.at_ms) }<br />
                        <span class={classes!("end", format!("end-{:?}", r.end).to_lowercase())}>{ t.end(r.end) }</span></td>
                    <td class="actions">
                        <button type="button" class="btn small open" id={format!("run-open-{id}")} disabled={busy || !readable}
                            aria-label={format!("{} — {}", t.open_full, label(t, r))} title={open_title.unwrap_or(t.open_full)} onclick={on_open}>{ t.open }</button>
                        <button type="button" class="btn small forget" id={format!("run-forget-{id}")}
                            aria-label={format!("{} — {}", t.forget_full, label(t, r))} title={t.forget_full} onclick={on_forget}>{ t.forget }</button>
                    </td>
                </tr>
            }
        };
        html! {
            <div class="table-scroll" role="region" tabindex="0" aria-labelledby="history-caption">
                <table class="runs" id="runs">
                    <caption id="history-caption">{ t.caption }</caption>
                    <thead><tr>
                        <th scope="col">{ t.compare_col }</th>
                        { for SortKey::ALL.into_iter().map(header) }
                        <th scope="col">{ t.actions_col }</th>
                    </tr></thead>
                    <tbody>{ for rows.iter().map(row) }</tbody>
                </table>
            </div>
        }
    };

    let on_forget_all = {
        let (forget, ids) = (forget.clone(), h.runs.iter().map(|r| r.id).collect::<Vec<_>>());
        Callback::from(move |_| forget.emit(ids.clone()))
    };
    let metric_button = |m: Metric, text: &'static str, id: &'static str| {
        let metric = metric.clone();
        let on = *metric == m;
        html! {
            <button type="button" id={id} aria-pressed={on.to_string()} class="btn small"
                onclick={Callback::from(move |_| metric.set(m))}>{ text }</button>
        }
    };

    html! {
        <section class="panel lenet-history" id="history" aria-labelledby="history-title">
            <h2 id="history-title">{ t.title }</h2>
            <p class="hint">{ t.lead() }</p>
            if h.refused {
                <p class="msg error" role="alert" id="history-refused">{ t.refused }</p>
            }
            if let Some(gone) = &*undo {
                <p class="msg notice" role="status" id="history-forgotten">
                    <span>{ t.forgotten(gone.len()) }</span>{ " " }
                    <button type="button" class="btn small" id="history-undo" onclick={on_undo}>{ t.undo }</button>
                </p>
            }
            if opened.is_some() {
                <p class="msg notice" role="status" id="history-opened">{ t.opened }</p>
            }
            if h.runs.is_empty() {
                <p id="history-empty">{ t.empty }</p>
            } else {
                { table }
                <p class="history-foot">
                    <span id="history-kept">{ t.kept(h.runs.len(), *chars) }</span>{ " " }
                    <button type="button" class="btn small" id="history-forget-all" onclick={on_forget_all}>{ t.forget_all }</button>
                </p>
                { match chosen.len() {
                    0 => html! {},
                    1 => html! { <p class="hint" id="compare-hint">{ t.compare_hint }</p> },
                    _ => html! {
                        <div class="compare">
                            <div class="metric-toggle" role="group" aria-label={t.compare_title}>
                                { metric_button(Metric::Accuracy, t.accuracy, "compare-accuracy") }
                                { metric_button(Metric::Loss, t.loss, "compare-loss") }
                            </div>
                            <CompareChart runs={chosen.clone()} labels={chosen.iter().map(|r| label(t, r)).collect::<Vec<_>>()}
                                metric={*metric} lang={lang} x_label={t.x_label}
                                title={format!("{}{}{}", t.compare_title, t.colon, if *metric == Metric::Accuracy { t.accuracy } else { t.loss })} />
                        </div>
                    },
                } }
            }
        </section>
    }
}
