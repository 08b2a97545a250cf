//! LeNet live: the course's LeNet trains in the Web Worker while the student draws digits
//! on the main thread and watches every layer. The worker sends numbers (progress, test
//! accuracy, weights); predictions for the drawn digit run here with the same core
//! (`forward_all` takes well under a millisecond).

mod charts;
mod evaluation;
pub mod texts;

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;
use yew_agent::reactor::{ReactorEvent, use_reactor_bridge};

use self::charts::{Chart, Series};
use self::evaluation::{DropoutView, EvaluationView};
use self::texts::{LenetTexts, texts};
use crate::app::prefs::use_prefs;
use crate::app::widgets::drawpad::{DrawPad, Ink};
use crate::app::widgets::feature_maps::{FeatureMaps, Palette, Pixels};
use crate::data::preprocess_drawing;
use crate::nn::{LayerOutput, Sequential};
use crate::worker::protocol::{Command, Optim, Progress, Report, Settings, Stop, TestDigit};
use crate::worker::{TrainerReactor, fetch_bytes};

/// Relative to the page (the main thread resolves it against `<base>`).
const PRETRAINED_URL: &str = "static/data/lenet.weights";
const DIGITS_PATH: &str = "static/data/mnist10k.bin";
/// Without an answer from the worker by then, it did not start.
const WORKER_TIMEOUT_MS: u32 = 15_000;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum WorkerUp {
    Starting,
    Ready,
    Failed,
}

#[derive(Clone, PartialEq, Debug)]
pub enum DataState {
    Loading,
    Loaded,
    Failed(String),
}

#[derive(Clone, Copy, PartialEq, Debug)]
pub enum Run {
    Idle,
    Running,
    Paused,
    Finished,
    Diverged(f32),
}

/// Where the page's weights come from.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Source {
    None,
    Pretrained,
    Training,
    File,
}

/// The evaluation the worker sent.
#[derive(Debug, PartialEq)]
pub struct Eval {
    pub accuracy: f32,
    pub confusion: [[u32; 10]; 10],
    pub digits: Vec<TestDigit>,
}

/// Everything the training panel shows, driven by the worker's reports.
#[derive(Clone, PartialEq, Debug)]
pub struct TrainView {
    pub worker: WorkerUp,
    pub data: DataState,
    pub run: Run,
    pub total: u64,
    pub seen: u64,
    pub examples_per_s: f32,
    pub train_seconds: f64,
    pub loss: Vec<(f32, f32)>,
    pub acc: Vec<(f32, f32)>,
    pub test: Vec<(f32, f32)>,
    /// Training seconds at each test point (the benchmark reads them).
    pub test_secs: Vec<f64>,
    pub dropped: Vec<Vec<bool>>,
    pub error: Option<String>,
    pub eval: Option<Rc<Eval>>,
    /// Bumped whenever the page's model changes (new weights).
    pub weights_rev: u32,
    pub source: Source,
    /// The page follows the worker's weights (off after "pretrained" or a loaded file).
    pub follow: bool,
}

impl Default for TrainView {
    fn default() -> Self {
        TrainView {
            worker: WorkerUp::Starting,
            data: DataState::Loading,
            run: Run::Idle,
            total: 0,
            seen: 0,
            examples_per_s: 0.0,
            train_seconds: 0.0,
            loss: vec![],
            acc: vec![],
            test: vec![],
            test_secs: vec![],
            dropped: vec![],
            error: None,
            eval: None,
            weights_rev: 0,
            source: Source::None,
            follow: true,
        }
    }
}

// Carries a worker report as it came (see `Report`).
#[allow(clippy::large_enum_variant)]
pub enum Action {
    Report(Report),
    WorkerTimeout,
    /// The page's model changed.
    Weights(Source),
    /// The student started a run (the page follows its weights again).
    Follow,
}

impl Reducible for TrainView {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            Action::WorkerTimeout => {
                if s.worker == WorkerUp::Starting {
                    s.worker = WorkerUp::Failed;
                }
            }
            Action::Weights(src) => {
                s.weights_rev = s.weights_rev.wrapping_add(1);
                s.source = src;
                if src != Source::Training {
                    s.follow = false;
                }
            }
            Action::Follow => s.follow = true,
            Action::Report(r) => match r {
                Report::Ready { .. } => s.worker = WorkerUp::Ready,
                Report::DataLoaded { .. } => s.data = DataState::Loaded,
                Report::DataFailed(e) => s.data = DataState::Failed(e),
                Report::Started { total_examples } => {
                    s.run = Run::Running;
                    s.total = total_examples;
                    s.seen = 0;
                    s.train_seconds = 0.0;
                    s.loss.clear();
                    s.acc.clear();
                    s.test.clear();
                    s.test_secs.clear();
                    s.dropped.clear();
                    s.error = None;
                    s.follow = true;
                }
                Report::Progress(p) => apply_progress(&mut s, p),
                Report::TestAccuracy {
                    examples_seen,
                    accuracy,
                    train_seconds,
                    ..
                } => {
                    s.test.push((examples_seen as f32, accuracy));
                    s.test_secs.push(train_seconds);
                }
                Report::Weights(_) => {}
                Report::Paused => s.run = Run::Paused,
                Report::Resumed => s.run = Run::Running,
                Report::Stopped(Stop::Finished) => s.run = Run::Finished,
                Report::Stopped(Stop::Diverged(l)) => s.run = Run::Diverged(l),
                Report::WasReset => {
                    let keep = (s.worker, s.data.clone(), s.weights_rev, s.source);
                    s = TrainView::default();
                    (s.worker, s.data, s.weights_rev, s.source) = keep;
                }
                Report::Evaluation {
                    accuracy,
                    confusion,
                    digits,
                } => {
                    s.eval = Some(Rc::new(Eval {
                        accuracy,
                        confusion,
                        digits,
                    }));
                    s.error = None;
                }
                Report::Error(e) => s.error = Some(e),
            },
        }
        Rc::new(s)
    }
}

/// Points kept per chart series: beyond, every other point goes (the curve's shape stays,
/// and a long run costs the page no more to draw than a short one).
pub const MAX_POINTS: usize = 400;

pub fn push_point(v: &mut Vec<(f32, f32)>, p: (f32, f32)) {
    v.push(p);
    if v.len() > MAX_POINTS {
        let mut k = 0;
        v.retain(|_| {
            k += 1;
            k % 2 == 1
        });
    }
}

fn apply_progress(s: &mut TrainView, p: Progress) {
    s.seen = p.examples_seen;
    s.total = p.total_examples;
    s.examples_per_s = p.examples_per_s;
    s.train_seconds = p.train_seconds;
    push_point(&mut s.loss, (p.examples_seen as f32, p.loss));
    push_point(&mut s.acc, (p.examples_seen as f32, p.accuracy));
    s.dropped = p.dropped;
}

/// The drawn digit through the current model: the 28×28 it sees and every layer's output.
#[derive(Debug, PartialEq)]
pub struct Prediction {
    pub seen28: Vec<f32>,
    pub outputs: Vec<LayerOutput>,
    pub probs: Vec<f32>,
    /// Milliseconds for preprocessing + every layer's output (the benchmark reads it).
    pub ms: f64,
}

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

fn predict(model: &mut Sequential<f32>, ink: &Ink) -> Option<Prediction> {
    let t0 = now_ms();
    let pre = preprocess_drawing(&ink.pixels, ink.width, ink.height).ok()?;
    let outputs = model.forward_all(&pre.input32).ok()?;
    let probs = outputs.last()?.data.clone();
    Some(Prediction {
        seen28: pre.mnist28,
        outputs,
        probs,
        ms: now_ms() - t0,
    })
}

/// A model the pad can use: one 32×32 grey image in, ten classes out.
fn fits_pad(m: &Sequential<f32>) -> bool {
    m.input_shape() == [32, 32, 1] && m.output_shape() == [10]
}

fn absolute_url(path: &str) -> String {
    let base = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.base_uri().ok().flatten());
    match base.and_then(|b| web_sys::Url::new_with_base(path, &b).ok()) {
        Some(u) => u.href(),
        None => path.to_string(),
    }
}

fn download(bytes: &[u8], name: &str) -> Option<()> {
    let arr = js_sys::Uint8Array::from(bytes);
    let parts = js_sys::Array::of1(&arr);
    let bag = web_sys::BlobPropertyBag::new();
    bag.set_type("application/octet-stream");
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &bag).ok()?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
    let doc = web_sys::window()?.document()?;
    let a = doc
        .create_element("a")
        .ok()?
        .dyn_into::<web_sys::HtmlAnchorElement>()
        .ok()?;
    a.set_href(&url);
    a.set_download(name);
    a.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Some(())
}

/// The page's model, shared by the components (equal when it is the same cell: what
/// changed inside is told by `TrainView::weights_rev`).
#[derive(Clone)]
pub struct ModelRef(Rc<RefCell<Option<Sequential<f32>>>>);

impl PartialEq for ModelRef {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl std::ops::Deref for ModelRef {
    type Target = RefCell<Option<Sequential<f32>>>;
    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

#[component]
pub fn LenetLive() -> Html {
    let lang = use_prefs().lang;
    let t = texts(lang);
    let view = use_reducer(TrainView::default);
    let model = ModelRef(use_mut_ref(|| None));
    let pretrained = use_mut_ref(|| None::<Vec<u8>>);
    let ink = use_state(|| {
        Rc::new(Ink {
            width: 0,
            height: 0,
            pixels: vec![],
        })
    });
    let settings = use_state(Settings::default);
    let weights_msg = use_state(|| None::<(bool, String)>);

    let bridge = {
        let view = view.clone();
        let model = model.clone();
        use_reactor_bridge::<TrainerReactor, _>(move |e| match e {
            ReactorEvent::Output(Report::Weights(bytes)) => {
                if view.follow
                    && let Ok(m) = Sequential::<f32>::from_weights(&bytes)
                    && fits_pad(&m)
                {
                    *model.borrow_mut() = Some(m);
                    view.dispatch(Action::Weights(Source::Training));
                }
            }
            ReactorEvent::Output(r) => view.dispatch(Action::Report(r)),
            ReactorEvent::Finished => view.dispatch(Action::WorkerTimeout),
        })
    };

    // On arrival: health check, the digits (fetched by the worker itself, from an absolute
    // URL), the pretrained weights (fetched here), a deadline for the worker. On leaving:
    // end the session, so the worker neither trains for a page nobody sees nor keeps it.
    {
        let bridge = bridge.clone();
        let view = view.clone();
        let model = model.clone();
        let pretrained = pretrained.clone();
        use_effect_with((), move |_| {
            bridge.send(Command::Hello);
            bridge.send(Command::LoadData {
                url: absolute_url(DIGITS_PATH),
            });
            let v = view.clone();
            wasm_bindgen_futures::spawn_local(async move {
                gloo_timers::future::TimeoutFuture::new(WORKER_TIMEOUT_MS).await;
                v.dispatch(Action::WorkerTimeout);
            });
            wasm_bindgen_futures::spawn_local(async move {
                match fetch_bytes(PRETRAINED_URL)
                    .await
                    .map(|b| (Sequential::<f32>::from_weights(&b), b))
                {
                    Ok((Ok(m), bytes)) if fits_pad(&m) => {
                        if model.borrow().is_none() {
                            *model.borrow_mut() = Some(m);
                            view.dispatch(Action::Weights(Source::Pretrained));
                        }
                        *pretrained.borrow_mut() = Some(bytes);
                    }
                    Ok((Ok(_), _)) => {
                        view.dispatch(Action::Report(Report::Error(PRETRAINED_URL.into())))
                    }
                    Ok((Err(e), _)) => view.dispatch(Action::Report(Report::Error(e.to_string()))),
                    Err(e) => view.dispatch(Action::Report(Report::Error(e))),
                }
            });
            move || bridge.send(Command::Bye)
        });
    }

    let prediction = {
        let model = model.clone();
        let ink = (*ink).clone();
        use_memo((Rc::as_ptr(&ink) as usize, view.weights_rev), move |_| {
            let mut m = model.borrow_mut();
            m.as_mut().and_then(|m| predict(m, &ink))
        })
    };

    let on_ink = {
        let ink = ink.clone();
        Callback::from(move |i: Ink| ink.set(Rc::new(i)))
    };

    let send = |cmd: fn(&Settings) -> Command| {
        let bridge = bridge.clone();
        let settings = settings.clone();
        let view = view.clone();
        Callback::from(move |_: MouseEvent| {
            let c = cmd(&settings);
            if matches!(c, Command::Start(_) | Command::Resume) {
                view.dispatch(Action::Follow);
            }
            bridge.send(c);
        })
    };
    let on_start = send(|s| Command::Start(s.clone()));
    let on_pause = send(|_| Command::Pause);
    let on_resume = send(|_| Command::Resume);
    let on_reset = {
        let bridge = bridge.clone();
        let model = model.clone();
        let pretrained = pretrained.clone();
        let view = view.clone();
        Callback::from(move |_: MouseEvent| {
            bridge.send(Command::Reset);
            back_to_pretrained(&model, &pretrained, &view);
        })
    };
    // Evaluates the network on screen: unless it is the training's own, the worker gets
    // its weights first.
    let on_evaluate = {
        let bridge = bridge.clone();
        let model = model.clone();
        let source = view.source;
        Callback::from(move |_: MouseEvent| {
            if source != Source::Training
                && let Some(m) = model.borrow().as_ref()
            {
                bridge.send(Command::LoadWeights(m.save_weights()));
            }
            bridge.send(Command::Evaluate)
        })
    };

    // Weights: download, load (checked here first: a bad file never reaches the model),
    // back to pretrained.
    let on_download = {
        let model = model.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(m) = model.borrow().as_ref() {
                let _ = download(&m.save_weights(), "lenet.weights");
            }
        })
    };
    let on_load = {
        let model = model.clone();
        let view = view.clone();
        let bridge = bridge.clone();
        let weights_msg = weights_msg.clone();
        Callback::from(move |e: Event| {
            let Some(input) = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
            else {
                return;
            };
            let Some(file) = input.files().and_then(|f| f.get(0)) else {
                return;
            };
            let (model, view, bridge, weights_msg) = (
                model.clone(),
                view.clone(),
                bridge.clone(),
                weights_msg.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                let bytes = match wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await {
                    Ok(buf) => js_sys::Uint8Array::new(&buf).to_vec(),
                    Err(_) => {
                        weights_msg.set(Some((false, String::new())));
                        return;
                    }
                };
                match Sequential::<f32>::from_weights(&bytes) {
                    Ok(m) if fits_pad(&m) => {
                        *model.borrow_mut() = Some(m);
                        view.dispatch(Action::Weights(Source::File));
                        if view.data == DataState::Loaded {
                            bridge.send(Command::LoadWeights(bytes));
                        }
                        weights_msg.set(Some((true, String::new())));
                    }
                    Ok(_) => weights_msg.set(Some((false, "shape".into()))),
                    Err(e) => weights_msg.set(Some((false, e.to_string()))),
                }
            });
            input.set_value("");
        })
    };
    let on_pretrained = {
        let model = model.clone();
        let pretrained = pretrained.clone();
        let view = view.clone();
        let weights_msg = weights_msg.clone();
        Callback::from(move |_: MouseEvent| {
            back_to_pretrained(&model, &pretrained, &view);
            weights_msg.set(None);
        })
    };

    let keras = keras_code(&settings);

    html! {
        <article class="page lenet">
            <h1>{ t.title }</h1>
            <p class="lead">{ t.lead }</p>
            <div class="lenet-top">
                <section class="panel lenet-train" aria-labelledby="train-title">
                    <h2 id="train-title">{ t.train_title }</h2>
                    <SettingsForm t={t} settings={settings.clone()} disabled={view.run == Run::Running} />
                    <div class="lenet-buttons">
                        <button type="button" class="btn primary" id="train-start" onclick={on_start}
                            disabled={view.worker != WorkerUp::Ready || view.data != DataState::Loaded || view.run == Run::Running}>{ t.start }</button>
                        <button type="button" class="btn" id="train-pause" onclick={on_pause}
                            disabled={view.run != Run::Running}>{ t.pause }</button>
                        <button type="button" class="btn" id="train-resume" onclick={on_resume}
                            disabled={view.run != Run::Paused}>{ t.resume }</button>
                        <button type="button" class="btn" id="train-reset" onclick={on_reset}
                            disabled={view.run == Run::Idle}>{ t.reset }</button>
                    </div>
                    <StatusLine t={t} view={(*view).clone()} />
                    <Charts t={t} view={(*view).clone()} />
                </section>
                <section class="panel lenet-draw" aria-labelledby="draw-title">
                    <h2 id="draw-title">{ t.draw_title }</h2>
                    <p class="hint">{ t.draw_hint }</p>
                    <div class="lenet-pad-row">
                        <DrawPad id="pad" on_change={on_ink} label={t.pad_label} clear_label={t.clear} />
                        <div class="lenet-seen">
                            <h3>{ t.seen_title }</h3>
                            { match prediction.as_ref() {
                                Some(p) => html! { <Pixels width={28} height={28} values={p.seen28.clone()} palette={Palette::Ink} display={112} title={t.seen_title} /> },
                                None => html! { <div class="seen-empty" /> },
                            } }
                        </div>
                    </div>
                    <Probabilities t={t} probs={prediction.as_ref().as_ref().map(|p| p.probs.clone())}
                        ms={prediction.as_ref().as_ref().map_or(0.0, |p| p.ms)} />
                    <p class="hint" id="weights-source">{ match view.source {
                        Source::Training => t.using_trained,
                        Source::File => t.weights_loaded,
                        _ => t.using_pretrained,
                    } }</p>
                </section>
            </div>

            <section class="panel lenet-inside" aria-labelledby="inside-title">
                <h2 id="inside-title">{ t.inside_title }</h2>
                <p>{ t.inside_lead }</p>
                <Inside t={t} model={model.clone()} rev={view.weights_rev} prediction={prediction.clone()} />
                <div class="lenet-arch">
                    <div>
                        <h3>{ t.keras_title }</h3>
                        <pre class="code"><code>{ keras }</code></pre>
                    </div>
                    <SummaryTable t={t} model={model.clone()} rev={view.weights_rev} />
                </div>
            </section>

            if !view.dropped.is_empty() {
                <DropoutView title={t.dropout_title} lead={t.dropout_lead} dropped={view.dropped.clone()} />
            }

            <section class="panel lenet-weights" aria-labelledby="weights-title">
                <h2 id="weights-title">{ t.weights_title }</h2>
                <div class="lenet-buttons">
                    <button type="button" class="btn" id="weights-download" onclick={on_download}>{ t.download }</button>
                    <label class="btn file">
                        { t.load }
                        <input type="file" id="weights-file" accept=".weights,application/octet-stream" onchange={on_load} />
                    </label>
                    <button type="button" class="btn" id="weights-pretrained" onclick={on_pretrained}>{ t.pretrained }</button>
                </div>
                { match &*weights_msg {
                    Some((true, _)) => html! { <p class="msg ok" id="weights-msg" role="status">{ t.weights_loaded }</p> },
                    Some((false, why)) if why == "shape" => html! { <p class="msg error" id="weights-msg" role="alert">{ t.weights_wrong_shape }</p> },
                    Some((false, why)) => html! { <p class="msg error" id="weights-msg" role="alert">{ format!("{} {why}", t.weights_bad) }</p> },
                    None => html! {},
                } }
            </section>

            <section class="panel lenet-eval" aria-labelledby="eval-title">
                <h2 id="eval-title">{ t.eval_title }</h2>
                <button type="button" class="btn" id="evaluate" onclick={on_evaluate}
                    disabled={view.data != DataState::Loaded}>{ t.evaluate }</button>
                { match &view.eval {
                    Some(e) => html! { <EvaluationView t={t} eval={e.clone()} /> },
                    None => html! { <p class="hint">{ t.eval_need_run }</p> },
                } }
            </section>

            <aside class="callout try">
                <h2>{ t.try_title }</h2>
                <ul>{ for t.try_items.iter().map(|i| html! { <li>{ *i }</li> }) }</ul>
            </aside>
        </article>
    }
}

fn back_to_pretrained(
    model: &ModelRef,
    pretrained: &Rc<RefCell<Option<Vec<u8>>>>,
    view: &UseReducerHandle<TrainView>,
) {
    if let Some(bytes) = pretrained.borrow().as_ref()
        && let Ok(m) = Sequential::<f32>::from_weights(bytes)
    {
        *model.borrow_mut() = Some(m);
        view.dispatch(Action::Weights(Source::Pretrained));
    }
}

/// The Keras 3 code of the network on screen (it follows the settings): imports, an
/// explicit `keras.Input` (the `input_shape=` argument is deprecated), and `pool_size=2`
/// written out (Keras 3's pooling layers have no default pool size).
fn keras_code(s: &Settings) -> String {
    let pool = if s.max_pooling {
        "MaxPooling2D"
    } else {
        "AveragePooling2D"
    };
    let drop = |n: &str| match s.dropout {
        Some(r) if r > 0.0 => {
            format!("    layers.Dense({n}, activation=\"relu\"),\n    layers.Dropout({r}),\n")
        }
        _ => format!("    layers.Dense({n}, activation=\"relu\"),\n"),
    };
    let opt = match s.optimizer {
        Optim::Sgd => format!("keras.optimizers.SGD(learning_rate={})", s.learning_rate),
        Optim::Momentum => format!(
            "keras.optimizers.SGD(learning_rate={}, momentum=0.9)",
            s.learning_rate
        ),
        Optim::Adam => format!("keras.optimizers.Adam(learning_rate={})", s.learning_rate),
    };
    format!(
        "import keras\n\
         from keras import layers\n\
         \n\
         model = keras.Sequential([\n    \
         keras.Input(shape=(32, 32, 1)),\n    \
         layers.Conv2D(6, (3, 3), activation=\"relu\"),\n    \
         layers.{pool}(pool_size=2),\n    \
         layers.Conv2D(16, (3, 3), activation=\"relu\"),\n    \
         layers.{pool}(pool_size=2),\n    \
         layers.Flatten(),\n\
         {}{}    layers.Dense(10, activation=\"softmax\"),\n\
         ])\n\
         model.compile(optimizer={opt},\n              \
         loss=\"sparse_categorical_crossentropy\", metrics=[\"accuracy\"])\n\
         # x_train: the digits as float32 in [0, 1], shape (n, 32, 32, 1) (MNIST padded to 32×32); y_train: their labels 0–9\n\
         model.fit(x_train, y_train, batch_size={}, epochs={})",
        drop("120"),
        drop("84"),
        s.batch_size,
        s.epochs
    )
}

#[derive(Properties, PartialEq)]
struct FormProps {
    t: &'static LenetTexts,
    settings: UseStateHandle<Settings>,
    disabled: bool,
}

/// The settings; a number out of range is flagged at its field and not applied.
#[component]
fn SettingsForm(p: &FormProps) -> Html {
    let t = p.t;
    let s = (*p.settings).clone();
    let set = |f: fn(&mut Settings, &str) -> bool| {
        let settings = p.settings.clone();
        Callback::from(move |e: Event| {
            let Some(el) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok())
            else {
                return;
            };
            let value = if let Some(i) = el.dyn_ref::<HtmlInputElement>() {
                if i.type_() == "checkbox" {
                    i.checked().to_string()
                } else {
                    i.value()
                }
            } else if let Some(sel) = el.dyn_ref::<web_sys::HtmlSelectElement>() {
                sel.value()
            } else {
                return;
            };
            let mut next = (*settings).clone();
            let ok = f(&mut next, value.trim()) && next.validate().is_ok();
            let _ = el.class_list().toggle_with_force("invalid", !ok);
            let _ = el.set_attribute("aria-invalid", if ok { "false" } else { "true" });
            if ok {
                settings.set(next);
            }
        })
    };
    let on_opt = set(|s, v| {
        s.optimizer = match v {
            "sgd" => Optim::Sgd,
            "momentum" => Optim::Momentum,
            _ => Optim::Adam,
        };
        true
    });
    let on_lr = set(|s, v| {
        v.replace(',', ".")
            .parse::<f32>()
            .map(|x| s.learning_rate = x)
            .is_ok()
    });
    let on_bs = set(|s, v| v.parse::<u32>().map(|x| s.batch_size = x).is_ok());
    let on_ep = set(|s, v| v.parse::<u32>().map(|x| s.epochs = x).is_ok());
    let on_pool = set(|s, v| {
        s.max_pooling = v == "max";
        true
    });
    let on_drop = set(|s, v| {
        s.dropout = if v == "true" { Some(0.5) } else { None };
        true
    });
    let on_rate = set(|s, v| match v.replace(',', ".").parse::<f32>() {
        Ok(r) if s.dropout.is_some() => {
            s.dropout = Some(r);
            true
        }
        Ok(_) => true,
        Err(_) => false,
    });
    let on_seed = set(|s, v| v.parse::<u64>().map(|x| s.seed = x).is_ok());
    let on_shift = set(|s, v| v.parse::<u32>().map(|x| s.shift = x).is_ok());
    let opt = match s.optimizer {
        Optim::Sgd => "sgd",
        Optim::Momentum => "momentum",
        Optim::Adam => "adam",
    };
    html! {
        <fieldset class="lenet-settings" disabled={p.disabled}>
            <label>{ t.optimizer }
                <select id="set-optimizer" onchange={on_opt}>
                    <option value="sgd" selected={opt == "sgd"}>{ t.sgd }</option>
                    <option value="momentum" selected={opt == "momentum"}>{ t.momentum }</option>
                    <option value="adam" selected={opt == "adam"}>{ t.adam }</option>
                </select>
            </label>
            <label>{ t.learning_rate }
                <input id="set-lr" inputmode="decimal" value={s.learning_rate.to_string()} onchange={on_lr} />
            </label>
            <label>{ t.batch_size }
                <input id="set-batch" inputmode="numeric" value={s.batch_size.to_string()} onchange={on_bs} />
            </label>
            <label>{ t.epochs }
                <input id="set-epochs" inputmode="numeric" value={s.epochs.to_string()} onchange={on_ep} />
            </label>
            <label>{ t.pooling }
                <select id="set-pooling" onchange={on_pool}>
                    <option value="average" selected={!s.max_pooling}>{ t.average }</option>
                    <option value="max" selected={s.max_pooling}>{ t.max }</option>
                </select>
            </label>
            <label class="check">
                <input type="checkbox" id="set-dropout" checked={s.dropout.is_some()} onchange={on_drop} />{ t.dropout }
            </label>
            <label>{ t.dropout_rate }
                <input id="set-dropout-rate" inputmode="decimal" disabled={s.dropout.is_none()}
                    value={s.dropout.unwrap_or(0.5).to_string()} onchange={on_rate} />
            </label>
            <label>{ t.shift }
                <input id="set-shift" inputmode="numeric" value={s.shift.to_string()} onchange={on_shift} />
            </label>
            <label>{ t.seed }
                <input id="set-seed" inputmode="numeric" value={s.seed.to_string()} onchange={on_seed} />
            </label>
        </fieldset>
    }
}

#[derive(Properties, PartialEq)]
struct ViewProps {
    t: &'static LenetTexts,
    view: TrainView,
}

fn pct(x: f32) -> String {
    format!("{:.1} %", x * 100.0)
}

#[component]
fn StatusLine(p: &ViewProps) -> Html {
    let (t, v) = (p.t, &p.view);
    let status = match (&v.worker, &v.data, v.run) {
        (WorkerUp::Failed, _, _) => {
            html! { <p class="msg error" id="train-status" role="alert">{ t.status_worker_failed }</p> }
        }
        (_, DataState::Failed(e), _) => {
            html! { <p class="msg error" id="train-status" role="alert">{ format!("{} {e}", t.status_data_failed) }</p> }
        }
        (_, _, Run::Diverged(_)) => {
            html! { <p class="msg error" id="train-status" role="alert">{ t.status_diverged }</p> }
        }
        (WorkerUp::Starting, _, _) | (_, DataState::Loading, _) => {
            html! { <p class="msg" id="train-status">{ t.status_loading }</p> }
        }
        (_, _, run) => html! { <p class="msg" id="train-status" role="status">{ match run {
            Run::Idle => t.status_idle,
            Run::Running => t.status_running,
            Run::Paused => t.status_paused,
            _ => t.status_finished,
        } }</p> },
    };
    let frac = if v.total > 0 {
        v.seen as f64 / v.total as f64
    } else {
        0.0
    };
    let left = if v.examples_per_s > 0.0 && v.run == Run::Running {
        let s = (v.total.saturating_sub(v.seen)) as f64 / v.examples_per_s as f64;
        format!(
            " · {}:{:02} {}",
            (s / 60.0) as u64,
            (s % 60.0) as u64,
            t.time_left
        )
    } else {
        String::new()
    };
    let last_test = v.test.last().map(|&(_, a)| a);
    html! {
        <div class="lenet-status">
            { status }
            if let Some(e) = &v.error { <p class="msg error" id="train-error" role="alert">{ e }</p> }
            <progress id="train-progress" max="1" value={frac.to_string()} />
            <p class="stats">
                <span id="train-seen" data-seen={v.seen.to_string()} data-secs={v.train_seconds.to_string()}>{ format!("{} / {} {}", v.seen, v.total, t.examples) }</span>
                { format!(" · {:.0} {}{left}", v.examples_per_s, t.examples_per_s) }
                { " · " }{ t.test_accuracy }{ " " }
                <strong id="test-acc" data-acc={last_test.map(|a| a.to_string()).unwrap_or_default()}
                    data-history={v.test.iter().zip(&v.test_secs).map(|(&(n, a), s)| format!("{n}:{s}:{a}")).collect::<Vec<_>>().join(";")}>
                    { last_test.map(pct).unwrap_or_else(|| "–".into()) }
                </strong>
            </p>
        </div>
    }
}

#[component]
fn Charts(p: &ViewProps) -> Html {
    let (t, v) = (p.t, &p.view);
    let x_max = (v.total as f32).max(v.seen as f32).max(1000.0);
    let loss_max = v
        .loss
        .iter()
        .map(|&(_, l)| l)
        .fold(2.5f32, |a, b| if b.is_finite() { a.max(b) } else { a })
        .min(10.0);
    html! {
        <div class="lenet-charts">
            <Chart id="chart-loss" title={t.chart_loss} x_max={x_max} y_min={0.0} y_max={loss_max}
                series={vec![Series { label: t.chart_train, points: v.loss.clone(), colour: (69, 123, 157), dots: false }]} />
            <Chart id="chart-acc" title={t.chart_accuracy} x_max={x_max} y_min={0.0} y_max={1.0}
                series={vec![
                    Series { label: t.chart_train, points: v.acc.clone(), colour: (69, 123, 157), dots: false },
                    Series { label: t.chart_test, points: v.test.clone(), colour: (230, 57, 70), dots: true },
                ]} />
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct ProbProps {
    t: &'static LenetTexts,
    probs: Option<Vec<f32>>,
    #[prop_or_default]
    ms: f64,
}

#[component]
fn Probabilities(p: &ProbProps) -> Html {
    let t = p.t;
    let Some(probs) = &p.probs else {
        return html! { <p class="draw-empty" id="probs-empty">{ t.draw_a_digit }</p> };
    };
    let best = probs
        .iter()
        .enumerate()
        .fold(0, |b, (k, &v)| if v > probs[b] { k } else { b });
    html! {
        <figure class="probs">
            <figcaption>{ t.probs_title }</figcaption>
            <ol id="probs" data-ms={p.ms.to_string()}>
                { for probs.iter().enumerate().map(|(k, &v)| html! {
                    <li id={format!("prob-{k}")} data-p={v.to_string()} class={classes!((k == best).then_some("best"))}>
                        <span class="digit">{ k }</span>
                        <span class="bar"><span style={format!("width:{:.1}%", v * 100.0)} /></span>
                        <span class="val">{ pct(v) }</span>
                    </li>
                }) }
            </ol>
        </figure>
    }
}

#[derive(Properties, PartialEq)]
struct InsideProps {
    t: &'static LenetTexts,
    model: ModelRef,
    rev: u32,
    prediction: Rc<Option<Prediction>>,
}

/// Every layer's output for the drawn digit, then the learned filters.
#[component]
fn Inside(p: &InsideProps) -> Html {
    let t = p.t;
    let maps = match p.prediction.as_ref() {
        Some(pred) => html! {
            <div class="inside-layers">
                { for pred.outputs.iter().map(|o| match o.shape.len() {
                    3 => html! { <FeatureMaps shape={o.shape.clone()} data={o.data.clone()}
                        title={format!("{} ({}) {}", o.name, o.kind, dims(&o.shape))} display={if o.shape[0] > 20 { 60 } else { 44 }} /> },
                    _ if o.kind == "Flatten" => html! {},
                    _ => html! {
                        <figure class="fmaps dense">
                            <figcaption>{ format!("{} ({}) {}", o.name, o.kind, dims(&o.shape)) }</figcaption>
                            <Pixels width={o.data.len()} height={1} values={o.data.clone()} display={(o.data.len() as u32 * 5).clamp(120, 600)} display_height={16} />
                        </figure>
                    },
                }) }
            </div>
        },
        None => html! { <p class="draw-empty">{ t.draw_a_digit }</p> },
    };
    let filters = {
        let m = p.model.borrow();
        let mut out = Vec::new();
        if let Some(m) = m.as_ref() {
            for pv in m.parameters() {
                if pv.name == "kernel" && pv.shape.len() == 4 {
                    let (kh, kw, cin, cout) = (pv.shape[0], pv.shape[1], pv.shape[2], pv.shape[3]);
                    let mut grids = Vec::new();
                    for co in 0..cout {
                        let row: Vec<Vec<f32>> = (0..cin)
                            .map(|ci| {
                                (0..kh * kw)
                                    .map(|ij| pv.values[(ij * cin + ci) * cout + co])
                                    .collect()
                            })
                            .collect();
                        grids.push(row);
                    }
                    out.push((pv.layer_name.to_string(), kh, kw, grids));
                }
            }
        }
        out
    };
    html! {
        <>
            { maps }
            <h3>{ t.filters_title }</h3>
            <div class="filters">
                { for filters.into_iter().map(|(name, kh, kw, grids)| html! {
                    <figure class="fmaps">
                        <figcaption>{ name }</figcaption>
                        <div class="filter-rows">
                            { for grids.into_iter().enumerate().map(|(co, row)| html! {
                                <div class="filter-row">
                                    { for row.into_iter().enumerate().map(|(ci, g)| html! {
                                        <Pixels width={kw} height={kh} values={g} palette={Palette::Diverging} display={24} title={format!("#{co} ← {ci}")} />
                                    }) }
                                </div>
                            }) }
                        </div>
                    </figure>
                }) }
            </div>
        </>
    }
}

fn dims(shape: &[usize]) -> String {
    shape
        .iter()
        .map(|d| d.to_string())
        .collect::<Vec<_>>()
        .join("×")
}

#[derive(Properties, PartialEq)]
struct SummaryProps {
    t: &'static LenetTexts,
    model: ModelRef,
    rev: u32,
}

/// Keras's `model.summary()`, computed by the core for the model on screen.
#[component]
fn SummaryTable(p: &SummaryProps) -> Html {
    let m = p.model.borrow();
    let Some(m) = m.as_ref() else { return html! {} };
    let s = m.summary();
    html! {
        <div>
            <h3>{ p.t.summary_title }</h3>
            <table class="summary" id="summary">
                <thead><tr><th>{ "Layer (type)" }</th><th>{ "Output Shape" }</th><th>{ "Param #" }</th></tr></thead>
                <tbody>
                    { for s.rows.iter().map(|r| html! {
                        <tr><td>{ format!("{} ({})", r.name, r.kind) }</td><td><code>{ r.output_shape_keras() }</code></td><td class="num">{ r.params }</td></tr>
                    }) }
                </tbody>
                <tfoot><tr><td colspan="2">{ "Total params" }</td><td class="num" id="total-params">{ s.total_params }</td></tr></tfoot>
            </table>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keras_code_runs_on_keras_3_and_follows_the_settings() {
        let code = keras_code(&Settings::default());
        assert!(
            code.starts_with("import keras\nfrom keras import layers\n"),
            "{code}"
        );
        assert!(code.contains("keras.Input(shape=(32, 32, 1))"), "{code}");
        assert!(!code.contains("input_shape="), "{code}");
        assert_eq!(code.matches("pool_size=2").count(), 2, "{code}");
        assert_eq!(
            code.matches("layers.AveragePooling2D(pool_size=2)").count(),
            2,
            "{code}"
        );
        assert!(
            code.contains("optimizer=keras.optimizers.Adam(learning_rate=0.001)"),
            "{code}"
        );
        assert!(
            code.contains("batch_size=32, epochs=5") && !code.contains("Dropout"),
            "{code}"
        );

        let s = Settings {
            optimizer: Optim::Momentum,
            learning_rate: 0.05,
            max_pooling: true,
            dropout: Some(0.25),
            ..Settings::default()
        };
        let code = keras_code(&s);
        assert_eq!(
            code.matches("layers.MaxPooling2D(pool_size=2)").count(),
            2,
            "{code}"
        );
        assert!(
            code.contains("optimizer=keras.optimizers.SGD(learning_rate=0.05, momentum=0.9)"),
            "{code}"
        );
        assert_eq!(code.matches("layers.Dropout(0.25)").count(), 2, "{code}");
        assert!(!code.contains("input_shape="), "{code}");

        let s = Settings {
            optimizer: Optim::Sgd,
            learning_rate: 0.01,
            ..Settings::default()
        };
        let code = keras_code(&s);
        assert!(
            code.contains("optimizer=keras.optimizers.SGD(learning_rate=0.01),"),
            "{code}"
        );
        assert!(!code.contains("momentum"), "{code}");
    }
}
