//! The words of the training part of "Your classes" (train, test, evaluate, keep).

use crate::app::i18n::Lang;
use crate::app::i18n::classes_errors::data_set_error;
use crate::app::i18n::errors::weights_error;
use crate::nn::dataset::network::NetworkFileError;
use crate::nn::npz::NpzError;

#[cfg_attr(test, derive(Debug))]
pub struct TrainTexts {
    pub train_title: &'static str,
    pub train_lead: &'static str,
    /// `{arch}` the network's layers, `{p}` its parameters.
    pub network: &'static str,
    pub edit_network: &'static str,
    pub epochs: &'static str,
    pub shifts: &'static str,
    /// `{n}` examples to learn from, `{k}` held out.
    pub split: &'static str,
    pub train: &'static str,
    pub train_again: &'static str,
    pub pause: &'static str,
    pub resume: &'static str,
    pub starting: &'static str,
    /// `{e}` epoch, `{E}` epochs, `{s}` examples seen, `{t}` total, `{r}` examples/s.
    pub progress: &'static str,
    pub paused: &'static str,
    pub finished: &'static str,
    pub diverged: &'static str,
    pub left: &'static str,
    /// `{a}` the last held-out accuracy.
    pub held_out_accuracy: &'static str,
    pub changed: &'static str,
    pub worker_down: &'static str,
    /// `{e}` the core's reason.
    pub data_failed: &'static str,
    pub epochs_bad: &'static str,
    /// `{l}` the layer, `{e}` why.
    pub network_bad: &'static str,
    pub chart_loss: &'static str,
    pub chart_accuracy: &'static str,
    pub chart_train: &'static str,
    pub chart_test: &'static str,
    pub test_title: &'static str,
    pub test_lead: &'static str,
    pub test_pad: &'static str,
    pub clear: &'static str,
    pub no_network: &'static str,
    pub draw_something: &'static str,
    pub probs_title: &'static str,
    /// `{c}` the most probable class.
    pub verdict: &'static str,
    pub seen: &'static str,
    pub inside_title: &'static str,
    pub eval_title: &'static str,
    pub evaluate: &'static str,
    pub evaluating: &'static str,
    /// `{a}` accuracy, `{n}` held-out examples.
    pub eval_accuracy: &'static str,
    pub true_class: &'static str,
    pub predicted: &'static str,
    /// `{t}` true class, `{p}` predicted.
    pub cell_examples: &'static str,
    pub mistakes: &'static str,
    pub no_mistakes: &'static str,
    pub keep_title: &'static str,
    pub download: &'static str,
    pub open: &'static str,
    /// `{c}` the classes of the network opened.
    pub opened: &'static str,
    /// `{c}` the classes of the network kept from the last visit.
    pub restored: &'static str,
    pub other_classes: &'static str,
}

pub const EN: TrainTexts = TrainTexts {
    train_title: "Train on your classes",
    train_lead: "The network learns from your examples in the background while you keep drawing. Small sets are learnt by heart quickly, so each example is also shown shifted by up to two pixels (augmentation), and the examples held out of training tell how well it does on drawings it never saw.",
    network: "Network: {arch} ({p} parameters), its last layer one output per class.",
    edit_network: "Change the layers in LeNet live’s editor",
    epochs: "Epochs (passes over your examples)",
    shifts: "Shift the examples (±2 pixels)",
    split: "{n} examples to learn from, {k} held out to check.",
    train: "Train",
    train_again: "Train again",
    pause: "Pause",
    resume: "Resume",
    starting: "Sending your examples to the worker…",
    progress: "Epoch {e} of {E} · {s} of {t} examples · {r} examples/s",
    paused: "Paused.",
    finished: "Finished.",
    diverged: "Training stopped: the loss exploded. Train again.",
    left: "Training stopped when you left the page; the network keeps what it had learnt.",
    held_out_accuracy: "Held-out accuracy: {a}",
    changed: "Your classes changed since this network learnt them: train again to include the changes.",
    worker_down: "The training worker did not start. Reload the page; drawing and your classes still work.",
    data_failed: "The worker refused your examples: {e}",
    epochs_bad: "Epochs: a whole number from 1 to 100.",
    network_bad: "LeNet live’s network cannot tell your classes apart (layer {l}: {e}). Change it in its editor.",
    chart_loss: "Loss",
    chart_accuracy: "Accuracy",
    chart_train: "training",
    chart_test: "held out",
    test_title: "Test your network",
    test_lead: "Draw something new: the network says which of your classes it looks like. If it is wrong, add the drawing to the right class above and train again.",
    test_pad: "Drawing pad: test the network",
    clear: "Clear",
    no_network: "No network yet: train one on your classes, or open a network file.",
    draw_something: "Draw on the pad to see the network’s answer.",
    probs_title: "Probability of each class",
    verdict: "The network sees: {c}",
    seen: "What the network reads (28×28)",
    inside_title: "Inside the network",
    eval_title: "Evaluation on the held-out examples",
    evaluate: "Evaluate",
    evaluating: "Evaluating…",
    eval_accuracy: "{a} of the {n} held-out examples recognised.",
    true_class: "true class",
    predicted: "predicted",
    cell_examples: "Examples of “{t}” seen as “{p}”",
    mistakes: "Mistakes",
    no_mistakes: "No mistakes on the held-out examples.",
    keep_title: "Keep this network",
    download: "Download the network",
    open: "Open a network file",
    opened: "Network opened: it tells apart {c}.",
    restored: "The network from your last visit is back: it tells apart {c}. Its curves were not kept.",
    other_classes: "This network was trained on other classes than yours: its answers use its own names.",
};

pub const FR: TrainTexts = TrainTexts {
    train_title: "Entraîner sur vos classes",
    train_lead: "Le réseau apprend de vos exemples en arrière-plan pendant que vous continuez à dessiner. Un petit jeu de données s’apprend vite par cœur\u{a0}: chaque exemple est donc aussi montré décalé de deux pixels au plus (augmentation), et les exemples mis de côté disent comment il s’en sort sur des dessins qu’il n’a jamais vus.",
    network: "Réseau\u{a0}: {arch} ({p}\u{a0}paramètres), sa dernière couche une sortie par classe.",
    edit_network: "Changer les couches dans l’éditeur de LeNet en direct",
    epochs: "Époques (passages sur vos exemples)",
    shifts: "Décaler les exemples (±2\u{a0}pixels)",
    split: "{n}\u{a0}exemples pour apprendre, {k} mis de côté pour vérifier.",
    train: "Entraîner",
    train_again: "Entraîner de nouveau",
    pause: "Pause",
    resume: "Reprendre",
    starting: "Envoi de vos exemples au worker…",
    progress: "Époque {e} sur {E} · {s} exemples sur {t} · {r}\u{a0}exemples/s",
    paused: "En pause.",
    finished: "Terminé.",
    diverged: "Entraînement arrêté\u{a0}: la perte a explosé. Entraînez de nouveau.",
    left: "L’entraînement s’est arrêté quand vous avez quitté la page\u{a0}; le réseau garde ce qu’il avait appris.",
    held_out_accuracy: "Exactitude sur les exemples mis de côté\u{a0}: {a}",
    changed: "Vos classes ont changé depuis que ce réseau les a apprises\u{a0}: entraînez de nouveau pour en tenir compte.",
    worker_down: "Le worker d’entraînement n’a pas démarré. Rechargez la page\u{a0}; le dessin et vos classes fonctionnent toujours.",
    data_failed: "Le worker a refusé vos exemples\u{a0}: {e}",
    epochs_bad: "Époques\u{a0}: un nombre entier de 1 à 100.",
    network_bad: "Le réseau de LeNet en direct ne peut pas distinguer vos classes (couche {l}\u{a0}: {e}). Modifiez-le dans son éditeur.",
    chart_loss: "Perte",
    chart_accuracy: "Exactitude",
    chart_train: "entraînement",
    chart_test: "mis de côté",
    test_title: "Tester votre réseau",
    test_lead: "Dessinez quelque chose de nouveau\u{a0}: le réseau dit à laquelle de vos classes cela ressemble. S’il se trompe, ajoutez le dessin à la bonne classe plus haut et entraînez de nouveau.",
    test_pad: "Zone de dessin\u{a0}: tester le réseau",
    clear: "Effacer",
    no_network: "Pas encore de réseau\u{a0}: entraînez-en un sur vos classes, ou ouvrez un fichier de réseau.",
    draw_something: "Dessinez sur la zone pour voir la réponse du réseau.",
    probs_title: "Probabilité de chaque classe",
    verdict: "Le réseau voit\u{a0}: {c}",
    seen: "Ce que lit le réseau (28×28)",
    inside_title: "À l’intérieur du réseau",
    eval_title: "Évaluation sur les exemples mis de côté",
    evaluate: "Évaluer",
    evaluating: "Évaluation…",
    eval_accuracy: "{a} des {n}\u{a0}exemples mis de côté reconnus.",
    true_class: "vraie classe",
    predicted: "prédite",
    cell_examples: "Exemples de «\u{a0}{t}\u{a0}» vus comme «\u{a0}{p}\u{a0}»",
    mistakes: "Erreurs",
    no_mistakes: "Aucune erreur sur les exemples mis de côté.",
    keep_title: "Garder ce réseau",
    download: "Télécharger le réseau",
    open: "Ouvrir un fichier de réseau",
    opened: "Réseau ouvert\u{a0}: il distingue {c}.",
    restored: "Le réseau de votre dernière visite est de retour\u{a0}: il distingue {c}. Ses courbes n’ont pas été gardées.",
    other_classes: "Ce réseau a été entraîné sur d’autres classes que les vôtres\u{a0}: ses réponses utilisent ses propres noms.",
};

pub fn texts(lang: Lang) -> &'static TrainTexts {
    match lang {
        Lang::En => &EN,
        Lang::Fr => &FR,
    }
}

/// A network file refused; the network on screen is kept.
pub fn network_file_error(lang: Lang, e: &NetworkFileError, empty: bool) -> String {
    use NetworkFileError::*;
    let fr = lang == Lang::Fr;
    let pick = |f: String, en: String| if fr { f } else { en };
    let why = if empty {
        pick("Le fichier est vide.".into(), "The file is empty.".into())
    } else {
        match e {
            Npz(NpzError::Truncated) => pick(
                "Le fichier est incomplet (téléchargement ou copie interrompus)\u{a0}: récupérez-le de nouveau.".into(),
                "The file is cut short (an interrupted download or copy): get it again.".into(),
            ),
            Npz(_) | Missing(_) | BadArray(_) => pick(
                "Ce fichier n’est pas un réseau de «\u{a0}Vos classes\u{a0}» (un fichier network.npz téléchargé depuis cette page).".into(),
                "This file is not a “Your classes” network (a network.npz downloaded from this page).".into(),
            ),
            Weights(w) => weights_error(lang, w),
            Names(d) => data_set_error(lang, d, &[]),
            Input(s) => pick(
                format!("Ce réseau lit une entrée {s:?}, pas l’image 32×32 de la zone de dessin."),
                format!("This network reads a {s:?} input, not the pad’s 32×32 picture."),
            ),
            Outputs { names, outputs } => pick(
                format!("Le fichier nomme {names}\u{a0}classes pour un réseau à {outputs}\u{a0}sorties."),
                format!("The file names {names} classes for a network of {outputs} outputs."),
            ),
        }
    };
    let kept =
        pick(" Le réseau affiché est conservé.".into(), " The network on screen is kept.".into());
    why + &kept
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every string in both languages, and the placeholders the page fills in kept.
    #[test]
    fn the_training_words_are_filled_and_keep_their_placeholders() {
        crate::app::i18n::assert_filled("classes training", &EN, &FR, 51);
        for t in [&EN, &FR] {
            assert!(t.network.contains("{arch}") && t.network.contains("{p}"));
            assert!(t.split.contains("{n}") && t.split.contains("{k}"));
            for k in ["{e}", "{E}", "{s}", "{t}", "{r}"] {
                assert!(t.progress.contains(k), "{k}");
            }
            assert!(t.held_out_accuracy.contains("{a}") && t.verdict.contains("{c}"));
            assert!(t.eval_accuracy.contains("{a}") && t.eval_accuracy.contains("{n}"));
            assert!(t.cell_examples.contains("{t}") && t.cell_examples.contains("{p}"));
            assert!(t.network_bad.contains("{l}") && t.network_bad.contains("{e}"));
            assert!(
                t.opened.contains("{c}")
                    && t.restored.contains("{c}")
                    && t.data_failed.contains("{e}")
            );
        }
    }

    #[test]
    fn a_refused_network_file_says_why_and_that_nothing_is_lost() {
        for lang in [Lang::En, Lang::Fr] {
            let cut = network_file_error(lang, &NetworkFileError::Npz(NpzError::Truncated), false);
            let other = network_file_error(lang, &NetworkFileError::Missing("weights"), false);
            let empty = network_file_error(lang, &NetworkFileError::Npz(NpzError::NotZip), true);
            let outs = network_file_error(
                lang,
                &NetworkFileError::Outputs { names: 2, outputs: 3 },
                false,
            );
            let all = [&cut, &other, &empty, &outs];
            for (i, a) in all.iter().enumerate() {
                assert!(a.ends_with(if lang == Lang::Fr { "conservé." } else { "kept." }), "{a}");
                for b in &all[i + 1..] {
                    assert_ne!(a, b);
                }
            }
            assert!(outs.contains('2') && outs.contains('3'));
        }
    }
}
