//! `cargo xtask summary | train | bench | data`: commands of the network core (issue 4).

pub fn run(cmd: &str, _args: &[String]) -> Result<(), String> {
    Err(format!("`cargo xtask {cmd}` is not written yet (issue 4)"))
}
