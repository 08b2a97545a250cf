//! The problem a setting gives and where the student's kernel starts.

use super::choices::{SIGNALS, hidden_1d, hidden_2d, picture};
use super::link::LinkL;
use super::model::{Problem, random_kernel};
use crate::app::i18n::Lang;
use crate::app::lessons::conv1d::model::{SignalKind, signal};
use crate::nn::NnError;

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
    use crate::app::lessons::learn::choices::{HIDDEN_1D, HIDDEN_2D, PICTURES};

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
