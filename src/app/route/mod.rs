//! Routes. They live after `#` (hash routing) so that a deep link works on `trunk serve`, on
//! any plain static server, under any sub-path, with no rewrite rule.
//!
//! A small hand-written hash router (it replaced yew-router, whose history, path recogniser
//! and query serialisation cost the page's wasm about 10 KB gzip for nine fixed paths). It
//! behaves as yew-router's `HashRouter` did: a link pushes `#/path` (without the lab's
//! query), the back and forward buttons and the address bar are followed through
//! `popstate`, a missing or relative hash becomes `#/` at start, one trailing slash is
//! ignored and any other path shows the not-found page.

mod link;
mod nav;
mod router;

pub use self::link::{Link, LinkProps};
pub use self::nav::{Navigator, use_navigator, use_route};
pub use self::router::{HashRouter, RouterProps};

use crate::app::i18n::Texts;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Route {
    Home,
    History,
    Conv1d,
    Conv2d,
    Pooling,
    Dropout,
    Learn,
    Lenet,
    /// The student's own data set (issue 25): after LeNet live, the course's last step.
    Classes,
    /// Shows the fatal-error screen on purpose, so the end-to-end test can prove that a Rust
    /// panic gives a readable message rather than a blank page.
    PanicSelfTest,
    NotFound,
}

impl Route {
    /// The route's link, `#` and path (what a nav link's `href` holds).
    pub fn href(self) -> &'static str {
        match self {
            Route::Home => "#/",
            Route::History => "#/history",
            Route::Conv1d => "#/conv1d",
            Route::Conv2d => "#/conv2d",
            Route::Pooling => "#/pooling",
            Route::Dropout => "#/dropout",
            Route::Learn => "#/learn",
            Route::Lenet => "#/lenet",
            Route::Classes => "#/classes",
            Route::PanicSelfTest => "#/selftest/panic",
            Route::NotFound => "#/404",
        }
    }

    /// The route's path (`/conv1d`).
    pub fn to_path(self) -> &'static str {
        &self.href()[1..]
    }

    /// The route of a path: exact and case-sensitive, one trailing slash ignored; any other
    /// path is the not-found page.
    pub fn recognize(path: &str) -> Route {
        let path = path.strip_suffix('/').unwrap_or(path);
        match path {
            "" => Route::Home,
            "/history" => Route::History,
            "/conv1d" => Route::Conv1d,
            "/conv2d" => Route::Conv2d,
            "/pooling" => Route::Pooling,
            "/dropout" => Route::Dropout,
            "/learn" => Route::Learn,
            "/lenet" => Route::Lenet,
            "/classes" => Route::Classes,
            "/selftest/panic" => Route::PanicSelfTest,
            _ => Route::NotFound,
        }
    }

    /// Whether the light first bundle (`src/bin/app.rs`) draws this page itself. The others
    /// (the lessons that need digits, images or training) are in the whole app
    /// (`src/bin/full.rs`): the light one loads it when they are reached, and index.html's
    /// loader (`FULL_ONLY`, kept equal to this by a test) starts there on a deep link.
    pub fn in_light_bundle(self) -> bool {
        !matches!(
            self,
            Route::Conv2d | Route::Pooling | Route::Learn | Route::Lenet | Route::Classes
        )
    }

    /// The route a location hash shows (`#/conv1d?signal=ramp` → `Conv1d`).
    pub fn from_hash(hash: &str) -> Route {
        let h = hash.strip_prefix('#').unwrap_or(hash);
        Route::recognize(h.split(['?', '#']).next().unwrap_or_default())
    }
}

/// The `history.state` of the entries the app writes (a link followed, a lab's state). An
/// entry without it came from outside: an address typed, pasted or opened.
pub const APP_ENTRY: &str = "convolab";

/// Whether the current history entry is one the app wrote: back or forward to it is a
/// return to a screen already seen, whose link must not override choices made since (its
/// `lang`, written before the student switched language).
pub fn on_app_entry() -> bool {
    web_sys::window()
        .and_then(|w| w.history().ok())
        .and_then(|h| h.state().ok())
        .and_then(|s| s.as_string())
        .is_some_and(|s| s == APP_ENTRY)
}

/// The lessons that exist, in course order: the navigation and the home page list these.
/// A new lesson adds itself here (and to `Route`, and to `course_step`).
pub const LESSONS: &[Route] = &[
    Route::History,
    Route::Conv1d,
    Route::Conv2d,
    Route::Pooling,
    Route::Dropout,
    Route::Learn,
    Route::Lenet,
    Route::Classes,
];

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
            Route::Learn => t.nav_learn,
            Route::Lenet => t.nav_lenet,
            Route::Classes => t.nav_classes,
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
            Route::Learn => Some(5),
            Route::Lenet => Some(6),
            Route::Classes => Some(7),
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

    /// Every route, pages and error screens alike.
    const ALL: [Route; 11] = [
        Route::Home,
        Route::History,
        Route::Conv1d,
        Route::Conv2d,
        Route::Pooling,
        Route::Dropout,
        Route::Learn,
        Route::Lenet,
        Route::Classes,
        Route::PanicSelfTest,
        Route::NotFound,
    ];
    use crate::app::i18n::{EN, FR};

    /// index.html's loader picks the bundle of a deep link before any wasm runs, from its own
    /// list of the paths only the whole app draws. A path missing there would load both
    /// bundles; an extra one would load the whole app for a light page.
    #[test]
    fn the_loader_starts_each_page_in_its_own_bundle() {
        let html = include_str!("../../../index.html");
        let line = html
            .lines()
            .find(|l| l.contains("const FULL_ONLY = ["))
            .expect("index.html defines FULL_ONLY");
        let list = line.split('[').nth(1).and_then(|r| r.split(']').next()).expect("a JS array");
        let mut loader: Vec<&str> =
            list.split(',').map(|p| p.trim().trim_matches('"')).filter(|p| !p.is_empty()).collect();
        let all = ALL;
        let mut full: Vec<&str> =
            all.iter().filter(|r| !r.in_light_bundle()).map(|r| r.to_path()).collect();
        loader.sort();
        full.sort();
        assert_eq!(loader, full);
        // No wildcard: a new route fails to compile here until `all` lists it.
        let listed = |r: Route| match r {
            Route::Home
            | Route::History
            | Route::Conv1d
            | Route::Conv2d
            | Route::Pooling
            | Route::Dropout
            | Route::Learn
            | Route::Lenet
            | Route::Classes
            | Route::PanicSelfTest
            | Route::NotFound => all.contains(&r),
        };
        assert!(LESSONS.iter().all(|&r| listed(r)));
    }

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
        assert_eq!(Route::recognize("/history"), Route::History);
        assert_eq!(Route::recognize("/nope"), Route::NotFound);
    }

    #[test]
    fn every_route_reads_back_from_its_link() {
        let all = ALL;
        for r in all {
            assert_eq!(Route::from_hash(r.href()), r, "{}", r.href());
            assert_eq!(Route::recognize(r.to_path()), r);
        }
    }

    #[test]
    fn hashes_parse_as_yew_router_matched_them() {
        // A lab's link carries its state after `?`; the route is the part before.
        assert_eq!(Route::from_hash("#/conv1d?signal=ramp&kernel=1,-2,1&lang=fr"), Route::Conv1d);
        assert_eq!(Route::from_hash("#/?lang=fr"), Route::Home);
        assert_eq!(Route::from_hash("#/"), Route::Home);
        assert_eq!(Route::from_hash(""), Route::Home);
        assert_eq!(Route::from_hash("#/lenet#x"), Route::Lenet);
        // One trailing slash is ignored, as yew-router did.
        assert_eq!(Route::from_hash("#/pooling/"), Route::Pooling);
        assert_eq!(Route::from_hash("#/pooling/?x=1"), Route::Pooling);
        // Paths are exact and case-sensitive.
        assert_eq!(Route::from_hash("#/Conv1d"), Route::NotFound);
        assert_eq!(Route::from_hash("#/conv1d/x"), Route::NotFound);
        assert_eq!(Route::from_hash("#/conv1dx"), Route::NotFound);
        assert_eq!(Route::from_hash("#/selftest"), Route::NotFound);
        assert_eq!(Route::from_hash("#/404"), Route::NotFound);
        assert_eq!(Route::from_hash("#main"), Route::NotFound);
    }
}
