//! The networks the page's editor offers: the ranges of each layer's settings. A link or a
//! file asking for more is refused with the setting that is out, so that what a teacher's
//! link opens is a network a student could have made by clicking.

use super::Architecture;
use crate::nn::{LayerConfig, Padding};

/// A setting of the editor and its range (inclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    /// Conv2D filters.
    Filters,
    /// Conv2D kernel side.
    Kernel,
    /// Conv2D stride.
    ConvStride,
    /// Pooling window side.
    PoolSize,
    /// Pooling stride.
    PoolStride,
    /// Dense units.
    Units,
    /// Dropout rate, in hundredths.
    DropoutPercent,
    /// Layers in the network.
    Layers,
    /// A layer kind the editor does not offer (the 1D layers, a bias switched off, `same`
    /// pooling).
    Kind,
}

impl Bound {
    pub const fn range(self) -> (usize, usize) {
        match self {
            Bound::Filters => (1, 64),
            Bound::Kernel => (1, 7),
            Bound::ConvStride => (1, 2),
            Bound::PoolSize => (2, 3),
            Bound::PoolStride => (1, 3),
            Bound::Units => (1, 512),
            Bound::DropoutPercent => (0, 90),
            Bound::Layers => (1, 24),
            Bound::Kind => (0, 0),
        }
    }

    pub fn contains(self, v: usize) -> bool {
        let (lo, hi) = self.range();
        (lo..=hi).contains(&v)
    }
}

/// A setting out of the editor's range: which layer (from 0), which setting, its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutOfBounds {
    pub layer: usize,
    pub bound: Bound,
    pub value: usize,
}

impl Architecture {
    /// The first setting outside what the editor offers, if any.
    ///
    /// # Errors
    /// That setting.
    pub fn check_bounds(&self) -> Result<(), OutOfBounds> {
        let n = self.layers.len();
        if !Bound::Layers.contains(n) {
            return Err(OutOfBounds { layer: n.saturating_sub(1), bound: Bound::Layers, value: n });
        }
        for (layer, c) in self.layers.iter().enumerate() {
            let check = |bound: Bound, value: usize| {
                if bound.contains(value) {
                    Ok(())
                } else {
                    Err(OutOfBounds { layer, bound, value })
                }
            };
            match c {
                LayerConfig::Conv2D(k) => {
                    check(Bound::Filters, k.filters)?;
                    check(Bound::Kernel, k.kernel_size.0)?;
                    check(Bound::Kernel, k.kernel_size.1)?;
                    check(Bound::ConvStride, k.strides.0)?;
                    check(Bound::ConvStride, k.strides.1)?;
                    if !k.use_bias {
                        check(Bound::Kind, 1)?;
                    }
                }
                LayerConfig::Pool(p) if p.two_d && p.padding == Padding::Valid => {
                    check(Bound::PoolSize, p.pool_size.0)?;
                    check(Bound::PoolSize, p.pool_size.1)?;
                    let s = p.strides.unwrap_or(p.pool_size);
                    check(Bound::PoolStride, s.0)?;
                    check(Bound::PoolStride, s.1)?;
                }
                LayerConfig::Flatten => {}
                LayerConfig::Dense(d) => {
                    check(Bound::Units, d.units)?;
                    if !d.use_bias {
                        check(Bound::Kind, 1)?;
                    }
                }
                LayerConfig::Dropout(d) => {
                    let pct = (d.rate * 100.0).round();
                    let v = if (0.0..=100.0).contains(&pct) { pct as usize } else { 1000 };
                    check(Bound::DropoutPercent, v)?;
                }
                _ => check(Bound::Kind, 1)?,
            }
        }
        Ok(())
    }
}
