//! The words of the Keras round trip on the LeNet page (the weights panel's export button,
//! its messages, and the notebook's line to bring a network in).

use crate::app::i18n::Lang;
use crate::app::i18n::num::{integer, percent};

pub struct KerasTexts {
    pub export: &'static str,
    pub export_hint: &'static str,
    pub evaluating: &'static str,
    pub notebook_title: &'static str,
    pub notebook_lead: &'static str,
    pub notebook_after: &'static str,
}

pub const EN: KerasTexts = KerasTexts {
    export: "Export for Keras",
    export_hint: "One ZIP file: the network’s configuration and weights as NumPy’s .npz, the held-out digits, and a Python script that rebuilds the network in Keras 3 and checks it gives the same answers.",
    evaluating: "Evaluating the held-out digits first, to put them in the file…",
    notebook_title: "From a Keras notebook",
    notebook_lead: "Save a Keras Sequential model in one line:",
    notebook_after: "then load the .npz with “Load a file”. Convolab builds the network if it has every layer (Conv2D, pooling, Flatten, Dense, Dropout on a 32×32×1 input) and keeps the current one otherwise; the pad, the maps, the filters, the evaluation and further training then work on it.",
};

pub const FR: KerasTexts = KerasTexts {
    export: "Exporter pour Keras",
    export_hint: "Un seul fichier ZIP\u{a0}: la configuration et les poids du réseau au format .npz de NumPy, les chiffres de test, et un script Python qui reconstruit le réseau dans Keras 3 et vérifie qu’il répond la même chose.",
    evaluating: "Évaluation des chiffres de test d’abord, pour les mettre dans le fichier…",
    notebook_title: "Depuis un notebook Keras",
    notebook_lead: "Enregistrez un modèle Keras Sequential en une ligne\u{a0}:",
    notebook_after: "puis chargez le .npz avec «\u{a0}Charger un fichier\u{a0}». Convolab construit le réseau s’il en a toutes les couches (Conv2D, pooling, Flatten, Dense, Dropout sur une entrée 32×32×1) et garde l’actuel sinon\u{a0}; le pavé, les cartes, les filtres, l’évaluation et la suite de l’entraînement fonctionnent alors avec lui.",
};

pub fn texts(lang: Lang) -> &'static KerasTexts {
    match lang {
        Lang::En => &EN,
        Lang::Fr => &FR,
    }
}

/// The notebook's two lines (the same in every language: it is code).
pub const NOTEBOOK_CODE: &str =
    "import numpy as np\nnp.savez(\"my_model.npz\", config=model.to_json(), *model.get_weights())";

/// After the download: what to do with it, and the accuracy the script should print.
pub fn exported(lang: Lang, digits: usize, accuracy: Option<f32>) -> String {
    let n = integer(lang, digits as u64);
    match (lang, accuracy) {
        (Lang::En, Some(a)) => format!(
            "Downloaded convolab_model.zip. Unzip it and run python convolab_model.py: it rebuilds this network in Keras 3 and prints its accuracy on the {n} held-out digits, {} in Convolab.",
            percent(lang, a as f64, 1)
        ),
        (Lang::Fr, Some(a)) => format!(
            "convolab_model.zip est téléchargé. Décompressez-le et lancez python convolab_model.py\u{a0}: il reconstruit ce réseau dans Keras 3 et affiche son exactitude sur les {n} chiffres de test, {} dans Convolab.",
            percent(lang, a as f64, 1)
        ),
        (Lang::En, None) => "Downloaded convolab_model.zip (without the held-out digits: they are not loaded yet). Unzip it and run python convolab_model.py: it rebuilds this network in Keras 3.".to_string(),
        (Lang::Fr, None) => "convolab_model.zip est téléchargé (sans les chiffres de test\u{a0}: ils ne sont pas encore chargés). Décompressez-le et lancez python convolab_model.py\u{a0}: il reconstruit ce réseau dans Keras 3.".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_say_the_same_figures() {
        for lang in [Lang::En, Lang::Fr] {
            let s = exported(lang, 2000, Some(0.986));
            assert!(s.contains("python convolab_model.py") && s.contains("98"), "{s}");
        }
        assert!(exported(Lang::Fr, 2000, Some(0.986)).contains("98,6"));
        assert_ne!(EN.notebook_after, FR.notebook_after);
        assert!(NOTEBOOK_CODE.contains("config=model.to_json(), *model.get_weights()"));
    }
}
