//! The 2D lab's data: built-in pictures, the course's 4×4 example, the kernels offered,
//! picture conversion (RGBA → grey), and the core calls that compute what is drawn.

use crate::app::i18n::num::fmt_value;
use ndarray::ArrayView2;

use crate::nn::window::conv2d;
use crate::nn::{NnError, Padding};

/// The course's random 4×4 input, as printed in its notebook (row by row).
pub const COURSE_4X4: [f64; 16] = [
    0.25883724, 0.71365534, 0.2063048, 0.5990372, 0.28229898, 0.77139276, 0.6513154, 0.26381664,
    0.62325322, 0.31754893, 0.32703107, 0.91779997, 0.16236988, 0.50904034, 0.48776992, 0.05051329,
];

/// Largest side of an uploaded picture once scaled down.
pub const MAX_SIDE: usize = 64;
/// Largest file accepted for upload (bytes).
pub const MAX_FILE: f64 = 20.0 * 1024.0 * 1024.0;

/// A single-channel picture, row-major, values in 0–1 for pictures.
#[derive(Clone, Debug, PartialEq)]
pub struct Picture {
    pub rows: usize,
    pub cols: usize,
    pub values: Vec<f64>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputKind {
    Course,
    Shapes,
    Checkerboard,
    Gradient,
    Mnist,
    Draw,
    Upload,
    /// Numbers given by a link (an exercise's picture): offered only when a link gave one.
    Grid,
}

impl InputKind {
    pub const ALL: [InputKind; 8] = [
        InputKind::Course,
        InputKind::Shapes,
        InputKind::Checkerboard,
        InputKind::Gradient,
        InputKind::Mnist,
        InputKind::Draw,
        InputKind::Upload,
        InputKind::Grid,
    ];

    pub fn id(self) -> &'static str {
        match self {
            InputKind::Course => "course",
            InputKind::Shapes => "shapes",
            InputKind::Checkerboard => "checkerboard",
            InputKind::Gradient => "gradient",
            InputKind::Mnist => "mnist",
            InputKind::Draw => "draw",
            InputKind::Upload => "upload",
            InputKind::Grid => "grid",
        }
    }

    pub fn from_id(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.id() == id)
    }
}

/// A built-in picture (`Mnist`, `Draw` and `Upload` come from elsewhere: `None`).
pub fn builtin(kind: InputKind) -> Option<Picture> {
    let n = 16;
    let grid = |f: &dyn Fn(usize, usize) -> f64| Picture {
        rows: n,
        cols: n,
        values: (0..n * n).map(|i| f(i / n, i % n)).collect(),
    };
    match kind {
        InputKind::Course => Some(Picture { rows: 4, cols: 4, values: COURSE_4X4.to_vec() }),
        // A filled square, a vertical bar and a diagonal: edges in every direction.
        InputKind::Shapes => Some(grid(&|r, c| {
            let square = (2..7).contains(&r) && (2..7).contains(&c);
            let bar = (9..14).contains(&r) && (3..5).contains(&c);
            let diag = r >= 8 && c >= 8 && (r as isize - c as isize).abs() <= 0 && r < 15;
            if square || bar || diag { 1.0 } else { 0.0 }
        })),
        InputKind::Checkerboard => {
            Some(grid(&|r, c| if (r / 4 + c / 4) % 2 == 0 { 1.0 } else { 0.0 }))
        }
        InputKind::Gradient => Some(grid(&|_, c| c as f64 / (n - 1) as f64)),
        InputKind::Mnist | InputKind::Draw | InputKind::Upload | InputKind::Grid => None,
    }
}

/// A drawing preprocessed as MNIST (`data::preprocess_drawing`'s 28×28, 0 background,
/// 1 ink) as the lab's picture.
pub fn from_mnist28(px: &[f32]) -> Option<Picture> {
    (px.len() == 28 * 28).then(|| Picture {
        rows: 28,
        cols: 28,
        values: px.iter().map(|&p| p as f64).collect(),
    })
}

/// An MNIST digit (0 background, 255 ink) as 0–1 values.
pub fn from_grey_bytes(rows: usize, cols: usize, px: &[u8]) -> Picture {
    Picture { rows, cols, values: px.iter().map(|&p| p as f64 / 255.0).collect() }
}

/// RGBA pixels (as a canvas gives them) to "ink" levels in 0–1, as MNIST: 0 for white
/// paper, 1 for black (1 − the ITU-R 601 luminance of Pillow's `convert("L")`), so a
/// picture is drawn as it looks and reads like the digits; transparent pixels are paper.
pub fn rgba_to_grey(rows: usize, cols: usize, rgba: &[u8]) -> Option<Picture> {
    if rgba.len() != rows * cols * 4 || rows == 0 || cols == 0 {
        return None;
    }
    let values = rgba
        .chunks_exact(4)
        .map(|p| {
            let a = p[3] as f64 / 255.0;
            let l = (0.299 * p[0] as f64 + 0.587 * p[1] as f64 + 0.114 * p[2] as f64) / 255.0;
            1.0 - (l * a + (1.0 - a))
        })
        .collect();
    Some(Picture { rows, cols, values })
}

/// The size a picture of `w × h` is scaled down to (at most `MAX_SIDE` on its long side).
pub fn scaled_size(w: u32, h: u32) -> (u32, u32) {
    let long = w.max(h).max(1) as f64;
    let f = (MAX_SIDE as f64 / long).min(1.0);
    (((w as f64 * f).round() as u32).max(1), ((h as f64 * f).round() as u32).max(1))
}

/// A kernel the lab offers: the course's (from `nn::kernels`) plus identity and sharpen.
#[derive(Clone, Debug, PartialEq)]
pub struct Kernel2 {
    pub id: &'static str,
    pub name_fr: &'static str,
    pub name_en: &'static str,
    pub desc_fr: &'static str,
    pub desc_en: &'static str,
    pub rows: usize,
    pub cols: usize,
    pub labels: Vec<String>,
    pub weights: Vec<f64>,
}

pub fn kernels() -> Vec<Kernel2> {
    let mut v: Vec<Kernel2> = crate::nn::kernels::kernels_2d()
        .into_iter()
        .map(|k| Kernel2 {
            id: k.id,
            name_fr: k.name_fr,
            name_en: k.name_en,
            desc_fr: k.description_fr,
            desc_en: k.description_en,
            rows: k.rows,
            cols: k.cols,
            labels: k.labels.iter().map(|s| s.to_string()).collect(),
            weights: k.weights,
        })
        .collect();
    let mk = |id,
              names: (&'static str, &'static str),
              desc: (&'static str, &'static str),
              w: [f64; 9]| Kernel2 {
        id,
        name_fr: names.0,
        name_en: names.1,
        desc_fr: desc.0,
        desc_en: desc.1,
        rows: 3,
        cols: 3,
        labels: w.iter().map(|&x| fmt_value(x)).collect(),
        weights: w.to_vec(),
    };
    v.push(mk(
        "identity",
        ("Identité", "Identity"),
        (
            "Recopie le pixel central : la sortie est l'entrée (moins les bords en valid).",
            "Copies the centre pixel: the output is the input (minus the borders with valid).",
        ),
        [0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0],
    ));
    v.push(mk(
        "sharpen",
        ("Netteté", "Sharpen"),
        (
            "Le centre moins ses voisins : les contours ressortent, l'image paraît plus nette.",
            "The centre minus its neighbours: outlines stand out, the picture looks sharper.",
        ),
        [0.0, -1.0, 0.0, -1.0, 5.0, -1.0, 0.0, -1.0, 0.0],
    ));
    v
}

/// One filter (zero bias, the given kernel) over `pic`, by the core's window arithmetic
/// (`nn::window::conv2d`, which the core's tests hold equal to its `Conv2D` layer):
/// the output map `(rows, cols, values)`. This is what the lab draws, from the same sums its
/// step debugger writes out. (Through `Sequential<f64>` the page carried a second, f64 copy
/// of the network core for this map and one exercise: 10 KB gzip.)
pub fn conv_output(
    pic: &Picture,
    kernel: &[f64],
    k: (usize, usize),
    stride: usize,
    padding: Padding,
    relu: bool,
) -> Result<(usize, usize, Vec<f64>), NnError> {
    let size = |got: usize, expected: usize| NnError::SizeMismatch { got, expected };
    let img = ArrayView2::from_shape((pic.rows, pic.cols), &pic.values)
        .map_err(|_| size(pic.values.len(), pic.rows * pic.cols))?;
    let ker = ArrayView2::from_shape(k, kernel).map_err(|_| size(kernel.len(), k.0 * k.1))?;
    let map = conv2d(img, ker, (stride, stride), padding)?;
    let out = map.iter().map(|&v| if relu { v.max(0.0) } else { v }).collect();
    Ok((map.nrows(), map.ncols(), out))
}

/// The kernel a true convolution slides: turned half a turn (rows and columns reversed),
/// which for a row-major grid is the list of weights reversed. The core's layer, like
/// Keras's, cross-correlates; the lab flips before handing the kernel to it.
pub fn rotated(kernel: &[f64], flip: bool) -> Vec<f64> {
    crate::app::lessons::conv1d::model::flipped(kernel, flip)
}

/// "Next digit": a digit of the next class (0 → 1 → … → 9 → 0), one further into that
/// class each time, so every click shows another digit and a new sample on each round.
/// The digits file is sorted by class, so a fixed step would stay in one class.
pub fn next_digit(labels: &[u8], current: usize) -> usize {
    let n = labels.len();
    if n == 0 {
        return 0;
    }
    let current = current % n;
    let class = labels[current];
    let rank = labels[..current].iter().filter(|&&l| l == class).count();
    for step in 1..=10u8 {
        let target = (class + step) % 10;
        let of_target: Vec<usize> = (0..n).filter(|&i| labels[i] == target).collect();
        if !of_target.is_empty() {
            return of_target[(rank + 1) % of_target.len()];
        }
    }
    (current + 1) % n
}

/// Why the digits file is not there, as the page says it.
#[derive(Clone, Debug, PartialEq)]
pub enum DigitsError {
    /// The request failed (offline, blocked by a filter, no server).
    Unreachable,
    /// The server answered with this status.
    Http(u16),
    /// The file came but is not the digits.
    Damaged,
    /// This browser cannot inflate the file (no `DecompressionStream`).
    OldBrowser,
}

fn py_rows(values: &[f64], cols: usize) -> String {
    values
        .chunks(cols)
        .map(|r| {
            format!(
                "[{}]",
                r.iter()
                    .map(|&x| crate::app::lessons::conv1d::model::fmt_py(x))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })
        .collect::<Vec<_>>()
        .join(",\n     ")
}

/// The Keras panel's text while the pad is empty (no drawing to write out yet).
pub const KERAS_DRAW_FIRST: &str = "# Draw a digit on the pad: its 28×28 values, preprocessed as MNIST, will appear here\n\
     # with the Conv2D layer that reads them.";

/// Keras 3 code for what is on screen: the input (written out when small, otherwise how to
/// get it), a `Conv2D` with this kernel set by `set_weights`, and its output. `kernel` is
/// the one the layer applies; `flip` says it is the student's kernel turned half a turn.
#[allow(clippy::too_many_arguments)]
pub fn keras_code(
    kind: InputKind,
    pic: &Picture,
    kernel: &[f64],
    k: (usize, usize),
    stride: usize,
    padding: Padding,
    relu: bool,
    flip: bool,
) -> String {
    let note = if flip {
        "# turned half a turn: Keras cross-correlates, a true convolution flips the kernel\n"
    } else {
        ""
    };
    let (h, w) = (pic.rows, pic.cols);
    let input = match kind {
        InputKind::Mnist => format!(
            "# A digit from Keras's copy of MNIST (the lab shows one from its own sample)\n\
             (x_train, _), _ = keras.datasets.mnist.load_data()\n\
             x = (x_train[0] / 255).astype(\"float32\").reshape(1, {h}, {w}, 1)\n"
        ),
        InputKind::Upload => format!(
            "# Your picture as ink levels (0 white, 1 black, like MNIST), scaled down to at most {MAX_SIDE}×{MAX_SIDE} (pip install pillow)\n\
             from PIL import Image\n\
             img = Image.open(\"my_picture.png\").convert(\"L\")\n\
             img.thumbnail(({MAX_SIDE}, {MAX_SIDE}))\n\
             x = (1 - np.asarray(img, dtype=\"float32\") / 255).reshape(1, img.height, img.width, 1)  # here {h}×{w}\n"
        ),
        InputKind::Draw => format!(
            "# Your drawing, preprocessed as MNIST (cropped, scaled to 20×20, centred in 28×28; 0 background, 1 ink)\n\
             x = np.array([{}], dtype=\"float32\").reshape(1, {h}, {w}, 1)\n",
            py_rows(&pic.values, w)
        ),
        _ => format!(
            "x = np.array([{}], dtype=\"float32\").reshape(1, {h}, {w}, 1)\n",
            py_rows(&pic.values, w)
        ),
    };
    let (kh, kw) = k;
    let act = if relu { ", activation=\"relu\"" } else { "" };
    format!(
        "import numpy as np\n\
         import keras\n\
         \n\
         {input}\n\
         conv = keras.layers.Conv2D(filters=1, kernel_size=({kh}, {kw}), strides=({stride}, {stride}), padding=\"{pad}\"{act})\n\
         conv.build((None, {h}, {w}, 1))\n\
         {note}kernel = np.array([{ker}], dtype=\"float32\").reshape({kh}, {kw}, 1, 1)\n\
         conv.set_weights([kernel, np.zeros(1, dtype=\"float32\")])\n\
         \n\
         y = keras.ops.convert_to_numpy(conv(x))\n\
         print(y[0, :, :, 0].round(3))\n",
        pad = padding.keras_name(),
        ker = py_rows(kernel, kw),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_course_example_gives_2x2() {
        let pic = builtin(InputKind::Course).unwrap();
        let lap = kernels().into_iter().find(|k| k.id == "laplacian").unwrap();
        let (r, c, v) = conv_output(&pic, &lap.weights, (3, 3), 1, Padding::Valid, false).unwrap();
        assert_eq!((r, c, v.len()), (2, 2, 4));
        // Top-left window by hand: 0.71365534 + 0.28229898 − 4·0.77139276 + 0.6513154 + 0.31754893.
        let want = 0.71365534 + 0.28229898 - 4.0 * 0.77139276 + 0.6513154 + 0.31754893;
        assert!((v[0] - want).abs() < 1e-9);
        let (_, _, relu) =
            conv_output(&pic, &lap.weights, (3, 3), 1, Padding::Valid, true).unwrap();
        assert!(relu.iter().all(|&x| x >= 0.0));
    }

    #[test]
    fn convolution_turns_the_kernel_and_the_core_agrees() {
        // A single lit pixel: the core's layer (cross-correlation) stamps the kernel turned
        // half a turn; with the kernel turned first (convolution), as written.
        let mut values = vec![0.0; 25];
        values[12] = 1.0;
        let pic = Picture { rows: 5, cols: 5, values };
        let k = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0];
        let (_, _, corr) = conv_output(&pic, &k, (3, 3), 1, Padding::Same, false).unwrap();
        let (_, _, conv) =
            conv_output(&pic, &rotated(&k, true), (3, 3), 1, Padding::Same, false).unwrap();
        let centre = |m: &[f64]| [6, 7, 8, 11, 12, 13, 16, 17, 18].map(|i| m[i]).to_vec();
        assert_eq!(centre(&conv), k.to_vec());
        assert_eq!(centre(&corr), k.iter().rev().copied().collect::<Vec<_>>());
        assert_eq!(rotated(&k, false), k.to_vec());
    }

    #[test]
    fn the_map_is_the_core_conv2d_layer_output() {
        // What the lab draws equals the core's Keras-like Conv2D layer (one filter, zero
        // bias, ReLU or not) for every kernel, padding and stride it offers.
        use crate::nn::{Activation, Conv2DConfig, LayerConfig, Sequential, rng_from_seed};
        let values: Vec<f64> = (0..7 * 9).map(|i| ((i * 37 % 23) as f64 / 11.0) - 0.9).collect();
        let pic = Picture { rows: 7, cols: 9, values };
        for kn in kernels() {
            for padding in [Padding::Valid, Padding::Same] {
                for stride in 1..=3 {
                    for relu in [false, true] {
                        let k = (kn.rows, kn.cols);
                        let act = if relu { Activation::Relu } else { Activation::Linear };
                        let cfg = Conv2DConfig::new(1, k)
                            .strides((stride, stride))
                            .padding(padding)
                            .activation(act);
                        let mut model = Sequential::<f64>::new(
                            &[pic.rows, pic.cols, 1],
                            &[LayerConfig::from(cfg)],
                            &mut rng_from_seed(0),
                        )
                        .unwrap();
                        let mut params = kn.weights.clone();
                        params.push(0.0);
                        model.set_flat_params(&params).unwrap();
                        let want = model.predict(&pic.values).unwrap();
                        let (r, c, got) =
                            conv_output(&pic, &kn.weights, k, stride, padding, relu).unwrap();
                        assert_eq!(
                            [r, c],
                            model.output_shape()[..2],
                            "{} {padding:?} {stride}",
                            kn.id
                        );
                        assert_eq!(got.len(), want.len());
                        for (g, w) in got.iter().zip(&want) {
                            assert!(
                                (g - w).abs() < 1e-12,
                                "{} {padding:?} stride {stride} relu {relu}: {g} vs {w}",
                                kn.id
                            );
                        }
                    }
                }
            }
        }
        // A kernel of the wrong length is refused, not read past.
        assert!(conv_output(&pic, &[1.0; 8], (3, 3), 1, Padding::Valid, false).is_err());
    }

    #[test]
    fn next_digit_always_changes_class() {
        // Sorted by class like the digits file: 3 of each of 0–9.
        let labels: Vec<u8> = (0..30).map(|i| (i / 3) as u8).collect();
        let mut at = 0;
        let mut seen = Vec::new();
        for _ in 0..25 {
            let next = next_digit(&labels, at);
            assert_ne!(labels[next], labels[at], "{at} → {next}: the same digit again");
            assert_eq!(labels[next], (labels[at] + 1) % 10);
            seen.push(next);
            at = next;
        }
        seen.sort();
        seen.dedup();
        assert!(seen.len() > 20, "the rounds visit new samples: {seen:?}");
        // A class missing: skipped. One class only: the next sample.
        let gap = [0, 0, 2, 2];
        assert_eq!(gap[next_digit(&gap, 0)], 2);
        assert_eq!(next_digit(&[4, 4, 4], 1), 2);
        assert_eq!(next_digit(&[], 5), 0);
    }

    #[test]
    fn kernel_larger_than_input_is_an_error() {
        let pic = builtin(InputKind::Course).unwrap();
        assert!(conv_output(&pic, &[0.0; 25], (5, 5), 1, Padding::Valid, false).is_err());
        assert!(conv_output(&pic, &[0.0; 25], (5, 5), 1, Padding::Same, false).is_ok());
    }

    #[test]
    fn pictures_and_conversion() {
        for k in InputKind::ALL {
            if let Some(p) = builtin(k) {
                assert_eq!(p.values.len(), p.rows * p.cols);
                assert!(p.values.iter().all(|v| (0.0..=1.0).contains(v)));
            }
            assert_eq!(InputKind::from_id(k.id()), Some(k));
        }
        let g = rgba_to_grey(1, 2, &[255, 255, 255, 255, 0, 0, 0, 255]).unwrap();
        assert_eq!(g.values, vec![0.0, 1.0], "white paper is 0, black ink is 1");
        assert!(rgba_to_grey(1, 2, &[0; 4]).is_none());
        assert_eq!(scaled_size(640, 480), (64, 48));
        assert_eq!(scaled_size(20, 10), (20, 10));
        assert_eq!(scaled_size(10000, 1), (64, 1));
    }

    #[test]
    fn keras_code_matches_the_screen() {
        let pic = builtin(InputKind::Course).unwrap();
        let code =
            keras_code(InputKind::Course, &pic, &[0.25; 4], (2, 2), 1, Padding::Valid, true, false);
        assert!(code.contains("Conv2D(filters=1, kernel_size=(2, 2), strides=(1, 1), padding=\"valid\", activation=\"relu\")"));
        assert!(code.contains("reshape(1, 4, 4, 1)"));
        assert!(code.contains("[0.25883724, 0.71365534, 0.2063048, 0.5990372]"));
        assert!(code.contains(".reshape(2, 2, 1, 1)"));
        let code =
            keras_code(InputKind::Mnist, &pic, &[1.0], (1, 1), 2, Padding::Same, false, true);
        assert!(code.contains("# turned half a turn"));
        assert!(code.contains("keras.datasets.mnist") && !code.contains("activation"));
    }

    #[test]
    fn a_drawing_becomes_a_28x28_picture() {
        // A vertical bar on a 60×60 pad, preprocessed by the core as MNIST.
        let (w, h) = (60usize, 60usize);
        let ink: Vec<f32> =
            (0..w * h)
                .map(|i| {
                    if (28..33).contains(&(i % w)) && (10..50).contains(&(i / w)) {
                        1.0
                    } else {
                        0.0
                    }
                })
                .collect();
        let pre = crate::data::preprocess_drawing(&ink, w, h).unwrap();
        let pic = from_mnist28(&pre.mnist28).unwrap();
        assert_eq!((pic.rows, pic.cols, pic.values.len()), (28, 28, 784));
        assert!(
            pic.values.iter().any(|&v| v > 0.5)
                && pic.values.iter().all(|v| (0.0..=1.0).contains(v))
        );
        assert!(from_mnist28(&[0.0; 10]).is_none());
        let (r, c, out) = conv_output(
            &pic,
            &[1.0, 0.0, -1.0, 1.0, 0.0, -1.0, 1.0, 0.0, -1.0],
            (3, 3),
            1,
            Padding::Valid,
            false,
        )
        .unwrap();
        assert_eq!((r, c, out.len()), (26, 26, 676));
        assert!(out.iter().any(|&v| v != 0.0));
        let code =
            keras_code(InputKind::Draw, &pic, &[1.0; 9], (3, 3), 1, Padding::Valid, false, false);
        assert!(code.contains("Your drawing") && code.contains("reshape(1, 28, 28, 1)"));
    }
}
