//! The 2D lab's text, in our own words.

use crate::app::i18n::Lang;

#[cfg_attr(test, derive(Debug))]
pub struct Conv2dTexts {
    pub title: &'static str,
    pub lead: &'static str,
    pub input: &'static str,
    pub input_names: [&'static str; 8],
    pub next_digit: &'static str,
    pub send_to_lenet: &'static str,
    pub digit_label: &'static str,
    pub loading_digits: &'static str,
    pub digits_unreachable: &'static str,
    pub digits_old_browser: &'static str,
    pub digits_http: &'static str,
    pub digits_damaged: &'static str,
    pub digits_others: &'static str,
    pub no_svg: &'static str,
    pub flip: &'static str,
    pub applied: &'static str,
    pub why_no_flip: &'static str,
    pub upload_label: &'static str,
    pub upload_hint: &'static str,
    pub not_an_image: &'static str,
    pub too_big: &'static str,
    pub upload_kept: &'static str,
    pub kernel: &'static str,
    pub custom_kernel: &'static str,
    pub custom_desc: &'static str,
    pub rows: &'static str,
    pub cols: &'static str,
    pub padding: &'static str,
    pub valid: &'static str,
    pub same: &'static str,
    pub stride: &'static str,
    pub relu: &'static str,
    pub input_map: &'static str,
    pub output_map: &'static str,
    pub arithmetic: &'static str,
    pub relu_applied: &'static str,
    pub size: &'static str,
    pub kept_result: &'static str,
    pub live: &'static str,
    pub bank_title: &'static str,
    pub bank_lead: &'static str,
    pub try_title: &'static str,
    pub try_items: [&'static str; 4],
    pub pad_label: &'static str,
    pub pad_clear: &'static str,
    pub pad_hint: &'static str,
    pub pad_empty: &'static str,
    pub size_rows: &'static str,
    pub size_cols: &'static str,
}

pub const EN: Conv2dTexts = Conv2dTexts {
    title: "2D convolution",
    lead: "On a picture the kernel becomes a small grid of weights. It slides over the picture row by row; at each position, the pixels under it are multiplied by the weights and added up, which gives one pixel of the output, called a feature map.",
    input: "Input",
    input_names: [
        "The course's 4×4 example",
        "Shapes",
        "Checkerboard",
        "Gradient",
        "An MNIST digit",
        "Draw a digit",
        "My own picture",
        "The numbers from the link",
    ],
    next_digit: "Next digit",
    send_to_lenet: "Show it to LeNet",
    digit_label: "Digit #{i}, labelled {l}",
    loading_digits: "Loading the digits…",
    digits_unreachable: "The digits file could not be reached (offline, or blocked by the network).",
    digits_old_browser: "This browser is too old to unpack the digits file (it lacks DecompressionStream: Firefox 113, Safari 16.4, Chrome 80 or later have it).",
    digits_http: "The server did not give the digits file (HTTP error {code}).",
    digits_damaged: "The digits file arrived damaged.",
    digits_others: "The other inputs still work.",
    no_svg: "SVG drawings are not read here: export it as PNG first.",
    flip: "Convolution (turn the kernel)",
    applied: "Kernel applied, turned half a turn: {k}.",
    why_no_flip: "Left unticked, the lab computes what Keras and PyTorch compute: a cross-correlation, the kernel not turned; deep-learning libraries skip the turn because the kernel is learned, and a turned kernel would just be learned turned.",
    upload_label: "Choose a picture",
    upload_hint: "It is turned to grey (0 for white, 1 for black, as the MNIST digits) and scaled down to at most 64×64; it never leaves your computer.",
    not_an_image: "This file is not a picture the browser can read.",
    too_big: "This file is too large (20 MB at most).",
    upload_kept: "Nothing else changed.",
    kernel: "Kernel",
    custom_kernel: "Custom kernel",
    custom_desc: "Your own weights: try a kernel that finds diagonal edges.",
    rows: "Rows",
    cols: "Columns",
    padding: "Padding",
    valid: "valid (no padding)",
    same: "same (zeros around)",
    stride: "Stride",
    relu: "ReLU after the sum",
    input_map: "Input picture, the current window outlined",
    output_map: "Feature map (output), the current cell marked",
    arithmetic: "This window's arithmetic:",
    relu_applied: "after ReLU:",
    size: "Output size:",
    kept_result: "The maps still show the last result that worked.",
    live: "Window {i} of {n}, row {r}, column {c}: {v}",
    bank_title: "Several kernels on the same input",
    bank_lead: "A convolution layer applies several kernels (its filters) to the same input: each gives its own feature map. These are the lab's kernels, with the padding, stride and ReLU chosen above.",
    try_title: "Try this",
    try_items: [
        "Load the course's 4×4 example with a 3×3 kernel: why is the output 2×2?",
        "Take the shapes and the x-derivative: which edges light up, which stay white?",
        "Switch ReLU on: what happens to the blue (negative) cells?",
        "Take a digit and compare the filters below: which one keeps only the outline?",
    ],
    pad_label: "Drawing pad: draw a digit with the mouse, a pen or a finger",
    pad_clear: "Clear",
    pad_hint: "Your drawing is prepared as the MNIST digits were: cropped to the ink, scaled to fit 20×20, centred in 28×28.",
    pad_empty: "Draw a digit",
    size_rows: "rows:",
    size_cols: "columns:",
};

pub const FR: Conv2dTexts = Conv2dTexts {
    title: "Convolution 2D",
    lead: "Sur une image, le noyau devient une petite grille de poids. Il glisse sur l'image ligne par ligne ; à chaque position, les pixels en dessous sont multipliés par les poids puis additionnés, ce qui donne un pixel de la sortie, appelée carte de caractéristiques.",
    input: "Entrée",
    input_names: [
        "L'exemple 4×4 du cours",
        "Formes",
        "Damier",
        "Dégradé",
        "Un chiffre MNIST",
        "Dessiner un chiffre",
        "Ma propre image",
        "Les nombres du lien",
    ],
    next_digit: "Chiffre suivant",
    send_to_lenet: "Le montrer à LeNet",
    digit_label: "Chiffre n° {i}, étiquette {l}",
    loading_digits: "Chargement des chiffres…",
    digits_unreachable: "Le fichier des chiffres est inaccessible (hors ligne, ou bloqué par le réseau).",
    digits_old_browser: "Ce navigateur est trop ancien pour décompresser le fichier des chiffres (il lui manque DecompressionStream, présent dans Firefox 113, Safari 16.4, Chrome 80 et suivants).",
    digits_http: "Le serveur n'a pas fourni le fichier des chiffres (erreur HTTP {code}).",
    digits_damaged: "Le fichier des chiffres est arrivé endommagé.",
    digits_others: "Les autres entrées fonctionnent toujours.",
    no_svg: "Les dessins SVG ne sont pas lus ici : l'exporter d'abord en PNG.",
    flip: "Convolution (noyau retourné)",
    applied: "Noyau appliqué, retourné d'un demi-tour : {k}.",
    why_no_flip: "Case décochée, le labo calcule ce que calculent Keras et PyTorch : une corrélation croisée, sans retourner le noyau ; les bibliothèques d'apprentissage profond s'en dispensent car le noyau est appris, et un noyau retourné serait simplement appris retourné.",
    upload_label: "Choisir une image",
    upload_hint: "Elle est passée en gris (0 pour le blanc, 1 pour le noir, comme les chiffres MNIST) et réduite à 64×64 au plus ; elle ne quitte jamais votre ordinateur.",
    not_an_image: "Ce fichier n'est pas une image lisible par le navigateur.",
    too_big: "Ce fichier est trop gros (20 Mo au plus).",
    upload_kept: "Rien d'autre n'a changé.",
    kernel: "Noyau",
    custom_kernel: "Noyau personnalisé",
    custom_desc: "Vos propres poids : essayer un noyau qui trouve les bords en diagonale.",
    rows: "Lignes",
    cols: "Colonnes",
    padding: "Remplissage (padding)",
    valid: "valid (sans remplissage)",
    same: "same (zéros autour)",
    stride: "Pas (stride)",
    relu: "ReLU après la somme",
    input_map: "Image d'entrée, la fenêtre courante encadrée",
    output_map: "Carte de caractéristiques (sortie), la case courante marquée",
    arithmetic: "Le calcul de cette fenêtre :",
    relu_applied: "après ReLU :",
    size: "Taille de la sortie :",
    kept_result: "Les cartes montrent encore le dernier résultat valide.",
    live: "Fenêtre {i} sur {n}, ligne {r}, colonne {c} : {v}",
    bank_title: "Plusieurs noyaux sur la même entrée",
    bank_lead: "Une couche de convolution applique plusieurs noyaux (ses filtres) à la même entrée : chacun donne sa propre carte. Voici les noyaux du labo, avec le remplissage, le pas et la ReLU choisis plus haut.",
    try_title: "À essayer",
    try_items: [
        "Charger l'exemple 4×4 du cours avec un noyau 3×3 : pourquoi la sortie est-elle 2×2 ?",
        "Prendre les formes et la dérivée en x : quels bords s'allument, lesquels restent blancs ?",
        "Activer la ReLU : que deviennent les cases bleues (négatives) ?",
        "Prendre un chiffre et comparer les filtres plus bas : lequel ne garde que le contour ?",
    ],
    pad_label: "Bloc de dessin : dessinez un chiffre à la souris, au stylet ou au doigt",
    pad_clear: "Effacer",
    pad_hint: "Votre dessin est préparé comme les chiffres MNIST : recadré sur l'encre, réduit pour tenir dans 20×20, centré dans 28×28.",
    pad_empty: "Dessinez un chiffre",
    size_rows: "lignes :",
    size_cols: "colonnes :",
};

pub fn texts(lang: Lang) -> &'static Conv2dTexts {
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
            assert!(strings >= 49 && blank == 0, "{blank} blank of {strings}");
            assert!(t.live.contains("{i}") && t.live.contains("{n}") && t.live.contains("{v}"));
            assert!(
                t.digit_label.contains("{i}")
                    && t.digit_label.contains("{l}")
                    && t.digits_http.contains("{code}")
            );
            assert!(t.applied.contains("{k}"));
        }
    }
}
