//! Keras's model summary (layers, output shapes, parameter counts) and the model's size.

use std::fmt;

use super::sequential::Sequential;
use crate::nn::{Scalar, thousands};

/// One row of [`Summary`].
#[derive(Debug, Clone, PartialEq)]
pub struct SummaryRow {
    pub name: String,
    pub kind: &'static str,
    /// Without the batch axis.
    pub output_shape: Vec<usize>,
    pub params: usize,
}

impl SummaryRow {
    /// Keras's notation with the batch axis: `(None, 30, 30, 6)`.
    pub fn output_shape_keras(&self) -> String {
        let dims: Vec<String> = self.output_shape.iter().map(|d| d.to_string()).collect();
        format!("(None, {})", dims.join(", "))
    }
}

/// Keras's `model.summary()` as data; `Display` prints the table.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    pub rows: Vec<SummaryRow>,
    pub total_params: usize,
    pub trainable_params: usize,
    pub non_trainable_params: usize,
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let line = |c: char| c.to_string().repeat(65);
        writeln!(f, "Model: \"sequential\"")?;
        writeln!(f, "{}", line('_'))?;
        writeln!(f, " {:<27} {:<26}{:<10}", "Layer (type)", "Output Shape", "Param #")?;
        writeln!(f, "{}", line('='))?;
        for (i, r) in self.rows.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            // Keras wraps a long "name (Type)" inside its 27-character column.
            let name: Vec<char> = format!("{} ({})", r.name, r.kind).chars().collect();
            let mut chunks = name.chunks(27).map(|c| c.iter().collect::<String>());
            let first = chunks.next().unwrap_or_default();
            writeln!(
                f,
                " {:<27} {:<26}{:<10}",
                first,
                r.output_shape_keras(),
                thousands(r.params)
            )?;
            for more in chunks {
                writeln!(f, " {more:<27}")?;
            }
        }
        writeln!(f, "{}", line('='))?;
        // Keras prints Total first; we end with it so that the figure students look for
        // is the table's last line.
        writeln!(f, "Trainable params: {}", thousands(self.trainable_params))?;
        writeln!(f, "Non-trainable params: {}", thousands(self.non_trainable_params))?;
        write!(f, "Total params: {}", thousands(self.total_params))
    }
}

impl<F: Scalar> Sequential<F> {
    /// Multiply-adds of one example's forward pass (convolutions and dense layers).
    pub fn forward_macs(&self) -> usize {
        let mut shape = self.input_shape().to_vec();
        let mut total = 0;
        for l in self.layers() {
            let out = l.output_shape();
            if let Some((_, kshape, _)) = l.params().first() {
                let k: usize = kshape.iter().product();
                let filters = *kshape.last().unwrap_or(&1);
                let positions: usize = out.iter().product::<usize>() / filters.max(1);
                total += positions * k;
            }
            shape = out;
        }
        let _ = shape;
        total
    }

    /// Keras's summary as data (print it with `{}`).
    pub fn summary(&self) -> Summary {
        let rows: Vec<SummaryRow> = self
            .layers()
            .iter()
            .enumerate()
            .map(|(i, l)| SummaryRow {
                name: self.layer_names()[i].clone(),
                kind: self.configs()[i].kind(),
                output_shape: l.output_shape(),
                params: l.param_count(),
            })
            .collect();
        let total = rows.iter().map(|r| r.params).sum();
        Summary { rows, total_params: total, trainable_params: total, non_trainable_params: 0 }
    }
}
