//! The run history's texts, FR and EN (typed: a missing string is a build error).

use crate::app::i18n::Lang;
use crate::app::i18n::num::{NBSP, decimal, integer};
use crate::app::training::runs::{End, MAX_RUNS, Run, SortKey};
use crate::nn::PoolKind;
use crate::worker::protocol::Optim;

#[cfg_attr(test, derive(Debug))]
pub struct HistoryTexts {
    pub title: &'static str,
    /// Before the cap: "Every run you train is kept in this browser, the last ".
    pub lead: [&'static str; 2],
    pub empty: &'static str,
    pub caption: &'static str,
    pub compare_col: &'static str,
    pub actions_col: &'static str,
    pub pick: &'static str,
    /// The buttons' full names (their text is short): "Open this run", "Forget this run".
    pub open_full: &'static str,
    pub forget_full: &'static str,
    pub open: &'static str,
    pub open_busy: &'static str,
    pub open_broken: &'static str,
    pub opened: &'static str,
    pub forget: &'static str,
    pub forget_all: &'static str,
    pub undo: &'static str,
    /// "1 run forgotten." / "{n} runs forgotten."
    pub forgotten: [&'static str; 2],
    pub refused: &'static str,
    pub compare_title: &'static str,
    pub compare_hint: &'static str,
    pub compare_max: &'static str,
    pub accuracy: &'static str,
    pub loss: &'static str,
    pub x_label: &'static str,
    pub months: [&'static str; 12],
    pub sort_hint: &'static str,
    /// ": " / "\u{a0}: "
    pub colon: &'static str,
    pub max_pooling: &'static str,
}

/// Catalogues are constants: the same one is the same address.
impl PartialEq for HistoryTexts {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

pub fn texts(lang: Lang) -> &'static HistoryTexts {
    lang.pick(&EN, &FR)
}

const EN: HistoryTexts = HistoryTexts {
    title: "Your runs",
    lead: [
        "Every run trained on this page is kept in this browser, finished or stopped (the last ",
        ": a new one beyond forgets the oldest). Tick two to four runs to draw their curves on one chart.",
    ],
    empty: "No run yet: train a network and it appears here.",
    caption: "Runs kept in this browser",
    compare_col: "Compare",
    actions_col: "Actions",
    pick: "Compare this run",
    open_full: "Open this run",
    forget_full: "Forget this run",
    open: "Open",
    open_busy: "Pause the run first: the form is locked while it trains.",
    open_broken: "This run's network no longer reads: it cannot be opened.",
    opened: "This run's network and settings are in the form above: press \u{201c}Train from scratch\u{201d} to run it again (its weights were not kept).",
    forget: "Forget",
    forget_all: "Forget all",
    undo: "Undo",
    forgotten: ["1 run forgotten.", " runs forgotten."],
    refused: "This browser refused to keep the runs (storage full or disabled): they will be lost when the page closes.",
    compare_title: "Runs compared",
    compare_hint: "Tick one more run to compare.",
    compare_max: "Four runs at most on one chart.",
    accuracy: "Held-out accuracy",
    loss: "Training loss",
    x_label: "examples seen",
    months: ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
    sort_hint: "Sort by this column",
    colon: ": ",
    max_pooling: "max pooling",
};

const FR: HistoryTexts = HistoryTexts {
    title: "Vos entraînements",
    lead: [
        "Chaque entraînement lancé sur cette page est gardé dans ce navigateur, terminé ou arrêté (les ",
        "\u{a0}derniers\u{a0}: au-delà, le plus ancien est oublié). Cochez-en deux à quatre pour tracer leurs courbes sur un même graphique.",
    ],
    empty: "Aucun entraînement pour l'instant\u{a0}: entraînez un réseau, il apparaîtra ici.",
    caption: "Entraînements gardés dans ce navigateur",
    compare_col: "Comparer",
    actions_col: "Actions",
    pick: "Comparer cet entraînement",
    open_full: "Ouvrir cet entraînement",
    forget_full: "Oublier cet entraînement",
    open: "Ouvrir",
    open_busy: "Mettez d'abord l'entraînement en pause\u{a0}: le formulaire est verrouillé pendant qu'il tourne.",
    open_broken: "Le réseau de cet entraînement ne se lit plus\u{a0}: impossible de l'ouvrir.",
    opened: "Le réseau et les réglages de cet entraînement sont dans le formulaire ci-dessus\u{a0}: appuyez sur «\u{a0}Entraîner depuis zéro\u{a0}» pour le relancer (ses poids n'ont pas été gardés).",
    forget: "Oublier",
    forget_all: "Tout oublier",
    undo: "Annuler",
    forgotten: ["1 entraînement oublié.", "\u{a0}entraînements oubliés."],
    refused: "Ce navigateur refuse de garder les entraînements (stockage plein ou désactivé)\u{a0}: ils seront perdus à la fermeture de la page.",
    compare_title: "Entraînements comparés",
    compare_hint: "Cochez un entraînement de plus pour comparer.",
    compare_max: "Quatre entraînements au plus sur un graphique.",
    accuracy: "Exactitude en test",
    loss: "Perte d'entraînement",
    x_label: "exemples vus",
    months: [
        "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.",
        "déc.",
    ],
    sort_hint: "Trier selon cette colonne",
    colon: "\u{a0}: ",
    max_pooling: "pooling max",
};

impl HistoryTexts {
    fn lang(&self) -> Lang {
        if std::ptr::eq(self, &FR) { Lang::Fr } else { Lang::En }
    }

    /// The lead, with the cap in it.
    pub fn lead(&self) -> String {
        format!("{}{}{}", self.lead[0], MAX_RUNS, self.lead[1])
    }

    /// "12 runs kept, about 60 KB of this browser's storage."
    pub fn kept(&self, runs: usize, chars: usize) -> String {
        // Browsers count two bytes a character.
        let kb = integer(self.lang(), (chars as u64 * 2).div_ceil(1000));
        match (self.lang(), runs) {
            (Lang::En, 1) => format!("1 run kept, about {kb} KB of this browser's storage."),
            (Lang::En, n) => format!("{n} runs kept, about {kb} KB of this browser's storage."),
            (Lang::Fr, 1) => {
                format!("1 entraînement gardé, environ {kb}{NBSP}Ko du stockage de ce navigateur.")
            }
            (Lang::Fr, n) => {
                format!(
                    "{n} entraînements gardés, environ {kb}{NBSP}Ko du stockage de ce navigateur."
                )
            }
        }
    }

    pub fn forgotten(&self, n: usize) -> String {
        if n == 1 { self.forgotten[0].to_string() } else { format!("{n}{}", self.forgotten[1]) }
    }

    pub fn column(&self, k: SortKey) -> &'static str {
        match (self.lang(), k) {
            (Lang::En, SortKey::Network) => "Network",
            (Lang::En, SortKey::Params) => "Parameters",
            (Lang::En, SortKey::Optimizer) => "Optimizer, rate",
            (Lang::En, SortKey::Batch) => "Batch",
            (Lang::En, SortKey::Epochs) => "Epochs",
            (Lang::En, SortKey::Best) => "Best",
            (Lang::En, SortKey::Last) => "Final",
            (Lang::En, SortKey::Time) => "Time",
            (Lang::En, SortKey::Speed) => "Examples/s",
            (Lang::En, SortKey::Date) => "Date",
            (Lang::Fr, SortKey::Network) => "Réseau",
            (Lang::Fr, SortKey::Params) => "Paramètres",
            (Lang::Fr, SortKey::Optimizer) => "Optimiseur, taux",
            (Lang::Fr, SortKey::Batch) => "Lot",
            (Lang::Fr, SortKey::Epochs) => "Époques",
            (Lang::Fr, SortKey::Best) => "Meilleure",
            (Lang::Fr, SortKey::Last) => "Finale",
            (Lang::Fr, SortKey::Time) => "Durée",
            (Lang::Fr, SortKey::Speed) => "Exemples/s",
            (Lang::Fr, SortKey::Date) => "Date",
        }
    }

    /// What a column's numbers are, for its header's title.
    pub fn column_hint(&self, k: SortKey) -> Option<&'static str> {
        Some(match (self.lang(), k) {
            (Lang::En, SortKey::Best) => "Best held-out accuracy (2,000 test digits)",
            (Lang::En, SortKey::Last) => "Last held-out accuracy",
            (Lang::En, SortKey::Time) => "Time the run took, evaluations included",
            (Lang::En, SortKey::Speed) => "Training examples per second, evaluations excluded",
            (Lang::Fr, SortKey::Best) => "Meilleure exactitude en test (2\u{202f}000 chiffres)",
            (Lang::Fr, SortKey::Last) => "Dernière exactitude en test",
            (Lang::Fr, SortKey::Time) => "Durée de l'entraînement, évaluations comprises",
            (Lang::Fr, SortKey::Speed) => {
                "Exemples d'entraînement par seconde, évaluations non comprises"
            }
            _ => return None,
        })
    }

    pub fn end(&self, e: End) -> &'static str {
        match (self.lang(), e) {
            (Lang::En, End::Training) => "training…",
            (Lang::En, End::Paused) => "paused",
            (Lang::En, End::Finished) => "finished",
            (Lang::En, End::Diverged) => "loss exploded",
            (Lang::En, End::Stopped) => "stopped",
            (Lang::En, End::Closed) => "page closed",
            (Lang::Fr, End::Training) => "en cours…",
            (Lang::Fr, End::Paused) => "en pause",
            (Lang::Fr, End::Finished) => "terminé",
            (Lang::Fr, End::Diverged) => "perte explosée",
            (Lang::Fr, End::Stopped) => "arrêté",
            (Lang::Fr, End::Closed) => "page fermée",
        }
    }

    pub fn optimizer(&self, o: Optim) -> &'static str {
        match (self.lang(), o) {
            (_, Optim::Sgd) => "SGD",
            (_, Optim::Momentum) => "Momentum",
            (_, Optim::Adam) => "Adam",
        }
    }

    /// A preset's name, by its id (`nn::Preset::id`); `None` for an unknown one.
    pub fn preset(&self, id: &str) -> Option<&'static str> {
        Some(match (self.lang(), id) {
            (Lang::En, "lenet") => "LeNet (course)",
            (Lang::En, "lenet5") => "LeNet-5 (1998)",
            (Lang::En, "one-conv") => "One convolution",
            (Lang::En, "dense") => "No convolution",
            (Lang::En, "wide") => "Wide",
            (Lang::En, "dropout") => "With dropout 0.5",
            (Lang::Fr, "lenet") => "LeNet (du cours)",
            (Lang::Fr, "lenet5") => "LeNet-5 (1998)",
            (Lang::Fr, "one-conv") => "Une convolution",
            (Lang::Fr, "dense") => "Sans convolution",
            (Lang::Fr, "wide") => "Large",
            (Lang::Fr, "dropout") => "Avec dropout 0,5",
            _ => return None,
        })
    }

    /// A run's network in words: its preset's name; a preset with the page's pooling or
    /// dropout switch turned ("LeNet (course), max pooling"); else its text.
    pub fn network(&self, r: &Run) -> String {
        if let Some(name) = r.preset.as_deref().and_then(|p| self.preset(p)) {
            return name.to_string();
        }
        let Some(arch) = r.architecture() else { return r.arch.clone() };
        let (mut base, mut changes) = (arch.clone(), vec![]);
        if arch.pooling() == Some(PoolKind::Max) {
            base = base.with_pooling(PoolKind::Average);
            changes.push(self.max_pooling.to_string());
        }
        if let Some(rate) = arch.dropout() {
            let without = base.with_dense_dropout(None);
            // Only the switch's dropout (after each hidden dense layer) reads as the switch.
            if without.with_dense_dropout(Some(rate)) == base {
                base = without;
                changes.push(format!("dropout {}", decimal(self.lang(), rate.into(), 2)));
            }
        }
        match base.preset().and_then(|p| self.preset(p.id())) {
            Some(name) if !changes.is_empty() => format!("{name}, {}", changes.join(", ")),
            _ => r.arch.clone(),
        }
    }

    /// A duration: "42 s", "3 min 05 s", "1 h 02 min".
    pub fn duration(&self, seconds: f64) -> String {
        let s = seconds.max(0.0).round() as u64;
        match s {
            0..60 => format!("{s}{NBSP}s"),
            60..3600 => format!("{}{NBSP}min {:02}{NBSP}s", s / 60, s % 60),
            _ => format!("{}{NBSP}h {:02}{NBSP}min", s / 3600, s % 3600 / 60),
        }
    }

    /// A date: "May 12, 14:32" / "12 mai, 14:32" (`month` 0–11).
    pub fn date(&self, month: u32, day: u32, hours: u32, minutes: u32) -> String {
        let m = self.months.get(month as usize).copied().unwrap_or("?");
        match self.lang() {
            Lang::En => format!("{m}{NBSP}{day}, {hours:02}:{minutes:02}"),
            Lang::Fr => format!("{day}{NBSP}{m}, {hours:02}:{minutes:02}"),
        }
    }

    /// A learning rate as the form reads it.
    pub fn rate(&self, lr: f32) -> String {
        // The shortest decimal that is this f32 (0.003, not 0.0030000000002).
        let v: f64 = lr.to_string().parse().unwrap_or(f64::from(lr));
        decimal(self.lang(), v, 6)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::Preset;

    #[test]
    fn every_preset_has_a_name_in_both_languages() {
        for lang in Lang::ALL {
            for p in Preset::ALL {
                assert!(texts(lang).preset(p.id()).is_some(), "{lang:?} {p:?}");
            }
        }
    }

    #[test]
    fn a_network_is_named_by_its_preset_and_the_switches() {
        use crate::app::training::runs::Run;
        use crate::nn::Architecture;
        use crate::worker::protocol::Settings;
        let named = |lang, a: Architecture| {
            texts(lang).network(&Run::start(1, 1.0, &Settings { arch: a, ..Settings::default() }))
        };
        let lenet = Architecture::default();
        assert_eq!(named(Lang::En, lenet.clone()), "LeNet (course)");
        assert_eq!(named(Lang::Fr, Preset::Lenet5.architecture()), "LeNet-5 (1998)");
        let max = lenet.with_pooling(PoolKind::Max);
        assert_eq!(named(Lang::En, max.clone()), "LeNet (course), max pooling");
        assert_eq!(
            named(Lang::Fr, max.with_dense_dropout(Some(0.3))),
            "LeNet (du cours), pooling max, dropout 0,3"
        );
        assert_eq!(
            named(Lang::En, Preset::Wide.architecture().with_dense_dropout(Some(0.25))),
            "Wide, dropout 0.25"
        );
        // Anything else: its text.
        let other = Architecture::parse("Conv2D(4,5,tanh)-Flatten-Dense(10,softmax)").unwrap();
        assert_eq!(named(Lang::En, other.clone()), other.to_text());
    }

    #[test]
    fn numbers_and_dates_read_in_each_language() {
        let (en, fr) = (texts(Lang::En), texts(Lang::Fr));
        assert_eq!(en.duration(42.4), "42\u{a0}s");
        assert_eq!(fr.duration(185.0), "3\u{a0}min 05\u{a0}s");
        assert_eq!(en.duration(3720.0), "1\u{a0}h 02\u{a0}min");
        assert_eq!(en.date(4, 12, 9, 5), "May\u{a0}12, 09:05");
        assert_eq!(fr.date(7, 1, 14, 32), "1\u{a0}août, 14:32");
        assert_eq!((en.rate(0.003), fr.rate(0.003)), ("0.003".into(), "0,003".into()));
        assert_eq!(
            fr.kept(2, 4000),
            "2 entraînements gardés, environ 8\u{a0}Ko du stockage de ce navigateur."
        );
        assert_eq!(en.forgotten(3), "3 runs forgotten.");
        assert!(en.lead().contains("the last 50:"));
        assert!(fr.lead().contains("les 50\u{a0}derniers\u{a0}:"));
    }
}
