//! The Web Worker side: the same wasm core, off the main thread, so that training never
//! freezes the page. [`protocol`] holds the messages, [`trainer`] the training session
//! (native, tested); this module is the browser glue: the reactor, with fetching and the
//! clock in `browser`.

mod browser;
pub mod pool;
pub mod protocol;
pub mod trainer;

use futures::{FutureExt, SinkExt, StreamExt};
use yew_agent::prelude::*;

use browser::now_seconds;
use pool::WebPool;
use protocol::{Command, MAX_WORKERS, Report, WorkerError};
use trainer::{Pool, Session};

/// Where trunk puts the worker script; relative, so it resolves against the page's own
/// folder under any public URL.
pub const WORKER_PATH: &str = "worker.js";

// The old paths (`worker::fetch_digits`, `worker::inflate`…) stay valid.
pub use browser::{Inflate, fetch_bytes, fetch_digits, inflate};

/// Milliseconds of training between two looks at the inbox: short enough for a pause to
/// feel immediate, long enough that yielding (a 0 ms timer, clamped to ~4 ms) costs little.
const SLICE_SECONDS: f64 = 0.060;

/// The trainer: one session per bridge. The app's training session (`app::training`) holds
/// the only bridge, opened the first time a page needs the worker.
#[reactor]
pub async fn TrainerReactor(mut scope: ReactorScope<Command, Report>) {
    let mut session = Session::new();
    // The helpers of a multi-worker run (none until a run asks for them), and where to
    // start them from: (digits, the worker's script).
    let mut helpers = WebPool::empty();
    let mut urls: Option<(String, String)> = None;
    // The student's own set replaced the digits (`Command::UseData`).
    let mut own = false;
    loop {
        // Idle: wait for a command. Training: take whatever arrived, without waiting.
        let next = if session.is_running() {
            match scope.next().now_or_never() {
                Some(None) => return,
                Some(Some(cmd)) => Some(cmd),
                None => None,
            }
        } else {
            match scope.next().await {
                Some(cmd) => Some(cmd),
                None => return,
            }
        };
        if let Some(cmd) = next {
            let reports = match cmd {
                Command::Bye => return,
                Command::UseData(data) => {
                    own = true;
                    session.handle(Command::UseData(data))
                }
                Command::LoadData { url, worker_js } => {
                    own = false;
                    urls = Some((url.clone(), worker_js));
                    vec![match fetch_digits(&url).await {
                        Ok(digits) => session.set_data(digits),
                        Err(e) => Report::DataFailed(e),
                    }]
                }
                Command::Start(settings) => {
                    // Only a run the session accepts gets helpers (it says why otherwise).
                    // A student's own set is in this worker only: helpers would fetch the
                    // digits file, so it trains alone.
                    let wanted = if settings.validate().is_ok() && session.has_data() && !own {
                        settings.workers.clamp(1, MAX_WORKERS) as usize - 1
                    } else {
                        0
                    };
                    match ensure_helpers(&mut helpers, wanted, urls.as_ref()).await {
                        Ok(()) => session.handle(Command::Start(settings)),
                        Err(e) => vec![Report::Error(e)],
                    }
                }
                Command::Resume if helpers.is_broken() => {
                    // A helper was lost: start them again before going on.
                    let wanted = session.settings().workers.clamp(1, MAX_WORKERS) as usize - 1;
                    match ensure_helpers(&mut helpers, wanted, urls.as_ref()).await {
                        Ok(()) => session.handle(Command::Resume),
                        Err(e) => vec![Report::Error(e)],
                    }
                }
                cmd => session.handle(cmd),
            };
            for r in reports {
                if scope.send(r).await.is_err() {
                    return;
                }
            }
            continue;
        }
        let reports = session.run_slice_with(SLICE_SECONDS, &mut now_seconds, &mut helpers).await;
        for r in reports {
            if scope.send(r).await.is_err() {
                return;
            }
        }
        // Let the worker's message handler run, so that commands reach the inbox.
        gloo_timers::future::TimeoutFuture::new(0).await;
    }
}

/// Makes `pool` hold `wanted` working helpers (stopping the old ones if they differ).
async fn ensure_helpers(
    pool: &mut WebPool,
    wanted: usize,
    urls: Option<&(String, String)>,
) -> Result<(), WorkerError> {
    if pool.helpers() == wanted && !pool.is_broken() {
        return Ok(());
    }
    // Stops the old helpers first: they would compete for the cores.
    *pool = WebPool::empty();
    if wanted == 0 {
        return Ok(());
    }
    let (data, script) = urls.ok_or(WorkerError::DigitsNotLoaded)?;
    *pool = WebPool::start(wanted, script, data).await?;
    Ok(())
}
