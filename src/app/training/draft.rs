//! The training settings as the student typed them. Each field keeps its raw text, so what
//! is shown is what is used: a run starts only when every field reads as a number in its
//! range (pure logic, tested natively).

use crate::app::i18n::num::parse_decimal;
use crate::nn::arch::PlanFailure;
use crate::nn::{Architecture, PoolKind};
use crate::worker::protocol::{MAX_WORKERS, Optim, Settings};

/// A typed field of the settings form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    LearningRate,
    BatchSize,
    Epochs,
    DropoutRate,
    Shift,
    Seed,
    /// Workers sharing each minibatch.
    Workers,
}

impl Field {
    pub const ALL: [Field; 7] = [
        Field::LearningRate,
        Field::BatchSize,
        Field::Epochs,
        Field::DropoutRate,
        Field::Shift,
        Field::Seed,
        Field::Workers,
    ];

    /// The input's `id` on the page.
    pub fn id(self) -> &'static str {
        match self {
            Field::LearningRate => "set-lr",
            Field::BatchSize => "set-batch",
            Field::Epochs => "set-epochs",
            Field::DropoutRate => "set-dropout-rate",
            Field::Shift => "set-shift",
            Field::Seed => "set-seed",
            Field::Workers => "set-workers",
        }
    }
}

/// Why a field is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Problem {
    /// Not a number.
    NotANumber,
    /// A number, not whole where one is needed (`3.5`, `1e2`), within the range.
    NotWhole,
    OutOfRange,
    /// A whole-number field's value above its largest (`1e9` epochs): at most this.
    TooLarge(u64),
    /// A whole-number field's value below its smallest (`-1`): at least this.
    TooSmall(u64),
}

/// Why the form gives no settings: the refused fields, and the layer where the network
/// breaks.
#[derive(Clone, Debug, PartialEq)]
pub struct Blocked {
    pub fields: Vec<(Field, Problem)>,
    /// Boxed: the failure holds a whole error, and `Result`s stay small.
    pub network: Option<Box<PlanFailure>>,
}

/// The form: the choices, the network, and the raw text of every typed field.
#[derive(Clone, Debug, PartialEq)]
pub struct Draft {
    pub optimizer: Optim,
    /// The network to train. The pooling and dropout switches are edits of it.
    pub arch: Architecture,
    pub learning_rate: String,
    pub batch_size: String,
    pub epochs: String,
    /// The dropout switch's rate (every `Dropout` layer's, when it reads).
    pub dropout_rate: String,
    pub shift: String,
    pub seed: String,
    pub workers: String,
    /// Kept from the settings it was made from (not a field of the form).
    pub eval_every: u32,
}

impl Default for Draft {
    fn default() -> Self {
        Draft::from_settings(&Settings::default())
    }
}

impl Draft {
    pub fn from_settings(s: &Settings) -> Draft {
        Draft {
            optimizer: s.optimizer,
            arch: s.arch.clone(),
            learning_rate: s.learning_rate.to_string(),
            batch_size: s.batch_size.to_string(),
            epochs: s.epochs.to_string(),
            dropout_rate: s.arch.dropout().unwrap_or(0.5).to_string(),
            shift: s.shift.to_string(),
            seed: s.seed.to_string(),
            workers: s.workers.to_string(),
            eval_every: s.eval_every,
        }
    }

    pub fn text(&self, f: Field) -> &str {
        match f {
            Field::LearningRate => &self.learning_rate,
            Field::BatchSize => &self.batch_size,
            Field::Epochs => &self.epochs,
            Field::DropoutRate => &self.dropout_rate,
            Field::Shift => &self.shift,
            Field::Seed => &self.seed,
            Field::Workers => &self.workers,
        }
    }

    /// The network pools with max (every pooling layer).
    pub fn max_pooling(&self) -> bool {
        self.arch.pooling() == Some(PoolKind::Max)
    }

    /// The network has dropout layers.
    pub fn dropout(&self) -> bool {
        self.arch.layers.iter().any(|l| matches!(l, crate::nn::LayerConfig::Dropout(_)))
    }

    /// The pooling switch: every pooling layer max or average.
    pub fn set_max_pooling(&mut self, max: bool) {
        self.arch = self.arch.with_pooling(if max { PoolKind::Max } else { PoolKind::Average });
    }

    /// The dropout switch: a `Dropout` at the typed rate after each hidden dense layer, or
    /// none at all.
    pub fn set_dropout(&mut self, on: bool) {
        let rate = self.rate().unwrap_or(0.5);
        self.arch = self.arch.with_dense_dropout(on.then_some(rate));
    }

    /// The typed dropout rate, when it reads and is in range.
    fn rate(&self) -> Option<f32> {
        let r = parse_decimal(&self.dropout_rate)?;
        (0.0..0.95).contains(&r).then_some(r as f32)
    }

    /// A new network (the editor, a preset, a link); the dropout switch's rate follows it.
    pub fn set_arch(&mut self, arch: Architecture) {
        if let Some(r) = arch.dropout() {
            self.dropout_rate = r.to_string();
        }
        self.arch = arch;
    }

    pub fn set(&mut self, f: Field, text: String) {
        if f == Field::DropoutRate {
            self.dropout_rate = text;
            if let Some(r) = self.rate() {
                self.arch = self.arch.with_dropout_rate(r);
            }
            return;
        }
        *match f {
            Field::LearningRate => &mut self.learning_rate,
            Field::BatchSize => &mut self.batch_size,
            Field::Epochs => &mut self.epochs,
            Field::DropoutRate => &mut self.dropout_rate,
            Field::Shift => &mut self.shift,
            Field::Seed => &mut self.seed,
            Field::Workers => &mut self.workers,
        } = text;
    }

    /// What is wrong with field `f`, if anything (the dropout rate only counts when
    /// dropout is on).
    pub fn problem(&self, f: Field) -> Option<Problem> {
        let text = self.text(f);
        let real = |lo_excl: Option<f64>, lo: f64, hi: f64, hi_excl: bool| match parse_decimal(text)
        {
            None => Some(Problem::NotANumber),
            Some(v) => {
                let low_ok = match lo_excl {
                    Some(l) => v > l,
                    None => v >= lo,
                };
                let high_ok = if hi_excl { v < hi } else { v <= hi };
                (!(low_ok && high_ok)).then_some(Problem::OutOfRange)
            }
        };
        // A number written otherwise (`1e9`, `-1`, `2.5`) is judged by its size first: "too
        // large: at most 100" says more than "not a number".
        let whole = |lo: u64, hi: u64| match text.trim().parse::<u64>() {
            Ok(v) if v > hi => Some(Problem::TooLarge(hi)),
            Ok(v) if v < lo => Some(Problem::TooSmall(lo)),
            Ok(_) => None,
            Err(_) => match parse_decimal(text) {
                Some(v) if v > hi as f64 => Some(Problem::TooLarge(hi)),
                Some(v) if v < lo as f64 => Some(Problem::TooSmall(lo)),
                Some(_) => Some(Problem::NotWhole),
                None => Some(Problem::NotANumber),
            },
        };
        match f {
            Field::LearningRate => real(Some(0.0), 0.0, 10.0, false),
            Field::BatchSize => whole(1, 512),
            Field::Epochs => whole(1, 100),
            Field::DropoutRate if !self.dropout() => None,
            Field::DropoutRate => real(None, 0.0, 0.95, true),
            Field::Shift => whole(0, 4),
            Field::Seed => whole(0, u64::MAX),
            Field::Workers => whole(1, MAX_WORKERS as u64),
        }
    }

    pub fn problems(&self) -> Vec<(Field, Problem)> {
        Field::ALL.iter().filter_map(|&f| self.problem(f).map(|p| (f, p))).collect()
    }

    /// The settings the form says, or every refused field and where the network breaks.
    ///
    /// # Errors
    /// The refused fields, in the form's order, and the network's first broken layer.
    pub fn settings(&self) -> Result<Settings, Blocked> {
        let fields = self.problems();
        let network = self.arch.plan().failure.map(Box::new);
        if !fields.is_empty() || network.is_some() {
            return Err(Blocked { fields, network });
        }
        let num = |f: Field| parse_decimal(self.text(f)).unwrap_or(0.0);
        let whole = |f: Field| self.text(f).trim().parse::<u64>().unwrap_or(0);
        let s = Settings {
            optimizer: self.optimizer,
            learning_rate: num(Field::LearningRate) as f32,
            batch_size: whole(Field::BatchSize) as u32,
            epochs: whole(Field::Epochs) as u32,
            arch: self.arch.clone(),
            seed: whole(Field::Seed),
            shift: whole(Field::Shift) as u32,
            eval_every: self.eval_every,
            workers: whole(Field::Workers) as u32,
            // The LeNet page's form: the ten digits.
            classes: 10,
        };
        // The worker checks again; both agree on what is accepted.
        debug_assert!(s.validate().is_ok(), "{s:?}");
        Ok(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_are_the_course_settings() {
        assert_eq!(Draft::default().settings(), Ok(Settings::default()));
    }

    #[test]
    fn refused_fields_say_why_and_block_the_settings() {
        let mut d = Draft::default();
        d.set(Field::LearningRate, "abc".into());
        d.set(Field::BatchSize, "0".into());
        assert_eq!(d.problem(Field::LearningRate), Some(Problem::NotANumber));
        assert_eq!(d.problem(Field::BatchSize), Some(Problem::TooSmall(1)));
        assert_eq!(
            d.settings().unwrap_err().fields,
            vec![
                (Field::LearningRate, Problem::NotANumber),
                (Field::BatchSize, Problem::TooSmall(1))
            ]
        );
        // The text stays what was typed: what is shown is what would be used.
        assert_eq!(d.text(Field::LearningRate), "abc");
        // Corrected, the problem goes and the typed values are the ones used.
        d.set(Field::LearningRate, "0,05".into());
        d.set(Field::BatchSize, " 64 ".into());
        let s = d.settings().unwrap();
        assert_eq!((s.learning_rate, s.batch_size), (0.05, 64));
    }

    #[test]
    fn every_range_has_its_edges() {
        let check = |f: Field, text: &str, dropout: bool| {
            let mut d = Draft::default();
            d.set_dropout(dropout);
            d.set(f, text.into());
            d.problem(f)
        };
        use Problem::*;
        for (f, text, want) in [
            (Field::LearningRate, "0", Some(OutOfRange)),
            (Field::LearningRate, "10", None),
            (Field::LearningRate, "10.01", Some(OutOfRange)),
            (Field::LearningRate, "1e-4", None),
            (Field::LearningRate, "", Some(NotANumber)),
            (Field::BatchSize, "512", None),
            (Field::BatchSize, "513", Some(TooLarge(512))),
            (Field::BatchSize, "3.5", Some(NotWhole)),
            (Field::Epochs, "100", None),
            (Field::Epochs, "0", Some(TooSmall(1))),
            (Field::Epochs, "1e9", Some(TooLarge(100))),
            (Field::Epochs, "1e2", Some(NotWhole)),
            (Field::Epochs, "1e400", Some(NotANumber)),
            (Field::Shift, "4", None),
            (Field::Shift, "5", Some(TooLarge(4))),
            (Field::Shift, "-1", Some(TooSmall(0))),
            (Field::Shift, "x", Some(NotANumber)),
            (Field::Seed, "18446744073709551615", None),
            (Field::Seed, "1e30", Some(TooLarge(u64::MAX))),
            (Field::DropoutRate, "0,95", Some(OutOfRange)),
            (Field::DropoutRate, "0,9", None),
            (Field::Workers, "1", None),
            (Field::Workers, "8", None),
            (Field::Workers, "0", Some(TooSmall(1))),
            (Field::Workers, "9", Some(TooLarge(8))),
            (Field::Workers, "two", Some(NotANumber)),
        ] {
            assert_eq!(check(f, text, true), want, "{f:?} {text:?}");
        }
        // Dropout off: its rate is not used, so not checked.
        assert_eq!(check(Field::DropoutRate, "zzz", false), None);
    }

    #[test]
    fn what_the_form_accepts_the_worker_accepts() {
        let mut d = Draft { optimizer: Optim::Momentum, ..Draft::default() };
        d.set_dropout(true);
        d.set_max_pooling(true);
        for (f, t) in [
            (Field::LearningRate, "10"),
            (Field::BatchSize, "1"),
            (Field::Epochs, "100"),
            (Field::DropoutRate, "0"),
            (Field::Shift, "4"),
            (Field::Seed, "0"),
            (Field::Workers, "8"),
        ] {
            d.set(f, t.into());
        }
        let s = d.settings().unwrap();
        assert!(s.validate().is_ok(), "{s:?}");
        assert_eq!(Draft::from_settings(&s).settings(), Ok(s));
    }

    #[test]
    fn the_switches_edit_the_network_and_a_broken_network_blocks_the_settings() {
        let mut d = Draft::default();
        d.set_max_pooling(true);
        assert_eq!(d.arch.to_text().matches("MaxPooling2D").count(), 2);
        d.set(Field::DropoutRate, "0,3".into());
        d.set_dropout(true);
        assert_eq!(d.arch.dropout(), Some(0.3));
        assert_eq!(d.arch.layers.len(), 10);
        // Typing a rate changes every dropout layer; a refused rate leaves them.
        d.set(Field::DropoutRate, "0.2".into());
        assert_eq!(d.arch.dropout(), Some(0.2));
        d.set(Field::DropoutRate, "2".into());
        assert_eq!(d.arch.dropout(), Some(0.2));
        assert!(d.settings().is_err());
        d.set(Field::DropoutRate, "0.2".into());
        d.set_dropout(false);
        assert!(!d.dropout() && d.max_pooling());
        assert_eq!(d.settings().unwrap().arch, Architecture::default().with_pooling(PoolKind::Max));
        // A network that breaks: no settings, and the layer that breaks.
        d.set_arch(Architecture::parse("Conv2D(6,3)-Dense(10,softmax)").unwrap());
        let refused = d.settings().unwrap_err();
        assert!(refused.fields.is_empty());
        assert_eq!(refused.network.map(|f| f.index), Some(1));
    }
}
