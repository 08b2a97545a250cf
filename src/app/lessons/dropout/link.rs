//! The dropout lab's state in its link (issue 10): reading and writing its `Query`.

use super::model::MASKS;
use crate::app::i18n::num::canonical;
use crate::app::urlstate::{Query, Reader};

/// What a link to the dropout lab holds: `rate=0.3&mode=training&mask=7` (the mask is the
/// seed's step: mask 7 of the same rate is the same draw on every screen).
#[derive(Clone, Debug, PartialEq)]
pub struct LinkD {
    /// In hundredths (0–90, by 5 as the slider).
    pub rate: u32,
    pub training: bool,
    /// 0-based mask.
    pub mask: usize,
}

pub const LINK_KEYS: &[&str] = &["rate", "mode", "mask"];

impl Default for LinkD {
    fn default() -> Self {
        LinkD { rate: 50, training: true, mask: 0 }
    }
}

impl LinkD {
    pub fn read(r: &mut Reader<'_>) -> LinkD {
        let mut l = LinkD::default();
        if let Some(p) = r.number("rate", 0.0, 0.9) {
            let hundredths = (p * 100.0).round() as u32;
            if hundredths.is_multiple_of(5) {
                l.rate = hundredths;
            } else {
                // The slider moves by 0.05; another rate would show a setting it cannot reach.
                r.refuse("rate");
            }
        }
        if let Some(t) = r.choice("mode", &[("training", true), ("inference", false)]) {
            l.training = t;
        }
        if let Some(m) = r.int("mask", 1, MASKS as u64) {
            l.mask = m as usize - 1;
        }
        l
    }

    pub fn write(&self) -> Query {
        let mut q = Query::default();
        q.set("rate", &canonical(self.rate as f64 / 100.0, 2));
        q.set("mode", if self.training { "training" } else { "inference" });
        q.set("mask", &(self.mask + 1).to_string());
        q
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(s: &str) -> (LinkD, usize) {
        let q = Query::parse(s);
        let mut r = Reader::new(&q);
        let l = LinkD::read(&mut r);
        (l, r.notices.len())
    }

    #[test]
    fn links_read_back_and_bad_parts_are_refused() {
        for l in [
            LinkD { rate: 5, training: false, mask: 39 },
            LinkD { rate: 0, training: true, mask: 0 },
            LinkD::default(),
        ] {
            assert_eq!(read(&l.write().encode()), (l.clone(), 0), "{}", l.write().encode());
        }
        assert_eq!(read("rate=0,35").0.rate, 35);
        assert_eq!(read("rate=0.33&mode=test&mask=41"), (LinkD::default(), 3));
        assert_eq!(read("rate=0.95"), (LinkD::default(), 1));
    }
}
