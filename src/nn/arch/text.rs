//! The architecture as one line of text in Keras's vocabulary, for links, worker messages
//! and the command line:
//!
//! ```text
//! Conv2D(6,3,relu)-AveragePooling2D(2)-Conv2D(16,3,relu)-AveragePooling2D(2)-Flatten-Dense(120,relu)-Dense(84,relu)-Dense(10,softmax)
//! ```
//!
//! Writing gives that canonical form (Keras's defaults left out, `5x3` for a non-square
//! kernel, bare `same` and activation names). Reading also takes what a student copies
//! from Keras code — `layers.Conv2D(6, (3, 3), activation='relu')`, keywords, quotes,
//! tuples — with layers separated by `-`, `;`, `,`, spaces or new lines. A preset's name
//! (`lenet`, `lenet5`…) stands for its network.

use std::fmt;

use super::{Architecture, Preset};
use crate::nn::{
    Activation, Conv1DConfig, Conv2DConfig, DenseConfig, DropoutConfig, LayerConfig, Padding,
    PoolConfig,
};

/// Longest text read (a link is typed or scanned, never megabytes).
pub const MAX_TEXT: usize = 4000;
/// Most layers a description may have.
pub const MAX_LAYERS: usize = 64;

/// Why a description cannot be read. `layer` counts from 1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArchError {
    /// No layer at all.
    Empty,
    /// Longer than [`MAX_TEXT`] characters.
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
}

impl fmt::Display for ArchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ArchError::Empty => write!(f, "the network has no layer"),
            ArchError::TooLong => write!(f, "the description is longer than {MAX_TEXT} characters"),
            ArchError::TooManyLayers { count } => {
                write!(f, "{count} layers: at most {MAX_LAYERS}")
            }
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

impl fmt::Display for Architecture {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_text())
    }
}

fn pair(p: (usize, usize)) -> String {
    if p.0 == p.1 { p.0.to_string() } else { format!("{}x{}", p.0, p.1) }
}

/// One layer in the canonical text form.
pub fn layer_text(c: &LayerConfig) -> String {
    let mut args: Vec<String> = Vec::new();
    let tail = |args: &mut Vec<String>, padding: Padding, act: Activation, bias: bool| {
        if padding == Padding::Same {
            args.push("same".into());
        }
        if act != Activation::Linear {
            args.push(act.keras_name().into());
        }
        if !bias {
            args.push("use_bias=false".into());
        }
    };
    match c {
        LayerConfig::Conv1D(k) => {
            args.push(k.filters.to_string());
            args.push(k.kernel_size.to_string());
            if k.strides != 1 {
                args.push(k.strides.to_string());
            }
            tail(&mut args, k.padding, k.activation, k.use_bias);
        }
        LayerConfig::Conv2D(k) => {
            args.push(k.filters.to_string());
            args.push(pair(k.kernel_size));
            if k.strides != (1, 1) {
                args.push(pair(k.strides));
            }
            tail(&mut args, k.padding, k.activation, k.use_bias);
        }
        LayerConfig::Pool(p) => {
            let one = |v: (usize, usize)| if p.two_d { pair(v) } else { v.1.to_string() };
            args.push(one(p.pool_size));
            if let Some(s) = p.strides.filter(|&s| s != p.pool_size) {
                args.push(one(s));
            }
            tail(&mut args, p.padding, Activation::Linear, true);
        }
        LayerConfig::Flatten => {}
        LayerConfig::Dense(d) => {
            args.push(d.units.to_string());
            tail(&mut args, Padding::Valid, d.activation, d.use_bias);
        }
        LayerConfig::Dropout(d) => args.push(d.rate.to_string()),
    }
    if args.is_empty() { c.kind().to_string() } else { format!("{}({})", c.kind(), args.join(",")) }
}

impl Architecture {
    /// The canonical one-line text (see the module's documentation).
    pub fn to_text(&self) -> String {
        self.layers.iter().map(layer_text).collect::<Vec<_>>().join("-")
    }

    /// Reads a description (or a preset's name).
    ///
    /// # Errors
    /// The first thing that cannot be read, with its layer.
    pub fn parse(text: &str) -> Result<Architecture, ArchError> {
        if text.chars().count() > MAX_TEXT {
            return Err(ArchError::TooLong);
        }
        let trimmed = text.trim();
        if let Some(p) = Preset::from_id(trimmed) {
            return Ok(p.architecture());
        }
        let items = split_layers(trimmed)?;
        if items.is_empty() {
            return Err(ArchError::Empty);
        }
        if items.len() > MAX_LAYERS {
            return Err(ArchError::TooManyLayers { count: items.len() });
        }
        let layers = items
            .iter()
            .enumerate()
            .map(|(i, s)| parse_layer(i + 1, s))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Architecture { layers })
    }
}

/// The layers' texts: split at separators outside brackets.
fn split_layers(s: &str) -> Result<Vec<&str>, ArchError> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    for (i, ch) in s.char_indices() {
        match ch {
            '(' | '[' => depth += 1,
            ')' | ']' => {
                depth -= 1;
                if depth < 0 {
                    return Err(ArchError::Brackets);
                }
            }
            '-' | ';' | ',' | '\n' | '\r' | '\t' | ' ' | '>' | '→' | '|' | '/' | '+'
                if depth == 0 =>
            {
                out.push(&s[start..i]);
                start = i + ch.len_utf8();
            }
            _ => {}
        }
    }
    if depth != 0 {
        return Err(ArchError::Brackets);
    }
    out.push(&s[start..]);
    Ok(out.into_iter().map(str::trim).filter(|p| !p.is_empty()).collect())
}

/// A layer's arguments: positional values and `key=value` pairs, as written.
struct Args<'a> {
    layer: usize,
    kind: &'static str,
    /// Positional values (numbers, sizes) in order; a taken one becomes empty.
    positional: Vec<&'a str>,
    /// Positional bare words (`relu`, `'same'`); a taken one becomes empty.
    words: Vec<&'a str>,
    keywords: Vec<(&'a str, &'a str)>,
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

fn single(s: &str) -> Option<usize> {
    let (a, b) = size_pair(s)?;
    (a == b).then_some(a)
}

fn word(s: &str) -> String {
    unquote(s).to_ascii_lowercase()
}

impl<'a> Args<'a> {
    fn bad(&self, what: &str) -> ArchError {
        ArchError::BadArgument { layer: self.layer, kind: self.kind, argument: what.to_string() }
    }
    /// `what` is missing; but a word that is not a setting (`Dense(ten)`) is named first.
    fn missing(&self, what: &'static str) -> ArchError {
        let stray = self.words.iter().find(|w| {
            let w = word(w);
            !w.is_empty()
                && Activation::from_keras_name(&w).is_none()
                && !["valid", "same"].contains(&w.as_str())
        });
        match stray {
            Some(w) => self.bad(w),
            None => {
                ArchError::MissingArgument { layer: self.layer, kind: self.kind, argument: what }
            }
        }
    }

    /// The value of keyword `key`, or else positional `slot` (if any).
    fn take(&mut self, key: &str, slot: Option<usize>) -> Option<&'a str> {
        if let Some(i) = self.keywords.iter().position(|(k, _)| *k == key) {
            return Some(self.keywords.remove(i).1);
        }
        slot.and_then(|s| self.positional.get_mut(s))
            .and_then(|v| std::mem::take(v).into())
            .filter(|v: &&str| !v.is_empty())
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

    fn activation(&mut self) -> Result<Activation, ArchError> {
        match self.take("activation", None) {
            Some(v) => Activation::from_keras_name(&word(v)).ok_or_else(|| self.bad(v)),
            None => Ok(self.bare(|w| Activation::from_keras_name(w)).unwrap_or_default()),
        }
    }

    fn padding(&mut self) -> Result<Padding, ArchError> {
        let read = |w: &str| match w {
            "valid" => Some(Padding::Valid),
            "same" => Some(Padding::Same),
            _ => None,
        };
        match self.take("padding", None) {
            Some(v) => read(&word(v)).ok_or_else(|| self.bad(v)),
            None => Ok(self.bare(read).unwrap_or_default()),
        }
    }

    fn use_bias(&mut self) -> Result<bool, ArchError> {
        match self.take("use_bias", None).map(word) {
            None => Ok(true),
            Some(w) if w == "true" => Ok(true),
            Some(w) if w == "false" => Ok(false),
            Some(w) => Err(self.bad(&w)),
        }
    }

    /// Nothing left unread: an argument this layer does not take is named.
    fn done(self) -> Result<(), ArchError> {
        if let Some((k, _)) = self.keywords.iter().find(|(k, _)| *k != "name") {
            return Err(self.bad(k));
        }
        match self.positional.iter().chain(&self.words).find(|v| !v.is_empty()) {
            Some(v) => Err(self.bad(v)),
            None => Ok(()),
        }
    }
}

fn parse_layer(layer: usize, s: &str) -> Result<LayerConfig, ArchError> {
    let (head, body) = match s.find('(') {
        Some(i) => {
            let body = s[i + 1..].strip_suffix(')').ok_or(ArchError::Brackets)?;
            (&s[..i], body)
        }
        None => (s, ""),
    };
    // `layers.Conv2D`, `keras.layers.Conv2D`: the class name is what counts.
    let name = head.trim().rsplit('.').next().unwrap_or("").trim();
    let kind: &'static str = match name.to_ascii_lowercase().as_str() {
        "conv1d" => "Conv1D",
        "conv2d" => "Conv2D",
        "maxpooling1d" | "maxpool1d" => "MaxPooling1D",
        "maxpooling2d" | "maxpool2d" => "MaxPooling2D",
        "averagepooling1d" | "avgpool1d" => "AveragePooling1D",
        "averagepooling2d" | "avgpool2d" => "AveragePooling2D",
        "flatten" => "Flatten",
        "dense" => "Dense",
        "dropout" => "Dropout",
        _ => return Err(ArchError::UnknownLayer { layer, name: name.chars().take(40).collect() }),
    };
    let mut args =
        Args { layer, kind, positional: Vec::new(), words: Vec::new(), keywords: Vec::new() };
    for a in split_args(body) {
        match a.split_once('=') {
            Some((k, v)) if !k.contains(['(', '[']) => args.keywords.push((k.trim(), v.trim())),
            _ if unquote(a).starts_with(|c: char| c.is_alphabetic()) => args.words.push(a),
            _ => args.positional.push(a),
        }
    }
    let config = match kind {
        "Conv2D" => {
            let filters = args.take("filters", Some(0)).ok_or_else(|| args.missing("filters"))?;
            let filters = number(filters).ok_or_else(|| args.bad(filters))?;
            let k = args.take("kernel_size", Some(1)).ok_or_else(|| args.missing("kernel_size"))?;
            let kernel_size = size_pair(k).ok_or_else(|| args.bad(k))?;
            let strides = match args.take("strides", Some(2)) {
                Some(v) => size_pair(v).ok_or_else(|| args.bad(v))?,
                None => (1, 1),
            };
            LayerConfig::Conv2D(
                Conv2DConfig::new(filters, kernel_size)
                    .strides(strides)
                    .padding(args.padding()?)
                    .activation(args.activation()?)
                    .use_bias(args.use_bias()?),
            )
        }
        "Conv1D" => {
            let filters = args.take("filters", Some(0)).ok_or_else(|| args.missing("filters"))?;
            let filters = number(filters).ok_or_else(|| args.bad(filters))?;
            let k = args.take("kernel_size", Some(1)).ok_or_else(|| args.missing("kernel_size"))?;
            let kernel_size = single(k).ok_or_else(|| args.bad(k))?;
            let strides = match args.take("strides", Some(2)) {
                Some(v) => single(v).ok_or_else(|| args.bad(v))?,
                None => 1,
            };
            LayerConfig::Conv1D(
                Conv1DConfig::new(filters, kernel_size)
                    .strides(strides)
                    .padding(args.padding()?)
                    .activation(args.activation()?)
                    .use_bias(args.use_bias()?),
            )
        }
        "MaxPooling2D" | "AveragePooling2D" | "MaxPooling1D" | "AveragePooling1D" => {
            let two_d = kind.ends_with("2D");
            let read = |v: &str| {
                if two_d { size_pair(v) } else { single(v).map(|n| (1, n)) }
            };
            let size = match args.take("pool_size", Some(0)) {
                Some(v) => read(v).ok_or_else(|| args.bad(v))?,
                None => read("2").unwrap_or((2, 2)),
            };
            let strides = match args.take("strides", Some(1)) {
                Some(v) if word(v) == "none" => None,
                Some(v) => Some(read(v).ok_or_else(|| args.bad(v))?),
                None => None,
            };
            let base = match (kind.starts_with("Max"), two_d) {
                (true, true) => PoolConfig::max_pooling_2d(size),
                (false, true) => PoolConfig::average_pooling_2d(size),
                (true, false) => PoolConfig::max_pooling_1d(size.1),
                (false, false) => PoolConfig::average_pooling_1d(size.1),
            };
            let mut p = base.padding(args.padding()?);
            p.strides = strides;
            LayerConfig::Pool(p)
        }
        "Flatten" => LayerConfig::Flatten,
        "Dense" => {
            let units = args.take("units", Some(0)).ok_or_else(|| args.missing("units"))?;
            let units = number(units).ok_or_else(|| args.bad(units))?;
            LayerConfig::Dense(
                DenseConfig::new(units).activation(args.activation()?).use_bias(args.use_bias()?),
            )
        }
        "Dropout" => {
            let r = args.take("rate", Some(0)).ok_or_else(|| args.missing("rate"))?;
            let rate: f32 = unquote(r).parse().map_err(|_| args.bad(r))?;
            if !rate.is_finite() {
                return Err(args.bad(r));
            }
            LayerConfig::Dropout(DropoutConfig::new(rate))
        }
        _ => return Err(ArchError::UnknownLayer { layer, name: kind.to_string() }),
    };
    args.done()?;
    Ok(config)
}

#[cfg(test)]
#[path = "text/tests.rs"]
mod tests;
