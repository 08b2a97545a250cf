//! A lab's state in the URL (issue 10), one module for every lab: the hash holds the route
//! and a query, `#/conv1d?signal=ramp&kernel=1,-2,1&padding=same&stride=2&step=4`.
//!
//! Reading is forgiving: a malformed or out-of-range parameter is skipped with a
//! [`Notice`] (the rest of the link still applies) and never panics. Writing gives a stable
//! order (the order keys were first set), so the same screen gives the same link. The
//! exercises use the same encoding (`ex=c1-window&seed=42`).
//!
//! This file is the codec (pure, tested natively); [`address`] reads and writes the address
//! bar, [`hooks`] gives the labs their link (read once, written back as the screen changes).

pub mod address;
pub mod hooks;

pub use self::address::{current_query, lang_from_link, link_to};
pub use self::hooks::{FromLink, use_link, use_link_writer};
// A link's weights obey the kernel editor's limit.
use crate::app::widgets::kernel_editor::weight::MAX_WEIGHT;

/// Why a parameter of a link was ignored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Notice {
    /// A key this page does not know.
    Unknown(String),
    /// A value that cannot be read (`stride=abc`).
    Malformed { key: String, value: String },
    /// A value outside the allowed range (`stride=99`).
    OutOfRange { key: String, value: String },
    /// A known setting that does not apply to the rest of the link (`rows=5` when the
    /// input is not a grid of numbers).
    Unused { key: String, value: String },
}

/// The longest value a notice writes out: a link may carry thousands of numbers, and the
/// notice only has to say which part it was.
pub const NOTICE_VALUE_CHARS: usize = 40;

/// `key=value` as a notice shows it: a long value is cut after [`NOTICE_VALUE_CHARS`]
/// characters, with how long it was (`values=1,2,3,… (4,096 characters)` in words
/// given by the caller's `chars`).
pub fn notice_part(key: &str, value: &str, chars: impl Fn(usize) -> String) -> String {
    let n = value.chars().count();
    if n <= NOTICE_VALUE_CHARS {
        return format!("{key}={value}");
    }
    let head: String = value.chars().take(NOTICE_VALUE_CHARS).collect();
    format!("{key}={head}… ({})", chars(n))
}

/// The `key=value` pairs after `?`, in order; keys are unique (the last one wins on reading).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query {
    pairs: Vec<(String, String)>,
}

const MAX_QUERY: usize = 4096;

impl Query {
    /// Parses the part of a hash after `?` (with or without the `?`). Over-long links are cut:
    /// a link is typed or scanned, never megabytes.
    pub fn parse(s: &str) -> Query {
        let s = s.strip_prefix('?').unwrap_or(s);
        let s = if s.len() > MAX_QUERY { &s[..s.floor_char_boundary(MAX_QUERY)] } else { s };
        let mut q = Query::default();
        for part in s.split('&').filter(|p| !p.is_empty()) {
            let (k, v) = part.split_once('=').unwrap_or((part, ""));
            q.set(&decode(k), &decode(v));
        }
        q
    }

    /// The query and the route of a whole hash (`#/conv1d?x=1` → (`/conv1d`, query)).
    pub fn split_hash(hash: &str) -> (&str, Query) {
        let h = hash.strip_prefix('#').unwrap_or(hash);
        match h.split_once('?') {
            Some((route, q)) => (route, Query::parse(q)),
            None => (h, Query::default()),
        }
    }

    pub fn get(&self, key: &str) -> Option<&str> {
        self.pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.pairs.iter().map(|(k, _)| k.as_str())
    }

    /// Sets `key` (in place if present, at the end otherwise).
    pub fn set(&mut self, key: &str, value: &str) {
        match self.pairs.iter_mut().find(|(k, _)| k == key) {
            Some((_, v)) => *v = value.to_string(),
            None => self.pairs.push((key.to_string(), value.to_string())),
        }
    }

    pub fn remove(&mut self, key: &str) {
        self.pairs.retain(|(k, _)| k != key);
    }

    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }

    /// `a=1&b=x` (no leading `?`), percent-encoding what a URL cannot hold.
    pub fn encode(&self) -> String {
        self.pairs
            .iter()
            .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
            .collect::<Vec<_>>()
            .join("&")
    }

    /// Notices for every key not in `known`.
    pub fn unknown_keys(&self, known: &[&str]) -> Vec<Notice> {
        self.keys().filter(|k| !known.contains(k)).map(|k| Notice::Unknown(k.to_string())).collect()
    }
}

/// Typed reading of one parameter, collecting notices instead of failing.
pub struct Reader<'a> {
    q: &'a Query,
    pub notices: Vec<Notice>,
}

impl<'a> Reader<'a> {
    pub fn new(q: &'a Query) -> Self {
        Reader { q, notices: Vec::new() }
    }

    fn malformed(&mut self, key: &str, v: &str) {
        self.notices.push(Notice::Malformed { key: key.into(), value: v.into() });
    }

    fn out_of_range(&mut self, key: &str, v: &str) {
        self.notices.push(Notice::OutOfRange { key: key.into(), value: v.into() });
    }

    /// Judges a parsed value: unreadable or out of range leaves a notice and gives `None`.
    fn judge<T>(
        &mut self,
        key: &str,
        parsed: Option<T>,
        in_range: impl Fn(&T) -> bool,
    ) -> Option<T> {
        let v = self.q.get(key)?.to_string();
        match parsed {
            Some(x) if in_range(&x) => Some(x),
            Some(_) => {
                self.out_of_range(key, &v);
                None
            }
            None => {
                self.malformed(key, &v);
                None
            }
        }
    }

    /// A whole number in `lo..=hi`.
    pub fn int(&mut self, key: &str, lo: u64, hi: u64) -> Option<u64> {
        let parsed = self.q.get(key)?.trim().parse::<u64>().ok();
        self.judge(key, parsed, |n| (lo..=hi).contains(n))
    }

    /// A finite number in `lo..=hi` (`0.5` or `0,5`).
    pub fn number(&mut self, key: &str, lo: f64, hi: f64) -> Option<f64> {
        let parsed = crate::app::i18n::num::parse_decimal(self.q.get(key)?);
        self.judge(key, parsed, |x| (lo..=hi).contains(x))
    }

    /// One of named values (`padding=same`).
    pub fn choice<T: Copy>(&mut self, key: &str, options: &[(&str, T)]) -> Option<T> {
        let v = self.q.get(key)?;
        match options.iter().find(|(name, _)| name.eq_ignore_ascii_case(v.trim())) {
            Some((_, t)) => Some(*t),
            None => {
                self.malformed(key, v);
                None
            }
        }
    }

    /// `1` / `0` / `true` / `false` / `on` / `off`.
    pub fn flag(&mut self, key: &str) -> Option<bool> {
        self.choice(
            key,
            &[
                ("1", true),
                ("true", true),
                ("on", true),
                ("0", false),
                ("false", false),
                ("off", false),
            ],
        )
    }

    /// Comma-separated finite numbers (`1,-2,1`; fractions `1/4` too), `len` long at most,
    /// each at most `max_abs` in size.
    pub fn numbers(
        &mut self,
        key: &str,
        min_len: usize,
        max_len: usize,
        max_abs: f64,
    ) -> Option<Vec<f64>> {
        let v = self.q.get(key)?;
        // Commas separate values; a French decimal comma is written with a dot in links.
        let parsed: Option<Vec<f64>> = v
            .split([',', ' ', ';'])
            .filter(|s| !s.is_empty())
            .map(|s| match s.split_once('/') {
                Some((a, b)) => {
                    let (a, b) = (a.trim().parse::<f64>().ok()?, b.trim().parse::<f64>().ok()?);
                    (b != 0.0).then_some(a / b)
                }
                None => s.trim().replace('\u{2212}', "-").parse::<f64>().ok(),
            })
            .collect();
        match parsed {
            Some(xs) if xs.iter().any(|x| !x.is_finite()) => {
                self.malformed(key, v);
                None
            }
            Some(xs)
                if xs.len() < min_len
                    || xs.len() > max_len
                    || xs.iter().any(|x| x.abs() > max_abs) =>
            {
                self.out_of_range(key, v);
                None
            }
            Some(xs) => Some(xs),
            None => {
                self.malformed(key, v);
                None
            }
        }
    }
}

impl Reader<'_> {
    /// A named preset (`kernel=gaussian`: its index in `ids`) or the student's own numbers
    /// (`kernel=1,-2,1`).
    pub fn preset_or_numbers(
        &mut self,
        key: &str,
        ids: &[&str],
        min_len: usize,
        max_len: usize,
    ) -> Option<Result<usize, Vec<f64>>> {
        let v = self.q.get(key)?;
        if let Some(i) = ids.iter().position(|id| id.eq_ignore_ascii_case(v.trim())) {
            return Some(Ok(i));
        }
        if v.trim().starts_with(|c: char| c.is_ascii_alphabetic()) {
            self.malformed(key, v);
            return None;
        }
        self.numbers(key, min_len, max_len, MAX_WEIGHT).map(Err)
    }

    /// The value as written (for a form that checks its own fields).
    pub fn raw(&self, key: &str) -> Option<String> {
        self.q.get(key).map(str::to_string)
    }

    /// A value the caller refused as unreadable.
    pub fn refuse_malformed(&mut self, key: &str) {
        if let Some(v) = self.q.get(key) {
            let v = v.to_string();
            self.malformed(key, &v);
        }
    }

    /// A shape `3x3` (or `3×3`), each side in `1..=max`.
    pub fn size(&mut self, key: &str, max: usize) -> Option<(usize, usize)> {
        let v = self.q.get(key)?;
        let parsed = v.split_once(['x', 'X', '×']).and_then(|(a, b)| {
            Some((a.trim().parse::<usize>().ok()?, b.trim().parse::<usize>().ok()?))
        });
        self.judge(key, parsed, |(a, b)| (1..=max).contains(a) && (1..=max).contains(b))
    }

    /// The step debugger's window (`step=4`, counted from 1 as the stepper shows it), 0-based,
    /// if that window exists among the `windows` the link's other settings give.
    pub fn step(&mut self, windows: Option<usize>) -> Option<usize> {
        let s = self.int("step", 1, 10_000)? as usize;
        match windows {
            Some(n) if s <= n => Some(s - 1),
            _ => {
                self.refuse("step");
                None
            }
        }
    }

    /// Pushes a notice for a value read but refused later (e.g. a step past the last window).
    pub fn refuse(&mut self, key: &str) {
        if let Some(v) = self.q.get(key) {
            let v = v.to_string();
            self.out_of_range(key, &v);
        }
    }

    /// Names `key` as not used by the rest of the link, unless it has a notice already.
    pub fn unused(&mut self, key: &str) {
        let noticed = self.notices.iter().any(|n| match n {
            Notice::Unknown(k) => k == key,
            Notice::Malformed { key: k, .. }
            | Notice::OutOfRange { key: k, .. }
            | Notice::Unused { key: k, .. } => k == key,
        });
        if let Some(v) = self.q.get(key)
            && !noticed
        {
            let v = v.to_string();
            self.notices.push(Notice::Unused { key: key.into(), value: v });
        }
    }
}

/// Writes numbers for a link: shortest exact form, dot decimals, comma-separated.
pub fn write_numbers(xs: &[f64]) -> String {
    xs.iter().map(|x| crate::app::i18n::num::canonical(*x, 6)).collect::<Vec<_>>().join(",")
}

fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            // `(` `)`: a network's text (`Conv2D(6,3,relu)`) stays readable; RFC 3986
            // allows them in a fragment.
            b'A'..=b'Z'
            | b'a'..=b'z'
            | b'0'..=b'9'
            | b'-'
            | b'_'
            | b'.'
            | b'~'
            | b','
            | b'/'
            | b'('
            | b')' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = b
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (b[i], hex) {
            (b'%', Some(v)) => {
                out.push(v);
                i += 3;
            }
            (b'+', _) => {
                out.push(b' ');
                i += 1;
            }
            (c, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::Padding;

    #[test]
    fn a_link_reads_back_as_written() {
        let mut q = Query::default();
        q.set("signal", "ramp");
        q.set("kernel", &write_numbers(&[1.0, -2.0, 1.0]));
        q.set("padding", "same");
        q.set("stride", "2");
        q.set("step", "4");
        q.set("note", "été & co");
        let link = q.encode();
        assert_eq!(
            link,
            "signal=ramp&kernel=1,-2,1&padding=same&stride=2&step=4&note=%C3%A9t%C3%A9%20%26%20co"
        );
        assert_eq!(Query::parse(&link), q);
        let hash = format!("#/conv1d?{link}");
        let (route, q2) = Query::split_hash(&hash);
        assert_eq!(route, "/conv1d");
        assert_eq!(q2, q);
        assert_eq!(Query::split_hash("#/history"), ("/history", Query::default()));
    }

    #[test]
    fn bad_parameters_are_skipped_with_a_notice_and_the_rest_applies() {
        let q = Query::parse(
            "?stride=abc&padding=same&step=99&kernel=1,x,1&relu=on&rate=0,5&k2=1/4,1/2,1/4&zz=1&pad=%ZZ",
        );
        let mut r = Reader::new(&q);
        assert_eq!(r.int("stride", 1, 3), None);
        assert_eq!(
            r.choice("padding", &[("valid", Padding::Valid), ("same", Padding::Same)]),
            Some(Padding::Same)
        );
        assert_eq!(r.int("step", 0, 20), None);
        assert_eq!(r.numbers("kernel", 1, 9, 1e6), None);
        assert_eq!(r.flag("relu"), Some(true));
        assert_eq!(r.number("rate", 0.0, 0.9), Some(0.5));
        assert_eq!(r.numbers("k2", 1, 9, 1e6), Some(vec![0.25, 0.5, 0.25]));
        assert_eq!(r.int("absent", 0, 1), None);
        assert_eq!(
            r.notices,
            vec![
                Notice::Malformed { key: "stride".into(), value: "abc".into() },
                Notice::OutOfRange { key: "step".into(), value: "99".into() },
                Notice::Malformed { key: "kernel".into(), value: "1,x,1".into() },
            ]
        );
        assert_eq!(
            q.unknown_keys(&["stride", "padding", "step", "kernel", "relu", "rate", "k2", "pad"]),
            vec![Notice::Unknown("zz".into())]
        );
        assert_eq!(q.get("pad"), Some("%ZZ"), "a broken escape is kept as typed");
    }

    #[test]
    fn hostile_links_never_panic() {
        for s in [
            "",
            "?",
            "&&&",
            "=",
            "a=",
            "=b",
            "%",
            "%4",
            "%%%",
            "a=%E9",
            "k=1/0,2",
            "k=1e400",
            "x=\u{1F600}",
            &"a=1&".repeat(5000),
        ] {
            let q = Query::parse(s);
            let mut r = Reader::new(&q);
            let _ = (r.int("a", 0, 9), r.numbers("k", 1, 9, 1e6), r.number("x", 0.0, 1.0));
            let _ = Query::parse(&q.encode());
        }
        let q = Query::parse("k=1/0,2&n=1e400");
        let mut r = Reader::new(&q);
        assert_eq!(r.numbers("k", 1, 9, 1e6), None);
        assert_eq!(r.number("n", 0.0, 1.0), None);
        assert_eq!(r.notices.len(), 2);
    }

    #[test]
    fn a_long_value_is_shortened_in_its_notice() {
        let long = vec!["1"; 5001].join(",");
        let q = Query::parse(&format!("values={long}"));
        let mut r = Reader::new(&q);
        assert_eq!(r.numbers("values", 1, 256, 1e6), None);
        let Some(Notice::OutOfRange { key, value }) = r.notices.first() else {
            panic!("{:?}", r.notices);
        };
        let shown = notice_part(key, value, |n| format!("{n} chars"));
        assert!(shown.starts_with("values=1,1,1,"), "{shown}");
        assert!(shown.chars().count() < 70, "{shown}");
        assert!(shown.ends_with(&format!("… ({} chars)", value.len())), "{shown}");
        // A short one is written whole.
        assert_eq!(notice_part("rows", "-1", |_| unreachable!()), "rows=-1");
    }

    #[test]
    fn unused_names_a_key_once() {
        let q = Query::parse("rows=-1&cols=3");
        let mut r = Reader::new(&q);
        assert_eq!(r.int("rows", 1, 16), None);
        r.unused("rows");
        r.unused("cols");
        r.unused("values");
        assert_eq!(
            r.notices,
            vec![
                Notice::Malformed { key: "rows".into(), value: "-1".into() },
                Notice::Unused { key: "cols".into(), value: "3".into() },
            ]
        );
    }
}
