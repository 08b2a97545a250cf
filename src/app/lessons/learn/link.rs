//! The lesson's state in its link: `view=1d&signal=course&hidden=derivative&start=zeros&rate=0.5&steps=40`
//! (2D: `view=2d&picture=seven&hidden=laplacian&weight=5`). The steps are replayed from the
//! start on opening, so a link shows the very kernel it was made on.

use super::choices::{HIDDEN_1D, HIDDEN_2D, PICTURES, SIGNALS};
use super::model::{MAX_STEPS, RATES};
use crate::app::i18n::num::canonical;
use crate::app::urlstate::{Query, Reader};

#[derive(Clone, Debug, PartialEq)]
pub struct LinkL {
    pub two_d: bool,
    /// Index in [`SIGNALS`].
    pub signal: usize,
    /// Index in [`HIDDEN_1D`].
    pub hidden1: usize,
    /// Index in [`PICTURES`].
    pub picture: usize,
    /// Index in [`HIDDEN_2D`].
    pub hidden2: usize,
    pub random_start: bool,
    /// Index in [`RATES`].
    pub rate: usize,
    pub steps: usize,
    /// The 2D weight whose sum is written out (row-major, 0-based).
    pub weight: usize,
}

pub const LINK_KEYS: &[&str] =
    &["view", "signal", "hidden", "picture", "start", "rate", "steps", "weight"];

/// Index of 0.5 in [`RATES`]: stable on the default signal and picture (and all but one
/// setting: see `setup`'s test).
pub const DEFAULT_RATE: usize = 4;

impl Default for LinkL {
    fn default() -> Self {
        LinkL {
            two_d: false,
            signal: 0,
            hidden1: 2,
            picture: 0,
            hidden2: 1,
            random_start: false,
            rate: DEFAULT_RATE,
            steps: 0,
            weight: 0,
        }
    }
}

fn index_of(ids: &[&str], v: &str) -> Option<usize> {
    ids.iter().position(|id| id.eq_ignore_ascii_case(v.trim()))
}

impl LinkL {
    pub fn read(r: &mut Reader<'_>) -> LinkL {
        let mut l = LinkL::default();
        if let Some(v) = r.choice("view", &[("1d", false), ("2d", true)]) {
            l.two_d = v;
        }
        let sig: Vec<&str> = SIGNALS.iter().map(|s| s.id()).collect();
        if let Some(v) = r.raw("signal") {
            match index_of(&sig, &v) {
                Some(i) => l.signal = i,
                None => r.refuse_malformed("signal"),
            }
        }
        if let Some(v) = r.raw("picture") {
            match index_of(&PICTURES, &v) {
                Some(i) => l.picture = i,
                None => r.refuse_malformed("picture"),
            }
        }
        if let Some(v) = r.raw("hidden") {
            let found = if l.two_d { index_of(&HIDDEN_2D, &v) } else { index_of(&HIDDEN_1D, &v) };
            match found {
                Some(i) if l.two_d => l.hidden2 = i,
                Some(i) => l.hidden1 = i,
                None => r.refuse_malformed("hidden"),
            }
        }
        if let Some(s) = r.choice("start", &[("zeros", false), ("random", true)]) {
            l.random_start = s;
        }
        if let Some(p) = r.number("rate", 0.0, 100.0) {
            match RATES.iter().position(|&x| (x - p).abs() < 1e-9) {
                Some(i) => l.rate = i,
                // The page offers a fixed list: another rate is a setting it cannot show.
                None => r.refuse("rate"),
            }
        }
        if let Some(s) = r.int("steps", 0, MAX_STEPS as u64) {
            l.steps = s as usize;
        }
        let k = if l.two_d { super::choices::hidden_2d(l.hidden2).weights.len() } else { 0 };
        if let Some(w) = r.int("weight", 1, 9) {
            if l.two_d && (w as usize) <= k {
                l.weight = w as usize - 1;
            } else {
                r.refuse("weight");
            }
        }
        l
    }

    pub fn write(&self) -> Query {
        let mut q = Query::default();
        q.set("view", if self.two_d { "2d" } else { "1d" });
        if self.two_d {
            q.set("picture", PICTURES[self.picture]);
            q.set("hidden", HIDDEN_2D[self.hidden2]);
            q.set("weight", &(self.weight + 1).to_string());
        } else {
            q.set("signal", SIGNALS[self.signal].id());
            q.set("hidden", HIDDEN_1D[self.hidden1]);
        }
        q.set("start", if self.random_start { "random" } else { "zeros" });
        q.set("rate", &canonical(RATES[self.rate], 2));
        q.set("steps", &self.steps.to_string());
        q
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(s: &str) -> (LinkL, usize) {
        let q = Query::parse(s);
        let mut r = Reader::new(&q);
        let l = LinkL::read(&mut r);
        (l, r.notices.len())
    }

    #[test]
    fn links_read_back_and_bad_parts_are_refused() {
        for l in [
            LinkL::default(),
            LinkL {
                signal: 2,
                hidden1: 7,
                random_start: true,
                rate: 9,
                steps: 120,
                ..LinkL::default()
            },
            LinkL {
                two_d: true,
                picture: 1,
                hidden2: 3,
                weight: 8,
                steps: 1000,
                ..LinkL::default()
            },
        ] {
            assert_eq!(read(&l.write().encode()), (l.clone(), 0), "{}", l.write().encode());
        }
        assert_eq!(read("rate=0,05").0.rate, 1);
        assert_eq!(
            read("view=3d&signal=noise&hidden=sobel&start=ones&rate=0.7&steps=1001"),
            (LinkL::default(), 6)
        );
        // A 2×2 kernel has no fifth weight; a 1D view has no chosen weight.
        assert_eq!(read("view=2d&hidden=dx&weight=5").1, 1);
        assert_eq!(read("view=1d&weight=1").1, 1);
        assert_eq!(read("view=2d&hidden=laplacian&weight=9").0.weight, 8);
    }
}
