//! The pooling lab's state in its link (issue 10): reading and writing its `Query`.

use super::model::{PoolInput, input};
use crate::app::lessons::conv1d::link::PADDINGS;
use crate::app::lessons::conv2d::link::{DIGITS, read_grid, skip_grid, write_grid};
use crate::app::lessons::conv2d::model::Picture;
use crate::app::urlstate::{Query, Reader};
use crate::nn::window::geometry;
use crate::nn::{Padding, PoolKind};

/// What a link to the pooling lab holds: `input=map13&kind=average&pool=2&stride=default&padding=valid&step=7`
/// (`digit=12` with `input=digit`).
#[derive(Clone, Debug, PartialEq)]
pub struct LinkP {
    pub input: PoolInput,
    /// The numbers of `input=grid` (one row: a signal, pooled in 1D).
    pub grid: Option<Picture>,
    pub digit: usize,
    pub kind: PoolKind,
    pub pool: usize,
    /// `None`: the pool size, as Keras.
    pub stride: Option<usize>,
    pub padding: Padding,
    /// 0-based window.
    pub step: usize,
}

pub const LINK_KEYS: &[&str] =
    &["input", "rows", "cols", "values", "digit", "kind", "pool", "stride", "padding", "step"];

impl Default for LinkP {
    fn default() -> Self {
        LinkP {
            input: PoolInput::Signal13,
            grid: None,
            digit: 0,
            kind: PoolKind::Max,
            pool: 2,
            stride: None,
            padding: Padding::Valid,
            step: 0,
        }
    }
}

impl LinkP {
    pub fn read(r: &mut Reader<'_>) -> LinkP {
        let mut l = LinkP::default();
        let inputs: Vec<(&str, PoolInput)> = PoolInput::ALL.iter().map(|k| (k.id(), *k)).collect();
        if let Some(i) = r.choice("input", &inputs) {
            l.input = i;
        }
        if l.input == PoolInput::Grid {
            l.grid = read_grid(r);
            if l.grid.is_none() {
                r.refuse("input");
                l.input = PoolInput::Signal13;
            }
        } else {
            skip_grid(r);
        }
        if let Some(d) = r.int("digit", 0, DIGITS - 1) {
            l.digit = d as usize;
        }
        if let Some(k) = r.choice("kind", &[("max", PoolKind::Max), ("average", PoolKind::Average)])
        {
            l.kind = k;
        }
        if let Some(p) = r.int("pool", 2, 3) {
            l.pool = p as usize;
        }
        if let Some(s) =
            r.choice("stride", &[("default", None), ("1", Some(1)), ("2", Some(2)), ("3", Some(3))])
        {
            l.stride = s;
        }
        if let Some(p) = r.choice("padding", PADDINGS) {
            l.padding = p;
        }
        if let Some(step) = r.step(l.windows()) {
            l.step = step;
        }
        l
    }

    /// How many windows these settings give.
    pub fn windows(&self) -> Option<usize> {
        let (rows, cols) = match (self.input, &self.grid) {
            (PoolInput::Digit, _) => (28, 28),
            (PoolInput::Grid, Some(g)) => (g.rows, g.cols),
            (i, _) => input(i).map(|(r, c, _)| (r, c))?,
        };
        let s = self.stride.unwrap_or(self.pool);
        let gx = geometry(cols, self.pool, s, self.padding).ok()?;
        if self.input.is_1d() || rows == 1 {
            return Some(gx.out);
        }
        let gy = geometry(rows, self.pool, s, self.padding).ok()?;
        Some(gy.out * gx.out)
    }

    pub fn write(&self) -> Query {
        let mut q = Query::default();
        q.set("input", self.input.id());
        if self.input == PoolInput::Digit {
            q.set("digit", &self.digit.to_string());
        }
        if let (PoolInput::Grid, Some(g)) = (self.input, &self.grid) {
            write_grid(&mut q, g);
        }
        q.set("kind", if self.kind == PoolKind::Max { "max" } else { "average" });
        q.set("pool", &self.pool.to_string());
        q.set("stride", &self.stride.map(|s| s.to_string()).unwrap_or_else(|| "default".into()));
        q.set("padding", if self.padding == Padding::Same { "same" } else { "valid" });
        q.set("step", &(self.step + 1).to_string());
        q
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(s: &str) -> (LinkP, usize) {
        let q = Query::parse(s);
        let mut r = Reader::new(&q);
        let l = LinkP::read(&mut r);
        (l, r.notices.len())
    }

    #[test]
    fn a_written_link_reads_back_the_same_screen() {
        let cases = [
            LinkP {
                input: PoolInput::Map13,
                kind: PoolKind::Average,
                pool: 3,
                stride: Some(2),
                step: 35,
                ..LinkP::default()
            },
            LinkP {
                input: PoolInput::Digit,
                digit: 9999,
                padding: Padding::Same,
                step: 195,
                ..LinkP::default()
            },
            LinkP::default(),
            LinkP {
                input: PoolInput::Grid,
                grid: Some(Picture {
                    rows: 1,
                    cols: 7,
                    values: vec![1.0, 5.0, 2.0, 0.0, 3.0, 3.0, 9.0],
                }),
                step: 2,
                ..LinkP::default()
            },
        ];
        for l in cases {
            let q = l.write();
            assert_eq!(read(&q.encode()), (l.clone(), 0), "{}", q.encode());
        }
    }

    #[test]
    fn thirteen_values_pooled_by_two_have_six_windows_not_seven() {
        assert_eq!(read("step=6").0.step, 5);
        assert_eq!(read("step=7"), (LinkP::default(), 1));
        assert_eq!(read("pool=4&kind=min&stride=0"), (LinkP::default(), 3));
    }
}
