//! The 1D lab's text, in our own words.

use crate::app::i18n::Lang;

#[cfg_attr(test, derive(Debug))]
pub struct Conv1dTexts {
    pub title: &'static str,
    pub lead: &'static str,
    pub signal: &'static str,
    pub signal_names: [&'static str; 6],
    pub custom_signal_label: &'static str,
    pub custom_signal_hint: &'static str,
    pub err_empty: &'static str,
    pub err_nan: &'static str,
    pub err_long: &'static str,
    pub kept_signal: &'static str,
    pub kernel: &'static str,
    pub custom_kernel: &'static str,
    pub custom_desc: &'static str,
    pub length: &'static str,
    pub padding: &'static str,
    pub valid: &'static str,
    pub same: &'static str,
    pub stride: &'static str,
    pub input: &'static str,
    pub output: &'static str,
    pub input_label: &'static str,
    pub output_label: &'static str,
    pub arithmetic: &'static str,
    pub size: &'static str,
    pub size_note_asym: &'static str,
    pub padding_zero: &'static str,
    pub kept_result: &'static str,
    pub live: &'static str,
    pub try_title: &'static str,
    pub try_items: [&'static str; 4],
    pub flip: &'static str,
    pub applied: &'static str,
    pub why_no_flip: &'static str,
    pub pick_output: &'static str,
}

pub const EN: Conv1dTexts = Conv1dTexts {
    title: "1D convolution",
    lead: "A kernel is a small list of weights. Slide it along the signal: at each position, multiply each weight by the value under it and add the products. That sum is one output value. Step through the windows and watch each output being made.",
    signal: "Signal",
    signal_names: [
        "The course's 10 random values",
        "Step",
        "Ramp",
        "Impulse",
        "Noisy sine (fixed seed)",
        "My own numbers",
    ],
    custom_signal_label: "Your signal (numbers separated by spaces)",
    custom_signal_hint: "e.g. 1 3 2 5 4 — decimals with a point or a comma, fractions like 1/4.",
    err_empty: "Type at least one number.",
    err_nan: "Value {i} (“{s}”) is not a number.",
    err_long: "At most 40 values ({n} typed).",
    kept_signal: "The drawing still shows your last valid signal.",
    kernel: "Kernel",
    custom_kernel: "Custom kernel",
    custom_desc: "Your own weights: what does this kernel do to a step, to an impulse?",
    length: "Length",
    padding: "Padding",
    valid: "valid (no padding)",
    same: "same (zeros at the ends)",
    stride: "Stride",
    input: "Input",
    output: "Output",
    input_label: "The input signal, the current window outlined",
    output_label: "The output signal, each value under the window that made it",
    arithmetic: "This window's arithmetic:",
    size: "Output size:",
    size_note_asym: "With this stride Keras puts the extra zero at the end: {b} before, {a} after.",
    padding_zero: "padding",
    kept_result: "The drawing still shows the last result that worked.",
    live: "Window {i} of {n}: {sum}",
    try_title: "Try this",
    try_items: [
        "Choose the step and the derivative [-1, 1]: where is the output not zero?",
        "Choose the ramp and the second derivative: why is the output zero?",
        "Choose the impulse and a lopsided kernel: is the output the kernel reversed? Tick “Convolution” and look again.",
        "Compare valid and same, then stride 2: check the size formula each time.",
    ],
    flip: "Convolution (flip the kernel)",
    applied: "Kernel applied, flipped: {k}.",
    why_no_flip: "Left unticked, the lab computes what Keras and PyTorch compute: a cross-correlation, the kernel not flipped; deep-learning libraries skip the flip because the kernel is learned, and a flipped kernel would just be learned flipped.",
    pick_output: "Output {i}: {v}. Show the window that made it",
};

pub const FR: Conv1dTexts = Conv1dTexts {
    title: "Convolution 1D",
    lead: "Un noyau est une petite liste de poids. On le fait glisser le long du signal : à chaque position, on multiplie chaque poids par la valeur en dessous et on additionne les produits. Cette somme donne une valeur de sortie. Avancer fenêtre par fenêtre pour voir chaque sortie se construire.",
    signal: "Signal",
    signal_names: [
        "Les 10 valeurs aléatoires du cours",
        "Marche",
        "Rampe",
        "Impulsion",
        "Sinus bruité (graine fixe)",
        "Mes propres valeurs",
    ],
    custom_signal_label: "Votre signal (nombres séparés par des espaces)",
    custom_signal_hint: "par ex. 1 3 2 5 4 — décimales avec un point ou une virgule, fractions comme 1/4.",
    err_empty: "Saisir au moins un nombre.",
    err_nan: "La valeur {i} (« {s} ») n'est pas un nombre.",
    err_long: "40 valeurs au plus ({n} saisies).",
    kept_signal: "Le dessin montre encore votre dernier signal valide.",
    kernel: "Noyau",
    custom_kernel: "Noyau personnalisé",
    custom_desc: "Vos propres poids : que fait ce noyau à une marche, à une impulsion ?",
    length: "Longueur",
    padding: "Remplissage (padding)",
    valid: "valid (sans remplissage)",
    same: "same (zéros aux extrémités)",
    stride: "Pas (stride)",
    input: "Entrée",
    output: "Sortie",
    input_label: "Le signal d'entrée, la fenêtre courante encadrée",
    output_label: "Le signal de sortie, chaque valeur sous la fenêtre qui l'a produite",
    arithmetic: "Le calcul de cette fenêtre :",
    size: "Taille de la sortie :",
    size_note_asym: "Avec ce pas, Keras met le zéro en trop à la fin : {b} avant, {a} après.",
    padding_zero: "remplissage",
    kept_result: "Le dessin montre encore le dernier résultat valide.",
    live: "Fenêtre {i} sur {n} : {sum}",
    try_title: "À essayer",
    try_items: [
        "Choisir la marche et la dérivée [-1, 1] : où la sortie n'est-elle pas nulle ?",
        "Choisir la rampe et la dérivée seconde : pourquoi la sortie est-elle nulle ?",
        "Choisir l'impulsion et un noyau asymétrique : la sortie est-elle le noyau retourné ? Cocher « Convolution » et regarder à nouveau.",
        "Comparer valid et same, puis un pas de 2 : vérifier la formule de taille à chaque fois.",
    ],
    flip: "Convolution (noyau retourné)",
    applied: "Noyau appliqué, retourné : {k}.",
    why_no_flip: "Case décochée, le labo calcule ce que calculent Keras et PyTorch : une corrélation croisée, sans retourner le noyau ; les bibliothèques d'apprentissage profond s'en dispensent car le noyau est appris, et un noyau retourné serait simplement appris retourné.",
    pick_output: "Sortie {i} : {v}. Montrer la fenêtre qui l'a produite",
};

pub fn texts(lang: Lang) -> &'static Conv1dTexts {
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
            assert!(strings >= 34 && blank == 0, "{blank} blank of {strings}");
            assert!(
                t.err_nan.contains("{i}")
                    && t.err_nan.contains("{s}")
                    && t.err_long.contains("{n}")
            );
            assert!(t.live.contains("{i}") && t.live.contains("{n}") && t.live.contains("{sum}"));
            assert!(
                t.applied.contains("{k}")
                    && t.pick_output.contains("{i}")
                    && t.pick_output.contains("{v}")
            );
        }
        assert_ne!(EN.title, FR.title);
    }
}
