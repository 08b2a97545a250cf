//! Routes. They live after `#` (hash routing) so that a deep link works on `trunk serve`, on
//! any plain static server, under any sub-path, with no rewrite rule.

use yew_router::prelude::*;

use super::i18n::Texts;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Routable)]
pub enum Route {
    #[at("/")]
    Home,
    #[at("/history")]
    History,
    #[at("/conv1d")]
    Conv1d,
    #[at("/conv2d")]
    Conv2d,
    #[at("/pooling")]
    Pooling,
    #[at("/dropout")]
    Dropout,
    #[at("/lenet")]
    Lenet,
    /// Shows the fatal-error screen on purpose, so the end-to-end test can prove that a Rust
    /// panic gives a readable message rather than a blank page.
    #[at("/selftest/panic")]
    PanicSelfTest,
    #[not_found]
    #[at("/404")]
    NotFound,
}

/// The lessons that exist, in course order: the navigation and the home page list these.
/// A new lesson adds itself here (and to `Route`, and to `course_step`).
pub const LESSONS: &[Route] = &[Route::History, Route::Conv1d, Route::Conv2d, Route::Pooling, Route::Dropout, Route::Lenet];

impl Route {
    /// The lesson's title in the navigation.
    pub fn nav_title(self, t: &'static Texts) -> &'static str {
        match self {
            Route::Home => t.nav_home,
            Route::History => t.nav_history,
            Route::Conv1d => t.nav_conv1d,
            Route::Conv2d => t.nav_conv2d,
            Route::Pooling => t.nav_pooling,
            Route::Dropout => t.nav_dropout,
            Route::Lenet => t.nav_lenet,
            Route::PanicSelfTest | Route::NotFound => t.not_found_title,
        }
    }

    /// The index of this lesson in `Texts::steps` (the course's order).
    pub fn course_step(self) -> Option<usize> {
        match self {
            Route::History => Some(0),
            Route::Conv1d => Some(1),
            Route::Conv2d => Some(2),
            Route::Pooling => Some(3),
            Route::Dropout => Some(4),
            Route::Lenet => Some(5),
            _ => None,
        }
    }
}

/// The lesson after `from` in the course (the home page leads to the first), for PageDown
/// in presentation mode; `None` after the last.
pub fn next_lesson(from: Route) -> Option<Route> {
    match LESSONS.iter().position(|&r| r == from) {
        Some(i) => LESSONS.get(i + 1).copied(),
        None => LESSONS.first().copied(),
    }
}

/// The lesson before `from` (the first leads back home), for PageUp.
pub fn previous_lesson(from: Route) -> Option<Route> {
    match LESSONS.iter().position(|&r| r == from) {
        Some(0) => Some(Route::Home),
        Some(i) => LESSONS.get(i - 1).copied(),
        None => None,
    }
}

/// The route of course step `i`, if that lesson exists yet.
pub fn route_of_step(i: usize) -> Option<Route> {
    LESSONS.iter().copied().find(|r| r.course_step() == Some(i))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::i18n::{EN, FR};

    #[test]
    fn page_keys_walk_the_course_in_order() {
        let mut r = Route::Home;
        let mut walked = vec![];
        while let Some(n) = next_lesson(r) {
            walked.push(n);
            r = n;
        }
        assert_eq!(walked, LESSONS);
        let mut back = vec![];
        while let Some(p) = previous_lesson(r) {
            back.push(p);
            r = p;
        }
        assert_eq!(back.last(), Some(&Route::Home));
        assert_eq!(back.len(), LESSONS.len());
        assert_eq!(previous_lesson(Route::NotFound), None);
    }

    #[test]
    fn every_lesson_is_a_course_step_once() {
        let mut seen = Vec::new();
        for r in LESSONS {
            let step = r.course_step().expect("a lesson is a step of the course");
            assert!(step < EN.steps.len() && step < FR.steps.len());
            assert!(!seen.contains(&step), "two lessons claim step {step}");
            seen.push(step);
            assert_eq!(route_of_step(step), Some(*r));
        }
    }

    #[test]
    fn lesson_urls_are_stable() {
        // Deep links that teachers share must keep working.
        assert_eq!(Route::History.to_path(), "/history");
        assert_eq!(Route::recognize("/history"), Some(Route::History));
        assert_eq!(Route::recognize("/nope"), Some(Route::NotFound));
    }
}
