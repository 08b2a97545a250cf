//! The 1D lab's data: the signals offered, the student's typed signal, and the Keras code
//! of what is on screen. The convolution itself is the core's (`nn::window`).

use crate::nn::{self, Padding};

/// The course's random 10-sample signal, as printed in its notebook.
pub const COURSE_SIGNAL: [f64; 10] = [
    0.21375505, 0.57626906, 0.76388313, 0.13166188, 0.27592543, 0.81902654, 0.04983511, 0.62186388,
    0.70867088, 0.90780831,
];

/// A sine of period 12 plus fixed-seed noise, to 2 decimals: [`noisy_sine`] as a table,
/// so a class always sees the same numbers.
const NOISY_SINE: [f64; 24] = [
    0.08, 0.49, 0.77, 1.17, 0.78, 0.39, -0.11, -0.54, -0.74, -1.1, -0.7, -0.51, 0.09, 0.37, 1.04,
    0.88, 0.99, 0.56, -0.01, -0.37, -1.06, -1.18, -1.05, -0.58,
];

/// How [`NOISY_SINE`] is made (checked by a test).
#[cfg(test)]
fn noisy_sine() -> Vec<f64> {
    use rand::Rng as _;
    let mut rng = nn::rng_from_seed(7);
    (0..24)
        .map(|i| {
            let v = (2.0 * std::f64::consts::PI * i as f64 / 12.0).sin()
                + 0.4 * (rng.random::<f64>() - 0.5);
            (v * 100.0).round() / 100.0
        })
        .collect()
}

/// Longest signal a student may type (the drawing stays readable).
pub const MAX_SIGNAL: usize = 40;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignalKind {
    Course,
    Step,
    Ramp,
    Impulse,
    NoisySine,
    Custom,
}

impl SignalKind {
    pub const ALL: [SignalKind; 6] = [
        SignalKind::Course,
        SignalKind::Step,
        SignalKind::Ramp,
        SignalKind::Impulse,
        SignalKind::NoisySine,
        SignalKind::Custom,
    ];

    pub fn id(self) -> &'static str {
        match self {
            SignalKind::Course => "course",
            SignalKind::Step => "step",
            SignalKind::Ramp => "ramp",
            SignalKind::Impulse => "impulse",
            SignalKind::NoisySine => "sine",
            SignalKind::Custom => "custom",
        }
    }

    pub fn from_id(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.id() == id)
    }
}

/// A built-in signal (`Custom` gives the default typed one).
pub fn signal(kind: SignalKind) -> Vec<f64> {
    match kind {
        SignalKind::Course => COURSE_SIGNAL.to_vec(),
        SignalKind::Step => (0..12).map(|i| if i < 6 { 0.0 } else { 1.0 }).collect(),
        SignalKind::Ramp => (0..12).map(|i| i as f64).collect(),
        SignalKind::Impulse => (0..11).map(|i| if i == 5 { 1.0 } else { 0.0 }).collect(),
        // Precomputed (see `noisy_sine`): computing it in the page pulls `sin` (≈ 6 KB of wasm).
        SignalKind::NoisySine => NOISY_SINE.to_vec(),
        SignalKind::Custom => vec![1.0, 3.0, 2.0, 5.0, 4.0, 0.0, 2.0],
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum SignalError {
    Empty,
    /// The 1-based position and the text that is not a number.
    NotANumber(usize, String),
    TooLong(usize),
}

/// Numbers separated by spaces or `;` (a comma followed by a space also separates, so
/// `1, 2, 3` works; `0,5` is the French decimal 0.5).
pub fn parse_signal(text: &str) -> Result<Vec<f64>, SignalError> {
    let tokens: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == ';')
        .map(|t| t.trim_end_matches(','))
        .filter(|t| !t.is_empty())
        .collect();
    if tokens.is_empty() {
        return Err(SignalError::Empty);
    }
    if tokens.len() > MAX_SIGNAL {
        return Err(SignalError::TooLong(tokens.len()));
    }
    tokens
        .iter()
        .enumerate()
        .map(|(i, t)| {
            crate::app::widgets::kernel_editor::parse_weight(t)
                .map_err(|_| SignalError::NotANumber(i + 1, t.to_string()))
        })
        .collect()
}

/// The kernel a true convolution slides: the weights reversed. Deep-learning layers
/// compute cross-correlation (no flip); the lab flips before handing the kernel to the core.
pub fn flipped(kernel: &[f64], flip: bool) -> Vec<f64> {
    if flip { kernel.iter().rev().copied().collect() } else { kernel.to_vec() }
}

fn py_list(v: &[f64]) -> String {
    v.iter().map(|&x| fmt_py(x)).collect::<Vec<_>>().join(", ")
}

/// A float as Python reads it back exactly enough (up to 8 decimals).
pub fn fmt_py(x: f64) -> String {
    let s = format!("{x:.8}");
    let s = s.trim_end_matches('0');
    let s = if s.ends_with('.') { format!("{s}0") } else { s.to_string() };
    if s == "-0.0" { "0.0".into() } else { s }
}

/// Keras 3 code computing this convolution: a `Conv1D` whose kernel is set with
/// `set_weights` (kernel shape `(k, 1, 1)`, then a zero bias). `kernel` is the one the
/// layer applies; `flip` says it is the student's kernel reversed (a true convolution).
pub fn keras_code(
    signal: &[f64],
    kernel: &[f64],
    stride: usize,
    padding: Padding,
    flip: bool,
) -> String {
    let note = if flip {
        "  # reversed: Keras cross-correlates, a true convolution flips the kernel"
    } else {
        ""
    };
    let (n, k) = (signal.len(), kernel.len());
    format!(
        "import numpy as np\n\
         import keras\n\
         \n\
         x = np.array([{sig}], dtype=\"float32\").reshape(1, {n}, 1)  # (batch, steps, channels)\n\
         \n\
         conv = keras.layers.Conv1D(filters=1, kernel_size={k}, strides={stride}, padding=\"{pad}\")\n\
         conv.build((None, {n}, 1))\n\
         kernel = np.array([{ker}], dtype=\"float32\").reshape({k}, 1, 1)  # (kernel_size, in, filters){note}\n\
         conv.set_weights([kernel, np.zeros(1, dtype=\"float32\")])\n\
         \n\
         y = keras.ops.convert_to_numpy(conv(x))\n\
         print(y.reshape(-1))  # {out} values\n",
        sig = py_list(signal),
        ker = py_list(kernel),
        pad = padding.keras_name(),
        out = nn::window::geometry(n, k, stride, padding)
            .map(|g| g.out.to_string())
            .unwrap_or_else(|_| "?".into()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_noisy_sine_table_is_the_formula() {
        assert_eq!(signal(SignalKind::NoisySine), noisy_sine());
    }

    #[test]
    fn convolution_flips_the_kernel_and_the_core_agrees() {
        assert_eq!(flipped(&[-1.0, 0.0, 2.0], true), vec![2.0, 0.0, -1.0]);
        assert_eq!(flipped(&[-1.0, 0.0, 2.0], false), vec![-1.0, 0.0, 2.0]);
        // The textbook definition y[i] = Σ_j x[j]·k[i + c − j] on an impulse gives the kernel
        // itself; the core's layer gives it reversed unless the kernel is flipped first.
        let impulse = signal(SignalKind::Impulse);
        let k = [1.0, 2.0, 3.0];
        let corr = nn::window::conv1d(&impulse, &k, 1, Padding::Same).unwrap();
        let conv = nn::window::conv1d(&impulse, &flipped(&k, true), 1, Padding::Same).unwrap();
        assert_eq!(&corr[4..7], &[3.0, 2.0, 1.0], "cross-correlation reverses the kernel");
        assert_eq!(&conv[4..7], &[1.0, 2.0, 3.0], "convolution returns it as written");
    }

    #[test]
    fn typed_signals() {
        assert_eq!(parse_signal("1 3 2"), Ok(vec![1.0, 3.0, 2.0]));
        assert_eq!(parse_signal("1, 3, 2"), Ok(vec![1.0, 3.0, 2.0]));
        assert_eq!(parse_signal("0,5; -1 1/4"), Ok(vec![0.5, -1.0, 0.25]));
        assert_eq!(parse_signal("  "), Err(SignalError::Empty));
        assert_eq!(parse_signal("1 x 2"), Err(SignalError::NotANumber(2, "x".into())));
        assert_eq!(parse_signal(&"1 ".repeat(41)), Err(SignalError::TooLong(41)));
    }

    #[test]
    fn signals_are_fixed() {
        for k in SignalKind::ALL {
            assert_eq!(signal(k), signal(k), "{k:?} is the same every time");
            assert!(!signal(k).is_empty() && signal(k).len() <= MAX_SIGNAL);
            assert_eq!(SignalKind::from_id(k.id()), Some(k));
        }
        assert_eq!(signal(SignalKind::Course).len(), 10);
    }

    #[test]
    fn keras_code_matches_the_screen() {
        let code = keras_code(&[1.0, 3.0, 2.0, 4.0], &[0.25, 0.5, 0.25], 1, Padding::Same, false);
        assert!(!code.contains("reversed"));
        assert!(
            keras_code(&[1.0, 2.0], &[1.0, -1.0], 1, Padding::Valid, true).contains("# reversed")
        );
        assert!(code.contains("Conv1D(filters=1, kernel_size=3, strides=1, padding=\"same\")"));
        assert!(
            code.contains("np.array([1.0, 3.0, 2.0, 4.0], dtype=\"float32\").reshape(1, 4, 1)")
        );
        assert!(code.contains("np.array([0.25, 0.5, 0.25], dtype=\"float32\").reshape(3, 1, 1)"));
        assert!(code.contains("set_weights([kernel, np.zeros(1"));
        assert!(code.contains("# 4 values"));
        assert_eq!(fmt_py(1.0 / 3.0), "0.33333333");
        assert_eq!(fmt_py(-1.0), "-1.0");
    }
}
