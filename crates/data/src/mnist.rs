//! The MNIST digits file: format, loader, the fixed split, and batches for training.
//!
//! File format (little-endian), version 1:
//!
//! | bytes | content |
//! |---|---|
//! | 8 | magic `CLMNIST\0` |
//! | 4 | version (1) |
//! | 4 | count `n` |
//! | 4 | rows, 4 cols |
//! | 8 | FNV-1a 64 of the payload (labels then pixels, uncompressed) |
//! | 4 | length `z` of the compressed payload |
//! | z | zlib stream of: `n` labels (u8, 0–9), then `n·rows·cols` pixels (u8, row-major) |
//!
//! Images are numbered in the npm package's order (class files 0 to 9, images in file
//! order); image `i` is a test image iff `i % 5 == 4` (8,000 training, 2,000 test).

use ndarray::ArrayViewMut2;

use super::DataError;

const MAGIC: &[u8; 8] = b"CLMNIST\0";
const VERSION: u32 = 1;
const HEADER: usize = 8 + 4 + 4 + 4 + 4 + 8 + 4;
/// Far above MNIST's 70,000; bounds what a corrupt header can make us allocate.
const MAX_COUNT: usize = 100_000;
const MAX_SIDE: usize = 64;

/// A digits file's header, checked by [`Mnist::read_header`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DigitsHeader {
    count: usize,
    rows: usize,
    cols: usize,
    checksum: u64,
}

impl DigitsHeader {
    /// The zlib stream of a file whose header this is.
    pub fn compressed<'a>(&self, file: &'a [u8]) -> &'a [u8] {
        file.get(HEADER..).unwrap_or(&[])
    }

    /// Bytes of the inflated payload.
    pub fn payload_len(&self) -> usize {
        self.count * (1 + self.rows * self.cols)
    }
}

/// The split an image belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Split {
    Train,
    Test,
}

/// The fixed split, the same everywhere: image `i` is a test image iff `i % 5 == 4`.
pub fn is_test_index(i: usize) -> bool {
    i % 5 == 4
}

/// Labelled grey-level digits (0 background, 255 ink), row-major.
#[derive(Debug, Clone, PartialEq)]
pub struct Mnist {
    rows: usize,
    cols: usize,
    labels: Vec<u8>,
    pixels: Vec<u8>,
    /// Number of classes (10 for the digits; a student's own set has 2 to 10).
    classes: u8,
    /// A student's own set chooses its held-out images per class (`true`: held out);
    /// `None`: the fixed split of [`is_test_index`].
    test: Option<Vec<bool>>,
}

/// FNV-1a 64: a tiny checksum (no dependency) that catches any changed byte in practice.
fn fnv1a64(parts: &[&[u8]]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for &b in *p {
            h ^= b as u64;
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

impl Mnist {
    /// # Errors
    /// Sizes that do not match, an empty set, or a label above 9.
    pub fn new(
        rows: usize,
        cols: usize,
        labels: Vec<u8>,
        pixels: Vec<u8>,
    ) -> Result<Self, DataError> {
        if rows == 0 || cols == 0 || rows > MAX_SIDE || cols > MAX_SIDE {
            return Err(DataError::Corrupt(format!("bad image size {rows}×{cols}")));
        }
        if labels.is_empty() || labels.len() > MAX_COUNT {
            return Err(DataError::Corrupt(format!("bad image count {}", labels.len())));
        }
        if pixels.len() != labels.len() * rows * cols {
            return Err(DataError::Corrupt(format!(
                "{} pixels for {} images of {rows}×{cols}",
                pixels.len(),
                labels.len()
            )));
        }
        if let Some(l) = labels.iter().find(|&&l| l > 9) {
            return Err(DataError::Corrupt(format!("label {l} is not a digit")));
        }
        Ok(Mnist { rows, cols, labels, pixels, classes: 10, test: None })
    }

    /// A student's own set: labels `0..classes` (2 to 10 classes) and its own held-out
    /// images (`test[i]`: image `i` is held out).
    ///
    /// # Errors
    /// As [`Self::new`], a label out of range, a split of the wrong length.
    pub fn with_classes(
        rows: usize,
        cols: usize,
        labels: Vec<u8>,
        pixels: Vec<u8>,
        classes: u8,
        test: Vec<bool>,
    ) -> Result<Self, DataError> {
        if !(2..=10).contains(&classes) {
            return Err(DataError::Corrupt(format!("{classes} classes (2 to 10)")));
        }
        if test.len() != labels.len() {
            return Err(DataError::Corrupt(format!(
                "a split of {} for {} images",
                test.len(),
                labels.len()
            )));
        }
        if let Some(l) = labels.iter().find(|&&l| l >= classes) {
            return Err(DataError::Corrupt(format!("label {l} for {classes} classes")));
        }
        let mut m = Self::new(rows, cols, labels, pixels)?;
        m.classes = classes;
        m.test = Some(test);
        Ok(m)
    }

    /// Number of classes: the network's outputs.
    pub fn classes(&self) -> usize {
        self.classes as usize
    }

    /// Whether image `i` is held out (the test split).
    pub fn is_test(&self, i: usize) -> bool {
        match &self.test {
            Some(t) => t.get(i).copied().unwrap_or(false),
            None => is_test_index(i),
        }
    }

    /// Parses a digits file (see the module docs). Checks everything; never panics.
    ///
    /// # Errors
    /// Truncation, wrong magic or version, bad sizes, a checksum or zlib error, bad labels.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, DataError> {
        let header = Self::read_header(bytes)?;
        let payload = miniz_oxide::inflate::decompress_to_vec_zlib_with_limit(
            header.compressed(bytes),
            header.payload_len(),
        )
        .map_err(|e| DataError::Corrupt(format!("bad compressed data ({:?})", e.status)))?;
        Self::from_payload(&header, payload)
    }

    /// Checks a digits file's header (everything but the compressed payload), so that a
    /// caller with its own inflater (the worker: the browser's `DecompressionStream`) can
    /// finish with [`Self::from_payload`].
    ///
    /// # Errors
    /// Truncation, wrong magic or version, implausible sizes, bytes missing or in excess.
    pub fn read_header(bytes: &[u8]) -> Result<DigitsHeader, DataError> {
        if bytes.len() < 8 || &bytes[..8] != MAGIC {
            return Err(if bytes.len() < 8 && MAGIC.starts_with(bytes) {
                DataError::Truncated { needed: HEADER, available: bytes.len() }
            } else {
                DataError::BadMagic
            });
        }
        if bytes.len() < HEADER {
            return Err(DataError::Truncated { needed: HEADER, available: bytes.len() });
        }
        let version = u32_at(bytes, 8);
        if version != VERSION {
            return Err(DataError::UnsupportedVersion(version));
        }
        let count = u32_at(bytes, 12) as usize;
        let (rows, cols) = (u32_at(bytes, 16) as usize, u32_at(bytes, 20) as usize);
        let checksum = u64::from_le_bytes(bytes[24..32].try_into().unwrap_or_default());
        let zlen = u32_at(bytes, 32) as usize;
        if count == 0
            || count > MAX_COUNT
            || rows == 0
            || cols == 0
            || rows > MAX_SIDE
            || cols > MAX_SIDE
        {
            return Err(DataError::Corrupt(format!(
                "implausible header: {count} images of {rows}×{cols}"
            )));
        }
        let available = bytes.len() - HEADER;
        if available < zlen {
            return Err(DataError::Truncated { needed: HEADER + zlen, available: bytes.len() });
        }
        if available > zlen {
            return Err(DataError::Corrupt(format!(
                "{} unexpected bytes at the end",
                available - zlen
            )));
        }
        Ok(DigitsHeader { count, rows, cols, checksum })
    }

    /// The digits from a checked header and the inflated payload (labels then pixels).
    ///
    /// # Errors
    /// A payload of the wrong length or checksum, bad labels.
    pub fn from_payload(header: &DigitsHeader, payload: Vec<u8>) -> Result<Self, DataError> {
        let expected = header.payload_len();
        if payload.len() != expected {
            return Err(DataError::Corrupt(format!(
                "{} bytes of data where {expected} are expected",
                payload.len()
            )));
        }
        if fnv1a64(&[&payload]) != header.checksum {
            return Err(DataError::Corrupt("checksum mismatch".into()));
        }
        let mut labels = payload;
        let pixels = labels.split_off(header.count);
        Self::new(header.rows, header.cols, labels, pixels)
    }

    /// Encodes the file (see the module docs); deterministic, so the committed file can be
    /// rebuilt byte for byte.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut payload = Vec::with_capacity(self.labels.len() + self.pixels.len());
        payload.extend_from_slice(&self.labels);
        payload.extend_from_slice(&self.pixels);
        let z = miniz_oxide::deflate::compress_to_vec_zlib(&payload, 9);
        let mut out = Vec::with_capacity(HEADER + z.len());
        out.extend_from_slice(MAGIC);
        for v in [VERSION, self.len() as u32, self.rows as u32, self.cols as u32] {
            out.extend_from_slice(&v.to_le_bytes());
        }
        out.extend_from_slice(&fnv1a64(&[&payload]).to_le_bytes());
        out.extend_from_slice(&(z.len() as u32).to_le_bytes());
        out.extend_from_slice(&z);
        out
    }

    /// Reads a digits file from disk (native tools and tests).
    ///
    /// # Errors
    /// An I/O error or any [`Self::from_bytes`] error.
    pub fn load(path: impl AsRef<std::path::Path>) -> Result<Self, DataError> {
        let p = path.as_ref();
        let bytes = std::fs::read(p).map_err(|e| DataError::Io(format!("{}: {e}", p.display())))?;
        Self::from_bytes(&bytes)
    }

    pub fn len(&self) -> usize {
        self.labels.len()
    }
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }
    /// `(rows, cols)` of every image (28×28 for MNIST).
    pub fn image_shape(&self) -> (usize, usize) {
        (self.rows, self.cols)
    }
    pub fn labels(&self) -> &[u8] {
        &self.labels
    }
    /// Label of image `i` (`None` out of range).
    pub fn label(&self, i: usize) -> Option<u8> {
        self.labels.get(i).copied()
    }
    /// Pixels of image `i`, row-major, 0–255 (`None` out of range).
    pub fn image(&self, i: usize) -> Option<&[u8]> {
        let n = self.rows * self.cols;
        self.pixels.get(i * n..(i + 1) * n)
    }

    /// Indices of the images of a split, in order.
    pub fn indices(&self, split: Split) -> Vec<usize> {
        (0..self.len()).filter(|&i| self.is_test(i) == (split == Split::Test)).collect()
    }

    /// Writes image `i` into `out` (an `h × w` grid, row-major, values in [0, 1]):
    /// centred (MNIST 28×28 into the course's 32×32 adds 2 zero pixels on each side),
    /// then moved by `shift = (dy, dx)` pixels (data augmentation; what leaves the
    /// grid is cut).
    pub fn write_image(
        &self,
        i: usize,
        out: &mut [f32],
        h: usize,
        w: usize,
        shift: (isize, isize),
    ) {
        out.iter_mut().for_each(|v| *v = 0.0);
        let Some(img) = self.image(i) else { return };
        if out.len() < h * w {
            return;
        }
        let oy = (h as isize - self.rows as isize) / 2 + shift.0;
        let ox = (w as isize - self.cols as isize) / 2 + shift.1;
        for r in 0..self.rows {
            let y = r as isize + oy;
            if y < 0 || y >= h as isize {
                continue;
            }
            for c in 0..self.cols {
                let x = c as isize + ox;
                if x >= 0 && x < w as isize {
                    out[y as usize * w + x as usize] =
                        img[r * self.cols + c] as f32 * (1.0 / 255.0);
                }
            }
        }
    }

    /// Fills a training batch: row `j` of `x` gets image `indices[j]` (see
    /// [`Self::write_image`]) and `labels[j]` its label.
    ///
    /// # Shapes
    /// `x` `(indices.len(), h·w)`.
    pub fn write_batch(
        &self,
        indices: &[usize],
        mut x: ArrayViewMut2<'_, f32>,
        h: usize,
        w: usize,
        shifts: Option<&[(isize, isize)]>,
        labels: &mut Vec<u8>,
    ) {
        labels.clear();
        for (j, (&i, mut row)) in indices.iter().zip(x.outer_iter_mut()).enumerate() {
            let s = shifts.and_then(|s| s.get(j).copied()).unwrap_or((0, 0));
            if let Some(r) = row.as_slice_mut() {
                self.write_image(i, r, h, w, s);
            }
            labels.push(self.label(i).unwrap_or(0));
        }
    }
}

/// A small learnable digits set for the trainer's tests: class k is a vertical bar at
/// column 4 + 2k; `noise` adds one grey pixel per row (so shares of a batch differ).
/// Public for the app crate's tests (the trainer's); no page calls it.
#[doc(hidden)]
pub fn bar_digits(n: usize, noise: bool) -> Mnist {
    let mut labels = Vec::new();
    let mut pixels = Vec::new();
    for i in 0..n {
        let k = (i % 10) as u8;
        labels.push(k);
        let mut img = vec![0u8; 28 * 28];
        for r in 4..24 {
            img[r * 28 + 4 + 2 * k as usize] = 255;
            if noise {
                img[r * 28 + (i * 7 + r) % 28] = 90;
            }
        }
        pixels.extend(img);
    }
    Mnist::new(28, 28, labels, pixels).unwrap()
}
