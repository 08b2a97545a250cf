//! "Open the lab on this case" for the 1D lab's questions: the lab's link on the question's
//! own numbers. The exercise panel gets this function from the page (the labs stand above
//! the exercises). A question the lab cannot draw has none.

use super::link::Link1;
use super::model::{MAX_SIGNAL, SignalKind};
use crate::app::exercises::{Answer, Choice, Exercise, Prompt};
use crate::app::urlstate::Query;
use crate::nn::Padding;
use crate::nn::kernels::kernels_1d;

/// The 1D lab's route and query for this question, if the lab can show it.
pub fn lab_link(ex: &Exercise) -> Option<(&'static str, Query)> {
    let p1 = kernels_1d();
    let preset1 = |w: &[f64]| p1.iter().position(|k| k.weights == w).ok_or_else(|| w.to_vec());
    let signal_1d = |signal: Vec<f64>, kernel: Result<usize, Vec<f64>>, padding, stride, step| {
        (signal.len() <= MAX_SIGNAL && kernel.as_ref().map_or_else(|w| w.len() <= 9, |_| true))
            .then(|| {
                (
                    "/conv1d",
                    Link1 {
                        kind: SignalKind::Custom,
                        custom: signal,
                        kernel,
                        padding,
                        stride,
                        flip: false,
                        step,
                    }
                    .write(&p1),
                )
            })
    };
    match &ex.prompt {
        Prompt::Conv1dWindow { signal, kernel, padding, stride, output } => {
            signal_1d(signal.clone(), preset1(kernel), *padding, *stride, *output)
        }
        // A signal of that length (1, 2, 3, …) and a kernel of that size: the lab counts the windows.
        Prompt::Conv1dLength { n, k, padding, stride } => signal_1d(
            (1..=*n).map(|i| i as f64).collect(),
            preset1(&vec![1.0; *k]),
            *padding,
            *stride,
            0,
        ),
        Prompt::Conv1dSamePadding { n, k, stride } => signal_1d(
            (1..=*n).map(|i| i as f64).collect(),
            preset1(&vec![1.0; *k]),
            Padding::Same,
            *stride,
            0,
        ),
        Prompt::Conv1dWhichKernel { signal, .. } => {
            let Answer::Choice { options, correct } = &ex.answer else { return None };
            let Some(Choice::Kernel(id)) = options.get(*correct) else { return None };
            let i = p1.iter().position(|k| k.id == *id)?;
            signal_1d(signal.clone(), Ok(i), Padding::Valid, 1, 0)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::exercises::{Kind, Lesson, check_lab_links};

    /// Every link a question gives reads back in the lab with no notice, and the lab counts
    /// the question's windows and opens on its window.
    #[test]
    fn every_link_opens_cleanly_on_the_questions_numbers() {
        let p1 = kernels_1d();
        let must = [Kind::Conv1dWindow, Kind::Conv1dLength, Kind::Conv1dWhichKernel];
        check_lab_links(Lesson::Conv1d, "/conv1d", lab_link, &must, |kind, seed, ex, r| {
            let l = Link1::read(r, &p1);
            if let (Prompt::Conv1dLength { .. }, Answer::Integer(n)) = (&ex.prompt, &ex.answer) {
                assert_eq!(l.windows(&p1), Some(*n as usize), "{kind:?} {seed}");
            }
            if let (Prompt::Conv1dWindow { output, .. }, Answer::Number { .. }) =
                (&ex.prompt, &ex.answer)
            {
                assert_eq!(l.step, *output);
            }
        });
    }
}
