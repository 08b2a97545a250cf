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
use crate::nn::LayerConfig;
pub use crate::nn::layers::keras::ArchError;

/// Longest text read (a link is typed or scanned, never megabytes).
pub const MAX_TEXT: usize = 4000;
/// Most layers a description may have.
pub const MAX_LAYERS: usize = 64;

impl fmt::Display for Architecture {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_text())
    }
}

/// One layer in the canonical text form (each kind writes its own settings:
/// `layers::keras`).
pub fn layer_text(c: &LayerConfig) -> String {
    c.to_text()
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

/// One layer's text (layer no. `layer`, from 1), as in a network's text or a weights file.
///
/// # Errors
/// What cannot be read.
pub fn parse_layer(layer: usize, s: &str) -> Result<LayerConfig, ArchError> {
    let (head, body) = match s.find('(') {
        Some(i) => {
            let body = s[i + 1..].strip_suffix(')').ok_or(ArchError::Brackets)?;
            (&s[..i], body)
        }
        None => (s, ""),
    };
    // `layers.Conv2D`, `keras.layers.Conv2D`: the class name is what counts.
    let name = head.trim().rsplit('.').next().unwrap_or("").trim();
    LayerConfig::from_keras(layer, name, body)
}

#[cfg(test)]
#[path = "text/tests.rs"]
mod tests;
