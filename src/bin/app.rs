fn main() {
    #[cfg(target_arch = "wasm32")]
    {
        convolab::app::panic::install();
        yew::Renderer::<convolab::app::App>::new().render();
    }
}
