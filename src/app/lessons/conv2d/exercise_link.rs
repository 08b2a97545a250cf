//! "Open the lab on this case" for the 2D lab's questions: the lab's link on the question's
//! own picture and kernel. The exercise panel gets this function from the page (the labs
//! stand above the exercises). A question the lab cannot draw has none.

use super::link::{Link2, MAX_GRID};
use super::model::{InputKind, Picture, kernels};
use crate::app::exercises::{Answer, Choice, Exercise, Prompt};
use crate::app::urlstate::Query;

/// A question's matrix as the lab's own grid, if the lab can take it.
pub fn grid(m: &[Vec<f64>]) -> Option<Picture> {
    let rows = m.len();
    let cols = m.first().map_or(0, Vec::len);
    (rows <= MAX_GRID && cols <= MAX_GRID).then(|| Picture { rows, cols, values: m.concat() })
}

/// The 2D lab's route and query for this question, if the lab can show it.
pub fn lab_link(ex: &Exercise) -> Option<(&'static str, Query)> {
    let p2 = kernels();
    match &ex.prompt {
        Prompt::Conv2dPixel { image, kernel, row, col } => {
            let pic = grid(image)?;
            let (kr, kc) = (kernel.len(), kernel.first().map_or(0, Vec::len));
            let w = kernel.concat();
            let k = p2
                .iter()
                .position(|k| k.weights == w && (k.rows, k.cols) == (kr, kc))
                .ok_or((w, (kr, kc)));
            let out_cols = pic.cols + 1 - kc;
            let step = row * out_cols + col;
            let l = Link2 {
                input: InputKind::Grid,
                grid: Some(pic),
                kernel: k,
                ..Link2::default_with(&p2)
            };
            Some(("/conv2d", Link2 { step, ..l }.write(&p2)))
        }
        Prompt::Conv2dWhichKernel { image, .. } => {
            let Answer::Choice { options, correct } = &ex.answer else { return None };
            let Some(Choice::Kernel(id)) = options.get(*correct) else { return None };
            let k = p2.iter().position(|k| k.id == *id)?;
            let l = Link2 {
                input: InputKind::Grid,
                grid: Some(grid(image)?),
                kernel: Ok(k),
                ..Link2::default_with(&p2)
            };
            Some(("/conv2d", l.write(&p2)))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::exercises::{Kind, Lesson, check_lab_links};
    use crate::app::lessons::conv2d::model::conv_output;
    use crate::nn::Padding;

    /// Every link a question gives reads back in the lab with no notice, and the lab's own
    /// computation on the window it opens gives the question's answer.
    #[test]
    fn every_link_opens_cleanly_on_the_questions_numbers() {
        let p2 = kernels();
        let must = [Kind::Conv2dPixel, Kind::Conv2dWhichKernel];
        check_lab_links(Lesson::Conv2d, "/conv2d", lab_link, &must, |kind, seed, ex, r| {
            let l = Link2::read(r, &p2);
            assert_eq!(l.input, InputKind::Grid, "{kind:?} {seed}");
            if let (Prompt::Conv2dPixel { .. }, Answer::Number { value, .. }) =
                (&ex.prompt, &ex.answer)
            {
                let w = match &l.kernel {
                    Ok(i) => p2[*i].weights.clone(),
                    Err((w, _)) => w.clone(),
                };
                let pic = l.grid.clone().unwrap();
                let (_, _, out) =
                    conv_output(&pic, &w, l.k(&p2), 1, Padding::Valid, false).unwrap();
                assert!((out[l.step] - value).abs() < 1e-9, "{kind:?} {seed}");
            }
        });
    }
}
