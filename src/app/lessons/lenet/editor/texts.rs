//! The architecture editor's texts, EN and FR (typed: a missing string is a build error).
//! Keras's own words (class names, `valid`/`same`, activations, the summary's column
//! heads) stay as Keras writes them in both languages: they are what the notebook shows.

use crate::app::i18n::Lang;
use crate::nn::Preset;

#[cfg_attr(test, derive(Debug))]
pub struct EditorTexts {
    pub title: &'static str,
    pub lead: &'static str,
    /// While a run trains.
    pub locked: &'static str,
    pub preset: &'static str,
    /// The select's entry when the network is no preset.
    pub custom: &'static str,
    pub custom_desc: &'static str,
    /// Name and one-line description of each preset, in `Preset::ALL`'s order.
    pub presets: [(&'static str, &'static str); 6],
    pub layers_label: &'static str,
    pub input: &'static str,
    pub input_desc: &'static str,
    pub output_desc: &'static str,
    /// What each kind does, in `Kind::ALL`'s order (shown after its Keras name).
    pub kinds: [&'static str; 6],
    pub filters: &'static str,
    pub kernel: &'static str,
    pub stride: &'static str,
    pub padding: &'static str,
    pub activation: &'static str,
    pub pooling: &'static str,
    /// The pooling kinds: max, average.
    pub pool_kinds: [&'static str; 2],
    pub pool_size: &'static str,
    pub units: &'static str,
    pub rate: &'static str,
    pub not_offered: &'static str,
    /// `{l}`: the layer ("layer 3 (Conv2D)"), for the buttons' names.
    pub layer_name: &'static str,
    pub the_input: &'static str,
    pub add: &'static str,
    pub add_menu: &'static str,
    pub cancel: &'static str,
    pub up: &'static str,
    pub down: &'static str,
    pub remove: &'static str,
    pub breaks: &'static str,
    pub summary_title: &'static str,
    pub summary_lead: &'static str,
    pub not_computed: &'static str,
    pub height: &'static str,
    pub width: &'static str,
    pub macs: &'static str,
    /// `{n}` digits, `{t}` the time, `{r}` the measured rate, `{m}` its network's
    /// multiply-adds.
    pub epoch_estimate: &'static str,
    pub epoch_unknown: &'static str,
    /// Start refused because of the network: `{l}` the layer, `{why}` the reason.
    pub start_refused: &'static str,
}

/// Catalogues are constants: the same one is the same address.
impl PartialEq for EditorTexts {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

pub fn texts(lang: Lang) -> &'static EditorTexts {
    lang.pick(&EN, &FR)
}

impl EditorTexts {
    pub fn preset(&self, p: Preset) -> (&'static str, &'static str) {
        let i = Preset::ALL.iter().position(|&q| q == p).unwrap_or(0);
        self.presets[i]
    }

    /// "layer 3 (Conv2D)" with `n` counted from 1.
    pub fn layer(&self, n: usize, kind: &str) -> String {
        self.layer_name.replace("{n}", &n.to_string()).replace("{k}", kind)
    }
}

pub const EN: EditorTexts = EditorTexts {
    title: "Your network",
    lead: "Change the network layer by layer, or start from a preset: the summary recomputes every layer's output and parameters at each change. The next “Train from scratch” trains this network; the one on screen stays until then.",
    locked: "A run is training: pause it or let it finish to change the network.",
    preset: "Start from",
    custom: "Your own network",
    custom_desc: "No preset: the layers below are yours.",
    presets: [
        (
            "Course LeNet",
            "The course's network: two 3×3 ReLU convolutions, each followed by average pooling, then three dense layers.",
        ),
        (
            "LeNet-5 (1998)",
            "As LeCun et al. published it: 5×5 kernels, tanh, average subsampling, 61,706 parameters.",
        ),
        ("One convolution", "The course's LeNet without its second convolution: what did it add?"),
        ("No convolution", "The pixels straight into dense layers: how far does that get?"),
        ("Wide", "32 and 64 filters instead of 6 and 16: more parameters, more time per epoch."),
        ("With dropout 0.5", "The course's LeNet with Dropout(0.5) after each hidden dense layer."),
    ],
    layers_label: "Layers of the network, from the input to the output",
    input: "Input",
    input_desc: "the digit, 32×32 pixels, one grey channel",
    output_desc: "ten probabilities, one per digit (fixed)",
    kinds: [
        "convolution",
        "max pooling",
        "average pooling",
        "switches units off while training",
        "maps to one vector",
        "fully connected",
    ],
    filters: "filters",
    kernel: "kernel",
    stride: "stride",
    padding: "padding",
    activation: "activation",
    pooling: "pooling",
    pool_kinds: ["max", "average"],
    pool_size: "window",
    units: "units",
    rate: "rate",
    not_offered: "not offered by the editor: remove it or choose a preset",
    layer_name: "layer {n} ({k})",
    the_input: "the input",
    add: "Add a layer after {l}",
    add_menu: "Kind of layer to add after {l}",
    cancel: "Cancel",
    up: "Move {l} up",
    down: "Move {l} down",
    remove: "Remove {l}",
    breaks: "This layer cannot be built.",
    summary_title: "Summary: model.summary()",
    summary_lead: "What Keras would print for this network, with each number's arithmetic: output size ⌊(n + 2p − k)/s⌋ + 1, parameters (kernel + bias) × filters.",
    not_computed: "not computed: an earlier layer breaks",
    height: "height",
    width: "width",
    macs: "Multiply-adds for one digit",
    epoch_estimate: "Time per epoch ({n} digits): about {t}, scaled from the {r} examples/s measured on this device for a network of {m} multiply-adds.",
    epoch_unknown: "Time per epoch: unknown until a run has measured this device's speed (train any network for a few seconds).",
    start_refused: "The network cannot be trained: {l} breaks. {why}",
};

pub const FR: EditorTexts = EditorTexts {
    title: "Votre réseau",
    lead: "Modifiez le réseau couche par couche, ou partez d’un modèle\u{a0}: le résumé recalcule la sortie et les paramètres de chaque couche à chaque changement. Le prochain «\u{a0}Entraîner depuis zéro\u{a0}» entraîne ce réseau\u{a0}; celui qui est à l’écran y reste jusque-là.",
    locked: "Un entraînement est en cours\u{a0}: mettez-le en pause ou laissez-le finir pour changer le réseau.",
    preset: "Partir de",
    custom: "Votre propre réseau",
    custom_desc: "Aucun modèle\u{a0}: les couches ci-dessous sont les vôtres.",
    presets: [
        (
            "LeNet du cours",
            "Le réseau du cours\u{a0}: deux convolutions 3×3 ReLU, chacune suivie d’un pooling moyen, puis trois couches denses.",
        ),
        (
            "LeNet-5 (1998)",
            "Tel que LeCun et al. l’ont publié\u{a0}: noyaux 5×5, tanh, sous-échantillonnage moyen, 61\u{202f}706 paramètres.",
        ),
        (
            "Une convolution",
            "Le LeNet du cours sans sa seconde convolution\u{a0}: qu’apportait-elle\u{a0}?",
        ),
        (
            "Sans convolution",
            "Les pixels directement dans des couches denses\u{a0}: jusqu’où cela va-t-il\u{a0}?",
        ),
        (
            "Large",
            "32 et 64 filtres au lieu de 6 et 16\u{a0}: plus de paramètres, plus de temps par époque.",
        ),
        (
            "Avec dropout 0,5",
            "Le LeNet du cours avec Dropout(0.5) après chaque couche dense cachée.",
        ),
    ],
    layers_label: "Couches du réseau, de l’entrée à la sortie",
    input: "Entrée",
    input_desc: "le chiffre, 32×32 pixels, un canal gris",
    output_desc: "dix probabilités, une par chiffre (fixe)",
    kinds: [
        "convolution",
        "pooling max",
        "pooling moyen",
        "éteint des unités pendant l’entraînement",
        "met à plat en un vecteur",
        "entièrement connectée",
    ],
    filters: "filtres",
    kernel: "noyau",
    stride: "pas",
    padding: "bourrage",
    activation: "activation",
    pooling: "pooling",
    pool_kinds: ["max", "moyen"],
    pool_size: "fenêtre",
    units: "unités",
    rate: "taux",
    not_offered: "absente de l’éditeur\u{a0}: retirez-la ou choisissez un modèle",
    layer_name: "couche {n} ({k})",
    the_input: "l’entrée",
    add: "Ajouter une couche après {l}",
    add_menu: "Type de couche à ajouter après {l}",
    cancel: "Annuler",
    up: "Monter {l}",
    down: "Descendre {l}",
    remove: "Retirer {l}",
    breaks: "Cette couche ne peut pas être construite.",
    summary_title: "Résumé\u{a0}: model.summary()",
    summary_lead: "Ce que Keras afficherait pour ce réseau, avec le calcul de chaque nombre\u{a0}: taille de sortie ⌊(n + 2p − k)/s⌋ + 1, paramètres (noyau + biais) × filtres.",
    not_computed: "non calculée\u{a0}: une couche précédente bloque",
    height: "hauteur",
    width: "largeur",
    macs: "Multiplications-additions pour un chiffre",
    epoch_estimate: "Durée d’une époque ({n} chiffres)\u{a0}: environ {t}, d’après les {r} exemples/s mesurés sur cet appareil pour un réseau de {m} multiplications-additions.",
    epoch_unknown: "Durée d’une époque\u{a0}: inconnue tant qu’aucun entraînement n’a mesuré la vitesse de cet appareil (entraînez n’importe quel réseau quelques secondes).",
    start_refused: "Ce réseau ne peut pas être entraîné\u{a0}: {l} bloque. {why}",
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::i18n::assert_filled;
    use crate::app::i18n::num::integer;

    #[test]
    fn every_string_is_filled_in_both_languages_with_its_placeholders() {
        assert_filled("lenet editor", &EN, &FR, 58);
        for t in [&EN, &FR] {
            assert!(t.layer_name.contains("{n}") && t.layer_name.contains("{k}"));
            for s in [t.add, t.add_menu, t.up, t.down, t.remove] {
                assert!(s.contains("{l}"), "{s}");
            }
            for k in ["{n}", "{t}", "{r}", "{m}"] {
                assert!(t.epoch_estimate.contains(k), "{k}");
            }
            assert!(t.start_refused.contains("{l}") && t.start_refused.contains("{why}"));
        }
        assert_ne!(EN.title, FR.title);
        assert_eq!(EN.layer(3, "Conv2D"), "layer 3 (Conv2D)");
        assert_eq!(FR.layer(3, "Conv2D"), "couche 3 (Conv2D)");
    }

    #[test]
    fn french_has_its_no_break_spaces() {
        for s in crate::app::i18n::strings_of(&FR) {
            for p in [" :", " ;", " ?", " !", "« ", " »"] {
                assert!(!s.contains(p), "{p:?} in {s:?}");
            }
        }
    }

    #[test]
    fn preset_descriptions_that_give_a_count_give_the_plans() {
        let n = Preset::Lenet5.architecture().plan().total_params as u64;
        assert!(EN.preset(Preset::Lenet5).1.contains(&integer(Lang::En, n)));
        assert!(FR.preset(Preset::Lenet5).1.contains(&integer(Lang::Fr, n)));
        assert_eq!(EN.preset(Preset::Wide).0, "Wide");
        assert_eq!(FR.preset(Preset::Dropout).0, "Avec dropout 0,5");
    }
}
