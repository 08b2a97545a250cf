//! What every layer shares: the forward pass's context, parameter views, shape checks.

use ndarray::Array2;

use crate::nn::{Expected, NnError, Rng, Scalar};

/// What a forward pass needs besides the input.
pub struct Ctx<'a> {
    /// Training mode: dropout draws a mask (inference: dropout is the identity).
    pub training: bool,
    /// Source of dropout masks; required when `training`.
    pub rng: Option<&'a mut Rng>,
}

/// A parameter tensor with its gradient, both flat in Keras's layout.
pub struct ParamMut<'a, F> {
    pub value: &'a mut [F],
    pub grad: &'a [F],
}

/// Makes `a` a `(rows, cols)` array, reallocating only when the shape changes.
pub(crate) fn ensure_shape<F: Scalar>(a: &mut Array2<F>, rows: usize, cols: usize) {
    if a.dim() != (rows, cols) {
        *a = Array2::zeros((rows, cols));
    }
}

/// Checks that `input_shape` has rank `rank` and no zero axis.
pub(crate) fn expect_rank(
    kind: &'static str,
    input_shape: &[usize],
    expected: Expected,
) -> Result<(), NnError> {
    let rank = match expected {
        Expected::Signal => 2,
        Expected::Image => 3,
        Expected::Features => 1,
    };
    if input_shape.len() != rank {
        return Err(NnError::WrongRank {
            layer: kind.to_string(),
            expected,
            got: input_shape.to_vec(),
        });
    }
    if input_shape.contains(&0) {
        return Err(NnError::EmptyInput);
    }
    Ok(())
}
