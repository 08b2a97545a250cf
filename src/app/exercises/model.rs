//! What an exercise is, as data: the lessons, the kinds of question, what a question shows
//! and its answer, and how a student's answer is marked.

use crate::nn::{Architecture, Padding, PoolKind};

/// The lessons that end with exercises.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lesson {
    History,
    Conv1d,
    Conv2d,
    Pooling,
    Dropout,
    Learn,
    Lenet,
}

impl Lesson {
    pub const ALL: [Lesson; 7] = [
        Lesson::History,
        Lesson::Conv1d,
        Lesson::Conv2d,
        Lesson::Pooling,
        Lesson::Dropout,
        Lesson::Learn,
        Lesson::Lenet,
    ];

    /// The kinds of exercise of this lesson, in the order they are offered.
    pub fn kinds(self) -> &'static [Kind] {
        use Kind::*;
        match self {
            Lesson::History => &[HistoryOrder, HistoryYear, HistoryFirst, HistoryGap],
            Lesson::Conv1d => &[Conv1dWindow, Conv1dLength, Conv1dWhichKernel, Conv1dSamePadding],
            Lesson::Conv2d => &[Conv2dPixel, Conv2dSize, Conv2dWhichKernel, Conv2dParams],
            Lesson::Pooling => &[PoolCell, PoolSize, PoolUncovered, PoolChain],
            Lesson::Dropout => &[DropoutKept, DropoutScale, DropoutInference, DropoutParams],
            Lesson::Learn => &[LearnLoss, LearnGradient, LearnUpdateSign, LearnPoolGradient],
            Lesson::Lenet => {
                &[LenetParams, LenetShape, LenetBroken, LenetConfusionCell, LenetMostConfused]
            }
        }
    }
}

/// One kind of question; its data come from a seed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// The value of one output of a 1D window (signal and kernel shown).
    Conv1dWindow,
    /// The output length for n, k, padding and stride.
    Conv1dLength,
    /// Which course kernel turned this signal into that one.
    Conv1dWhichKernel,
    /// How many zeros 'same' padding adds (before + after) for n, k, stride.
    Conv1dSamePadding,
    /// One output pixel of a 3×3 window.
    Conv2dPixel,
    /// The output size (rows × columns) of an image and a kernel.
    Conv2dSize,
    /// Which course kernel made this feature map of a small picture.
    Conv2dWhichKernel,
    /// The parameters of a Conv2D layer (filters, kernel, input channels).
    Conv2dParams,
    /// The value of one max / average pooling cell.
    PoolCell,
    /// The output length of a pooling (the 13 → 6 floor).
    PoolSize,
    /// How many input positions no pooling window covers.
    PoolUncovered,
    /// The size after 2×2 pooling, a k×k convolution and 2×2 pooling (LeNet's 30 → 15 → 13 → 6).
    PoolChain,
    /// How many of 64 units are kept on average at rate p.
    DropoutKept,
    /// The inverted-dropout scale 1 / (1 − p).
    DropoutScale,
    /// What dropout does at inference.
    DropoutInference,
    /// The parameters of the course's Dense layers (around the dropout).
    DropoutParams,
    /// The mean squared error of a 2-weight kernel on a tiny signal and target.
    LearnLoss,
    /// One weight's gradient in the same tiny case.
    LearnGradient,
    /// Will a weight go up or down after one gradient step?
    LearnUpdateSign,
    /// Which cell of a 2×2 max-pooling window receives the gradient.
    LearnPoolGradient,
    /// The parameters of one layer of a network the editor could make.
    LenetParams,
    /// An output shape in the summary of such a network.
    LenetShape,
    /// Which of three networks cannot be built (and the layer where it breaks).
    LenetBroken,
    /// Read a cell of a confusion matrix.
    LenetConfusionCell,
    /// Which digit a confusion matrix shows as most confused.
    LenetMostConfused,
    /// Put three events of the timeline in order.
    HistoryOrder,
    /// The year of a network or event.
    HistoryYear,
    /// Which of two events came first.
    HistoryFirst,
    /// How many years between two events.
    HistoryGap,
}

impl Kind {
    pub fn lesson(self) -> Lesson {
        *Lesson::ALL
            .iter()
            .find(|l| l.kinds().contains(&self))
            .expect("every kind belongs to a lesson")
    }

    /// A stable name, for links and stored progress.
    pub fn code(self) -> &'static str {
        use Kind::*;
        match self {
            Conv1dWindow => "c1-window",
            Conv1dLength => "c1-length",
            Conv1dWhichKernel => "c1-kernel",
            Conv1dSamePadding => "c1-same",
            Conv2dPixel => "c2-pixel",
            Conv2dSize => "c2-size",
            Conv2dWhichKernel => "c2-kernel",
            Conv2dParams => "c2-params",
            PoolCell => "p-cell",
            PoolSize => "p-size",
            PoolUncovered => "p-uncovered",
            PoolChain => "p-chain",
            DropoutKept => "d-kept",
            DropoutScale => "d-scale",
            DropoutInference => "d-inference",
            DropoutParams => "d-params",
            LearnLoss => "k-loss",
            LearnGradient => "k-grad",
            LearnUpdateSign => "k-sign",
            LearnPoolGradient => "k-pool",
            LenetParams => "l-params",
            LenetShape => "l-shape",
            LenetBroken => "l-broken",
            LenetConfusionCell => "l-cell",
            LenetMostConfused => "l-confused",
            HistoryOrder => "h-order",
            HistoryYear => "h-year",
            HistoryFirst => "h-first",
            HistoryGap => "h-gap",
        }
    }

    pub fn from_code(code: &str) -> Option<Kind> {
        Lesson::ALL.iter().flat_map(|l| l.kinds()).copied().find(|k| k.code() == code)
    }
}

/// What the question shows, as data (the texts module writes it out).
#[derive(Clone, Debug, PartialEq)]
pub enum Prompt {
    Conv1dWindow {
        signal: Vec<f64>,
        kernel: Vec<f64>,
        padding: Padding,
        stride: usize,
        output: usize,
    },
    Conv1dLength {
        n: usize,
        k: usize,
        padding: Padding,
        stride: usize,
    },
    Conv1dWhichKernel {
        signal: Vec<f64>,
        output: Vec<f64>,
    },
    Conv1dSamePadding {
        n: usize,
        k: usize,
        stride: usize,
    },
    Conv2dPixel {
        image: Vec<Vec<f64>>,
        kernel: Vec<Vec<f64>>,
        row: usize,
        col: usize,
    },
    Conv2dSize {
        rows: usize,
        cols: usize,
        k: (usize, usize),
        padding: Padding,
        stride: usize,
    },
    Conv2dWhichKernel {
        image: Vec<Vec<f64>>,
        output: Vec<Vec<f64>>,
    },
    Conv2dParams {
        filters: usize,
        k: usize,
        channels: usize,
    },
    PoolCell {
        kind: PoolKind,
        image: Vec<Vec<f64>>,
        pool: usize,
        row: usize,
        col: usize,
    },
    PoolSize {
        n: usize,
        pool: usize,
        stride: usize,
    },
    PoolUncovered {
        n: usize,
        pool: usize,
        stride: usize,
    },
    PoolChain {
        n: usize,
        k: usize,
    },
    DropoutKept {
        units: usize,
        rate: f64,
    },
    DropoutScale {
        rate: f64,
    },
    DropoutInference {
        rate: f64,
    },
    DropoutParams {
        inputs: usize,
        units: usize,
    },
    /// A Conv1D filter (no bias) `kernel` on `signal`, against `target`, under the MSE.
    LearnLoss {
        signal: Vec<f64>,
        kernel: Vec<f64>,
        target: Vec<f64>,
    },
    /// The same, asking ∂L/∂w of weight `weight` (from 0).
    LearnGradient {
        signal: Vec<f64>,
        kernel: Vec<f64>,
        target: Vec<f64>,
        weight: usize,
    },
    /// The same, asking which way a step moves weight `weight`.
    LearnUpdateSign {
        signal: Vec<f64>,
        kernel: Vec<f64>,
        target: Vec<f64>,
        weight: usize,
        rate: f64,
    },
    /// A 2×2 max-pooling window (the gradient 1 arrives at its output).
    LearnPoolGradient {
        window: Vec<Vec<f64>>,
    },
    /// The layers written out (`layers`), the one asked (`asked`, from 0).
    LenetParams {
        net: Architecture,
        asked: usize,
    },
    LenetShape {
        net: Architecture,
        asked: usize,
    },
    /// Three networks; one breaks (the answer is a [`Choice::Network`]).
    LenetBroken {
        nets: Vec<Architecture>,
    },
    LenetConfusion {
        confusion: [[u32; 10]; 10],
        true_digit: usize,
        predicted: usize,
    },
    LenetMostConfused {
        confusion: [[u32; 10]; 10],
    },
    /// Events by index into [`texts::EVENTS`].
    HistoryOrder {
        events: Vec<usize>,
    },
    HistoryYear {
        event: usize,
    },
    HistoryFirst {
        a: usize,
        b: usize,
    },
    HistoryGap {
        a: usize,
        b: usize,
    },
}

/// A choice among options shown as text (kernel ids, digits, sentences).
#[derive(Clone, Debug, PartialEq)]
pub enum Choice {
    Kernel(&'static str),
    Digit(usize),
    /// One of the dropout-at-inference statements (index into the texts).
    Statement(usize),
    Event(usize),
    /// One of a question's networks (A, B, C…).
    Network(usize),
    /// A weight goes up (`true`) or down.
    Direction(bool),
    /// A cell of a 2×2 window, in reading order.
    Cell(usize),
}

/// The expected answer and how strictly it is checked.
#[derive(Clone, Debug, PartialEq)]
pub enum Answer {
    /// A value to `decimals` decimals: within half a unit of the last decimal (plus float slack).
    Number { value: f64, decimals: usize },
    /// A whole number, exactly.
    Integer(i64),
    /// Rows and columns, exactly.
    Size(usize, usize),
    /// One of the options.
    Choice { options: Vec<Choice>, correct: usize },
    /// The options in the right order (indices into `options`).
    Order { options: Vec<Choice>, correct: Vec<usize> },
}

/// What a student answered.
#[derive(Clone, Debug, PartialEq)]
pub enum Response {
    Number(f64),
    Size(usize, usize),
    Choice(usize),
    Order(Vec<usize>),
}

/// One exercise: reproducible from `(kind, seed)`.
#[derive(Clone, Debug, PartialEq)]
pub struct Exercise {
    pub kind: Kind,
    pub seed: u64,
    pub prompt: Prompt,
    pub answer: Answer,
}

impl Exercise {
    /// Is `r` right? Numbers within the tolerance of their decimals; the rest exactly.
    pub fn check(&self, r: &Response) -> bool {
        match (&self.answer, r) {
            (Answer::Number { value, decimals }, Response::Number(x)) => {
                let tol = 0.5 * 10f64.powi(-(*decimals as i32)) + 1e-9;
                x.is_finite() && (x - value).abs() <= tol
            }
            (Answer::Integer(v), Response::Number(x)) => x.fract() == 0.0 && *x == *v as f64,
            (Answer::Size(a, b), Response::Size(x, y)) => (a, b) == (x, y),
            (Answer::Choice { correct, .. }, Response::Choice(c)) => c == correct,
            (Answer::Order { correct, .. }, Response::Order(o)) => o == correct,
            _ => false,
        }
    }

    /// The expected answer as a response (what a perfect student would send).
    pub fn expected(&self) -> Response {
        match &self.answer {
            Answer::Number { value, .. } => Response::Number(*value),
            Answer::Integer(v) => Response::Number(*v as f64),
            Answer::Size(a, b) => Response::Size(*a, *b),
            Answer::Choice { correct, .. } => Response::Choice(*correct),
            Answer::Order { correct, .. } => Response::Order(correct.clone()),
        }
    }
}
