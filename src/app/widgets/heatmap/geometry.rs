//! Where the cells are: their size on the canvas, the cell under the pointer, and where the
//! keyboard's cursor goes.

/// A rectangle of cells (rows `r0..r1`, cols `c0..c1`), possibly reaching into the padding
/// (negative or past the end).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CellRect {
    pub r0: isize,
    pub c0: isize,
    pub r1: isize,
    pub c1: isize,
}

/// Room kept around the grid for the rings drawn outside cells.
pub const MARGIN: f64 = 10.0;

/// The cell side (canvas pixels) for a grid of `gc` columns aimed at `width`.
pub fn cell_size(width: f64, gc: usize) -> f64 {
    ((width - 2.0 * MARGIN) / gc.max(1) as f64).floor().clamp(3.0, 72.0)
}

/// The cell under a point given in the canvas's CSS box (`x`, `y` from its top-left), with
/// `scale` = (drawing size / displayed size) on each axis, if inside the grid.
pub fn cell_at(
    x: f64,
    y: f64,
    scale: (f64, f64),
    cell: f64,
    pad: usize,
    rows: usize,
    cols: usize,
) -> Option<(usize, usize)> {
    let (x, y) = (x * scale.0 - MARGIN, y * scale.1 - MARGIN);
    let (r, c) =
        ((y / cell).floor() as isize - pad as isize, (x / cell).floor() as isize - pad as isize);
    (r >= 0 && c >= 0 && (r as usize) < rows && (c as usize) < cols)
        .then_some((r as usize, c as usize))
}

/// Where the keyboard cursor goes on `key`, within the grid: the arrows one cell, Home / End
/// to the ends of the row, with Ctrl to the first / last cell of the map.
pub fn cursor_move(
    key: &str,
    ctrl: bool,
    at: (usize, usize),
    rows: usize,
    cols: usize,
) -> Option<(usize, usize)> {
    let (r, c) = at;
    let (last_r, last_c) = (rows.saturating_sub(1), cols.saturating_sub(1));
    match key {
        "ArrowUp" => Some((r.saturating_sub(1), c)),
        "ArrowDown" => Some(((r + 1).min(last_r), c)),
        "ArrowLeft" => Some((r, c.saturating_sub(1))),
        "ArrowRight" => Some((r, (c + 1).min(last_c))),
        "Home" if ctrl => Some((0, 0)),
        "End" if ctrl => Some((last_r, last_c)),
        "Home" => Some((r, 0)),
        "End" => Some((r, last_c)),
        _ => None,
    }
}

/// The font size (canvas pixels) of a value of `chars` characters in a cell of `cell`
/// pixels: 60 % of the cell for one or two characters (a digit's ink is then about 45 % of
/// the cell's height), smaller for long numbers (`−1.121`) so that they stay inside.
pub fn value_font(cell: f64, chars: usize) -> f64 {
    (cell * 0.6).min(cell * 1.55 / chars.max(1) as f64).floor()
}

/// Values are written in the cells when a cell, as shown on screen, is at least this wide
/// (CSS pixels); smaller, they would be specks.
pub const MIN_SHOWN_CELL: f64 = 26.0;

/// The cell side (canvas pixels) of a `fill` map in presentation mode: as large as the whole
/// viewport allows (`vw` × `vh` CSS pixels, `dpr` device pixels each), so that the page's CSS
/// only ever shrinks it (sharp on a projector); at most 240 pixels a cell.
pub fn fill_cell(vw: f64, vh: f64, dpr: f64, gr: usize, gc: usize) -> f64 {
    let fit = ((vw - 2.0 * MARGIN) / gc.max(1) as f64).min((vh - 2.0 * MARGIN) / gr.max(1) as f64);
    (fit * dpr.clamp(1.0, 2.0)).floor().clamp(3.0, 240.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_click_finds_its_cell_at_any_displayed_size() {
        // A 4×4 map drawn at 56-px cells, shown at half size by the page's CSS.
        let cell = cell_size(240.0, 4);
        let canvas_w = cell * 4.0 + 2.0 * MARGIN;
        let css_w = canvas_w / 2.0;
        let centre =
            |r: f64, c: f64| ((MARGIN + (c + 0.5) * cell) / 2.0, (MARGIN + (r + 0.5) * cell) / 2.0);
        let k = canvas_w / css_w;
        let (x, y) = centre(2.0, 1.0);
        assert_eq!(cell_at(x, y, (k, k), cell, 0, 4, 4), Some((2, 1)));
        assert_eq!(cell_at(1.0, 1.0, (k, k), cell, 0, 4, 4), None, "the margin is no cell");
        // Squeezed on one axis only: each axis is scaled on its own.
        assert_eq!(cell_at(x, y * 3.0, (k, k / 3.0), cell, 0, 4, 4), Some((2, 1)));
        // With one ring of padding the first cell starts one cell further.
        let (x, y) = ((MARGIN + 1.5 * cell) / 2.0, (MARGIN + 2.5 * cell) / 2.0);
        assert_eq!(cell_at(x, y, (2.0, 2.0), cell, 1, 4, 4), Some((1, 0)));
        assert_eq!(cursor_move("ArrowRight", false, (0, 3), 4, 4), Some((0, 3)));
        assert_eq!(cursor_move("ArrowDown", false, (0, 3), 4, 4), Some((1, 3)));
        assert_eq!(cursor_move("x", false, (0, 3), 4, 4), None);
    }

    #[test]
    fn the_cursor_walks_rows_and_stops_at_the_edges() {
        let (rows, cols) = (3, 5);
        assert_eq!(
            cursor_move("Home", false, (1, 3), rows, cols),
            Some((1, 0)),
            "Home: start of the row"
        );
        assert_eq!(
            cursor_move("End", false, (1, 3), rows, cols),
            Some((1, 4)),
            "End: end of the row"
        );
        assert_eq!(
            cursor_move("Home", true, (2, 3), rows, cols),
            Some((0, 0)),
            "Ctrl+Home: first cell"
        );
        assert_eq!(
            cursor_move("End", true, (0, 0), rows, cols),
            Some((2, 4)),
            "Ctrl+End: last cell"
        );
        assert_eq!(cursor_move("ArrowUp", false, (0, 2), rows, cols), Some((0, 2)));
        assert_eq!(cursor_move("ArrowLeft", false, (2, 0), rows, cols), Some((2, 0)));
        assert_eq!(cursor_move("ArrowDown", false, (2, 0), rows, cols), Some((2, 0)));
        // A strip (pooling's 13 values) is one row: up and down stay put.
        assert_eq!(cursor_move("ArrowDown", false, (0, 4), 1, 13), Some((0, 4)));
        assert_eq!(cursor_move("End", false, (0, 4), 1, 13), Some((0, 12)));
    }

    #[test]
    fn values_fit_their_cells_and_fill_maps_fit_the_screen() {
        // Short numbers at 60 % of the cell; long ones narrower, so `−1.121` stays inside.
        assert_eq!(value_font(60.0, 1), 36.0);
        assert!(value_font(60.0, 6) * 6.0 * 0.6 < 60.0);
        assert!(value_font(60.0, 6) < value_font(60.0, 2));
        // A 4×4 map at 1920×1080 is drawn for the height (the smaller side per cell).
        let cell = fill_cell(1920.0, 1080.0, 1.0, 4, 4);
        assert!(cell * 4.0 + 2.0 * MARGIN <= 1080.0 && cell > 200.0, "{cell}");
        // 13×13 at 1280×720: cells the CSS can still shrink, never over the screen.
        let cell = fill_cell(1280.0, 720.0, 1.0, 13, 13);
        assert!(cell * 13.0 + 2.0 * MARGIN <= 720.0 && cell >= 50.0, "{cell}");
        // A strip of 13 is limited by the width; a retina screen gets twice the pixels.
        let (one, two) =
            (fill_cell(1280.0, 720.0, 1.0, 1, 13), fill_cell(1280.0, 720.0, 2.0, 1, 13));
        assert!((two - 2.0 * one).abs() <= 1.0, "{one} {two}");
        assert_eq!(fill_cell(100_000.0, 100_000.0, 3.0, 1, 1), 240.0, "at most 240 pixels a cell");
    }
}
