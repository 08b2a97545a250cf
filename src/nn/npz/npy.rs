//! One array in NumPy's `.npy` format (NEP 1): a magic string, a Python dict literal for
//! its header (`{'descr': '<f4', 'fortran_order': False, 'shape': (6, 3, 3, 1), }`), then
//! the raw values.
//!
//! Read: floats (`f4`, `f8`), integers (`u1`, `i1`, `i4`, `i8`…), either byte order, C or
//! Fortran order, and unicode strings (`<U…`, what `np.savez(config=model.to_json())`
//! stores). Written: version 1.0, little-endian, C order.

use super::array::{Array, Data};
use super::error::NpzError;

const MAGIC: &[u8; 6] = b"\x93NUMPY";

/// The header's three keys.
struct Header {
    descr: String,
    fortran: bool,
    shape: Vec<usize>,
}

/// A tiny reader for the header's dict literal: strings, `True`/`False`, tuples of ints.
struct Literal<'a> {
    s: &'a [u8],
    at: usize,
}

impl Literal<'_> {
    fn skip_space(&mut self) {
        while self.s.get(self.at).is_some_and(|c| c.is_ascii_whitespace()) {
            self.at += 1;
        }
    }
    fn eat(&mut self, c: u8) -> bool {
        self.skip_space();
        if self.s.get(self.at) == Some(&c) {
            self.at += 1;
            true
        } else {
            false
        }
    }
    fn string(&mut self) -> Option<String> {
        self.skip_space();
        let q = *self.s.get(self.at).filter(|&&c| c == b'\'' || c == b'"')?;
        let start = self.at + 1;
        let len = self.s.get(start..)?.iter().position(|&c| c == q)?;
        self.at = start + len + 1;
        String::from_utf8(self.s[start..start + len].to_vec()).ok()
    }
    fn word(&mut self) -> &[u8] {
        self.skip_space();
        let start = self.at;
        while self.s.get(self.at).is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_') {
            self.at += 1;
        }
        &self.s[start..self.at]
    }
}

fn parse_header(text: &[u8]) -> Option<Header> {
    let mut p = Literal { s: text, at: 0 };
    let (mut descr, mut fortran, mut shape) = (None, None, None);
    if !p.eat(b'{') {
        return None;
    }
    while !p.eat(b'}') {
        let key = p.string()?;
        if !p.eat(b':') {
            return None;
        }
        match key.as_str() {
            // A list here is a structured dtype: not an array of numbers.
            "descr" => descr = Some(p.string()?),
            "fortran_order" => {
                fortran = Some(match p.word() {
                    b"True" => true,
                    b"False" => false,
                    _ => return None,
                })
            }
            "shape" => {
                if !p.eat(b'(') {
                    return None;
                }
                let mut dims = Vec::new();
                while !p.eat(b')') {
                    let w = p.word();
                    // Python 2 wrote `3L`.
                    let w = w.strip_suffix(b"L").unwrap_or(w);
                    dims.push(std::str::from_utf8(w).ok()?.parse::<usize>().ok()?);
                    p.eat(b',');
                }
                shape = Some(dims);
            }
            _ => return None,
        }
        p.eat(b',');
    }
    Some(Header { descr: descr?, fortran: fortran?, shape: shape? })
}

/// Reads one array; `name` is for the messages.
pub fn read(name: &str, b: &[u8]) -> Result<Array, NpzError> {
    let bad = |why: &str| NpzError::BadArray { name: name.to_string(), why: why.to_string() };
    if b.len() < 10 || &b[..6] != MAGIC {
        return Err(bad("not a NumPy array"));
    }
    let (header_len, start) = match b[6] {
        1 => (u16::from_le_bytes([b[8], b[9]]) as usize, 10),
        2 | 3 => {
            let s = b.get(8..12).ok_or_else(|| bad("cut short"))?;
            (u32::from_le_bytes([s[0], s[1], s[2], s[3]]) as usize, 12)
        }
        _ => return Err(bad("unknown .npy version")),
    };
    let text = b.get(start..start + header_len).ok_or_else(|| bad("cut short"))?;
    let h = parse_header(text).ok_or_else(|| bad("unreadable header"))?;
    let raw = &b[start + header_len..];
    let count = h
        .shape
        .iter()
        .try_fold(1usize, |n, &d| n.checked_mul(d))
        .ok_or_else(|| bad("too large"))?;
    let descr = h.descr.as_bytes();
    let (order, kind, width) = match descr {
        [o @ (b'<' | b'>' | b'|' | b'='), k, w @ ..] => (*o, *k, w),
        _ => return Err(NpzError::Dtype { name: name.to_string(), dtype: h.descr.clone() }),
    };
    let width: usize = std::str::from_utf8(width).ok().and_then(|w| w.parse().ok()).unwrap_or(0);
    let supported = matches!((kind, width), (b'f', 4 | 8) | (b'i' | b'u', 1 | 2 | 4 | 8))
        || (kind == b'U' && width > 0);
    if !supported {
        return Err(NpzError::Dtype { name: name.to_string(), dtype: h.descr.clone() });
    }
    let item = if kind == b'U' { width.checked_mul(4) } else { Some(width) };
    let item = item.filter(|&w| w > 0).ok_or_else(|| bad("bad data type"))?;
    let bytes = count.checked_mul(item).ok_or_else(|| bad("too large"))?;
    if raw.len() != bytes {
        return Err(bad(if raw.len() < bytes { "cut short" } else { "extra bytes" }));
    }
    let big = order == b'>';
    // Each value's bytes in little-endian order.
    let le = |chunk: &[u8]| -> Vec<u8> {
        let mut v = chunk.to_vec();
        if big {
            v.reverse();
        }
        v
    };
    let data = match (kind, width) {
        (b'f', 4) => Data::F32(
            raw.chunks_exact(4)
                .map(|c| {
                    let v = le(c);
                    f32::from_le_bytes([v[0], v[1], v[2], v[3]])
                })
                .collect(),
        ),
        (b'f', 8) => Data::F64(
            raw.chunks_exact(8)
                .map(|c| {
                    let mut a = [0u8; 8];
                    a.copy_from_slice(&le(c));
                    f64::from_le_bytes(a)
                })
                .collect(),
        ),
        (b'u', 1) => Data::U8(raw.to_vec()),
        (b'i' | b'u', 1 | 2 | 4 | 8) => Data::I64(
            raw.chunks_exact(width)
                .map(|c| {
                    let v = le(c);
                    let negative = kind == b'i' && v[width - 1] & 0x80 != 0;
                    let mut a = [if negative { 0xff } else { 0 }; 8];
                    a[..width].copy_from_slice(&v);
                    i64::from_le_bytes(a)
                })
                .collect(),
        ),
        (b'U', _) => {
            // Each string is `width` UCS-4 characters, padded with zeros.
            let text = |item: &[u8]| -> String {
                item.chunks_exact(4)
                    .map(|c| {
                        let v = le(c);
                        u32::from_le_bytes([v[0], v[1], v[2], v[3]])
                    })
                    .take_while(|&c| c != 0)
                    .map(|c| char::from_u32(c).unwrap_or(char::REPLACEMENT_CHARACTER))
                    .collect()
            };
            if h.shape.is_empty() {
                Data::Str(text(raw))
            } else {
                Data::Strs(raw.chunks_exact(item).map(text).collect())
            }
        }
        _ => return Err(NpzError::Dtype { name: name.to_string(), dtype: h.descr.clone() }),
    };
    let mut array = Array { shape: h.shape, data };
    if array.fortran_to_c(h.fortran).is_none() {
        return Err(bad("bad data type"));
    }
    Ok(array)
}

/// Writes one array (`.npy` version 1.0, little-endian, C order).
pub fn write(a: &Array) -> Vec<u8> {
    let (descr, body): (String, Vec<u8>) = match &a.data {
        Data::F32(v) => ("<f4".into(), v.iter().flat_map(|x| x.to_le_bytes()).collect()),
        Data::F64(v) => ("<f8".into(), v.iter().flat_map(|x| x.to_le_bytes()).collect()),
        Data::U8(v) => ("|u1".into(), v.clone()),
        Data::I64(v) => ("<i8".into(), v.iter().flat_map(|x| x.to_le_bytes()).collect()),
        Data::Str(s) => {
            // NumPy gives the empty string one (zero) character.
            let n = s.chars().count().max(1);
            let mut body: Vec<u8> = s.chars().flat_map(|c| (c as u32).to_le_bytes()).collect();
            body.resize(n * 4, 0);
            (format!("<U{n}"), body)
        }
        Data::Strs(v) => {
            let n = v.iter().map(|s| s.chars().count()).max().unwrap_or(0).max(1);
            let mut body = Vec::with_capacity(v.len() * n * 4);
            for s in v {
                let start = body.len();
                body.extend(s.chars().flat_map(|c| (c as u32).to_le_bytes()));
                body.resize(start + n * 4, 0);
            }
            (format!("<U{n}"), body)
        }
    };
    let shape = match a.shape.as_slice() {
        [] => "()".to_string(),
        [d] => format!("({d},)"),
        dims => format!("({})", dims.iter().map(|d| d.to_string()).collect::<Vec<_>>().join(", ")),
    };
    let mut header = format!("{{'descr': '{descr}', 'fortran_order': False, 'shape': {shape}, }}");
    // Magic (6) + version (2) + length (2) + header, padded with spaces to a multiple of 64,
    // ending with a newline (NEP 1).
    let total = (10 + header.len() + 1).div_ceil(64) * 64;
    while 10 + header.len() + 1 < total {
        header.push(' ');
    }
    header.push('\n');
    let mut out = Vec::with_capacity(total + body.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&[1, 0]);
    out.extend_from_slice(&(header.len() as u16).to_le_bytes());
    out.extend_from_slice(header.as_bytes());
    out.extend_from_slice(&body);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Bytes NumPy 2.4 wrote for `np.save(f, np.arange(6, dtype='<f4').reshape(2, 3))`.
    fn numpy_f32() -> Vec<u8> {
        let mut b = b"\x93NUMPY\x01\x00v\x00".to_vec();
        let h = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";
        b.extend_from_slice(h.as_bytes());
        b.resize(127, b' ');
        b.push(b'\n');
        for i in 0..6 {
            b.extend_from_slice(&(i as f32).to_le_bytes());
        }
        b
    }

    #[test]
    fn reads_what_numpy_writes_and_writes_the_same_bytes() {
        let a = read("x", &numpy_f32()).unwrap();
        assert_eq!(a.shape, [2, 3]);
        assert_eq!(a.data, Data::F32(vec![0.0, 1.0, 2.0, 3.0, 4.0, 5.0]));
        assert_eq!(write(&a), numpy_f32());
    }

    #[test]
    fn every_kind_round_trips() {
        for a in [
            Array {
                shape: vec![], data: Data::Str("{\"class_name\": \"Sequential\"} é ✓".into())
            },
            Array { shape: vec![3], data: Data::U8(vec![0, 128, 255]) },
            Array { shape: vec![2, 1], data: Data::I64(vec![-3, 1 << 40]) },
            Array { shape: vec![1, 1, 2], data: Data::F64(vec![0.1, -2.5]) },
            Array { shape: vec![0], data: Data::F32(vec![]) },
            Array {
                shape: vec![3],
                data: Data::Strs(vec!["✓".into(), "croix ✗".into(), "".into()]),
            },
        ] {
            let b = write(&a);
            assert_eq!((10 + u16::from_le_bytes([b[8], b[9]]) as usize) % 64, 0);
            assert_eq!(read("a", &b).unwrap(), a);
        }
    }

    #[test]
    fn fortran_order_and_big_endian_are_read_as_c_order() {
        // A 2×3 matrix [[0, 1, 2], [3, 4, 5]] stored column by column, big-endian.
        let mut b = b"\x93NUMPY\x01\x00".to_vec();
        let h = "{'descr': '>f4', 'fortran_order': True, 'shape': (2, 3), }\n";
        b.extend_from_slice(&(h.len() as u16).to_le_bytes());
        b.extend_from_slice(h.as_bytes());
        for v in [0.0f32, 3.0, 1.0, 4.0, 2.0, 5.0] {
            b.extend_from_slice(&v.to_be_bytes());
        }
        let a = read("m", &b).unwrap();
        assert_eq!(a.data, Data::F32(vec![0.0, 1.0, 2.0, 3.0, 4.0, 5.0]));
    }

    #[test]
    fn bad_arrays_are_named_not_panicked_on() {
        let good = numpy_f32();
        for n in 0..good.len() {
            assert!(read("x", &good[..n]).is_err(), "cut at {n} was read");
        }
        let mut objects = good.clone();
        let at = objects.windows(3).position(|w| w == b"<f4").unwrap();
        objects[at..at + 3].copy_from_slice(b"|O8");
        assert_eq!(
            read("x", &objects),
            Err(NpzError::Dtype { name: "x".into(), dtype: "|O8".into() })
        );
        let mut extra = good;
        extra.push(0);
        assert!(matches!(read("x", &extra), Err(NpzError::BadArray { .. })));
    }
}
