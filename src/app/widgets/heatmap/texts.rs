//! Where a cell is, in the heat map's words (the table itself is widgets::texts::heatmap, re-exported here).

pub use crate::app::widgets::texts::heatmap::{EN, FR, HeatTexts, texts};

/// Where a cell is, as the caption and the live region say it: "row 3, column 2:", or
/// "position 5:" on a map of one row.
pub(super) fn place(t: &HeatTexts, one_d: bool, (r, c): (usize, usize)) -> String {
    if one_d {
        t.position.replace("{i}", &(c + 1).to_string())
    } else {
        t.row_col.replace("{r}", &(r + 1).to_string()).replace("{c}", &(c + 1).to_string())
    }
}
