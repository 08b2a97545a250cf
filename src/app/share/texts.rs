//! The Share panel's and the link notice's words, in both languages.

use crate::app::i18n::Lang;

pub struct ShareTexts {
    pub share: &'static str,
    pub title: &'static str,
    pub explain: &'static str,
    pub link_label: &'static str,
    pub copy: &'static str,
    pub copied: &'static str,
    pub copy_by_hand: &'static str,
    pub close: &'static str,
    pub qr_label: &'static str,
    pub too_long: &'static str,
    pub ignored: &'static str,
    pub rest_applies: &'static str,
    pub unknown: &'static str,
    pub malformed: &'static str,
    pub out_of_range: &'static str,
    /// A known setting the rest of the link makes useless.
    pub unused: &'static str,
    /// How long a shortened value was; `{n}` the count.
    pub chars: &'static str,
    pub dismiss: &'static str,
}

const EN: ShareTexts = ShareTexts {
    share: "Share this screen",
    title: "This screen, for the whole class",
    explain: "Students scan the code or open the link: they get this lab with these settings, on this step.",
    link_label: "Link",
    copy: "Copy the link",
    copied: "Link copied.",
    copy_by_hand: "This browser does not let the page copy: the link is selected, press Ctrl+C (⌘C on a Mac).",
    close: "Close",
    qr_label: "QR code of the link",
    too_long: "This link is too long for a QR code; share it as text.",
    ignored: "Part of the link could not be used:",
    rest_applies: "The rest of the link applies; the other settings are the defaults.",
    unknown: "unknown setting",
    malformed: "unreadable value",
    out_of_range: "out of range",
    unused: "not used",
    chars: "{n} characters in all",
    dismiss: "Dismiss",
};

const FR: ShareTexts = ShareTexts {
    share: "Partager cet écran",
    title: "Cet écran, pour toute la classe",
    explain: "Les élèves scannent le code ou ouvrent le lien\u{a0}: ils retrouvent ce labo, ces réglages et cette étape.",
    link_label: "Lien",
    copy: "Copier le lien",
    copied: "Lien copié.",
    copy_by_hand: "Ce navigateur ne laisse pas la page copier\u{a0}: le lien est sélectionné, faites Ctrl+C (⌘C sur Mac).",
    close: "Fermer",
    qr_label: "Code QR du lien",
    too_long: "Ce lien est trop long pour un code QR\u{a0}; partagez-le en texte.",
    ignored: "Une partie du lien n'a pas pu servir\u{a0}:",
    rest_applies: "Le reste du lien s'applique\u{a0}; les autres réglages sont ceux par défaut.",
    unknown: "réglage inconnu",
    malformed: "valeur illisible",
    out_of_range: "hors limites",
    unused: "non utilisé",
    chars: "{n}\u{a0}caractères en tout",
    dismiss: "Masquer",
};

pub fn texts(lang: Lang) -> &'static ShareTexts {
    lang.pick(&EN, &FR)
}
