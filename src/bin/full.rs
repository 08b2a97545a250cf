//! The whole app: every page, the training worker's link. index.html's loader starts it on
//! a deep link to a page the light bundle (`app.rs`) does not have; the light one loads it
//! on the way to such a page, and it unmounts the light one.
fn main() {
    #[cfg(target_arch = "wasm32")]
    {
        convolab::app::panic::install();
        convolab::app::root::start_full();
    }
}
