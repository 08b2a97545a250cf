//! The core's errors, in the student's language. Views never show `e.to_string()` of a
//! core error (its `Display` is English, for logs and native tools): they call these.

use super::Lang;
use crate::data::DataError;
use crate::nn::NnError;
use crate::nn::io::WeightsError;

/// A network-core error (layer configuration, shapes, inputs) as one sentence.
pub fn nn_error(lang: Lang, e: &NnError) -> String {
    // Typed translations land with issue 9 point 14; until then, the English text.
    let _ = lang;
    e.to_string()
}

/// Why a weights file was refused, as one sentence.
pub fn weights_error(lang: Lang, e: &WeightsError) -> String {
    let _ = lang;
    e.to_string()
}

/// A digits-file or drawing error, as one sentence.
pub fn data_error(lang: Lang, e: &DataError) -> String {
    let _ = lang;
    e.to_string()
}
