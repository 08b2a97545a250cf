//! What every end-to-end test stands on: the result type, the repository root, the dist/ to
//! serve, a fresh temp folder, a copy of a folder, a time limit and a progress line.

use std::path::{Path, PathBuf};
use std::time::Duration;

pub type Res<T = ()> = Result<T, Box<dyn std::error::Error>>;

pub const SUB: &str = "/convolab/";

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A hung browser must fail the run, not stall CI.
pub async fn within(limit: Duration, f: impl Future<Output = Res>) -> Res {
    tokio::time::timeout(limit, f).await.map_err(|_| format!("timed out after {limit:?}"))?
}

pub fn step(what: &str) {
    eprintln!("e2e: {what}");
}

pub fn tempdir(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("convolab-e2e-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The release dist/ to serve (E2E_DIST overrides); built by `cargo xtask test` or `dist`.
pub fn dist_dir() -> Res<PathBuf> {
    let dist = std::env::var("E2E_DIST").map(PathBuf::from).unwrap_or_else(|_| root().join("dist"));
    if !dist.join("index.html").is_file() {
        return Err(format!(
            "{} has no index.html: build it with `cargo xtask dist`",
            dist.display()
        )
        .into());
    }
    Ok(dist)
}

/// Copies `from` into `to`, skipping the files `keep` refuses (at any depth).
pub fn copy_dir(from: &Path, to: &Path, keep: &dyn Fn(&str) -> bool) -> Res {
    std::fs::create_dir_all(to)?;
    for e in std::fs::read_dir(from)? {
        let e = e?;
        let name = e.file_name().to_string_lossy().to_string();
        if !keep(&name) {
            continue;
        }
        if e.file_type()?.is_dir() {
            copy_dir(&e.path(), &to.join(&name), keep)?;
        } else {
            std::fs::copy(e.path(), to.join(&name))?;
        }
    }
    Ok(())
}
