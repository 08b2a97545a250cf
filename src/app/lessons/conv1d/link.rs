//! The 1D lab's state in its link (issue 10): reading and writing its `Query`.

use super::model::{MAX_SIGNAL, SignalKind, signal};
use crate::app::urlstate::{Query, Reader, write_numbers};
use crate::app::widgets::kernel_editor::MAX_WEIGHT;
use crate::nn::{self, Padding};

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
    pub fn read(r: &mut Reader<'_>, presets: &[nn::kernels::NamedKernel]) -> Link1 {
        let mut l = Link1::default_with(presets);
        let kinds: Vec<(&str, SignalKind)> = SignalKind::ALL.iter().map(|k| (k.id(), *k)).collect();
        let chosen = r.choice("signal", &kinds);
        if let Some(k) = chosen {
            l.kind = k;
        }
        if let Some(v) = r.numbers("values", 1, MAX_SIGNAL, MAX_WEIGHT) {
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

    pub fn write(&self, presets: &[nn::kernels::NamedKernel]) -> Query {
        let mut q = Query::default();
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
mod tests {
    use super::*;
    use crate::app::urlstate::Notice;

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
