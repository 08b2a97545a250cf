//! The part of the ZIP format that NumPy's `.npz` files use (PKWARE APPNOTE 6.3): entries
//! stored or deflated, ZIP64 extra fields (NumPy writes them), no encryption, one disk.
//!
//! Read through the central directory, each entry's CRC-32 checked; written stored (the
//! weights do not compress and the browser's download should be instant).

use super::error::NpzError;

const LOCAL: u32 = 0x0403_4b50;
const CENTRAL: u32 = 0x0201_4b50;
const END: u32 = 0x0605_4b50;
const END64: u32 = 0x0606_4b50;
const END64_LOCATOR: u32 = 0x0706_4b50;
const STORED: u16 = 0;
const DEFLATED: u16 = 8;
/// 1980-01-01 00:00 in MS-DOS format: a fixed date, so an export is reproducible.
const DOS_DATE: u16 = (1 << 5) | 1;

fn u16_at(b: &[u8], at: usize) -> Result<u16, NpzError> {
    b.get(at..at + 2).map(|s| u16::from_le_bytes([s[0], s[1]])).ok_or(NpzError::Truncated)
}

fn u32_at(b: &[u8], at: usize) -> Result<u32, NpzError> {
    b.get(at..at + 4)
        .map(|s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
        .ok_or(NpzError::Truncated)
}

fn u64_at(b: &[u8], at: usize) -> Result<u64, NpzError> {
    let s = b.get(at..at + 8).ok_or(NpzError::Truncated)?;
    let mut a = [0u8; 8];
    a.copy_from_slice(s);
    Ok(u64::from_le_bytes(a))
}

fn size(v: u64) -> Result<usize, NpzError> {
    usize::try_from(v).map_err(|_| NpzError::TooLarge)
}

/// Where the central directory is and how many entries it lists.
fn directory(b: &[u8]) -> Result<(usize, usize), NpzError> {
    if b.len() >= 4 && u32_at(b, 0)? != LOCAL {
        return Err(NpzError::NotZip);
    }
    // The end record is the last 22 bytes, unless a comment (≤ 65,535 bytes) follows it.
    let lowest = b.len().saturating_sub(22 + 0xffff);
    let end = (lowest..=b.len().saturating_sub(22))
        .rev()
        .find(|&at| u32_at(b, at) == Ok(END))
        .ok_or(if b.len() < 4 { NpzError::NotZip } else { NpzError::Truncated })?;
    let mut count = u16_at(b, end + 10)? as u64;
    let mut offset = u32_at(b, end + 16)? as u64;
    if count == 0xffff || offset == 0xffff_ffff {
        // ZIP64: a locator just before the end record points to the 64-bit end record.
        let loc = end.checked_sub(20).ok_or(NpzError::Truncated)?;
        if u32_at(b, loc)? != END64_LOCATOR {
            return Err(NpzError::Corrupt("no ZIP64 end record".into()));
        }
        let e64 = size(u64_at(b, loc + 8)?)?;
        if u32_at(b, e64)? != END64 {
            return Err(NpzError::Corrupt("bad ZIP64 end record".into()));
        }
        count = u64_at(b, e64 + 32)?;
        offset = u64_at(b, e64 + 48)?;
    }
    Ok((size(offset)?, size(count)?))
}

/// The ZIP64 extra field's values, in the order APPNOTE gives, for the fields whose 32-bit
/// slot says 0xFFFFFFFF.
fn zip64_values(extra: &[u8], wanted: usize) -> Result<Vec<u64>, NpzError> {
    let mut at = 0;
    while at + 4 <= extra.len() {
        let (id, len) = (u16_at(extra, at)?, u16_at(extra, at + 2)? as usize);
        let body = extra.get(at + 4..at + 4 + len).ok_or(NpzError::Truncated)?;
        if id == 1 {
            return (0..wanted).map(|i| u64_at(body, i * 8)).collect();
        }
        at += 4 + len;
    }
    Err(NpzError::Corrupt("a ZIP64 size is missing".into()))
}

/// Every entry's name and contents, in the directory's order.
///
/// # Errors
/// Not a ZIP file, cut short, encrypted, a compression other than stored/deflate, a bad
/// CRC, more than `limit` bytes once inflated in total, or more than `max_entries` entries.
pub fn read(
    b: &[u8],
    limit: usize,
    max_entries: usize,
) -> Result<Vec<(String, Vec<u8>)>, NpzError> {
    let (mut at, count) = directory(b)?;
    if count > max_entries {
        return Err(NpzError::TooManyEntries(count));
    }
    let mut out = Vec::with_capacity(count);
    let mut total = 0usize;
    for _ in 0..count {
        if u32_at(b, at)? != CENTRAL {
            return Err(NpzError::Corrupt("bad central directory".into()));
        }
        let flags = u16_at(b, at + 8)?;
        let method = u16_at(b, at + 10)?;
        let crc = u32_at(b, at + 16)?;
        let mut packed = u32_at(b, at + 20)? as u64;
        let mut unpacked = u32_at(b, at + 24)? as u64;
        let (name_len, extra_len, comment_len) =
            (u16_at(b, at + 28)? as usize, u16_at(b, at + 30)? as usize, u16_at(b, at + 32)?);
        let mut local = u32_at(b, at + 42)? as u64;
        let name = b.get(at + 46..at + 46 + name_len).ok_or(NpzError::Truncated)?;
        let name = String::from_utf8_lossy(name).into_owned();
        let extra =
            b.get(at + 46 + name_len..at + 46 + name_len + extra_len).ok_or(NpzError::Truncated)?;
        let big = [unpacked, packed, local].iter().filter(|&&v| v == 0xffff_ffff).count();
        if big > 0 {
            let mut v = zip64_values(extra, big)?.into_iter();
            for slot in [&mut unpacked, &mut packed, &mut local] {
                if *slot == 0xffff_ffff {
                    *slot = v.next().unwrap_or(0);
                }
            }
        }
        at += 46 + name_len + extra_len + comment_len as usize;
        if flags & 1 != 0 {
            return Err(NpzError::Encrypted);
        }
        let (unpacked, packed, local) = (size(unpacked)?, size(packed)?, size(local)?);
        total = total.checked_add(unpacked).ok_or(NpzError::TooLarge)?;
        if total > limit {
            return Err(NpzError::TooLarge);
        }
        if u32_at(b, local)? != LOCAL {
            return Err(NpzError::Corrupt(format!("{name}: bad local header")));
        }
        let start = local + 30 + u16_at(b, local + 26)? as usize + u16_at(b, local + 28)? as usize;
        let data = b.get(start..start + packed).ok_or(NpzError::Truncated)?;
        let data = match method {
            STORED => data.to_vec(),
            DEFLATED => miniz_oxide::inflate::decompress_to_vec_with_limit(data, unpacked)
                .map_err(|_| NpzError::Corrupt(format!("{name}: bad compressed data")))?,
            m => return Err(NpzError::Compression(m)),
        };
        if data.len() != unpacked || crc32fast::hash(&data) != crc {
            return Err(NpzError::Corrupt(format!("{name}: checksum mismatch")));
        }
        out.push((name, data));
    }
    Ok(out)
}

/// A ZIP file of `entries`, stored (not compressed).
pub fn write(entries: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    let push16 = |v: &mut Vec<u8>, x: u16| v.extend_from_slice(&x.to_le_bytes());
    let push32 = |v: &mut Vec<u8>, x: u32| v.extend_from_slice(&x.to_le_bytes());
    for (name, data) in entries {
        let (crc, len, offset) = (crc32fast::hash(data), data.len() as u32, out.len() as u32);
        // Local header: signature, version needed (2.0), flags (bit 11: UTF-8 names),
        // method, time, date, CRC, sizes, name length, extra length.
        push32(&mut out, LOCAL);
        for x in [20, 1 << 11, STORED, 0, DOS_DATE] {
            push16(&mut out, x);
        }
        for x in [crc, len, len] {
            push32(&mut out, x);
        }
        push16(&mut out, name.len() as u16);
        push16(&mut out, 0);
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(data);
        // Central entry: made by version 2.0, the same fields, then comment, disk, attributes.
        push32(&mut central, CENTRAL);
        for x in [20, 20, 1 << 11, STORED, 0, DOS_DATE] {
            push16(&mut central, x);
        }
        for x in [crc, len, len] {
            push32(&mut central, x);
        }
        for x in [name.len() as u16, 0, 0, 0, 0] {
            push16(&mut central, x);
        }
        push32(&mut central, 0);
        push32(&mut central, offset);
        central.extend_from_slice(name.as_bytes());
    }
    let (dir_offset, dir_len) = (out.len() as u32, central.len() as u32);
    out.extend_from_slice(&central);
    push32(&mut out, END);
    for x in [0, 0, entries.len() as u16, entries.len() as u16] {
        push16(&mut out, x);
    }
    push32(&mut out, dir_len);
    push32(&mut out, dir_offset);
    push16(&mut out, 0);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<(String, Vec<u8>)> {
        vec![
            ("a.npy".to_string(), b"hello".to_vec()),
            ("empty".to_string(), vec![]),
            ("b/é.txt".to_string(), (0..=255).collect()),
        ]
    }

    #[test]
    fn what_is_written_reads_back() {
        let z = write(&sample());
        assert_eq!(read(&z, 1 << 20, 10).unwrap(), sample());
    }

    #[test]
    fn every_cut_is_refused_without_panic() {
        let z = write(&sample());
        for n in 0..z.len() {
            assert!(read(&z[..n], 1 << 20, 10).is_err(), "a file cut at {n} was read");
        }
    }

    #[test]
    fn a_flipped_byte_of_data_fails_the_crc() {
        let mut z = write(&sample());
        let at = z.windows(5).position(|w| w == b"hello").unwrap();
        z[at] ^= 1;
        assert!(matches!(read(&z, 1 << 20, 10), Err(NpzError::Corrupt(_))));
    }

    #[test]
    fn limits_are_kept() {
        let z = write(&sample());
        assert_eq!(read(&z, 100, 10), Err(NpzError::TooLarge));
        assert_eq!(read(&z, 1 << 20, 2), Err(NpzError::TooManyEntries(3)));
        assert_eq!(read(b"GIF89a........................", 1 << 20, 10), Err(NpzError::NotZip));
    }

    #[test]
    fn deflated_entries_inflate() {
        // A deflated entry built by hand: the same layout with method 8.
        let data = b"convolab convolab convolab convolab".to_vec();
        let packed = miniz_oxide::deflate::compress_to_vec(&data, 6);
        let mut z = write(&[("x".to_string(), packed.clone())]);
        // Patch method and the uncompressed size/CRC in both headers.
        let crc = crc32fast::hash(&data).to_le_bytes();
        let len = (data.len() as u32).to_le_bytes();
        z[8] = 8;
        z[14..18].copy_from_slice(&crc);
        z[22..26].copy_from_slice(&len);
        let c = z.windows(4).position(|w| w == CENTRAL.to_le_bytes()).unwrap();
        z[c + 10] = 8;
        z[c + 16..c + 20].copy_from_slice(&crc);
        z[c + 24..c + 28].copy_from_slice(&len);
        assert_eq!(read(&z, 1 << 20, 10).unwrap(), vec![("x".to_string(), data)]);
    }
}
