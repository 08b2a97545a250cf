//! The heat map's words, in French and English.

use crate::app::i18n::Lang;

/// The words of a map: its legend, its caption, and what screen readers hear.
pub struct HeatTexts {
    pub negative: &'static str,
    pub zero: &'static str,
    pub positive: &'static str,
    pub low: &'static str,
    pub high: &'static str,
    pub hover: &'static str,
    pub row_col: &'static str,
    pub position: &'static str,
    pub pick: &'static str,
    /// The keys, said to screen readers with the map's name.
    pub keys: &'static str,
}

pub const EN: HeatTexts = HeatTexts {
    negative: "negative",
    zero: "zero",
    positive: "positive",
    low: "low",
    high: "high",
    hover: "Point at a cell to read its value.",
    row_col: "row {r}, column {c}:",
    position: "position {i}:",
    pick: "Point at a cell to read its value; click it (or walk the cells with the arrows) to see its window.",
    keys: "Arrows move the cursor, Home / End go to the ends of the row.",
};

pub const FR: HeatTexts = HeatTexts {
    negative: "négatif",
    zero: "zéro",
    positive: "positif",
    low: "faible",
    high: "fort",
    hover: "Pointer une case pour lire sa valeur.",
    row_col: "ligne {r}, colonne {c} :",
    position: "position {i} :",
    pick: "Pointer une case pour lire sa valeur ; la cliquer (ou parcourir les cases avec les flèches) pour voir sa fenêtre.",
    keys: "Les flèches déplacent le curseur, Début / Fin vont aux bouts de la ligne.",
};

pub fn texts(lang: Lang) -> &'static HeatTexts {
    lang.pick(&EN, &FR)
}

/// Where a cell is, as the caption and the live region say it: "row 3, column 2:", or
/// "position 5:" on a map of one row.
pub(super) fn place(t: &HeatTexts, one_d: bool, (r, c): (usize, usize)) -> String {
    if one_d {
        t.position.replace("{i}", &(c + 1).to_string())
    } else {
        t.row_col.replace("{r}", &(r + 1).to_string()).replace("{c}", &(c + 1).to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_are_filled() {
        for t in [&EN, &FR] {
            let HeatTexts {
                negative,
                zero,
                positive,
                low,
                high,
                hover,
                row_col,
                position,
                pick,
                keys,
            } = t;
            for s in [negative, zero, positive, low, high, hover, row_col, position, pick, keys] {
                assert!(!s.trim().is_empty());
            }
        }
    }
}
