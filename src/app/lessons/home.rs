//! The home page: what Convolab is and the path through the course.

use yew::prelude::*;

use crate::app::exercises::Lesson;
use crate::app::exercises::view::load_progress;
use crate::app::prefs::use_prefs;
use crate::app::route::{Link, Route, route_of_step};

#[component]
pub fn Home() -> Html {
    let t = use_prefs().texts();
    // Read on each visit: the exercises panels write it as the student answers.
    let progress = load_progress();
    html! {
        <section class="page home">
            <div class="hero">
                <h1>{ t.home_title }</h1>
                <p class="lead">{ t.home_lead }</p>
                <Link to={Route::History} classes="btn primary big">{ t.home_start }</Link>
            </div>
            <h2>{ t.home_path_title }</h2>
            <ol class="path">
                { for t.steps.iter().enumerate().map(|(i, step)| {
                    let route = route_of_step(i);
                    let body = html! {
                        <>
                            <span class="path-num" aria-hidden="true">{ i + 1 }</span>
                            <span class="path-text">
                                <strong>{ step.title }</strong>
                                <span>{ step.blurb }</span>
                                if route.is_none() {
                                    <span class="badge">{ t.coming_soon }</span>
                                }
                                if let Some((lesson, score)) = lesson_of_step(i).map(|l| (l, progress.score(l))).filter(|(_, s)| s.answered > 0) {
                                    <span class="path-score" data-lesson={lesson.code()}>
                                        { t.home_progress.replace("{r}", &score.right.to_string()).replace("{a}", &score.answered.to_string()) }
                                    </span>
                                }
                            </span>
                        </>
                    };
                    match route {
                        Some(r) => html! {
                            <li class="path-step open">
                                <Link to={r} classes="path-link">{ body }</Link>
                            </li>
                        },
                        None => html! {
                            <li class="path-step soon">
                                <div class="path-link">{ body }</div>
                            </li>
                        },
                    }
                }) }
            </ol>
        </section>
    }
}

/// The lesson whose exercises step `i` of the path ends with (the course's order).
fn lesson_of_step(i: usize) -> Option<Lesson> {
    Lesson::ALL.get(i).copied()
}
