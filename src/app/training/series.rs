//! A chart's series kept short: the thinning of the loss and accuracy curves.

/// Points kept per chart series: beyond, every other point goes (the curve's shape stays,
/// and a long run costs the page no more to draw than a short one).
pub const MAX_POINTS: usize = 400;

/// How a chart series is thinned: one point in `stride` is kept, the same all along the
/// run, plus the newest (provisional until the next one comes), so the curve always reaches
/// the run's last step. Halving only the points already there, as before, left the start of
/// a long run sparse and its end dense: the per-batch loss looked noisier late in training
/// than early, which it was not.
#[derive(Clone, Copy, PartialEq, Debug)]
pub struct Thin {
    stride: u64,
    seen: u64,
    provisional: bool,
}

impl Default for Thin {
    fn default() -> Self {
        Thin { stride: 1, seen: 0, provisional: false }
    }
}

impl Thin {
    pub fn push(&mut self, v: &mut Vec<(f32, f32)>, p: (f32, f32)) {
        if self.provisional {
            v.pop();
        }
        let on_grid = self.seen.is_multiple_of(self.stride);
        self.seen += 1;
        v.push(p);
        self.provisional = !on_grid;
        if v.len() > MAX_POINTS {
            if self.provisional {
                v.pop();
            }
            // The kept points are every `stride`-th since the first: every other one of them
            // is every `2·stride`-th.
            let mut k = 0;
            v.retain(|_| {
                k += 1;
                k % 2 == 1
            });
            self.stride *= 2;
            self.provisional = v.last() != Some(&p);
            if self.provisional {
                v.push(p);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chart_series_stay_short_evenly_thinned_and_keep_their_ends() {
        for n in [10usize, 400, 401, 1250, 5000, 12_345] {
            let (mut v, mut thin) = (Vec::new(), Thin::default());
            for i in 0..n {
                thin.push(&mut v, (i as f32, 0.0));
                assert_eq!(v.last(), Some(&(i as f32, 0.0)), "the newest point is drawn");
            }
            assert!(
                v.len() <= MAX_POINTS && v.len() >= MAX_POINTS.min(n) / 2,
                "{n}: {} points",
                v.len()
            );
            assert_eq!(v[0].0, 0.0);
            // One spacing all along (the newest point may close the curve sooner).
            let gaps: Vec<f32> = v.windows(2).map(|w| w[1].0 - w[0].0).collect();
            let (body, last) = gaps.split_at(gaps.len() - 1);
            assert!(body.iter().all(|&g| g == gaps[0]), "{n}: gaps {body:?}");
            assert!(last[0] <= gaps[0], "{n}");
        }
    }
}
