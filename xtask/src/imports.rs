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

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// What the check found: each circle (a strongly connected group of files, with the arrows
/// inside it) and each break of the floors rule.
#[derive(Debug, Default)]
pub struct Findings {
    pub circles: Vec<Circle>,
    pub floors: Vec<String>,
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
        self.circles.is_empty() && self.floors.is_empty()
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
        for f in &self.floors {
            out += &format!("floors rule: {f}\n");
        }
        out
    }
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
    Ok(findings)
}

// ---------------------------------------------------------------------------------------
// Tokens: Rust source without comments and strings (string contents are kept as one token,
// for `#[path = "…"]`, and never read as code).

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    /// `::`
    Sep,
    Punct(char),
    Str(String),
    /// Numbers, char literals and lifetimes: nothing to read in them.
    Other,
}

fn lex(src: &str) -> Vec<(Tok, usize)> {
    let c: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let (mut i, mut line) = (0, 1);
    let is_ident = |ch: char| ch.is_alphanumeric() || ch == '_';
    while i < c.len() {
        let ch = c[i];
        let next = c.get(i + 1).copied().unwrap_or('\0');
        if ch == '\n' {
            line += 1;
            i += 1;
        } else if ch.is_whitespace() {
            i += 1;
        } else if ch == '/' && next == '/' {
            while i < c.len() && c[i] != '\n' {
                i += 1;
            }
        } else if ch == '/' && next == '*' {
            let mut depth = 0;
            while i < c.len() {
                if c[i] == '/' && c.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if c[i] == '*' && c.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    line += usize::from(c[i] == '\n');
                    i += 1;
                }
            }
        } else if let Some((text, end)) = string_at(&c, i) {
            line += c[i..end].iter().filter(|&&x| x == '\n').count();
            out.push((Tok::Str(text), line));
            i = end;
        } else if ch == '\'' {
            // A char literal ('a', '\n', '\u{..}') or a lifetime ('a, 'static).
            if next == '\\' {
                i += 2;
                while i < c.len() && c[i] != '\'' {
                    i += 1;
                }
                i += 1;
            } else if c.get(i + 2) == Some(&'\'') {
                i += 3;
            } else {
                i += 1;
                while i < c.len() && is_ident(c[i]) {
                    i += 1;
                }
            }
            out.push((Tok::Other, line));
        } else if ch.is_ascii_digit() {
            while i < c.len() && is_ident(c[i]) {
                i += 1;
            }
            out.push((Tok::Other, line));
        } else if is_ident(ch) {
            // `r#name`: a raw identifier (raw strings were taken above).
            if ch == 'r' && next == '#' {
                i += 2;
            }
            let s = i;
            while i < c.len() && is_ident(c[i]) {
                i += 1;
            }
            out.push((Tok::Ident(c[s..i].iter().collect()), line));
        } else if ch == ':' && next == ':' {
            out.push((Tok::Sep, line));
            i += 2;
        } else {
            out.push((Tok::Punct(ch), line));
            i += 1;
        }
    }
    out
}

/// A string literal starting at `i` (plain, byte, C, raw with any number of `#`, or a byte
/// char `b'x'`): its contents and the index after it.
fn string_at(c: &[char], i: usize) -> Option<(String, usize)> {
    // Not the tail of an identifier (`ab"` cannot happen, but `xr#` must not start one).
    if i > 0 && (c[i - 1].is_alphanumeric() || c[i - 1] == '_') {
        return None;
    }
    let mut j = i;
    if matches!(c.get(j), Some('b' | 'c')) {
        j += 1;
    }
    if c.get(j) == Some(&'\'') && j > i {
        // b'x' / b'\n'
        let mut k = j + 1;
        if c.get(k) == Some(&'\\') {
            k += 2;
        } else {
            k += 1;
        }
        while k < c.len() && c[k] != '\'' {
            k += 1;
        }
        return Some((String::new(), k + 1));
    }
    let raw = c.get(j) == Some(&'r');
    if raw {
        j += 1;
        let mut hashes = 0;
        while c.get(j) == Some(&'#') {
            hashes += 1;
            j += 1;
        }
        if c.get(j) != Some(&'"') {
            return None;
        }
        let start = j + 1;
        let mut k = start;
        while k < c.len() {
            if c[k] == '"' && (0..hashes).all(|h| c.get(k + 1 + h) == Some(&'#')) {
                return Some((c[start..k].iter().collect(), k + 1 + hashes));
            }
            k += 1;
        }
        return Some((c[start..].iter().collect(), c.len()));
    }
    if c.get(j) != Some(&'"') {
        return None;
    }
    let start = j + 1;
    let mut k = start;
    while k < c.len() && c[k] != '"' {
        k += if c[k] == '\\' { 2 } else { 1 };
    }
    let end = k.min(c.len());
    Some((c[start..end].iter().collect(), (k + 1).min(c.len())))
}

// ---------------------------------------------------------------------------------------
// The module tree of one crate.

type ModId = usize;

#[derive(Debug)]
struct Module {
    name: String,
    parent: Option<ModId>,
    /// The file holding it (an inline module lives in its parent's file).
    file: PathBuf,
    children: BTreeMap<String, ModId>,
    /// Items defined at its top level (fn, struct, enum, trait, type, const, static, macro).
    defs: BTreeSet<String>,
    /// `pub use` leaves: the name they export (None for `*`) and the path they name.
    reexports: Vec<(Option<String>, Vec<String>)>,
}

/// A path written in the code (a `use` leaf or an inline path), in the module it is written in.
#[derive(Debug)]
struct Ref {
    scope: ModId,
    segs: Vec<String>,
    line: usize,
    /// `pub use`: not an arrow, but still counted by the floors rule.
    reexport: bool,
}

struct Crate {
    mods: Vec<Module>,
    refs: Vec<Ref>,
}

const ITEM_KEYWORDS: [&str; 9] =
    ["fn", "struct", "enum", "trait", "type", "const", "static", "union", "mod"];

impl Crate {
    fn load(root: &Path, crate_root: &Path) -> Result<Crate, String> {
        let mut k = Crate {
            mods: vec![Module {
                name: String::new(),
                parent: None,
                file: crate_root.to_path_buf(),
                children: BTreeMap::new(),
                defs: BTreeSet::new(),
                reexports: Vec::new(),
            }],
            refs: Vec::new(),
        };
        // (module, its file, the directory its `mod x;` children live in)
        let dir = crate_root.parent().unwrap_or(Path::new("")).to_path_buf();
        let mut todo = vec![(0, crate_root.to_path_buf(), dir)];
        let mut seen = BTreeSet::new();
        while let Some((id, file, dir)) = todo.pop() {
            if !seen.insert(file.clone()) {
                continue;
            }
            let src = std::fs::read_to_string(root.join(&file))
                .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
            k.parse_file(root, id, &file, &dir, &lex(&src), &mut todo);
        }
        Ok(k)
    }

    fn add_module(&mut self, parent: ModId, name: &str, file: PathBuf) -> ModId {
        let id = self.mods.len();
        self.mods.push(Module {
            name: name.to_string(),
            parent: Some(parent),
            file,
            children: BTreeMap::new(),
            defs: BTreeSet::new(),
            reexports: Vec::new(),
        });
        self.mods[parent].children.insert(name.to_string(), id);
        id
    }

    fn parse_file(
        &mut self,
        root: &Path,
        file_mod: ModId,
        file: &Path,
        dir: &Path,
        t: &[(Tok, usize)],
        todo: &mut Vec<(ModId, PathBuf, PathBuf)>,
    ) {
        let ident = |i: usize| match t.get(i) {
            Some((Tok::Ident(s), _)) => Some(s.as_str()),
            _ => None,
        };
        let is = |i: usize, tok: &Tok| t.get(i).map(|x| &x.0) == Some(tok);
        // (module, brace depth inside it, directory of its `mod x;` children)
        let mut scopes: Vec<(ModId, usize, PathBuf)> = vec![(file_mod, 0, dir.to_path_buf())];
        let mut depth: usize = 0;
        let mut path_attr: Option<String> = None;
        let mut i = 0;
        while i < t.len() {
            let (scope, base, scope_dir) = scopes.last().cloned().expect("file scope");
            match &t[i].0 {
                Tok::Punct('{') => {
                    depth += 1;
                    path_attr = None;
                }
                Tok::Punct('}') => {
                    depth = depth.saturating_sub(1);
                    if depth < base {
                        scopes.pop();
                    }
                    path_attr = None;
                }
                Tok::Punct(';') => path_attr = None,
                Tok::Punct('#') if is(i + 1, &Tok::Punct('[')) && ident(i + 2) == Some("path") => {
                    if let (Some((Tok::Punct('='), _)), Some((Tok::Str(p), _))) =
                        (t.get(i + 3), t.get(i + 4))
                    {
                        path_attr = Some(p.clone());
                    }
                }
                Tok::Ident(kw) if kw == "mod" && depth == base => {
                    let Some(name) = ident(i + 1) else {
                        i += 1;
                        continue;
                    };
                    self.mods[scope].defs.insert(name.to_string());
                    if is(i + 2, &Tok::Punct('{')) {
                        let id = self.add_module(scope, name, file.to_path_buf());
                        depth += 1;
                        scopes.push((id, depth, scope_dir.join(name)));
                        path_attr = None;
                        i += 3;
                        continue;
                    }
                    if is(i + 2, &Tok::Punct(';')) {
                        let (child, child_dir) = match path_attr.take() {
                            // A file named by #[path] keeps its children beside it, as mod.rs.
                            // Relative to the file's own folder outside inline modules.
                            Some(p) => {
                                let base = if scope == file_mod {
                                    file.parent().unwrap_or(Path::new("")).to_path_buf()
                                } else {
                                    scope_dir.clone()
                                };
                                let f = normalise(&base.join(p));
                                let d = f.parent().unwrap_or(Path::new("")).to_path_buf();
                                (Some(f), d)
                            }
                            None => {
                                let flat = scope_dir.join(format!("{name}.rs"));
                                let nested = scope_dir.join(name).join("mod.rs");
                                let f = if root.join(&nested).is_file() { nested } else { flat };
                                (Some(f), scope_dir.join(name))
                            }
                        };
                        if let Some(f) = child.filter(|f| root.join(f).is_file()) {
                            let id = self.add_module(scope, name, f.clone());
                            todo.push((id, f, child_dir));
                        }
                        i += 3;
                        continue;
                    }
                }
                Tok::Ident(kw) if kw == "macro_rules" && depth == base => {
                    if let (true, Some(name)) = (is(i + 1, &Tok::Punct('!')), ident(i + 2)) {
                        self.mods[scope].defs.insert(name.to_string());
                    }
                }
                Tok::Ident(kw) if ITEM_KEYWORDS.contains(&kw.as_str()) && depth == base => {
                    if let Some(name) = ident(i + 1).filter(|n| !is_keyword(n)) {
                        self.mods[scope].defs.insert(name.to_string());
                    }
                }
                Tok::Ident(kw) if kw == "use" => {
                    let reexport = ident(i.wrapping_sub(1)) == Some("pub")
                        || (is(i.wrapping_sub(1), &Tok::Punct(')'))
                            && (1..6).any(|b| ident(i.wrapping_sub(b)) == Some("pub")));
                    let mut j = i + 1;
                    let mut leaves = Vec::new();
                    use_tree(t, &mut j, Vec::new(), &mut leaves);
                    for (segs, name, line) in leaves {
                        if reexport {
                            self.mods[scope].reexports.push((name, segs.clone()));
                        }
                        self.refs.push(Ref { scope, segs, line, reexport });
                    }
                    while j < t.len() && !is(j, &Tok::Punct(';')) {
                        j += 1;
                    }
                    i = j;
                    continue;
                }
                Tok::Ident(first)
                    if is(i + 1, &Tok::Sep)
                        && ident(i + 2).is_some()
                        && !is(i.wrapping_sub(1), &Tok::Sep)
                        && !is(i.wrapping_sub(1), &Tok::Punct('$'))
                        && !(ident(i.wrapping_sub(1)) == Some("in")
                            && is(i.wrapping_sub(2), &Tok::Punct('('))) =>
                {
                    let mut segs = vec![first.clone()];
                    let mut j = i + 1;
                    while is(j, &Tok::Sep) {
                        match ident(j + 1) {
                            Some(s) => segs.push(s.to_string()),
                            None => break,
                        }
                        j += 2;
                    }
                    self.refs.push(Ref { scope, segs, line: t[i].1, reexport: false });
                    i = j;
                    continue;
                }
                _ => {}
            }
            i += 1;
        }
    }

    fn path_of(&self, mut id: ModId) -> Vec<String> {
        let mut p = Vec::new();
        while let Some(parent) = self.mods[id].parent {
            p.push(self.mods[id].name.clone());
            id = parent;
        }
        p.reverse();
        p
    }

    /// The path from the crate root that `segs`, written in `scope`, names; None when it
    /// leaves the crate (std, another crate, a local name).
    fn absolute(&self, scope: ModId, segs: &[String]) -> Option<Vec<String>> {
        let first = segs.first()?;
        match first.as_str() {
            "crate" => Some(segs[1..].to_vec()),
            "self" => Some([self.path_of(scope), segs[1..].to_vec()].concat()),
            "super" => {
                let mut at = scope;
                let mut k = 0;
                while segs.get(k).is_some_and(|s| s == "super") {
                    at = self.mods[at].parent?;
                    k += 1;
                }
                Some([self.path_of(at), segs[k..].to_vec()].concat())
            }
            _ => {
                // A child module of this module (or, in an inline module such as `tests`, of
                // the modules around it in the same file).
                let mut at = Some(scope);
                while let Some(m) = at {
                    if self.mods[m].children.contains_key(first) {
                        return Some([self.path_of(m), segs.to_vec()].concat());
                    }
                    if self.mods[m].file != self.mods[scope].file {
                        break;
                    }
                    at = self.mods[m].parent;
                }
                None
            }
        }
    }

    /// The module a path from the root names, through the deepest module that exists and
    /// the re-exports there; `hops` bounds re-export chains.
    fn target(&self, abs: &[String], hops: usize) -> ModId {
        let mut cur = 0;
        let mut k = 0;
        while let Some(&c) = abs.get(k).and_then(|s| self.mods[cur].children.get(s)) {
            cur = c;
            k += 1;
        }
        let Some(item) = abs.get(k) else { return cur };
        if hops == 0 {
            return cur;
        }
        for (name, to) in &self.mods[cur].reexports {
            let Some(to_abs) = self.absolute(cur, to) else { continue };
            match name {
                Some(n) if n == item => {
                    return self.target(&[to_abs, abs[k + 1..].to_vec()].concat(), hops - 1);
                }
                None => {
                    let m = self.target(&to_abs, hops - 1);
                    if self.path_of(m) == to_abs && self.provides(m, item, hops - 1) {
                        return self.target(&[to_abs, abs[k..].to_vec()].concat(), hops - 1);
                    }
                }
                _ => {}
            }
        }
        cur
    }

    /// Whether module `m` defines or re-exports `item`.
    fn provides(&self, m: ModId, item: &str, hops: usize) -> bool {
        let md = &self.mods[m];
        md.defs.contains(item)
            || md.reexports.iter().any(|(n, to)| match n {
                Some(n) => n == item,
                None if hops > 0 => self.absolute(m, to).is_some_and(|a| {
                    let t = self.target(&a, hops - 1);
                    self.path_of(t) == a && self.provides(t, item, hops - 1)
                }),
                None => false,
            })
    }

    /// Adds this crate's arrows (`(from, to) -> first occurrence`) and floors-rule breaks.
    fn arrows(&self, edges: &mut BTreeMap<(String, String), String>, floors: &mut Vec<String>) {
        for r in &self.refs {
            let from = &self.mods[r.scope].file;
            let shown = || format!("{}:{} {}", slash(from), r.line, r.segs.join("::"));
            let from_s = slash(from);
            // crates/* stand below the convolab package.
            if from_s.starts_with("crates/") && r.segs.first().is_some_and(|s| s == "convolab") {
                floors
                    .push(format!("{}: crates/* must not refer to the convolab package", shown()));
            }
            let Some(abs) = self.absolute(r.scope, &r.segs) else { continue };
            let to = self.mods[self.target(&abs, 16)].file.clone();
            let to_s = slash(&to);
            let in_crate_lib = self.mods[0].file == Path::new("src/lib.rs");
            let top = abs.first().map(String::as_str);
            let up = |floor: &str| top == Some(floor) || to_s.starts_with(&format!("src/{floor}/"));
            if in_crate_lib && from_s.starts_with("src/nn/") && (up("app") || up("worker")) {
                floors.push(format!(
                    "{}: src/nn must not refer to crate::app or crate::worker",
                    shown()
                ));
            }
            if in_crate_lib && from_s.starts_with("src/worker/") && up("app") {
                floors.push(format!("{}: src/worker must not refer to crate::app", shown()));
            }
            if r.reexport || to == *from {
                continue;
            }
            edges.entry((from_s, to_s)).or_insert_with(shown);
        }
    }
}

/// One `use` tree from `t[*j]`: its leaves as (full path, name it brings, line); `self`
/// in braces names the group's own module, `*` brings no single name.
fn use_tree(
    t: &[(Tok, usize)],
    j: &mut usize,
    prefix: Vec<String>,
    out: &mut Vec<(Vec<String>, Option<String>, usize)>,
) {
    let mut segs = prefix;
    if t.get(*j).map(|x| &x.0) == Some(&Tok::Sep) {
        // `use ::name`: another crate.
        segs.push("::".into());
        *j += 1;
    }
    while let Some((tok, line)) = t.get(*j) {
        match tok {
            Tok::Ident(s) => {
                *j += 1;
                if t.get(*j).map(|x| &x.0) == Some(&Tok::Sep) {
                    segs.push(s.clone());
                    *j += 1;
                    continue;
                }
                if s != "self" {
                    segs.push(s.clone());
                }
                let mut name = segs.last().cloned();
                if matches!(t.get(*j), Some((Tok::Ident(a), _)) if a == "as") {
                    if let Some((Tok::Ident(alias), _)) = t.get(*j + 1) {
                        name = Some(alias.clone());
                    }
                    *j += 2;
                }
                out.push((segs, name, *line));
                return;
            }
            Tok::Punct('*') => {
                *j += 1;
                out.push((segs, None, *line));
                return;
            }
            Tok::Punct('{') => {
                *j += 1;
                loop {
                    match t.get(*j).map(|x| &x.0) {
                        None => return,
                        Some(Tok::Punct('}')) => {
                            *j += 1;
                            return;
                        }
                        Some(Tok::Punct(',')) => *j += 1,
                        Some(_) => {
                            let before = *j;
                            use_tree(t, j, segs.clone(), out);
                            if *j == before {
                                *j += 1;
                            }
                        }
                    }
                }
            }
            _ => return,
        }
    }
}

fn is_keyword(s: &str) -> bool {
    matches!(s, "fn" | "_" | "mut" | "unsafe" | "extern" | "async" | "const" | "static")
}

fn normalise(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

fn slash(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
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
