//! A layer's settings in Keras's words: each layer kind lists its arguments ([`Arg`]) and
//! reads them back ([`ArgReader`]) in its own room, and the one-line text of a network
//! (`nn::arch::text`) and its Python code (`nn::arch::keras`) are written from those lists by
//! the generic writers here. A new kind writes its two functions and registers its name in
//! `config.rs`: no codec elsewhere needs to learn it.

use std::fmt;

use super::activation::Activation;
use super::geometry::Padding;

/// Most characters of a layer name kept in an error (a link's value may be anything).
const MAX_NAME: usize = 40;

/// Why a description cannot be read. `layer` counts from 1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArchError {
    /// No layer at all.
    Empty,
    /// Longer than the codec reads (`nn::arch::text::MAX_TEXT` characters).
    TooLong,
    TooManyLayers {
        count: usize,
    },
    /// A bracket opened and not closed, or closed and not opened.
    Brackets,
    /// A layer name the core does not have (`BatchNormalization`).
    UnknownLayer {
        layer: usize,
        name: String,
    },
    /// An argument that this layer does not take or whose value cannot be read.
    BadArgument {
        layer: usize,
        kind: &'static str,
        argument: String,
    },
    /// A required argument left out (`Dense()` has no units).
    MissingArgument {
        layer: usize,
        kind: &'static str,
        argument: &'static str,
    },
}

impl ArchError {
    /// Every variant once, with sample values: the translations are tested against it.
    pub fn samples() -> Vec<ArchError> {
        vec![
            ArchError::Empty,
            ArchError::TooLong,
            ArchError::TooManyLayers { count: 99 },
            ArchError::Brackets,
            ArchError::UnknownLayer { layer: 3, name: "BatchNormalization".into() },
            ArchError::BadArgument { layer: 1, kind: "Conv2D", argument: "data_format".into() },
            ArchError::MissingArgument { layer: 2, kind: "Dense", argument: "units" },
        ]
    }

    pub(crate) fn unknown(layer: usize, name: &str) -> ArchError {
        ArchError::UnknownLayer { layer, name: name.chars().take(MAX_NAME).collect() }
    }
}

impl fmt::Display for ArchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ArchError::Empty => write!(f, "the network has no layer"),
            ArchError::TooLong => write!(f, "the description is too long"),
            ArchError::TooManyLayers { count } => write!(f, "{count} layers: too many"),
            ArchError::Brackets => write!(f, "a bracket is not closed (or not opened)"),
            ArchError::UnknownLayer { layer, name } => {
                write!(f, "layer {layer}: {name:?} is not a layer Convolab has")
            }
            ArchError::BadArgument { layer, kind, argument } => {
                write!(f, "layer {layer} ({kind}): cannot read {argument:?}")
            }
            ArchError::MissingArgument { layer, kind, argument } => {
                write!(f, "layer {layer} ({kind}): {argument} is missing")
            }
        }
    }
}

impl std::error::Error for ArchError {}

/// An argument's value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value {
    Int(usize),
    /// Height and width (`(3, 3)`); written `3` when square, `5x3` otherwise.
    Pair(usize, usize),
    Rate(f32),
    Activation(Activation),
    Padding(Padding),
    Flag(bool),
}

/// One argument of a layer, as Keras names it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Arg {
    /// Keras's keyword (`filters`, `kernel_size`, `strides`, `pool_size`, `units`…).
    pub key: &'static str,
    pub value: Value,
    /// Keras's default: left out of the text and the code.
    pub default: bool,
    /// Written without its keyword in Python (`Conv2D(6, (3, 3))`, not `filters=6`).
    pub py_positional: bool,
    /// A size written as a tuple in Python even when square (`(3, 3)`, Keras's own style
    /// for kernels); otherwise `2` for a square pool.
    pub py_tuple: bool,
}

impl Arg {
    /// A required argument, positional in Python.
    pub fn positional(key: &'static str, value: Value) -> Arg {
        Arg { key, value, default: false, py_positional: true, py_tuple: false }
    }
    /// An optional argument: left out when it has Keras's default value.
    pub fn keyword(key: &'static str, value: Value, default: Value) -> Arg {
        Arg { key, value, default: value == default, py_positional: false, py_tuple: false }
    }
    /// A setting always written, with its keyword in Python (`pool_size=2`).
    pub fn named(key: &'static str, value: Value) -> Arg {
        Arg { key, value, default: false, py_positional: false, py_tuple: false }
    }
    pub fn tuple(mut self) -> Arg {
        self.py_tuple = true;
        self
    }
}

fn pair_text(h: usize, w: usize) -> String {
    if h == w { h.to_string() } else { format!("{h}x{w}") }
}

/// Python's spelling of a float (`0.5`, `1.0`), so the code keeps its dot in every language.
pub fn py_float(x: f32) -> String {
    let s = format!("{x}");
    if s.contains(['.', 'e']) { s } else { format!("{s}.0") }
}

/// A layer in the one-line text: `Conv2D(6,3,relu)`. Numbers are positional while none
/// before them was left out (Keras's own order), names are bare words, flags keywords.
pub fn write_text(kind: &str, args: &[Arg]) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut in_order = true;
    for a in args {
        if a.default {
            if matches!(a.value, Value::Int(_) | Value::Pair(..) | Value::Rate(_)) {
                in_order = false;
            }
            continue;
        }
        let v = match a.value {
            Value::Int(n) => n.to_string(),
            Value::Pair(h, w) => pair_text(h, w),
            Value::Rate(r) => r.to_string(),
            Value::Activation(x) => x.keras_name().to_string(),
            Value::Padding(p) => p.keras_name().to_string(),
            Value::Flag(b) => format!("{}={b}", a.key),
        };
        let numeric = matches!(a.value, Value::Int(_) | Value::Pair(..) | Value::Rate(_));
        out.push(if numeric && !in_order { format!("{}={v}", a.key) } else { v });
    }
    if out.is_empty() { kind.to_string() } else { format!("{kind}({})", out.join(",")) }
}

/// A layer as Keras 3 code: `layers.Conv2D(6, (3, 3), activation="relu")`.
pub fn write_python(kind: &str, args: &[Arg]) -> String {
    let mut out: Vec<String> = Vec::new();
    for a in args.iter().filter(|a| !a.default) {
        let v = match a.value {
            Value::Int(n) => n.to_string(),
            Value::Pair(h, w) if h == w && !a.py_tuple => h.to_string(),
            Value::Pair(h, w) => format!("({h}, {w})"),
            Value::Rate(r) => py_float(r),
            Value::Activation(x) => format!("\"{}\"", x.keras_name()),
            Value::Padding(p) => format!("\"{}\"", p.keras_name()),
            Value::Flag(b) => if b { "True" } else { "False" }.to_string(),
        };
        out.push(if a.py_positional { v } else { format!("{}={v}", a.key) });
    }
    format!("layers.{kind}({})", out.join(", "))
}

fn unquote(s: &str) -> &str {
    let s = s.trim();
    s.strip_prefix(['"', '\'']).and_then(|t| t.strip_suffix(['"', '\''])).unwrap_or(s)
}

fn number(s: &str) -> Option<usize> {
    let s = unquote(s);
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) || s.len() > 9 {
        return None;
    }
    s.parse().ok()
}

/// `3`, `3x3`, `(3, 3)`, `[3,3]`, `(3,)`.
fn size_pair(s: &str) -> Option<(usize, usize)> {
    let s = unquote(s);
    if let Some(n) = number(s) {
        return Some((n, n));
    }
    let inner = s
        .strip_prefix('(')
        .and_then(|t| t.strip_suffix(')'))
        .or_else(|| s.strip_prefix('[').and_then(|t| t.strip_suffix(']')));
    let parts: Vec<&str> = match inner {
        Some(t) => t.split(',').map(str::trim).filter(|p| !p.is_empty()).collect(),
        None => s.split(['x', 'X', '×']).map(str::trim).collect(),
    };
    match parts.as_slice() {
        [a] => number(a).map(|n| (n, n)),
        [a, b] => Some((number(a)?, number(b)?)),
        _ => None,
    }
}

/// A square size as its side (`3`, `(3,)`, `3x3`).
fn square(s: &str) -> Option<usize> {
    size_pair(s).and_then(|(a, b)| (a == b).then_some(a))
}

fn word(s: &str) -> String {
    unquote(s).to_ascii_lowercase()
}

fn padding_named(w: &str) -> Option<Padding> {
    match w {
        "valid" => Some(Padding::Valid),
        "same" => Some(Padding::Same),
        _ => None,
    }
}

/// Splits `a, (3, 3), activation='relu'` at commas outside brackets.
fn split_args(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    for (i, ch) in s.char_indices() {
        match ch {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            ',' if depth == 0 => {
                out.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&s[start..]);
    out.into_iter().map(str::trim).filter(|p| !p.is_empty()).collect()
}

/// A layer's arguments as written (positional values, bare words, `key=value` pairs), read
/// by the layer kind's own `from_keras`; what it leaves unread is an error.
pub struct ArgReader<'a> {
    layer: usize,
    kind: &'static str,
    /// Positional values (numbers, sizes) in order; a taken one becomes empty.
    positional: Vec<&'a str>,
    /// Positional bare words (`relu`, `'same'`); a taken one becomes empty.
    words: Vec<&'a str>,
    keywords: Vec<(&'a str, &'a str)>,
}

impl<'a> ArgReader<'a> {
    /// The arguments between a layer's brackets; `layer` (from 1) and `kind` name errors.
    pub fn new(layer: usize, kind: &'static str, body: &'a str) -> Self {
        let mut r = ArgReader {
            layer,
            kind,
            positional: Vec::new(),
            words: Vec::new(),
            keywords: Vec::new(),
        };
        for a in split_args(body) {
            match a.split_once('=') {
                Some((k, v)) if !k.contains(['(', '[']) => r.keywords.push((k.trim(), v.trim())),
                _ if unquote(a).starts_with(|c: char| c.is_alphabetic()) => r.words.push(a),
                _ => r.positional.push(a),
            }
        }
        r
    }

    fn bad(&self, what: &str) -> ArchError {
        ArchError::BadArgument { layer: self.layer, kind: self.kind, argument: what.to_string() }
    }

    /// `what` is missing; but a word that is not a setting (`Dense(ten)`) is named first.
    fn missing(&self, what: &'static str) -> ArchError {
        let stray = self.words.iter().find(|w| {
            let w = word(w);
            !w.is_empty()
                && Activation::from_keras_name(&w).is_none()
                && padding_named(&w).is_none()
        });
        match stray {
            Some(w) => self.bad(w),
            None => {
                ArchError::MissingArgument { layer: self.layer, kind: self.kind, argument: what }
            }
        }
    }

    /// The text of keyword `key`, or else of positional `slot` (if any).
    fn take(&mut self, key: &str, slot: Option<usize>) -> Option<&'a str> {
        if let Some(i) = self.keywords.iter().position(|(k, _)| *k == key) {
            return Some(self.keywords.remove(i).1);
        }
        let v = slot.and_then(|s| self.positional.get_mut(s)).map(std::mem::take)?;
        (!v.is_empty()).then_some(v)
    }

    /// The value of keyword `key` or positional `slot` read by `parse`; `default` when
    /// absent (`None`: required).
    fn value<T>(
        &mut self,
        key: &'static str,
        slot: Option<usize>,
        default: Option<T>,
        parse: impl Fn(&str) -> Option<T>,
    ) -> Result<T, ArchError> {
        match (self.take(key, slot), default) {
            (Some(v), _) => parse(v).ok_or_else(|| self.bad(v)),
            (None, Some(d)) => Ok(d),
            (None, None) => Err(self.missing(key)),
        }
    }

    /// A value that may also be `None` (Keras's `strides=None`: the pool size).
    fn optional<T>(
        &mut self,
        key: &'static str,
        slot: Option<usize>,
        parse: impl Fn(&str) -> Option<T>,
    ) -> Result<Option<T>, ArchError> {
        match self.take(key, slot) {
            Some(v) if word(v) == "none" => Ok(None),
            Some(v) => parse(v).map(Some).ok_or_else(|| self.bad(v)),
            None => Ok(None),
        }
    }

    /// A whole number: keyword `key` or positional `slot`; `None`: required.
    ///
    /// # Errors
    /// Missing (when required) or unreadable.
    pub fn int(
        &mut self,
        key: &'static str,
        slot: Option<usize>,
        default: Option<usize>,
    ) -> Result<usize, ArchError> {
        self.value(key, slot, default, number)
    }

    /// A size (`3`, `3x3`, `(3, 3)`).
    ///
    /// # Errors
    /// Missing (when required) or unreadable.
    pub fn pair(
        &mut self,
        key: &'static str,
        slot: Option<usize>,
        default: Option<(usize, usize)>,
    ) -> Result<(usize, usize), ArchError> {
        self.value(key, slot, default, size_pair)
    }

    /// A square size given as one number (`3`, `(3,)`): the 1D layers.
    ///
    /// # Errors
    /// Missing (when required), unreadable or not square.
    pub fn single(
        &mut self,
        key: &'static str,
        slot: Option<usize>,
        default: Option<usize>,
    ) -> Result<usize, ArchError> {
        self.value(key, slot, default, square)
    }

    /// A size that may also be `None` (Keras's `strides=None`: the pool size).
    ///
    /// # Errors
    /// Unreadable.
    pub fn optional_pair(
        &mut self,
        key: &'static str,
        slot: Option<usize>,
    ) -> Result<Option<(usize, usize)>, ArchError> {
        self.optional(key, slot, size_pair)
    }

    /// A square size that may also be `None` (a 1D pool's `strides`).
    ///
    /// # Errors
    /// Unreadable or not square.
    pub fn optional_single(
        &mut self,
        key: &'static str,
        slot: Option<usize>,
    ) -> Result<Option<usize>, ArchError> {
        self.optional(key, slot, square)
    }

    /// A finite real number.
    ///
    /// # Errors
    /// Missing or unreadable.
    pub fn rate(&mut self, key: &'static str, slot: Option<usize>) -> Result<f32, ArchError> {
        let v = self.take(key, slot).ok_or_else(|| self.missing(key))?;
        match unquote(v).parse::<f32>() {
            Ok(r) if r.is_finite() => Ok(r),
            _ => Err(self.bad(v)),
        }
    }

    /// A bare word among the positional arguments that `read` accepts (`relu`, `same`).
    fn bare<T>(&mut self, read: impl Fn(&str) -> Option<T>) -> Option<T> {
        for v in &mut self.words {
            if v.is_empty() {
                continue;
            }
            if let Some(t) = read(&word(v)) {
                *v = "";
                return Some(t);
            }
        }
        None
    }

    /// `activation=` or a bare activation name; linear when absent.
    ///
    /// # Errors
    /// An unknown activation.
    pub fn activation(&mut self) -> Result<Activation, ArchError> {
        match self.take("activation", None) {
            Some(v) => Activation::from_keras_name(&word(v)).ok_or_else(|| self.bad(v)),
            None => Ok(self.bare(Activation::from_keras_name).unwrap_or_default()),
        }
    }

    /// `padding=` or a bare `valid`/`same`; valid when absent.
    ///
    /// # Errors
    /// An unknown padding.
    pub fn padding(&mut self) -> Result<Padding, ArchError> {
        match self.take("padding", None) {
            Some(v) => padding_named(&word(v)).ok_or_else(|| self.bad(v)),
            None => Ok(self.bare(padding_named).unwrap_or_default()),
        }
    }

    /// A `key=true/false` flag.
    ///
    /// # Errors
    /// Neither true nor false.
    pub fn flag(&mut self, key: &'static str, default: bool) -> Result<bool, ArchError> {
        match self.take(key, None).map(word) {
            None => Ok(default),
            Some(w) if w == "true" => Ok(true),
            Some(w) if w == "false" => Ok(false),
            Some(w) => Err(self.bad(&w)),
        }
    }

    /// Nothing left unread: an argument this layer does not take is named.
    ///
    /// # Errors
    /// The first argument left.
    pub fn done(self) -> Result<(), ArchError> {
        if let Some((k, _)) = self.keywords.iter().find(|(k, _)| *k != "name") {
            return Err(self.bad(k));
        }
        match self.positional.iter().chain(&self.words).find(|v| !v.is_empty()) {
            Some(v) => Err(self.bad(v)),
            None => Ok(()),
        }
    }
}
