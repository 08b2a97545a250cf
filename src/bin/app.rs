//! The light first bundle: the pages that need neither digits, images nor training. The
//! others load the whole app (`full.rs`), which takes the page over (app::root).
fn main() {
    #[cfg(target_arch = "wasm32")]
    {
        convolab::app::panic::install();
        convolab::app::root::start_light();
    }
}
