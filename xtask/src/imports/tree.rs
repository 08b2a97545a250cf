//! The import check's module tree of one crate: its modules and their files, the items and
//! re-exports of each, the paths written in each, and the arrows they make.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::lex::{Tok, lex};

pub(super) type ModId = usize;

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

pub(super) struct Crate {
    mods: Vec<Module>,
    refs: Vec<Ref>,
}

const ITEM_KEYWORDS: [&str; 9] =
    ["fn", "struct", "enum", "trait", "type", "const", "static", "union", "mod"];

impl Crate {
    pub(super) fn load(root: &Path, crate_root: &Path) -> Result<Crate, String> {
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
    pub(super) fn arrows(
        &self,
        edges: &mut BTreeMap<(String, String), String>,
        floors: &mut Vec<String>,
    ) {
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
