//! `cargo xtask pwa`: trunk's post-build hook. In a release build it writes the service
//! worker's version (a hash of every file of the build) and the list of files to cache; in a
//! dev build it puts the self-removing worker in place (see pwa/sw.js).

use std::path::{Path, PathBuf};

use crate::util;

fn files(dir: &Path, base: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
    for e in entries {
        let p = e.map_err(|e| e.to_string())?.path();
        if p.is_dir() {
            files(&p, base, out)?;
        } else {
            out.push(p.strip_prefix(base).map_err(|e| e.to_string())?.to_path_buf());
        }
    }
    Ok(())
}

/// FNV-1a, 64 bits: enough to tell two builds apart, with no dependency.
fn fnv(hash: &mut u64, bytes: &[u8]) {
    for &b in bytes {
        *hash ^= u64::from(b);
        *hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
}

pub fn run() -> Result<(), String> {
    let staging = std::env::var("TRUNK_STAGING_DIR")
        .map_err(|_| "pwa: run by trunk's post_build hook (no TRUNK_STAGING_DIR)")?;
    let staging = PathBuf::from(staging);
    let release = std::env::var("TRUNK_PROFILE").is_ok_and(|p| p == "release");
    let sw = staging.join("sw.js");
    let root = util::root();
    if !release {
        let dev =
            std::fs::read(root.join("pwa/sw-dev.js")).map_err(|e| format!("pwa/sw-dev.js: {e}"))?;
        std::fs::write(&sw, dev).map_err(|e| format!("{}: {e}", sw.display()))?;
        return Ok(());
    }
    let mut list = Vec::new();
    files(&staging, &staging, &mut list)?;
    list.retain(|p| p != Path::new("sw.js"));
    list.sort();
    let mut hash = 0xcbf2_9ce4_8422_2325u64;
    let mut names = vec!["./".to_string()];
    for p in &list {
        let name = p.to_string_lossy().replace('\\', "/");
        fnv(&mut hash, name.as_bytes());
        fnv(
            &mut hash,
            &std::fs::read(staging.join(p)).map_err(|e| format!("{}: {e}", p.display()))?,
        );
        names.push(name);
    }
    let src = std::fs::read_to_string(&sw).map_err(|e| format!("{}: {e}", sw.display()))?;
    let quoted = names.iter().map(|n| format!("{n:?}")).collect::<Vec<_>>().join(", ");
    let out = src
        .replace("__CONVOLAB_VERSION__", &format!("{hash:016x}"))
        .replace("\"__CONVOLAB_FILES__\"", &quoted);
    if out == src {
        return Err("pwa: sw.js has no placeholders to fill".into());
    }
    std::fs::write(&sw, out).map_err(|e| format!("{}: {e}", sw.display()))?;
    println!("pwa: service worker version {hash:016x}, {} files to cache", names.len());
    Ok(())
}
