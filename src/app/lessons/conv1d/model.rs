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

// ---- the lab's state in its link (issue 10) ----

/// What a link to the 1D lab holds: `signal=ramp&kernel=gaussian&padding=same&stride=2&flip=0&step=4`
/// (`values=1,3,2` with `signal=custom`; `kernel=1,-2,1` for the student's own kernel;
/// `step` counts windows from 1, as the stepper shows them).
#[derive(Clone, Debug, PartialEq)]
pub struct Link1 {
    pub kind: SignalKind,
    /// The typed signal (`signal=custom`).
    pub custom: Vec<f64>,
    /// `Ok(preset index)` or `Err(the student's weights)`.
    pub kernel: Result<usize, Vec<f64>>,
    pub padding: Padding,
    pub stride: usize,
    pub flip: bool,
    /// 0-based window.
    pub step: usize,
}

pub const LINK_KEYS: &[&str] = &["signal", "values", "kernel", "padding", "stride", "flip", "step"];

pub const PADDINGS: &[(&str, Padding)] = &[("valid", Padding::Valid), ("same", Padding::Same)];

impl Link1 {
    /// The lab as it opens with no link: the course's signal and Gaussian.
    pub fn default_with(presets: &[nn::kernels::NamedKernel]) -> Link1 {
        let gaussian = presets.iter().position(|k| k.id == "gaussian").unwrap_or(0);
        Link1 {
            kind: SignalKind::Course,
            custom: signal(SignalKind::Custom),
            kernel: Ok(gaussian),
            padding: Padding::Valid,
            stride: 1,
            flip: false,
            step: 0,
        }
    }

    /// Reads what it can; the rest stays as the default (each refusal leaves a notice).
    pub fn read(
        r: &mut crate::app::urlstate::Reader,
        presets: &[nn::kernels::NamedKernel],
    ) -> Link1 {
        let mut l = Link1::default_with(presets);
        let kinds: Vec<(&str, SignalKind)> = SignalKind::ALL.iter().map(|k| (k.id(), *k)).collect();
        let chosen = r.choice("signal", &kinds);
        if let Some(k) = chosen {
            l.kind = k;
        }
        if let Some(v) =
            r.numbers("values", 1, MAX_SIGNAL, crate::app::widgets::kernel_editor::MAX_WEIGHT)
        {
            l.custom = v;
            // Values alone mean the student's own signal.
            if chosen.is_none() {
                l.kind = SignalKind::Custom;
            }
        }
        let ids: Vec<&str> = presets.iter().map(|k| k.id).collect();
        if let Some(k) = r.preset_or_numbers("kernel", &ids, 1, 9) {
            l.kernel = k;
        }
        if let Some(p) = r.choice("padding", PADDINGS) {
            l.padding = p;
        }
        if let Some(s) = r.int("stride", 1, 3) {
            l.stride = s as usize;
        }
        if let Some(f) = r.flag("flip") {
            l.flip = f;
        }
        if let Some(step) = r.step(l.windows(presets)) {
            l.step = step;
        }
        l
    }

    fn signal(&self) -> Vec<f64> {
        if self.kind == SignalKind::Custom { self.custom.clone() } else { signal(self.kind) }
    }

    fn weights(&self, presets: &[nn::kernels::NamedKernel]) -> Vec<f64> {
        match &self.kernel {
            Ok(i) => presets.get(*i).map(|k| k.weights.clone()).unwrap_or_default(),
            Err(w) => w.clone(),
        }
    }

    /// How many windows these settings give (`None` if the kernel does not fit).
    pub fn windows(&self, presets: &[nn::kernels::NamedKernel]) -> Option<usize> {
        nn::window::geometry(
            self.signal().len(),
            self.weights(presets).len(),
            self.stride,
            self.padding,
        )
        .ok()
        .map(|g| g.out)
    }

    pub fn write(&self, presets: &[nn::kernels::NamedKernel]) -> crate::app::urlstate::Query {
        use crate::app::urlstate::write_numbers;
        let mut q = crate::app::urlstate::Query::default();
        q.set("signal", self.kind.id());
        if self.kind == SignalKind::Custom {
            q.set("values", &write_numbers(&self.custom));
        }
        match &self.kernel {
            Ok(i) => q.set("kernel", presets.get(*i).map(|k| k.id).unwrap_or("gaussian")),
            Err(w) => q.set("kernel", &write_numbers(w)),
        }
        q.set("padding", if self.padding == Padding::Same { "same" } else { "valid" });
        q.set("stride", &self.stride.to_string());
        q.set("flip", if self.flip { "1" } else { "0" });
        q.set("step", &(self.step + 1).to_string());
        q
    }
}

#[cfg(test)]
mod link_tests {
    use super::*;
    use crate::app::urlstate::{Notice, Query, Reader};

    fn read(s: &str) -> (Link1, Vec<Notice>) {
        let presets = nn::kernels::kernels_1d();
        let q = Query::parse(s);
        let mut r = Reader::new(&q);
        let l = Link1::read(&mut r, &presets);
        (l, r.notices)
    }

    #[test]
    fn a_written_link_reads_back_the_same_screen() {
        let presets = nn::kernels::kernels_1d();
        let cases = [
            Link1 {
                kind: SignalKind::Ramp,
                kernel: Ok(3),
                padding: Padding::Same,
                stride: 2,
                step: 3,
                ..Link1::default_with(&presets)
            },
            Link1 {
                kind: SignalKind::Custom,
                custom: vec![0.5, -1.25, 3.0],
                kernel: Err(vec![1.0, -2.0, 1.0]),
                flip: true,
                ..Link1::default_with(&presets)
            },
        ];
        for l in cases {
            let q = l.write(&presets);
            let (back, notices) = read(&q.encode());
            assert_eq!(back, l, "{}", q.encode());
            assert!(notices.is_empty(), "{notices:?}");
        }
        assert_eq!(read("").0, Link1::default_with(&presets));
    }

    #[test]
    fn a_step_past_the_last_window_is_refused_and_the_rest_applies() {
        // The ramp has 12 samples; a 3-tap kernel in valid gives 10 windows.
        let (l, notices) = read("signal=ramp&kernel=second_derivative&step=11&stride=9");
        assert_eq!(l.kind, SignalKind::Ramp);
        assert_eq!(l.step, 0);
        assert_eq!(l.stride, 1);
        assert_eq!(
            notices,
            vec![
                Notice::OutOfRange { key: "stride".into(), value: "9".into() },
                Notice::OutOfRange { key: "step".into(), value: "11".into() },
            ]
        );
        assert_eq!(read("signal=ramp&kernel=second_derivative&step=10").0.step, 9);
        // One notice per refused part, even when another key reads it again.
        let (l, notices) = read("signal=wave&values=1,2,3");
        assert_eq!((l.kind, notices.len()), (SignalKind::Custom, 1), "{notices:?}");
        let (l, notices) = read("kernel=sobel&values=1,2,x");
        assert_eq!(l.kernel, Link1::default_with(&nn::kernels::kernels_1d()).kernel);
        assert_eq!(notices.len(), 2);
    }
}
