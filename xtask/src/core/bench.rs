//! `cargo xtask bench`: native, single-thread figures of the course LeNet, as one JSON line;
//! `--arch P` (a preset, `all`, or a network's text): each network's training rate in
//! examples and multiply-adds per second, beside the course LeNet's in the same rounds.

use std::hint::black_box;
use std::time::Instant;

use convolab::data::Mnist;
use convolab::nn::Architecture;
use convolab::nn::{OptimizerConfig, Trainer, TrainerConfig, rng_from_seed};

use super::args::Args;
use crate::util::root;

pub fn run(args: &[String]) -> Result<(), String> {
    if args.iter().any(|a| a == "--layers") {
        return layers(args);
    }
    if args.iter().any(|a| a == "--predict") {
        return predict(args);
    }
    let a = Args::parse(args, &["seconds", "breakdown", "arch", "rounds"])?;
    let seconds: f64 = a.get("seconds", 4.0)?;
    let load = std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next().map(String::from));
    let data = Mnist::load(root().join("static/data/mnist10k.bin")).map_err(|e| e.to_string())?;
    if a.get("breakdown", 0)? > 0 {
        let arch = match a.opt("arch") {
            Some(t) => Architecture::parse(t).map_err(|e| format!("--arch: {e}"))?,
            None => Architecture::default(),
        };
        return breakdown(&data, &arch);
    }
    if let Some(list) = a.opt("arch") {
        let nets = networks(list)?;
        return per_network(&data, &nets, seconds, a.get("rounds", 5)?, load);
    }
    let mut model =
        Architecture::default().build::<f32>(&mut rng_from_seed(1)).map_err(|e| e.to_string())?;
    let macs = model.forward_macs();
    let image = {
        let mut x = vec![0.0f32; 1024];
        data.write_image(0, &mut x, 32, 32, (0, 0));
        x
    };
    let cfg = TrainerConfig {
        batch_size: 32,
        optimizer: OptimizerConfig::sgd(0.01, 0.9),
        seed: 1,
        shift: 0,
        train_limit: None,
    };
    // Training: as many minibatches as fit in `seconds`, after a warm-up.
    let lenet = Architecture::default();
    let train_eps = rate(train_alone(&lenet, data.clone(), cfg, seconds)?);
    // Two threads, in short rounds (one thread, two synced, two apart), each ratio against
    // its own round's one-thread figure: this VM's speed moves by a third within seconds.
    let (mut synced, mut apart) = (Vec::new(), Vec::new());
    for _ in 0..8 {
        let slice = seconds / 4.0;
        let one = rate(train_alone(&lenet, data.clone(), cfg, slice)?);
        synced.push(two_threads(&data, cfg, slice)? / one);
        apart.push(two_apart(&data, cfg, slice)? / one);
    }
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let (two_synced, two_apart) = (median(synced), median(apart));

    // One image, every activation.
    for _ in 0..200 {
        black_box(model.forward_all(&image).map_err(|e| e.to_string())?);
    }
    let (start, mut n) = (Instant::now(), 0usize);
    while start.elapsed().as_secs_f64() < seconds / 2.0 {
        for _ in 0..100 {
            black_box(model.forward_all(black_box(&image)).map_err(|e| e.to_string())?);
        }
        n += 100;
    }
    let fwd_ms = start.elapsed().as_secs_f64() * 1e3 / n as f64;
    println!(
        "{{\"train_examples_per_s\":{train_eps:.0},\"forward_all_ms\":{fwd_ms:.4},\"mac_per_example\":{macs},\"train_mac_per_example\":{},\"batch\":32,\"optimizer\":\"sgd momentum 0.9\",\"threads\":1,\"two_threads_over_one\":{two_synced:.2},\"two_apart_over_one\":{two_apart:.2},\"load_avg_1m_before\":{}}}",
        3 * macs - 30 * 30 * 9 * 6,
        load.unwrap_or_else(|| "null".into())
    );
    Ok(())
}

/// The browser's data-parallel step (worker::trainer: the leader cuts the minibatch, a
/// helper computes its share while the leader computes its own, the leader sums and steps)
/// on two native threads that hand each other the work through channels: what this
/// machine's two cores give when the hand-over costs next to nothing, the ceiling of the
/// two-worker figure of `bench --browser`.
fn two_threads(data: &Mnist, cfg: TrainerConfig, seconds: f64) -> Result<f64, String> {
    use convolab::nn::parallel::{ShareGrad, ShareTask, ShareWorker};
    use std::sync::mpsc::channel;
    let options = Architecture::default();
    let model = options.build::<f32>(&mut rng_from_seed(1)).map_err(|e| e.to_string())?;
    let mut t = Trainer::new(model, data.clone(), cfg).map_err(|e| e.to_string())?;
    let (task_tx, task_rx) = channel::<(Vec<f32>, ShareTask)>();
    let (grad_tx, grad_rx) = channel::<Result<ShareGrad, String>>();
    let helper_data = data.clone();
    let helper = std::thread::spawn(move || {
        let mut w = ShareWorker::new(helper_data);
        for (weights, task) in task_rx {
            let g = w.gradient(&options, &weights, &task).map_err(|e| e.to_string());
            if grad_tx.send(g).is_err() {
                break;
            }
        }
    });
    let step = |t: &mut Trainer| -> Result<usize, String> {
        let mut tasks = t.begin_parallel_step(2);
        let n = t.batch_indices().len();
        let Some(task) = tasks.pop() else {
            t.step().map_err(|e| e.to_string())?;
            return Ok(n);
        };
        task_tx.send((t.model().flat_params(), task)).map_err(|e| e.to_string())?;
        let own = t.own_share().map_err(|e| e.to_string())?;
        let other = grad_rx.recv().map_err(|e| e.to_string())??;
        t.finish_parallel_step(&[own, other]).map_err(|e| e.to_string())?;
        Ok(n)
    };
    let eps = rate(timed_steps(seconds, || step(&mut t))?);
    drop(task_tx);
    helper.join().map_err(|_| "the helper thread panicked".to_string())?;
    Ok(eps)
}

/// Two trainers, each on its own thread with its own minibatches, nothing shared: the
/// examples per second of both together. Work with no hand-over at all, so the most any
/// two-worker split can reach on this machine (two vCPUs need not be two cores' worth).
fn two_apart(data: &Mnist, cfg: TrainerConfig, seconds: f64) -> Result<f64, String> {
    let lenet = Architecture::default();
    let (a, b) = std::thread::scope(|s| {
        let a = s.spawn(|| train_alone(&lenet, data.clone(), cfg, seconds));
        let b = s.spawn(|| train_alone(&lenet, data.clone(), cfg, seconds));
        (a.join(), b.join())
    });
    let mut eps = 0.0;
    for r in [a, b] {
        eps += rate(r.map_err(|_| "a trainer thread panicked".to_string())??);
    }
    Ok(eps)
}

/// One trainer's examples and seconds: 20 steps of warm-up, then steps for `seconds`.
fn train_alone(
    arch: &Architecture,
    data: Mnist,
    cfg: TrainerConfig,
    seconds: f64,
) -> Result<(usize, f64), String> {
    let model = arch.build::<f32>(&mut rng_from_seed(1)).map_err(|e| e.to_string())?;
    let mut t = Trainer::new(model, data, cfg).map_err(|e| e.to_string())?;
    timed_steps(seconds, || {
        let n = t.batch_indices().len().max(32);
        t.step().map_err(|e| e.to_string())?;
        Ok(n)
    })
}

/// `step` (it returns the examples it trained on) 20 times to warm up, then for `seconds`:
/// the examples and the seconds they took.
fn timed_steps(
    seconds: f64,
    mut step: impl FnMut() -> Result<usize, String>,
) -> Result<(usize, f64), String> {
    for _ in 0..20 {
        step()?;
    }
    let (start, mut examples) = (Instant::now(), 0usize);
    while start.elapsed().as_secs_f64() < seconds {
        for _ in 0..10 {
            examples += step()?;
        }
    }
    Ok((examples, start.elapsed().as_secs_f64()))
}

fn rate((examples, seconds): (usize, f64)) -> f64 {
    examples as f64 / seconds
}

/// Passes per layer timing, natively and in wasm (tests/bench_layers.rs uses the same).
const LAYER_REPS: usize = 500;

/// `(layer, forward s, backward s)` summed over `LAYER_REPS` training passes of batch 32 (the
/// first 32 digits), natively.
fn native_layers(data: &Mnist, arch: &Architecture) -> Result<Vec<(String, f64, f64)>, String> {
    let mut model = arch.build::<f32>(&mut rng_from_seed(1)).map_err(|e| e.to_string())?;
    let idx: Vec<usize> = (0..32).collect();
    let mut x = convolab::nn::ndarray::Array2::zeros((32, 1024));
    let mut labels = Vec::new();
    data.write_batch(&idx, x.view_mut(), 32, 32, None, &mut labels);
    model
        .time_layers(x.view(), &labels, &mut rng_from_seed(0), LAYER_REPS)
        .map_err(|e| e.to_string())
}

/// `--breakdown 1 [--arch NET]`: microseconds per batch of 32 in each layer's forward and
/// backward (the course LeNet unless `--arch` names another network).
fn breakdown(data: &Mnist, arch: &Architecture) -> Result<(), String> {
    let reps = LAYER_REPS;
    let t = native_layers(data, arch)?;
    let (mut tf, mut tb) = (0.0, 0.0);
    for (name, f, b) in &t {
        eprintln!(
            "{name:<22} forward {:>7.1} µs   backward {:>7.1} µs",
            f * 1e6 / reps as f64,
            b * 1e6 / reps as f64
        );
        tf += f;
        tb += b;
    }
    eprintln!(
        "{:<22} forward {:>7.1} µs   backward {:>7.1} µs  → {:.0} examples/s (layers only)",
        "total",
        tf * 1e6 / reps as f64,
        tb * 1e6 / reps as f64,
        32.0 * reps as f64 / (tf + tb)
    );
    Ok(())
}

/// `--layers`: the per-layer table, native beside wasm. The wasm column is tests/bench_layers.rs
/// (the same `time_layers` code and passes) built at the release profile, as the training
/// worker is (opt-level 3, +simd128 from .cargo/config.toml), run in a dedicated worker of
/// headless Chromium. Both binaries are built before either is timed.
fn layers(args: &[String]) -> Result<(), String> {
    if let Some(a) = args.iter().find(|a| *a != "--layers") {
        return Err(format!("bench --layers: unknown argument `{a}`"));
    }
    crate::setup::run(true)?;
    let load = std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next().map(String::from));
    let wasm_test = |extra: &[&str]| wasm_bench("release", "bench_layers", extra);
    eprintln!(
        "bench --layers: building tests/bench_layers.rs for wasm32 at the release profile (cold: several minutes)…"
    );
    crate::util::run_cmd(&mut wasm_test(&["--no-run"]))?;

    let data = Mnist::load(root().join("static/data/mnist10k.bin")).map_err(|e| e.to_string())?;
    eprintln!("bench --layers: native, {LAYER_REPS} passes of batch 32…");
    let native = native_layers(&data, &Architecture::default())?;
    eprintln!("bench --layers: wasm in headless Chromium, {LAYER_REPS} passes of batch 32…");
    let out = wasm_test(&["--", "--include-ignored", "--nocapture"])
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    if !out.status.success() {
        return Err(format!("the wasm per-layer bench failed:\n{text}"));
    }
    // Lines `bench_layers<TAB>name<TAB>forward µs<TAB>backward µs` (µs per batch of 32).
    let mut wasm = Vec::new();
    let mut wall = None;
    for l in text.lines() {
        let Some(rest) = l.trim().strip_prefix("bench_layers\t") else { continue };
        let f: Vec<&str> = rest.split('\t').collect();
        match f[..] {
            ["reps", n] if n != LAYER_REPS.to_string() => {
                return Err(format!("wasm ran {n} passes, native {LAYER_REPS}"));
            }
            ["wall", us] => wall = us.parse::<f64>().ok(),
            [name, fw, bw] => wasm.push((
                name.to_string(),
                fw.parse::<f64>().unwrap_or(f64::NAN),
                bw.parse::<f64>().unwrap_or(f64::NAN),
            )),
            _ => {}
        }
    }
    if wasm.len() != native.len() || wasm.iter().zip(&native).any(|(w, n)| w.0 != n.0) {
        return Err(format!("the wasm bench's layers do not match the native ones:\n{text}"));
    }

    let us = |s: f64| s * 1e6 / LAYER_REPS as f64;
    println!(
        "Per-layer time of the course LeNet, µs per batch of 32 ({LAYER_REPS} training passes; wasm: release profile, opt-level 3 + simd128, in a dedicated worker of headless Chromium)\n"
    );
    println!(
        "| layer | native fwd | wasm fwd | wasm/native | native bwd | wasm bwd | wasm/native |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|");
    let (mut nf, mut nb, mut wf, mut wb) = (0.0, 0.0, 0.0, 0.0);
    for ((name, f, b), (_, wfw, wbw)) in native.iter().zip(&wasm) {
        let (f, b) = (us(*f), us(*b));
        println!(
            "| {name} | {f:.1} | {wfw:.1} | {:.2} | {b:.1} | {wbw:.1} | {:.2} |",
            wfw / f,
            wbw / b
        );
        (nf, nb, wf, wb) = (nf + f, nb + b, wf + wfw, wb + wbw);
    }
    println!(
        "| **total** | {nf:.1} | {wf:.1} | {:.2} | {nb:.1} | {wb:.1} | {:.2} |",
        wf / nf,
        wb / nb
    );
    let eps = |t: f64| 32.0 * 1e6 / t;
    println!(
        "\nLayers only (no optimiser step, no batch assembly): native {:.0} examples/s, wasm {:.0} examples/s → wasm runs at {:.2} of native speed.",
        eps(nf + nb),
        eps(wf + wb),
        (nf + nb) / (wf + wb)
    );
    if let Some(w) = wall {
        // performance.now() is coarsened in the browser: the per-layer sum should match the wall time.
        println!(
            "wasm check: the layers sum to {:.1} µs per pass, the wall clock says {w:.1} µs (loss included).",
            wf + wb
        );
    }
    println!(
        "{{\"native_layers_us_per_batch\":{:.1},\"wasm_layers_us_per_batch\":{:.1},\"wasm_speed_over_native\":{:.3},\"reps\":{LAYER_REPS},\"batch\":32,\"load_avg_1m_before\":{}}}",
        nf + nb,
        wf + wb,
        (nf + nb) / (wf + wb),
        load.unwrap_or_else(|| "null".into())
    );
    Ok(())
}

/// `--predict`: what one stroke on LeNet's drawing pad costs the page's main thread
/// (tests/bench_predict.rs: the drawing's preprocessing, then every layer's output), built
/// at the page's own profile (release-small: opt-level z, the digits code at 3) and run on
/// headless Chromium's main thread. The fastest chunk of passes is the figure to compare
/// (the machine's other work only ever adds time), the median is printed beside it.
fn predict(args: &[String]) -> Result<(), String> {
    if let Some(a) = args.iter().find(|a| *a != "--predict") {
        return Err(format!("bench --predict: unknown argument `{a}`"));
    }
    crate::setup::run(true)?;
    let wasm_test = |extra: &[&str]| wasm_bench("release-small", "bench_predict", extra);
    eprintln!(
        "bench --predict: building tests/bench_predict.rs for wasm32 at the page's profile (cold: several minutes)…"
    );
    crate::util::run_cmd(&mut wasm_test(&["--no-run"]))?;
    let load = std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next().map(String::from));
    eprintln!(
        "bench --predict: preprocessing + every layer's output on headless Chromium's main thread…"
    );
    let out = wasm_test(&["--", "--include-ignored", "--nocapture"])
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    // One line `bench_predict<TAB>passes<TAB>pre min<TAB>forward min<TAB>pre median<TAB>forward median` (ms).
    let fields: Vec<f64> = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("bench_predict\t"))
        .map(|rest| rest.split('\t').filter_map(|v| v.parse().ok()).collect())
        .unwrap_or_default();
    let [passes, pre, fwd, pre_med, fwd_med] = fields[..] else {
        return Err(format!("the wasm predict bench failed or printed no result:\n{text}"));
    };
    let r = |v: f64| (v * 1000.0).round() / 1000.0;
    println!(
        "{{\"predict_ms\":{},\"preprocess_ms\":{},\"forward_all_ms\":{},\"predict_ms_median\":{},\"passes\":{passes},\"profile\":\"release-small\",\"load_avg_1m_before\":{}}}",
        r(pre + fwd),
        r(pre),
        r(fwd),
        r(pre_med + fwd_med),
        load.unwrap_or_else(|| "null".into())
    );
    Ok(())
}

/// `cargo test` of the ignored wasm benchmark `tests/<test>.rs` at `profile`, in headless
/// Chromium (the wasm32 runner), with `extra` arguments. The runner leaves Chromium's
/// temporary profile (≈ 70 MB) behind: it goes to target/tmp/browsers, which
/// `cargo xtask test` empties, not to the system's temp folder.
fn wasm_bench(profile: &str, test: &str, extra: &[&str]) -> std::process::Command {
    let tmp = root().join("target/tmp/browsers");
    let _ = std::fs::create_dir_all(&tmp);
    let mut c =
        std::process::Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    c.current_dir(root())
        .env("TMPDIR", tmp)
        .args(["test", "--profile", profile, "--target", "wasm32-unknown-unknown", "--test", test])
        .args(extra)
        .env(
            "CHROMEDRIVER",
            std::env::var("CHROMEDRIVER").unwrap_or_else(|_| crate::util::CHROMEDRIVER.into()),
        );
    c
}

/// `--arch`'s networks: `all` (every preset), a comma-separated list of preset names, or one
/// network's text (which has commas of its own); each must build on the digit.
pub(crate) fn networks(list: &str) -> Result<Vec<(String, Architecture)>, String> {
    use convolab::nn::Preset;
    let named = |a: Architecture| {
        let name = a.preset().map_or_else(|| a.to_text(), |p| p.id().to_string());
        (name, a)
    };
    let nets: Vec<(String, Architecture)> = if list.trim().eq_ignore_ascii_case("all") {
        Preset::ALL.iter().map(|p| named(p.architecture())).collect()
    } else if list.split(',').all(|id| Preset::from_id(id.trim()).is_some()) {
        list.split(',')
            .filter_map(|id| Preset::from_id(id.trim()))
            .map(|p| named(p.architecture()))
            .collect()
    } else {
        vec![named(Architecture::parse(list).map_err(|e| format!("--arch: {e}"))?)]
    };
    for (name, a) in &nets {
        if let Some(f) = a.plan().failure {
            return Err(format!(
                "--arch {name}: layer {} ({}) breaks: {}",
                f.index + 1,
                f.kind,
                f.error
            ));
        }
    }
    Ok(nets)
}

/// Each network's training rate (SGD momentum 0.9, lr 0.01, batch 32, one thread) in
/// examples and forward multiply-adds per second (`Plan::total_macs` × examples/s: one
/// example's forward pass, whatever its backward costs), as one JSON line per network.
/// The course LeNet is timed in every round beside them and each network's ratio is taken
/// against it round by round: this 2-core VM's speed moves by a third within seconds, and
/// other builds share it. Figures are medians over `rounds` rounds of `seconds / rounds`.
fn per_network(
    data: &Mnist,
    nets: &[(String, Architecture)],
    seconds: f64,
    rounds: usize,
    load: Option<String>,
) -> Result<(), String> {
    let cfg = TrainerConfig {
        batch_size: 32,
        optimizer: OptimizerConfig::sgd(0.01, 0.9),
        seed: 1,
        shift: 0,
        train_limit: None,
    };
    let lenet = Architecture::default();
    let lenet_macs = lenet.plan().total_macs as f64;
    let rounds = rounds.max(1);
    let slice = seconds / rounds as f64;
    // Per network: its examples/s in each round, and its MACs/s over LeNet's of that round.
    let mut eps = vec![Vec::new(); nets.len()];
    let mut ratio = vec![Vec::new(); nets.len()];
    let mut lenet_eps = Vec::new();
    for round in 0..rounds {
        let reference = rate(train_alone(&lenet, data.clone(), cfg, slice)?);
        lenet_eps.push(reference);
        for (i, (name, arch)) in nets.iter().enumerate() {
            let e = if *arch == lenet {
                reference
            } else {
                rate(train_alone(arch, data.clone(), cfg, slice)?)
            };
            eprintln!(
                "bench: round {} {name}: {e:.0} examples/s (course LeNet {reference:.0})",
                round + 1
            );
            eps[i].push(e);
            ratio[i].push(e * arch.plan().total_macs as f64 / (reference * lenet_macs));
        }
    }
    let median = |v: &[f64]| {
        let mut v = v.to_vec();
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let spread = |v: &[f64]| {
        let lo = v.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = v.iter().copied().fold(0.0, f64::max);
        (hi - lo) / median(v)
    };
    for (i, (name, arch)) in nets.iter().enumerate() {
        let plan = arch.plan();
        let e = median(&eps[i]);
        println!(
            "{{\"arch\":{},\"params\":{},\"forward_macs_per_example\":{},\"train_examples_per_s\":{e:.0},\"forward_macs_per_s\":{:.0},\"macs_per_s_over_lenet\":{:.3},\"examples_per_s_spread\":{:.2},\"lenet_examples_per_s\":{:.0},\"rounds\":{rounds},\"seconds_per_round\":{slice:.2},\"batch\":32,\"optimizer\":\"sgd momentum 0.9\",\"threads\":1,\"load_avg_1m_before\":{}}}",
            serde_json::Value::from(name.as_str()),
            plan.total_params,
            plan.total_macs,
            e * plan.total_macs as f64,
            median(&ratio[i]),
            spread(&eps[i]),
            median(&lenet_eps),
            load.as_deref().unwrap_or("null")
        );
    }
    Ok(())
}
