//! How a sliding window covers one axis: Keras's padding rule and the output length.

use crate::nn::NnError;

/// Keras's `padding` argument.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Padding {
    /// No padding: the window stays inside the input. Output `⌊(n − k) / s⌋ + 1`.
    #[default]
    Valid,
    /// Zero padding so that the output has `⌈n / s⌉` positions (`n` when `s = 1`).
    /// As Keras, when the total padding is odd the extra zero goes after (right/bottom).
    Same,
}

impl Padding {
    pub fn keras_name(self) -> &'static str {
        match self {
            Padding::Valid => "valid",
            Padding::Same => "same",
        }
    }
}

/// Largest input length, window or stride on one axis.
pub const MAX_AXIS: usize = 1 << 20;
/// How a sliding window covers one axis: input length, window, stride, padding, output.
///
/// The output length is `⌊(n + pad_before + pad_after − k) / s⌋ + 1`, that is the course's
/// `⌊(n + 2p − k) / s⌋ + 1` when the padding is symmetric.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AxisGeometry {
    pub n: usize,
    pub k: usize,
    pub stride: usize,
    pub pad_before: usize,
    pub pad_after: usize,
    pub out: usize,
}

impl AxisGeometry {
    /// # Errors
    /// A zero window or stride, or (`valid`) a window longer than the input.
    pub fn new(n: usize, k: usize, stride: usize, padding: Padding) -> Result<Self, NnError> {
        if k == 0 || stride == 0 {
            return Err(NnError::ZeroWindowOrStride { window: k, stride });
        }
        // Bounds far above any lesson, so that no arithmetic below can overflow.
        if k > MAX_AXIS || stride > MAX_AXIS || n > MAX_AXIS {
            return Err(NnError::TooLarge { limit: MAX_AXIS });
        }
        if n == 0 {
            return Err(NnError::EmptyInput);
        }
        match padding {
            Padding::Valid => {
                if k > n {
                    return Err(NnError::WindowTooLarge { window: k, input: n });
                }
                Ok(AxisGeometry {
                    n,
                    k,
                    stride,
                    pad_before: 0,
                    pad_after: 0,
                    out: (n - k) / stride + 1,
                })
            }
            Padding::Same => {
                let out = n.div_ceil(stride);
                // Keras/TensorFlow: total = max((out − 1)·s + k − n, 0), the smaller half first.
                let total = ((out - 1) * stride + k).saturating_sub(n);
                let before = total / 2;
                Ok(AxisGeometry {
                    n,
                    k,
                    stride,
                    pad_before: before,
                    pad_after: total - before,
                    out,
                })
            }
        }
    }

    /// The input indices covered by window `o`, padding excluded.
    pub fn input_range(&self, o: usize) -> std::ops::Range<usize> {
        let start = (o * self.stride) as isize - self.pad_before as isize;
        let lo = start.max(0) as usize;
        let hi = ((start + self.k as isize).max(0) as usize).min(self.n);
        lo..hi.max(lo)
    }

    /// Input index under window `o`, tap `t`; `None` when it falls in the padding.
    pub fn input_index(&self, o: usize, t: usize) -> Option<usize> {
        let i = (o * self.stride + t) as isize - self.pad_before as isize;
        (i >= 0 && (i as usize) < self.n).then_some(i as usize)
    }
}
