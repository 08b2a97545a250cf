//! The browser side of the project: serve, dist and the three test suites.

use std::process::Command;
use std::time::Instant;

use crate::util::{self, cargo, root, run_cmd, test_files};
use crate::{lint, setup};

fn trunk() -> Command {
    let mut c = Command::new("trunk");
    // Without this trunk asks a web API for newer versions on every run.
    c.current_dir(root()).env("TRUNK_SKIP_VERSION_CHECK", "true");
    c
}

pub fn serve(args: &[String]) -> Result<(), String> {
    setup::run(false)?;
    println!(
        "\n==> trunk serve (first build of the app: about 2 minutes; then open http://127.0.0.1:8080)"
    );
    run_cmd(trunk().arg("serve").args(args))
}

/// Release build into `dist/`. The default public URL `./` makes every asset path relative,
/// so the same folder works at a site's root, under any sub-path, or on a USB stick's server;
/// routes live after `#`, so deep links need no server rewrite rule.
pub fn build_dist(public_url: &str) -> Result<(), String> {
    run_cmd(trunk().args(["build", "--release", "--public-url", public_url]))
}

pub fn dist(args: &[String]) -> Result<(), String> {
    setup::run(false)?;
    let mut url = "./".to_string();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--public-url" => url = it.next().ok_or("--public-url needs a value")?.clone(),
            other => return Err(format!("dist: unknown argument `{other}`")),
        }
    }
    build_dist(&url)?;
    println!("dist/ is ready: copy it to any static web server (public URL `{url}`).");
    Ok(())
}

pub fn test(args: &[String]) -> Result<(), String> {
    if let Some(a) = args.first() {
        return Err(format!("test: unknown argument `{a}`"));
    }
    let started = Instant::now();
    setup::run(true)?;
    let mut failed = Vec::new();
    // Format, clippy and the import check first; a failure there does not stop the suites.
    println!("\n==> lint (cargo xtask lint)");
    if let Err(e) = lint::run(&[]) {
        println!("    lint: FAILED ({e})");
        failed.push("lint".to_string());
    }
    let mut suite = |name: &str, cmd: &mut Command| {
        println!("\n==> {name}");
        let t = Instant::now();
        match run_cmd(cmd) {
            Ok(()) => println!("    {name}: ok in {:.0} s", t.elapsed().as_secs_f64()),
            Err(e) => {
                println!("    {name}: FAILED ({e})");
                failed.push(name.to_string());
            }
        }
    };
    suite("native tests (cargo test --workspace)", cargo().args(["test", "--workspace"]));
    // Chromium's temporary profiles (≈ 70 MB each): wasm-bindgen-test-runner leaves one behind
    // per test file in the temp folder, which filled this machine's disk over a few days of
    // runs. The browser suites get a temp folder of their own, removed when they are done.
    let browser_tmp = root().join("target/tmp/browsers");
    let _ = std::fs::remove_dir_all(&browser_tmp);
    std::fs::create_dir_all(&browser_tmp)
        .map_err(|e| format!("cannot create {}: {e}", browser_tmp.display()))?;
    let mut wasm = cargo();
    wasm.args(["test", "--target", "wasm32-unknown-unknown"]);
    for t in test_files("web")? {
        wasm.args(["--test", &t]);
    }
    suite(
        "browser tests (wasm-bindgen-test in headless Chromium)",
        // The runner's default limit is 20 s per test file: a loaded CI machine needs more.
        wasm.env("CHROMEDRIVER", util::CHROMEDRIVER)
            .env("WASM_BINDGEN_TEST_TIMEOUT", "90")
            .env("TMPDIR", &browser_tmp),
    );
    println!("\n==> release build of dist/ for the end-to-end test");
    let dist_ok = build_dist("./");
    if let Err(e) = &dist_ok {
        println!("    release build FAILED ({e})");
        failed.push("release build".into());
    } else {
        let mut e2e = cargo();
        e2e.arg("test");
        for t in test_files("e2e")? {
            e2e.args(["--test", &t]);
        }
        suite(
            "end-to-end tests (the real dist/ in headless Chromium)",
            e2e.args(["--", "--ignored", "--nocapture", "--test-threads=1"])
                .env("CHROMEDRIVER", util::CHROMEDRIVER)
                .env("CHROMIUM", util::CHROMIUM)
                .env("TMPDIR", &browser_tmp),
        );
    }
    let _ = std::fs::remove_dir_all(&browser_tmp);
    println!("\nAll suites finished in {:.0} s.", started.elapsed().as_secs_f64());
    if failed.is_empty() { Ok(()) } else { Err(format!("failed: {}", failed.join(", "))) }
}
