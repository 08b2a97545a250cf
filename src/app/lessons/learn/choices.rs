//! What the lesson offers: signals, pictures, hidden kernels.

use super::model::{digit_seven, random_kernel};
use crate::app::i18n::Lang;
use crate::app::lessons::conv1d::model::SignalKind;
use crate::app::lessons::conv2d::model::{InputKind, builtin};
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
