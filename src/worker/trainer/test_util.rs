//! What the session's tests share: small digits files, a fake clock, short settings.

use crate::data::Mnist;
use crate::worker::protocol::Settings;

pub(super) fn digits(n: usize) -> Mnist {
    crate::data::mnist::bar_digits(n, false)
}

/// A clock that advances 1 ms per reading: slices are deterministic.
pub(super) fn fake_clock() -> impl FnMut() -> f64 {
    let mut t = 0.0;
    move || {
        t += 0.001;
        t
    }
}

pub(super) fn settings() -> Settings {
    Settings { epochs: 2, batch_size: 8, eval_every: 20, ..Settings::default() }
}
