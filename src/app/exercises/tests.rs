//! Every kind, 1,000 seeds: the expected answer equals an independent computation (naive
//! loops and closed formulas, not the core), the texts are complete in both languages, and
//! nothing panics or produces NaN.

use super::texts::{answer_text, hint, option_label, prompt, solution, title};
use super::*;
use crate::app::i18n::Lang;
use crate::nn::{Architecture, Padding, PoolKind};

const SEEDS: u64 = 1000;

/// Keras's padding before the first sample for `same` (the smaller half first).
fn same_pad(n: usize, k: usize, s: usize) -> (usize, usize) {
    let out = n.div_ceil(s);
    let total = ((out - 1) * s + k).saturating_sub(n);
    (out, total)
}

fn naive_conv1d(x: &[f64], w: &[f64], s: usize, p: Padding) -> Vec<f64> {
    let (out, before) = match p {
        Padding::Valid => ((x.len() - w.len()) / s + 1, 0),
        Padding::Same => {
            let (out, total) = same_pad(x.len(), w.len(), s);
            (out, total / 2)
        }
    };
    (0..out)
        .map(|o| {
            let mut acc = 0.0;
            for (t, wt) in w.iter().enumerate() {
                let i = (o * s + t) as i64 - before as i64;
                if i >= 0 && (i as usize) < x.len() {
                    acc += wt * x[i as usize];
                }
            }
            acc
        })
        .collect()
}

fn naive_conv2d(img: &[Vec<f64>], k: &[Vec<f64>]) -> Vec<Vec<f64>> {
    let (kh, kw) = (k.len(), k[0].len());
    (0..=img.len() - kh)
        .map(|r| {
            (0..=img[0].len() - kw)
                .map(|c| {
                    (0..kh)
                        .flat_map(|i| (0..kw).map(move |j| (i, j)))
                        .map(|(i, j)| k[i][j] * img[r + i][c + j])
                        .sum()
                })
                .collect()
        })
        .collect()
}

fn course_1d(id: &str) -> Vec<f64> {
    match id {
        "mean2" => vec![0.5, 0.5],
        "derivative" => vec![-1.0, 1.0],
        "second_derivative" => vec![1.0, -2.0, 1.0],
        "gaussian" => vec![0.25, 0.5, 0.25],
        _ => panic!("{id}"),
    }
}

fn course_2d(id: &str) -> Vec<Vec<f64>> {
    match id {
        "mean2x2" => vec![vec![0.25; 2]; 2],
        "dx" => vec![vec![-1.0, 1.0]; 2],
        "laplacian" => vec![vec![0.0, 1.0, 0.0], vec![1.0, -4.0, 1.0], vec![0.0, 1.0, 0.0]],
        "gaussian" => vec![vec![0.0, 0.125, 0.0], vec![0.125, 0.5, 0.125], vec![0.0, 0.125, 0.0]],
        _ => panic!("{id}"),
    }
}

/// The years of the timeline, written down here independently of the texts.
fn known_year(e: usize) -> i64 {
    [1958, 1959, 1980, 1986, 1989, 1998, 1998, 2009, 2012, 2014][e]
}

/// Each layer's output shape and parameters by the course's formulas, written here
/// independently of the core; `None` from the first layer that cannot be built.
fn shapes(net: &Architecture) -> Vec<Option<(Vec<usize>, usize)>> {
    use crate::nn::LayerConfig;
    let side = |n: usize, k: usize, s: usize, p: Padding| match p {
        Padding::Valid => (k <= n).then(|| (n - k) / s + 1),
        Padding::Same => Some(n.div_ceil(s)),
    };
    let mut shape = Some(vec![32usize, 32, 1]);
    let mut out = Vec::new();
    for l in &net.layers {
        let next = shape.as_ref().and_then(|sh| match (l, sh.as_slice()) {
            (LayerConfig::Conv2D(c), &[h, w, ch]) => {
                let (k, f) = (c.kernel_size, c.filters);
                let h2 = side(h, k.0, c.strides.0, c.padding)?;
                let w2 = side(w, k.1, c.strides.1, c.padding)?;
                Some((vec![h2, w2, f], k.0 * k.1 * ch * f + f))
            }
            (LayerConfig::Pool(p), &[h, w, ch]) => {
                let s = p.strides.unwrap_or(p.pool_size);
                let h2 = side(h, p.pool_size.0, s.0, p.padding)?;
                let w2 = side(w, p.pool_size.1, s.1, p.padding)?;
                Some((vec![h2, w2, ch], 0))
            }
            (LayerConfig::Flatten, sh) => Some((vec![sh.iter().product()], 0)),
            (LayerConfig::Dense(d), &[n]) => Some((vec![d.units], n * d.units + d.units)),
            (LayerConfig::Dropout(_), sh) => Some((sh.to_vec(), 0)),
            _ => None,
        });
        shape = next.as_ref().map(|(s, _)| s.clone());
        out.push(next);
    }
    out
}

/// The answer computed here, without the core.
fn independent(e: &Exercise) -> Response {
    match &e.prompt {
        Prompt::Conv1dWindow { signal, kernel, padding, stride, output } => {
            Response::Number(naive_conv1d(signal, kernel, *stride, *padding)[*output])
        }
        Prompt::Conv1dLength { n, k, padding, stride } => Response::Number(match padding {
            Padding::Valid => ((n - k) / stride + 1) as f64,
            Padding::Same => n.div_ceil(*stride) as f64,
        }),
        Prompt::Conv1dWhichKernel { signal, output } => {
            let Answer::Choice { options, .. } = &e.answer else { panic!("a choice") };
            let fits: Vec<usize> = options
                .iter()
                .enumerate()
                .filter(|(_, c)| matches!(c, Choice::Kernel(id) if &naive_conv1d(signal, &course_1d(id), 1, Padding::Valid) == output))
                .map(|(i, _)| i)
                .collect();
            assert_eq!(fits.len(), 1, "exactly one kernel fits: {e:?}");
            Response::Choice(fits[0])
        }
        Prompt::Conv1dSamePadding { n, k, stride } => {
            Response::Number(same_pad(*n, *k, *stride).1 as f64)
        }
        Prompt::Conv2dPixel { image, kernel, row, col } => {
            Response::Number(naive_conv2d(image, kernel)[*row][*col])
        }
        Prompt::Conv2dSize { rows, cols, k, padding, stride } => {
            let side = |n: usize, k: usize| match padding {
                Padding::Valid => (n - k) / stride + 1,
                Padding::Same => n.div_ceil(*stride),
            };
            Response::Size(side(*rows, k.0), side(*cols, k.1))
        }
        Prompt::Conv2dWhichKernel { image, output } => {
            let Answer::Choice { options, .. } = &e.answer else { panic!("a choice") };
            let fits: Vec<usize> = options
                .iter()
                .enumerate()
                .filter(|(_, c)| matches!(c, Choice::Kernel(id) if &naive_conv2d(image, &course_2d(id)) == output))
                .map(|(i, _)| i)
                .collect();
            assert_eq!(fits.len(), 1, "exactly one filter fits: {e:?}");
            Response::Choice(fits[0])
        }
        Prompt::Conv2dParams { filters, k, channels } => {
            Response::Number((k * k * channels * filters + filters) as f64)
        }
        Prompt::PoolCell { kind, image, pool, row, col } => {
            let vals: Vec<f64> = (0..*pool)
                .flat_map(|i| (0..*pool).map(move |j| (i, j)))
                .map(|(i, j)| image[row * pool + i][col * pool + j])
                .collect();
            Response::Number(match kind {
                PoolKind::Max => vals.iter().copied().fold(f64::MIN, f64::max),
                PoolKind::Average => vals.iter().sum::<f64>() / vals.len() as f64,
            })
        }
        Prompt::PoolSize { n, pool, stride } => Response::Number(((n - pool) / stride + 1) as f64),
        Prompt::PoolUncovered { n, pool, stride } => {
            let out = (n - pool) / stride + 1;
            Response::Number((n - ((out - 1) * stride + pool)) as f64)
        }
        Prompt::PoolChain { n, k } => Response::Number(((n / 2 + 1 - k) / 2) as f64),
        Prompt::DropoutKept { units, rate } => Response::Number(*units as f64 * (1.0 - rate)),
        Prompt::DropoutScale { rate } => Response::Number(1.0 / (1.0 - rate)),
        Prompt::DropoutInference { .. } => {
            let Answer::Choice { options, .. } = &e.answer else { panic!("a choice") };
            Response::Choice(
                options
                    .iter()
                    .position(|c| *c == Choice::Statement(0))
                    .expect("the true statement is offered"),
            )
        }
        Prompt::DropoutParams { inputs, units } => {
            Response::Number((inputs * units + units) as f64)
        }
        Prompt::LearnLoss { signal, kernel, target }
        | Prompt::LearnGradient { signal, kernel, target, .. }
        | Prompt::LearnUpdateSign { signal, kernel, target, .. } => {
            // By hand, in f64: the outputs, the errors, then the formula.
            let err: Vec<f64> = (0..target.len())
                .map(|i| kernel[0] * signal[i] + kernel[1] * signal[i + 1] - target[i])
                .collect();
            let n = err.len() as f64;
            let grad = |k: usize| {
                2.0 / n * err.iter().enumerate().map(|(i, d)| d * signal[i + k]).sum::<f64>()
            };
            match &e.prompt {
                Prompt::LearnLoss { .. } => {
                    Response::Number(err.iter().map(|d| d * d).sum::<f64>() / n)
                }
                Prompt::LearnGradient { weight, .. } => Response::Number(grad(*weight)),
                Prompt::LearnUpdateSign { weight, .. } => {
                    Response::Choice(usize::from(grad(*weight) > 0.0))
                }
                _ => unreachable!(),
            }
        }
        Prompt::LearnPoolGradient { window } => {
            let cells: Vec<f64> = window.iter().flatten().copied().collect();
            let max = cells.iter().copied().fold(f64::MIN, f64::max);
            Response::Choice(cells.iter().position(|&v| v == max).expect("a max"))
        }
        Prompt::LenetParams { net, asked } => {
            Response::Number(shapes(net)[*asked].as_ref().expect("builds").1 as f64)
        }
        Prompt::LenetShape { net, asked } => {
            let all = shapes(net);
            let s = &all[*asked].as_ref().expect("builds").0;
            Response::Size(s[0], s[1])
        }
        Prompt::LenetBroken { nets } => {
            let ends_in_ten = |n: &Architecture| {
                shapes(n).last().cloned().flatten().is_some_and(|(s, _)| s == [10])
            };
            let broken: Vec<usize> = (0..nets.len()).filter(|&i| !ends_in_ten(&nets[i])).collect();
            assert_eq!(broken.len(), 1, "exactly one network breaks: {nets:?}");
            Response::Choice(broken[0])
        }
        Prompt::LenetConfusion { confusion, true_digit, predicted } => {
            Response::Number(confusion[*true_digit][*predicted] as f64)
        }
        Prompt::LenetMostConfused { confusion } => {
            let errs: Vec<u32> = (0..10)
                .map(|d| (0..10).filter(|&j| j != d).map(|j| confusion[d][j]).sum())
                .collect();
            let max = *errs.iter().max().expect("ten");
            assert_eq!(
                errs.iter().filter(|&&x| x == max).count(),
                1,
                "one digit is the most confused: {errs:?}"
            );
            Response::Choice(errs.iter().position(|&x| x == max).expect("max"))
        }
        Prompt::HistoryOrder { events } => {
            let mut idx: Vec<usize> = (0..events.len()).collect();
            idx.sort_by_key(|&i| known_year(events[i]));
            Response::Order(idx)
        }
        Prompt::HistoryYear { event } => Response::Number(known_year(*event) as f64),
        Prompt::HistoryFirst { a, b } => {
            Response::Choice(if known_year(*a) < known_year(*b) { 0 } else { 1 })
        }
        Prompt::HistoryGap { a, b } => {
            Response::Number((known_year(*a) - known_year(*b)).abs() as f64)
        }
    }
}

/// A response that must be refused.
fn wrong(e: &Exercise) -> Response {
    match &e.answer {
        Answer::Number { value, decimals } => {
            Response::Number(value + 2.0 * 10f64.powi(-(*decimals as i32)))
        }
        Answer::Integer(v) => Response::Number(*v as f64 + 1.0),
        Answer::Size(a, b) => Response::Size(*a, b + 1),
        Answer::Choice { options, correct } => Response::Choice((correct + 1) % options.len()),
        Answer::Order { correct, .. } => Response::Order(correct.iter().rev().copied().collect()),
    }
}

fn all_kinds() -> Vec<Kind> {
    Lesson::ALL.iter().flat_map(|l| l.kinds()).copied().collect()
}

#[test]
fn every_lesson_has_four_kinds_with_stable_codes() {
    for l in Lesson::ALL {
        assert!(l.kinds().len() >= 4, "{l:?}");
        for &k in l.kinds() {
            assert_eq!(k.lesson(), l);
            assert_eq!(Kind::from_code(k.code()), Some(k));
        }
    }
    let mut codes: Vec<&str> = all_kinds().iter().map(|k| k.code()).collect();
    codes.sort();
    codes.dedup();
    assert_eq!(codes.len(), all_kinds().len(), "codes are unique");
}

#[test]
fn answers_match_an_independent_computation_for_1000_seeds() {
    for kind in all_kinds() {
        for seed in 0..SEEDS {
            let e = generate(kind, seed);
            assert_eq!(e, generate(kind, seed), "the same seed gives the same exercise");
            assert_eq!(e.kind, kind);
            let want = independent(&e);
            if let Response::Number(x) = want {
                assert!(x.is_finite(), "{e:?}");
            }
            assert!(
                e.check(&want),
                "{kind:?} seed {seed}: expected {want:?}, the exercise says {:?}",
                e.answer
            );
            assert!(e.check(&e.expected()));
            assert!(!e.check(&wrong(&e)), "{kind:?} seed {seed}: a wrong answer is accepted");
            if let Answer::Number { value, .. } = e.answer {
                assert!(value.is_finite());
            }
        }
    }
}

#[test]
fn seeds_give_fresh_variants() {
    for kind in all_kinds() {
        let distinct: std::collections::HashSet<String> =
            (0..50).map(|s| format!("{:?}", generate(kind, s).prompt)).collect();
        assert!(distinct.len() >= 5, "{kind:?} has only {} variants in 50 seeds", distinct.len());
    }
}

#[test]
fn texts_are_complete_in_both_languages() {
    for kind in all_kinds() {
        for seed in 0..SEEDS / 4 {
            let e = generate(kind, seed);
            let mut fr_en = Vec::new();
            for lang in [Lang::Fr, Lang::En] {
                let mut all =
                    vec![title(lang, &e), prompt(lang, &e), hint(lang, &e), answer_text(lang, &e)];
                all.extend(solution(lang, &e));
                if let Answer::Choice { options, .. } | Answer::Order { options, .. } = &e.answer {
                    all.extend(options.iter().map(|o| option_label(lang, o)));
                }
                for s in &all {
                    assert!(!s.trim().is_empty(), "{kind:?} {seed} {lang:?}: a blank text");
                    for bad in ["NaN", "∞", "{", "}"] {
                        assert!(!s.contains(bad), "{kind:?} {seed} {lang:?}: {bad:?} in {s:?}");
                    }
                }
                assert!(!solution(lang, &e).is_empty());
                if lang == Lang::Fr {
                    let p = prompt(lang, &e);
                    assert!(!p.contains(" ?") && !p.contains(" :"), "French spacing: {p:?}");
                    // Decimals in French prose use a comma (the Python/Keras names keep theirs).
                    assert!(
                        !p.chars().zip(p.chars().skip(1)).zip(p.chars().skip(2)).any(
                            |((a, b), c)| a.is_ascii_digit() && b == '.' && c.is_ascii_digit()
                        ),
                        "a decimal point in French: {p:?}"
                    );
                }
                fr_en.push(prompt(lang, &e));
            }
            assert_ne!(fr_en[0], fr_en[1], "{kind:?}: French and English differ");
        }
    }
}

#[test]
fn the_question_shows_what_is_needed_to_answer() {
    let e = generate(Kind::Conv1dWindow, 3);
    let Prompt::Conv1dWindow { signal, kernel, .. } = &e.prompt else { panic!() };
    let p = prompt(Lang::En, &e);
    for v in signal.iter().chain(kernel) {
        assert!(p.contains(&crate::app::i18n::num::decimal(Lang::En, *v, 3)), "{v} missing in {p}");
    }
    // The worked solution ends with the answer.
    let sol = solution(Lang::En, &e);
    let Answer::Number { value, .. } = e.answer else { panic!() };
    assert!(
        sol.iter()
            .any(|l| l
                .ends_with(&format!("= {}", crate::app::i18n::num::decimal(Lang::En, value, 3)))),
        "{sol:?}"
    );
}

#[test]
fn typed_answers_are_read_in_both_languages() {
    assert_eq!(parse_number("0,25"), Some(0.25));
    assert_eq!(parse_number("1/4"), Some(0.25));
    assert_eq!(parse_number("−1,5"), Some(-1.5));
    assert_eq!(parse_number("1/0"), None);
    assert_eq!(parse_number("abc"), None);
    assert_eq!(parse_size("13×13"), Some((13, 13)));
    assert_eq!(parse_size(" 15 x 7 "), Some((15, 7)));
    assert_eq!(parse_size("15, 7"), Some((15, 7)));
    assert_eq!(parse_size("15"), None);
    // Tolerance: a value to 2 decimals accepts its rounding, not the next one.
    let e = Exercise {
        kind: Kind::Conv1dWindow,
        seed: 0,
        prompt: Prompt::DropoutScale { rate: 0.3 },
        answer: Answer::Number { value: 1.0 / 0.7, decimals: 2 },
    };
    assert!(e.check(&Response::Number(1.43)));
    assert!(!e.check(&Response::Number(1.44)));
    assert!(!e.check(&Response::Number(f64::NAN)));
}

#[test]
fn questions_on_the_students_own_evaluation_match_an_independent_reading() {
    use rand::{Rng as _, SeedableRng};
    let mut rng = rand_pcg::Pcg64Mcg::seed_from_u64(11);
    let (mut made, mut ties) = (0, 0);
    for seed in 0..500 {
        let mut m = [[0u32; 10]; 10];
        for (i, row) in m.iter_mut().enumerate() {
            for (j, v) in row.iter_mut().enumerate() {
                *v = if i == j { rng.random_range(90..=110) } else { rng.random_range(0..=3) };
            }
        }
        for kind in [Kind::LenetConfusionCell, Kind::LenetMostConfused] {
            match from_evaluation(kind, seed, &m) {
                Some(e) => {
                    made += 1;
                    assert_eq!(e.kind, kind);
                    assert!(e.check(&independent(&e)), "{kind:?} seed {seed}");
                    match &e.prompt {
                        Prompt::LenetConfusion { confusion, .. }
                        | Prompt::LenetMostConfused { confusion } => assert_eq!(confusion, &m),
                        other => panic!("{other:?}"),
                    }
                }
                None => {
                    assert_eq!(kind, Kind::LenetMostConfused, "a cell question always exists");
                    ties += 1;
                }
            }
        }
    }
    assert!(made > 500 && ties > 0, "made {made}, ties {ties}: both paths are exercised");
    // A perfect network confuses nothing: no "most confused" question to ask.
    let mut perfect = [[0u32; 10]; 10];
    (0..10).for_each(|d| perfect[d][d] = 100);
    assert!(from_evaluation(Kind::LenetMostConfused, 1, &perfect).is_none());
    assert!(from_evaluation(Kind::Conv1dWindow, 1, &perfect).is_none());
}
