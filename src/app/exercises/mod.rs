//! Exercises: each lesson ends with questions whose answers come from the network core, so
//! they are right by construction and endless in supply (issue 11).
//!
//! An exercise is data ([`model`]): a [`Kind`] and a seed give the same [`Exercise`] every
//! time (a shared link reproduces it), another seed a fresh variant. [`generate`] builds it
//! with the core ([`crate::nn`]); [`Exercise::check`] marks an answer with a tolerance suited
//! to the question; [`texts`] writes the question, the hints and the worked solution in
//! French or English. Nothing here touches the browser: it is all tested natively.

mod generate;
pub mod model;
pub mod panel_texts;
pub mod progress;
pub mod texts;
pub mod view;

pub use self::model::{Answer, Choice, Exercise, Kind, Lesson, Prompt, Response};

/// The exercise of `kind` for `seed` (always the same for the same pair).
pub fn generate(kind: Kind, seed: u64) -> Exercise {
    generate::generate(kind, seed)
}

/// The LeNet questions on the student's own evaluation (its confusion matrix), when the
/// matrix gives the question a single answer; otherwise `None` (the generated one is used).
pub fn from_evaluation(kind: Kind, seed: u64, confusion: &[[u32; 10]; 10]) -> Option<Exercise> {
    generate::from_evaluation(kind, seed, confusion)
}

/// Reads a typed number in either language (`0,5`, `−2`, `1/4`).
pub fn parse_number(s: &str) -> Option<f64> {
    let t = s.trim();
    if let Some((a, b)) = t.split_once('/') {
        let (a, b) =
            (crate::app::i18n::num::parse_decimal(a)?, crate::app::i18n::num::parse_decimal(b)?);
        return (b != 0.0).then_some(a / b);
    }
    crate::app::i18n::num::parse_decimal(t)
}

/// Reads a size typed as `13×13`, `13x13`, `13 x 13` or `13, 13`.
pub fn parse_size(s: &str) -> Option<(usize, usize)> {
    let t = s.trim().to_lowercase().replace(['×', '*', ','], "x");
    let (a, b) = t.split_once('x')?;
    Some((a.trim().parse().ok()?, b.trim().parse().ok()?))
}

/// Test support for the labs' `exercise_link`: every question of `lesson` (300 seeds a kind)
/// that `lab_link` opens goes to `route`, its link is read back from its encoding by the
/// lab's own reader inside `check` (which also holds the lab's answer against the
/// question's) with no notice, and each kind of `must_link` opens the lab at least once.
#[cfg(test)]
pub fn check_lab_links(
    lesson: Lesson,
    route: &str,
    lab_link: fn(&Exercise) -> Option<(&'static str, crate::app::urlstate::Query)>,
    must_link: &[Kind],
    mut check: impl FnMut(Kind, u64, &Exercise, &mut crate::app::urlstate::Reader<'_>),
) {
    use crate::app::urlstate::{Query, Reader};
    for &kind in lesson.kinds() {
        let mut linked = 0;
        for seed in 0..300 {
            let ex = generate(kind, seed);
            let Some((to, q)) = lab_link(&ex) else { continue };
            linked += 1;
            assert_eq!(to, route, "{kind:?} {seed}");
            let q = Query::parse(&q.encode());
            let mut r = Reader::new(&q);
            check(kind, seed, &ex, &mut r);
            assert!(r.notices.is_empty(), "{kind:?} seed {seed}: {:?}", r.notices);
        }
        assert!(linked > 0 || !must_link.contains(&kind), "{kind:?} never opens its lab");
    }
}

#[cfg(test)]
mod tests;
