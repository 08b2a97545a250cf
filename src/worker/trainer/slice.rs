//! Training in time-boxed slices: steps (alone or shared with the helpers) until the
//! slice's budget is spent, a test evaluation falls due or the run ends; then the slice's
//! bookkeeping: the run's clock, the progress held back, a pause or a stop.

use futures::FutureExt;

use super::eval::{evaluate_test_shares, next_eval};
use super::helpers::{NoHelpers, Pool};
use super::progress::{PROGRESS_EVERY_S, Slice};
use super::{RunState, Session};
use crate::nn::{Architecture, NnError, StepReport, Trainer};
use crate::worker::protocol::{Report, Stop, WorkerError};

/// A loss above this is an explosion, not learning (ten classes start near ln 10 ≈ 2.3).
pub const EXPLODED_LOSS: f32 = 25.0;
/// Weights go to the page at most this often (seconds of the session's clock).
pub const WEIGHTS_EVERY_S: f64 = 0.5;

/// How a slice's training loop ended.
enum Ended {
    /// Budget spent, or a test evaluation done: the run goes on with the next slice.
    Running,
    Stopped(Stop),
    HelperLost(WorkerError),
}

/// A slice under way: the run's clock when it began (the end of the previous slice), the
/// training not reported yet and its epoch.
struct UnderWay {
    from: f64,
    part: Slice,
    epoch: u32,
}

impl Session {
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
        let options = self.settings.arch.clone();
        self.workers = pool.helpers() as u32 + 1;
        let start = clock();
        // Since the end of the previous slice: the worker's yield between slices is the run's.
        let from = self.last_tick.unwrap_or(start);
        // What the next progress report sums up (the part of the slice since the last one).
        let mut sl = UnderWay { from, part: Slice::default(), epoch: 0 };
        let ended = loop {
            let t = self.trainer.as_mut().expect("checked above");
            let t0 = clock();
            let r = match train_step(t, pool, &options).await {
                Ok(Ok(r)) => r,
                Ok(Err(e)) => {
                    self.state = RunState::Stopped;
                    out.push(Report::Error(WorkerError::Nn(e)));
                    return out;
                }
                Err(lost) => break Ended::HelperLost(lost),
            };
            if let Some(stop) = self.record_step(&mut sl, &r, clock() - t0) {
                break Ended::Stopped(stop);
            }
            // The run's last step is always evaluated: the student's final test accuracy.
            if self.examples_seen >= self.next_eval_at || self.examples_seen >= total {
                if let Err(lost) = self.test_now(&mut sl, &mut out, clock, pool, &options).await {
                    break Ended::HelperLost(lost);
                }
                break if self.examples_seen >= total {
                    Ended::Stopped(Stop::Finished)
                } else {
                    Ended::Running
                };
            }
            if self.examples_seen >= total {
                break Ended::Stopped(Stop::Finished);
            }
            if clock() - start >= budget {
                break Ended::Running;
            }
        };
        self.end_slice(sl, ended, clock(), &mut out);
        out
    }

    /// Counts step `r`, which took `dt` seconds, into the run and the slice. A loss that
    /// exploded stops the run (its loss still goes to the chart).
    fn record_step(&mut self, sl: &mut UnderWay, r: &StepReport, dt: f64) -> Option<Stop> {
        let part = &mut sl.part;
        part.trained += dt;
        self.train_seconds += dt;
        let n = self.trainer.as_ref().expect("checked above").batch_indices().len() as u64;
        self.examples_seen += n;
        part.n += n;
        sl.epoch = r.epoch as u32;
        part.losses.push((self.examples_seen, r.loss));
        if !r.loss.is_finite() || r.loss > EXPLODED_LOSS {
            // Not averaged in: the slice's mean stays the loss of the steps before.
            return Some(Stop::Diverged(r.loss));
        }
        part.steps += 1;
        part.loss_sum += r.loss as f64;
        part.acc_sum += r.accuracy as f64;
        None
    }

    /// A test evaluation falls due: the progress so far first, then the test accuracy
    /// (shared out among the helpers), then the weights if the page has not had them for
    /// a while.
    ///
    /// # Errors
    /// A helper lost during the evaluation.
    async fn test_now<P: Pool>(
        &mut self,
        sl: &mut UnderWay,
        out: &mut Vec<Report>,
        clock: &mut dyn FnMut() -> f64,
        pool: &mut P,
        options: &Architecture,
    ) -> Result<(), WorkerError> {
        self.next_eval_at = next_eval(self.examples_seen, self.settings.eval_every as u64);
        sl.part.wall = self.wall_seconds + (clock() - sl.from);
        self.hold(std::mem::take(&mut sl.part), sl.epoch);
        out.extend(self.take_progress());
        self.progress_at = clock();
        let t = self.trainer.as_mut().expect("checked above");
        let evaluated = evaluate_test_shares(t, pool, options).await?;
        let wall = self.wall_seconds + (clock() - sl.from);
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
        Ok(())
    }

    /// Closes the slice at `end` on the run's clock: the training held back is reported if
    /// it is time (at once when the slice stopped or lost a helper); a lost helper pauses
    /// the run, a stop stops it.
    fn end_slice(&mut self, sl: UnderWay, ended: Ended, end: f64, out: &mut Vec<Report>) {
        let UnderWay { from, mut part, epoch } = sl;
        self.wall_seconds += end - from;
        self.last_tick = Some(end);
        if part.steps > 0 || !part.losses.is_empty() {
            part.wall = self.wall_seconds;
            self.hold(part, epoch);
        }
        let at_once = !matches!(ended, Ended::Running);
        if (at_once || end - self.progress_at >= PROGRESS_EVERY_S)
            && let Some(r) = self.take_progress()
        {
            out.push(r);
            self.progress_at = end;
        }
        match ended {
            Ended::Running => {}
            Ended::HelperLost(e) => {
                // The last weights are kept (the step in flight was not applied): the page
                // saves them on "paused"; resuming starts the helpers again.
                out.push(Report::Error(e));
                self.state = RunState::Paused;
                self.last_tick = None;
                out.extend(self.paused_reports());
            }
            Ended::Stopped(s) => {
                self.state = RunState::Stopped;
                self.last_tick = None;
                if let Some(t) = &self.trainer
                    && matches!(s, Stop::Finished)
                {
                    out.push(Report::Weights(t.model().save_weights()));
                }
                out.push(Report::Stopped(s));
            }
        }
    }
}

/// One training step of `t`: alone ([`Trainer::step`]) without helpers, else the minibatch
/// shared out, the leader computing its own share while the helpers compute theirs.
///
/// # Errors
/// Outside: a helper lost (the step is not applied). Inside: the network's own error.
async fn train_step<P: Pool>(
    t: &mut Trainer,
    pool: &mut P,
    options: &Architecture,
) -> Result<Result<StepReport, NnError>, WorkerError> {
    if pool.helpers() == 0 {
        return Ok(t.step());
    }
    let tasks = t.begin_parallel_step(pool.helpers() + 1);
    let sent = !tasks.is_empty();
    if sent {
        pool.send(options, &t.model().flat_params(), tasks);
    }
    // The leader's own share while the helpers compute theirs.
    let own = t.own_share();
    let others = if sent { pool.collect().await } else { Ok(Vec::new()) }?;
    Ok(own.and_then(|o| {
        let mut all = Vec::with_capacity(others.len() + 1);
        all.push(o);
        all.extend(others);
        t.finish_parallel_step(&all)
    }))
}

#[cfg(test)]
mod tests;
