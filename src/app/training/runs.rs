//! The runs kept in this browser: every run the page started, finished or not, so that a
//! student can compare "average vs max pooling" instead of remembering the last number.
//!
//! A run is recorded when the worker says it started, and its record follows it at every
//! test point and when it pauses, stops, diverges, is reset or replaced by a new run (the
//! reducer calls [`History`]). Between two test points only a few seconds of progress are
//! not yet kept: a page closed mid-run loses no more than that, and on the next visit its
//! record reads as "page closed" ([`End::Closed`]).
//!
//! Storage: `localStorage`, one key per run (`convolab.run.<id>`), each a short text
//! ([`encode`]/[`decode`]). Chosen over IndexedDB because the app already keeps its
//! preferences, progress and weights there with the same refusal handling, it is read
//! synchronously when the session starts (the table is there at once, no async open), and
//! the records are small: at most [`MAX_RUNS`] runs with at most [`MAX_CURVE`] points per
//! curve, about 5 KB each, 250 KB in all (next to the 433 KB of the kept weights, within
//! every browser's 5 MB per site). One key per run: a new test point rewrites its run
//! (a few KB), not the whole table, and one damaged value loses one run, not all.
//! Weights are not kept per run (≈ 433 KB of text each: ten runs would fill the quota);
//! the last run's weights stay where `storage` keeps them.
//!
//! Everything here but [`load`] and [`sync`] is pure and tested natively.

use std::cmp::Ordering;
use std::rc::Rc;

use super::draft::Field;
use crate::nn::Architecture;
use crate::worker::protocol::{Optim, Settings};

/// Runs kept; a new one beyond forgets the oldest.
pub const MAX_RUNS: usize = 50;
/// Points kept per curve of a run (its held-out accuracy, its training loss).
pub const MAX_CURVE: usize = 200;
/// The prefix of a run's key in `localStorage`.
pub const KEY_PREFIX: &str = "convolab.run.";
/// The first line of a stored run: what it is, and the format's version.
const HEADER: &str = "convolab-run 1";

/// How a run ended, or where it stands.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum End {
    /// Still training (on this page).
    Training,
    /// Paused (on this page: it can go on).
    Paused,
    /// Every epoch done.
    Finished,
    /// The loss exploded.
    Diverged,
    /// Reset, or replaced by a new run, before its end.
    Stopped,
    /// The page was closed (or reloaded) while it trained or was paused.
    Closed,
}

impl End {
    const ALL: [End; 6] =
        [End::Training, End::Paused, End::Finished, End::Diverged, End::Stopped, End::Closed];

    fn code(self) -> &'static str {
        match self {
            End::Training => "training",
            End::Paused => "paused",
            End::Finished => "finished",
            End::Diverged => "diverged",
            End::Stopped => "stopped",
            End::Closed => "closed",
        }
    }

    /// The run may still change (its page holds it).
    pub fn live(self) -> bool {
        matches!(self, End::Training | End::Paused)
    }
}

fn optim_code(o: Optim) -> &'static str {
    match o {
        Optim::Sgd => "sgd",
        Optim::Momentum => "momentum",
        Optim::Adam => "adam",
    }
}

/// One run: its network, its settings, what it reached, its curves.
#[derive(Clone, PartialEq, Debug)]
pub struct Run {
    /// Unique in the history: the start's milliseconds since 1970 (one more on a tie).
    pub id: u64,
    /// When it started (JavaScript's `Date.now()`).
    pub at_ms: f64,
    /// The network's text (`nn::arch::text`), and the preset it is, if any.
    pub arch: String,
    pub preset: Option<String>,
    pub params: u64,
    pub optimizer: Optim,
    pub learning_rate: f32,
    pub batch_size: u32,
    pub epochs: u32,
    pub shift: u32,
    pub seed: u64,
    pub workers: u32,
    pub seen: u64,
    pub total: u64,
    /// Seconds in training steps (the speed's denominator) and by the clock (the wait).
    pub train_seconds: f64,
    pub wall_seconds: f64,
    /// Best and last held-out accuracy (over every test point, before thinning).
    pub best: Option<f32>,
    pub last: Option<f32>,
    /// Held-out accuracy `(examples seen, accuracy)` and training loss, thinned.
    pub test: Vec<(f32, f32)>,
    pub loss: Vec<(f32, f32)>,
    pub end: End,
}

impl Run {
    /// A run starting now with `s`.
    pub fn start(id: u64, at_ms: f64, s: &Settings) -> Run {
        Run {
            id,
            at_ms,
            arch: s.arch.to_text(),
            preset: s.arch.preset().map(|p| p.id().to_string()),
            params: s.arch.plan().total_params as u64,
            optimizer: s.optimizer,
            learning_rate: s.learning_rate,
            batch_size: s.batch_size,
            epochs: s.epochs,
            shift: s.shift,
            seed: s.seed,
            workers: s.workers,
            seen: 0,
            total: 0,
            train_seconds: 0.0,
            wall_seconds: 0.0,
            best: None,
            last: None,
            test: vec![],
            loss: vec![],
            end: End::Training,
        }
    }

    /// The run as the session sees it now: its counts, its full test curve and its loss.
    pub fn follow(&mut self, now: Now<'_>) {
        self.seen = now.seen;
        self.total = now.total;
        self.train_seconds = now.train_seconds;
        self.wall_seconds = now.wall_seconds;
        let mut accs = now.test.iter().map(|&(_, a)| a).filter(|a| a.is_finite());
        self.best = accs.clone().reduce(f32::max);
        self.last = accs.next_back();
        self.test = thin(now.test, MAX_CURVE);
        self.loss = thin(now.loss, MAX_CURVE);
    }

    /// Training examples per second (evaluations excluded), once it trained.
    pub fn examples_per_s(&self) -> Option<f64> {
        (self.train_seconds > 0.0 && self.seen > 0).then(|| self.seen as f64 / self.train_seconds)
    }

    /// Its network, if its text still reads (a record from an older page might not).
    pub fn architecture(&self) -> Option<Architecture> {
        Architecture::parse(&self.arch).ok()
    }

    /// The form's fields as this run had them (what "Open this run" types in).
    pub fn fields(&self) -> Vec<(Field, String)> {
        vec![
            (Field::LearningRate, self.learning_rate.to_string()),
            (Field::BatchSize, self.batch_size.to_string()),
            (Field::Epochs, self.epochs.to_string()),
            (Field::Shift, self.shift.to_string()),
            (Field::Seed, self.seed.to_string()),
            (Field::Workers, self.workers.to_string()),
        ]
    }
}

/// Where a run stands, as the session holds it.
#[derive(Clone, Copy, Debug)]
pub struct Now<'a> {
    pub seen: u64,
    pub total: u64,
    pub train_seconds: f64,
    pub wall_seconds: f64,
    pub test: &'a [(f32, f32)],
    pub loss: &'a [(f32, f32)],
}

/// At most `max` of `points`, evenly spaced, the first and the last kept.
pub fn thin(points: &[(f32, f32)], max: usize) -> Vec<(f32, f32)> {
    let n = points.len();
    if n <= max {
        return points.to_vec();
    }
    if max < 2 {
        // The newest point says the most about a run.
        return points[n - max..].to_vec();
    }
    // `max` indices from 0 to n − 1, rounded: evenly spread, both ends included.
    (0..max).map(|k| points[(k * (n - 1) + (max - 1) / 2) / (max - 1)]).collect()
}

/// The column a table of runs is sorted by.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum SortKey {
    Network,
    Params,
    Optimizer,
    Batch,
    Epochs,
    Best,
    Last,
    Time,
    Speed,
    Date,
}

impl SortKey {
    pub const ALL: [SortKey; 10] = [
        SortKey::Network,
        SortKey::Params,
        SortKey::Optimizer,
        SortKey::Batch,
        SortKey::Epochs,
        SortKey::Best,
        SortKey::Last,
        SortKey::Time,
        SortKey::Speed,
        SortKey::Date,
    ];

    /// The direction a first click sorts in: the best runs, the biggest, the newest first;
    /// names from A.
    pub fn first_descending(self) -> bool {
        !matches!(self, SortKey::Network | SortKey::Optimizer)
    }

    fn compare(self, a: &Run, b: &Run) -> Ordering {
        let num = |x: Option<f64>, y: Option<f64>| match (x, y) {
            (Some(x), Some(y)) => x.total_cmp(&y),
            // A run without the value sorts below every run with it.
            (x, y) => x.is_some().cmp(&y.is_some()),
        };
        let f = |v: Option<f32>| v.map(f64::from);
        match self {
            SortKey::Network => {
                let name = |r: &Run| r.preset.clone().unwrap_or_else(|| r.arch.clone());
                name(a).cmp(&name(b))
            }
            SortKey::Params => a.params.cmp(&b.params),
            SortKey::Optimizer => optim_code(a.optimizer)
                .cmp(optim_code(b.optimizer))
                .then(a.learning_rate.total_cmp(&b.learning_rate)),
            SortKey::Batch => a.batch_size.cmp(&b.batch_size),
            SortKey::Epochs => a.epochs.cmp(&b.epochs),
            SortKey::Best => num(f(a.best), f(b.best)),
            SortKey::Last => num(f(a.last), f(b.last)),
            SortKey::Time => a.wall_seconds.total_cmp(&b.wall_seconds),
            SortKey::Speed => num(a.examples_per_s(), b.examples_per_s()),
            SortKey::Date => a.at_ms.total_cmp(&b.at_ms),
        }
    }
}

/// `runs` sorted by `key` (ties: the newest first, whatever the direction).
pub fn sorted(runs: &[Rc<Run>], key: SortKey, descending: bool) -> Vec<Rc<Run>> {
    let mut v = runs.to_vec();
    v.sort_by(|a, b| {
        let o = key.compare(a, b);
        let o = if descending { o.reverse() } else { o };
        o.then(b.id.cmp(&a.id))
    });
    v
}

/// The runs kept, oldest first, and the one the session is recording.
#[derive(Clone, PartialEq, Debug, Default)]
pub struct History {
    pub runs: Vec<Rc<Run>>,
    /// The run being recorded (`None`: none, or it was forgotten while it went on).
    current: Option<u64>,
    /// The run the next "started" begins (prepared when Start is sent).
    next: Option<Rc<Run>>,
    /// Bumped at every change (what the storage follows).
    pub rev: u64,
    /// The browser refused to keep the last change (storage full or disabled).
    pub refused: bool,
}

impl History {
    /// The runs read from storage: the ones a closed page left training or paused read as
    /// closed, and only the newest [`MAX_RUNS`].
    pub fn from_stored(mut runs: Vec<Run>) -> History {
        for r in &mut runs {
            if r.end.live() {
                r.end = End::Closed;
            }
        }
        runs.sort_by_key(|r| r.id);
        let extra = runs.len().saturating_sub(MAX_RUNS);
        History { runs: runs.into_iter().skip(extra).map(Rc::new).collect(), ..History::default() }
    }

    pub fn current(&self) -> Option<&Rc<Run>> {
        let id = self.current?;
        self.runs.iter().find(|r| r.id == id)
    }

    /// Start was sent with `s` at `at_ms`: the run that the worker's "started" will begin.
    pub fn prepare(&mut self, at_ms: f64, s: &Settings) {
        let mut id = at_ms.max(0.0) as u64;
        while self.runs.iter().any(|r| r.id == id) {
            id += 1;
        }
        self.next = Some(Rc::new(Run::start(id, at_ms, s)));
    }

    /// The worker started the prepared run: the current one, if it went on, was stopped
    /// by it. The oldest runs beyond [`MAX_RUNS`] are forgotten.
    pub fn begin(&mut self) {
        self.end_current(End::Stopped);
        self.current = None;
        let Some(run) = self.next.take() else { return };
        self.current = Some(run.id);
        self.runs.push(run);
        let extra = self.runs.len().saturating_sub(MAX_RUNS);
        self.runs.drain(..extra);
        self.rev += 1;
    }

    /// Changes the current run (nothing if there is none, or it was forgotten).
    pub fn update(&mut self, f: impl FnOnce(&mut Run)) {
        let Some(id) = self.current else { return };
        if let Some(r) = self.runs.iter_mut().find(|r| r.id == id) {
            f(Rc::make_mut(r));
            self.rev += 1;
        }
    }

    /// The current run reached `end` (if it still goes on: a finished run stays finished).
    pub fn end_current(&mut self, end: End) {
        if self.current().is_some_and(|r| r.end.live()) {
            self.update(|r| r.end = end);
        }
    }

    /// The current run was thrown away by a reset: kept as stopped, unless it never
    /// trained (a run reset before its first step is no run to compare).
    pub fn reset(&mut self) {
        let Some(cur) = self.current().cloned() else { return };
        if cur.seen == 0 && cur.test.is_empty() && cur.loss.is_empty() {
            self.forget(&[cur.id]);
        } else {
            self.end_current(End::Stopped);
        }
        self.current = None;
    }

    /// Forgets the runs `ids`; returns them (for an undo). A run forgotten while it goes on
    /// is recorded no more.
    pub fn forget(&mut self, ids: &[u64]) -> Vec<Rc<Run>> {
        let (gone, kept): (Vec<_>, Vec<_>) =
            std::mem::take(&mut self.runs).into_iter().partition(|r| ids.contains(&r.id));
        self.runs = kept;
        if self.current.is_some_and(|c| ids.contains(&c)) {
            self.current = None;
        }
        if !gone.is_empty() {
            self.rev += 1;
        }
        gone
    }

    /// Takes forgotten runs back (the undo), in their order, within [`MAX_RUNS`].
    pub fn remember(&mut self, runs: Vec<Rc<Run>>) {
        for r in runs {
            if !self.runs.iter().any(|k| k.id == r.id) {
                self.runs.push(r);
            }
        }
        self.runs.sort_by_key(|r| r.id);
        let extra = self.runs.len().saturating_sub(MAX_RUNS);
        self.runs.drain(..extra);
        self.rev += 1;
    }
}

/// What storage must do to hold `new` when it holds `old`: the runs to write (new, or
/// changed: not the same record) and the ids to remove.
pub fn changes(old: &[Rc<Run>], new: &[Rc<Run>]) -> (Vec<Rc<Run>>, Vec<u64>) {
    let write = new.iter().filter(|r| !old.iter().any(|o| Rc::ptr_eq(o, r))).cloned().collect();
    let remove = old.iter().filter(|o| !new.iter().any(|r| r.id == o.id)).map(|o| o.id).collect();
    (write, remove)
}

/// A run's key in `localStorage`.
pub fn key(id: u64) -> String {
    format!("{KEY_PREFIX}{id}")
}

fn points_text(points: &[(f32, f32)]) -> String {
    points.iter().map(|(x, y)| format!("{x}:{y}")).collect::<Vec<_>>().join(" ")
}

/// A run as stored: a header line, then one `name value` line per field.
pub fn encode(r: &Run) -> String {
    let opt = |v: Option<f32>| v.map(|a| a.to_string()).unwrap_or_default();
    let lines = [
        HEADER.to_string(),
        format!("id {}", r.id),
        format!("at {}", r.at_ms),
        format!("end {}", r.end.code()),
        format!("net {}", r.arch),
        format!("preset {}", r.preset.as_deref().unwrap_or("")),
        format!("params {}", r.params),
        format!("opt {}", optim_code(r.optimizer)),
        format!("lr {}", r.learning_rate),
        format!("batch {}", r.batch_size),
        format!("epochs {}", r.epochs),
        format!("shift {}", r.shift),
        format!("seed {}", r.seed),
        format!("workers {}", r.workers),
        format!("seen {}", r.seen),
        format!("total {}", r.total),
        format!("train {}", r.train_seconds),
        format!("wall {}", r.wall_seconds),
        format!("best {}", opt(r.best)),
        format!("last {}", opt(r.last)),
        format!("test {}", points_text(&r.test)),
        format!("loss {}", points_text(&r.loss)),
    ];
    lines.join("\n")
}

fn read_points(text: &str, y_ok: impl Fn(f32) -> bool) -> Option<Vec<(f32, f32)>> {
    let v: Option<Vec<(f32, f32)>> = text
        .split_whitespace()
        .map(|p| {
            let (x, y) = p.split_once(':')?;
            let (x, y) = (x.parse::<f32>().ok()?, y.parse::<f32>().ok()?);
            (x.is_finite() && x >= 0.0 && (y_ok(y))).then_some((x, y))
        })
        .collect();
    v.filter(|v| v.len() <= MAX_CURVE)
}

/// The inverse of [`encode`]; `None` for anything else (a foreign or damaged value, a run
/// whose network no longer reads).
pub fn decode(text: &str) -> Option<Run> {
    let mut lines = text.lines();
    if lines.next()? != HEADER {
        return None;
    }
    let mut field = std::collections::HashMap::new();
    for l in lines {
        let (k, v) = l.split_once(' ').unwrap_or((l, ""));
        if field.insert(k, v).is_some() {
            return None;
        }
    }
    let get = |k: &str| field.get(k).copied();
    fn num<T: std::str::FromStr>(v: Option<&str>) -> Option<T> {
        v?.parse().ok()
    }
    let finite = |v: Option<&str>| num::<f64>(v).filter(|v| v.is_finite() && *v >= 0.0);
    let accuracy = |v: Option<&str>| -> Option<Option<f32>> {
        match v? {
            "" => Some(None),
            a => a.parse::<f32>().ok().filter(|a| (0.0..=1.0).contains(a)).map(Some),
        }
    };
    let arch = get("net")?.to_string();
    Architecture::parse(&arch).ok()?;
    let optimizer = match get("opt")? {
        "sgd" => Optim::Sgd,
        "momentum" => Optim::Momentum,
        "adam" => Optim::Adam,
        _ => return None,
    };
    let learning_rate = num::<f32>(get("lr")).filter(|v| v.is_finite() && *v > 0.0)?;
    Some(Run {
        id: num(get("id"))?,
        at_ms: finite(get("at"))?,
        end: End::ALL.into_iter().find(|e| Some(e.code()) == get("end"))?,
        preset: Some(get("preset")?).filter(|p| !p.is_empty()).map(str::to_string),
        arch,
        params: num(get("params"))?,
        optimizer,
        learning_rate,
        batch_size: num(get("batch"))?,
        epochs: num(get("epochs"))?,
        shift: num(get("shift"))?,
        seed: num(get("seed"))?,
        workers: num(get("workers"))?,
        seen: num(get("seen"))?,
        total: num(get("total"))?,
        train_seconds: finite(get("train"))?,
        wall_seconds: finite(get("wall"))?,
        best: accuracy(get("best"))?,
        last: accuracy(get("last"))?,
        test: read_points(get("test")?, |y| (0.0..=1.0).contains(&y))?,
        // An exploded loss is kept as it was drawn (infinite), not NaN.
        loss: read_points(get("loss")?, |y| !y.is_nan())?,
    })
}

/// Reads every stored run, ignoring (with a console note) what does not read as one.
pub fn read_all<'a>(
    values: impl IntoIterator<Item = (String, &'a str)>,
) -> (Vec<Run>, Vec<String>) {
    let (mut runs, mut bad) = (vec![], vec![]);
    for (k, v) in values {
        match decode(v) {
            Some(r) if key(r.id) == k => runs.push(r),
            _ => bad.push(k),
        }
    }
    (runs, bad)
}

/// The characters the runs take in storage (browsers count two bytes each).
pub fn stored_chars(runs: &[Rc<Run>]) -> usize {
    runs.iter().map(|r| key(r.id).len() + encode(r).len()).sum()
}

#[cfg(feature = "web")]
use crate::app::prefs::storage;

/// The runs this browser keeps (what does not read is left alone, and said in the console).
#[cfg(feature = "web")]
pub fn load() -> History {
    let Some(s) = storage() else { return History::default() };
    let mut values = vec![];
    for i in 0..s.length().unwrap_or(0) {
        if let Ok(Some(k)) = s.key(i)
            && k.starts_with(KEY_PREFIX)
            && let Ok(Some(v)) = s.get_item(&k)
        {
            values.push((k, v));
        }
    }
    let (runs, bad) = read_all(values.iter().map(|(k, v)| (k.clone(), v.as_str())));
    for k in bad {
        web_sys::console::warn_1(&format!("run history: ignoring unreadable value {k:?}").into());
    }
    History::from_stored(runs)
}

/// Makes storage hold `new` (it held `old`).
///
/// # Errors
/// The browser refused to keep a run (storage disabled, or full).
#[cfg(feature = "web")]
pub fn sync(old: &[Rc<Run>], new: &[Rc<Run>]) -> Result<(), super::storage::Refused> {
    let s = storage().ok_or(super::storage::Refused)?;
    let (write, remove) = changes(old, new);
    for id in remove {
        let _ = s.remove_item(&key(id));
    }
    let mut result = Ok(());
    for r in write {
        if s.set_item(&key(r.id), &encode(&r)).is_err() {
            result = Err(super::storage::Refused);
        }
    }
    result
}

/// Removes every stored value of the history, the unreadable ones too ("Forget all").
#[cfg(feature = "web")]
pub fn clear_unreadable() {
    let Some(s) = storage() else { return };
    let keys: Vec<String> = (0..s.length().unwrap_or(0))
        .filter_map(|i| s.key(i).ok().flatten())
        .filter(|k| k.starts_with(KEY_PREFIX))
        .collect();
    for k in keys {
        if s.get_item(&k).ok().flatten().and_then(|v| decode(&v)).is_none() {
            let _ = s.remove_item(&k);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::{PoolKind, Preset};

    fn settings() -> Settings {
        Settings { epochs: 5, seed: 7, workers: 2, ..Settings::default() }
    }

    fn started(h: &mut History, at: f64, s: &Settings) -> u64 {
        h.prepare(at, s);
        h.begin();
        h.current().unwrap().id
    }

    fn progress<'a>(seen: u64, test: &'a [(f32, f32)], loss: &'a [(f32, f32)]) -> Now<'a> {
        Now { seen, total: 40_000, train_seconds: 2.0, wall_seconds: 2.5, test, loss }
    }

    fn a_run() -> Run {
        let mut r = Run::start(1_795_000_000_123, 1_795_000_000_123.5, &settings());
        let test: Vec<(f32, f32)> =
            (1..=300).map(|i| (i as f32 * 1000.0, i as f32 / 400.0)).collect();
        let loss = [(32.0, 2.3), (64.0, f32::INFINITY), (96.0, 0.1)];
        r.follow(progress(40_000, &test, &loss));
        r.end = End::Finished;
        r
    }

    #[test]
    fn a_run_records_its_network_settings_and_numbers() {
        let r = a_run();
        assert_eq!(r.arch, Architecture::default().to_text());
        assert_eq!((r.preset.as_deref(), r.params), (Some("lenet"), 81_194));
        assert_eq!((r.epochs, r.seed, r.workers, r.optimizer), (5, 7, 2, Optim::Adam));
        // Best and last over every point, though the curve keeps 200 of 300.
        assert_eq!((r.best, r.last), (Some(0.75), Some(0.75)));
        assert_eq!(r.test.len(), MAX_CURVE);
        assert_eq!(r.examples_per_s(), Some(20_000.0));
        // A network of the editor that is no preset: its text, no name.
        let s =
            Settings { arch: Architecture::default().with_pooling(PoolKind::Max), ..settings() };
        let r = Run::start(1, 1.0, &s);
        assert_eq!(r.preset, None);
        assert!(r.arch.contains("MaxPooling2D"));
        assert_eq!(r.architecture(), Some(s.arch));
        let s = Settings { arch: Preset::Lenet5.architecture(), ..settings() };
        assert_eq!(Run::start(1, 1.0, &s).params, 61_706);
    }

    #[test]
    fn curves_are_thinned_evenly_with_both_ends() {
        let pts: Vec<(f32, f32)> = (0..1000).map(|i| (i as f32, 0.0)).collect();
        for n in [0, 1, 2, 199, 200, 201, 399, 1000] {
            let t = thin(&pts[..n], MAX_CURVE);
            assert_eq!(t.len(), n.min(MAX_CURVE), "{n}");
            if n > 0 {
                assert_eq!((t[0], t[t.len() - 1]), (pts[0], pts[n - 1]), "{n}");
            }
            // Strictly increasing: no point twice.
            assert!(t.windows(2).all(|w| w[0].0 < w[1].0), "{n}");
        }
        let t = thin(&pts, 200);
        let gaps: Vec<f32> = t.windows(2).map(|w| w[1].0 - w[0].0).collect();
        assert!(gaps.iter().all(|&g| (4.0..=6.0).contains(&g)), "{gaps:?}");
    }

    #[test]
    fn a_run_is_recorded_once_and_updated_until_it_ends() {
        let mut h = History::default();
        let id = started(&mut h, 1000.0, &settings());
        assert_eq!((h.runs.len(), h.current().unwrap().end), (1, End::Training));
        h.update(|r| r.follow(progress(1000, &[(1000.0, 0.8)], &[(32.0, 2.0)])));
        h.update(|r| r.end = End::Paused);
        h.update(|r| r.follow(progress(2000, &[(1000.0, 0.8), (2000.0, 0.9)], &[])));
        assert_eq!(h.runs.len(), 1, "one record per run");
        let r = h.current().unwrap();
        assert_eq!((r.id, r.seen, r.best, r.end), (id, 2000, Some(0.9), End::Paused));
        h.end_current(End::Finished);
        h.end_current(End::Stopped);
        assert_eq!(h.current().unwrap().end, End::Finished, "an ended run keeps its end");
        // A paused run replaced by a new one was stopped by it.
        let mut h = History::default();
        started(&mut h, 1000.0, &settings());
        h.end_current(End::Paused);
        let second = started(&mut h, 1000.0, &settings());
        assert_eq!(h.runs[0].end, End::Stopped);
        assert_eq!(second, 1001, "a tie on the clock still gives a new id");
    }

    #[test]
    fn reset_keeps_a_run_that_trained_and_drops_one_that_did_not() {
        let mut h = History::default();
        started(&mut h, 5.0, &settings());
        h.update(|r| r.follow(progress(64, &[], &[(32.0, 2.3)])));
        h.reset();
        assert_eq!((h.runs.len(), h.runs[0].end), (1, End::Stopped));
        assert!(h.current().is_none());
        // Later updates (late reports) touch nothing.
        h.update(|r| r.seen = 99);
        assert_eq!(h.runs[0].seen, 64);
        started(&mut h, 9.0, &settings());
        h.reset();
        assert_eq!(h.runs.len(), 1, "a run reset before its first step is not kept");
    }

    #[test]
    fn the_history_keeps_the_newest_runs_and_forgets_with_an_undo() {
        let mut h = History::default();
        for k in 0..MAX_RUNS + 3 {
            started(&mut h, k as f64 * 10.0, &settings());
        }
        assert_eq!(h.runs.len(), MAX_RUNS);
        assert_eq!(h.runs[0].id, 30, "the three oldest went");
        let cur = h.current().unwrap().id;
        let gone = h.forget(&[30, cur]);
        assert_eq!(gone.len(), 2);
        assert_eq!(h.runs.len(), MAX_RUNS - 2);
        assert!(h.current().is_none(), "a forgotten run is recorded no more");
        h.update(|r| r.seen = 5);
        assert!(h.runs.iter().all(|r| r.seen == 0));
        h.remember(gone);
        assert_eq!(h.runs.len(), MAX_RUNS);
        assert_eq!((h.runs[0].id, h.runs[MAX_RUNS - 1].id), (30, cur));
        let all: Vec<u64> = h.runs.iter().map(|r| r.id).collect();
        let gone = h.forget(&all);
        assert!(h.runs.is_empty());
        h.remember(gone);
        assert_eq!(h.runs.len(), MAX_RUNS);
    }

    #[test]
    fn runs_sort_by_any_column_both_ways_missing_values_last() {
        let mk = |id: u64, best: Option<f32>, batch: u32, preset: Option<&str>| {
            Rc::new(Run {
                id,
                at_ms: id as f64,
                best,
                batch_size: batch,
                preset: preset.map(str::to_string),
                ..a_run()
            })
        };
        let runs = vec![
            mk(1, Some(0.9), 64, Some("lenet")),
            mk(2, None, 32, Some("dense")),
            mk(3, Some(0.95), 128, None),
            mk(4, Some(0.9), 32, Some("wide")),
        ];
        let ids = |v: Vec<Rc<Run>>| v.iter().map(|r| r.id).collect::<Vec<_>>();
        assert_eq!(ids(sorted(&runs, SortKey::Best, true)), [3, 4, 1, 2], "ties: newest first");
        assert_eq!(ids(sorted(&runs, SortKey::Best, false)), [2, 4, 1, 3]);
        assert_eq!(ids(sorted(&runs, SortKey::Batch, false)), [4, 2, 1, 3]);
        assert_eq!(ids(sorted(&runs, SortKey::Date, true)), [4, 3, 2, 1]);
        // Names: presets by their name, other networks by their text ("Conv2D…" < "dense").
        assert_eq!(ids(sorted(&runs, SortKey::Network, false)), [3, 2, 1, 4]);
        assert!(SortKey::Best.first_descending() && !SortKey::Network.first_descending());
    }

    #[test]
    fn a_run_round_trips_through_its_stored_text() {
        let r = a_run();
        let text = encode(&r);
        assert_eq!(decode(&text), Some(r.clone()));
        assert!(text.len() < 6000, "{} characters", text.len());
        // Any end, no accuracy yet, another network, another optimizer.
        for end in End::ALL {
            let other = Run {
                end,
                best: None,
                last: None,
                preset: None,
                arch: "Flatten-Dense(10,softmax)".into(),
                optimizer: Optim::Momentum,
                test: vec![],
                ..r.clone()
            };
            assert_eq!(decode(&encode(&other)), Some(other));
        }
    }

    #[test]
    fn foreign_or_damaged_values_are_ignored() {
        let good = encode(&a_run());
        let damaged = [
            String::new(),
            "{\"json\": true}".into(),
            good.replace(HEADER, "convolab-run 2"),
            good.replace("\nlr 0.003", "\nlr abc"),
            good.replace("\nlr 0.003", "\nlr -1"),
            good.replace("best 0.75", "best 1.5"),
            good.replace("opt adam", "opt rmsprop"),
            good.replace("end finished", "end exploded"),
            good.replace("net Conv2D", "net Conv9D"),
            good.replace("\nseed 7", ""),
            good.replace("test 1000:", "test 1000;"),
            format!("{good}\nseed 8"),
            good[..good.len() / 2].to_string(),
        ];
        assert!(good.contains("\nlr 0.003") && good.contains("best 0.75"), "{good}");
        for (i, bad) in damaged.iter().enumerate() {
            assert_eq!(decode(bad), None, "{i}: {bad:.80}");
        }
        // Among good ones: those are kept, the others named (for the console).
        let r = a_run();
        let values = vec![
            (key(r.id), good.as_str()),
            ("convolab.run.x".to_string(), damaged[1].as_str()),
            // A good run under another run's key is not that run.
            (key(5), good.as_str()),
        ];
        let (runs, bad) = read_all(values);
        assert_eq!(runs, vec![r]);
        assert_eq!(bad, vec!["convolab.run.x".to_string(), key(5)]);
    }

    #[test]
    fn a_reload_reads_live_runs_as_closed_and_keeps_the_cap() {
        let mut runs: Vec<Run> = (0..MAX_RUNS as u64 + 2)
            .map(|i| Run { id: 100 - i, end: End::Finished, ..a_run() })
            .collect();
        runs[0].end = End::Training;
        runs[1].end = End::Paused;
        let h = History::from_stored(runs);
        assert_eq!(h.runs.len(), MAX_RUNS);
        assert_eq!((h.runs[0].id, h.runs[MAX_RUNS - 1].id), (51, 100), "oldest first");
        assert_eq!(
            (h.runs[MAX_RUNS - 1].end, h.runs[MAX_RUNS - 2].end),
            (End::Closed, End::Closed)
        );
        assert!(h.current().is_none());
    }

    #[test]
    fn storage_writes_what_changed_and_removes_what_went() {
        let mut h = History::from_stored(vec![Run { id: 1, ..a_run() }, Run { id: 2, ..a_run() }]);
        let before = h.runs.clone();
        assert_eq!(changes(&before, &h.runs), (vec![], vec![]));
        h.prepare(10.0, &settings());
        h.begin();
        h.forget(&[1]);
        let (write, remove) = changes(&before, &h.runs);
        assert_eq!((write.iter().map(|r| r.id).collect::<Vec<_>>(), remove), (vec![10], vec![1]));
        let before = h.runs.clone();
        h.update(|r| r.seen = 3);
        let (write, remove) = changes(&before, &h.runs);
        assert_eq!((write.len(), write[0].seen, remove.len()), (1, 3, 0), "only the changed run");
    }

    #[test]
    fn opening_a_run_gives_back_its_form() {
        let r = a_run();
        let mut d = super::super::draft::Draft { optimizer: r.optimizer, ..Default::default() };
        for (f, t) in r.fields() {
            d.set(f, t);
        }
        d.set_arch(r.architecture().unwrap());
        let s = d.settings().unwrap();
        assert_eq!((s.epochs, s.seed, s.workers, s.learning_rate), (5, 7, 2, 0.003));
        assert_eq!(s, settings());
    }
}
