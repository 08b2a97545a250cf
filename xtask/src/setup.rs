//! Installs the pinned toolchain pieces that are missing. Each step says what it does and
//! how long it usually takes, because a cold set-up takes about 10 minutes on 2 cores.
//!
//! Versions: trunk 0.21.14 (0.22 needs a newer rustc), wasm-bindgen-cli equal to Cargo.lock's
//! wasm-bindgen (trunk would otherwise try to download its own, which fails offline),
//! wasm-opt from npm's binaryen@132 (Debian's binaryen is too old for current rustc output).

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use crate::util::{CHROMEDRIVER, CHROMIUM, done, npm_tool, root, run_cmd, step};

pub const TRUNK_VERSION: &str = "0.21.14";
pub const WASM_BINDGEN_VERSION: &str = "0.2.130";
pub const BINARYEN_NPM_VERSION: &str = "132.0.0";
pub const WASM_OPT_VERSION: &str = "version_132";
/// The accessibility checker the end-to-end tests run on every page (never shipped in dist/).
pub const AXE_CORE_VERSION: &str = "4.14.1";
/// The ConvNetJS release `bench --browser` measures beside the app (npm, bench only, never
/// shipped), installed under `BENCH_TOOLS_DIR`.
pub const CONVNETJS_VERSION: &str = "0.3.0";
/// Apart from axe-core's folder: an `npm install --no-save` removes the packages it does not name.
pub const BENCH_TOOLS_DIR: &str = "target/test-tools/bench";
/// Where the tests' npm packages go (inside target/, so a clean clone has none and
/// `cargo clean` removes them).
pub const TEST_TOOLS_DIR: &str = "target/test-tools";

/// First line of `program args` stdout, or None when it does not run.
fn version_of(program: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(program).args(args).output().ok()?;
    if !out.status.success() {
        return None;
    }
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    Some(text.lines().next().unwrap_or("").trim().to_string())
}

/// The wasm-bindgen version recorded in Cargo.lock must be the one we install.
fn check_lockfile() -> Result<(), String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock"))
        .map_err(|e| format!("cannot read Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(l) = lines.next() {
        if l == "name = \"wasm-bindgen\"" {
            let v = lines.next().unwrap_or("");
            let want = format!("version = \"{WASM_BINDGEN_VERSION}\"");
            return if v == want {
                Ok(())
            } else {
                Err(format!(
                    "Cargo.lock has wasm-bindgen `{v}` but xtask pins {WASM_BINDGEN_VERSION}; \
                     update WASM_BINDGEN_VERSION in xtask/src/setup.rs and Trunk.toml together"
                ))
            };
        }
    }
    Err("Cargo.lock has no wasm-bindgen entry".into())
}

pub fn run(browser: bool) -> Result<(), String> {
    let started = Instant::now();
    let total = if browser { 7 } else { 5 };
    println!("Convolab set-up: installing what is missing (a cold set-up takes about 10 minutes).");
    check_lockfile()?;

    step(1, total, "Rust target wasm32-unknown-unknown");
    let installed = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).contains("wasm32-unknown-unknown"))
        .unwrap_or(false);
    if installed {
        println!("    already installed");
    } else {
        let t = Instant::now();
        run_cmd(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))?;
        done(t);
    }

    // `cargo xtask lint` (run by `test`) needs both; rustup's minimal profile has neither.
    step(2, total, "Rust components clippy and rustfmt (for cargo xtask lint)");
    let have = |tool: &str| version_of("cargo", &[tool, "--version"]).is_some();
    if have("clippy") && have("fmt") {
        println!("    already installed");
    } else {
        let t = Instant::now();
        run_cmd(Command::new("rustup").args(["component", "add", "clippy", "rustfmt"]))?;
        done(t);
    }

    step(
        3,
        total,
        &format!("wasm-opt ({WASM_OPT_VERSION}, npm package binaryen@{BINARYEN_NPM_VERSION})"),
    );
    match version_of("wasm-opt", &["--version"]) {
        Some(v) if v.contains(WASM_OPT_VERSION) => println!("    already installed: {v}"),
        found => {
            if let Some(v) = found {
                println!("    found `{v}`, installing the pinned one");
            }
            let t = Instant::now();
            run_cmd(Command::new("npm").args([
                "install",
                "--global",
                "--no-fund",
                "--no-audit",
                &format!("binaryen@{BINARYEN_NPM_VERSION}"),
            ]))?;
            let v = version_of("wasm-opt", &["--version"]).unwrap_or_default();
            if !v.contains(WASM_OPT_VERSION) {
                return Err(format!(
                    "after installing binaryen, `wasm-opt --version` says `{v}`: another wasm-opt \
                     comes first on PATH; remove it (trunk would try to download its own)"
                ));
            }
            done(t);
        }
    }

    step(4, total, &format!("wasm-bindgen-cli {WASM_BINDGEN_VERSION} (cold: about 2.5 minutes)"));
    match version_of("wasm-bindgen", &["--version"]) {
        Some(v) if v.ends_with(WASM_BINDGEN_VERSION) => println!("    already installed: {v}"),
        _ => {
            let t = Instant::now();
            // Not --locked: its lockfile names a webpki-roots version the registry here lacks.
            run_cmd(Command::new("cargo").args([
                "install",
                "wasm-bindgen-cli",
                "--version",
                WASM_BINDGEN_VERSION,
            ]))?;
            done(t);
        }
    }

    step(5, total, &format!("trunk {TRUNK_VERSION} (cold: about 7 minutes)"));
    match version_of("trunk", &["--version"]) {
        Some(v) if v.ends_with(TRUNK_VERSION) => println!("    already installed: {v}"),
        _ => {
            let t = Instant::now();
            run_cmd(Command::new("cargo").args([
                "install",
                "trunk",
                "--version",
                TRUNK_VERSION,
                "--locked",
            ]))?;
            done(t);
        }
    }

    if browser {
        step(6, total, "Chromium and ChromeDriver (Debian packages)");
        if Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists() {
            println!("    already installed");
        } else {
            let t = Instant::now();
            let root = Command::new("id")
                .arg("-u")
                .output()
                .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
                .unwrap_or(false);
            let apt = |args: &[&str]| {
                let mut c = if root { Command::new("apt-get") } else { Command::new("sudo") };
                if !root {
                    c.arg("apt-get");
                }
                c.args(args).env("DEBIAN_FRONTEND", "noninteractive");
                run_cmd(&mut c)
            };
            apt(&["update"])?;
            apt(&["install", "-y", "chromium", "chromium-driver"])?;
            done(t);
        }
    }
    if browser {
        step(
            7,
            total,
            &format!("axe-core {AXE_CORE_VERSION} for the accessibility checks (npm, test only)"),
        );
        npm_tool(&root().join(TEST_TOOLS_DIR), "axe-core", AXE_CORE_VERSION)?;
    }
    println!("\nSet-up complete in {:.0} s.", started.elapsed().as_secs_f64());
    Ok(())
}
