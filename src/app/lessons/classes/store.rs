//! The data set kept in the browser: its `.npz` bytes (the export's own format) in
//! IndexedDB (database `convolab-classes`, store `sets`, key `set`). It survives a reload and
//! going offline, and the browser allows far more there than localStorage's few MB of
//! base64. A set kept by the first version in localStorage is moved over once.
//!
//! Saves go one at a time, the latest set only (a quick series of edits writes the last),
//! and none before the load has finished: an empty set on screen never overwrites the
//! stored one.

use std::cell::RefCell;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbRequest, IdbTransaction, IdbTransactionMode};
use yew::Callback;

use crate::app::training::storage::decode;
use crate::nn::dataset::DataSet;

/// Where the first version kept the set (base64 of the `.npz`).
const OLD_KEY: &str = "convolab.classes.v1";
/// Set once a set is in IndexedDB: without it (and without the old key) a visit knows at
/// once that nothing is stored, and shows the editor without a loading step.
const FLAG_KEY: &str = "convolab.classes.idb";
const DB_NAME: &str = "convolab-classes";
const STORE: &str = "sets";
const KEY: &str = "set";
const UNREADABLE_KEY: &str = "set.unreadable";
/// The page's last network (a network file's bytes, names included): a tablet that drops
/// the tab keeps what the class trained.
const NETWORK_KEY: &str = "network";

/// Why the browser did not keep the set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoreError {
    /// No IndexedDB (a private window, storage turned off) or it failed.
    Unavailable,
    /// The browser's quota is used up (`QuotaExceededError`).
    Full,
}

fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// Whether a set may be stored: the page then waits for the load before showing the
/// editor. Unknown (no localStorage) counts as maybe.
pub fn maybe_stored() -> bool {
    match local() {
        Some(s) => {
            s.get_item(FLAG_KEY).ok().flatten().is_some()
                || s.get_item(OLD_KEY).ok().flatten().is_some()
        }
        None => true,
    }
}

fn classify(e: &JsValue) -> StoreError {
    match e.dyn_ref::<web_sys::DomException>().map(|d| d.name()) {
        Some(n) if n == "QuotaExceededError" => StoreError::Full,
        _ => StoreError::Unavailable,
    }
}

/// A request's result once it succeeds, or its error.
async fn request(req: &IdbRequest) -> Result<JsValue, JsValue> {
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        let r = req.clone();
        let ok = Closure::once_into_js(move |_: web_sys::Event| {
            let _ = resolve.call1(&JsValue::NULL, &r.result().unwrap_or(JsValue::UNDEFINED));
        });
        let r = req.clone();
        let no = Closure::once_into_js(move |_: web_sys::Event| {
            let err = r.error().ok().flatten().map(JsValue::from).unwrap_or(JsValue::NULL);
            let _ = reject.call1(&JsValue::NULL, &err);
        });
        req.set_onsuccess(Some(ok.unchecked_ref()));
        req.set_onerror(Some(no.unchecked_ref()));
    });
    JsFuture::from(promise).await
}

/// A write transaction's end: committed, or aborted with its error (a full disk shows here,
/// at commit, rather than at `put`).
async fn committed(tx: &IdbTransaction) -> Result<(), JsValue> {
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        let ok = Closure::once_into_js(move |_: web_sys::Event| {
            let _ = resolve.call0(&JsValue::NULL);
        });
        let t = tx.clone();
        let no = Closure::once_into_js(move |_: web_sys::Event| {
            let err = t.error().map(JsValue::from).unwrap_or(JsValue::NULL);
            let _ = reject.call1(&JsValue::NULL, &err);
        });
        tx.set_oncomplete(Some(ok.unchecked_ref()));
        tx.set_onabort(Some(no.unchecked_ref()));
    });
    JsFuture::from(promise).await.map(|_| ())
}

thread_local! {
    /// The open database, kept: transactions then start in the order they are asked for.
    static DB: RefCell<Option<IdbDatabase>> = const { RefCell::new(None) };
    static QUEUE: RefCell<Queue> = const { RefCell::new(Queue { ready: false, running: false, next: None }) };
    /// The network's writes: no load to wait for (the page only saves a network it trained
    /// or opened).
    static NETWORK_QUEUE: RefCell<Queue> = const { RefCell::new(Queue { ready: true, running: false, next: None }) };
}

type Done = Callback<Result<usize, StoreError>>;

struct Queue {
    /// The load has finished: saves may start.
    ready: bool,
    running: bool,
    /// The latest set to write, and whom to tell.
    next: Option<(Vec<u8>, Done)>,
}

async fn db() -> Result<IdbDatabase, StoreError> {
    if let Some(db) = DB.with(|d| d.borrow().clone()) {
        return Ok(db);
    }
    let factory = web_sys::window()
        .and_then(|w| w.indexed_db().ok().flatten())
        .ok_or(StoreError::Unavailable)?;
    let req = factory.open_with_u32(DB_NAME, 1).map_err(|_| StoreError::Unavailable)?;
    let upgrade = Closure::once_into_js(move |e: web_sys::Event| {
        let db = e
            .target()
            .and_then(|t| t.dyn_into::<IdbRequest>().ok())
            .and_then(|r| r.result().ok())
            .and_then(|d| d.dyn_into::<IdbDatabase>().ok());
        if let Some(db) = db {
            let _ = db.create_object_store(STORE);
        }
    });
    req.set_onupgradeneeded(Some(upgrade.unchecked_ref()));
    let db: IdbDatabase =
        request(&req).await.ok().and_then(|d| d.dyn_into().ok()).ok_or(StoreError::Unavailable)?;
    DB.with(|d| *d.borrow_mut() = Some(db.clone()));
    Ok(db)
}

fn forget_db() {
    DB.with(|d| *d.borrow_mut() = None);
}

async fn put(bytes: &[u8]) -> Result<(), StoreError> {
    put_at(KEY, bytes).await
}

async fn put_at(key: &str, bytes: &[u8]) -> Result<(), StoreError> {
    let db = db().await?;
    let tx = db
        .transaction_with_str_and_mode(STORE, IdbTransactionMode::Readwrite)
        .inspect_err(|_| forget_db())
        .map_err(|_| StoreError::Unavailable)?;
    let store = tx.object_store(STORE).map_err(|e| classify(&e))?;
    let value = js_sys::Uint8Array::from(bytes);
    store.put_with_key(&value, &key.into()).map_err(|e| classify(&e))?;
    committed(&tx).await.map_err(|e| classify(&e))?;
    if let Some(s) = local() {
        let _ = s.set_item(FLAG_KEY, "1");
    }
    Ok(())
}

async fn get() -> Result<Option<Vec<u8>>, StoreError> {
    get_at(KEY).await
}

async fn get_at(key: &str) -> Result<Option<Vec<u8>>, StoreError> {
    let db = db().await?;
    let tx = db
        .transaction_with_str(STORE)
        .inspect_err(|_| forget_db())
        .map_err(|_| StoreError::Unavailable)?;
    let store = tx.object_store(STORE).map_err(|_| StoreError::Unavailable)?;
    let req = store.get(&key.into()).map_err(|_| StoreError::Unavailable)?;
    let v = request(&req).await.map_err(|_| StoreError::Unavailable)?;
    Ok(v.dyn_into::<js_sys::Uint8Array>().ok().map(|a| a.to_vec()))
}

/// What the load found: the stored set (if any and readable) and whether IndexedDB works.
pub struct Loaded {
    pub set: Option<DataSet>,
    /// The size of the set's stored record (0 without a set).
    pub bytes: usize,
    pub error: Option<StoreError>,
}

/// The set kept by the last visit. A set in the old localStorage key is moved into
/// IndexedDB (and the key removed only once it is there). Saves may start afterwards.
pub async fn load() -> Loaded {
    let old = local().and_then(|s| s.get_item(OLD_KEY).ok().flatten());
    let old_set = old.as_deref().and_then(decode).and_then(|b| DataSet::from_npz(&b).ok());
    let loaded = match get().await {
        Ok(Some(bytes)) => match DataSet::from_npz(&bytes) {
            Ok(set) => Loaded { set: Some(set), bytes: bytes.len(), error: None },
            // Unreadable (damaged on disk): set aside under its own key before the next
            // save replaces it, so that it is not lost.
            Err(_) => {
                Loaded { set: None, bytes: 0, error: put_at(UNREADABLE_KEY, &bytes).await.err() }
            }
        },
        Ok(None) => match old_set {
            Some(set) => {
                let bytes = set.to_npz();
                let moved = put(&bytes).await;
                if moved.is_ok()
                    && let Some(s) = local()
                {
                    let _ = s.remove_item(OLD_KEY);
                }
                Loaded { set: Some(set), bytes: bytes.len(), error: moved.err() }
            }
            None => Loaded { set: None, bytes: 0, error: None },
        },
        // Without IndexedDB the old copy is still shown (and left where it is).
        Err(e) => {
            let bytes = old_set.as_ref().map_or(0, |s| s.to_npz().len());
            Loaded { set: old_set, bytes, error: Some(e) }
        }
    };
    QUEUE.with(|q| q.borrow_mut().ready = true);
    run(&QUEUE, KEY);
    loaded
}

/// Keeps `set` (after the load, after the saves before it); `done` hears the bytes kept or
/// why not. A newer save replaces one not started yet.
pub fn save(set: &DataSet, done: Done) {
    let bytes = set.to_npz();
    QUEUE.with(|q| q.borrow_mut().next = Some((bytes, done)));
    run(&QUEUE, KEY);
}

/// Keeps the page's network (a network file's bytes), the latest only; a failure is not
/// said: the network can still be downloaded, and the set's own saves report a full disk.
pub fn save_network(bytes: Vec<u8>) {
    NETWORK_QUEUE.with(|q| q.borrow_mut().next = Some((bytes, Callback::noop())));
    run(&NETWORK_QUEUE, NETWORK_KEY);
}

/// The network the page kept, if any.
pub async fn load_network() -> Option<Vec<u8>> {
    get_at(NETWORK_KEY).await.ok().flatten()
}

/// Starts `queue`'s writer (to `key`) if it may and is not already writing.
fn run(queue: &'static std::thread::LocalKey<RefCell<Queue>>, key: &'static str) {
    let start = queue.with(|q| {
        let mut q = q.borrow_mut();
        let go = q.ready && !q.running && q.next.is_some();
        if go {
            q.running = true;
        }
        go
    });
    if !start {
        return;
    }
    wasm_bindgen_futures::spawn_local(async move {
        while let Some((bytes, done)) = queue.with(|q| q.borrow_mut().next.take()) {
            let r = put_at(key, &bytes).await.map(|()| bytes.len());
            done.emit(r);
        }
        queue.with(|q| q.borrow_mut().running = false);
    });
}

/// What this site uses and what the browser allows it (`navigator.storage.estimate()`), in
/// bytes; `None` where the browser does not say (plain `http://` away from localhost).
pub async fn estimate() -> Option<(f64, f64)> {
    let nav = web_sys::window()?.navigator();
    let storage = js_sys::Reflect::get(&nav, &"storage".into()).ok()?;
    let f: js_sys::Function =
        js_sys::Reflect::get(&storage, &"estimate".into()).ok()?.dyn_into().ok()?;
    let promise: js_sys::Promise = f.call0(&storage).ok()?.dyn_into().ok()?;
    let e = JsFuture::from(promise).await.ok()?;
    let num = |k: &str| js_sys::Reflect::get(&e, &k.into()).ok()?.as_f64();
    Some((num("usage")?, num("quota")?))
}
