//! The session as pages see it (the [`Training`] context): the network on screen, the
//! commands to the worker, the start of the worker and of the pretrained weights.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use yew::prelude::*;

use super::draft::Field;
use super::net::{absolute_url, reachable};
use super::outbox::{self, OutboxRef};
use super::reducer::{Action, TrainView};
use super::runs::Run;
use super::state::{Phase, Pretrained, Source};
use super::{storage, texts};
use crate::app::i18n::errors::weights_error;
use crate::app::route::{Navigator, Route};
use crate::nn::io::WeightsError;
use crate::nn::keras_file::{self, KerasFileError};
use crate::nn::npz::NpzError;
use crate::nn::{Architecture, Sequential};
use crate::worker::protocol::{Command, Optim};
use crate::worker::{WORKER_PATH, fetch_bytes};

/// Relative to the page (the main thread resolves it against `<base>`).
pub const PRETRAINED_URL: &str = "static/data/lenet.weights";
const DIGITS_PATH: &str = "static/data/mnist10k.bin";
/// Without an answer from the worker by then, it did not start.
pub const WORKER_TIMEOUT_MS: u32 = 15_000;

/// The network on screen, shared by the components (equal when it is the same cell: what
/// changed inside is told by `TrainView::weights_rev`).
#[derive(Clone, Default)]
pub struct ModelRef(pub(super) Rc<RefCell<Option<Sequential<f32>>>>);

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

/// A network from a file: Convolab's weights file, or Keras's `.npz` (a ZIP file, as is
/// the export's bundle). Neither: said so in words that name both.
pub fn read_network(bytes: &[u8]) -> Result<Sequential<f32>, Refused> {
    if bytes.starts_with(b"PK") {
        return keras_file::import(bytes).map_err(Refused::Keras);
    }
    Sequential::<f32>::from_weights(bytes).map_err(|e| match e {
        WeightsError::BadMagic => Refused::Keras(KerasFileError::File(NpzError::NotZip)),
        e => Refused::Weights(e),
    })
}

/// Why a weights file is refused.
#[derive(Debug)]
pub enum Refused {
    /// Not a weights file (the core's reason).
    Weights(WeightsError),
    /// A Keras `.npz` (or the export's ZIP) that cannot be brought in.
    Keras(KerasFileError),
    /// A network, but not a 32×32×1 → 10 classes one: what it reads and gives.
    Shape { input: Vec<usize>, output: Vec<usize> },
}

/// What the bridge's callback needs to know between reports.
#[derive(Default)]
pub(super) struct Memo {
    /// The run's last weights (kept in the browser when the run pauses or finishes).
    pub(super) run_weights: Option<Vec<u8>>,
    pub(super) last_accuracy: Option<f32>,
    pub(super) seen: u64,
}

/// The session, as pages see it through the context.
#[derive(Clone)]
pub struct Training {
    pub view: UseReducerHandle<TrainView>,
    pub model: ModelRef,
    pub(super) outbox: OutboxRef,
    pub(super) follow: Rc<Cell<bool>>,
    pub(super) memo: Rc<RefCell<Memo>>,
    pub(super) pretrained: Rc<RefCell<Option<Vec<u8>>>>,
    pub(super) activated: Rc<Cell<bool>>,
    /// The bridge may be opened: the worker's script answered (opening a bridge to a
    /// missing script would throw inside the worker, uncaught).
    pub(super) open: UseStateHandle<bool>,
    /// The last picture the pad showed (28×28), to show it again when LeNet live comes
    /// back; and the revision of the last sent digit already shown.
    pub(super) last_pad: Rc<RefCell<Option<Rc<Vec<f32>>>>>,
    pub(super) shown_rev: Rc<Cell<u32>>,
    pub(super) navigator: Option<Navigator>,
    pub(super) route: Option<Route>,
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

/// Opens the bridge once the worker's script answers (its queued commands then go), or says
/// the worker failed; and gives it `WORKER_TIMEOUT_MS` to answer.
fn start_worker(view: UseReducerHandle<TrainView>, open: UseStateHandle<bool>) {
    let failed = view.clone();
    wasm_bindgen_futures::spawn_local(async move {
        if reachable(WORKER_PATH).await {
            open.set(true);
        } else {
            failed.dispatch(Action::WorkerFailed);
        }
    });
    wasm_bindgen_futures::spawn_local(async move {
        gloo_timers::future::TimeoutFuture::new(WORKER_TIMEOUT_MS).await;
        view.dispatch(Action::WorkerFailed);
    });
}

impl Training {
    fn send(&self, cmd: Command) {
        outbox::send(&self.outbox, cmd)
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
        let (view, model, pretrained) =
            (self.view.clone(), self.model.clone(), self.pretrained.clone());
        let open = self.open.clone();
        let lang = web_lang();
        wasm_bindgen_futures::spawn_local(async move {
            let fetched = fetch_bytes(PRETRAINED_URL).await;
            // The worker and its digits (180 KB and 1.6 MB) start once the pad's weights
            // are in: on a slow link they would share it, and the pad is what a student
            // uses first (`cargo xtask bench --load`, 1.6 Mbit/s: the pad within 0.3 s of
            // its time with no worker at all; "Train" ready ~2 s later, while one draws).
            start_worker(view.clone(), open);
            let bytes = match fetched {
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
                Ok(m) => view.dispatch(Action::Pretrained(Pretrained::Refused(
                    texts::weights_other_network(lang, m.input_shape(), &m.output_shape()),
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
        self.view.dispatch(Action::StartSent(js_sys::Date::now()));
        self.send(Command::Start(settings));
    }

    /// The weights on screen (pretrained, from a file or from Keras) can be trained
    /// further: they are not the run's and their network is the editor's.
    pub fn can_continue(&self) -> bool {
        self.view.can_start()
            && matches!(self.view.source, Source::Pretrained | Source::File | Source::Restored(_))
            && self
                .model
                .borrow()
                .as_ref()
                .is_some_and(|m| m.configs() == self.view.draft.arch.layers)
    }

    /// "Train these weights further": a run of the form's settings that starts from the
    /// weights on screen instead of fresh ones.
    pub fn start_from_screen(&self) {
        if !self.can_continue() {
            return;
        }
        let (Ok(settings), Some(weights)) =
            (self.view.draft.settings(), self.model.borrow().as_ref().map(|m| m.save_weights()))
        else {
            return;
        };
        self.follow.set(true);
        self.view.dispatch(Action::StartSent(js_sys::Date::now()));
        self.send(Command::StartFrom(settings, weights));
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
    /// The file's network becomes the editor's too (what Start would train next), unless a
    /// run is training; `Ok(true)` when that changed the editor's network.
    pub fn load_file(&self, bytes: &[u8]) -> Result<bool, Refused> {
        let m = read_network(bytes)?;
        if !fits_pad(&m) {
            return Err(Refused::Shape {
                input: m.input_shape().to_vec(),
                output: m.output_shape(),
            });
        }
        let changed = self.adopt_network(&m);
        self.show(m, Source::File);
        Ok(changed)
    }

    /// The network of weights shown from a file or the browser's storage becomes the
    /// editor's (not while a run trains: the form is locked then). Whether it changed.
    fn adopt_network(&self, m: &Sequential<f32>) -> bool {
        let arch = Architecture::new(m.configs().to_vec());
        // A network made elsewhere (`cargo xtask train --arch`) beyond the editor's ranges
        // is shown, not put in the editor.
        if self.view.phase == Phase::Training
            || self.view.draft.arch == arch
            || arch.check_bounds().is_err()
        {
            return false;
        }
        self.set_arch(arch);
        true
    }

    /// The weights kept in the browser by the last run.
    pub fn restore(&self) -> bool {
        let Some(saved) = self.view.saved else {
            return false;
        };
        match storage::load_weights().and_then(|b| Sequential::<f32>::from_weights(&b).ok()) {
            Some(m) if fits_pad(&m) => {
                self.adopt_network(&m);
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

    /// A new network for the next run (the editor, a preset, a link).
    pub fn set_arch(&self, arch: Architecture) {
        self.view.dispatch(Action::SetArch(arch));
    }

    /// Forgets runs of the history (the page keeps them for an undo).
    pub fn forget_runs(&self, ids: Vec<u64>) {
        self.view.dispatch(Action::Forget(ids));
    }

    /// Takes forgotten runs back (the undo).
    pub fn remember_runs(&self, runs: Vec<Rc<Run>>) {
        self.view.dispatch(Action::Remember(runs));
    }

    /// Puts a kept run's network and settings in the form, for the next run ("Open this
    /// run"); `false` when its network no longer reads or a run is training (the form is
    /// locked then).
    pub fn open_run(&self, run: &Run) -> bool {
        let Some(arch) = run.architecture() else { return false };
        if self.view.phase == Phase::Training {
            return false;
        }
        self.set_optimizer(run.optimizer);
        for (f, text) in run.fields() {
            self.edit(f, text);
        }
        self.set_arch(arch);
        true
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

fn web_lang() -> crate::app::i18n::Lang {
    crate::app::prefs::Prefs::load(crate::app::urlstate::address::lang_from_link()).lang
}
