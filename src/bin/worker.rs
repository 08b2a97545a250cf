fn main() {
    #[cfg(target_arch = "wasm32")]
    {
        use yew_agent::Registrable;
        // The same script serves the trainer and, started under this name by the trainer,
        // its helpers for multi-worker runs.
        let name = js_sys::Reflect::get(&js_sys::global(), &"name".into())
            .ok()
            .and_then(|n| n.as_string());
        if name.as_deref() == Some(convolab::worker::pool::HELPER_NAME) {
            convolab::worker::pool::run_helper();
        } else {
            convolab::worker::TrainerReactor::registrar().register();
        }
    }
}
