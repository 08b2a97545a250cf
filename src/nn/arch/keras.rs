//! The architecture as Keras 3 Python: one `layers.…(…)` line per layer, as a student
//! would type it in the course's notebook.

use super::Architecture;
use crate::nn::LayerConfig;
pub use crate::nn::layers::keras::py_float;

/// One layer as Keras 3 code (`layers.Conv2D(6, (3, 3), activation="relu")`), written
/// from the settings its own room lists (`layers::keras`).
pub fn layer_code(c: &LayerConfig) -> String {
    c.to_python()
}

impl Architecture {
    /// The lines inside `keras.Sequential([...])`, after the input.
    pub fn keras_lines(&self) -> Vec<String> {
        self.layers.iter().map(layer_code).collect()
    }
}
