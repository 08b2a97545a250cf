//! The widgets' words, in English and French: one table per widget, each read with its
//! `texts(lang)`. (Each lesson keeps its own texts.rs; the shell's are in i18n.)

/// The step debugger's buttons, slider and keys.
pub mod stepper {
    use crate::app::i18n::Lang;

    #[cfg_attr(test, derive(Debug))]
    pub struct StepperTexts {
        pub play: &'static str,
        pub pause: &'static str,
        pub back: &'static str,
        pub forward: &'static str,
        pub first: &'static str,
        pub last: &'static str,
        pub scrub: &'static str,
        pub speed: &'static str,
        pub per_second: &'static str,
        pub window: &'static str,
        pub keys_hint: &'static str,
        /// The name of the lab's area, said when the keyboard enters it.
        pub area: &'static str,
    }

    pub const EN: StepperTexts = StepperTexts {
        play: "Play",
        pause: "Pause",
        back: "Step back",
        forward: "Step forward",
        first: "First window",
        last: "Last window",
        scrub: "Window",
        speed: "Speed",
        per_second: "per second",
        window: "Window",
        keys_hint: "Keys: space plays or pauses, ← → step, Home / End jump to the ends.",
        area: "Step by step, window after window",
    };

    pub const FR: StepperTexts = StepperTexts {
        play: "Lecture",
        pause: "Pause",
        back: "Pas en arrière",
        forward: "Pas en avant",
        first: "Première fenêtre",
        last: "Dernière fenêtre",
        scrub: "Fenêtre",
        speed: "Vitesse",
        per_second: "par seconde",
        window: "Fenêtre",
        keys_hint: "Clavier : espace lance ou arrête, ← → avancent d'un pas, Début / Fin vont aux extrémités.",
        area: "Pas à pas, fenêtre après fenêtre",
    };

    pub fn texts(lang: Lang) -> &'static StepperTexts {
        lang.pick(&EN, &FR)
    }
}

/// The "In Keras" panel.
pub mod keras {
    use crate::app::i18n::Lang;

    #[cfg_attr(test, derive(Debug))]
    pub struct KerasTexts {
        pub title: &'static str,
        pub copy: &'static str,
        pub copied: &'static str,
        pub copy_failed: &'static str,
        pub intro: &'static str,
    }

    pub const EN: KerasTexts = KerasTexts {
        title: "In Keras",
        copy: "Copy",
        copied: "Copied.",
        copy_failed: "The browser refused to copy: select the code and copy it by hand.",
        intro: "The same computation in Keras 3 (runs as is with `pip install keras` and a backend such as TensorFlow, JAX or PyTorch):",
    };

    pub const FR: KerasTexts = KerasTexts {
        title: "En Keras",
        copy: "Copier",
        copied: "Copié.",
        copy_failed: "Le navigateur refuse de copier : sélectionner le code et le copier à la main.",
        intro: "Le même calcul en Keras 3 (fonctionne tel quel avec `pip install keras` et un moteur comme TensorFlow, JAX ou PyTorch) :",
    };

    pub fn texts(lang: Lang) -> &'static KerasTexts {
        lang.pick(&EN, &FR)
    }
}

/// The kernel editor's labels and messages.
pub mod kernel_editor {
    use crate::app::i18n::Lang;

    #[cfg_attr(test, derive(Debug))]
    pub struct EditorTexts {
        pub cell: &'static str,
        pub empty: &'static str,
        pub not_a_number: &'static str,
        pub zero_denominator: &'static str,
        pub too_large: &'static str,
        pub kept: &'static str,
    }

    pub const EN: EditorTexts = EditorTexts {
        cell: "Weight, row {r}, column {c}",
        empty: "This cell is empty.",
        not_a_number: "This is not a number (write 0.25, -1 or 1/4).",
        zero_denominator: "A fraction cannot divide by 0.",
        too_large: "This weight is too large (at most one million).",
        kept: "The result shown still uses the last valid kernel.",
    };

    pub const FR: EditorTexts = EditorTexts {
        cell: "Poids, ligne {r}, colonne {c}",
        empty: "Cette case est vide.",
        not_a_number: "Ce n'est pas un nombre (écrire 0,25 ; −1 ou 1/4).",
        zero_denominator: "Une fraction ne peut pas diviser par 0.",
        too_large: "Ce poids est trop grand (un million au plus).",
        kept: "Le résultat affiché utilise encore le dernier noyau valide.",
    };

    pub fn texts(lang: Lang) -> &'static EditorTexts {
        lang.pick(&EN, &FR)
    }
}

/// The heat map's legend, cursor and keys.
pub mod heatmap {
    use crate::app::i18n::Lang;

    /// The words of a map: its legend, its caption, and what screen readers hear.
    #[cfg_attr(test, derive(Debug))]
    pub struct HeatTexts {
        pub negative: &'static str,
        pub zero: &'static str,
        pub positive: &'static str,
        pub low: &'static str,
        pub high: &'static str,
        pub hover: &'static str,
        pub row_col: &'static str,
        pub position: &'static str,
        pub pick: &'static str,
        /// The keys, said to screen readers with the map's name.
        pub keys: &'static str,
    }

    pub const EN: HeatTexts = HeatTexts {
        negative: "negative",
        zero: "zero",
        positive: "positive",
        low: "low",
        high: "high",
        hover: "Point at a cell to read its value.",
        row_col: "row {r}, column {c}:",
        position: "position {i}:",
        pick: "Point at a cell to read its value; click it (or walk the cells with the arrows) to see its window.",
        keys: "Arrows move the cursor, Home / End go to the ends of the row.",
    };

    pub const FR: HeatTexts = HeatTexts {
        negative: "négatif",
        zero: "zéro",
        positive: "positif",
        low: "faible",
        high: "fort",
        hover: "Pointer une case pour lire sa valeur.",
        row_col: "ligne {r}, colonne {c} :",
        position: "position {i} :",
        pick: "Pointer une case pour lire sa valeur ; la cliquer (ou parcourir les cases avec les flèches) pour voir sa fenêtre.",
        keys: "Les flèches déplacent le curseur, Début / Fin vont aux bouts de la ligne.",
    };

    pub fn texts(lang: Lang) -> &'static HeatTexts {
        lang.pick(&EN, &FR)
    }
}

#[cfg(test)]
mod tests {
    use crate::app::i18n::assert_filled as filled;

    /// Every string filled in both languages (read from the tables' Debug form), and the
    /// placeholders the widgets fill in kept.
    #[test]
    fn every_widgets_strings_are_filled_in_both_languages() {
        filled("stepper", &super::stepper::EN, &super::stepper::FR, 12);
        filled("keras", &super::keras::EN, &super::keras::FR, 5);
        filled("kernel editor", &super::kernel_editor::EN, &super::kernel_editor::FR, 6);
        filled("heat map", &super::heatmap::EN, &super::heatmap::FR, 10);
        for t in [&super::kernel_editor::EN, &super::kernel_editor::FR] {
            assert!(t.cell.contains("{r}") && t.cell.contains("{c}"));
        }
    }
}
