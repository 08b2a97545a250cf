//! An example from a picture: the pad's ink or an uploaded image's pixels, through the
//! same MNIST-style preprocessing as the pad's digits (`data::preprocess_drawing`: crop to
//! the ink, fit 20×20, centre of mass at the middle of 28×28).

use crate::data::{DataError, preprocess_drawing};

use super::PIXELS;

/// Most pixels of a picture handed to the core (the page draws an upload at most 512 px
/// on its longest side first; this bounds what a bad call can make us allocate).
pub const MAX_PICTURE_PIXELS: usize = 4096 * 4096;

/// The 28×28 example (0–255) of a drawing of ink intensities in [0, 1] (the pad's).
///
/// # Errors
/// An empty drawing, a bad size or value (see [`preprocess_drawing`]).
pub fn example_from_ink(ink: &[f32], width: usize, height: usize) -> Result<Vec<u8>, DataError> {
    let p = preprocess_drawing(ink, width, height)?;
    let e: Vec<u8> = p.mnist28.iter().map(|&v| (v.clamp(0.0, 1.0) * 255.0).round() as u8).collect();
    debug_assert_eq!(e.len(), PIXELS);
    Ok(e)
}

/// The ink of a picture's RGBA pixels (a canvas's `ImageData`), as the pad's: the
/// picture is laid on white (transparent is paper), its grey level read; the background
/// is what the border holds, so a dark drawing on light paper and a light drawing on a
/// dark board both become ink on nothing; then stretched so that the darkest stroke is
/// full ink (a photo's pencil is grey).
///
/// # Errors
/// A size that does not match, or too large.
pub fn ink_from_rgba(rgba: &[u8], width: usize, height: usize) -> Result<Vec<f32>, DataError> {
    let n = width.checked_mul(height).filter(|&n| n > 0 && n <= MAX_PICTURE_PIXELS);
    let Some(n) = n.filter(|&n| n.checked_mul(4) == Some(rgba.len())) else {
        return Err(DataError::BadDrawing(format!(
            "{} bytes for a {width}×{height} picture",
            rgba.len()
        )));
    };
    // Integer luminance (Rec. 601 weights in thousandths): a grey r = g = b = v gives v
    // exactly, so a picture drawn grey on white reads back as the pad's ink.
    let grey: Vec<f32> = rgba
        .chunks_exact(4)
        .map(|p| {
            let (r, g, b, a) = (p[0] as u32, p[1] as u32, p[2] as u32, p[3] as u32);
            let lum = (299 * r + 587 * g + 114 * b) / 1000;
            // Over white: a·lum + (1 − a)·255, in 0–255.
            let v = (a * lum + (255 - a) * 255) as f32 / (255.0 * 255.0);
            1.0 - v
        })
        .collect();
    let border: Vec<f32> = (0..n)
        .filter(|&i| {
            let (x, y) = (i % width, i / width);
            x == 0 || y == 0 || x + 1 == width || y + 1 == height
        })
        .map(|i| grey[i])
        .collect();
    let bg = border.iter().sum::<f32>() / border.len().max(1) as f32;
    // A dark border: light strokes on a dark ground, the ink is the light.
    let ink: Vec<f32> = if bg > 0.5 { grey.iter().map(|v| 1.0 - v).collect() } else { grey };
    let bg = bg.min(1.0 - bg);
    let top = ink.iter().copied().fold(0.0f32, f32::max);
    if top - bg <= 0.0 {
        return Ok(vec![0.0; n]);
    }
    let scale = 1.0 / (top - bg);
    // A clean background (bg 0) with full-ink strokes (top 1) is left as it is.
    Ok(ink
        .iter()
        .map(|&v| if bg == 0.0 && top == 1.0 { v } else { ((v - bg) * scale).clamp(0.0, 1.0) })
        .collect())
}

/// The 28×28 example (0–255) of a picture's RGBA pixels (see [`ink_from_rgba`]).
///
/// # Errors
/// A bad size, or a picture with nothing drawn ([`DataError::EmptyDrawing`]).
pub fn example_from_rgba(rgba: &[u8], width: usize, height: usize) -> Result<Vec<u8>, DataError> {
    let ink = ink_from_rgba(rgba, width, height)?;
    example_from_ink(&ink, width, height)
}

/// Most bytes of one uploaded file (a phone's photo is 2–12 MB; a 50 MB file is refused
/// before the browser decodes it).
pub const MAX_UPLOAD_BYTES: u64 = 20 << 20;
/// Most files in one upload (a folder of 5,000 pictures is refused as a whole: the page
/// would stall decoding them, and no class holds that many).
pub const MAX_FILES_AT_ONCE: usize = 200;
/// The picture types every browser decodes.
pub const IMAGE_TYPES: [&str; 4] = ["image/png", "image/jpeg", "image/webp", "image/gif"];

/// Why an uploaded file (or a whole upload) is refused; the page words it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// More than [`MAX_FILES_AT_ONCE`] files at once: how many.
    TooManyFiles(usize),
    /// Not a PNG, JPEG, WebP or GIF (by its type, or its name when the type is unknown).
    NotAnImage(String),
    /// Larger than [`MAX_UPLOAD_BYTES`]: name and size.
    TooLarge(String, u64),
    /// The browser could not decode it (damaged, or not what its name says).
    Undecodable(String),
    /// Nothing drawn in it (a blank page).
    Blank(String),
}

/// Checks an upload's number of files before anything is read.
///
/// # Errors
/// [`Refusal::TooManyFiles`].
pub fn screen_upload(files: usize) -> Result<(), Refusal> {
    if files > MAX_FILES_AT_ONCE { Err(Refusal::TooManyFiles(files)) } else { Ok(()) }
}

/// Checks one file by its name, type and size before the browser decodes it.
///
/// # Errors
/// Not a picture type the page reads, or too large.
pub fn screen_file(name: &str, mime: &str, bytes: u64) -> Result<(), Refusal> {
    let lower = name.to_lowercase();
    let by_name = [".png", ".jpg", ".jpeg", ".webp", ".gif"].iter().any(|e| lower.ends_with(e));
    let ok = if mime.is_empty() { by_name } else { IMAGE_TYPES.contains(&mime) };
    if !ok {
        return Err(Refusal::NotAnImage(name.to_string()));
    }
    if bytes > MAX_UPLOAD_BYTES {
        return Err(Refusal::TooLarge(name.to_string(), bytes));
    }
    Ok(())
}

/// The size to draw a picture of `width × height` at before reading its pixels: its
/// longest side at most `max` (the preprocessing fits 20×20 anyway), never zero.
pub fn fit_within(width: u32, height: u32, max: u32) -> (u32, u32) {
    let long = width.max(height).max(1);
    if long <= max {
        return (width.max(1), height.max(1));
    }
    let scale = max as f64 / long as f64;
    (
        ((width as f64 * scale).round() as u32).clamp(1, max),
        ((height as f64 * scale).round() as u32).clamp(1, max),
    )
}
