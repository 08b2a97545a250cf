//! `cargo xtask summary | train | bench | data | keras`: commands of the network core (issue 4).
//!
//! The `cargo xtask` alias builds in debug; `train` and `bench` re-run themselves once
//! through `cargo run --release` (marked by an environment variable) so that they always
//! measure optimised code.

#[path = "core/args.rs"]
mod args;
#[path = "core/bench.rs"]
mod bench;
#[path = "core/data.rs"]
mod data;
#[path = "core/keras.rs"]
mod keras;
#[path = "core/train.rs"]
mod train;

use std::process::Command;

/// The networks `bench --arch` names (also read by `bench --browser`).
pub(crate) use bench::networks;

use convolab::nn::Architecture;
use convolab::nn::rng_from_seed;

use crate::util::root;

/// Set in the optimised inner run.
const INNER: &str = "CONVOLAB_XTASK_RELEASE";

pub fn run(cmd: &str, args: &[String]) -> Result<(), String> {
    match cmd {
        "summary" => summary(args),
        "data" => data::run(args),
        "keras" => keras::run(args),
        "train" | "bench" if cfg!(debug_assertions) && std::env::var_os(INNER).is_none() => {
            reexec_release(cmd, args)
        }
        "train" => train::run(args),
        "bench" => bench::run(args),
        other => Err(format!("`cargo xtask {other}` is not a core command")),
    }
}

fn reexec_release(cmd: &str, args: &[String]) -> Result<(), String> {
    eprintln!(
        "xtask: building `{cmd}` in release mode (optimised; the first build takes a minute)…"
    );
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(cargo)
        .current_dir(root())
        .args(["run", "--release", "--quiet", "--package", "xtask", "--", cmd])
        .args(args)
        .env(INNER, "1")
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if status.success() { Ok(()) } else { Err(format!("`{cmd}` failed ({status})")) }
}

/// `cargo xtask summary [--arch NET]`: Keras's summary of a network (the course's LeNet by
/// default), then its multiply-adds per example.
fn summary(args: &[String]) -> Result<(), String> {
    let a = args::Args::parse(args, &["arch"])?;
    let arch = Architecture::parse(a.opt("arch").unwrap_or("lenet"))
        .map_err(|e| format!("--arch: {e}"))?;
    let m = arch.build::<f32>(&mut rng_from_seed(0)).map_err(|e| format!("--arch: {e}"))?;
    println!("{}", m.summary());
    println!("Multiply-adds per example: {}", convolab::nn::thousands(m.forward_macs()));
    Ok(())
}
