//! The worker's training session around [`nn::Trainer`]: commands in, reports out, training
//! in time-boxed slices so that a pause or a new setting is handled between two slices.
//! No browser API here (the clock is passed in), so it is tested natively.

use std::future::Future;

use futures::FutureExt;

use super::protocol::{
    Command, DataFailure, Progress, Report, Settings, Stop, TestDigit, WorkerError,
};
use crate::data::{Mnist, Split};
use crate::nn::parallel::{ShareGrad, ShareTask};
use crate::nn::{self, EvalSums, LeNetOptions, Sequential, Trainer, rng_from_seed};

/// The other workers of a data-parallel run, as the session sees them: each step, task k
/// goes to helper k with the current weights, and the answers come back in the tasks'
/// order. The browser's pool is `worker::pool::WebPool`; the tests simulate one.
pub trait Pool {
    /// Helpers ready to take a share (0: the session trains alone).
    fn helpers(&self) -> usize;
    /// Hands out this step's tasks (fewer than the helpers when the minibatch is small).
    fn send(&mut self, options: &LeNetOptions, weights: &[f32], tasks: Vec<ShareTask>);
    /// The answers to the last [`Pool::send`], in its tasks' order, or why a helper is lost.
    fn collect(&mut self) -> impl Future<Output = Result<Vec<ShareGrad>, WorkerError>>;
    /// Hands out the shares of a test evaluation (digit indices), one per helper.
    fn send_eval(&mut self, options: &LeNetOptions, weights: &[f32], shares: Vec<Vec<u32>>);
    /// The answers to the last [`Pool::send_eval`], in its shares' order.
    fn collect_eval(&mut self) -> impl Future<Output = Result<Vec<EvalSums>, WorkerError>>;
}

/// No helper: one worker trains alone ([`Trainer::step`], no copy of the weights).
pub struct NoHelpers;

impl Pool for NoHelpers {
    fn helpers(&self) -> usize {
        0
    }
    fn send(&mut self, _: &LeNetOptions, _: &[f32], _: Vec<ShareTask>) {}
    fn collect(&mut self) -> impl Future<Output = Result<Vec<ShareGrad>, WorkerError>> {
        std::future::ready(Ok(Vec::new()))
    }
    fn send_eval(&mut self, _: &LeNetOptions, _: &[f32], _: Vec<Vec<u32>>) {}
    fn collect_eval(&mut self) -> impl Future<Output = Result<Vec<EvalSums>, WorkerError>> {
        std::future::ready(Ok(Vec::new()))
    }
}

/// Where the test evaluation after one at `seen` examples comes: `every` examples apart at
/// first, then half the examples seen so far, at most 4 × `every`, on the grid of `every`.
/// The test curve shows the first climb in detail, and the evaluations (2,000 digits each,
/// about the cost of 1,000 training examples in the worker) stay near a quarter of the
/// student's wait instead of half of it.
pub fn next_eval(seen: u64, every: u64) -> u64 {
    let every = every.max(1);
    let gap = (seen / 2).clamp(every, 4 * every);
    (seen + gap) / every * every
}

/// A loss above this is an explosion, not learning (ten classes start near ln 10 ≈ 2.3).
pub const EXPLODED_LOSS: f32 = 25.0;
/// Weights go to the page at most this often (seconds of the session's clock).
pub const WEIGHTS_EVERY_S: f64 = 0.5;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RunState {
    Idle,
    Running,
    Paused,
    /// Finished or diverged: only a new start (or a reset) goes on.
    Stopped,
}

/// One student's training session in the worker.
pub struct Session {
    data: Option<Mnist>,
    trainer: Option<Trainer>,
    settings: Settings,
    state: RunState,
    examples_seen: u64,
    next_eval_at: u64,
    train_seconds: f64,
    /// Clock seconds of the run, evaluations and gaps between slices included.
    wall_seconds: f64,
    /// End of the last slice while running (`None` after a pause: paused time is not
    /// the run's).
    last_tick: Option<f64>,
    weights_sent_at: f64,
    /// Workers sharing the current slice's minibatches.
    workers: u32,
    /// Training not reported yet (see [`PROGRESS_EVERY_S`]) and its epoch.
    pending: Option<(Slice, u32)>,
    /// The run's clock when progress was last reported.
    progress_at: f64,
}

/// Progress goes to the page at most this often (and at once on an evaluation, a pause or
/// a stop). One report per 60 ms slice kept the page's main thread busy 20 % of a core
/// redrawing its charts (bench `main_thread_busy`): a core the helpers of a 2-core
/// machine need. Every step's loss still reaches the chart.
pub const PROGRESS_EVERY_S: f64 = 0.25;

impl Default for Session {
    fn default() -> Self {
        Self::new()
    }
}

impl Session {
    pub fn new() -> Self {
        Session {
            data: None,
            trainer: None,
            settings: Settings::default(),
            state: RunState::Idle,
            examples_seen: 0,
            next_eval_at: 0,
            train_seconds: 0.0,
            wall_seconds: 0.0,
            last_tick: None,
            weights_sent_at: f64::NEG_INFINITY,
            workers: 1,
            pending: None,
            progress_at: f64::NEG_INFINITY,
        }
    }

    pub fn state(&self) -> RunState {
        self.state
    }

    pub fn is_running(&self) -> bool {
        self.state == RunState::Running
    }

    /// The settings of the current (or last) run.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    pub fn has_data(&self) -> bool {
        self.data.is_some()
    }

    /// The digits file, as fetched by the worker.
    pub fn set_data_bytes(&mut self, bytes: &[u8]) -> Report {
        match Mnist::from_bytes(bytes) {
            Ok(m) => self.set_data(m),
            Err(e) => Report::DataFailed(DataFailure::Format(e)),
        }
    }

    pub fn set_data(&mut self, m: Mnist) -> Report {
        let train = m.indices(Split::Train).len() as u32;
        let test = m.indices(Split::Test).len() as u32;
        self.data = Some(m);
        Report::DataLoaded { train, test }
    }

    fn total_examples(&self) -> u64 {
        let per_epoch = self.trainer.as_ref().map_or(0, |t| t.train_len() as u64);
        per_epoch * self.settings.epochs as u64
    }

    /// Handles one command (data loading is done by the caller, see [`Self::set_data_bytes`]).
    pub fn handle(&mut self, cmd: Command) -> Vec<Report> {
        match cmd {
            Command::Hello => {
                vec![Report::Ready { version: env!("CARGO_PKG_VERSION").to_string() }]
            }
            Command::LoadData { .. } | Command::Bye => vec![],
            Command::Start(settings) => self.start(settings),
            Command::Pause => {
                if self.state == RunState::Running {
                    self.state = RunState::Paused;
                    self.last_tick = None;
                    let mut out: Vec<Report> = self.take_progress().into_iter().collect();
                    out.extend(self.paused_reports());
                    out
                } else {
                    vec![]
                }
            }
            Command::Resume => {
                if self.state == RunState::Paused {
                    self.state = RunState::Running;
                    vec![Report::Resumed]
                } else {
                    vec![]
                }
            }
            Command::Reset => {
                self.trainer = None;
                self.state = RunState::Idle;
                self.examples_seen = 0;
                self.train_seconds = 0.0;
                self.wall_seconds = 0.0;
                self.last_tick = None;
                self.pending = None;
                vec![Report::WasReset]
            }
            Command::SetLearningRate(lr) => {
                if !(lr.is_finite() && lr > 0.0 && lr <= 10.0) {
                    return vec![Report::Error(WorkerError::Setting("learning_rate".into()))];
                }
                self.settings.learning_rate = lr;
                if let Some(t) = self.trainer.as_mut() {
                    t.set_learning_rate(lr);
                }
                vec![]
            }
            Command::Evaluate(weights) => match self.evaluate(weights.as_deref()) {
                Ok(r) => vec![r],
                Err(e) => vec![Report::Error(e)],
            },
        }
    }

    fn start(&mut self, settings: Settings) -> Vec<Report> {
        // The page has said why already; the worker names the field it refused.
        if let Err((field, _why)) = settings.validate() {
            return vec![Report::Error(WorkerError::Setting(field.into()))];
        }
        let Some(data) = self.data.clone() else {
            return vec![Report::Error(WorkerError::DigitsNotLoaded)];
        };
        let mut rng = rng_from_seed(settings.seed);
        let built = Sequential::lenet(&settings.lenet_options(), &mut rng)
            .and_then(|model| Trainer::new(model, data, settings.trainer_config()));
        match built {
            Ok(t) => {
                self.trainer = Some(t);
                self.settings = settings;
                self.state = RunState::Running;
                self.examples_seen = 0;
                self.train_seconds = 0.0;
                self.wall_seconds = 0.0;
                self.last_tick = None;
                self.next_eval_at = self.settings.eval_every as u64;
                self.pending = None;
                self.progress_at = f64::NEG_INFINITY;
                vec![Report::Started { total_examples: self.total_examples() }]
            }
            Err(e) => vec![Report::Error(WorkerError::Nn(e))],
        }
    }

    /// Adds `part` to the training not reported yet.
    fn hold(&mut self, part: Slice, epoch: u32) {
        match &mut self.pending {
            Some((p, e)) => {
                p.steps += part.steps;
                p.loss_sum += part.loss_sum;
                p.acc_sum += part.acc_sum;
                p.n += part.n;
                p.trained += part.trained;
                p.wall = part.wall;
                p.losses.extend(part.losses);
                *e = epoch;
            }
            None => self.pending = Some((part, epoch)),
        }
    }

    /// The progress report of the training not reported yet, if any.
    fn take_progress(&mut self) -> Option<Report> {
        let (part, epoch) = self.pending.take()?;
        Some(progress(self, part, epoch, self.total_examples()))
    }

    /// The weights first, so that the page holds them when it hears "paused" (it keeps
    /// them in the browser then).
    fn paused_reports(&self) -> Vec<Report> {
        let mut out = Vec::new();
        if let Some(t) = &self.trainer {
            out.push(Report::Weights(t.model().save_weights()));
        }
        out.push(Report::Paused);
        out
    }

    /// Trains for about `budget` seconds of `clock` (at least one step), evaluating on the
    /// test split every `eval_every` examples (that time is not counted as training).
    pub fn run_slice(&mut self, budget: f64, clock: &mut dyn FnMut() -> f64) -> Vec<Report> {
        // Without helpers nothing is awaited: the future is ready at once.
        self.run_slice_with(budget, clock, &mut NoHelpers).now_or_never().unwrap_or_default()
    }

    /// [`Self::run_slice`] with `pool`'s helpers sharing each minibatch. A helper lost
    /// (dead or stalled) pauses the run: the error, then the last weights and "paused".
    pub async fn run_slice_with<P: Pool>(
        &mut self,
        budget: f64,
        clock: &mut dyn FnMut() -> f64,
        pool: &mut P,
    ) -> Vec<Report> {
        let mut out = Vec::new();
        if self.state != RunState::Running {
            return out;
        }
        let total = self.total_examples();
        if self.trainer.is_none() {
            self.state = RunState::Idle;
            return out;
        }
        let options = self.settings.lenet_options();
        self.workers = pool.helpers() as u32 + 1;
        let start = clock();
        // Since the end of the previous slice: the worker's yield between slices is the run's.
        let from = self.last_tick.unwrap_or(start);
        // What the next progress report sums up (the part of the slice since the last one).
        let mut part = Slice::default();
        let mut stop = None;
        let mut lost = None;
        let mut epoch = 0;
        loop {
            let t = self.trainer.as_mut().expect("checked above");
            let t0 = clock();
            let stepped = if pool.helpers() == 0 {
                t.step()
            } else {
                let tasks = t.begin_parallel_step(pool.helpers() + 1);
                let sent = !tasks.is_empty();
                if sent {
                    pool.send(&options, &t.model().flat_params(), tasks);
                }
                // The leader's own share while the helpers compute theirs.
                let own = t.own_share();
                let others = if sent { pool.collect().await } else { Ok(Vec::new()) };
                match others {
                    Ok(others) => own.and_then(|o| {
                        let mut all = Vec::with_capacity(others.len() + 1);
                        all.push(o);
                        all.extend(others);
                        t.finish_parallel_step(&all)
                    }),
                    Err(e) => {
                        lost = Some(e);
                        break;
                    }
                }
            };
            let r = match stepped {
                Ok(r) => r,
                Err(e) => {
                    self.state = RunState::Stopped;
                    out.push(Report::Error(WorkerError::Nn(e)));
                    return out;
                }
            };
            let dt = clock() - t0;
            part.trained += dt;
            self.train_seconds += dt;
            let n = t.batch_indices().len() as u64;
            self.examples_seen += n;
            part.n += n;
            epoch = r.epoch as u32;
            part.losses.push((self.examples_seen, r.loss));
            if !r.loss.is_finite() || r.loss > EXPLODED_LOSS {
                // Not averaged in: the slice's mean stays the loss of the steps before.
                stop = Some(Stop::Diverged(r.loss));
                break;
            }
            part.steps += 1;
            part.loss_sum += r.loss as f64;
            part.acc_sum += r.accuracy as f64;
            // The run's last step is always evaluated: the student's final test accuracy.
            if self.examples_seen >= self.next_eval_at || self.examples_seen >= total {
                self.next_eval_at = next_eval(self.examples_seen, self.settings.eval_every as u64);
                part.wall = self.wall_seconds + (clock() - from);
                self.hold(std::mem::take(&mut part), epoch);
                out.extend(self.take_progress());
                self.progress_at = clock();
                let t = self.trainer.as_mut().expect("checked above");
                // Every worker evaluates its share of the test digits (alone, the leader
                // has them all): on a laptop with many cores the evaluation would otherwise
                // be most of the wait.
                let mut shares = t.eval_shares(Split::Test, pool.helpers() + 1).into_iter();
                let own = shares.next().unwrap_or_default();
                let others: Vec<Vec<u32>> = shares.collect();
                let sent = !others.is_empty();
                if sent {
                    pool.send_eval(&options, &t.model().flat_params(), others);
                }
                let own = t.evaluate_share(&own);
                let evaluated = match if sent { pool.collect_eval().await } else { Ok(Vec::new()) }
                {
                    Ok(others) => own.map(|mut sums| {
                        for o in &others {
                            sums.add(o);
                        }
                        sums.report()
                    }),
                    Err(e) => {
                        lost = Some(e);
                        break;
                    }
                };
                let wall = self.wall_seconds + (clock() - from);
                match evaluated {
                    Ok(e) => out.push(Report::TestAccuracy {
                        examples_seen: self.examples_seen,
                        train_seconds: self.train_seconds,
                        wall_seconds: wall,
                        loss: e.loss,
                        accuracy: e.accuracy,
                    }),
                    Err(e) => out.push(Report::Error(WorkerError::Nn(e))),
                }
                // The page redraws every map and filter for new weights: twice a second is
                // live enough and keeps its main thread idle.
                let now = clock();
                if now - self.weights_sent_at >= WEIGHTS_EVERY_S {
                    self.weights_sent_at = now;
                    out.push(Report::Weights(t.model().save_weights()));
                }
                if self.examples_seen >= total {
                    stop = Some(Stop::Finished);
                }
                break;
            }
            if self.examples_seen >= total {
                stop = Some(Stop::Finished);
                break;
            }
            if clock() - start >= budget {
                break;
            }
        }
        let end = clock();
        self.wall_seconds += end - from;
        self.last_tick = Some(end);
        if part.steps > 0 || !part.losses.is_empty() {
            part.wall = self.wall_seconds;
            self.hold(part, epoch);
        }
        if (lost.is_some() || stop.is_some() || end - self.progress_at >= PROGRESS_EVERY_S)
            && let Some(r) = self.take_progress()
        {
            out.push(r);
            self.progress_at = end;
        }
        if let Some(e) = lost {
            // The last weights are kept (the step in flight was not applied): the page
            // saves them on "paused"; resuming starts the helpers again.
            out.push(Report::Error(e));
            self.state = RunState::Paused;
            self.last_tick = None;
            out.extend(self.paused_reports());
            return out;
        }
        if let Some(s) = stop {
            self.state = RunState::Stopped;
            self.last_tick = None;
            if let Some(t) = &self.trainer
                && matches!(s, Stop::Finished)
            {
                out.push(Report::Weights(t.model().save_weights()));
            }
            out.push(Report::Stopped(s));
        }
        out
    }

    /// Evaluates `weights`, or the run's network: the run itself is left as it was (an
    /// evaluation of the pretrained weights must not create a paused run).
    fn evaluate(&mut self, weights: Option<&[u8]>) -> Result<Report, WorkerError> {
        let data = self.data.as_ref().ok_or(WorkerError::DigitsNotLoaded)?;
        match weights {
            Some(bytes) => {
                let mut model =
                    Sequential::<f32>::from_weights(bytes).map_err(WorkerError::Weights)?;
                evaluate_digits(&mut model, data)
            }
            None => {
                let t = self.trainer.as_mut().ok_or(WorkerError::NoNetwork)?;
                evaluate_digits(t.model_mut(), data)
            }
        }
    }
}

/// Per-digit probabilities on the whole test split, and the confusion matrix.
fn evaluate_digits(model: &mut Sequential<f32>, data: &Mnist) -> Result<Report, WorkerError> {
    {
        let idx = data.indices(Split::Test);
        let shape = model.input_shape().to_vec();
        let (h, w) = (shape[0], shape[1]);
        let mut labels = Vec::new();
        let mut digits = Vec::with_capacity(idx.len());
        let mut confusion = [[0u32; 10]; 10];
        let mut correct = 0usize;
        for chunk in idx.chunks(250) {
            let mut x = nn::ndarray::Array2::zeros((chunk.len(), h * w));
            data.write_batch(chunk, x.view_mut(), h, w, None, &mut labels);
            let y = model.predict_batch(x.view()).map_err(WorkerError::Nn)?;
            for ((row, &i), &label) in y.outer_iter().zip(chunk).zip(&labels) {
                let mut probs = [0f32; 10];
                for (p, v) in probs.iter_mut().zip(row.iter()) {
                    *p = *v;
                }
                let d = TestDigit {
                    index: i as u32,
                    label,
                    pixels: data.image(i).unwrap_or(&[]).to_vec(),
                    probs,
                };
                let pred = d.predicted();
                confusion[label as usize][pred as usize] += 1;
                correct += (pred == label) as usize;
                digits.push(d);
            }
        }
        let accuracy = correct as f32 / digits.len().max(1) as f32;
        Ok(Report::Evaluation { accuracy, confusion, digits })
    }
}

/// What one slice (or the part of it before a test evaluation) did.
#[derive(Default)]
struct Slice {
    steps: usize,
    loss_sum: f64,
    acc_sum: f64,
    /// Examples trained.
    n: u64,
    /// Seconds spent in training steps.
    trained: f64,
    /// The run's clock seconds at the end of this part.
    wall: f64,
    losses: Vec<(u64, f32)>,
}

fn progress(s: &Session, sl: Slice, epoch: u32, total: u64) -> Report {
    let Slice { steps, loss_sum, acc_sum, n, trained, wall, losses } = sl;
    let dropped = s
        .trainer
        .as_ref()
        .map(|t| {
            t.dropout_masks()
                .into_iter()
                .map(|(_, m)| {
                    let units = m.shape.last().copied().unwrap_or(0);
                    m.data.iter().take(units).map(|&v| v == 0.0).collect()
                })
                .collect()
        })
        .unwrap_or_default();
    // No finite step (the first one exploded): no mean, NaN (the page skips it).
    let k = if steps > 0 { steps as f64 } else { f64::NAN };
    Report::Progress(Progress {
        examples_seen: s.examples_seen,
        total_examples: total,
        epoch,
        loss: (loss_sum / k) as f32,
        accuracy: (acc_sum / k) as f32,
        workers: s.workers,
        examples_per_s: if trained > 0.0 { (n as f64 / trained) as f32 } else { 0.0 },
        train_seconds: s.train_seconds,
        wall_seconds: wall,
        losses,
        dropped,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::worker::protocol::Optim;

    fn digits(n: usize) -> Mnist {
        crate::data::mnist::bar_digits(n, false)
    }

    /// A clock that advances 1 ms per reading: slices are deterministic.
    fn fake_clock() -> impl FnMut() -> f64 {
        let mut t = 0.0;
        move || {
            t += 0.001;
            t
        }
    }

    impl Session {
        /// A session started with [`settings`] that has not trained yet.
        fn new_started(data: &Mnist) -> Session {
            let mut s = Session::new();
            s.set_data(data.clone());
            s.handle(Command::Start(settings()));
            s
        }
    }

    fn settings() -> Settings {
        Settings { epochs: 2, batch_size: 8, eval_every: 20, ..Settings::default() }
    }

    #[test]
    fn start_needs_the_digits_and_valid_settings() {
        let mut s = Session::new();
        assert!(matches!(s.handle(Command::Start(settings()))[..], [Report::Error(_)]));
        s.set_data(digits(50));
        let bad = Settings { learning_rate: f32::NAN, ..settings() };
        assert!(matches!(s.handle(Command::Start(bad))[..], [Report::Error(_)]));
        assert_eq!(s.state(), RunState::Idle);
        assert_eq!(
            s.handle(Command::Start(settings())),
            vec![Report::Started { total_examples: 80 }]
        );
        assert!(s.is_running());
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
        let model = Sequential::<f32>::lenet(&Default::default(), &mut rng).unwrap();
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

    /// Helpers simulated in the same thread; `fail_after`: steps answered before one is lost.
    struct LocalPool {
        workers: Vec<nn::parallel::ShareWorker>,
        answers: Vec<Result<ShareGrad, nn::NnError>>,
        evals: Vec<Result<EvalSums, nn::NnError>>,
        /// Test evaluations the helpers shared.
        evaluations: usize,
        fail_after: Option<usize>,
        steps: usize,
    }

    impl LocalPool {
        fn new(data: &Mnist, helpers: usize, fail_after: Option<usize>) -> Self {
            LocalPool {
                workers: (0..helpers)
                    .map(|_| nn::parallel::ShareWorker::new(data.clone()))
                    .collect(),
                answers: Vec::new(),
                evals: Vec::new(),
                evaluations: 0,
                fail_after,
                steps: 0,
            }
        }
    }

    impl Pool for LocalPool {
        fn helpers(&self) -> usize {
            self.workers.len()
        }
        fn send(&mut self, options: &LeNetOptions, weights: &[f32], tasks: Vec<ShareTask>) {
            self.answers = tasks
                .iter()
                .zip(&mut self.workers)
                .map(|(task, w)| w.gradient(options, weights, task))
                .collect();
        }
        fn collect(&mut self) -> impl Future<Output = Result<Vec<ShareGrad>, WorkerError>> {
            self.steps += 1;
            let r = if self.fail_after.is_some_and(|n| self.steps > n) {
                Err(WorkerError::HelperStalled)
            } else {
                std::mem::take(&mut self.answers)
                    .into_iter()
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(WorkerError::Nn)
            };
            std::future::ready(r)
        }
        fn send_eval(&mut self, options: &LeNetOptions, weights: &[f32], shares: Vec<Vec<u32>>) {
            self.evaluations += 1;
            self.evals = shares
                .iter()
                .zip(&mut self.workers)
                .map(|(share, w)| w.evaluate(options, weights, share))
                .collect();
        }
        fn collect_eval(&mut self) -> impl Future<Output = Result<Vec<EvalSums>, WorkerError>> {
            std::future::ready(
                std::mem::take(&mut self.evals)
                    .into_iter()
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(WorkerError::Nn),
            )
        }
    }

    fn weights_of(s: &Session) -> Vec<f32> {
        s.trainer.as_ref().unwrap().model().flat_params()
    }

    #[test]
    fn a_run_on_three_workers_ends_with_the_weights_of_one() {
        let data = digits(50);
        let run = |helpers: usize| {
            let mut s = Session::new();
            s.set_data(data.clone());
            s.handle(Command::Start(Settings {
                shift: 1,
                workers: helpers as u32 + 1,
                ..settings()
            }));
            let mut pool = LocalPool::new(&data, helpers, None);
            let mut clock = fake_clock();
            let mut reports = Vec::new();
            for _ in 0..50 {
                reports
                    .extend(s.run_slice_with(0.005, &mut clock, &mut pool).now_or_never().unwrap());
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
    fn test_evaluations_thin_out_as_the_run_goes() {
        let mut at = vec![];
        let mut next = 1000;
        // Batches of 32: an evaluation comes at the first step at or past `next`.
        for seen in (32..=60_000u64).step_by(32) {
            if seen >= next {
                at.push(seen);
                next = next_eval(seen, 1000);
            }
        }
        assert_eq!(&at[..6], &[1024, 2016, 3008, 4000, 6016, 9024]);
        let gaps: Vec<u64> = at.windows(2).map(|w| w[1] - w[0]).collect();
        assert!(gaps.iter().all(|&g| (990..=4032).contains(&g)), "{gaps:?}");
        assert!(gaps[gaps.len() - 3..].iter().all(|&g| g >= 3968), "then every 4,000: {gaps:?}");
        assert_eq!(next_eval(0, 0), 1, "a zero setting still moves on");
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
        s.handle(Command::Start(Settings { dropout: Some(0.5), ..settings() }));
        let r = s.run_slice(0.0, &mut fake_clock());
        let Some(Report::Progress(p)) = r.first() else { panic!("{r:?}") };
        assert_eq!(p.dropped.len(), 2, "one mask per hidden dense layer");
        assert_eq!(p.dropped[0].len(), 120);
        assert_eq!(p.dropped[1].len(), 84);
        let off = p.dropped[0].iter().filter(|&&d| d).count();
        assert!(off > 20 && off < 100, "{off} of 120 dropped at rate 0.5");
    }
}
