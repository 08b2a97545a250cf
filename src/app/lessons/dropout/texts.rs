//! The dropout lab's text, in our own words.

use crate::app::i18n::Lang;

#[cfg_attr(test, derive(Debug))]
pub struct DropoutTexts {
    pub title: &'static str,
    pub lead: &'static str,
    pub rate: &'static str,
    pub mode: &'static str,
    pub training: &'static str,
    pub inference: &'static str,
    pub network: &'static str,
    pub kept: &'static str,
    pub scale: &'static str,
    pub inference_note: &'static str,
    pub dropped: &'static str,
    pub mask: &'static str,
    pub probs: &'static str,
    pub live: &'static str,
    pub live_inference: &'static str,
    pub try_title: &'static str,
    pub try_items: [&'static str; 3],
}

pub const EN: DropoutTexts = DropoutTexts {
    title: "Dropout",
    lead: "While it trains, a dropout layer switches off a random share p of the units at every step, so the network cannot lean on any single one. The units it keeps are multiplied by 1/(1−p), so that their sum stays the same on average. Once trained, dropout does nothing at all.",
    rate: "Rate p",
    mode: "Mode",
    training: "Training (a mask per step)",
    inference: "Inference (no dropout)",
    network: "Dense 64 (ReLU) → Dropout → Dense 10 (softmax), on 100 fixed random inputs",
    kept: "{k} of 64 units kept (about {e} expected)",
    scale: "Kept units are multiplied by 1/(1−{p}) {f}",
    inference_note: "Inference: every unit passes unchanged (×1).",
    dropped: "dropped",
    mask: "Mask",
    probs: "The 10 outputs (softmax probabilities)",
    live: "Mask {i} of {n}: {k} units kept, each × 1/(1−p) {f}",
    live_inference: "Inference: all 64 units kept",
    try_title: "Try this",
    try_items: [
        "Step through a few masks: does the predicted class change?",
        "Set p to 0.9: how large do the kept values get, and why?",
        "Switch to inference: which numbers stop changing?",
    ],
};

pub const FR: DropoutTexts = DropoutTexts {
    title: "Régularisation (dropout)",
    lead: "Pendant l'entraînement, une couche de dropout éteint à chaque pas une part p des neurones, tirés au hasard : le réseau ne peut pas compter sur un seul d'entre eux. Les neurones gardés sont multipliés par 1/(1−p), pour que leur somme reste la même en moyenne. Une fois le réseau entraîné, le dropout ne fait plus rien.",
    rate: "Taux p",
    mode: "Mode",
    training: "Entraînement (un masque par pas)",
    inference: "Inférence (pas de dropout)",
    network: "Dense 64 (ReLU) → Dropout → Dense 10 (softmax), sur 100 entrées aléatoires fixes",
    kept: "{k} neurones gardés sur 64 (environ {e} attendus)",
    scale: "Les neurones gardés sont multipliés par 1/(1−{p}) {f}",
    inference_note: "Inférence : chaque neurone passe tel quel (×1).",
    dropped: "éteint",
    mask: "Masque",
    probs: "Les 10 sorties (probabilités softmax)",
    live: "Masque {i} sur {n} : {k} neurones gardés, chacun × 1/(1−p) {f}",
    live_inference: "Inférence : les 64 neurones sont gardés",
    try_title: "À essayer",
    try_items: [
        "Parcourir quelques masques : la classe prédite change-t-elle ?",
        "Mettre p à 0,9 : jusqu'où montent les valeurs gardées, et pourquoi ?",
        "Passer en inférence : quels nombres ne bougent plus ?",
    ],
};

pub fn texts(lang: Lang) -> &'static DropoutTexts {
    lang.pick(&EN, &FR)
}
