//! The data set kept in the browser: its `.npz` bytes (the export's own format) in
//! `localStorage`, base64. (IndexedDB, with its larger quota, is the next step.)

use crate::app::training::storage::{decode, encode};
use crate::nn::dataset::DataSet;

const KEY: &str = "convolab.classes.v1";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The set kept by the last visit, if any and readable.
pub fn load() -> Option<DataSet> {
    let text = storage()?.get_item(KEY).ok()??;
    DataSet::from_npz(&decode(&text)?).ok()
}

/// Keeps the set; returns the characters stored, or `Err` when the browser refuses
/// (storage full or disabled): the set on screen is unchanged.
pub fn save(set: &DataSet) -> Result<usize, ()> {
    let text = encode(&set.to_npz());
    let s = storage().ok_or(())?;
    s.set_item(KEY, &text).map_err(|_| ())?;
    Ok(text.len())
}
