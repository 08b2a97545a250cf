//! The file's bytes: a little-endian writer, a checked reader, and the checksum.

use super::error::WeightsError;
use crate::nn::{Activation, Padding};

const MAX_DIM: u32 = 1 << 16;

pub(super) fn fnv1a64(b: &[u8]) -> u64 {
    b.iter()
        .fold(0xcbf2_9ce4_8422_2325u64, |h, &x| (h ^ x as u64).wrapping_mul(0x0000_0100_0000_01b3))
}

pub(super) struct Writer(pub(super) Vec<u8>);

impl Writer {
    #[cfg(test)]
    pub(super) fn u8(&mut self, v: u8) {
        self.0.push(v);
    }
    pub(super) fn u32(&mut self, v: usize) {
        self.0.extend_from_slice(&(v as u32).to_le_bytes());
    }
    pub(super) fn f32(&mut self, v: f32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    #[cfg(test)]
    pub(super) fn padding(&mut self, p: Padding) {
        self.u8(match p {
            Padding::Valid => 0,
            Padding::Same => 1,
        });
    }
}

pub(super) struct Reader<'a> {
    pub(super) b: &'a [u8],
    pub(super) pos: usize,
}

impl Reader<'_> {
    pub(super) fn take(&mut self, n: usize) -> Result<&[u8], WeightsError> {
        let end = self.pos.checked_add(n).ok_or(WeightsError::Truncated)?;
        let s = self.b.get(self.pos..end).ok_or(WeightsError::Truncated)?;
        self.pos = end;
        Ok(s)
    }
    pub(super) fn remaining(&self) -> usize {
        self.b.len() - self.pos
    }
    pub(super) fn u8(&mut self) -> Result<u8, WeightsError> {
        Ok(self.take(1)?[0])
    }
    pub(super) fn u32(&mut self) -> Result<u32, WeightsError> {
        let s = self.take(4)?;
        Ok(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
    }
    /// A size field: at least 1, at most `MAX_DIM`.
    /// `_what` names the field where it is read, for the reader of this code.
    pub(super) fn dim(&mut self, _what: &str) -> Result<usize, WeightsError> {
        let v = self.u32()?;
        if v == 0 || v > MAX_DIM {
            return Err(WeightsError::BadArchitecture(None));
        }
        Ok(v as usize)
    }
    pub(super) fn bool(&mut self) -> Result<bool, WeightsError> {
        match self.u8()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(WeightsError::BadArchitecture(None)),
        }
    }
    pub(super) fn padding(&mut self) -> Result<Padding, WeightsError> {
        match self.u8()? {
            0 => Ok(Padding::Valid),
            1 => Ok(Padding::Same),
            _ => Err(WeightsError::BadArchitecture(None)),
        }
    }
    pub(super) fn activation(&mut self) -> Result<Activation, WeightsError> {
        let c = self.u8()?;
        Activation::from_code(c).ok_or(WeightsError::BadArchitecture(None))
    }
}
