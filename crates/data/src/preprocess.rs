//! Drawn-digit preprocessing, as MNIST's digits were made: crop to the ink, scale to fit
//! 20×20 keeping the aspect ratio (area average: anti-aliased), centre by centre of mass
//! in 28×28, then pad to the course's 32×32.

use super::DataError;

/// Below this intensity a pixel is background (canvas anti-aliasing leaves faint dust).
const INK_THRESHOLD: f32 = 0.05;

/// The steps of preprocessing, for the UI to show them.
#[derive(Debug, Clone, PartialEq)]
pub struct Preprocessed {
    /// Ink bounding box in the drawing: `(x0, y0, x1, y1)`, exclusive ends.
    pub bbox: (usize, usize, usize, usize),
    /// Size of the scaled digit `(rows, cols)`, each ≤ 20, the longer side 20.
    pub scaled_size: (usize, usize),
    /// 28×28, values in [0, 1], row-major: the MNIST-like digit.
    pub mnist28: Vec<f32>,
    /// 32×32, values in [0, 1], row-major: the network's input.
    pub input32: Vec<f32>,
}

/// Preprocesses a drawing of `width × height` ink intensities (row-major; 0 background,
/// 1 full ink, as MNIST: white digit on black).
///
/// # Errors
/// [`DataError::EmptyDrawing`] when there is no ink; [`DataError::BadDrawing`] for a size
/// that does not match or a value that is not a finite number.
pub fn preprocess_drawing(
    pixels: &[f32],
    width: usize,
    height: usize,
) -> Result<Preprocessed, DataError> {
    if width == 0 || height == 0 || width.checked_mul(height) != Some(pixels.len()) {
        return Err(DataError::BadDrawing(format!(
            "{} values for a {width}×{height} drawing",
            pixels.len()
        )));
    }
    let ink = |v: f32| v > INK_THRESHOLD;
    // The whole pad is scanned at every stroke, on the main thread: a row's largest value
    // (vectorised) says whether to look for ink in it at all.
    let (mut x0, mut y0, mut x1, mut y1) = (usize::MAX, usize::MAX, 0, 0);
    let mut finite = true;
    for (y, row) in pixels.chunks_exact(width).enumerate() {
        let (largest, row_finite) = row_max_and_finite(row);
        finite &= row_finite;
        if ink(largest) {
            let first = row.iter().position(|&v| ink(v)).unwrap_or(0);
            let last = row.iter().rposition(|&v| ink(v)).unwrap_or(first);
            x0 = x0.min(first);
            x1 = x1.max(last + 1);
            y0 = y0.min(y);
            y1 = y + 1;
        }
    }
    if !finite {
        return Err(DataError::BadDrawing("a pixel is not a number".into()));
    }
    if x0 == usize::MAX {
        return Err(DataError::EmptyDrawing);
    }
    let (bw, bh) = (x1 - x0, y1 - y0);
    let crop: Vec<f32> = (y0..y1)
        .flat_map(|y| pixels[y * width + x0..y * width + x1].iter().map(|v| v.clamp(0.0, 1.0)))
        .collect();
    let scale = 20.0 / bw.max(bh) as f64;
    let nw = ((bw as f64 * scale).round() as usize).clamp(1, 20);
    let nh = ((bh as f64 * scale).round() as usize).clamp(1, 20);
    let scaled = resize_area(&crop, bw, bh, nw, nh);

    // Centre of mass, in pixel indices, moved to (14, 14) as in MNIST (its digits average
    // 14.0 on both axes).
    let (mut m, mut mx, mut my) = (0.0f64, 0.0f64, 0.0f64);
    for y in 0..nh {
        for x in 0..nw {
            let v = scaled[y * nw + x] as f64;
            m += v;
            mx += v * x as f64;
            my += v * y as f64;
        }
    }
    let (cx, cy) =
        if m > 0.0 { (mx / m, my / m) } else { ((nw - 1) as f64 / 2.0, (nh - 1) as f64 / 2.0) };
    // Keep the whole digit inside the 28×28 frame.
    let left = ((14.0 - cx).round() as isize).clamp(0, 28 - nw as isize) as usize;
    let top = ((14.0 - cy).round() as isize).clamp(0, 28 - nh as isize) as usize;
    let mut mnist28 = vec![0.0f32; 28 * 28];
    for y in 0..nh {
        mnist28[(top + y) * 28 + left..(top + y) * 28 + left + nw]
            .copy_from_slice(&scaled[y * nw..(y + 1) * nw]);
    }
    let mut input32 = vec![0.0f32; 32 * 32];
    for y in 0..28 {
        input32[(y + 2) * 32 + 2..(y + 2) * 32 + 30]
            .copy_from_slice(&mnist28[y * 28..(y + 1) * 28]);
    }
    Ok(Preprocessed { bbox: (x0, y0, x1, y1), scaled_size: (nh, nw), mnist28, input32 })
}

/// The largest value of `row` (NaN ignored) and whether every value is finite, in eight
/// independent lanes so that the compiler vectorises the loop (an early-exit search does
/// not vectorise: 0.57 ms for a 240 px pad in the page's wasm before, with two of them).
fn row_max_and_finite(row: &[f32]) -> (f32, bool) {
    const LANES: usize = 8;
    let mut largest = [f32::NEG_INFINITY; LANES];
    // x · 0 is 0 for a finite x and NaN for ±∞ or NaN: the lanes' sums stay 0 iff all are.
    let mut zero = [0.0f32; LANES];
    let chunks = row.chunks_exact(LANES);
    let rest = chunks.remainder();
    for c in chunks {
        for i in 0..LANES {
            largest[i] = if c[i] > largest[i] { c[i] } else { largest[i] };
            zero[i] += c[i] * 0.0;
        }
    }
    for (i, &v) in rest.iter().enumerate() {
        largest[i] = if v > largest[i] { v } else { largest[i] };
        zero[i] += v * 0.0;
    }
    let max = largest.iter().fold(f32::NEG_INFINITY, |m, &v| if v > m { v } else { m });
    (max, zero.iter().all(|&z| z == 0.0))
}

/// Area-average resampling: each output pixel is the mean of the input area it covers
/// (fractional coverage at the edges), done one axis at a time.
pub fn resize_area(src: &[f32], w: usize, h: usize, nw: usize, nh: usize) -> Vec<f32> {
    let wx = axis_weights(w, nw);
    let wy = axis_weights(h, nh);
    let mut tmp = vec![0.0f32; h * nw];
    for y in 0..h {
        for (ox, ws) in wx.iter().enumerate() {
            tmp[y * nw + ox] = ws.iter().map(|&(i, a)| src[y * w + i] * a).sum();
        }
    }
    let mut out = vec![0.0f32; nh * nw];
    for (oy, ws) in wy.iter().enumerate() {
        for x in 0..nw {
            out[oy * nw + x] = ws.iter().map(|&(i, a)| tmp[i * nw + x] * a).sum();
        }
    }
    out
}

/// For each output index, the input indices it covers and their weights (summing to 1).
fn axis_weights(n: usize, m: usize) -> Vec<Vec<(usize, f32)>> {
    let ratio = n as f64 / m as f64;
    (0..m)
        .map(|o| {
            let (a, b) = (o as f64 * ratio, (o + 1) as f64 * ratio);
            let mut v = Vec::new();
            let mut i = a.floor() as usize;
            while (i as f64) < b && i < n {
                let cover = (b.min(i as f64 + 1.0) - a.max(i as f64)).max(0.0);
                if cover > 0.0 {
                    v.push((i, (cover / ratio) as f32));
                }
                i += 1;
            }
            v
        })
        .collect()
}
