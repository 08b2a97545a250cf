//! `cargo xtask train`: trains a network (the course's LeNet unless `--arch` says another)
//! natively on the 8,000 training digits and reports test accuracy on the 2,000 test digits
//! after every epoch.

use std::io::Write;
use std::time::Instant;

use convolab::data::{Mnist, Split};
use convolab::nn::Architecture;
use convolab::nn::{OptimizerConfig, Trainer, TrainerConfig, io, rng_from_seed};

use super::args::Args;
use crate::util::root;

const HELP: &str = "\
usage: cargo xtask train [--epochs N] [--seed S] [--optimizer sgd|adam] [--lr LR]
                         [--batch B] [--shift PX] [--decay-from E] [--arch NET] [--out FILE]

  --epochs 15        passes over the 8,000 training digits
  --seed 1           initial weights, shuffling, shifts and dropout
  --optimizer adam   adam (lr 0.001) or sgd (lr 0.01, momentum 0.9)
  --shift 0          random shifts of up to ±PX pixels (augmentation)
  --decay-from 0     from this epoch on (1-based), halve the learning rate every epoch (0: never)
  --arch lenet       a preset (lenet, lenet5, one-conv, dense, wide, dropout) or the network
                     in Keras's words, as the page's link writes it:
                     'Conv2D(6,3,relu)-MaxPooling2D(2)-Flatten-Dense(10,softmax)'
  --out FILE         save the trained weights (e.g. static/data/lenet.weights)";

pub fn run(args: &[String]) -> Result<(), String> {
    if args.iter().any(|a| a == "--help" || a == "-h") {
        println!("{HELP}");
        return Ok(());
    }
    let a = Args::parse(
        args,
        &[
            "epochs",
            "seed",
            "optimizer",
            "lr",
            "batch",
            "shift",
            "decay-from",
            "arch",
            "out",
            "limit",
        ],
    )?;
    let epochs: usize = a.get("epochs", 15)?;
    let seed: u64 = a.get("seed", 1)?;
    let optimizer = match a.opt("optimizer").unwrap_or("adam") {
        "adam" => OptimizerConfig::adam(a.get("lr", 1e-3)?),
        "sgd" => OptimizerConfig::sgd(a.get("lr", 0.01)?, 0.9),
        o => return Err(format!("unknown optimizer `{o}` (sgd or adam)")),
    };
    let arch = Architecture::parse(a.opt("arch").unwrap_or("lenet"))
        .map_err(|e| format!("--arch: {e}"))?;
    let decay_from: usize = a.get("decay-from", 0)?;
    let cfg = TrainerConfig {
        batch_size: a.get("batch", 32)?,
        optimizer,
        seed,
        shift: a.get("shift", 0)?,
        train_limit: a
            .opt("limit")
            .map(|v| v.parse().map_err(|_| format!("bad --limit {v}")))
            .transpose()?,
    };
    let data = Mnist::load(root().join("static/data/mnist10k.bin")).map_err(|e| e.to_string())?;
    let model = arch.build::<f32>(&mut rng_from_seed(seed)).map_err(|e| format!("--arch: {e}"))?;
    let mut t = Trainer::new(model, data, cfg).map_err(|e| e.to_string())?;
    eprintln!(
        "training {} ({} params) on {} digits, {} epochs, {:?}, batch {}, shift {}, seed {seed}",
        arch.preset().map_or_else(|| arch.to_text(), |p| p.id().to_string()),
        t.model().param_count(),
        t.train_len(),
        epochs,
        cfg.optimizer,
        cfg.batch_size,
        cfg.shift
    );
    let mut train_secs = 0.0f64;
    let mut acc = 0.0f32;
    let lr0 = cfg.optimizer.learning_rate();
    for epoch in 1..=epochs {
        if decay_from > 0 && epoch >= decay_from {
            t.set_learning_rate(lr0 * 0.5f32.powi((epoch + 1 - decay_from) as i32));
        }
        let start = Instant::now();
        loop {
            let r = t.step().map_err(|e| e.to_string())?;
            if r.step % 10 == 0 || r.epoch_finished {
                let done = (r.step + 1) * 30 / r.steps_per_epoch;
                eprint!(
                    "\repoch {epoch:>2}/{epochs} [{}{}] {:>3}/{} loss {:.4} acc {:.4}",
                    "#".repeat(done),
                    ".".repeat(30 - done),
                    r.step + 1,
                    r.steps_per_epoch,
                    r.epoch_loss,
                    r.epoch_accuracy
                );
                let _ = std::io::stderr().flush();
            }
            if r.epoch_finished {
                break;
            }
        }
        train_secs += start.elapsed().as_secs_f64();
        let e = t.evaluate(Split::Test).map_err(|e| e.to_string())?;
        acc = e.accuracy;
        eprintln!(
            "  test loss {:.4} acc {:.4}  ({:.1} s)",
            e.loss,
            e.accuracy,
            start.elapsed().as_secs_f64()
        );
    }
    if let Some(out) = a.opt("out") {
        let bytes = io::to_bytes(t.model());
        std::fs::write(out, &bytes).map_err(|e| format!("{out}: {e}"))?;
        eprintln!("wrote {out} ({} bytes)", bytes.len());
    }
    let examples = (t.train_len() * epochs) as f64;
    println!(
        "{{\"test_accuracy\":{acc:.4},\"epochs\":{epochs},\"train_seconds\":{train_secs:.2},\"examples_per_s\":{:.0}}}",
        examples / train_secs.max(1e-9)
    );
    Ok(())
}
