//! "Open the lab on this case" for the pooling lab's questions: the lab's link on the
//! question's own map. The exercise panel gets this function from the page (the labs stand
//! above the exercises). A question the lab cannot draw has none.

use super::link::LinkP;
use super::model::PoolInput;
use crate::app::exercises::{Exercise, Prompt};
use crate::app::lessons::conv1d::model::MAX_SIGNAL;
use crate::app::lessons::conv2d::exercise_link::grid;
use crate::app::lessons::conv2d::model::Picture;
use crate::app::urlstate::Query;

/// The pooling lab's route and query for this question, if the lab can show it.
pub fn lab_link(ex: &Exercise) -> Option<(&'static str, Query)> {
    match &ex.prompt {
        Prompt::PoolCell { kind, image, pool, row, col } => {
            let pic = grid(image)?;
            let out_cols = (pic.cols - pool) / pool + 1;
            let l = LinkP {
                input: PoolInput::Grid,
                grid: Some(pic),
                kind: *kind,
                pool: *pool,
                step: row * out_cols + col,
                ..LinkP::default()
            };
            Some(("/pooling", l.write()))
        }
        Prompt::PoolSize { n, pool, stride } | Prompt::PoolUncovered { n, pool, stride }
            if *n <= MAX_SIGNAL =>
        {
            let signal =
                Picture { rows: 1, cols: *n, values: (1..=*n).map(|i| i as f64).collect() };
            let stride = (*stride != *pool).then_some(*stride);
            let l = LinkP {
                input: PoolInput::Grid,
                grid: Some(signal),
                pool: *pool,
                stride,
                ..LinkP::default()
            };
            Some(("/pooling", l.write()))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::exercises::{Answer, Kind, Lesson, check_lab_links};
    use crate::nn::Padding;

    /// Every link a question gives reads back in the lab with no notice; the core's windows
    /// on it give the question's cell, and the lab counts its windows.
    #[test]
    fn every_link_opens_cleanly_on_the_questions_numbers() {
        let must = [Kind::PoolCell, Kind::PoolSize, Kind::PoolUncovered];
        check_lab_links(Lesson::Pooling, "/pooling", lab_link, &must, |kind, seed, ex, r| {
            let l = LinkP::read(r);
            if let (Prompt::PoolCell { kind: pk, pool, .. }, Answer::Number { value, .. }) =
                (&ex.prompt, &ex.answer)
            {
                let g = l.grid.clone().unwrap();
                let img = ndarray::ArrayView2::from_shape((g.rows, g.cols), &g.values).unwrap();
                let ws = crate::nn::window::pool2d_windows(
                    img,
                    *pk,
                    (*pool, *pool),
                    None,
                    Padding::Valid,
                )
                .unwrap();
                assert!((ws[l.step].output - value).abs() < 1e-9, "{kind:?} {seed}");
            }
            if let (Prompt::PoolSize { .. }, Answer::Integer(n)) = (&ex.prompt, &ex.answer) {
                assert_eq!(l.windows(), Some(*n as usize), "{kind:?} {seed}");
            }
        });
    }
}
