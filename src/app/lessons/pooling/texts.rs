//! The pooling lab's text, in our own words.

use crate::app::i18n::Lang;

#[cfg_attr(test, derive(Debug))]
pub struct PoolingTexts {
    pub title: &'static str,
    pub lead: &'static str,
    pub input: &'static str,
    pub input_names: [&'static str; 5],
    pub kind: &'static str,
    pub max: &'static str,
    pub average: &'static str,
    pub pool: &'static str,
    pub stride: &'static str,
    pub stride_default: &'static str,
    pub padding: &'static str,
    pub valid: &'static str,
    pub same: &'static str,
    pub next_digit: &'static str,
    pub loading_digits: &'static str,
    pub at_position: &'static str,
    pub at_row_col: &'static str,
    pub uncovered: &'static str,
    pub input_map: &'static str,
    pub output_map: &'static str,
    pub arithmetic: &'static str,
    pub winner: &'static str,
    pub size: &'static str,
    pub floor_note: &'static str,
    /// The same for a single value (no "value(s)").
    pub floor_note_one: &'static str,
    pub each_column: &'static str,
    pub each_row: &'static str,
    pub the_signal: &'static str,
    pub live: &'static str,
    pub keras_note: &'static str,
    pub try_title: &'static str,
    pub try_items: [&'static str; 3],
}

pub const EN: PoolingTexts = PoolingTexts {
    title: "Pooling",
    lead: "Pooling shrinks a signal or a map: a window slides by steps of its own size and keeps one number per position, the largest (max pooling) or the mean (average pooling). There are no weights to learn; the map gets smaller and a small shift of the input changes it less.",
    input: "Input",
    input_names: [
        "13 values (1D)",
        "A 13×13 map",
        "A feature map from the 2D lab (shapes, x-derivative, ReLU)",
        "An MNIST digit",
        "The numbers from the link",
    ],
    kind: "Pooling",
    max: "max",
    average: "average",
    pool: "Pool size",
    stride: "Stride",
    stride_default: "= pool size (Keras's default)",
    padding: "Padding",
    valid: "valid",
    same: "same",
    next_digit: "Next digit",
    loading_digits: "Loading the digits…",
    at_position: "position {i}",
    at_row_col: "row {r}, column {c}",
    uncovered: "hatched: in no window",
    input_map: "Input, the current window outlined (the max's winner marked)",
    output_map: "Output, the current cell marked",
    arithmetic: "This window:",
    winner: "the winner:",
    size: "Output size:",
    floor_note: "⌊ ⌋ rounds down: {r} input values at the end of {axis} fall in no window, which is why {n} becomes {o}.",
    floor_note_one: "⌊ ⌋ rounds down: 1 input value at the end of {axis} falls in no window, which is why {n} becomes {o}.",
    each_column: "each column",
    each_row: "each row",
    the_signal: "the signal",
    live: "Window {i} of {n}: {v}",
    keras_note: "In Keras 3 pool_size has no default: the course's AveragePooling2D() with no argument fails, write AveragePooling2D(pool_size=2).",
    try_title: "Try this",
    try_items: [
        "With 13 values and a pool of 2, find the value that no window sees.",
        "Compare max and average on the feature map: which keeps the edges brighter?",
        "Set the stride to 1: the windows overlap and the output is barely smaller.",
    ],
};

pub const FR: PoolingTexts = PoolingTexts {
    title: "Sous-échantillonnage (pooling)",
    lead: "Le pooling réduit un signal ou une carte : une fenêtre avance par pas de sa propre taille et ne garde qu'un nombre par position, le plus grand (max pooling) ou la moyenne (average pooling). Aucun poids à apprendre ; la carte rétrécit et un petit décalage de l'entrée la change moins.",
    input: "Entrée",
    input_names: [
        "13 valeurs (1D)",
        "Une carte 13×13",
        "Une carte du labo 2D (formes, dérivée en x, ReLU)",
        "Un chiffre MNIST",
        "Les nombres du lien",
    ],
    kind: "Pooling",
    max: "max",
    average: "moyenne",
    pool: "Taille de fenêtre",
    stride: "Pas (stride)",
    stride_default: "= taille de fenêtre (défaut de Keras)",
    padding: "Remplissage (padding)",
    valid: "valid",
    same: "same",
    next_digit: "Chiffre suivant",
    loading_digits: "Chargement des chiffres…",
    at_position: "position {i}",
    at_row_col: "ligne {r}, colonne {c}",
    uncovered: "hachuré : dans aucune fenêtre",
    input_map: "Entrée, la fenêtre courante encadrée (la gagnante du max marquée)",
    output_map: "Sortie, la case courante marquée",
    arithmetic: "Cette fenêtre :",
    winner: "la gagnante :",
    size: "Taille de la sortie :",
    floor_note: "⌊ ⌋ arrondit vers le bas : {r} valeurs au bout de {axis} ne tombent dans aucune fenêtre, c'est pourquoi {n} devient {o}.",
    floor_note_one: "⌊ ⌋ arrondit vers le bas : 1 valeur au bout de {axis} ne tombe dans aucune fenêtre, c'est pourquoi {n} devient {o}.",
    each_column: "chaque colonne",
    each_row: "chaque ligne",
    the_signal: "le signal",
    live: "Fenêtre {i} sur {n} : {v}",
    keras_note: "En Keras 3, pool_size n'a plus de valeur par défaut : le AveragePooling2D() sans argument du cours échoue, écrire AveragePooling2D(pool_size=2).",
    try_title: "À essayer",
    try_items: [
        "Avec 13 valeurs et une fenêtre de 2, trouver la valeur qu'aucune fenêtre ne voit.",
        "Comparer max et moyenne sur la carte du labo 2D : lequel garde les bords plus vifs ?",
        "Mettre le pas à 1 : les fenêtres se chevauchent et la sortie rétrécit à peine.",
    ],
};

pub fn texts(lang: Lang) -> &'static PoolingTexts {
    lang.pick(&EN, &FR)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::i18n::strings_in;

    #[test]
    fn every_string_is_filled_in_both_languages() {
        for t in [&EN, &FR] {
            let (strings, blank) = strings_in(t);
            assert!(strings >= 32 && blank == 0, "{blank} blank of {strings}");
            assert!(t.keras_note.contains("pool_size=2"));
            for key in ["{r}", "{axis}", "{n}", "{o}"] {
                assert!(t.floor_note.contains(key));
                assert!(key == "{r}" || t.floor_note_one.contains(key));
            }
            assert!(!t.floor_note.contains("(s)") && !t.floor_note_one.contains("{r}"));
        }
    }
}
