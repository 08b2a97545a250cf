//! The architecture as Keras 3 Python: one `layers.…(…)` line per layer, as a student
//! would type it in the course's notebook.

use super::Architecture;
use crate::nn::{Activation, LayerConfig, Padding};

/// Python's spelling of a float (`0.5`, `1.0`), so the code keeps its dot in every language.
pub fn py_float(x: f32) -> String {
    let s = format!("{x}");
    if s.contains(['.', 'e']) { s } else { format!("{s}.0") }
}

fn tuple(p: (usize, usize)) -> String {
    format!("({}, {})", p.0, p.1)
}

/// One layer as Keras 3 code (`layers.Conv2D(6, (3, 3), activation="relu")`).
pub fn layer_code(c: &LayerConfig) -> String {
    let mut args: Vec<String> = Vec::new();
    let extras = |args: &mut Vec<String>, padding: Padding, a: Activation, bias: bool| {
        if padding == Padding::Same {
            args.push("padding=\"same\"".into());
        }
        if a != Activation::Linear {
            args.push(format!("activation=\"{}\"", a.keras_name()));
        }
        if !bias {
            args.push("use_bias=False".into());
        }
    };
    match c {
        LayerConfig::Conv1D(k) => {
            args.push(k.filters.to_string());
            args.push(k.kernel_size.to_string());
            if k.strides != 1 {
                args.push(format!("strides={}", k.strides));
            }
            extras(&mut args, k.padding, k.activation, k.use_bias);
        }
        LayerConfig::Conv2D(k) => {
            args.push(k.filters.to_string());
            args.push(tuple(k.kernel_size));
            if k.strides != (1, 1) {
                args.push(format!("strides={}", tuple(k.strides)));
            }
            extras(&mut args, k.padding, k.activation, k.use_bias);
        }
        LayerConfig::Pool(p) => {
            let one = |v: (usize, usize)| {
                if !p.two_d {
                    v.1.to_string()
                } else if v.0 == v.1 {
                    v.0.to_string()
                } else {
                    tuple(v)
                }
            };
            args.push(format!("pool_size={}", one(p.pool_size)));
            if let Some(s) = p.strides.filter(|&s| s != p.pool_size) {
                args.push(format!("strides={}", one(s)));
            }
            extras(&mut args, p.padding, Activation::Linear, true);
        }
        LayerConfig::Flatten => {}
        LayerConfig::Dense(d) => {
            args.push(d.units.to_string());
            extras(&mut args, Padding::Valid, d.activation, d.use_bias);
        }
        LayerConfig::Dropout(d) => args.push(py_float(d.rate)),
    }
    format!("layers.{}({})", c.kind(), args.join(", "))
}

impl Architecture {
    /// The lines inside `keras.Sequential([...])`, after the input.
    pub fn keras_lines(&self) -> Vec<String> {
        self.layers.iter().map(layer_code).collect()
    }
}
