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
    use crate::app::exercises::{Kind, Lesson, check_lab_links};

    /// Every link a question gives reads back in the lab with no notice.
    #[test]
    fn every_link_opens_cleanly_on_the_questions_numbers() {
        check_lab_links(
            Lesson::Dropout,
            "/dropout",
            lab_link,
            &[Kind::DropoutKept],
            |_, _, _, r| {
                LinkD::read(r);
            },
        );
    }
}
