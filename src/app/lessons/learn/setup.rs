//! What the lesson offers (signals, pictures, hidden kernels, starts) and the problem a
//! setting gives.

use super::link::LinkL;
use super::model::{Problem, digit_seven, random_kernel};
use crate::app::i18n::Lang;
use crate::app::lessons::conv1d::model::{SignalKind, signal};
use crate::app::lessons::conv2d::model::{InputKind, builtin};
use crate::nn::NnError;
use crate::nn::kernels::{NamedKernel, find};

/// The 1D lab's signals that pin a kernel down (a ramp does not: its windows all lie on a
/// plane, so several kernels give the same output).
pub const SIGNALS: [SignalKind; 4] =
    [SignalKind::Course, SignalKind::NoisySine, SignalKind::Impulse, SignalKind::Step];

pub const HIDDEN_1D: [&str; 9] = [
    "mean2",
    "mean3",
    "derivative",
    "second_derivative",
    "gaussian",
    "random2",
    "random3",
    "random4",
    "random5",
];
pub const HIDDEN_2D: [&str; 4] = ["mean2x2", "dx", "laplacian", "gaussian"];
pub const PICTURES: [&str; 2] = ["seven", "shapes"];

/// Hidden 1D kernel `i`: its weights and its name (a random one is drawn from a fixed seed:
/// the same for everyone).
pub fn hidden_1d(i: usize, lang: Lang) -> (Vec<f64>, String) {
    let id = HIDDEN_1D.get(i).copied().unwrap_or("derivative");
    if let Some(k) = id.strip_prefix("random").and_then(|n| n.parse::<usize>().ok()) {
        let name = match lang {
            Lang::En => format!("Random, {k} weights"),
            Lang::Fr => format!("Aléatoire, {k}\u{a0}poids"),
        };
        return (random_kernel(k as u64, k), name);
    }
    match find(1, id) {
        Some(k) => {
            let name = if lang == Lang::Fr { k.name_fr } else { k.name_en }.to_string();
            (k.weights, name)
        }
        None => (vec![-1.0, 1.0], id.to_string()),
    }
}

pub fn hidden_2d(i: usize) -> NamedKernel {
    let id = HIDDEN_2D.get(i).copied().unwrap_or("dx");
    find(2, id).or_else(|| find(2, "dx")).unwrap_or_else(|| NamedKernel {
        id: "dx",
        name_fr: "",
        name_en: "",
        description_fr: "",
        description_en: "",
        rows: 2,
        cols: 2,
        weights: vec![-1.0, 1.0, -1.0, 1.0],
        labels: vec![],
    })
}

/// Picture `i`: rows, columns, values in 0–1.
pub fn picture(i: usize) -> (usize, usize, Vec<f64>) {
    if i == 1
        && let Some(p) = builtin(InputKind::Shapes)
    {
        return (p.rows, p.cols, p.values);
    }
    digit_seven()
}

/// The problem a setting gives.
///
/// # Errors
/// None for the settings offered (a kernel always fits its input); the core's error else.
pub fn problem(l: &LinkL) -> Result<Problem, NnError> {
    if l.two_d {
        let (r, c, x) = picture(l.picture);
        let k = hidden_2d(l.hidden2);
        Problem::new(x, r, c, k.weights, k.rows, k.cols)
    } else {
        let x = signal(SIGNALS.get(l.signal).copied().unwrap_or(SignalKind::Course));
        let (h, _) = hidden_1d(l.hidden1, Lang::En);
        let n = x.len();
        let k = h.len();
        Problem::new(x, 1, n, h, 1, k)
    }
}

/// Where the student's kernel starts: zeros, or random numbers from a fixed seed.
pub fn start(l: &LinkL, k: usize) -> Vec<f64> {
    if l.random_start { random_kernel(100 + k as u64, k) } else { vec![0.0; k] }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every setting offered makes a problem whose stable rates reach 0.4 (the step signal
    /// with 5 random weights is the tightest, 2/λmax ≈ 0.47: the default 0.5 diverges there,
    /// and the page says why).
    #[test]
    fn every_setting_makes_a_problem() {
        for two_d in [false, true] {
            for a in 0..if two_d { PICTURES.len() } else { SIGNALS.len() } {
                for h in 0..if two_d { HIDDEN_2D.len() } else { HIDDEN_1D.len() } {
                    let l = LinkL {
                        two_d,
                        signal: a,
                        picture: a,
                        hidden1: h,
                        hidden2: h,
                        ..LinkL::default()
                    };
                    let p = problem(&l).unwrap();
                    assert!(p.largest_stable_rate() > 0.4, "{l:?}: {}", p.largest_stable_rate());
                    assert_eq!(start(&l, p.hidden.len()).len(), p.hidden.len());
                }
            }
        }
        assert_eq!(hidden_1d(8, Lang::En).0.len(), 5);
        assert_eq!(hidden_2d(2).weights.len(), 9);
    }
}
