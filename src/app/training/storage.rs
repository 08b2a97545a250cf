//! The last trained weights, kept in the browser's `localStorage` so that a reload can
//! offer them back. Weights are bytes (≈ 325 KB for the course LeNet): stored as base64
//! text (≈ 433 KB, within every browser's quota of a few MB per site). The encoding and
//! the small description are pure and tested natively; only [`save`] and [`load`] touch the
//! browser.

use super::state::Saved;

const WEIGHTS_KEY: &str = "convolab.lenet.weights";
const META_KEY: &str = "convolab.lenet.saved";

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 with padding.
pub fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (b[0] as u32) << 16 | (b[1] as u32) << 8 | b[2] as u32;
        for (i, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> shift & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The inverse of [`encode`]; `None` for anything else.
pub fn decode(text: &str) -> Option<Vec<u8>> {
    let t = text.as_bytes();
    if !t.len().is_multiple_of(4) {
        return None;
    }
    let val = |c: u8| ALPHABET.iter().position(|&a| a == c).map(|v| v as u32);
    let mut out = Vec::with_capacity(t.len() / 4 * 3);
    for (k, q) in t.chunks(4).enumerate() {
        let last = k == t.len() / 4 - 1;
        let pad = q.iter().rev().take_while(|&&c| c == b'=').count();
        if pad > 2 || (pad > 0 && !last) {
            return None;
        }
        let mut n = 0u32;
        for &c in &q[..4 - pad] {
            n = n << 6 | val(c)?;
        }
        n <<= 6 * pad as u32;
        let b = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&b[..3 - pad]);
    }
    Some(out)
}

/// `at_ms;accuracy;examples` (accuracy empty when the run had no test yet).
pub fn describe(s: &Saved) -> String {
    format!("{};{};{}", s.at_ms, s.accuracy.map(|a| a.to_string()).unwrap_or_default(), s.examples)
}

pub fn parse(text: &str) -> Option<Saved> {
    let mut it = text.split(';');
    let at_ms = it.next()?.parse::<f64>().ok().filter(|v| v.is_finite())?;
    let acc = it.next()?;
    let accuracy = if acc.is_empty() {
        None
    } else {
        Some(acc.parse::<f32>().ok().filter(|a| (0.0..=1.0).contains(a))?)
    };
    let examples = it.next()?.parse().ok()?;
    it.next().is_none().then_some(Saved { at_ms, accuracy, examples })
}

#[cfg(feature = "web")]
use crate::app::prefs::storage;

/// What the browser holds, if it holds something readable.
#[cfg(feature = "web")]
pub fn load_meta() -> Option<Saved> {
    let s = storage()?;
    s.get_item(WEIGHTS_KEY).ok().flatten()?;
    parse(&s.get_item(META_KEY).ok().flatten()?)
}

#[cfg(feature = "web")]
pub fn load_weights() -> Option<Vec<u8>> {
    decode(&storage()?.get_item(WEIGHTS_KEY).ok().flatten()?)
}

/// Keeps `bytes` as the last trained weights.
///
/// # Errors
/// The browser refused (storage disabled, or its quota is full: the weights are not kept,
/// the previous ones, if any, are forgotten rather than described wrongly).
#[cfg(feature = "web")]
pub fn save(bytes: &[u8], meta: &Saved) -> Result<(), Refused> {
    let s = storage().ok_or(Refused)?;
    let _ = s.remove_item(META_KEY);
    if s.set_item(WEIGHTS_KEY, &encode(bytes)).is_err() {
        let _ = s.remove_item(WEIGHTS_KEY);
        return Err(Refused);
    }
    s.set_item(META_KEY, &describe(meta)).map_err(|_| {
        let _ = s.remove_item(WEIGHTS_KEY);
        Refused
    })
}

/// The browser would not keep the weights (no storage, or its quota is full).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refused;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_standard_and_round_trips() {
        // RFC 4648's test vectors.
        for (plain, b64) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(encode(plain.as_bytes()), b64);
            assert_eq!(decode(b64).as_deref(), Some(plain.as_bytes()));
        }
        let bytes: Vec<u8> = (0..=255).chain((0..1000).map(|i| (i * 7 % 256) as u8)).collect();
        assert_eq!(decode(&encode(&bytes)), Some(bytes));
        for bad in ["Zg=", "Z===", "Zg==Zg==", "Zm9v!", "****"] {
            assert_eq!(decode(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_description_round_trips_and_refuses_junk() {
        let s = Saved { at_ms: 1_795_000_000_000.0, accuracy: Some(0.978), examples: 40_000 };
        assert_eq!(parse(&describe(&s)), Some(s));
        let none = Saved { accuracy: None, ..s };
        assert_eq!(parse(&describe(&none)), Some(none));
        for bad in ["", "x;0.9;1", "1;2;3", "1;0.5;-4", "1;0.5;4;extra"] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }
}
