//! `cargo xtask lint`: formatting, clippy with warnings as errors (native and wasm32), and
//! the import check (no circle between files, the floors rule). `cargo xtask test` runs it
//! first.

use std::time::Instant;

use crate::imports;
use crate::util::{cargo, root, run_cmd, test_files};

/// Runs every check, even after one fails, and names the ones that failed; `--imports`:
/// the import check alone (a second, where clippy takes minutes).
pub fn run(args: &[String]) -> Result<(), String> {
    match args.first().map(String::as_str) {
        None => {}
        Some("--imports") if args.len() == 1 => return imports::check(&root()),
        Some("--floors") if args.len() == 1 => {
            // Floors exist only without circles: the report says what to untie first.
            let f = imports::analyse(&root())?;
            if !f.is_clean() {
                return Err(f.report());
            }
            print!("{}", f.floors_picture());
            return Ok(());
        }
        Some(a) => return Err(format!("lint: unknown argument `{a}`")),
    }
    let started = Instant::now();
    let mut failed = Vec::new();
    let mut check = |name: &str, result: Result<(), String>| match result {
        Ok(()) => println!("    {name}: ok"),
        Err(e) => {
            println!("    {name}: FAILED\n{e}");
            failed.push(name.to_string());
        }
    };
    println!("\n==> lint: cargo fmt --all --check");
    check("format", run_cmd(cargo().args(["fmt", "--all", "--check"])));

    println!("\n==> lint: clippy, native (every package and target)");
    check(
        "clippy native",
        run_cmd(cargo().args(["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"])),
    );

    // The browser build: the package's library and bins, and its wasm tests (tests/web*.rs;
    // the other test files are native only).
    println!("\n==> lint: clippy, wasm32 (the app, the worker and tests/web*.rs)");
    let mut wasm = cargo();
    wasm.args([
        "clippy",
        "--target",
        "wasm32-unknown-unknown",
        "-p",
        "convolab",
        "--lib",
        "--bins",
    ]);
    for t in test_files("web")? {
        wasm.args(["--test", &t]);
    }
    check("clippy wasm32", run_cmd(wasm.args(["--", "-D", "warnings"])));

    println!("\n==> lint: imports (no circle between files; nn < worker < app)");
    check("imports", imports::check(&root()));

    println!("\nLint finished in {:.0} s.", started.elapsed().as_secs_f64());
    if failed.is_empty() { Ok(()) } else { Err(format!("lint failed: {}", failed.join(", "))) }
}
