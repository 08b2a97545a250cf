//! The core's errors, in the student's language. Views never show `e.to_string()` of a
//! core error (its `Display` is English, for logs and native tools): they call these.
//! Every variant is matched here, so a new one fails the build until it is translated.

use super::Lang;
use crate::data::DataError;
use crate::nn::io::{ShapeProblem, WeightsError};
use crate::nn::{Expected, NnError};
use crate::worker::protocol::WorkerError;

fn dims(v: &[usize]) -> String {
    v.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("×")
}

/// A network-core error (layer configuration, shapes, inputs) as one sentence.
pub fn nn_error(lang: Lang, e: &NnError) -> String {
    use NnError::*;
    let fr = lang == Lang::Fr;
    match e {
        NoLayers => pick(
            fr,
            "Un modèle a besoin d’au moins une couche.",
            "A model needs at least one layer.",
        ),
        NoFilters => pick(
            fr,
            "Une convolution a besoin d’au moins un filtre.",
            "A convolution needs at least one filter.",
        ),
        NoUnits => pick(
            fr,
            "Une couche Dense a besoin d’au moins un neurone.",
            "A Dense layer needs at least one unit.",
        ),
        DropoutRate(r) => {
            let r = super::num::decimal(lang, *r, 3);
            if fr {
                format!(
                    "Le taux de dropout doit être compris entre 0 (inclus) et 1 (exclu)\u{a0}; ici {r}."
                )
            } else {
                format!("The dropout rate must be at least 0 and below 1; here it is {r}.")
            }
        }
        BadOptimizer => pick(
            fr,
            "Réglages de l’optimiseur hors limites\u{a0}: le pas d’apprentissage doit être positif, le momentum et les β entre 0 et 1.",
            "Optimiser settings out of range: the learning rate must be positive, momentum and betas between 0 and 1.",
        ),
        ZeroBatch => pick(
            fr,
            "Un lot doit contenir au moins un exemple.",
            "A batch needs at least one example.",
        ),
        ZeroWindowOrStride { window, stride } => {
            if fr {
                format!(
                    "La taille de la fenêtre et le pas doivent valoir au moins 1 (ici {window} et {stride})."
                )
            } else {
                format!(
                    "The window size and the stride must be at least 1 (here {window} and {stride})."
                )
            }
        }
        TooLarge { limit } => {
            let limit = super::num::integer(lang, *limit as u64);
            if fr {
                format!("Les tailles au-delà de {limit} ne sont pas prises en charge.")
            } else {
                format!("Sizes above {limit} are not supported.")
            }
        }
        LayerTooLarge => pick(
            fr,
            "Cette couche serait trop grande pour la mémoire du navigateur.",
            "This layer would be too large for the browser's memory.",
        ),
        TooManyParams { params, limit } => {
            let (p, l) = (
                super::num::integer(lang, *params as u64),
                super::num::integer(lang, *limit as u64),
            );
            if fr {
                format!(
                    "{p} paramètres\u{a0}: la page en entraîne au plus {l}. Moins de filtres ou d’unités, ou une mise en commun de plus avant Flatten."
                )
            } else {
                format!(
                    "{p} parameters: the page trains at most {l}. Use fewer filters or units, or one more pooling before Flatten."
                )
            }
        }
        NeedsSoftmax => pick(
            fr,
            "Pour s’entraîner, la dernière couche doit avoir l’activation softmax.",
            "To train, the last layer needs the softmax activation.",
        ),
        WindowTooLarge { window, input } => {
            if fr {
                format!(
                    "Une fenêtre de {window} ne tient pas dans une entrée de {input} sans bourrage («\u{a0}valid\u{a0}»)\u{a0}: choisissez «\u{a0}same\u{a0}» ou un noyau plus petit."
                )
            } else {
                format!(
                    "A window of {window} does not fit in an input of {input} without padding (\"valid\"): choose \"same\" or a smaller kernel."
                )
            }
        }
        EmptyInput => pick(fr, "L’entrée est vide.", "The input is empty."),
        WrongRank { layer, expected, got } => {
            let what = match (expected, fr) {
                (Expected::Signal, true) => "(pas, canaux)",
                (Expected::Signal, false) => "(steps, channels)",
                (Expected::Image, true) => "(hauteur, largeur, canaux)",
                (Expected::Image, false) => "(height, width, channels)",
                (Expected::Features, true) => {
                    "(caractéristiques,) — ajoutez une couche Flatten avant"
                }
                (Expected::Features, false) => "(features,) — add a Flatten layer before it",
            };
            if fr {
                format!("{layer} attend une entrée de forme {what}, pas {}.", dims(got))
            } else {
                format!("{layer} expects an input of shape {what}, not {}.", dims(got))
            }
        }
        SizeMismatch { got, expected } => {
            if fr {
                format!("{got} valeurs là où {expected} sont attendues.")
            } else {
                format!("{got} values where {expected} are expected.")
            }
        }
        NotADigitModel { input, output } => {
            if fr {
                format!(
                    "Ce modèle prend {} et donne {}\u{a0}: pour les chiffres, il faut une image grise d’au moins 28×28 en entrée et 10 classes en sortie.",
                    dims(input),
                    dims(output)
                )
            } else {
                format!(
                    "This model takes {} and gives {}: the digits need one grey image of at least 28×28 in and 10 classes out.",
                    dims(input),
                    dims(output)
                )
            }
        }
        NotFinite => {
            pick(fr, "Une valeur n’est pas un nombre fini.", "A value is not a finite number.")
        }
        EmptyBatch => pick(fr, "Le lot est vide.", "The batch is empty."),
        LabelCount { labels, batch } => {
            if fr {
                format!("{labels} étiquettes pour un lot de {batch} exemples.")
            } else {
                format!("{labels} labels for a batch of {batch} examples.")
            }
        }
        LabelOutOfRange { label, classes } => {
            if fr {
                format!("L’étiquette {label} dépasse les {classes} classes.")
            } else {
                format!("Label {label} is beyond the {classes} classes.")
            }
        }
        NoForwardPass => pick(
            fr,
            "La rétropropagation a besoin d’une propagation avant de même forme.",
            "Backpropagation needs a forward pass of the same shape first.",
        ),
        NoSuchWindow { index, output } => {
            let at = index.iter().map(|i| (i + 1).to_string()).collect::<Vec<_>>().join(", ");
            if fr {
                format!("La fenêtre n°\u{a0}{at} n’existe pas (la sortie fait {}).", dims(output))
            } else {
                format!("Window no. {at} does not exist (the output is {}).", dims(output))
            }
        }
        InLayer { index, kind, error } => {
            let inner = nn_error(lang, error);
            if fr {
                format!("Couche {index} ({kind})\u{a0}: {inner}")
            } else {
                format!("Layer {index} ({kind}): {inner}")
            }
        }
    }
}

/// A file with nothing in it (a weights file, a Keras file): said as such, before any
/// reader calls it incomplete.
pub fn empty_file(lang: Lang) -> String {
    pick(
        lang == Lang::Fr,
        "Ce fichier est vide (0\u{a0}octet)\u{a0}: il n’y a rien à charger.",
        "This file is empty (0 bytes): there is nothing to load.",
    )
}

/// Why a weights file was refused, as one sentence.
pub fn weights_error(lang: Lang, e: &WeightsError) -> String {
    let fr = lang == Lang::Fr;
    match e {
        WeightsError::Truncated => pick(
            fr,
            "Le fichier de poids s’arrête avant sa fin\u{a0}: il a été coupé (un téléchargement ou une copie inachevés\u{a0}?).",
            "The weights file stops before its end: it was cut short (a download or a copy that did not finish?).",
        ),
        WeightsError::BadMagic => pick(
            fr,
            "Ce fichier n’est pas un fichier de poids Convolab.",
            "This is not a Convolab weights file.",
        ),
        WeightsError::UnsupportedVersion(v) => {
            if fr {
                format!(
                    "Ce fichier de poids est en version {v}, que cette version de Convolab ne sait pas lire."
                )
            } else {
                format!("This weights file is version {v}, which this Convolab cannot read.")
            }
        }
        WeightsError::Checksum => pick(
            fr,
            "Le fichier de poids est abîmé ou a été coupé\u{a0}: son contenu a changé depuis qu’il a été écrit. Téléchargez-le ou copiez-le à nouveau.",
            "The weights file is damaged or was cut short: its contents changed after it was written. Download or copy it again.",
        ),
        WeightsError::BadArchitecture(None) => pick(
            fr,
            "Le fichier de poids décrit un réseau illisible.",
            "The weights file describes a network that cannot be read.",
        ),
        WeightsError::BadArchitecture(Some(inner)) => {
            let inner = nn_error(lang, inner);
            if fr {
                format!("Le fichier de poids décrit un réseau impossible\u{a0}: {inner}")
            } else {
                format!("The weights file describes an impossible network: {inner}")
            }
        }
        WeightsError::Shape(p) => {
            let detail = match (p, fr) {
                (ShapeProblem::TrailingBytes(n), true) => {
                    format!("{n} octets en trop après le dernier tenseur")
                }
                (ShapeProblem::TrailingBytes(n), false) => {
                    format!("{n} extra bytes after the last tensor")
                }
                (ShapeProblem::TensorCount { got, expected }, true) => {
                    format!("{got} tenseurs pour {expected} attendus")
                }
                (ShapeProblem::TensorCount { got, expected }, false) => {
                    format!("{got} tensors where {expected} are expected")
                }
                (ShapeProblem::Tensor { name, got, expected }, true) => {
                    format!("{name} fait {} au lieu de {}", dims(got), dims(expected))
                }
                (ShapeProblem::Tensor { name, got, expected }, false) => {
                    format!("{name} is {} instead of {}", dims(got), dims(expected))
                }
            };
            if fr {
                format!(
                    "Les tenseurs du fichier de poids ne correspondent pas à son réseau ({detail})."
                )
            } else {
                format!("The weights file's tensors do not match its network ({detail}).")
            }
        }
        WeightsError::NonFinite(name) => {
            if fr {
                format!("Le fichier de poids contient une valeur qui n’est pas un nombre ({name}).")
            } else {
                format!("The weights file contains a value that is not a number ({name}).")
            }
        }
        WeightsError::Mismatch { file, model } => {
            if fr {
                format!(
                    "Ces poids sont ceux d’un autre réseau (fichier\u{a0}: {file}\u{a0}; réseau\u{a0}: {model})."
                )
            } else {
                format!("These weights belong to another network (file: {file}; network: {model}).")
            }
        }
    }
}

/// A digits-file or drawing error, as one sentence. The technical detail some variants carry
/// stays in the English `Display` (for the console), not on screen.
pub fn data_error(lang: Lang, e: &DataError) -> String {
    let fr = lang == Lang::Fr;
    match e {
        DataError::Truncated { .. } => {
            pick(fr, "Le fichier des chiffres est incomplet.", "The digits file is incomplete.")
        }
        DataError::BadMagic => pick(
            fr,
            "Ce fichier n’est pas un fichier de chiffres Convolab.",
            "This is not a Convolab digits file.",
        ),
        DataError::UnsupportedVersion(v) => {
            if fr {
                format!(
                    "Le fichier des chiffres est en version {v}, que cette version de Convolab ne sait pas lire."
                )
            } else {
                format!("The digits file is version {v}, which this Convolab cannot read.")
            }
        }
        DataError::Corrupt(_) => {
            pick(fr, "Le fichier des chiffres est endommagé.", "The digits file is damaged.")
        }
        DataError::EmptyDrawing => pick(
            fr,
            "Dessinez d’abord un chiffre\u{a0}: le dessin est vide.",
            "Draw a digit first: the drawing is empty.",
        ),
        DataError::BadDrawing(_) => {
            pick(fr, "Ce dessin ne peut pas être lu.", "This drawing cannot be read.")
        }
        DataError::Io(_) => pick(fr, "Le fichier ne peut pas être lu.", "The file cannot be read."),
    }
}

/// Why the worker refused a command, as one sentence.
pub fn worker_error(lang: Lang, e: &WorkerError) -> String {
    let fr = lang == Lang::Fr;
    match e {
        WorkerError::Nn(e) => nn_error(lang, e),
        WorkerError::Weights(e) => weights_error(lang, e),
        WorkerError::Setting(field) => {
            if fr {
                format!("Le réglage «\u{a0}{field}\u{a0}» est hors limites.")
            } else {
                format!("The setting \"{field}\" is out of range.")
            }
        }
        WorkerError::DigitsNotLoaded => {
            pick(fr, "Les chiffres ne sont pas encore chargés.", "The digits are not loaded yet.")
        }
        WorkerError::NoNetwork => pick(
            fr,
            "Aucun réseau à évaluer\u{a0}: lancez d’abord un entraînement.",
            "No network to evaluate: start a training run first.",
        ),
        WorkerError::HelpersDidNotStart => pick(
            fr,
            "Les cœurs de calcul supplémentaires n’ont pas démarré\u{a0}: réglez «\u{a0}Cœurs utilisés pour l’entraînement\u{a0}» sur 1, puis relancez.",
            "The extra training cores did not start: set \"Cores used for training\" to 1 and start again.",
        ),
        WorkerError::HelperDied => pick(
            fr,
            "Un des cœurs de calcul s’est arrêté\u{a0}: l’entraînement est en pause avec ses derniers poids, reprenez-le pour continuer.",
            "One of the training cores stopped: the run is paused with its last weights; resume it to go on.",
        ),
        WorkerError::HelperStalled => {
            let s = crate::worker::protocol::HELPER_TIMEOUT_S;
            if fr {
                format!(
                    "Un des cœurs de calcul n’a pas répondu en {s}\u{a0}s\u{a0}: l’entraînement est en pause avec ses derniers poids, reprenez-le pour continuer."
                )
            } else {
                format!(
                    "One of the training cores did not answer within {s} s: the run is paused with its last weights; resume it to go on."
                )
            }
        }
    }
}

fn pick(fr: bool, f: &str, e: &str) -> String {
    if fr { f.to_string() } else { e.to_string() }
}

/// For the tests: each sentence in both languages: non-blank, different from the other language and
/// from the English `Display` in French, one sentence that starts with a capital and
/// ends with a full stop, and French punctuation preceded by a no-break space.
#[cfg(test)]
pub(super) fn check_sentence(en: &str, fr: &str, display: &str) {
    for s in [en, fr] {
        assert!(s.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit()), "{s}");
        assert!(s.ends_with('.') || s.ends_with(')'), "{s}");
    }
    assert_ne!(en, fr);
    assert_ne!(fr, display, "French shows the English text");
    for p in [':', ';', '?', '!'] {
        for (i, _) in fr.match_indices(p) {
            let before = fr[..i].chars().last();
            assert!(
                before == Some('\u{a0}')
                    || before == Some('\u{202f}')
                    || fr[..i].ends_with("https")
                    || fr[..i].ends_with(|c: char| c.is_ascii_digit()),
                "no no-break space before {p} in {fr}"
            );
        }
    }
    for w in ["shape", "values", "layer", "window", "not ", " the "] {
        assert!(!fr.contains(w), "English word {w:?} in French: {fr}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data_samples() -> Vec<DataError> {
        vec![
            DataError::Truncated { needed: 10, available: 2 },
            DataError::BadMagic,
            DataError::UnsupportedVersion(9),
            DataError::Corrupt("checksum mismatch".into()),
            DataError::EmptyDrawing,
            DataError::BadDrawing("a pixel is not a number".into()),
            DataError::Io("x".into()),
        ]
    }

    fn check(en: &str, fr: &str, display: &str) {
        check_sentence(en, fr, display);
    }

    #[test]
    fn every_core_error_has_both_languages() {
        let nn = NnError::samples();
        assert!(nn.len() >= 23);
        for e in &nn {
            check(&nn_error(Lang::En, e), &nn_error(Lang::Fr, e), &e.to_string());
        }
        for e in WeightsError::samples() {
            check(&weights_error(Lang::En, &e), &weights_error(Lang::Fr, &e), &e.to_string());
        }
        for e in data_samples() {
            check(&data_error(Lang::En, &e), &data_error(Lang::Fr, &e), &e.to_string());
        }
        for e in WorkerError::samples() {
            check(&worker_error(Lang::En, &e), &worker_error(Lang::Fr, &e), &format!("{e:?}"));
        }
    }

    #[test]
    fn file_troubles_are_said_in_a_students_words() {
        for lang in [Lang::En, Lang::Fr] {
            for e in [WeightsError::Checksum, WeightsError::Truncated] {
                let m = weights_error(lang, &e).to_lowercase();
                for jargon in ["checksum", "somme de contrôle", "crc", "incomplet"] {
                    assert!(!m.contains(jargon), "{m}");
                }
            }
        }
        assert!(weights_error(Lang::En, &WeightsError::Checksum).contains("cut short"));
        assert!(weights_error(Lang::Fr, &WeightsError::Checksum).contains("coupé"));
        assert!(empty_file(Lang::En).contains("empty"));
        assert!(empty_file(Lang::Fr).contains("vide"));
        check(&empty_file(Lang::En), &empty_file(Lang::Fr), "");
    }

    #[test]
    fn the_course_case_reads_in_french() {
        let e =
            crate::nn::layers::AxisGeometry::new(1, 3, 1, crate::nn::Padding::Valid).unwrap_err();
        assert_eq!(e, NnError::WindowTooLarge { window: 3, input: 1 });
        let fr = nn_error(Lang::Fr, &e);
        assert!(fr.starts_with("Une fenêtre de 3 ne tient pas dans une entrée de 1"), "{fr}");
        let nested = NnError::DropoutRate(1.0).in_layer(2, "Dropout");
        assert_eq!(
            nn_error(Lang::Fr, &nested),
            "Couche 2 (Dropout)\u{a0}: Le taux de dropout doit être compris entre 0 (inclus) et 1 (exclu)\u{a0}; ici 1."
        );
        assert_eq!(
            nn_error(Lang::En, &nested),
            "Layer 2 (Dropout): The dropout rate must be at least 0 and below 1; here it is 1."
        );
    }
}
