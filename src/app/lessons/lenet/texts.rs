//! The lesson's own texts, FR and EN (typed: a missing string is a build error).

use crate::app::i18n::Lang;
use crate::app::training::draft::Field;

#[cfg_attr(test, derive(Debug))]
pub struct LenetTexts {
    pub title: &'static str,
    pub lead: &'static str,
    pub keras_title: &'static str,
    pub train_title: &'static str,
    pub optimizer: &'static str,
    pub sgd: &'static str,
    pub momentum: &'static str,
    pub adam: &'static str,
    pub learning_rate: &'static str,
    pub batch_size: &'static str,
    pub epochs: &'static str,
    pub seed: &'static str,
    pub shift: &'static str,
    pub workers: &'static str,
    pub start: &'static str,
    pub pause: &'static str,
    pub resume: &'static str,
    pub reset: &'static str,
    pub status_loading: &'static str,
    pub status_data_failed: &'static str,
    pub status_worker_failed: &'static str,
    pub status_idle: &'static str,
    /// Idle, but the editor's network cannot be built.
    pub status_idle_broken: &'static str,
    pub status_running: &'static str,
    pub status_paused: &'static str,
    pub status_finished: &'static str,
    pub status_diverged: &'static str,
    pub examples: &'static str,
    pub examples_per_s: &'static str,
    /// "on 1 core" / "on 2 cores": the words around the number.
    pub on_cores: [&'static str; 3],
    pub time_left: &'static str,
    pub test_accuracy: &'static str,
    pub chart_loss: &'static str,
    pub chart_accuracy: &'static str,
    pub chart_train: &'static str,
    pub chart_test: &'static str,
    pub draw_title: &'static str,
    pub draw_hint: &'static str,
    pub pad_label: &'static str,
    pub clear: &'static str,
    pub draw_a_digit: &'static str,
    pub seen_title: &'static str,
    pub probs_title: &'static str,
    pub using_pretrained: &'static str,
    pub using_trained: &'static str,
    pub inside_title: &'static str,
    pub inside_lead: &'static str,
    pub filters_title: &'static str,
    /// After a layer's name when only part of its filters is drawn: "{shown} of {total}".
    pub filters_part: &'static str,
    pub summary_title: &'static str,
    pub dense_title: &'static str,
    /// Starts a run from the weights on screen.
    pub continue_training: &'static str,
    pub continue_hint: &'static str,
    pub weights_title: &'static str,
    pub download: &'static str,
    pub load: &'static str,
    pub pretrained: &'static str,
    pub weights_loaded: &'static str,
    /// After `weights_loaded`, when the file's network differs from the editor's.
    pub weights_loaded_network: &'static str,
    pub weights_bad: &'static str,
    pub eval_title: &'static str,
    pub evaluate: &'static str,
    pub eval_need_run: &'static str,
    pub true_label: &'static str,
    pub predicted: &'static str,
    pub cell_digits: &'static str,
    pub worst_title: &'static str,
    pub dropout_title: &'static str,
    pub dropout_lead: &'static str,
    pub try_title: &'static str,
    pub status_data_fetch_failed: &'static str,
    pub status_data_old_browser: &'static str,
    pub status_evaluating: &'static str,
    pub worker_refused: &'static str,
    pub dismiss: &'static str,
    pub save_failed: &'static str,
    pub settings_refused: &'static str,
    pub field_not_number: &'static str,
    pub field_out_of_range: &'static str,
    pub field_not_whole: &'static str,
    /// `{n}`: the largest value allowed.
    pub field_too_large: &'static str,
    /// `{n}`: the smallest value allowed.
    pub field_too_small: &'static str,
    pub allowed: &'static str,
    pub range_lr: &'static str,
    pub range_batch: &'static str,
    pub range_epochs: &'static str,
    pub range_rate: &'static str,
    pub range_shift: &'static str,
    pub range_seed: &'static str,
    pub range_workers: &'static str,
    pub using_file: &'static str,
    pub using_restored: &'static str,
    pub using_run_paused: &'static str,
    pub using_run_finished: &'static str,
    pub using_run_diverged: &'static str,
    pub using_run_last: &'static str,
    pub weights_loading: &'static str,
    pub no_weights: &'static str,
    pub no_weights_fetch: &'static str,
    pub no_weights_refused: &'static str,
    pub seen_28: &'static str,
    pub seen_32: &'static str,
    pub restore: &'static str,
    pub weights_restored: &'static str,
    pub weights_unreadable: &'static str,
    pub restore_failed: &'static str,
    pub weights_kept_hint: &'static str,
    pub send_to_pad: &'static str,
    pub evaluate_pause_first: &'static str,
    pub no_probs: &'static str,
    pub try_items: &'static [&'static str],
}

/// Catalogues are constants: the same one is the same address.
impl PartialEq for LenetTexts {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

impl LenetTexts {
    /// What field `f` accepts.
    pub fn range(&self, f: Field) -> &'static str {
        match f {
            Field::LearningRate => self.range_lr,
            Field::BatchSize => self.range_batch,
            Field::Epochs => self.range_epochs,
            Field::DropoutRate => self.range_rate,
            Field::Shift => self.range_shift,
            Field::Seed => self.range_seed,
            Field::Workers => self.range_workers,
        }
    }
}

/// What a reset threw away: the run (`examples` seen, last test `accuracy`), an
/// evaluation not back yet, or both. Numbers come already written for `lang`.
pub fn reset_notice(
    lang: Lang,
    examples: &str,
    accuracy: Option<&str>,
    run: bool,
    evaluation: bool,
) -> String {
    let run_part = |acc_word: &str, ex_word: &str| match accuracy {
        Some(a) => format!("{examples} {ex_word}, {acc_word} {a}"),
        None => format!("{examples} {ex_word}"),
    };
    match (lang, run, evaluation) {
        (Lang::En, true, false) => {
            format!("Reset: the run ({}) was thrown away.", run_part("test accuracy", "examples"))
        }
        (Lang::En, true, true) => format!(
            "Reset: the run ({}) and the evaluation in progress were thrown away.",
            run_part("test accuracy", "examples")
        ),
        (Lang::En, false, _) => "Reset: the evaluation in progress was thrown away.".into(),
        (Lang::Fr, true, false) => format!(
            "Réinitialisé : l'entraînement ({}) a été abandonné.",
            run_part("exactitude en test", "exemples")
        ),
        (Lang::Fr, true, true) => format!(
            "Réinitialisé : l'entraînement ({}) et l'évaluation en cours ont été abandonnés.",
            run_part("exactitude en test", "exemples")
        ),
        (Lang::Fr, false, _) => "Réinitialisé : l'évaluation en cours a été abandonnée.".into(),
    }
}

pub fn texts(lang: Lang) -> &'static LenetTexts {
    lang.pick(&EN, &FR)
}

pub const EN: LenetTexts = LenetTexts {
    title: "LeNet, live",
    lead: "The course's LeNet learns here, in your browser, from 8,000 handwritten digits; 2,000 others, never seen during training, measure how well it does. Draw a digit and watch what every layer makes of it while it learns.",
    keras_title: "Your network (the editor's) in Keras",
    train_title: "Train",
    optimizer: "Optimiser",
    sgd: "SGD",
    momentum: "SGD + momentum 0.9",
    adam: "Adam",
    learning_rate: "Learning rate",
    batch_size: "Batch size",
    epochs: "Epochs",
    seed: "Seed",
    shift: "Random shifts (pixels)",
    workers: "Cores used for training",
    start: "Train from scratch",
    pause: "Pause",
    resume: "Resume",
    reset: "Reset",
    status_loading: "Starting the background computation and loading the digits…",
    status_data_failed: "The digits could not be loaded:",
    status_worker_failed: "The background computation did not start, so training is unavailable (the drawing pad still works). Reload the page, or try a recent browser.",
    status_idle: "Ready to train.",
    status_idle_broken: "Not ready: the network in the editor cannot be built (see why above).",
    status_running: "Training…",
    status_paused: "Paused.",
    status_finished: "Finished.",
    status_diverged: "Training stopped: the loss exploded (learning rate too large?). Lower the learning rate and reset.",
    examples: "examples",
    examples_per_s: "examples/s",
    on_cores: ["on", "core", "cores"],
    time_left: "left",
    test_accuracy: "Test accuracy:",
    chart_loss: "Loss (training batches)",
    chart_accuracy: "Accuracy",
    chart_train: "training batches",
    chart_test: "test (2,000 digits)",
    draw_title: "Draw a digit",
    draw_hint: "Mouse, pen or finger. Your drawing is cropped and centred in 28×28 as MNIST's digits were, then given a 2-pixel zero border: the course's LeNet takes 32×32.",
    pad_label: "Drawing pad: draw a digit from 0 to 9",
    clear: "Clear",
    draw_a_digit: "Draw a digit",
    seen_title: "What the network sees, in two steps",
    probs_title: "Probabilities",
    using_pretrained: "Weights: pretrained (98.6% on the test digits).",
    using_trained: "Weights: from the training in progress.",
    inside_title: "Inside the network",
    inside_lead: "Every layer's output for your digit. Light pixels are strong activations.",
    filters_title: "The learned filters (red positive, blue negative): one row per filter, one square per input channel",
    filters_part: "first {shown} of {total}",
    summary_title: "model.summary() of the network on screen",
    dense_title: "Dense layers",
    continue_training: "Train these weights further",
    continue_hint: "A run with the settings above that starts from the weights on screen (pretrained, loaded from a file or from Keras) instead of new random ones.",
    weights_title: "Weights",
    download: "Download the weights",
    load: "Load a file (weights or Keras .npz)",
    pretrained: "Back to the pretrained weights",
    weights_loaded: "Weights loaded.",
    weights_loaded_network: "This file holds another network: it is now the one in the editor, and the Keras code shows it.",
    weights_bad: "This file is not usable, the current model is kept:",
    eval_title: "Evaluation on the 2,000 test digits",
    evaluate: "Evaluate the current network",
    eval_need_run: "Evaluates the network shown on this page (pretrained, loaded, restored or from the run) on the 2,000 test digits, in the background.",
    true_label: "true",
    predicted: "predicted",
    cell_digits: "Digits in this cell",
    worst_title: "The most confident mistakes",
    dropout_title: "Dropout, visible",
    dropout_lead: "Units of the dense layers switched off for the current batch (dark = dropped).",
    status_data_fetch_failed: "The digits could not be downloaded (network or server unreachable), so training is unavailable; the drawing pad still works. Reload the page when the connection is back.",
    status_data_old_browser: "This browser is too old to unpack the digits (it lacks DecompressionStream: Firefox 113, Safari 16.4, Chrome 80 or later have it), so training is unavailable; the drawing pad still works.",
    status_evaluating: "Evaluating on the 2,000 test digits…",
    worker_refused: "Not done:",
    dismiss: "Dismiss",
    save_failed: "This browser refused to keep the trained weights (its storage is full or disabled): download them to keep them.",
    settings_refused: "A setting in red is refused: correct it to train.",
    field_not_number: "Not a number.",
    field_out_of_range: "Out of range.",
    field_not_whole: "Not a whole number.",
    field_too_large: "Too large: at most {n}.",
    field_too_small: "Too small: at least {n}.",
    allowed: "Allowed:",
    range_lr: "above 0, at most 10 (e.g. 0.001).",
    range_batch: "a whole number from 1 to 512.",
    range_epochs: "a whole number from 1 to 100.",
    range_rate: "from 0 to 0.95 (excluded).",
    range_shift: "a whole number of pixels from 0 to 4.",
    range_seed: "a whole number, 0 or more.",
    range_workers: "a whole number from 1 to 8 (each batch is shared between them).",
    using_file: "Weights: from the file you loaded.",
    using_restored: "Weights: the last trained ones, restored from this browser",
    using_run_paused: "Weights: from the paused run.",
    using_run_finished: "Weights: from the finished run.",
    using_run_diverged: "Weights: from the run, as they were before its loss exploded.",
    using_run_last: "Weights: from the last run.",
    weights_loading: "Weights: loading the pretrained weights…",
    no_weights: "No weights loaded: train the network or load a weights file.",
    no_weights_fetch: "No weights loaded: the pretrained weights file could not be downloaded (network or server). Train the network or load a weights file.",
    no_weights_refused: "No weights loaded: the pretrained weights file is unusable:",
    seen_28: "28×28, as MNIST",
    seen_32: "+ a 2-pixel zero border: 32×32, the network's input",
    restore: "Restore the last trained weights",
    weights_restored: "The last trained weights are back.",
    weights_unreadable: "The browser could not read this file; the current model is kept.",
    restore_failed: "The weights kept in this browser are no longer readable; the current model is kept.",
    weights_kept_hint: "When a run pauses or finishes, its weights are kept in this browser (nothing leaves it), to restore after a reload.",
    send_to_pad: "To the pad",
    evaluate_pause_first: "Pause the run to evaluate it.",
    no_probs: "No weights loaded: nothing to predict with (the two images above need none).",
    try_title: "Try this",
    try_items: &[
        "Train with a learning rate of 1 and SGD: what happens to the loss?",
        "In “Your network”, switch both poolings to max: which reaches 97% first?",
        "Draw a 1 slanted, then a 7 without its bar: which classes hesitate?",
        "Start from “With dropout 0.5” and watch which dense units go dark from one batch to the next.",
    ],
};

pub const FR: LenetTexts = LenetTexts {
    title: "LeNet en direct",
    lead: "Le LeNet du cours apprend ici, dans votre navigateur, à partir de 8 000 chiffres manuscrits ; 2 000 autres, jamais vus pendant l'apprentissage, mesurent sa réussite. Dessinez un chiffre et regardez ce qu'en fait chaque couche pendant qu'il apprend.",
    keras_title: "Votre réseau (celui de l’éditeur) en Keras",
    train_title: "Entraîner",
    optimizer: "Optimiseur",
    sgd: "SGD",
    momentum: "SGD + momentum 0,9",
    adam: "Adam",
    learning_rate: "Taux d'apprentissage",
    batch_size: "Taille de lot",
    epochs: "Époques",
    seed: "Graine",
    shift: "Décalages aléatoires (pixels)",
    workers: "Cœurs utilisés pour l’entraînement",
    start: "Entraîner depuis zéro",
    pause: "Pause",
    resume: "Reprendre",
    reset: "Réinitialiser",
    status_loading: "Démarrage du calcul en arrière-plan et chargement des chiffres…",
    status_data_failed: "Les chiffres n'ont pas pu être chargés :",
    status_worker_failed: "Le calcul en arrière-plan n'a pas démarré : l'entraînement est indisponible (le dessin fonctionne toujours). Rechargez la page ou essayez un navigateur récent.",
    status_idle: "Prêt à entraîner.",
    status_idle_broken: "Pas encore prêt\u{a0}: le réseau de l’éditeur ne peut pas être construit (la raison est au-dessus).",
    status_running: "Entraînement…",
    status_paused: "En pause.",
    status_finished: "Terminé.",
    status_diverged: "Entraînement arrêté : la perte a explosé (taux d'apprentissage trop grand ?). Baissez-le et réinitialisez.",
    examples: "exemples",
    examples_per_s: "exemples/s",
    on_cores: ["sur", "cœur", "cœurs"],
    time_left: "restant",
    test_accuracy: "Exactitude en test :",
    chart_loss: "Perte (lots d'entraînement)",
    chart_accuracy: "Exactitude",
    chart_train: "lots d'entraînement",
    chart_test: "test (2 000 chiffres)",
    draw_title: "Dessinez un chiffre",
    draw_hint: "Souris, stylet ou doigt. Votre dessin est recadré et centré en 28×28 comme les chiffres de MNIST, puis reçoit un bord de 2 pixels à zéro : le LeNet du cours prend du 32×32.",
    pad_label: "Zone de dessin : dessinez un chiffre de 0 à 9",
    clear: "Effacer",
    draw_a_digit: "Dessinez un chiffre",
    seen_title: "Ce que voit le réseau, en deux étapes",
    probs_title: "Probabilités",
    using_pretrained: "Poids : pré-entraînés (98,6 % sur les chiffres de test).",
    using_trained: "Poids : ceux de l'entraînement en cours.",
    inside_title: "À l'intérieur du réseau",
    inside_lead: "La sortie de chaque couche pour votre chiffre. Les pixels clairs sont les fortes activations.",
    filters_title: "Les filtres appris (rouge positif, bleu négatif)\u{a0}: une ligne par filtre, un carré par canal d’entrée",
    filters_part: "les {shown} premiers sur {total}",
    summary_title: "model.summary() du réseau affiché",
    dense_title: "Couches denses",
    continue_training: "Poursuivre l’entraînement de ces poids",
    continue_hint: "Un entraînement avec les réglages ci-dessus qui part des poids affichés (pré-entraînés, chargés d’un fichier ou de Keras) au lieu de nouveaux poids aléatoires.",
    weights_title: "Poids",
    download: "Télécharger les poids",
    load: "Charger un fichier (poids ou .npz de Keras)",
    pretrained: "Revenir aux poids pré-entraînés",
    weights_loaded: "Poids chargés.",
    weights_loaded_network: "Ce fichier contient un autre réseau\u{a0}: c’est désormais celui de l’éditeur, et le code Keras le montre.",
    weights_bad: "Ce fichier est inutilisable, le modèle actuel est conservé :",
    eval_title: "Évaluation sur les 2 000 chiffres de test",
    evaluate: "Évaluer le réseau actuel",
    eval_need_run: "Évalue en arrière-plan le réseau affiché sur cette page (pré-entraîné, chargé, restauré ou celui de l'entraînement) sur les 2 000 chiffres de test.",
    true_label: "vrai",
    predicted: "prédit",
    cell_digits: "Les chiffres de cette case",
    worst_title: "Les erreurs les plus sûres d'elles",
    dropout_title: "Le dropout, visible",
    dropout_lead: "Les unités des couches denses éteintes pour le lot courant (foncé = éteinte).",
    status_data_fetch_failed: "Les chiffres n'ont pas pu être téléchargés (réseau ou serveur injoignable) : l'entraînement est indisponible, le dessin fonctionne toujours. Rechargez la page quand la connexion est revenue.",
    status_data_old_browser: "Ce navigateur est trop ancien pour décompresser les chiffres (il lui manque DecompressionStream, présent dans Firefox 113, Safari 16.4, Chrome 80 et suivants) : l'entraînement est indisponible, le dessin fonctionne toujours.",
    status_evaluating: "Évaluation sur les 2 000 chiffres de test…",
    worker_refused: "Non effectué :",
    dismiss: "Fermer",
    save_failed: "Ce navigateur a refusé de garder les poids entraînés (stockage plein ou désactivé) : téléchargez-les pour les conserver.",
    settings_refused: "Un réglage en rouge est refusé : corrigez-le pour entraîner.",
    field_not_number: "Ce n'est pas un nombre.",
    field_out_of_range: "Hors limites.",
    field_not_whole: "Ce n'est pas un nombre entier.",
    field_too_large: "Trop grand\u{a0}: au plus {n}.",
    field_too_small: "Trop petit\u{a0}: au moins {n}.",
    allowed: "Autorisé :",
    range_lr: "plus de 0, au plus 10 (par ex. 0,001).",
    range_batch: "un nombre entier de 1 à 512.",
    range_epochs: "un nombre entier de 1 à 100.",
    range_rate: "de 0 à 0,95 (exclu).",
    range_shift: "un nombre entier de pixels de 0 à 4.",
    range_seed: "un nombre entier, 0 ou plus.",
    range_workers: "un nombre entier de 1 à 8 (chaque lot est partagé entre eux).",
    using_file: "Poids : ceux du fichier chargé.",
    using_restored: "Poids : les derniers entraînés, restaurés depuis ce navigateur",
    using_run_paused: "Poids : ceux de l'entraînement en pause.",
    using_run_finished: "Poids : ceux de l'entraînement terminé.",
    using_run_diverged: "Poids : ceux de l'entraînement, avant que sa perte n'explose.",
    using_run_last: "Poids : ceux du dernier entraînement.",
    weights_loading: "Poids : chargement des poids pré-entraînés…",
    no_weights: "Aucun poids chargé : entraînez le réseau ou chargez un fichier de poids.",
    no_weights_fetch: "Aucun poids chargé : le fichier des poids pré-entraînés n'a pas pu être téléchargé (réseau ou serveur). Entraînez le réseau ou chargez un fichier de poids.",
    no_weights_refused: "Aucun poids chargé : le fichier des poids pré-entraînés est inutilisable :",
    seen_28: "28×28, comme MNIST",
    seen_32: "+ un bord de 2 pixels à zéro : 32×32, l'entrée du réseau",
    restore: "Restaurer les derniers poids entraînés",
    weights_restored: "Les derniers poids entraînés sont revenus.",
    weights_unreadable: "Le navigateur n'a pas pu lire ce fichier ; le modèle actuel est conservé.",
    restore_failed: "Les poids gardés dans ce navigateur ne sont plus lisibles ; le modèle actuel est conservé.",
    weights_kept_hint: "Quand un entraînement est mis en pause ou se termine, ses poids sont gardés dans ce navigateur (rien n'en sort), pour les restaurer après un rechargement.",
    send_to_pad: "Vers le dessin",
    evaluate_pause_first: "Mettez l'entraînement en pause pour l'évaluer.",
    no_probs: "Aucun poids chargé : rien pour prédire (les deux images ci-dessus n'en ont pas besoin).",
    try_title: "À essayer",
    try_items: &[
        "Entraînez avec SGD et un taux d'apprentissage de 1 : que devient la perte ?",
        "Dans «\u{a0}Votre réseau\u{a0}», passez les deux poolings en max\u{a0}: lequel atteint 97\u{a0}% le premier\u{a0}?",
        "Dessinez un 1 penché, puis un 7 sans sa barre : quelles classes hésitent ?",
        "Partez de «\u{a0}Avec dropout 0,5\u{a0}» et regardez quelles unités denses s'éteignent d'un lot à l'autre.",
    ],
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::i18n::strings_of;

    #[test]
    fn both_languages_say_everything() {
        let (en, fr) = (strings_of(&EN), strings_of(&FR));
        assert_eq!(en.len(), fr.len());
        for (e, f) in en.iter().zip(&fr) {
            assert!(!e.trim().is_empty() && !f.trim().is_empty());
            assert_eq!(e.trim(), e, "no stray spaces: {e:?}");
            assert_eq!(f.trim(), f, "no stray spaces: {f:?}");
        }
        // A few that must differ (an untranslated copy would not).
        assert_ne!(EN.title, FR.title);
        assert_ne!(EN.lead, FR.lead);
        assert_ne!(EN.status_worker_failed, FR.status_worker_failed);
    }

    #[test]
    fn french_says_exactitude_not_worker_and_writes_its_numbers() {
        for f in strings_of(&FR) {
            let l = f.to_lowercase();
            assert!(!l.contains("worker"), "no jargon: {f}");
            assert!(!l.contains("précision"), "accuracy is « exactitude »: {f}");
            assert!(
                !f.contains(" %") && !f.contains("2 000") && !f.contains("8 000"),
                "no-break spaces: {f:?}"
            );
        }
        for e in strings_of(&EN) {
            assert!(!e.contains(" %"), "{e}");
        }
    }

    #[test]
    fn a_reset_says_what_it_threw_away() {
        assert_eq!(
            reset_notice(Lang::En, "12,000", Some("96.5%"), true, true),
            "Reset: the run (12,000 examples, test accuracy 96.5%) and the evaluation in progress were thrown away."
        );
        assert_eq!(
            reset_notice(Lang::Fr, "0", None, false, true),
            "Réinitialisé : l'évaluation en cours a été abandonnée."
        );
        assert!(
            reset_notice(Lang::Fr, "1\u{202f}000", None, true, false)
                .contains("1\u{202f}000 exemples")
        );
    }
}
