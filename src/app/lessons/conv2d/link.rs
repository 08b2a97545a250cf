//! The 2D lab's state in its link (issue 10): reading and writing its `Query`, and the
//! grid of numbers a link may carry (shared with pooling).

use super::model::{InputKind, Kernel2, Picture, builtin};
use crate::app::lessons::conv1d::link::PADDINGS;
use crate::app::lessons::conv1d::model::MAX_SIGNAL;
use crate::app::urlstate::{Query, Reader, write_numbers};
use crate::app::widgets::kernel_editor::MAX_WEIGHT;
use crate::nn::Padding;
use crate::nn::window::geometry;

/// What a link to the 2D lab holds: `input=mnist&digit=7&kernel=laplacian&padding=same&stride=1&relu=1&flip=0&step=12`
/// (`kernel=1,0,-1,2,0,-2,1,0,-1&size=3x3` for the student's own kernel). A drawing or an
/// uploaded picture is not in the link: the pad opens blank, the upload asks for the file.
#[derive(Clone, Debug, PartialEq)]
pub struct Link2 {
    pub input: InputKind,
    /// The numbers of `input=grid` (`rows=5&cols=5&values=…`).
    pub grid: Option<Picture>,
    /// The MNIST digit's index in the file (`input=mnist`).
    pub digit: usize,
    /// `Ok(preset index)` or `Err((weights, (rows, cols)))`.
    pub kernel: Result<usize, (Vec<f64>, (usize, usize))>,
    pub padding: Padding,
    pub stride: usize,
    pub relu: bool,
    pub flip: bool,
    /// 0-based window, row-major over the output map.
    pub step: usize,
}

pub const LINK_KEYS: &[&str] = &[
    "input", "rows", "cols", "values", "digit", "kernel", "size", "padding", "stride", "relu",
    "flip", "step",
];

/// The largest grid a link may give (a link stays short enough for a QR code).
pub const MAX_GRID: usize = 16;

/// `rows=5&cols=5&values=…` of a link, checked (the count must match the shape).
/// Each of the three is read (and named in a notice if refused) even when another one was
/// refused: every part of the link left out is named.
pub fn read_grid(r: &mut Reader<'_>) -> Option<Picture> {
    let rows = r.int("rows", 1, MAX_GRID as u64).map(|n| n as usize);
    // One row is a signal: as long as the 1D lab's.
    let max_cols = if rows == Some(1) { MAX_SIGNAL } else { MAX_GRID };
    let cols = r.int("cols", 1, max_cols as u64).map(|n| n as usize);
    let values = r.numbers("values", 1, MAX_GRID * MAX_GRID, MAX_WEIGHT);
    let (Some(rows), Some(cols), Some(values)) = (rows, cols, values) else {
        for key in GRID_KEYS {
            r.unused(key);
        }
        return None;
    };
    if values.len() != rows * cols {
        r.refuse("values");
        return None;
    }
    Some(Picture { rows, cols, values })
}

/// A grid's numbers with another input (`rows=-1` alone): each one named in a notice, not
/// silently dropped (a bad value as such, a good one as unused).
pub fn skip_grid(r: &mut Reader<'_>) {
    let _ = (r.int("rows", 1, MAX_GRID as u64), r.int("cols", 1, MAX_SIGNAL as u64));
    let _ = r.numbers("values", 1, MAX_GRID * MAX_GRID, MAX_WEIGHT);
    for key in GRID_KEYS {
        r.unused(key);
    }
}

/// The keys of `input=grid`'s numbers.
const GRID_KEYS: [&str; 3] = ["rows", "cols", "values"];

pub fn write_grid(q: &mut Query, p: &Picture) {
    q.set("rows", &p.rows.to_string());
    q.set("cols", &p.cols.to_string());
    q.set("values", &write_numbers(&p.values));
}

/// Digits in the lab's file (`mnist10k.bin`).
pub const DIGITS: u64 = 10_000;

impl Link2 {
    /// The lab with no link: the course's 4×4 example and the Laplacian.
    pub fn default_with(presets: &[Kernel2]) -> Link2 {
        let lap = presets.iter().position(|k| k.id == "laplacian").unwrap_or(0);
        Link2 {
            input: InputKind::Course,
            grid: None,
            digit: 0,
            kernel: Ok(lap),
            padding: Padding::Valid,
            stride: 1,
            relu: false,
            flip: false,
            step: 0,
        }
    }

    pub fn read(r: &mut Reader<'_>, presets: &[Kernel2]) -> Link2 {
        let mut l = Link2::default_with(presets);
        let inputs: Vec<(&str, InputKind)> = InputKind::ALL.iter().map(|k| (k.id(), *k)).collect();
        if let Some(k) = r.choice("input", &inputs) {
            l.input = k;
        }
        if l.input == InputKind::Grid {
            l.grid = read_grid(r);
            if l.grid.is_none() {
                // A grid without its numbers: the course's example instead.
                r.refuse("input");
                l.input = InputKind::Course;
            }
        } else {
            skip_grid(r);
        }
        if let Some(d) = r.int("digit", 0, DIGITS - 1) {
            l.digit = d as usize;
        }
        let ids: Vec<&str> = presets.iter().map(|k| k.id).collect();
        match r.preset_or_numbers("kernel", &ids, 1, 49) {
            Some(Ok(i)) => l.kernel = Ok(i),
            Some(Err(w)) => {
                // The student's numbers need their shape; a square one may go without.
                let side = (1..=7).find(|s| s * s == w.len());
                match r.size("size", 7).or(side.map(|s| (s, s))) {
                    Some((rows, cols)) if rows * cols == w.len() => {
                        l.kernel = Err((w, (rows, cols)))
                    }
                    _ => r.refuse("kernel"),
                }
            }
            None => {}
        }
        if let Some(p) = r.choice("padding", PADDINGS) {
            l.padding = p;
        }
        if let Some(s) = r.int("stride", 1, 3) {
            l.stride = s as usize;
        }
        if let Some(f) = r.flag("relu") {
            l.relu = f;
        }
        if let Some(f) = r.flag("flip") {
            l.flip = f;
        }
        if let Some(step) = r.step(l.windows(presets)) {
            l.step = step;
        }
        l
    }

    /// The kernel's shape.
    pub fn k(&self, presets: &[Kernel2]) -> (usize, usize) {
        match &self.kernel {
            Ok(i) => presets.get(*i).map(|k| (k.rows, k.cols)).unwrap_or((3, 3)),
            Err((_, k)) => *k,
        }
    }

    /// The picture's size when the lab opens (a digit is 28×28; a drawing or an upload shows
    /// the course's example until there is one).
    pub fn picture_size(&self) -> (usize, usize) {
        match (self.input, &self.grid) {
            (InputKind::Mnist, _) => (28, 28),
            (InputKind::Grid, Some(g)) => (g.rows, g.cols),
            (kind, _) => builtin(kind)
                .or_else(|| builtin(InputKind::Course))
                .map(|p| (p.rows, p.cols))
                .unwrap_or((4, 4)),
        }
    }

    /// How many windows (output cells) these settings give.
    pub fn windows(&self, presets: &[Kernel2]) -> Option<usize> {
        let (rows, cols) = self.picture_size();
        let (kr, kc) = self.k(presets);
        let gy = geometry(rows, kr, self.stride, self.padding).ok()?;
        let gx = geometry(cols, kc, self.stride, self.padding).ok()?;
        Some(gy.out * gx.out)
    }

    pub fn write(&self, presets: &[Kernel2]) -> Query {
        let mut q = Query::default();
        q.set("input", self.input.id());
        if self.input == InputKind::Mnist {
            q.set("digit", &self.digit.to_string());
        }
        if let (InputKind::Grid, Some(g)) = (self.input, &self.grid) {
            write_grid(&mut q, g);
        }
        match &self.kernel {
            Ok(i) => q.set("kernel", presets.get(*i).map(|k| k.id).unwrap_or("laplacian")),
            Err((w, (r, c))) => {
                q.set("kernel", &write_numbers(w));
                q.set("size", &format!("{r}x{c}"));
            }
        }
        q.set("padding", if self.padding == Padding::Same { "same" } else { "valid" });
        q.set("stride", &self.stride.to_string());
        q.set("relu", if self.relu { "1" } else { "0" });
        q.set("flip", if self.flip { "1" } else { "0" });
        q.set("step", &(self.step + 1).to_string());
        q
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::lessons::conv2d::model::kernels;
    use crate::app::urlstate::Notice;

    fn read(s: &str) -> (Link2, Vec<Notice>) {
        let presets = kernels();
        let q = Query::parse(s);
        let mut r = Reader::new(&q);
        let l = Link2::read(&mut r, &presets);
        (l, r.notices)
    }

    #[test]
    fn a_written_link_reads_back_the_same_screen() {
        let presets = kernels();
        let d = Link2::default_with(&presets);
        let cases = [
            Link2 {
                input: InputKind::Mnist,
                digit: 4321,
                padding: Padding::Same,
                relu: true,
                step: 200,
                ..d.clone()
            },
            Link2 {
                input: InputKind::Shapes,
                kernel: Err((vec![1.0, 0.0, -1.0, 2.0, 0.0, -2.0], (2, 3))),
                stride: 2,
                flip: true,
                step: 5,
                ..d.clone()
            },
            Link2 { kernel: Ok(1), ..d.clone() },
            Link2 {
                input: InputKind::Grid,
                grid: Some(Picture {
                    rows: 2,
                    cols: 3,
                    values: vec![0.0, 1.5, -2.0, 3.0, 4.0, 0.25],
                }),
                kernel: Ok(0),
                ..d.clone()
            },
        ];
        for l in cases {
            let q = l.write(&presets);
            let (back, notices) = read(&q.encode());
            assert_eq!(back, l, "{}", q.encode());
            assert!(notices.is_empty(), "{notices:?}");
        }
        assert_eq!(read("").0, d);
    }

    #[test]
    fn a_bad_part_is_refused_and_the_rest_applies() {
        // The course's 4×4 with a 3×3 kernel in valid has 4 windows.
        let (l, notices) =
            read("kernel=laplacian&step=5&relu=maybe&padding=same&digit=10000&kernel2=1");
        assert_eq!(l.padding, Padding::Same);
        // With same padding the 4×4 gives 16 windows: step 5 is fine.
        assert_eq!(l.step, 4);
        assert_eq!(notices.len(), 2, "{notices:?}");
        let (l, notices) = read("step=5");
        assert_eq!((l.step, notices.len()), (0, 1));
        // Six numbers with no shape, or a shape that does not match: refused.
        assert_eq!(read("kernel=1,2,3,4,5,6").1.len(), 1);
        assert_eq!(read("kernel=1,2,3,4,5,6&size=3x3").1.len(), 1);
        assert_eq!(read("kernel=1,2,3,4").0.kernel, Err((vec![1.0, 2.0, 3.0, 4.0], (2, 2))));
        // A grid whose numbers do not fill its shape: the course's example, one notice.
        let (l, notices) = read("input=grid&rows=2&cols=2&values=1,2,3");
        assert_eq!((l.input, l.grid, notices.len()), (InputKind::Course, None, 2));
    }

    #[test]
    fn every_part_of_a_grid_left_out_is_named() {
        let keys = |n: &[Notice]| {
            n.iter()
                .map(|n| match n {
                    Notice::Unknown(k) => format!("unknown {k}"),
                    Notice::Malformed { key, .. } => format!("malformed {key}"),
                    Notice::OutOfRange { key, .. } => format!("range {key}"),
                    Notice::Unused { key, .. } => format!("unused {key}"),
                })
                .collect::<Vec<_>>()
        };
        // `rows=-1` on the lab's default input: named, not silently dropped.
        let (l, notices) = read("rows=-1");
        assert_eq!(l.input, InputKind::Course);
        assert_eq!(keys(&notices), ["malformed rows"]);
        // Good numbers with another input: named as unused.
        let (_, notices) = read("input=mnist&rows=2&cols=2&values=1,2,3,4");
        assert_eq!(keys(&notices), ["unused rows", "unused cols", "unused values"]);
        // A grid with one bad side: every part of it named, and the input too.
        let (l, notices) = read("input=grid&rows=-1&cols=2&values=1,2");
        assert_eq!(l.input, InputKind::Course);
        assert_eq!(
            keys(&notices),
            ["malformed rows", "unused cols", "unused values", "range input"]
        );
    }
}
