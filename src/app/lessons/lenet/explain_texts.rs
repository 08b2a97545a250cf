//! The words of "What the network looks at" on the LeNet page (saliency and occlusion).
//! `{c}` is the chosen class, `{k}`/`{n}` the occlusion's progress.

use crate::app::i18n::Lang;

pub struct ExplainTexts {
    pub title: &'static str,
    pub lead: &'static str,
    pub draw_first: &'static str,
    pub no_weights: &'static str,
    pub not_a_digit_net: &'static str,
    pub failed: &'static str,
    pub class_label: &'static str,
    pub predicted_mark: &'static str,
    pub class_button: &'static str,
    pub saliency_title: &'static str,
    pub saliency_read: &'static str,
    pub saliency_why_score: &'static str,
    pub saliency_low: &'static str,
    pub saliency_high: &'static str,
    pub occlusion_title: &'static str,
    pub occlusion_read: &'static str,
    pub occlusion_low: &'static str,
    pub occlusion_high: &'static str,
    pub computing: &'static str,
    pub look: &'static str,
}

pub const EN: ExplainTexts = ExplainTexts {
    title: "What the network looks at",
    lead: "Two maps over the picture on the pad, for one class: the predicted one unless you pick another. Send a digit of the evaluation here with “What it looks at”.",
    draw_first: "Draw a digit on the pad (or send one from the evaluation) to see what the network looks at.",
    no_weights: "No weights yet: nothing to explain.",
    not_a_digit_net: "This network does not read one 32×32 picture into ten classes: no maps.",
    failed: "These maps could not be computed for this picture:",
    class_label: "Class:",
    predicted_mark: "predicted",
    class_button: "Show the maps for the class {c}",
    saliency_title: "Saliency for {c}",
    saliency_read: "Each pixel is coloured by how much the score of {c} would move if that pixel alone got a little more ink: red raises the score, blue lowers it, white leaves it alone. It is the gradient of the score with respect to the 32×32 input, from the same backward pass that trains the network.",
    saliency_why_score: "The score is the class’s value just before softmax. We follow it rather than the probability: a probability near 100% hardly moves any more, so its gradient would look almost blank.",
    saliency_low: "lowers the score",
    saliency_high: "raises the score",
    occlusion_title: "Occlusion for {c}",
    occlusion_read: "A blank 8×8 square slides over the picture, 4 pixels at a time (49 positions, computed as one batch). Red where hiding the picture lowers the probability of {c}, blue where it raises it; each pixel shows the mean change over the squares that cover it.",
    occlusion_low: "hiding raises it",
    occlusion_high: "hiding lowers it",
    computing: "Hiding the squares… {k}/{n}",
    look: "What it looks at",
};

pub const FR: ExplainTexts = ExplainTexts {
    title: "Ce que regarde le réseau",
    lead: "Deux cartes posées sur l’image du pavé, pour une classe\u{a0}: celle qui est prédite, sauf si vous en choisissez une autre. Envoyez ici un chiffre de l’évaluation avec «\u{a0}Ce qu’il regarde\u{a0}».",
    draw_first: "Dessinez un chiffre sur le pavé (ou envoyez-en un depuis l’évaluation) pour voir ce que regarde le réseau.",
    no_weights: "Pas encore de poids\u{a0}: rien à expliquer.",
    not_a_digit_net: "Ce réseau ne lit pas une image 32×32 pour dix classes\u{a0}: pas de cartes.",
    failed: "Impossible de calculer ces cartes pour cette image\u{a0}:",
    class_label: "Classe\u{a0}:",
    predicted_mark: "prédite",
    class_button: "Afficher les cartes pour la classe {c}",
    saliency_title: "Saillance pour {c}",
    saliency_read: "Chaque pixel est coloré selon ce que deviendrait le score de {c} si ce seul pixel recevait un peu plus d’encre\u{a0}: rouge, le score monte\u{a0}; bleu, il baisse\u{a0}; blanc, il ne bouge pas. C’est le gradient du score par rapport à l’entrée 32×32, calculé par la même rétropropagation que celle qui entraîne le réseau.",
    saliency_why_score: "Le score est la valeur de la classe juste avant le softmax. On le suit plutôt que la probabilité\u{a0}: une probabilité proche de 100\u{a0}% ne bouge presque plus, son gradient paraîtrait presque vide.",
    saliency_low: "fait baisser le score",
    saliency_high: "fait monter le score",
    occlusion_title: "Occultation pour {c}",
    occlusion_read: "Un carré vide de 8×8 glisse sur l’image, de 4 pixels en 4 pixels (49 positions, calculées en un seul lot). En rouge, là où cacher l’image fait baisser la probabilité de {c}\u{a0}; en bleu, là où cela la fait monter. Chaque pixel montre la variation moyenne des carrés qui le couvrent.",
    occlusion_low: "la cacher la fait monter",
    occlusion_high: "la cacher la fait baisser",
    computing: "Carrés cachés un à un… {k}/{n}",
    look: "Ce qu’il regarde",
};

pub fn texts(lang: Lang) -> &'static ExplainTexts {
    match lang {
        Lang::En => &EN,
        Lang::Fr => &FR,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// French typography: a no-break space (never a plain one) before : ; ? ! and inside « ».
    #[test]
    fn french_texts_keep_their_no_break_spaces() {
        let all = [
            FR.title,
            FR.lead,
            FR.draw_first,
            FR.no_weights,
            FR.not_a_digit_net,
            FR.failed,
            FR.class_label,
            FR.saliency_read,
            FR.saliency_why_score,
            FR.occlusion_read,
            FR.computing,
        ];
        for s in all {
            for bad in [" :", " ;", " ?", " !", "« ", " »", " %"] {
                assert!(!s.contains(bad), "{bad:?} in {s}");
            }
        }
        assert!(FR.saliency_read.contains("{c}") && EN.occlusion_read.contains("{c}"));
    }
}
