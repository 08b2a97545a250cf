//! The light bundle's hand-over to the whole app: the names both sides agree on.

/// The name of the function index.html's loader defines: it loads the whole app, which
/// then takes the page over from the light one (see `start_full`).
pub(super) const LOAD_FULL: &str = "convolabLoadFull";
/// What the light app leaves on `window` to be unmounted by the whole one.
pub(super) const UNMOUNT_LIGHT: &str = "convolabUnmountLight";

thread_local! {
    /// The whole app replaced the light one (on the way to one of its pages).
    pub(super) static TOOK_OVER: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}
