//! The pooling lab's inputs and Keras code. The pooling itself is the core's
//! (`nn::window::pool1d_windows` / `pool2d_windows`).

use crate::app::lessons::conv1d::model::fmt_py;
use crate::app::lessons::conv2d::model::{InputKind, builtin, conv_output};
use crate::nn::{Padding, PoolKind};

/// Thirteen values, the length that becomes 6 under a pool of 2 (as LeNet's 13×13 maps).
pub const THIRTEEN: [f64; 13] = [3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0, 5.0, 3.0, 5.0, 8.0, 9.0];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PoolInput {
    Signal13,
    Map13,
    FeatureMap,
    Digit,
    /// Numbers given by a link (an exercise's map or signal): offered only when a link gave some.
    Grid,
}

impl PoolInput {
    pub const ALL: [PoolInput; 5] = [
        PoolInput::Signal13,
        PoolInput::Map13,
        PoolInput::FeatureMap,
        PoolInput::Digit,
        PoolInput::Grid,
    ];

    pub fn id(self) -> &'static str {
        match self {
            PoolInput::Signal13 => "signal13",
            PoolInput::Map13 => "map13",
            PoolInput::FeatureMap => "feature",
            PoolInput::Digit => "digit",
            PoolInput::Grid => "grid",
        }
    }

    pub fn from_id(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.id() == id)
    }

    pub fn is_1d(self) -> bool {
        self == PoolInput::Signal13
    }
}

/// `(rows, cols, values)` of a built-in input (`Digit` comes from the MNIST file: `None`).
pub fn input(kind: PoolInput) -> Option<(usize, usize, Vec<f64>)> {
    match kind {
        PoolInput::Signal13 => Some((1, 13, THIRTEEN.to_vec())),
        // Small whole numbers, so that maxima and means are easy to check by hand.
        PoolInput::Map13 => {
            Some((13, 13, (0..169).map(|i| ((i * 7 + (i / 13) * 3) % 10) as f64).collect()))
        }
        // What the 2D lab shows for the shapes, the x-derivative and ReLU: a real feature map.
        PoolInput::FeatureMap => {
            let shapes = builtin(InputKind::Shapes)?;
            conv_output(&shapes, &[-1.0, 1.0, -1.0, 1.0], (2, 2), 1, Padding::Valid, true).ok()
        }
        PoolInput::Digit | PoolInput::Grid => None,
    }
}

/// How many input positions on an axis lie in no window (what the floor drops).
pub fn left_out(n: usize, pads: usize, k: usize, s: usize, out: usize) -> usize {
    (n + pads).saturating_sub((out.saturating_sub(1)) * s + k)
}

/// The input positions of one axis that no window covers (0-based, in the input without
/// padding): at the end when ⌊ ⌋ drops a remainder, and between windows when the stride
/// is larger than the pool. The map hatches them.
pub fn uncovered(n: usize, pad_before: usize, k: usize, s: usize, out: usize) -> Vec<usize> {
    (0..n)
        .filter(|&i| {
            let p = i + pad_before;
            !(0..out).any(|o| (o * s..o * s + k).contains(&p))
        })
        .collect()
}

/// The pooling menu's values.
pub fn parse_kind(v: &str) -> Option<PoolKind> {
    Some(if v == "average" { PoolKind::Average } else { PoolKind::Max })
}

/// A pool size from the menu, kept within 2–3.
pub fn parse_pool(v: &str) -> Option<usize> {
    v.parse::<usize>().ok().map(|p| p.clamp(2, 3))
}

/// The stride menu: `default` (= the pool size, as Keras) or 1–3.
pub fn parse_pool_stride(v: &str) -> Option<Option<usize>> {
    if v == "default" { Some(None) } else { v.parse::<usize>().ok().map(|s| Some(s.clamp(1, 3))) }
}

/// Keras 3 code for this pooling.
#[allow(clippy::too_many_arguments)]
pub fn keras_code(
    kind: PoolKind,
    two_d: bool,
    rows: usize,
    cols: usize,
    values: &[f64],
    digit: bool,
    pool: usize,
    stride: usize,
    padding: Padding,
) -> String {
    let layer = match (kind, two_d) {
        (PoolKind::Max, true) => "MaxPooling2D",
        (PoolKind::Average, true) => "AveragePooling2D",
        (PoolKind::Max, false) => "MaxPooling1D",
        (PoolKind::Average, false) => "AveragePooling1D",
    };
    let x = if digit {
        format!(
            "# A digit from Keras's copy of MNIST (the lab shows one from its own sample)\n\
             (x_train, _), _ = keras.datasets.mnist.load_data()\n\
             x = (x_train[0] / 255).astype(\"float32\").reshape(1, {rows}, {cols}, 1)\n"
        )
    } else if two_d {
        let rows_py: Vec<String> = values
            .chunks(cols)
            .map(|r| format!("[{}]", r.iter().map(|&v| fmt_py(v)).collect::<Vec<_>>().join(", ")))
            .collect();
        format!(
            "x = np.array([{}], dtype=\"float32\").reshape(1, {rows}, {cols}, 1)\n",
            rows_py.join(",\n     ")
        )
    } else {
        format!(
            "x = np.array([{}], dtype=\"float32\").reshape(1, {cols}, 1)  # (batch, steps, channels)\n",
            values.iter().map(|&v| fmt_py(v)).collect::<Vec<_>>().join(", ")
        )
    };
    // The course writes average pooling bare (`AveragePooling2D()`), which Keras 3 rejects.
    let note = if kind == PoolKind::Average {
        format!(
            "# Keras 3: {layer} has no default pool_size, so the bare {layer}() of older code fails.\n"
        )
    } else {
        String::new()
    };
    let print = if two_d { "print(y[0, :, :, 0])" } else { "print(y.reshape(-1))" };
    format!(
        "import numpy as np\n\
         import keras\n\
         \n\
         {x}\n\
         {note}pool = keras.layers.{layer}(pool_size={pool}, strides={stride}, padding=\"{pad}\")\n\
         y = keras.ops.convert_to_numpy(pool(x))\n\
         {print}\n",
        pad = padding.keras_name(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::window::{geometry, pool1d_windows};

    #[test]
    fn thirteen_becomes_six_and_one_value_is_left_out() {
        let g = geometry(13, 2, 2, Padding::Valid).unwrap();
        assert_eq!(g.out, 6);
        assert_eq!(left_out(13, 0, 2, 2, g.out), 1);
        assert_eq!(left_out(12, 0, 2, 2, 6), 0);
        let w = pool1d_windows(&THIRTEEN, PoolKind::Max, 2, None, Padding::Valid).unwrap();
        assert_eq!(w.iter().map(|w| w.output).collect::<Vec<_>>(), [3.0, 4.0, 9.0, 6.0, 5.0, 8.0]);
    }

    #[test]
    fn the_positions_no_window_sees() {
        let g = geometry(13, 2, 2, Padding::Valid).unwrap();
        assert_eq!(
            uncovered(13, g.pad_before, 2, 2, g.out),
            vec![12],
            "13 → 6 drops the last value"
        );
        assert_eq!(uncovered(12, 0, 2, 2, 6), Vec::<usize>::new());
        // Pool 2, stride 3: one value in three falls between windows.
        let g = geometry(13, 2, 3, Padding::Valid).unwrap();
        assert_eq!(uncovered(13, 0, 2, 3, g.out), vec![2, 5, 8, 11, 12]);
        // Same padding covers everything.
        let g = geometry(13, 2, 2, Padding::Same).unwrap();
        assert!(uncovered(13, g.pad_before, 2, 2, g.out).is_empty());
        // Agrees with `left_out` at the end.
        for n in 4..20 {
            let g = geometry(n, 3, 2, Padding::Valid).unwrap();
            assert_eq!(uncovered(n, 0, 3, 2, g.out).len(), left_out(n, 0, 3, 2, g.out), "n = {n}");
        }
        assert_eq!(parse_kind("average"), Some(PoolKind::Average));
        assert_eq!(parse_pool("9"), Some(3));
        assert_eq!(parse_pool_stride("default"), Some(None));
        assert_eq!(parse_pool_stride("2"), Some(Some(2)));
        assert_eq!(parse_pool_stride("x"), None);
    }

    #[test]
    fn inputs_have_their_shapes() {
        for k in PoolInput::ALL {
            if let Some((r, c, v)) = input(k) {
                assert_eq!(v.len(), r * c, "{k:?}");
            }
            assert_eq!(PoolInput::from_id(k.id()), Some(k));
        }
        assert_eq!(input(PoolInput::FeatureMap).map(|m| (m.0, m.1)), Some((15, 15)));
    }

    #[test]
    fn keras_code_names_pool_size() {
        let c = keras_code(PoolKind::Average, true, 2, 2, &[1.0; 4], false, 2, 2, Padding::Valid);
        assert!(
            c.contains("keras.layers.AveragePooling2D(pool_size=2, strides=2, padding=\"valid\")")
        );
        let c = keras_code(PoolKind::Max, false, 1, 13, &THIRTEEN, false, 2, 2, Padding::Valid);
        assert!(c.contains("MaxPooling1D(pool_size=2") && c.contains("reshape(1, 13, 1)"));
        assert!(!c.contains("no default"), "the remark is about average pooling only");
        let c = keras_code(PoolKind::Average, true, 2, 2, &[1.0; 4], false, 2, 2, Padding::Valid);
        assert!(c.contains("# Keras 3: AveragePooling2D has no default pool_size"));
    }
}
