//! `Flatten`: `(h, w, c)` → `(h·w·c,)` in row-major (NHWC) order, as Keras does.

use crate::nn::NnError;

/// Keras's `Flatten()`. Free here: a batch row is already the flat example.
///
/// # Shapes
/// Input any shape `(d1, …, dk)`, output `(d1·…·dk,)`.
#[derive(Debug, Clone)]
pub struct Flatten {
    len: usize,
}

impl Flatten {
    pub(crate) fn new(input_shape: &[usize]) -> Result<Self, NnError> {
        if input_shape.is_empty() || input_shape.contains(&0) {
            return Err(NnError::EmptyInput);
        }
        Ok(Flatten { len: input_shape.iter().product() })
    }

    pub fn output_shape(&self) -> Vec<usize> {
        vec![self.len]
    }
}
