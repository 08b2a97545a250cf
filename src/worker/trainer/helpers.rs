//! The other workers of a run as the session sees them: the [`Pool`] it hands shares to,
//! [`NoHelpers`] when it trains alone, and (tests) a pool simulated in the same thread.

use std::future::Future;

use crate::nn::parallel::{ShareGrad, ShareTask};
use crate::nn::{Architecture, EvalSums};
use crate::worker::protocol::WorkerError;

/// The other workers of a data-parallel run, as the session sees them: each step, task k
/// goes to helper k with the current weights, and the answers come back in the tasks'
/// order. The browser's pool is `worker::pool::WebPool`; the tests simulate one.
pub trait Pool {
    /// Helpers ready to take a share (0: the session trains alone).
    fn helpers(&self) -> usize;
    /// Hands out this step's tasks (fewer than the helpers when the minibatch is small).
    fn send(&mut self, options: &Architecture, weights: &[f32], tasks: Vec<ShareTask>);
    /// The answers to the last [`Pool::send`], in its tasks' order, or why a helper is lost.
    fn collect(&mut self) -> impl Future<Output = Result<Vec<ShareGrad>, WorkerError>>;
    /// Hands out the shares of a test evaluation (digit indices), one per helper.
    fn send_eval(&mut self, options: &Architecture, weights: &[f32], shares: Vec<Vec<u32>>);
    /// The answers to the last [`Pool::send_eval`], in its shares' order.
    fn collect_eval(&mut self) -> impl Future<Output = Result<Vec<EvalSums>, WorkerError>>;
}

/// No helper: one worker trains alone ([`crate::nn::Trainer::step`], no copy of the weights).
pub struct NoHelpers;

impl Pool for NoHelpers {
    fn helpers(&self) -> usize {
        0
    }
    fn send(&mut self, _: &Architecture, _: &[f32], _: Vec<ShareTask>) {}
    fn collect(&mut self) -> impl Future<Output = Result<Vec<ShareGrad>, WorkerError>> {
        std::future::ready(Ok(Vec::new()))
    }
    fn send_eval(&mut self, _: &Architecture, _: &[f32], _: Vec<Vec<u32>>) {}
    fn collect_eval(&mut self) -> impl Future<Output = Result<Vec<EvalSums>, WorkerError>> {
        std::future::ready(Ok(Vec::new()))
    }
}

#[cfg(test)]
pub(super) use local::LocalPool;

#[cfg(test)]
mod local {
    use std::future::Future;

    use super::Pool;
    use crate::data::Mnist;
    use crate::nn::parallel::{ShareGrad, ShareTask, ShareWorker};
    use crate::nn::{Architecture, EvalSums, NnError};
    use crate::worker::protocol::WorkerError;

    /// Helpers simulated in the same thread; `fail_after`: steps answered before one is lost.
    pub struct LocalPool {
        workers: Vec<ShareWorker>,
        answers: Vec<Result<ShareGrad, NnError>>,
        evals: Vec<Result<EvalSums, NnError>>,
        /// Test evaluations the helpers shared.
        pub evaluations: usize,
        fail_after: Option<usize>,
        steps: usize,
    }

    impl LocalPool {
        pub fn new(data: &Mnist, helpers: usize, fail_after: Option<usize>) -> Self {
            LocalPool {
                workers: (0..helpers).map(|_| ShareWorker::new(data.clone())).collect(),
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
        fn send(&mut self, options: &Architecture, weights: &[f32], tasks: Vec<ShareTask>) {
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
        fn send_eval(&mut self, options: &Architecture, weights: &[f32], shares: Vec<Vec<u32>>) {
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
}
