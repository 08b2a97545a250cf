//! What every command shares: the repository root, the browser's paths, and running a
//! command or an install step with its progress.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// Debian's Chromium and ChromeDriver, which `setup --browser` installs and the tests drive.
pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// The repository root (xtask lives one folder below it).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask has a parent").to_path_buf()
}

/// Cargo (the one running xtask) in the repository root.
pub fn cargo() -> Command {
    let mut c = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    c.current_dir(root());
    c
}

/// Runs a command, streaming its output; an error names the command.
pub fn run_cmd(cmd: &mut Command) -> Result<(), String> {
    let shown = format!("{cmd:?}");
    let status = cmd.status().map_err(|e| format!("could not start {shown}: {e}"))?;
    if status.success() { Ok(()) } else { Err(format!("{shown} failed ({status})")) }
}

/// An install step's heading: set-up shows where it is, because a cold one is long.
pub fn step(n: usize, total: usize, what: &str) {
    println!("\n==> [{n}/{total}] {what}");
}

/// How long the step took.
pub fn done(t: Instant) {
    println!("    done in {:.0} s", t.elapsed().as_secs_f64());
}

/// Installs `pkg@version` from npm under `dir` (its `node_modules/`) unless that very version
/// is there.
pub fn npm_tool(dir: &Path, pkg: &str, version: &str) -> Result<(), String> {
    let have = std::fs::read_to_string(dir.join("node_modules").join(pkg).join("package.json"))
        .unwrap_or_default();
    if have.contains(&format!("\"version\": \"{version}\"")) {
        println!("    already installed");
        return Ok(());
    }
    let t = Instant::now();
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    run_cmd(
        Command::new("npm")
            .args(["install", "--no-fund", "--no-audit", "--no-save", "--prefix"])
            .arg(dir)
            .arg(format!("{pkg}@{version}")),
    )?;
    done(t);
    Ok(())
}

/// The test targets `tests/<prefix>*.rs`: each lesson adds its own browser and end-to-end
/// files (web_*.rs, e2e_*.rs) and they all run.
pub fn test_files(prefix: &str) -> Result<Vec<String>, String> {
    let dir = root().join("tests");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .map_err(|e| format!("cannot list {}: {e}", dir.display()))?
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter_map(|n| n.strip_suffix(".rs").map(str::to_string))
        .filter(|n| n.starts_with(prefix))
        .collect();
    names.sort();
    if names.is_empty() {
        return Err(format!("no tests/{prefix}*.rs"));
    }
    Ok(names)
}
