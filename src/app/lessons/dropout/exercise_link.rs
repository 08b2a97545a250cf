//! "Open the lab on this case" for the dropout lesson's questions: the lab at the question's
//! rate. The exercise panel gets this function from the page (the labs stand above the
//! exercises). A rate the lab's slider cannot take has none.

use super::link::LinkD;
use crate::app::exercises::{Exercise, Prompt};
use crate::app::urlstate::Query;

/// The dropout lab's route and query for this question, if the lab can show it.
pub fn lab_link(ex: &Exercise) -> Option<(&'static str, Query)> {
    match &ex.prompt {
        Prompt::DropoutKept { rate, .. }
        | Prompt::DropoutScale { rate }
        | Prompt::DropoutInference { rate } => {
            let hundredths = (rate * 100.0).round() as u32;
            let training = !matches!(ex.prompt, Prompt::DropoutInference { .. });
            (hundredths.is_multiple_of(5) && hundredths <= 90)
                .then(|| ("/dropout", LinkD { rate: hundredths, training, mask: 0 }.write()))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::exercises::{Kind, Lesson, generate};
    use crate::app::urlstate::Reader;

    /// Every link a question gives reads back in the lab with no notice.
    #[test]
    fn every_link_opens_cleanly_on_the_questions_numbers() {
        let mut linked = 0;
        for &kind in Lesson::Dropout.kinds() {
            for seed in 0..300 {
                let ex = generate(kind, seed);
                let Some((route, q)) = lab_link(&ex) else { continue };
                if kind == Kind::DropoutKept {
                    linked += 1;
                }
                assert_eq!(route, "/dropout");
                let q = Query::parse(&q.encode());
                let mut r = Reader::new(&q);
                LinkD::read(&mut r);
                assert!(r.notices.is_empty(), "{kind:?} seed {seed}: {:?}", r.notices);
            }
        }
        assert!(linked > 0, "DropoutKept never opens its lab");
    }
}
