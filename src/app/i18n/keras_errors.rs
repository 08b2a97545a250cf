//! Why a Keras file (`nn::keras_file`) or a network's description (`ArchError`) was
//! refused, in the student's language: one sentence that says what to do where it can.

use super::Lang;
use super::errors::nn_error;
use crate::nn::keras_file::{KerasFileError, dims_text, shape_text};
use crate::nn::layers::keras::ArchError;
use crate::nn::npz::{MAX_BYTES, NpzError};

fn pick(fr: bool, f: String, e: String) -> String {
    if fr { f } else { e }
}

/// A layer description that cannot be read (a Keras setting, a link's network).
pub fn arch_error(lang: Lang, e: &ArchError) -> String {
    let fr = lang == Lang::Fr;
    match e {
        ArchError::Empty => {
            pick(fr, "Le réseau n’a aucune couche.".into(), "The network has no layer.".into())
        }
        ArchError::TooLong => pick(
            fr,
            "La description du réseau est trop longue.".into(),
            "The network’s description is too long.".into(),
        ),
        ArchError::TooManyLayers { count } => pick(
            fr,
            format!("{count} couches\u{a0}: c’est trop pour la page."),
            format!("{count} layers: too many for the page."),
        ),
        ArchError::Brackets => pick(
            fr,
            "Une parenthèse est ouverte sans être fermée (ou l’inverse).".into(),
            "A bracket is opened and never closed (or the reverse).".into(),
        ),
        ArchError::UnknownLayer { layer, name } => pick(
            fr,
            format!("Couche {layer}\u{a0}: Convolab n’a pas de couche «\u{a0}{name}\u{a0}»."),
            format!("Layer {layer}: Convolab has no “{name}” layer."),
        ),
        ArchError::BadArgument { layer, kind, argument } => pick(
            fr,
            format!(
                "Couche {layer} ({kind})\u{a0}: le réglage «\u{a0}{argument}\u{a0}» est illisible ou inconnu."
            ),
            format!(
                "Layer {layer} ({kind}): the setting “{argument}” cannot be read or is unknown."
            ),
        ),
        ArchError::MissingArgument { layer, kind, argument } => pick(
            fr,
            format!("Couche {layer} ({kind})\u{a0}: il manque le réglage {argument}."),
            format!("Layer {layer} ({kind}): the setting {argument} is missing."),
        ),
    }
}

/// The file-level defects of an `.npz`.
pub(super) fn npz_error(fr: bool, e: &NpzError) -> String {
    let mb = MAX_BYTES >> 20;
    match e {
        NpzError::NotZip => pick(
            fr,
            "Ce fichier n’est ni un fichier de poids Convolab ni un fichier NumPy .npz.".into(),
            "This is neither a Convolab weights file nor a NumPy .npz file.".into(),
        ),
        NpzError::Truncated => pick(
            fr,
            "Le fichier est incomplet\u{a0}: il s’arrête avant la fin (téléchargement ou copie interrompus\u{a0}?).".into(),
            "The file is incomplete: it stops before its end (a download or a copy that was cut?).".into(),
        ),
        NpzError::TooLarge => pick(
            fr,
            format!("Une fois décompressé, le fichier dépasse {mb}\u{a0}Mo\u{a0}: c’est trop pour un réseau de la page."),
            format!("Once unpacked, the file holds more than {mb} MB: too much for a network of the page."),
        ),
        NpzError::TooManyEntries(n) => pick(
            fr,
            format!("Le fichier contient {n} tableaux\u{a0}: bien trop pour un réseau."),
            format!("The file holds {n} arrays: far too many for a network."),
        ),
        NpzError::Encrypted => pick(
            fr,
            "Le fichier est protégé par un mot de passe\u{a0}; enregistrez-le sans.".into(),
            "The file is protected by a password; save it again without one.".into(),
        ),
        NpzError::Compression(m) => pick(
            fr,
            format!("Le fichier est compressé d’une façon que NumPy n’emploie pas (méthode {m})\u{a0}; enregistrez-le avec np.savez."),
            format!("The file is compressed in a way NumPy does not use (method {m}); save it again with np.savez."),
        ),
        NpzError::Corrupt(_) => pick(
            fr,
            "Le fichier est abîmé\u{a0}: son contenu ne correspond pas à ce qu’il annonce. Téléchargez-le ou enregistrez-le à nouveau.".into(),
            "The file is damaged: its content does not match what it announces. Download or save it again.".into(),
        ),
        NpzError::BadArray { name, .. } => pick(
            fr,
            format!("Le tableau «\u{a0}{name}\u{a0}» du fichier est illisible (abîmé, ou écrit autrement que par NumPy)."),
            format!("The array “{name}” in the file cannot be read (damaged, or not written by NumPy)."),
        ),
        NpzError::Dtype { name, dtype } => pick(
            fr,
            format!("Le tableau «\u{a0}{name}\u{a0}» contient des valeurs {dtype}, que Convolab ne lit pas."),
            format!("The array “{name}” holds {dtype} values, which Convolab does not read."),
        ),
    }
}

/// Why a Keras file was refused, as one sentence (or two).
pub fn keras_file_error(lang: Lang, e: &KerasFileError) -> String {
    let fr = lang == Lang::Fr;
    let save = "np.savez(\"my_model.npz\", config=model.to_json(), *model.get_weights())";
    match e {
        KerasFileError::TooLarge { bytes } => {
            let mb = bytes >> 20;
            let max = crate::nn::keras_file::MAX_FILE >> 20;
            pick(
                fr,
                format!("Ce fichier fait {mb}\u{a0}Mo\u{a0}: trop gros pour un réseau de la page ({max}\u{a0}Mo au plus)."),
                format!("This file is {mb} MB: too large for a network of the page (at most {max} MB)."),
            )
        }
        KerasFileError::File(e) => npz_error(fr, e),
        KerasFileError::NoNpz => pick(
            fr,
            "Ce fichier ZIP ne contient aucun .npz\u{a0}: la page lit le ZIP que télécharge «\u{a0}Exporter pour Keras\u{a0}», ou un .npz.".into(),
            "This ZIP file holds no .npz: the page reads the ZIP that “Export for Keras” downloads, or an .npz.".into(),
        ),
        KerasFileError::NoConfig => pick(
            fr,
            format!("Ce .npz contient des poids mais pas la description du réseau\u{a0}; enregistrez-le avec {save}."),
            format!("This .npz holds weights but no description of the network; save it with {save}."),
        ),
        KerasFileError::BadConfig(_) => pick(
            fr,
            format!("La description du réseau (config) n’est pas celle d’un modèle Keras\u{a0}; enregistrez-le avec {save}."),
            format!("The network’s description (config) is not a Keras model’s; save it with {save}."),
        ),
        KerasFileError::NotSequential { class } => pick(
            fr,
            format!("C’est un modèle {class}\u{a0}: Convolab lit les modèles Keras Sequential (une couche après l’autre)."),
            format!("This is a {class} model: Convolab reads Keras Sequential models (one layer after another)."),
        ),
        KerasFileError::UnknownLayer { layer, class } => pick(
            fr,
            format!("La couche {layer} est une {class}, que Convolab n’a pas\u{a0}: ce réseau ne peut pas être construit ici."),
            format!("Layer {layer} is a {class}, which Convolab does not have: this network cannot be built here."),
        ),
        KerasFileError::ChannelsFirst { layer, class } => pick(
            fr,
            format!("La couche {layer} ({class}) attend les canaux en premier (data_format=\"channels_first\")\u{a0}; dans Convolab, comme par défaut dans Keras, ils viennent en dernier."),
            format!("Layer {layer} ({class}) reads its channels first (data_format=\"channels_first\"); Convolab’s images, like Keras’s by default, have them last."),
        ),
        KerasFileError::Unsupported { layer, class, setting } => pick(
            fr,
            format!("La couche {layer} ({class}) a un réglage que Convolab n’a pas\u{a0}: {setting}."),
            format!("Layer {layer} ({class}) has a setting Convolab does not have: {setting}."),
        ),
        KerasFileError::Layer(e) => arch_error(lang, e),
        KerasFileError::Input { shape } => pick(
            fr,
            format!("Ce réseau lit des entrées {}\u{a0}; ceux de Convolab lisent le chiffre en (None, 32, 32, 1).", shape_text(shape)),
            format!("This network reads inputs of {}; Convolab’s networks read the digit as (None, 32, 32, 1).", shape_text(shape)),
        ),
        KerasFileError::Network(e) => pick(
            fr,
            format!("Ce réseau ne peut pas être construit\u{a0}: {}", nn_error(lang, e)),
            format!("This network cannot be built: {}", nn_error(lang, e)),
        ),
        KerasFileError::WeightCount { expected, found } => pick(
            fr,
            format!("Le fichier a {found} tableaux de poids là où ce réseau en demande {expected}."),
            format!("The file has {found} weight arrays where this network needs {expected}."),
        ),
        KerasFileError::WeightShape { index, layer, expected, found } => pick(
            fr,
            format!("Le tableau de poids arr_{index} ({layer}) est de forme {} au lieu de {}.", dims_text(found), dims_text(expected)),
            format!("The weight array arr_{index} ({layer}) is {} where the network needs {}.", dims_text(found), dims_text(expected)),
        ),
        KerasFileError::WeightType { index, dtype } => pick(
            fr,
            format!("Le tableau de poids arr_{index} contient du texte ({dtype}), pas des nombres."),
            format!("The weight array arr_{index} holds text ({dtype}), no numbers."),
        ),
        KerasFileError::NotFinite { index } => pick(
            fr,
            format!("Le tableau de poids arr_{index} contient NaN ou l’infini\u{a0}: le réseau a divergé avant d’être enregistré."),
            format!("The weight array arr_{index} holds NaN or infinity: the network diverged before it was saved."),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn npz_samples() -> Vec<NpzError> {
        vec![
            NpzError::NotZip,
            NpzError::Truncated,
            NpzError::TooLarge,
            NpzError::TooManyEntries(2000),
            NpzError::Encrypted,
            NpzError::Compression(12),
            NpzError::Corrupt("x: checksum mismatch".into()),
            NpzError::BadArray { name: "arr_0".into(), why: "cut short".into() },
            NpzError::Dtype { name: "arr_0".into(), dtype: "|O8".into() },
        ]
    }

    #[test]
    fn every_keras_file_error_reads_in_both_languages() {
        let mut all = KerasFileError::samples();
        all.extend(npz_samples().into_iter().map(KerasFileError::File));
        all.extend(ArchError::samples().into_iter().map(KerasFileError::Layer));
        for e in &all {
            let (en, fr) = (keras_file_error(Lang::En, e), keras_file_error(Lang::Fr, e));
            super::super::errors::check_sentence(&en, &fr, &e.to_string());
            // The English sentence names what the core's message names.
            if let KerasFileError::UnknownLayer { class, .. } = e {
                assert!(en.contains(class.as_str()) && fr.contains(class.as_str()));
            }
        }
        // The jargon-free words a student reads for a damaged file.
        let damaged =
            keras_file_error(Lang::En, &KerasFileError::File(NpzError::Corrupt("crc".into())));
        assert!(!damaged.contains("checksum") && !damaged.contains("crc"), "{damaged}");
    }
}
