//! The helpers of a data-parallel run (browser glue; the logic is `nn::parallel` and
//! [`super::trainer::Session::run_slice_with`], tested natively).
//!
//! The training worker (the "leader", which owns the optimiser) starts `workers − 1`
//! helpers from its own script (the same files, cached: nothing more to download) as
//! nested dedicated workers. Each step it posts every helper the current weights and the
//! indices and shifts of its share; each helper answers with its share's summed gradient.
//! The arrays cross as `Float32Array`s whose buffers are *transferred* (moved, not
//! copied by the browser), so it works on any static host: no `SharedArrayBuffer`, hence
//! no cross-origin isolation headers needed. The leader sums the answers in a fixed order,
//! applies one optimiser step and sends the new weights with the next step: helpers keep
//! no optimiser state, so they can never drift from the leader.

use std::cell::RefCell;
use std::rc::Rc;

use futures::StreamExt;
use futures::channel::mpsc;
use js_sys::{Array, Float32Array, Int32Array, Object, Reflect, Uint32Array};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{
    Blob, BlobPropertyBag, DedicatedWorkerGlobalScope, MessageEvent, Url, Worker, WorkerOptions,
};

use super::browser::{fetch_digits, now_seconds};
use super::protocol::{HELPER_TIMEOUT_S, WorkerError};
use super::trainer::Pool;
use crate::nn::parallel::{ShareGrad, ShareTask, ShareWorker};
use crate::nn::{Architecture, EvalSums};

/// The name a helper is started with: the worker's `main` reads it to be a helper instead
/// of the trainer.
pub const HELPER_NAME: &str = "convolab-helper";
/// Starting helpers (script, wasm, digits) may take this long at most.
const START_TIMEOUT_S: f64 = 30.0;

/// What a helper said (or what happened to it).
enum FromHelper {
    /// Its message handler is installed.
    Up,
    /// It has the digits.
    Ready,
    /// The share's gradient, and the array it came in (the weights' array of the step,
    /// sent back: the next step reuses it).
    Grad(ShareGrad, Float32Array),
    /// Its share of a test evaluation, and the weights' array (sent back likewise).
    Eval(Box<EvalSums>, Float32Array),
    /// It failed a task, or threw, or could not load.
    Failed,
}

struct Helper {
    worker: Worker,
    /// The array this helper's weights go out in and its gradient comes back in: one
    /// buffer per helper crosses back and forth, so no step allocates 325 KB (twice) in
    /// the JS heap for the garbage collector.
    buffer: Option<Float32Array>,
    _onmessage: Closure<dyn FnMut(MessageEvent)>,
    _onerror: Closure<dyn FnMut(web_sys::Event)>,
}

/// The running helpers (none: the leader trains alone).
pub struct WebPool {
    helpers: Vec<Helper>,
    rx: Option<mpsc::UnboundedReceiver<(usize, FromHelper)>>,
    /// Helpers asked in the last `send`.
    asked: usize,
    broken: bool,
}

impl Drop for WebPool {
    fn drop(&mut self) {
        for h in &self.helpers {
            h.worker.terminate();
        }
    }
}

fn get(o: &JsValue, key: &str) -> JsValue {
    Reflect::get(o, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn set(o: &Object, key: &str, v: &JsValue) {
    let _ = Reflect::set(o, &JsValue::from_str(key), v);
}

fn message(kind: &str) -> Object {
    let o = Object::new();
    set(&o, "t", &kind.into());
    o
}

impl WebPool {
    pub fn empty() -> WebPool {
        WebPool { helpers: Vec::new(), rx: None, asked: 0, broken: false }
    }

    /// A helper was lost: this pool cannot train any more (start a new one).
    pub fn is_broken(&self) -> bool {
        self.broken
    }

    /// Starts `n` helpers from the worker's script `worker_js` (absolute URL) and waits
    /// until each has loaded the digits from `data_url`.
    ///
    /// # Errors
    /// [`WorkerError::HelpersDidNotStart`]: a helper could not be created, failed or was
    /// not ready within 30 s (the ones started are stopped).
    pub async fn start(n: usize, worker_js: &str, data_url: &str) -> Result<WebPool, WorkerError> {
        if n == 0 {
            return Ok(WebPool::empty());
        }
        let fail = WorkerError::HelpersDidNotStart;
        // yew-agent's shim: the script, then its wasm next to it (passed as an object, the
        // form today's wasm-bindgen asks for; a bare path logs a deprecation warning).
        let wasm = worker_js.replace(".js", "_bg.wasm");
        let shim = Array::of1(
            &format!("importScripts({worker_js:?});wasm_bindgen({{module_or_path:{wasm:?}}});")
                .into(),
        );
        let bag = BlobPropertyBag::new();
        bag.set_type("application/javascript");
        let blob =
            Blob::new_with_str_sequence_and_options(&shim, &bag).map_err(|_| fail.clone())?;
        let url = Url::create_object_url_with_blob(&blob).map_err(|_| fail.clone())?;
        let (tx, rx) = mpsc::unbounded();
        let mut pool =
            WebPool { helpers: Vec::with_capacity(n), rx: Some(rx), asked: 0, broken: false };
        for k in 0..n {
            let opts = WorkerOptions::new();
            opts.set_name(HELPER_NAME);
            let worker = Worker::new_with_options(&url, &opts).map_err(|_| fail.clone())?;
            let to_leader = tx.clone();
            let onmessage = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
                let _ = to_leader.unbounded_send((k, parse(&e.data())));
            });
            let to_leader = tx.clone();
            let onerror = Closure::<dyn FnMut(web_sys::Event)>::new(move |_e: web_sys::Event| {
                let _ = to_leader.unbounded_send((k, FromHelper::Failed));
            });
            worker.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
            worker.set_onerror(Some(onerror.as_ref().unchecked_ref()));
            pool.helpers.push(Helper {
                worker,
                buffer: None,
                _onmessage: onmessage,
                _onerror: onerror,
            });
        }
        let _ = Url::revoke_object_url(&url);
        // Each helper says it is up (its handler installed), gets the digits' URL, and says
        // it is ready.
        let deadline = now_seconds() + START_TIMEOUT_S;
        let mut ready = 0;
        while ready < n {
            match pool.next_message(deadline).await {
                Some((k, FromHelper::Up)) => {
                    let m = message("data");
                    set(&m, "url", &data_url.into());
                    if pool.helpers[k].worker.post_message(&m).is_err() {
                        return Err(fail);
                    }
                }
                Some((_, FromHelper::Ready)) => ready += 1,
                Some((_, FromHelper::Grad(..) | FromHelper::Eval(..))) => {}
                Some((_, FromHelper::Failed)) | None => return Err(fail),
            }
        }
        Ok(pool)
    }

    /// The next message, or `None` past `deadline` (the clock's seconds).
    async fn next_message(&mut self, deadline: f64) -> Option<(usize, FromHelper)> {
        let rx = self.rx.as_mut()?;
        let left_ms = ((deadline - now_seconds()) * 1000.0).max(0.0) as u32;
        let timeout = gloo_timers::future::TimeoutFuture::new(left_ms);
        match futures::future::select(rx.next(), timeout).await {
            futures::future::Either::Left((m, _)) => m,
            futures::future::Either::Right(_) => None,
        }
    }
}

/// `values` in `array` when it has their length (the buffer that crossed last time), else
/// in a new array.
fn filled(array: Option<Float32Array>, values: &[f32]) -> Float32Array {
    let a = match array {
        Some(a) if a.length() as usize == values.len() => a,
        _ => Float32Array::new_with_length(values.len() as u32),
    };
    a.copy_from(values);
    a
}

fn parse(d: &JsValue) -> FromHelper {
    match get(d, "t").as_string().as_deref() {
        Some("up") => FromHelper::Up,
        Some("ready") => FromHelper::Ready,
        Some("grad") => match get(d, "g").dyn_into::<Float32Array>() {
            Ok(g) => FromHelper::Grad(
                ShareGrad {
                    count: get(d, "n").as_f64().unwrap_or(0.0) as usize,
                    loss_sum: get(d, "loss").as_f64().unwrap_or(f64::NAN),
                    correct: get(d, "correct").as_f64().unwrap_or(0.0) as usize,
                    grad_sum: g.to_vec(),
                },
                g,
            ),
            Err(_) => FromHelper::Failed,
        },
        Some("evald") => {
            match (get(d, "g").dyn_into::<Float32Array>(), get(d, "conf").dyn_into::<Uint32Array>())
            {
                (Ok(g), Ok(conf)) if conf.length() == 100 => {
                    let mut confusion = [[0u32; 10]; 10];
                    for (k, v) in conf.to_vec().into_iter().enumerate() {
                        confusion[k / 10][k % 10] = v;
                    }
                    FromHelper::Eval(
                        Box::new(EvalSums {
                            count: get(d, "n").as_f64().unwrap_or(0.0) as usize,
                            loss_sum: get(d, "loss").as_f64().unwrap_or(f64::NAN),
                            correct: get(d, "correct").as_f64().unwrap_or(0.0) as usize,
                            confusion,
                        }),
                        g,
                    )
                }
                _ => FromHelper::Failed,
            }
        }
        _ => FromHelper::Failed,
    }
}

/// A task's message: the model's options and the weights, in the helper's own array.
fn task_message(kind: &str, arch: &Architecture, weights: Float32Array) -> Object {
    let m = message(kind);
    set(&m, "arch", &arch.to_text().into());
    set(&m, "w", &weights);
    m
}

impl WebPool {
    /// Posts task k to helper k: the weights in the helper's own array, and what `fill`
    /// adds to the message (it returns the buffers to transfer with it).
    fn post_tasks<T>(
        &mut self,
        kind: &str,
        options: &Architecture,
        weights: &[f32],
        tasks: &[T],
        fill: impl Fn(&T, &Object) -> Vec<js_sys::ArrayBuffer>,
    ) {
        self.asked = 0;
        for (task, h) in tasks.iter().zip(&mut self.helpers) {
            let w = filled(h.buffer.take(), weights);
            let m = task_message(kind, options, w.clone());
            let transfer = Array::of1(&w.buffer());
            for b in fill(task, &m) {
                transfer.push(&b);
            }
            if h.worker.post_message_with_transfer(&m, &transfer).is_err() {
                self.broken = true;
            }
            self.asked += 1;
        }
    }

    /// The answers to the last tasks sent, in their order (`pick` takes the expected kind
    /// of answer), or why a helper is lost.
    async fn gather<T: Clone>(
        &mut self,
        pick: fn(FromHelper) -> Option<(T, Float32Array)>,
    ) -> Result<Vec<T>, WorkerError> {
        if self.broken {
            return Err(WorkerError::HelperDied);
        }
        let mut got: Vec<Option<T>> = vec![None; self.asked];
        let mut missing = self.asked;
        let deadline = now_seconds() + HELPER_TIMEOUT_S as f64;
        while missing > 0 {
            match self.next_message(deadline).await {
                Some((_, FromHelper::Failed)) => {
                    self.broken = true;
                    return Err(WorkerError::HelperDied);
                }
                Some((k, answer)) if k < got.len() && got[k].is_none() => {
                    if let Some((v, array)) = pick(answer) {
                        got[k] = Some(v);
                        self.helpers[k].buffer = Some(array);
                        missing -= 1;
                    }
                }
                Some(_) => {}
                None => {
                    self.broken = true;
                    return Err(WorkerError::HelperStalled);
                }
            }
        }
        Ok(got.into_iter().flatten().collect())
    }
}

impl Pool for WebPool {
    fn helpers(&self) -> usize {
        if self.broken { 0 } else { self.helpers.len() }
    }

    fn send(&mut self, options: &Architecture, weights: &[f32], tasks: Vec<ShareTask>) {
        self.post_tasks("step", options, weights, &tasks, |task, m| {
            let idx = Uint32Array::from(task.indices.as_slice());
            let flat: Vec<i32> = task.shifts.iter().flat_map(|&(r, c)| [r, c]).collect();
            let sh = Int32Array::from(flat.as_slice());
            set(m, "idx", &idx);
            set(m, "sh", &sh);
            // A u64 seed as two exact halves (a JS number holds 53 bits).
            set(m, "seed_hi", &((task.seed >> 32) as f64).into());
            set(m, "seed_lo", &((task.seed & 0xffff_ffff) as f64).into());
            vec![idx.buffer(), sh.buffer()]
        });
    }

    async fn collect(&mut self) -> Result<Vec<ShareGrad>, WorkerError> {
        self.gather(|a| match a {
            FromHelper::Grad(g, array) => Some((g, array)),
            _ => None,
        })
        .await
    }

    fn send_eval(&mut self, options: &Architecture, weights: &[f32], shares: Vec<Vec<u32>>) {
        self.post_tasks("eval", options, weights, &shares, |share, m| {
            let idx = Uint32Array::from(share.as_slice());
            set(m, "idx", &idx);
            vec![idx.buffer()]
        });
    }

    async fn collect_eval(&mut self) -> Result<Vec<EvalSums>, WorkerError> {
        self.gather(|a| match a {
            FromHelper::Eval(e, array) => Some((*e, array)),
            _ => None,
        })
        .await
    }
}

/// A helper's life: installs its message handler, says it is up, loads the digits when
/// told, then answers each step with its share's gradient. Called by the worker's `main`
/// when it was started under [`HELPER_NAME`].
pub fn run_helper() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let state: Rc<RefCell<Option<ShareWorker>>> = Rc::new(RefCell::new(None));
    let reply_scope = scope.clone();
    let onmessage = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
        let d = e.data();
        match get(&d, "t").as_string().as_deref() {
            Some("data") => {
                let (state, scope) = (state.clone(), reply_scope.clone());
                let url = get(&d, "url").as_string().unwrap_or_default();
                wasm_bindgen_futures::spawn_local(async move {
                    let loaded = fetch_digits(&url).await.ok();
                    let ok = loaded.is_some();
                    *state.borrow_mut() = loaded.map(ShareWorker::new);
                    let _ = scope.post_message(&message(if ok { "ready" } else { "failed" }));
                });
            }
            Some("step") => {
                let answer = step(&d, &mut state.borrow_mut());
                let array = get(&d, "w").dyn_into::<Float32Array>().ok();
                let sent = match answer {
                    Some(g) => {
                        let m = message("grad");
                        // Back in the weights' array (same length): nothing to allocate.
                        let arr = filled(array, &g.grad_sum);
                        set(&m, "g", &arr);
                        set(&m, "n", &(g.count as f64).into());
                        set(&m, "loss", &g.loss_sum.into());
                        set(&m, "correct", &(g.correct as f64).into());
                        reply_scope.post_message_with_transfer(&m, &Array::of1(&arr.buffer()))
                    }
                    None => reply_scope.post_message(&message("failed")),
                };
                let _ = sent;
            }
            Some("eval") => {
                let answer = evaluate(&d, &mut state.borrow_mut());
                let sent = match (answer, get(&d, "w").dyn_into::<Float32Array>()) {
                    (Some(e), Ok(arr)) => {
                        let m = message("evald");
                        // The weights' array goes back as it came: the next task reuses it.
                        set(&m, "g", &arr);
                        let conf: Vec<u32> = e.confusion.iter().flatten().copied().collect();
                        set(&m, "conf", &Uint32Array::from(conf.as_slice()));
                        set(&m, "n", &(e.count as f64).into());
                        set(&m, "loss", &e.loss_sum.into());
                        set(&m, "correct", &(e.correct as f64).into());
                        reply_scope.post_message_with_transfer(&m, &Array::of1(&arr.buffer()))
                    }
                    _ => reply_scope.post_message(&message("failed")),
                };
                let _ = sent;
            }
            _ => {}
        }
    });
    scope.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
    // The helper lives as long as its worker: the handler is never dropped.
    onmessage.forget();
    let _ = scope.post_message(&message("up"));
}

/// The network a task's message names (its text: `nn::arch::text`).
fn arch_of(d: &JsValue) -> Option<Architecture> {
    Architecture::parse(&get(d, "arch").as_string()?).ok()
}

/// A test evaluation's share, read from the leader's message and computed.
fn evaluate(d: &JsValue, state: &mut Option<ShareWorker>) -> Option<EvalSums> {
    let worker = state.as_mut()?;
    let weights = get(d, "w").dyn_into::<Float32Array>().ok()?.to_vec();
    let indices = get(d, "idx").dyn_into::<Uint32Array>().ok()?.to_vec();
    worker.evaluate(&arch_of(d)?, &weights, &indices).ok()
}

/// One step's task, read from the leader's message and computed.
fn step(d: &JsValue, state: &mut Option<ShareWorker>) -> Option<ShareGrad> {
    let worker = state.as_mut()?;
    let arch = arch_of(d)?;
    let weights = get(d, "w").dyn_into::<Float32Array>().ok()?.to_vec();
    let indices = get(d, "idx").dyn_into::<Uint32Array>().ok()?.to_vec();
    let flat = get(d, "sh").dyn_into::<Int32Array>().ok()?.to_vec();
    let seed = ((get(d, "seed_hi").as_f64()? as u64) << 32) | get(d, "seed_lo").as_f64()? as u64;
    let task =
        ShareTask { indices, shifts: flat.chunks_exact(2).map(|c| (c[0], c[1])).collect(), seed };
    worker.gradient(&arch, &weights, &task).ok()
}
