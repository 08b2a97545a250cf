//! `cargo xtask keras`: the Keras round trip from the command line, with the core the page
//! runs. Export a weights file (the page's pretrained LeNet by default) as the page's
//! "Export for Keras" does, optionally run the generated script in a Python with Keras 3; or
//! import a Keras `.npz` and evaluate it on the held-out digits.

use std::path::PathBuf;
use std::process::Command;

use convolab::data::{Mnist, Split};
use convolab::nn::Sequential;
use convolab::nn::eval::evaluate;
use convolab::nn::keras_file::{self, HeldOut, STEM};

use super::args::Args;
use crate::util::root;

const HELP: &str = "\
usage: cargo xtask keras [--weights FILE] [--out DIR] [--python PYTHON] | --import FILE

  --weights FILE   a Convolab weights file or a Keras .npz (default:
                   static/data/lenet.weights, the page's pretrained LeNet)
  --out DIR        where convolab_model.npz and convolab_model.py go (default
                   target/keras-export)
  --python PYTHON  then run the script with this Python (Keras 3 installed; e.g.
                   KERAS_BACKEND=jax cargo xtask keras --python venv/bin/python)
  --import FILE    read a Keras .npz (np.savez(FILE, config=model.to_json(),
                   *model.get_weights())) and evaluate it on the held-out digits";

pub(crate) fn run(args: &[String]) -> Result<(), String> {
    if args.iter().any(|a| a == "--help" || a == "-h") {
        println!("{HELP}");
        return Ok(());
    }
    let a = Args::parse(args, &["weights", "out", "python", "import"])?;
    let data = Mnist::load(root().join("static/data/mnist10k.bin")).map_err(|e| e.to_string())?;
    let test = data.indices(Split::Test);
    if let Some(file) = a.opt("import") {
        let bytes = std::fs::read(file).map_err(|e| format!("{file}: {e}"))?;
        let mut m = keras_file::import(&bytes).map_err(|e| format!("{file}: {e}"))?;
        println!("{}", m.summary());
        let r = evaluate(&mut m, &data, &test).map_err(|e| e.to_string())?;
        println!("Accuracy on the {} held-out digits: {:.2} %", r.count, r.accuracy * 100.0);
        return Ok(());
    }
    let weights = a
        .opt("weights")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("static/data/lenet.weights"));
    let bytes = std::fs::read(&weights).map_err(|e| format!("{}: {e}", weights.display()))?;
    // A weights file, or a Keras .npz (to send a notebook's network through the round trip).
    let mut m = if bytes.starts_with(b"PK") {
        keras_file::import(&bytes).map_err(|e| format!("{}: {e}", weights.display()))?
    } else {
        Sequential::<f32>::from_weights(&bytes)
            .map_err(|e| format!("{}: {e}", weights.display()))?
    };
    let held_out = HeldOut {
        images: test.iter().flat_map(|&i| data.image(i).unwrap_or(&[]).to_vec()).collect(),
        labels: test.iter().map(|&i| data.label(i).unwrap_or(0)).collect(),
    };
    let e = keras_file::export(&mut m, Some(&held_out), false).map_err(|e| e.to_string())?;
    // The page's own evaluation, for comparison with the file's accuracy.
    let page = evaluate(&mut m, &data, &test).map_err(|e| e.to_string())?;
    let out = a.opt("out").map(PathBuf::from).unwrap_or_else(|| root().join("target/keras-export"));
    std::fs::create_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    let npz = out.join(format!("{STEM}.npz"));
    std::fs::write(&npz, &e.npz).map_err(|e| format!("{}: {e}", npz.display()))?;
    let py = out.join(format!("{STEM}.py"));
    std::fs::write(&py, &e.script).map_err(|e| format!("{}: {e}", py.display()))?;
    println!(
        "Wrote {} ({} bytes) and {}.\nAccuracy on the {} held-out digits in Convolab: {:.2} % (the file records {:.2} %)",
        npz.display(),
        e.npz.len(),
        py.display(),
        page.count,
        page.accuracy * 100.0,
        e.accuracy.unwrap_or(f32::NAN) * 100.0
    );
    if let Some(python) = a.opt("python") {
        println!("Running {python} {STEM}.py in {}:", out.display());
        let status = Command::new(python)
            .arg(format!("{STEM}.py"))
            .current_dir(&out)
            .status()
            .map_err(|e| format!("cannot run {python}: {e}"))?;
        if !status.success() {
            return Err(format!("the script failed ({status})"));
        }
    }
    Ok(())
}
