//! `cargo xtask lint`'s import check: the file-level import graph of the Rust sources (src/,
//! xtask/src/, crates/*/src), its circles, and the floors rule between src/nn, src/worker and
//! src/app.
//!
//! An arrow A -> B: file A refers to an item of file B through `use crate::…`, `use super::…`,
//! an inline `crate::a::b` path in code, or `child::X` of a module A declares. A path goes to
//! the deepest module that exists, then through the re-exports (`pub use`) of that module to
//! the file that defines the item. `mod child;` and `pub use` lines are not arrows, nor is an
//! arrow from a file to itself. No two files may import each other, directly or around a
//! circle: the graph must have no strongly connected component of more than one file.

mod lex;
mod tree;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use tree::Crate;

/// What the check found: each circle (a strongly connected group of files, with the arrows
/// inside it) and each break of the floors rule.
#[derive(Debug, Default)]
pub struct Findings {
    pub circles: Vec<Circle>,
    /// Circles between rooms (see [`room`]): two folders whose files import each other, even
    /// when no two files do.
    pub room_circles: Vec<Circle>,
    pub floors: Vec<String>,
    /// Every arrow between two rooms, with its first occurrence.
    pub room_arrows: BTreeMap<(String, String), String>,
}

#[derive(Debug)]
pub struct Circle {
    /// The files of the group, sorted.
    pub files: Vec<String>,
    /// `(from, to, where)`: every arrow inside the group, with its first occurrence
    /// (`file:line path`).
    pub arrows: Vec<(String, String, String)>,
}

impl Findings {
    pub fn is_clean(&self) -> bool {
        self.circles.is_empty() && self.room_circles.is_empty() && self.floors.is_empty()
    }

    /// The report `cargo xtask lint` prints.
    pub fn report(&self) -> String {
        let mut out = String::new();
        for c in &self.circles {
            out += &format!("import circle through {} files:\n", c.files.len());
            for (from, to, at) in &c.arrows {
                out += &format!("  {from} -> {to}    ({at})\n");
            }
        }
        for c in &self.room_circles {
            out += &format!("circle between the rooms {}:\n", c.files.join(", "));
            for (from, to, at) in &c.arrows {
                out += &format!("  {from} -> {to}    ({at})\n");
            }
        }
        for f in &self.floors {
            out += &format!("floors rule: {f}\n");
        }
        out
    }

    /// The rooms as floors, from the top (what nothing imports) down: a room stands one
    /// floor above the highest room it imports. `cargo xtask lint --floors` prints it; the
    /// picture in docs/architecture.md is this output.
    pub fn floors_picture(&self) -> String {
        let mut rooms: BTreeSet<&str> = BTreeSet::new();
        for (a, b) in self.room_arrows.keys() {
            rooms.insert(a);
            rooms.insert(b);
        }
        // Longest path down to a room that imports nothing (the graph has no circle here).
        let mut floor: BTreeMap<&str, usize> = BTreeMap::new();
        fn height<'a>(
            r: &'a str,
            arrows: &'a BTreeMap<(String, String), String>,
            floor: &mut BTreeMap<&'a str, usize>,
            depth: usize,
        ) -> usize {
            if let Some(&h) = floor.get(r) {
                return h;
            }
            if depth > 256 {
                return 0;
            }
            let h = arrows
                .keys()
                .filter(|(a, _)| a == r)
                .map(|(_, b)| 1 + height(b, arrows, floor, depth + 1))
                .max()
                .unwrap_or(0);
            floor.insert(r, h);
            h
        }
        for r in &rooms {
            height(r, &self.room_arrows, &mut floor, 0);
        }
        let top = floor.values().copied().max().unwrap_or(0);
        let mut out = String::new();
        for f in (0..=top).rev() {
            let here: Vec<&str> = floor.iter().filter(|&(_, &h)| h == f).map(|(r, _)| *r).collect();
            out += &format!("floor {f:>2}: {}\n", here.join("  "));
            for r in here {
                let to: Vec<&str> = self
                    .room_arrows
                    .keys()
                    .filter(|(a, _)| a == r)
                    .map(|(_, b)| b.as_str())
                    .collect();
                if !to.is_empty() {
                    out += &format!("    {r} -> {}\n", to.join(", "));
                }
            }
        }
        out
    }
}

/// A file's room: the folder-level module it belongs to. `src/app/lessons/conv2d/stage.rs`
/// is in `src/app/lessons/conv2d`; `src/nn/layers/conv/im2col.rs` in `src/nn/layers`;
/// `src/app/prefs.rs` in `src/app/prefs`; `src/app/mod.rs` in `src/app` (the floor's own
/// module). Lessons are one level deeper than the other rooms: each lesson is a room.
pub fn room(file: &str) -> String {
    let parts: Vec<&str> = file.trim_end_matches(".rs").split('/').collect();
    let parts: Vec<&str> = match parts.last() {
        Some(&"mod") | Some(&"lib") | Some(&"main") => parts[..parts.len() - 1].to_vec(),
        _ => parts,
    };
    let depth = match parts.as_slice() {
        ["src", "app", "lessons", ..] => 4,
        ["crates", ..] => 2,
        _ => 3,
    };
    parts[..parts.len().min(depth)].join("/")
}

/// Checks the repository at `root`: Err with the report when there is a circle or a floor
/// broken.
pub fn check(root: &Path) -> Result<(), String> {
    let f = analyse(root)?;
    if f.is_clean() { Ok(()) } else { Err(f.report()) }
}

/// Builds the graph of every crate under `root` (the root package, xtask, crates/*).
pub fn analyse(root: &Path) -> Result<Findings, String> {
    let mut packages = vec![PathBuf::new(), PathBuf::from("xtask")];
    if let Ok(rd) = std::fs::read_dir(root.join("crates")) {
        let mut names: Vec<_> = rd.filter_map(|e| e.ok()).map(|e| e.file_name()).collect();
        names.sort();
        packages.extend(names.into_iter().map(|n| Path::new("crates").join(n)));
    }
    let mut roots = Vec::new();
    for p in &packages {
        let src = p.join("src");
        for f in ["lib.rs", "main.rs"] {
            if root.join(&src).join(f).is_file() {
                roots.push(src.join(f));
            }
        }
        if let Ok(rd) = std::fs::read_dir(root.join(&src).join("bin")) {
            let mut bins: Vec<_> = rd
                .filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "rs"))
                .collect();
            bins.sort();
            roots.extend(
                bins.iter().filter_map(|b| b.strip_prefix(root).ok().map(Path::to_path_buf)),
            );
        }
    }
    let mut findings = Findings::default();
    let mut edges: BTreeMap<(String, String), String> = BTreeMap::new();
    for r in roots {
        let krate = Crate::load(root, &r)?;
        krate.arrows(&mut edges, &mut findings.floors);
    }
    findings.floors.sort();
    findings.floors.dedup();
    findings.circles = circles(&edges);
    for ((a, b), at) in &edges {
        let (ra, rb) = (room(a), room(b));
        if ra != rb {
            findings.room_arrows.entry((ra, rb)).or_insert_with(|| at.clone());
        }
    }
    findings.room_circles = circles(&findings.room_arrows);
    Ok(findings)
}

// ---------------------------------------------------------------------------------------
// Circles: the strongly connected components of more than one file (Tarjan).

fn circles(edges: &BTreeMap<(String, String), String>) -> Vec<Circle> {
    let mut nodes: Vec<&str> = Vec::new();
    let mut index_of = BTreeMap::new();
    for (a, b) in edges.keys() {
        for n in [a, b] {
            if !index_of.contains_key(n.as_str()) {
                index_of.insert(n.as_str(), nodes.len());
                nodes.push(n);
            }
        }
    }
    let mut adj = vec![Vec::new(); nodes.len()];
    for (a, b) in edges.keys() {
        adj[index_of[a.as_str()]].push(index_of[b.as_str()]);
    }
    let n = nodes.len();
    let (mut index, mut low, mut on) = (vec![usize::MAX; n], vec![0; n], vec![false; n]);
    let (mut stack, mut next, mut groups) = (Vec::new(), 0, Vec::new());
    // Iterative Tarjan: (node, next neighbour to visit).
    for s in 0..n {
        if index[s] != usize::MAX {
            continue;
        }
        let mut work = vec![(s, 0)];
        index[s] = next;
        low[s] = next;
        next += 1;
        stack.push(s);
        on[s] = true;
        while let Some(&(v, k)) = work.last() {
            if let Some(&w) = adj[v].get(k) {
                if let Some(top) = work.last_mut() {
                    top.1 += 1;
                }
                if index[w] == usize::MAX {
                    index[w] = next;
                    low[w] = next;
                    next += 1;
                    stack.push(w);
                    on[w] = true;
                    work.push((w, 0));
                } else if on[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(u, _)) = work.last() {
                low[u] = low[u].min(low[v]);
            }
            if low[v] == index[v] {
                let mut g = Vec::new();
                while let Some(w) = stack.pop() {
                    on[w] = false;
                    g.push(w);
                    if w == v {
                        break;
                    }
                }
                if g.len() > 1 {
                    groups.push(g);
                }
            }
        }
    }
    let mut out: Vec<Circle> = groups
        .into_iter()
        .map(|g| {
            let set: BTreeSet<&str> = g.iter().map(|&i| nodes[i]).collect();
            let arrows = edges
                .iter()
                .filter(|((a, b), _)| set.contains(a.as_str()) && set.contains(b.as_str()))
                .map(|((a, b), at)| (a.clone(), b.clone(), at.clone()))
                .collect();
            Circle { files: set.into_iter().map(str::to_string).collect(), arrows }
        })
        .collect();
    out.sort_by(|a, b| a.files.cmp(&b.files));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A throwaway tree of files under the temp folder, removed on drop.
    struct Tree(PathBuf);

    impl Tree {
        fn new(name: &str, files: &[(&str, &str)]) -> Tree {
            let dir =
                std::env::temp_dir().join(format!("xtask-imports-{}-{name}", std::process::id()));
            let _ = std::fs::remove_dir_all(&dir);
            for (path, text) in files {
                let p = dir.join(path);
                std::fs::create_dir_all(p.parent().unwrap()).unwrap();
                std::fs::write(p, text).unwrap();
            }
            Tree(dir)
        }
    }

    impl Drop for Tree {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    fn files_of(f: &Findings) -> Vec<Vec<String>> {
        f.circles.iter().map(|c| c.files.clone()).collect()
    }

    #[test]
    fn rooms_are_folders_and_each_lesson() {
        assert_eq!(room("src/app/lessons/conv2d/stage.rs"), "src/app/lessons/conv2d");
        assert_eq!(room("src/app/lessons/history.rs"), "src/app/lessons/history");
        assert_eq!(room("src/app/lessons/mod.rs"), "src/app/lessons");
        assert_eq!(room("src/nn/layers/conv/im2col.rs"), "src/nn/layers");
        assert_eq!(room("src/app/prefs.rs"), "src/app/prefs");
        assert_eq!(room("src/app/mod.rs"), "src/app");
        assert_eq!(room("src/lib.rs"), "src");
        assert_eq!(room("crates/data/src/mnist.rs"), "crates/data");
        assert_eq!(room("xtask/src/imports/tree.rs"), "xtask/src/imports");
    }

    #[test]
    fn two_rooms_importing_each_other_through_different_files_are_a_circle() {
        // No file circle: a.rs -> y.rs and x.rs -> b.rs, but the rooms p and q meet twice.
        let t = Tree::new(
            "rooms",
            &[
                ("src/lib.rs", "pub mod app;\n"),
                ("src/app/mod.rs", "pub mod p;\npub mod q;\n"),
                ("src/app/p/mod.rs", "pub mod a;\npub mod b;\n"),
                ("src/app/p/a.rs", "pub fn f() { crate::app::q::y::g() }\n"),
                ("src/app/p/b.rs", "pub fn h() {}\n"),
                ("src/app/q/mod.rs", "pub mod x;\npub mod y;\n"),
                ("src/app/q/x.rs", "pub fn k() { crate::app::p::b::h() }\n"),
                ("src/app/q/y.rs", "pub fn g() {}\n"),
            ],
        );
        let f = analyse(&t.0).unwrap();
        assert!(f.circles.is_empty(), "{}", f.report());
        assert_eq!(f.room_circles.len(), 1, "{}", f.report());
        assert_eq!(f.room_circles[0].files, ["src/app/p", "src/app/q"]);
        assert!(check(&t.0).is_err());
    }

    #[test]
    fn the_floors_picture_puts_a_room_above_what_it_imports() {
        let t = Tree::new(
            "picture",
            &[
                ("src/lib.rs", "pub mod app;\npub mod nn;\npub mod worker;\n"),
                ("src/app/mod.rs", "pub fn a() { crate::worker::w(); crate::nn::n(); }\n"),
                ("src/worker/mod.rs", "pub fn w() { crate::nn::n() }\n"),
                ("src/nn/mod.rs", "pub fn n() {}\n"),
            ],
        );
        let f = analyse(&t.0).unwrap();
        let p = f.floors_picture();
        assert!(f.is_clean(), "{}", f.report());
        assert_eq!(
            p,
            "floor  2: src/app\n    src/app -> src/nn, src/worker\n\
             floor  1: src/worker\n    src/worker -> src/nn\n\
             floor  0: src/nn\n"
        );
    }

    #[test]
    fn a_circle_through_three_files_is_found() {
        let t = Tree::new(
            "three",
            &[
                ("src/lib.rs", "mod a;\nmod b;\nmod c;\n"),
                ("src/a.rs", "use crate::b::B;\npub struct A;\n"),
                ("src/b.rs", "pub struct B(crate::c::C);\n"),
                ("src/c.rs", "pub struct C;\nfn f() -> crate::a::A { crate::a::A }\n"),
            ],
        );
        let f = analyse(&t.0).unwrap();
        assert_eq!(files_of(&f), [["src/a.rs", "src/b.rs", "src/c.rs"]]);
        assert_eq!(f.circles[0].arrows.len(), 3);
        assert!(f.report().contains("src/c.rs -> src/a.rs"), "{}", f.report());
    }

    #[test]
    fn a_parent_and_a_child_using_each_other_are_a_circle() {
        let t = Tree::new(
            "parent",
            &[
                ("src/lib.rs", "pub mod nn;\n"),
                (
                    "src/nn/mod.rs",
                    "mod layers;\npub struct Shape;\npub fn f() { layers::conv(); }\n",
                ),
                ("src/nn/layers.rs", "use super::Shape;\npub fn conv() {}\n"),
            ],
        );
        let f = analyse(&t.0).unwrap();
        assert_eq!(files_of(&f), [["src/nn/layers.rs", "src/nn/mod.rs"]]);
    }

    #[test]
    fn re_exports_and_mod_lines_alone_are_not_circles() {
        let t = Tree::new(
            "reexports",
            &[
                ("src/lib.rs", "pub mod nn;\npub use nn::Net;\n"),
                (
                    "src/nn/mod.rs",
                    "mod model;\nmod shape;\npub use model::Net;\npub use shape::*;\n",
                ),
                // Through the parent's re-exports: the arrow goes to shape.rs, not mod.rs.
                ("src/nn/model.rs", "use super::Shape;\nuse crate::nn::Dims;\npub struct Net;\n"),
                ("src/nn/shape.rs", "pub struct Shape;\npub type Dims = usize;\n"),
                // A bin refers to the library's items by the package's name, not `crate`.
                ("src/bin/app.rs", "use convolab::Net;\nfn main() {}\n"),
            ],
        );
        let f = analyse(&t.0).unwrap();
        assert!(f.is_clean(), "{}", f.report());
    }

    #[test]
    fn crate_app_in_src_nn_breaks_the_floors_rule() {
        let t = Tree::new(
            "floors",
            &[
                ("src/lib.rs", "pub mod app;\npub mod nn;\npub mod worker;\n"),
                ("src/app/mod.rs", "pub struct Theme;\n"),
                ("src/worker/mod.rs", "pub fn w() { let _ = crate::app::Theme; }\n"),
                ("src/nn/mod.rs", "pub fn f() -> crate::app::Theme { crate::app::Theme }\n"),
            ],
        );
        let f = analyse(&t.0).unwrap();
        assert!(f.circles.is_empty());
        // Two paths on one line are one finding.
        assert_eq!(f.floors.len(), 2, "{:?}", f.floors);
        assert!(f.floors[0].starts_with("src/nn/mod.rs:1 crate::app::Theme"), "{:?}", f.floors);
        assert!(f.floors[1].starts_with("src/worker/mod.rs:1 crate::app::Theme"), "{:?}", f.floors);
        assert!(check(&t.0).is_err());
    }

    #[test]
    fn crate_paths_in_comments_and_strings_are_not_arrows() {
        let t = Tree::new(
            "comments",
            &[
                ("src/lib.rs", "mod a;\nmod b;\n"),
                ("src/a.rs", "use crate::b::B;\npub struct A;\n"),
                (
                    "src/b.rs",
                    "pub struct B;\n// crate::a::A\n/* crate::a::A /* nested */ crate::a::A */\n\
                     /// [`crate::a::A`]\nconst S: &str = \"crate::a::A\";\n\
                     const R: &str = r#\"crate::a::A \"quoted\" \"#;\nconst C: char = '\"';\n\
                     fn f<'a>(x: &'a str) -> &'a str { x }\n",
                ),
            ],
        );
        let f = analyse(&t.0).unwrap();
        assert!(f.is_clean(), "{}", f.report());
    }

    #[test]
    fn use_trees_expand_groups_self_and_super_super() {
        let t = Tree::new(
            "trees",
            &[
                ("src/lib.rs", "pub mod a;\npub mod x;\n"),
                ("src/a/mod.rs", "pub mod b;\n"),
                ("src/a/b/mod.rs", "pub mod c;\n"),
                ("src/a/b/c.rs", "use super::super::super::x::{self, y::{Y, self}};\n"),
                ("src/x/mod.rs", "pub mod y;\n"),
                ("src/x/y.rs", "pub struct Y;\nfn f() { crate::a::b::c::g(); }\n"),
            ],
        );
        let f = analyse(&t.0).unwrap();
        assert_eq!(files_of(&f), [["src/a/b/c.rs", "src/x/y.rs"]]);
    }

    #[test]
    fn path_attributes_and_inline_test_modules() {
        let t = Tree::new(
            "pathattr",
            &[
                ("xtask/src/main.rs", "mod cmds;\nfn main() {}\n"),
                (
                    "xtask/src/cmds.rs",
                    "#[path = \"core/args.rs\"]\nmod args;\n#[path = \"core/run.rs\"]\nmod run;\n\
                     pub fn go() { run::run() }\n#[cfg(test)]\nmod tests { use super::*; }\n",
                ),
                ("xtask/src/core/args.rs", "pub struct Args;\n"),
                ("xtask/src/core/run.rs", "use super::args::Args;\npub fn run() {}\n"),
            ],
        );
        let f = analyse(&t.0).unwrap();
        assert!(f.is_clean(), "{}", f.report());
        let t2 = Tree::new(
            "pathattr2",
            &[
                ("xtask/src/main.rs", "mod cmds;\nfn main() {}\n"),
                (
                    "xtask/src/cmds.rs",
                    "#[path = \"core/run.rs\"]\nmod run;\npub struct Args;\npub fn go() { run::run() }\n",
                ),
                ("xtask/src/core/run.rs", "use super::Args;\npub fn run() {}\n"),
            ],
        );
        let f = analyse(&t2.0).unwrap();
        assert_eq!(files_of(&f), [["xtask/src/cmds.rs", "xtask/src/core/run.rs"]]);
    }
}
