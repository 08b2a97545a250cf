//! The app's training session: LeNet's run belongs to the app, not to the page. A
//! [`TrainingProvider`] above the router holds the state (the reducer of [`reducer`], over
//! the types of [`state`] and the form's [`draft`]), the network on screen and the bridge to
//! the worker; pages read it with [`use_training`] and send commands through [`Training`]. A
//! teacher can go to the 2D lab and come back to the same run, charts included; the header
//! shows the run on every page.
//!
//! The worker starts only when a page needs it ([`Training::activate`], called by LeNet
//! live): the bridge-holding component is mounted then, and yew-agent's provider spawns the
//! worker on that first bridge. Other pages download nothing of it.

pub mod draft;
pub mod reducer;
pub mod series;
pub mod state;
pub mod storage;
pub mod texts;

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use yew::prelude::*;
use yew_agent::reactor::{ReactorEvent, UseReactorBridgeHandle, use_reactor_bridge};

use self::draft::Field;
use self::reducer::{Action, TrainView};
use self::state::{Phase, Pretrained, Saved, Source, WorkerUp};

use crate::app::i18n::errors::weights_error;
use crate::app::prefs::use_prefs;
use crate::app::route::{Link, Navigator, Route, use_navigator, use_route};
use crate::nn::Sequential;
use crate::nn::io::WeightsError;
use crate::worker::protocol::{Command, Optim, Report};
use crate::worker::{TrainerReactor, WORKER_PATH, fetch_bytes};

/// Relative to the page (the main thread resolves it against `<base>`).
pub const PRETRAINED_URL: &str = "static/data/lenet.weights";
const DIGITS_PATH: &str = "static/data/mnist10k.bin";
/// Without an answer from the worker by then, it did not start.
pub const WORKER_TIMEOUT_MS: u32 = 15_000;

/// The network on screen, shared by the components (equal when it is the same cell: what
/// changed inside is told by `TrainView::weights_rev`).
#[derive(Clone, Default)]
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

/// A model the pad can use: one 32×32 grey image in, ten classes out.
pub fn fits_pad(m: &Sequential<f32>) -> bool {
    m.input_shape() == [32, 32, 1] && m.output_shape() == [10]
}

/// Why a weights file is refused.
#[derive(Debug)]
pub enum Refused {
    /// Not a weights file (the core's reason).
    Weights(WeightsError),
    /// A network, but not a 32×32 → 10 classes one.
    Shape,
}

/// Commands wait here until the bridge exists (the worker starts on the first one).
#[derive(Default)]
struct Outbox {
    bridge: Option<UseReactorBridgeHandle<TrainerReactor>>,
    queue: Vec<Command>,
}

/// What the bridge's callback needs to know between reports.
#[derive(Default)]
struct Memo {
    /// The run's last weights (kept in the browser when the run pauses or finishes).
    run_weights: Option<Vec<u8>>,
    last_accuracy: Option<f32>,
    seen: u64,
}

/// The session, as pages see it through the context.
#[derive(Clone)]
pub struct Training {
    pub view: UseReducerHandle<TrainView>,
    pub model: ModelRef,
    outbox: Rc<RefCell<Outbox>>,
    follow: Rc<Cell<bool>>,
    memo: Rc<RefCell<Memo>>,
    pretrained: Rc<RefCell<Option<Vec<u8>>>>,
    activated: Rc<Cell<bool>>,
    /// The bridge may be opened: the worker's script answered (opening a bridge to a
    /// missing script would throw inside the worker, uncaught).
    open: UseStateHandle<bool>,
    /// The last picture the pad showed (28×28), to show it again when LeNet live comes
    /// back; and the revision of the last sent digit already shown.
    last_pad: Rc<RefCell<Option<Rc<Vec<f32>>>>>,
    shown_rev: Rc<Cell<u32>>,
    navigator: Option<Navigator>,
    route: Option<Route>,
}

impl PartialEq for Training {
    fn eq(&self, other: &Self) -> bool {
        self.view == other.view && self.model == other.model
    }
}

#[hook]
pub fn use_training() -> Training {
    use_context::<Training>().expect("TrainingProvider is above the router's pages")
}

impl Training {
    fn send(&self, cmd: Command) {
        let mut o = self.outbox.borrow_mut();
        match &o.bridge {
            Some(b) => b.send(cmd),
            None => o.queue.push(cmd),
        }
    }

    /// A page needs the worker (and the pretrained weights): start them, once.
    pub fn activate(&self) {
        if self.activated.replace(true) {
            return;
        }
        self.view.dispatch(Action::Activate);
        self.send(Command::Hello);
        self.send(Command::LoadData {
            url: absolute_url(DIGITS_PATH),
            worker_js: absolute_url(WORKER_PATH),
        });
        let (view, open) = (self.view.clone(), self.open.clone());
        wasm_bindgen_futures::spawn_local(async move {
            if reachable(WORKER_PATH).await {
                open.set(true);
            } else {
                view.dispatch(Action::WorkerFailed);
            }
        });
        let view = self.view.clone();
        wasm_bindgen_futures::spawn_local(async move {
            gloo_timers::future::TimeoutFuture::new(WORKER_TIMEOUT_MS).await;
            view.dispatch(Action::WorkerFailed);
        });
        let (view, model, pretrained) =
            (self.view.clone(), self.model.clone(), self.pretrained.clone());
        let lang = web_lang();
        wasm_bindgen_futures::spawn_local(async move {
            let bytes = match fetch_bytes(PRETRAINED_URL).await {
                Ok(b) => b,
                Err(e) => {
                    web_sys::console::warn_1(&format!("pretrained weights: {e}").into());
                    view.dispatch(Action::Pretrained(Pretrained::FetchFailed));
                    return;
                }
            };
            match Sequential::<f32>::from_weights(&bytes) {
                Ok(m) if fits_pad(&m) => {
                    *pretrained.borrow_mut() = Some(bytes);
                    view.dispatch(Action::Pretrained(Pretrained::Loaded));
                    // Unless something else is on screen already (a run's weights).
                    if model.borrow().is_none() {
                        *model.borrow_mut() = Some(m);
                        view.dispatch(Action::Weights(Source::Pretrained));
                    }
                }
                Ok(_) => view.dispatch(Action::Pretrained(Pretrained::Refused(
                    texts::weights_wrong_shape(lang).to_string(),
                ))),
                Err(e) => {
                    view.dispatch(Action::Pretrained(Pretrained::Refused(weights_error(lang, &e))))
                }
            }
        });
    }

    /// "Train from scratch" with the form's settings (nothing if a field is refused).
    pub fn start(&self) {
        if !self.view.can_start() {
            return;
        }
        let Ok(settings) = self.view.draft.settings() else {
            return;
        };
        self.follow.set(true);
        self.view.dispatch(Action::StartSent);
        self.send(Command::Start(settings));
    }

    pub fn pause(&self) {
        self.send(Command::Pause);
    }

    pub fn resume(&self) {
        self.follow.set(true);
        self.view.dispatch(Action::ResumeSent);
        self.send(Command::Resume);
    }

    /// Throws the run away (and an evaluation not back yet); the pretrained weights again.
    pub fn reset(&self) {
        self.view.dispatch(Action::ResetSent);
        self.send(Command::Reset);
        self.memo.borrow_mut().run_weights = None;
        self.use_pretrained();
    }

    /// Evaluates the network on screen: the run's own, or the worker gets its weights.
    pub fn evaluate(&self) {
        if !self.view.can_evaluate() {
            return;
        }
        let weights = if self.view.source == Source::Run {
            None
        } else {
            match self.model.borrow().as_ref() {
                Some(m) => Some(m.save_weights()),
                None => return,
            }
        };
        self.view.dispatch(Action::EvaluateSent);
        self.send(Command::Evaluate(weights));
    }

    pub fn use_pretrained(&self) {
        if let Some(bytes) = self.pretrained.borrow().as_ref()
            && let Ok(m) = Sequential::<f32>::from_weights(bytes)
        {
            self.show(m, Source::Pretrained);
        } else {
            *self.model.borrow_mut() = None;
            self.follow.set(false);
            self.view.dispatch(Action::Weights(Source::None));
        }
    }

    /// Shows a weights file chosen by the student (checked first: a bad file never
    /// replaces the network on screen).
    ///
    /// # Errors
    /// Why the file is refused.
    pub fn load_file(&self, bytes: &[u8]) -> Result<(), Refused> {
        let m = Sequential::<f32>::from_weights(bytes).map_err(Refused::Weights)?;
        if !fits_pad(&m) {
            return Err(Refused::Shape);
        }
        self.show(m, Source::File);
        Ok(())
    }

    /// The weights kept in the browser by the last run.
    pub fn restore(&self) -> bool {
        let Some(saved) = self.view.saved else {
            return false;
        };
        match storage::load_weights().and_then(|b| Sequential::<f32>::from_weights(&b).ok()) {
            Some(m) if fits_pad(&m) => {
                self.show(m, Source::Restored(saved));
                true
            }
            _ => false,
        }
    }

    fn show(&self, m: Sequential<f32>, source: Source) {
        self.follow.set(source == Source::Run);
        *self.model.borrow_mut() = Some(m);
        self.view.dispatch(Action::Weights(source));
    }

    /// Remembers the pad's picture (no re-render): shown again when LeNet live returns.
    pub fn remember_pad(&self, pixels28: Option<Rc<Vec<f32>>>) {
        *self.last_pad.borrow_mut() = pixels28;
    }

    pub fn last_pad(&self) -> Option<Rc<Vec<f32>>> {
        self.last_pad.borrow().clone()
    }

    /// A sent digit not shown yet (each sending is shown once, not at every return).
    pub fn take_sent(&self) -> Option<(u32, Rc<Vec<f32>>)> {
        let p = self.view.pad.as_ref()?;
        (self.shown_rev.replace(p.rev) != p.rev).then(|| (p.rev, p.pixels.clone()))
    }

    pub fn edit(&self, f: Field, text: String) {
        self.view.dispatch(Action::Edit(f, text));
    }

    pub fn set_optimizer(&self, o: Optim) {
        self.view.dispatch(Action::SetOptimizer(o));
    }

    pub fn set_max_pooling(&self, on: bool) {
        self.view.dispatch(Action::SetMaxPooling(on));
    }

    pub fn set_dropout(&self, on: bool) {
        self.view.dispatch(Action::SetDropout(on));
    }

    pub fn dismiss_notice(&self) {
        self.view.dispatch(Action::DismissNotice);
    }

    /// Puts a 28×28 digit (row-major, 0 background … 1 ink, as MNIST scaled to [0, 1]) on
    /// LeNet live's pad and opens that page: the network predicts it at once. Any page
    /// can call it (the evaluation's digits, the 2D lab's MNIST input). Wrong sizes are
    /// ignored.
    pub fn send_to_pad(&self, pixels28: Vec<f32>) {
        if pixels28.len() != 28 * 28 {
            return;
        }
        self.view.dispatch(Action::SendToPad(pixels28));
        if self.route != Some(Route::Lenet)
            && let Some(n) = &self.navigator
        {
            n.push(&Route::Lenet);
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct ProviderProps {
    #[prop_or_default]
    pub children: Html,
}

/// Holds the session for the whole app; place it inside the router, above the pages.
#[component]
pub fn TrainingProvider(p: &ProviderProps) -> Html {
    let view = use_reducer(|| {
        let mut v = TrainView::with_saved(storage::load_meta());
        // One worker per core, less one for the page (the student may change it).
        let cores = web_sys::window().map(|w| w.navigator().hardware_concurrency());
        v.draft.workers = crate::worker::protocol::default_workers(cores).to_string();
        v
    });
    let ctx = Training {
        view: view.clone(),
        model: ModelRef(use_mut_ref(|| None)),
        outbox: use_mut_ref(Outbox::default),
        follow: use_memo((), |_| Cell::new(true)),
        memo: use_mut_ref(Memo::default),
        pretrained: use_mut_ref(|| None),
        activated: use_memo((), |_| Cell::new(false)),
        open: use_state(|| false),
        last_pad: use_mut_ref(|| None),
        shown_rev: use_memo((), |_| Cell::new(0)),
        navigator: use_navigator(),
        route: use_route(),
    };
    let active = *ctx.open && view.worker != WorkerUp::Off;
    html! {
        <ContextProvider<Training> context={ctx.clone()}>
            { p.children.clone() }
            if active { <Bridge ctx={ctx} /> }
        </ContextProvider<Training>>
    }
}

#[derive(Properties, PartialEq)]
struct BridgeProps {
    ctx: Training,
}

/// The only bridge to the worker; mounted once a page activated the session.
#[component]
fn Bridge(p: &BridgeProps) -> Html {
    let ctx = p.ctx.clone();
    let bridge = {
        let ctx = ctx.clone();
        use_reactor_bridge::<TrainerReactor, _>(move |e| on_report(&ctx, e))
    };
    {
        let outbox = ctx.outbox.clone();
        use_effect_with((), move |_| {
            let mut o = outbox.borrow_mut();
            for cmd in o.queue.drain(..) {
                bridge.send(cmd);
            }
            o.bridge = Some(bridge);
        });
    }
    html! {}
}

fn on_report(ctx: &Training, e: ReactorEvent<TrainerReactor>) {
    let r = match e {
        ReactorEvent::Output(r) => r,
        ReactorEvent::Finished => {
            ctx.view.dispatch(Action::WorkerFailed);
            return;
        }
    };
    match &r {
        Report::Weights(bytes) => {
            ctx.memo.borrow_mut().run_weights = Some(bytes.clone());
            if ctx.follow.get()
                && let Ok(m) = Sequential::<f32>::from_weights(bytes)
                && fits_pad(&m)
            {
                *ctx.model.borrow_mut() = Some(m);
                ctx.view.dispatch(Action::Weights(Source::Run));
            }
            return;
        }
        Report::Started { .. } => {
            let mut m = ctx.memo.borrow_mut();
            (m.run_weights, m.last_accuracy, m.seen) = (None, None, 0);
        }
        Report::Progress(p) => ctx.memo.borrow_mut().seen = p.examples_seen,
        Report::TestAccuracy { accuracy, .. } => {
            ctx.memo.borrow_mut().last_accuracy = Some(*accuracy)
        }
        Report::Paused | Report::Stopped(crate::worker::protocol::Stop::Finished) => keep(ctx),
        _ => {}
    }
    ctx.view.dispatch(Action::Report(r));
}

/// Keeps the run's last weights in the browser (a paused or finished run).
fn keep(ctx: &Training) {
    let m = ctx.memo.borrow();
    let Some(bytes) = &m.run_weights else { return };
    let saved = Saved { at_ms: js_sys::Date::now(), accuracy: m.last_accuracy, examples: m.seen };
    let ok = storage::save(bytes, &saved).is_ok();
    if !ok {
        web_sys::console::warn_1(
            &"the browser refused to keep the trained weights (storage full?)".into(),
        );
    }
    ctx.view.dispatch(Action::SavedWeights(ok.then_some(saved)));
}

/// The server has `path` (a HEAD request, relative to the page).
async fn reachable(path: &str) -> bool {
    use wasm_bindgen::JsCast;
    let global = js_sys::global();
    let Ok(fetch) = js_sys::Reflect::get(&global, &"fetch".into())
        .and_then(|f| f.dyn_into::<js_sys::Function>())
    else {
        return false;
    };
    let init = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&init, &"method".into(), &"HEAD".into());
    let Ok(promise) = fetch.call2(&global, &absolute_url(path).into(), &init) else {
        return false;
    };
    match wasm_bindgen_futures::JsFuture::from(js_sys::Promise::from(promise)).await {
        Ok(resp) => resp.dyn_into::<web_sys::Response>().is_ok_and(|r| r.ok()),
        Err(_) => false,
    }
}

fn web_lang() -> crate::app::i18n::Lang {
    crate::app::prefs::Prefs::load().lang
}

fn absolute_url(path: &str) -> String {
    let base =
        web_sys::window().and_then(|w| w.document()).and_then(|d| d.base_uri().ok().flatten());
    match base.and_then(|b| web_sys::Url::new_with_base(path, &b).ok()) {
        Some(u) => u.href(),
        None => path.to_string(),
    }
}

/// The header's view of the run, on every page: progress, pause and resume.
#[component]
pub fn RunIndicator() -> Html {
    let tr = use_training();
    let t = use_prefs().texts();
    let lang = use_prefs().lang;
    let v = &tr.view;
    let phase = v.phase.run();
    let (label, toggle, on_toggle) = match phase {
        Phase::Training => {
            let tr = tr.clone();
            (t.run_training, t.run_pause, Callback::from(move |_: MouseEvent| tr.pause()))
        }
        Phase::Paused => {
            let tr = tr.clone();
            (t.run_paused, t.run_resume, Callback::from(move |_: MouseEvent| tr.resume()))
        }
        _ => return html! {},
    };
    let pct = crate::app::i18n::num::percent(lang, v.fraction(), 0);
    html! {
        <div class="run-indicator" id="run-indicator" role="status" data-phase={if phase == Phase::Training { "training" } else { "paused" }}>
            <Link to={Route::Lenet} classes="run-link">
                <span class="run-label">{ label }</span>
                <progress max="1" value={v.fraction().to_string()} aria-hidden="true" />
                <span class="run-pct">{ pct }</span>
            </Link>
            <button type="button" class="btn small" id="run-indicator-toggle" onclick={on_toggle}
                disabled={matches!(v.phase, Phase::Evaluating(_))}>{ toggle }</button>
        </div>
    }
}
