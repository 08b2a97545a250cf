//! Tests of running slices: progress, test evaluations, pauses, stops, the run's clock,
//! and helpers sharing (or losing) the steps.

use super::super::helpers::LocalPool;
use super::super::test_util::{digits, fake_clock, settings};
use super::*;
use crate::data::Mnist;
use crate::nn::{Sequential, rng_from_seed};
use crate::worker::protocol::{Command, Optim, Progress, Settings};

impl Session {
    /// A session started with [`settings`] that has not trained yet.
    fn new_started(data: &Mnist) -> Session {
        let mut s = Session::new();
        s.set_data(data.clone());
        s.handle(Command::Start(settings()));
        s
    }
}

fn weights_of(s: &Session) -> Vec<f32> {
    s.trainer.as_ref().unwrap().model().flat_params()
}

#[test]
fn slices_report_progress_tests_pause_resume_and_finish() {
    let mut s = Session::new();
    s.set_data(digits(50));
    s.handle(Command::Start(settings()));
    let mut clock = fake_clock();
    let mut seen = Vec::new();
    let r = s.run_slice(1.0, &mut clock);
    // 40 training digits, batch 8: the 3rd step passes 20 examples and evaluates.
    assert!(matches!(r[0], Report::Progress(Progress { examples_seen: 24, .. })), "{r:?}");
    assert!(matches!(r[1], Report::TestAccuracy { examples_seen: 24, .. }));
    assert!(matches!(r[2], Report::Weights(_)));
    seen.extend(r);

    let paused = s.handle(Command::Pause);
    assert!(matches!(paused[..], [Report::Weights(_), Report::Paused]));
    assert!(s.run_slice(1.0, &mut clock).is_empty(), "no training while paused");
    assert_eq!(s.handle(Command::Resume), vec![Report::Resumed]);
    for _ in 0..20 {
        seen.extend(s.run_slice(1.0, &mut clock));
        if !s.is_running() {
            break;
        }
    }
    assert_eq!(s.state(), RunState::Stopped);
    assert_eq!(seen.last(), Some(&Report::Stopped(Stop::Finished)));
    let last = seen
        .iter()
        .rev()
        .find_map(|r| if let Report::Progress(p) = r { Some(p.clone()) } else { None });
    assert_eq!(last.map(|p| p.examples_seen), Some(80));
    // Every 20 examples a test evaluation: at 24, 40, 64, 80.
    let tests = seen.iter().filter(|r| matches!(r, Report::TestAccuracy { .. })).count();
    assert_eq!(tests, 4);
}

/// Short slices are reported together, at most every `PROGRESS_EVERY_S` of the run's
/// clock, and nothing is lost: every step's loss comes exactly once, in order, and a
/// pause reports what was pending before saying "paused".
#[test]
fn progress_is_reported_a_few_times_a_second_and_complete() {
    let mut s = Session::new();
    s.set_data(digits(200));
    s.handle(Command::Start(Settings { epochs: 50, eval_every: 1_000_000, ..settings() }));
    // Each slice is one step: the fake clock moves 1 ms a call, a few calls a slice.
    let mut clock = fake_clock();
    let (mut slices, mut reports, mut losses) = (0, 0, Vec::new());
    for _ in 0..300 {
        slices += 1;
        for r in s.run_slice(0.0005, &mut clock) {
            if let Report::Progress(p) = r {
                reports += 1;
                assert_eq!(p.losses.last().map(|l| l.0), Some(p.examples_seen));
                losses.extend(p.losses);
            }
        }
    }
    let seen = s.examples_seen;
    assert!(reports >= 2 && reports * 10 <= slices, "{reports} reports for {slices} slices");
    let pause = s.handle(Command::Pause);
    let Some(Report::Progress(p)) = pause.first() else { panic!("{pause:?}") };
    losses.extend(p.losses.clone());
    assert_eq!(p.examples_seen, seen);
    assert_eq!(pause.last(), Some(&Report::Paused));
    let steps: Vec<u64> = losses.iter().map(|l| l.0).collect();
    assert_eq!(steps, (1..=steps.len() as u64).map(|k| k * 8).collect::<Vec<_>>());
    assert_eq!(steps.last(), Some(&seen));
}

#[test]
fn an_exploding_learning_rate_stops_training() {
    let mut s = Session::new();
    s.set_data(digits(50));
    let wild = Settings {
        optimizer: Optim::Sgd,
        learning_rate: 10.0,
        epochs: 50,
        eval_every: 10_000,
        ..settings()
    };
    s.handle(Command::Start(wild));
    let mut clock = fake_clock();
    let mut stop = None;
    let mut losses = Vec::new();
    for _ in 0..200 {
        for r in s.run_slice(0.01, &mut clock) {
            if let Report::Stopped(st) = r {
                stop = Some(st);
            }
            if let Report::Progress(p) = r {
                assert!(
                    p.loss.is_finite() || p.losses.len() == 1,
                    "a slice's mean leaves the exploded step out: {p:?}"
                );
                losses.extend(p.losses);
            }
        }
        if !s.is_running() {
            break;
        }
    }
    match stop {
        Some(Stop::Diverged(loss)) => assert!(!loss.is_finite() || loss > EXPLODED_LOSS),
        other => panic!("expected a divergence, got {other:?}"),
    }
    // Every step's loss reached the page, the last one the explosion itself, the
    // ones before finite: the chart has its points.
    assert!(losses.len() >= 2, "{losses:?}");
    let (before, last) = losses.split_at(losses.len() - 1);
    assert!(before.iter().all(|&(_, l)| l.is_finite() && l <= EXPLODED_LOSS), "{losses:?}");
    assert!(!last[0].1.is_finite() || last[0].1 > EXPLODED_LOSS);
    assert_eq!(s.state(), RunState::Stopped);
}

#[test]
fn evaluating_weights_never_creates_or_changes_a_run() {
    let mut s = Session::new();
    s.set_data(digits(50));
    let mut rng = rng_from_seed(7);
    let model = Architecture::default().build::<f32>(&mut rng).unwrap();
    // Fresh page: evaluating the pretrained weights leaves the session idle, and
    // "resume" has nothing to resume.
    let r = s.handle(Command::Evaluate(Some(model.save_weights())));
    let Report::Evaluation { digits, confusion, .. } = &r[0] else { panic!("{r:?}") };
    assert_eq!(digits.len(), 10);
    assert_eq!(confusion.iter().flatten().sum::<u32>(), 10);
    for d in digits {
        assert!((d.probs.iter().sum::<f32>() - 1.0).abs() < 1e-4);
        assert_eq!(d.pixels.len(), 784);
    }
    assert_eq!(s.state(), RunState::Idle);
    assert!(s.handle(Command::Resume).is_empty());
    assert_eq!(s.state(), RunState::Idle);
    // No run: evaluating "the run's network" is refused, still idle.
    assert!(matches!(s.handle(Command::Evaluate(None))[..], [Report::Error(_)]));
    // Bad bytes: refused, the run untouched.
    s.handle(Command::Start(settings()));
    s.run_slice(0.0, &mut fake_clock());
    s.handle(Command::Pause);
    let r = s.handle(Command::Evaluate(Some(b"not a weights file".to_vec())));
    assert!(matches!(r[..], [Report::Error(_)]));
    assert_eq!(s.state(), RunState::Paused);
    // Good weights: evaluated, and the paused run is still the same run.
    let seen = s.examples_seen;
    assert!(matches!(
        s.handle(Command::Evaluate(Some(model.save_weights())))[..],
        [Report::Evaluation { .. }]
    ));
    assert!(matches!(s.handle(Command::Evaluate(None))[..], [Report::Evaluation { .. }]));
    assert_eq!((s.state(), s.examples_seen), (RunState::Paused, seen));
}

#[test]
fn the_run_clock_counts_evaluations_and_gaps_but_not_pauses() {
    let mut s = Session::new();
    s.set_data(digits(50));
    s.handle(Command::Start(settings()));
    // Each reading advances 1 ms: a test evaluation costs readings too.
    let mut clock = fake_clock();
    let r = s.run_slice(1.0, &mut clock);
    let Some(Report::TestAccuracy { train_seconds, wall_seconds, .. }) =
        r.iter().find(|r| matches!(r, Report::TestAccuracy { .. })).cloned()
    else {
        panic!("{r:?}")
    };
    assert!(wall_seconds > train_seconds, "{wall_seconds} vs {train_seconds}");
    // A gap of 1 s between two slices (the worker yielding, messages) is the run's...
    let mut t = 10.0;
    let mut slow = move || {
        t += 0.001;
        t
    };
    let wall = |r: &[Report]| {
        r.iter()
            .rev()
            .find_map(|r| match r {
                Report::Progress(p) => Some(p.wall_seconds),
                _ => None,
            })
            .unwrap()
    };
    let w1 = wall(&s.run_slice(0.0, &mut slow));
    let mut later = {
        let mut t = 11.0;
        move || {
            t += 0.001;
            t
        }
    };
    let w2 = wall(&s.run_slice(0.0, &mut later));
    assert!(w2 - w1 > 0.99, "{w1} → {w2}");
    // ...a pause asked by the student is not.
    s.handle(Command::Pause);
    s.handle(Command::Resume);
    let mut much_later = {
        let mut t = 500.0;
        move || {
            t += 0.001;
            t
        }
    };
    let w3 = wall(&s.run_slice(0.0, &mut much_later));
    assert!(w3 - w2 < 0.1, "{w2} → {w3}");
}

#[test]
fn pausing_sends_the_weights_before_saying_paused() {
    let mut s = Session::new();
    s.set_data(digits(50));
    s.handle(Command::Start(settings()));
    s.run_slice(0.0, &mut fake_clock());
    assert!(matches!(s.handle(Command::Pause)[..], [Report::Weights(_), Report::Paused]));
}

#[test]
fn a_run_on_three_workers_ends_with_the_weights_of_one() {
    let data = digits(50);
    let run = |helpers: usize| {
        let mut s = Session::new();
        s.set_data(data.clone());
        s.handle(Command::Start(Settings { shift: 1, workers: helpers as u32 + 1, ..settings() }));
        let mut pool = LocalPool::new(&data, helpers, None);
        let mut clock = fake_clock();
        let mut reports = Vec::new();
        for _ in 0..50 {
            reports.extend(s.run_slice_with(0.005, &mut clock, &mut pool).now_or_never().unwrap());
            if !s.is_running() {
                break;
            }
        }
        (s, reports, pool.evaluations)
    };
    let (one, r1, e1) = run(0);
    let (three, r3, e3) = run(2);
    assert_eq!(r3.last(), Some(&Report::Stopped(Stop::Finished)));
    let workers = |r: &[Report]| {
        r.iter()
            .filter_map(|r| match r {
                Report::Progress(p) => Some(p.workers),
                _ => None,
            })
            .max()
    };
    assert_eq!((workers(&r1), workers(&r3)), (Some(1), Some(3)));
    let tests = |r: &[Report]| {
        r.iter()
            .filter_map(|r| match r {
                Report::TestAccuracy { examples_seen, .. } => Some(*examples_seen),
                _ => None,
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(tests(&r1), tests(&r3));
    assert_eq!(tests(&r3).last(), Some(&three.examples_seen), "the last step is evaluated");
    // With helpers, every test evaluation was shared out, and the shares add up to
    // the one worker's figures (the weights differ only by float rounding).
    assert_eq!((e1, e3), (0, tests(&r3).len()));
    assert!(e3 > 0);
    let scores = |r: &[Report]| {
        r.iter()
            .filter_map(|r| match r {
                Report::TestAccuracy { accuracy, loss, .. } => Some((*accuracy, *loss)),
                _ => None,
            })
            .collect::<Vec<_>>()
    };
    for ((a1, l1), (a3, l3)) in scores(&r1).into_iter().zip(scores(&r3)) {
        assert_eq!(a1, a3);
        assert!((l1 - l3).abs() < 1e-3, "{l1} vs {l3}");
    }
    let (a, b) = (weights_of(&one), weights_of(&three));
    let worst = a.iter().zip(&b).map(|(x, y)| (x - y).abs()).fold(0.0f32, f32::max);
    assert!(worst < 1e-4, "{worst}");
    assert_ne!(a, weights_of(&Session::new_started(&data)), "it trained");
}

#[test]
fn the_last_step_of_a_run_is_always_evaluated() {
    let data = digits(50);
    let mut s = Session::new();
    s.set_data(data.clone());
    // No evaluation falls due during the run: only the final one.
    s.handle(Command::Start(Settings { eval_every: 1_000_000, ..settings() }));
    let mut clock = fake_clock();
    let mut reports = Vec::new();
    while s.is_running() {
        reports.extend(s.run_slice(0.05, &mut clock));
    }
    let tests: Vec<u64> = reports
        .iter()
        .filter_map(|r| match r {
            Report::TestAccuracy { examples_seen, .. } => Some(*examples_seen),
            _ => None,
        })
        .collect();
    assert_eq!(tests, vec![s.examples_seen], "{reports:?}");
    assert_eq!(reports.last(), Some(&Report::Stopped(Stop::Finished)));
}

#[test]
fn a_lost_helper_pauses_the_run_and_keeps_its_last_weights() {
    let data = digits(50);
    let mut s = Session::new();
    s.set_data(data.clone());
    s.handle(Command::Start(Settings { workers: 2, ..settings() }));
    let mut pool = LocalPool::new(&data, 1, Some(2));
    let mut clock = fake_clock();
    // Two steps answered, the third one lost.
    let r = s.run_slice_with(1.0, &mut clock, &mut pool).now_or_never().unwrap();
    let n = r.len();
    assert!(n >= 3, "{r:?}");
    assert_eq!(r[n - 3], Report::Error(WorkerError::HelperStalled));
    let Report::Weights(bytes) = &r[n - 2] else { panic!("{r:?}") };
    assert_eq!(r[n - 1], Report::Paused);
    assert_eq!(s.state(), RunState::Paused);
    assert_eq!(s.examples_seen, 16, "two steps of 8 applied, the third not");
    let kept = Sequential::<f32>::from_weights(bytes).unwrap().flat_params();
    assert_eq!(kept, weights_of(&s), "the weights sent are the run's last");
    // Resumed (with helpers again, or alone), the run goes on from there.
    s.handle(Command::Resume);
    s.run_slice(0.0, &mut clock);
    assert_eq!(s.examples_seen, 24);
}

#[test]
fn dropout_masks_are_reported() {
    let mut s = Session::new();
    s.set_data(digits(50));
    let arch = Architecture::default().with_dense_dropout(Some(0.5));
    s.handle(Command::Start(Settings { arch, ..settings() }));
    let r = s.run_slice(0.0, &mut fake_clock());
    let Some(Report::Progress(p)) = r.first() else { panic!("{r:?}") };
    assert_eq!(p.dropped.len(), 2, "one mask per hidden dense layer");
    assert_eq!(p.dropped[0].len(), 120);
    assert_eq!(p.dropped[1].len(), 84);
    let off = p.dropped[0].iter().filter(|&&d| d).count();
    assert!(off > 20 && off < 100, "{off} of 120 dropped at rate 0.5");
}
