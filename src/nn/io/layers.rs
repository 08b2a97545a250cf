//! Each layer's configuration in a version 1 file: a tag byte, then its fields. Frozen:
//! version 2 stores a layer's text, so new layer kinds need nothing here.

use super::bytes::Reader;
#[cfg(test)]
use super::bytes::Writer;
use super::error::WeightsError;
use crate::nn::{
    Conv1DConfig, Conv2DConfig, DenseConfig, DropoutConfig, LayerConfig, PoolConfig, PoolKind,
};

/// A version 1 layer record (files are written in version 2 now; kept to test reading v1).
#[cfg(test)]
pub(super) fn write_layer(w: &mut Writer, c: &LayerConfig) {
    match c {
        LayerConfig::Conv1D(c) => {
            w.u8(1);
            w.u32(c.filters);
            w.u32(c.kernel_size);
            w.u32(c.strides);
            w.padding(c.padding);
            w.u8(c.activation.code());
            w.u8(c.use_bias as u8);
        }
        LayerConfig::Conv2D(c) => {
            w.u8(2);
            for v in [c.filters, c.kernel_size.0, c.kernel_size.1, c.strides.0, c.strides.1] {
                w.u32(v);
            }
            w.padding(c.padding);
            w.u8(c.activation.code());
            w.u8(c.use_bias as u8);
        }
        LayerConfig::Pool(p) => {
            w.u8(3);
            w.u8(match p.kind {
                PoolKind::Max => 0,
                PoolKind::Average => 1,
            });
            w.u8(p.two_d as u8);
            w.u32(p.pool_size.0);
            w.u32(p.pool_size.1);
            match p.strides {
                Some((a, b)) => {
                    w.u8(1);
                    w.u32(a);
                    w.u32(b);
                }
                None => w.u8(0),
            }
            w.padding(p.padding);
        }
        LayerConfig::Flatten => w.u8(4),
        LayerConfig::Dense(c) => {
            w.u8(5);
            w.u32(c.units);
            w.u8(c.activation.code());
            w.u8(c.use_bias as u8);
        }
        LayerConfig::Dropout(c) => {
            w.u8(6);
            w.f32(c.rate);
        }
    }
}

pub(super) fn read_layer(r: &mut Reader<'_>) -> Result<LayerConfig, WeightsError> {
    Ok(match r.u8()? {
        1 => LayerConfig::Conv1D(Conv1DConfig {
            filters: r.dim("filters")?,
            kernel_size: r.dim("kernel size")?,
            strides: r.dim("strides")?,
            padding: r.padding()?,
            activation: r.activation()?,
            use_bias: r.bool()?,
        }),
        2 => LayerConfig::Conv2D(Conv2DConfig {
            filters: r.dim("filters")?,
            kernel_size: (r.dim("kernel size")?, r.dim("kernel size")?),
            strides: (r.dim("strides")?, r.dim("strides")?),
            padding: r.padding()?,
            activation: r.activation()?,
            use_bias: r.bool()?,
        }),
        3 => {
            let kind = match r.u8()? {
                0 => PoolKind::Max,
                1 => PoolKind::Average,
                _ => return Err(WeightsError::BadArchitecture(None)),
            };
            let two_d = r.bool()?;
            // A 1D pool ignores the height fields: any value, even 0, must round-trip.
            let height = |r: &mut Reader<'_>, what: &str| {
                if two_d { r.dim(what) } else { r.u32().map(|v| v as usize) }
            };
            let pool_size = (height(r, "pool size")?, r.dim("pool size")?);
            let strides =
                if r.bool()? { Some((height(r, "strides")?, r.dim("strides")?)) } else { None };
            LayerConfig::Pool(PoolConfig { kind, two_d, pool_size, strides, padding: r.padding()? })
        }
        4 => LayerConfig::Flatten,
        5 => LayerConfig::Dense(DenseConfig {
            units: r.dim("units")?,
            activation: r.activation()?,
            use_bias: r.bool()?,
        }),
        6 => {
            let s = r.take(4)?;
            LayerConfig::Dropout(DropoutConfig {
                rate: f32::from_le_bytes([s[0], s[1], s[2], s[3]]),
            })
        }
        _ => return Err(WeightsError::BadArchitecture(None)),
    })
}
