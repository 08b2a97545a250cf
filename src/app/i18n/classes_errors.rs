//! Why a student's own data set ("Your classes", `nn::dataset`) refuses an edit, a file
//! or an upload, in the student's language: one sentence naming the class by its name, and
//! saying that what was collected is kept.

use super::Lang;
use super::keras_errors::npz_error;
use super::num::integer;
use crate::nn::dataset::file::ImportError;
use crate::nn::dataset::image::{MAX_FILES_AT_ONCE, MAX_UPLOAD_BYTES, Refusal};
use crate::nn::dataset::{
    DataSetError, MAX_CLASSES, MAX_NAME_CHARS, MAX_PER_CLASS, MIN_CLASSES, MIN_PER_CLASS,
};

fn pick(fr: bool, f: String, e: String) -> String {
    if fr { f } else { e }
}

/// Class `i` as the student named it, in quotes (its number when it has no name).
fn class(fr: bool, names: &[String], i: usize) -> String {
    match names.get(i).map(|n| n.trim()).filter(|n| !n.is_empty()) {
        Some(n) if fr => format!("«\u{a0}{n}\u{a0}»"),
        Some(n) => format!("“{n}”"),
        None if fr => format!("n°\u{a0}{}", i + 1),
        None => format!("no. {}", i + 1),
    }
}

/// An edit or a set refused (`names`: the classes' names as the page shows them).
pub fn data_set_error(lang: Lang, e: &DataSetError, names: &[String]) -> String {
    let fr = lang == Lang::Fr;
    let c = |i: usize| class(fr, names, i);
    match e {
        DataSetError::TooFewClasses(_) => pick(
            fr,
            format!("Il faut au moins {MIN_CLASSES}\u{a0}classes pour apprendre à les distinguer."),
            format!("At least {MIN_CLASSES} classes are needed to learn to tell them apart."),
        ),
        DataSetError::TooManyClasses(_) => pick(
            fr,
            format!("{MAX_CLASSES}\u{a0}classes au plus\u{a0}: le réseau a une sortie par classe."),
            format!("At most {MAX_CLASSES} classes: the network has one output per class."),
        ),
        DataSetError::EmptyName(i) => pick(
            fr,
            format!("Donnez un nom à la classe n°\u{a0}{}.", i + 1),
            format!("Give class no. {} a name.", i + 1),
        ),
        DataSetError::NameTooLong(i) => pick(
            fr,
            format!(
                "Le nom de la classe n°\u{a0}{} dépasse {MAX_NAME_CHARS}\u{a0}caractères.",
                i + 1
            ),
            format!("The name of class no. {} is longer than {MAX_NAME_CHARS} characters.", i + 1),
        ),
        DataSetError::DuplicateName(a, _) => pick(
            fr,
            format!(
                "Deux classes s’appellent {}\u{a0}: choisissez un autre nom (les majuscules ne comptent pas).",
                c(*a)
            ),
            format!(
                "Two classes are called {}: choose another name (capitals do not count).",
                c(*a)
            ),
        ),
        DataSetError::TooFewExamples(i, n) => pick(
            fr,
            format!(
                "La classe {} a {n}\u{a0}exemple{}\u{a0}: il en faut au moins {MIN_PER_CLASS}, un pour apprendre et un pour vérifier.",
                c(*i),
                if *n > 1 { "s" } else { "" }
            ),
            format!(
                "Class {} has {n} example{}: it needs at least {MIN_PER_CLASS}, one to learn from and one to check on.",
                c(*i),
                if *n == 1 { "" } else { "s" }
            ),
        ),
        DataSetError::ClassFull(i) => pick(
            fr,
            format!(
                "La classe {} est pleine ({}\u{a0}exemples)\u{a0}; les suivants n’ont pas été ajoutés.",
                c(*i),
                integer(lang, MAX_PER_CLASS as u64)
            ),
            format!(
                "Class {} is full ({} examples); the next ones were not added.",
                c(*i),
                integer(lang, MAX_PER_CLASS as u64)
            ),
        ),
        DataSetError::BadExample(i) => pick(
            fr,
            format!("Un exemple de la classe {} n’est pas une image 28×28.", c(*i)),
            format!("An example of class {} is not a 28×28 image.", c(*i)),
        ),
        DataSetError::HeldOut(p) => pick(
            fr,
            format!("Part mise de côté {p}\u{a0}%\u{a0}: entre 5 et 50\u{a0}%."),
            format!("Held-out share {p} %: between 5 and 50 %."),
        ),
        DataSetError::NoClass(i) => pick(
            fr,
            format!("Il n’y a pas de classe n°\u{a0}{}.", i + 1),
            format!("There is no class no. {}.", i + 1),
        ),
    }
}

/// A data set file refused; the set on screen is kept (the sentence says so).
pub fn import_error(lang: Lang, e: &ImportError) -> String {
    let fr = lang == Lang::Fr;
    let kept = pick(
        fr,
        " Vos classes actuelles sont conservées.".into(),
        " Your current classes are kept.".into(),
    );
    let why = match e {
        ImportError::Npz(e) => npz_error(fr, e),
        ImportError::Missing(a) => pick(
            fr,
            format!(
                "Ce fichier n’est pas un jeu de classes de Convolab (il n’a pas de tableau «\u{a0}{a}\u{a0}»)."
            ),
            format!("This file is not a Convolab class set (it has no array “{a}”)."),
        ),
        ImportError::BadArray(a) => pick(
            fr,
            format!(
                "Le tableau «\u{a0}{a}\u{a0}» du fichier n’a pas le type ou la forme attendus."
            ),
            format!("The file’s array “{a}” does not have the expected type or shape."),
        ),
        ImportError::BadLabel(l) => pick(
            fr,
            format!("Un exemple du fichier porte la classe {l}, qui n’existe pas."),
            format!("An example in the file has class {l}, which does not exist."),
        ),
        ImportError::Invalid(e) => data_set_error(lang, e, &[]),
    };
    why + &kept
}

/// A file (or an upload) refused; the others are added.
pub fn upload_refusal(lang: Lang, r: &Refusal) -> String {
    let fr = lang == Lang::Fr;
    let mb = |b: u64| integer(lang, b.div_ceil(1 << 20));
    match r {
        Refusal::TooManyFiles(n) => pick(
            fr,
            format!(
                "{}\u{a0}fichiers d’un coup, c’est trop\u{a0}: {MAX_FILES_AT_ONCE} au plus. Rien n’a été ajouté.",
                integer(lang, *n as u64)
            ),
            format!(
                "{} files at once is too many: at most {MAX_FILES_AT_ONCE}. Nothing was added.",
                integer(lang, *n as u64)
            ),
        ),
        Refusal::NotAnImage(name) => pick(
            fr,
            format!(
                "«\u{a0}{name}\u{a0}» n’est pas une image PNG, JPEG, WebP ou GIF\u{a0}: ignoré."
            ),
            format!("“{name}” is not a PNG, JPEG, WebP or GIF picture: skipped."),
        ),
        Refusal::TooLarge(name, b) => pick(
            fr,
            format!(
                "«\u{a0}{name}\u{a0}» fait {}\u{a0}Mo\u{a0}: trop gros ({}\u{a0}Mo au plus), ignoré.",
                mb(*b),
                mb(MAX_UPLOAD_BYTES)
            ),
            format!(
                "“{name}” is {} MB: too large (at most {} MB), skipped.",
                mb(*b),
                mb(MAX_UPLOAD_BYTES)
            ),
        ),
        Refusal::Undecodable(name) => pick(
            fr,
            format!(
                "«\u{a0}{name}\u{a0}» ne se lit pas comme une image (abîmé\u{a0}?)\u{a0}: ignoré."
            ),
            format!("“{name}” cannot be read as a picture (damaged?): skipped."),
        ),
        Refusal::Blank(name) => pick(
            fr,
            format!("«\u{a0}{name}\u{a0}» ne contient aucun trait\u{a0}: ignoré."),
            format!("“{name}” has nothing drawn in it: skipped."),
        ),
    }
}

/// The browser's storage is full: the set on screen is kept, not saved.
pub fn storage_full(lang: Lang) -> &'static str {
    lang.pick(
        "The browser’s storage is full: the last change is on screen but not saved. Export your classes to a file to keep them.",
        "Le stockage du navigateur est plein\u{a0}: la dernière modification est à l’écran mais pas enregistrée. Exportez vos classes dans un fichier pour les garder.",
    )
}

/// The browser keeps nothing for this page (no IndexedDB: a private window, storage turned
/// off): the set stays on screen for this visit.
pub fn storage_unavailable(lang: Lang) -> &'static str {
    lang.pick(
        "This browser does not let the page keep your classes (a private window, or storage turned off): they stay on screen until you leave. Export them to a file to keep them.",
        "Ce navigateur ne laisse pas la page garder vos classes (fenêtre privée, ou stockage désactivé)\u{a0}: elles restent à l’écran jusqu’à ce que vous partiez. Exportez-les dans un fichier pour les garder.",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::npz::NpzError;

    fn samples() -> (Vec<DataSetError>, Vec<ImportError>, Vec<Refusal>) {
        use DataSetError::*;
        let sets = vec![
            TooFewClasses(1),
            TooManyClasses(11),
            EmptyName(2),
            NameTooLong(0),
            DuplicateName(0, 2),
            TooFewExamples(1, 0),
            TooFewExamples(1, 1),
            ClassFull(0),
            BadExample(1),
            HeldOut(70),
            NoClass(9),
        ];
        let imports = vec![
            ImportError::Npz(NpzError::Truncated),
            ImportError::Npz(NpzError::NotZip),
            ImportError::Missing("class_names"),
            ImportError::BadArray("x"),
            ImportError::BadLabel(7),
            ImportError::Invalid(DuplicateName(0, 1)),
        ];
        let refusals = vec![
            Refusal::TooManyFiles(5000),
            Refusal::NotAnImage("notes.txt".into()),
            Refusal::TooLarge("photo.jpg".into(), 50 << 20),
            Refusal::Undecodable("broken.png".into()),
            Refusal::Blank("blank.png".into()),
        ];
        (sets, imports, refusals)
    }

    /// Every refusal is a sentence in each language, distinct from the other language's,
    /// with French typography (a no-break space before a colon, « » quotes).
    #[test]
    fn every_refusal_is_a_sentence_in_both_languages() {
        let names: Vec<String> = ["✓ coche", "✗ croix", "○ rond"].map(String::from).into();
        let (sets, imports, refusals) = samples();
        let mut all = Vec::new();
        for lang in Lang::ALL {
            for e in &sets {
                all.push((lang, data_set_error(lang, e, &names)));
            }
            for e in &imports {
                all.push((lang, import_error(lang, e)));
            }
            for r in &refusals {
                all.push((lang, upload_refusal(lang, r)));
            }
            all.push((lang, storage_full(lang).to_string()));
            all.push((lang, storage_unavailable(lang).to_string()));
        }
        for (lang, s) in &all {
            assert!(s.ends_with('.') && s.len() > 20, "{s}");
            if *lang == Lang::Fr {
                assert!(!s.contains(" :") && !s.contains(" ;") && !s.contains(" ?"), "{s}");
                assert!(!s.contains('“'), "French quotes: {s}");
            } else {
                assert!(!s.contains('\u{a0}') && !s.contains('«'), "{s}");
            }
        }
        let half = all.len() / 2;
        for (fr, en) in all[..half].iter().zip(&all[half..]) {
            assert_ne!(fr.1, en.1);
        }
        // A duplicate is named by the student's name; an import keeps the set on screen.
        let dup = data_set_error(Lang::Fr, &DataSetError::DuplicateName(1, 2), &names);
        assert!(dup.contains("«\u{a0}✗ croix\u{a0}»"), "{dup}");
        let cut = import_error(Lang::En, &ImportError::Npz(NpzError::Truncated));
        assert!(cut.contains("incomplete") && cut.ends_with("Your current classes are kept."));
        let many = upload_refusal(Lang::Fr, &Refusal::TooManyFiles(5000));
        assert!(
            many.starts_with("5\u{202f}000\u{a0}fichiers") || many.starts_with("5\u{a0}000"),
            "{many}"
        );
    }
}
