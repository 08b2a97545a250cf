fn main() {
    #[cfg(target_arch = "wasm32")]
    {
        use yew_agent::Registrable;
        convolab::worker::TrainerReactor::registrar().register();
    }
}
