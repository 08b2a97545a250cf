//! The exercise panel's own words (its buttons, score and feedback), in English and French;
//! the questions' texts are in texts.rs.

use crate::app::i18n::Lang;

pub struct PanelTexts {
    pub heading: &'static str,
    pub lead: &'static str,
    pub your_answer: &'static str,
    pub size_format: &'static str,
    pub check: &'static str,
    pub hint: &'static str,
    pub another: &'static str,
    pub right: &'static str,
    pub wrong: &'static str,
    pub worked: &'static str,
    pub not_a_number: &'static str,
    pub not_a_size: &'static str,
    pub pick_one: &'static str,
    pub order_clear: &'static str,
    pub score: &'static str,
    pub reset: &'static str,
    pub true_digit: &'static str,
    pub predicted: &'static str,
    pub open_lab: &'static str,
    pub own_network: &'static str,
    pub reveal: &'static str,
    pub revealed: &'static str,
    pub question_link: &'static str,
}

pub const EN: PanelTexts = PanelTexts {
    heading: "Check what you understood",
    lead: "Questions made from the lesson's own computations: a new one each time, checked at once.",
    your_answer: "Your answer",
    size_format: "rows×columns, e.g. 13×13",
    check: "Check",
    hint: "A hint",
    another: "Another one",
    right: "Right!",
    wrong: "Not quite. The worked solution:",
    worked: "Answer:",
    not_a_number: "Type a number (0.5, 0,5 and 1/2 all work).",
    not_a_size: "Type a size as rows×columns, e.g. 13×13.",
    pick_one: "Choose an answer first.",
    order_clear: "Start again",
    score: "{r} right out of {a} in this lesson",
    reset: "Reset my progress",
    true_digit: "true ↓ / predicted →",
    predicted: "predicted",
    open_lab: "Open the lab on this case",
    own_network: "These numbers are your network's: its last evaluation on the test digits.",
    reveal: "Show the answer (A)",
    revealed: "The answer, for the class:",
    question_link: "Link to this question",
};

pub const FR: PanelTexts = PanelTexts {
    heading: "Vérifiez ce que vous avez compris",
    lead: "Des questions tirées des calculs mêmes de la leçon\u{a0}: une nouvelle à chaque fois, corrigée aussitôt.",
    your_answer: "Votre réponse",
    size_format: "lignes×colonnes, par ex. 13×13",
    check: "Vérifier",
    hint: "Un indice",
    another: "Une autre",
    right: "Juste\u{a0}!",
    wrong: "Pas tout à fait. La solution détaillée\u{a0}:",
    worked: "Réponse\u{a0}:",
    not_a_number: "Tapez un nombre (0,5, 0.5 et 1/2 conviennent).",
    not_a_size: "Tapez une taille en lignes×colonnes, par ex. 13×13.",
    pick_one: "Choisissez d’abord une réponse.",
    order_clear: "Recommencer",
    score: "{r} justes sur {a} dans cette leçon",
    reset: "Effacer ma progression",
    true_digit: "vrai ↓ / prédit →",
    predicted: "prédit",
    open_lab: "Ouvrir le labo sur ce cas",
    own_network: "Ces nombres sont ceux de votre réseau\u{a0}: sa dernière évaluation sur les chiffres de test.",
    reveal: "Montrer la réponse (A)",
    revealed: "La réponse, pour la classe\u{a0}:",
    question_link: "Lien vers cette question",
};

pub fn texts(lang: Lang) -> &'static PanelTexts {
    lang.pick(&EN, &FR)
}
