//! The "Your classes" page's words, in our own words.

use crate::app::i18n::Lang;

#[cfg_attr(test, derive(Debug))]
pub struct ClassesTexts {
    pub title: &'static str,
    pub lead: &'static str,
    pub classes: &'static str,
    pub add_class: &'static str,
    /// A new class's name: `{n}` its number.
    pub new_class: &'static str,
    pub name_label: &'static str,
    pub pick: &'static str,
    pub delete_class: &'static str,
    /// `{n}` examples.
    pub count: &'static str,
    pub count_one: &'static str,
    pub pad: &'static str,
    pub clear: &'static str,
    /// The add button: `{c}` the class's name.
    pub add_to: &'static str,
    pub draw_first: &'static str,
    pub delete_example: &'static str,
    /// `{c}` the class, `{n}` its count, `{r}` the recommended count.
    pub too_few: &'static str,
    pub recommended: &'static str,
    pub held_out: &'static str,
    pub file: &'static str,
    pub export: &'static str,
    pub import: &'static str,
    pub start_again: &'static str,
    pub confirm_start_again: &'static str,
    pub confirm_delete: &'static str,
    /// `{n}` examples in `{k}` classes read.
    pub imported: &'static str,
    /// `{s}` the size kept in the browser.
    pub stored: &'static str,
    pub empty_class: &'static str,
    pub upload: &'static str,
    /// `{n}` pictures added to `{c}`.
    pub uploaded: &'static str,
}

pub const EN: ClassesTexts = ClassesTexts {
    title: "Your classes",
    lead: "Make your own data set: name two to ten classes (✓ and ✗, the letters of your name, three shapes…), draw examples of each on the pad, and the network will learn to tell them apart. Each drawing goes through the same preprocessing as LeNet’s digits: what you see in the gallery is the 28×28 the network reads.",
    classes: "Classes",
    add_class: "Add a class",
    new_class: "Class {n}",
    name_label: "Name of class {n}",
    pick: "Draw for this class",
    delete_class: "Delete this class",
    count: "{n} examples",
    count_one: "1 example",
    pad: "Drawing pad: draw one example",
    clear: "Clear",
    add_to: "Add to “{c}”",
    draw_first: "Draw an example on the pad first.",
    delete_example: "Delete this example",
    too_few: "“{c}” has {n}: about {r} per class are recommended.",
    recommended: "About {r} examples per class are recommended; training shifts each drawing by up to 2 pixels, so that a few drawings go further.",
    held_out: "{p} of each class is held out to check the network on drawings it never learnt from.",
    file: "File",
    export: "Export (.npz)",
    import: "Import a file",
    start_again: "Start again",
    confirm_start_again: "Delete every class and example on this page? Export them first to keep them.",
    confirm_delete: "Delete this class and its examples?",
    imported: "Read: {n} examples in {k} classes.",
    stored: "Kept in this browser: {s}.",
    empty_class: "No example yet.",
    upload: "Add pictures (PNG, JPEG, WebP, GIF)",
    uploaded: "Pictures added to “{c}”: {n}.",
};

pub const FR: ClassesTexts = ClassesTexts {
    title: "Vos classes",
    lead: "Fabriquez votre propre jeu de données\u{a0}: nommez de deux à dix classes (✓ et ✗, les lettres de votre prénom, trois formes…), dessinez des exemples de chacune sur le bloc, et le réseau apprendra à les distinguer. Chaque dessin passe par le même prétraitement que les chiffres de LeNet\u{a0}: la galerie montre le 28×28 que lit le réseau.",
    classes: "Classes",
    add_class: "Ajouter une classe",
    new_class: "Classe {n}",
    name_label: "Nom de la classe {n}",
    pick: "Dessiner pour cette classe",
    delete_class: "Supprimer cette classe",
    count: "{n}\u{a0}exemples",
    count_one: "1\u{a0}exemple",
    pad: "Bloc de dessin\u{a0}: dessinez un exemple",
    clear: "Effacer",
    add_to: "Ajouter à «\u{a0}{c}\u{a0}»",
    draw_first: "Dessinez d’abord un exemple sur le bloc.",
    delete_example: "Supprimer cet exemple",
    too_few: "«\u{a0}{c}\u{a0}» en a {n}\u{a0}: on conseille environ {r} exemples par classe.",
    recommended: "On conseille environ {r}\u{a0}exemples par classe\u{a0}; l’entraînement décale chaque dessin de 2\u{a0}pixels au plus, pour tirer davantage de peu de dessins.",
    held_out: "{p} de chaque classe sont mis de côté pour vérifier le réseau sur des dessins qu’il n’a jamais appris.",
    file: "Fichier",
    export: "Exporter (.npz)",
    import: "Importer un fichier",
    start_again: "Tout recommencer",
    confirm_start_again: "Supprimer toutes les classes et tous les exemples de la page\u{a0}? Exportez-les d’abord pour les garder.",
    confirm_delete: "Supprimer cette classe et ses exemples\u{a0}?",
    imported: "Lu\u{a0}: {n}\u{a0}exemples dans {k}\u{a0}classes.",
    stored: "Conservé dans ce navigateur\u{a0}: {s}.",
    empty_class: "Aucun exemple pour l’instant.",
    upload: "Ajouter des images (PNG, JPEG, WebP, GIF)",
    uploaded: "Images ajoutées à «\u{a0}{c}\u{a0}»\u{a0}: {n}.",
};

pub fn texts(lang: Lang) -> &'static ClassesTexts {
    lang.pick(&EN, &FR)
}
