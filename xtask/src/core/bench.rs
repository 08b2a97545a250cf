//! `cargo xtask bench`: native, single-thread figures of the course LeNet, as one JSON line.

use std::hint::black_box;
use std::time::Instant;

use convolab::data::Mnist;
use convolab::nn::model::LeNetOptions;
use convolab::nn::{OptimizerConfig, Sequential, Trainer, TrainerConfig, rng_from_seed};

use super::{Args, root};

pub fn run(args: &[String]) -> Result<(), String> {
    let a = Args::parse(args, &["seconds", "breakdown"])?;
    let seconds: f64 = a.get("seconds", 4.0)?;
    let load = std::fs::read_to_string("/proc/loadavg").ok().and_then(|s| s.split_whitespace().next().map(String::from));
    let data = Mnist::load(root().join("static/data/mnist10k.bin")).map_err(|e| e.to_string())?;
    if a.get("breakdown", 0)? > 0 {
        return breakdown(&data);
    }
    let model = Sequential::<f32>::lenet(&LeNetOptions::default(), &mut rng_from_seed(1)).map_err(|e| e.to_string())?;
    let macs = model.forward_macs();
    let image = {
        let mut x = vec![0.0f32; 1024];
        data.write_image(0, &mut x, 32, 32, (0, 0));
        x
    };
    let cfg = TrainerConfig { batch_size: 32, optimizer: OptimizerConfig::sgd(0.01, 0.9), seed: 1, shift: 0, train_limit: None };
    let mut t = Trainer::new(model, data, cfg).map_err(|e| e.to_string())?;

    // Training: warm up, then as many minibatches as fit in `seconds`.
    for _ in 0..20 {
        t.step().map_err(|e| e.to_string())?;
    }
    let (start, mut examples) = (Instant::now(), 0usize);
    while start.elapsed().as_secs_f64() < seconds {
        for _ in 0..10 {
            examples += t.batch_indices().len().max(32);
            t.step().map_err(|e| e.to_string())?;
        }
    }
    let train_eps = examples as f64 / start.elapsed().as_secs_f64();

    // One image, every activation.
    let mut model = t.into_model();
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
        "{{\"train_examples_per_s\":{train_eps:.0},\"forward_all_ms\":{fwd_ms:.4},\"mac_per_example\":{macs},\"train_mac_per_example\":{},\"batch\":32,\"optimizer\":\"sgd momentum 0.9\",\"threads\":1,\"load_avg_1m_before\":{}}}",
        3 * macs - 30 * 30 * 9 * 6,
        load.unwrap_or_else(|| "null".into())
    );
    Ok(())
}

/// `--breakdown 1`: microseconds per batch of 32 in each layer's forward and backward.
fn breakdown(data: &Mnist) -> Result<(), String> {
    let mut model = Sequential::<f32>::lenet(&LeNetOptions::default(), &mut rng_from_seed(1)).map_err(|e| e.to_string())?;
    let idx: Vec<usize> = (0..32).collect();
    let mut x = convolab::nn::ndarray::Array2::zeros((32, 1024));
    let mut labels = Vec::new();
    data.write_batch(&idx, x.view_mut(), 32, 32, None, &mut labels);
    let reps = 500;
    let t = model.time_layers(x.view(), &labels, &mut rng_from_seed(0), reps).map_err(|e| e.to_string())?;
    let (mut tf, mut tb) = (0.0, 0.0);
    for (name, f, b) in &t {
        eprintln!("{name:<22} forward {:>7.1} µs   backward {:>7.1} µs", f * 1e6 / reps as f64, b * 1e6 / reps as f64);
        tf += f;
        tb += b;
    }
    eprintln!("{:<22} forward {:>7.1} µs   backward {:>7.1} µs  → {:.0} examples/s (layers only)", "total", tf * 1e6 / reps as f64, tb * 1e6 / reps as f64, 32.0 * reps as f64 / (tf + tb));
    Ok(())
}
