//! "Open the lab on this case": the link of the lab screen that shows an exercise's own
//! numbers (issue 11, point 3), in the labs' link format (issue 10). A question the labs
//! cannot draw (a 32×32 size, a parameter count, a date) has none.

use super::model::{Answer, Choice, Exercise, Prompt};
use crate::app::lessons::conv1d::model::{Link1, SignalKind};
use crate::app::lessons::conv2d::model::{InputKind, Link2, MAX_GRID, Picture, kernels};
use crate::app::lessons::dropout::model::LinkD;
use crate::app::lessons::pooling::model::{LinkP, PoolInput};
use crate::app::urlstate::Query;
use crate::nn::Padding;
use crate::nn::kernels::kernels_1d;

/// The lab's route and query for this exercise, if a lab can show it.
pub fn lab_link(ex: &Exercise) -> Option<(&'static str, Query)> {
    let p1 = kernels_1d();
    let preset1 = |w: &[f64]| p1.iter().position(|k| k.weights == w).ok_or_else(|| w.to_vec());
    let signal_1d = |signal: Vec<f64>, kernel: Result<usize, Vec<f64>>, padding, stride, step| {
        (signal.len() <= crate::app::lessons::conv1d::model::MAX_SIGNAL
            && kernel.as_ref().map_or_else(|w| w.len() <= 9, |_| true))
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
    let grid = |m: &[Vec<f64>]| {
        let rows = m.len();
        let cols = m.first().map_or(0, Vec::len);
        (rows <= MAX_GRID && cols <= MAX_GRID).then(|| Picture { rows, cols, values: m.concat() })
    };
    let p2 = kernels();
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
            if *n <= crate::app::lessons::conv1d::model::MAX_SIGNAL =>
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

    /// Every link a question gives reads back in its lab with no notice, and the lab it opens
    /// computes the question's answer (the window's output, the cell, the length).
    #[test]
    fn every_lab_link_opens_cleanly_on_the_questions_numbers() {
        let (p1, p2) = (kernels_1d(), kernels());
        let mut linked = std::collections::HashMap::new();
        for lesson in Lesson::ALL {
            for &kind in lesson.kinds() {
                for seed in 0..300 {
                    let ex = generate(kind, seed);
                    let Some((route, q)) = lab_link(&ex) else { continue };
                    *linked.entry(kind).or_insert(0) += 1;
                    let q = Query::parse(&q.encode());
                    let mut r = Reader::new(&q);
                    match route {
                        "/conv1d" => {
                            let l = Link1::read(&mut r, &p1);
                            if let (Prompt::Conv1dLength { .. }, Answer::Integer(n)) =
                                (&ex.prompt, &ex.answer)
                            {
                                assert_eq!(l.windows(&p1), Some(*n as usize), "{kind:?} {seed}");
                            }
                            if let (Prompt::Conv1dWindow { output, .. }, Answer::Number { .. }) =
                                (&ex.prompt, &ex.answer)
                            {
                                assert_eq!(l.step, *output);
                            }
                        }
                        "/conv2d" => {
                            let l = Link2::read(&mut r, &p2);
                            assert_eq!(l.input, InputKind::Grid, "{kind:?} {seed}");
                            if let (Prompt::Conv2dPixel { .. }, Answer::Number { value, .. }) =
                                (&ex.prompt, &ex.answer)
                            {
                                // The lab's own computation, on the window the link opens.
                                let w = match &l.kernel {
                                    Ok(i) => p2[*i].weights.clone(),
                                    Err((w, _)) => w.clone(),
                                };
                                let pic = l.grid.clone().unwrap();
                                let (_, _, out) = crate::app::lessons::conv2d::model::conv_output(
                                    &pic,
                                    &w,
                                    l.k(&p2),
                                    1,
                                    Padding::Valid,
                                    false,
                                )
                                .unwrap();
                                assert!((out[l.step] - value).abs() < 1e-9, "{kind:?} {seed}");
                            }
                        }
                        "/pooling" => {
                            let l = LinkP::read(&mut r);
                            if let (
                                Prompt::PoolCell { kind: pk, pool, .. },
                                Answer::Number { value, .. },
                            ) = (&ex.prompt, &ex.answer)
                            {
                                let g = l.grid.clone().unwrap();
                                let img =
                                    ndarray::ArrayView2::from_shape((g.rows, g.cols), &g.values)
                                        .unwrap();
                                let ws = crate::nn::window::pool2d_windows(
                                    img,
                                    *pk,
                                    (*pool, *pool),
                                    None,
                                    Padding::Valid,
                                )
                                .unwrap();
                                assert!(
                                    (ws[l.step].output - value).abs() < 1e-9,
                                    "{kind:?} {seed}"
                                );
                            }
                            if let (Prompt::PoolSize { .. }, Answer::Integer(n)) =
                                (&ex.prompt, &ex.answer)
                            {
                                assert_eq!(l.windows(), Some(*n as usize), "{kind:?} {seed}");
                            }
                        }
                        "/dropout" => {
                            LinkD::read(&mut r);
                        }
                        other => panic!("unknown route {other}"),
                    }
                    assert!(
                        r.notices.is_empty(),
                        "{kind:?} seed {seed}: {:?} in {}",
                        r.notices,
                        q.encode()
                    );
                }
            }
        }
        for kind in [
            Kind::Conv1dWindow,
            Kind::Conv1dLength,
            Kind::Conv1dWhichKernel,
            Kind::Conv2dPixel,
            Kind::Conv2dWhichKernel,
            Kind::PoolCell,
            Kind::PoolSize,
            Kind::PoolUncovered,
            Kind::DropoutKept,
        ] {
            assert!(linked.get(&kind).copied().unwrap_or(0) > 0, "{kind:?} never opens its lab");
        }
    }
}
