//! A Keras model's configuration (`model.to_json()`) to the core's layer list and back.
//!
//! Reading takes the layers' settings in Keras's words and hands them to each kind's own
//! reader (`LayerConfig::from_keras`), so a new layer kind needs nothing here. Settings that
//! do not change what the network computes (names, initialisers, regularisers) are skipped;
//! the ones the core has no room for (`dilation_rate=2`, `channels_first`) are named.

use serde_json::{Map, Value, json};

use super::KerasFileError;
use crate::nn::arch::DIGIT_INPUT;
use crate::nn::layers::keras::{ArchError, Value as Arg};
use crate::nn::{Architecture, LayerConfig, Sequential};

/// Settings that change nothing at inference or in the weights' shapes.
const INERT: [&str; 15] = [
    "name",
    "trainable",
    "dtype",
    "kernel_initializer",
    "bias_initializer",
    "kernel_regularizer",
    "bias_regularizer",
    "activity_regularizer",
    "kernel_constraint",
    "bias_constraint",
    "quantization_config",
    "seed",
    "batch_input_shape",
    "input_shape",
    "autocast",
];

/// Layers that carry no computation in the core's terms.
const INPUT_LAYERS: [&str; 2] = ["InputLayer", "Input"];

/// The configuration Keras writes for `model`: a `Sequential` on the 32×32×1 digit, each
/// layer with its settings, as `keras.models.model_from_json` reads it back.
pub fn to_json(model: &Sequential<f32>) -> String {
    let mut layers = vec![json!({
        "module": "keras.layers",
        "class_name": "InputLayer",
        "config": { "batch_shape": [null, DIGIT_INPUT[0], DIGIT_INPUT[1], DIGIT_INPUT[2]],
                    "dtype": "float32", "name": "input_layer" },
        "registered_name": null,
    })];
    for (c, name) in model.configs().iter().zip(model.layer_names()) {
        let mut config = Map::new();
        config.insert("name".into(), json!(name));
        // Keras's defaults are left to Keras (a pool's strides: its size), as in the text.
        for a in c.keras_args().into_iter().filter(|a| !a.default) {
            let v = match a.value {
                Arg::Int(n) => json!(n),
                Arg::Pair(h, w) => json!([h, w]),
                Arg::Rate(r) => json!(r as f64),
                Arg::Activation(x) => json!(x.keras_name()),
                Arg::Padding(p) => json!(p.keras_name()),
                Arg::Flag(b) => json!(b),
            };
            config.insert(a.key.into(), v);
        }
        if !matches!(c, LayerConfig::Dense(_) | LayerConfig::Dropout(_)) {
            config.insert("data_format".into(), json!("channels_last"));
        }
        layers.push(json!({
            "module": "keras.layers",
            "class_name": c.kind(),
            "config": config,
            "registered_name": null,
        }));
    }
    json!({
        "module": "keras",
        "class_name": "Sequential",
        "config": { "name": "convolab", "layers": layers },
        "registered_name": null,
    })
    .to_string()
}

/// A JSON value as Keras code (`[3, 3]`, `'relu'`, `True`), for the layer's own reader.
fn python(v: &Value) -> Option<String> {
    Some(match v {
        Value::Bool(b) => if *b { "True" } else { "False" }.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => format!("'{}'", s.replace(['\'', '\\'], "")),
        Value::Array(items) => {
            format!("[{}]", items.iter().map(python).collect::<Option<Vec<_>>>()?.join(", "))
        }
        // Keras 3 may write an activation as an object naming a built-in function.
        Value::Object(o) => match o.get("config") {
            Some(Value::String(s)) => format!("'{s}'"),
            _ => return None,
        },
        Value::Null => return None,
    })
}

/// A size or rate of `1` on every axis (`1`, `[1, 1]`).
fn all_ones(v: &Value) -> bool {
    match v {
        Value::Number(n) => n.as_u64() == Some(1),
        Value::Array(a) => a.iter().all(all_ones),
        Value::Null => true,
        _ => false,
    }
}

/// Keras's shape of the input, if the configuration says it (`[null, 32, 32, 1]`).
fn input_shape(v: &Value) -> Option<Vec<Option<usize>>> {
    let dims = v.as_array()?;
    Some(dims.iter().map(|d| d.as_u64().map(|d| d as usize)).collect())
}

/// The model's layers, from Keras 3's configuration (and tf.keras 2's, which is alike).
///
/// # Errors
/// Not a `Sequential` model's JSON, a layer or setting the core does not have, an input
/// other than 32×32×1, layers that do not make a network on the digit.
pub fn from_json(text: &str) -> Result<Architecture, KerasFileError> {
    let root: Value =
        serde_json::from_str(text).map_err(|e| KerasFileError::BadConfig(e.to_string()))?;
    let class = root.get("class_name").and_then(Value::as_str).unwrap_or("");
    if class != "Sequential" {
        return Err(if class.is_empty() {
            KerasFileError::BadConfig("no class_name".into())
        } else {
            KerasFileError::NotSequential { class: class.chars().take(40).collect() }
        });
    }
    let config = root.get("config");
    // Keras 2.2 wrote the list of layers as the config itself.
    let list = config
        .and_then(|c| c.get("layers"))
        .or(config.filter(|c| c.is_array()))
        .and_then(Value::as_array)
        .ok_or_else(|| KerasFileError::BadConfig("no list of layers".into()))?;
    let mut shape = config
        .and_then(|c| c.get("build_input_shape"))
        .or(root.get("build_config").and_then(|b| b.get("input_shape")))
        .and_then(input_shape);
    let mut layers = Vec::new();
    for entry in list {
        let class = entry.get("class_name").and_then(Value::as_str).unwrap_or("");
        let empty = Map::new();
        let settings = entry.get("config").and_then(Value::as_object).unwrap_or(&empty);
        for key in ["batch_shape", "batch_input_shape"] {
            if let Some(s) = settings.get(key).and_then(input_shape) {
                shape = Some(s);
            }
        }
        if INPUT_LAYERS.contains(&class) {
            continue;
        }
        let layer = layers.len() + 1;
        let class_owned = || class.chars().take(40).collect::<String>();
        // A kind the core does not have is named before any of its settings.
        if let Err(ArchError::UnknownLayer { .. }) = LayerConfig::from_keras(layer, class, "") {
            return Err(KerasFileError::UnknownLayer { layer, class: class_owned() });
        }
        let setting = |k: &str, v: &Value| {
            let mut s = format!("{k}={v}");
            if s.chars().count() > 60 {
                s = s.chars().take(59).chain(['…']).collect();
            }
            s
        };
        let mut args = Vec::new();
        for (key, v) in settings {
            match key.as_str() {
                k if INERT.contains(&k) => {}
                "data_format" => {
                    if v.as_str().is_some_and(|s| s != "channels_last") {
                        return Err(KerasFileError::ChannelsFirst { layer, class: class_owned() });
                    }
                }
                "dilation_rate" | "groups" if all_ones(v) => {}
                "noise_shape" | "lora_rank" | "lora_alpha" if v.is_null() => {}
                k @ ("dilation_rate" | "groups" | "noise_shape" | "lora_rank" | "lora_alpha") => {
                    return Err(KerasFileError::Unsupported {
                        layer,
                        class: class_owned(),
                        setting: setting(k, v),
                    });
                }
                _ => match python(v) {
                    Some(p) => args.push(format!("{key}={p}")),
                    // Null: Keras's default (a pool's strides: its size).
                    None if v.is_null() => {}
                    None => {
                        return Err(KerasFileError::Unsupported {
                            layer,
                            class: class_owned(),
                            setting: setting(key, v),
                        });
                    }
                },
            }
        }
        let c = LayerConfig::from_keras(layer, class, &args.join(", "))
            .map_err(KerasFileError::Layer)?;
        layers.push(c);
    }
    if let Some(s) = shape {
        let digit: Vec<Option<usize>> = DIGIT_INPUT.iter().map(|&d| Some(d)).collect();
        if s.get(1..) != Some(&digit[..]) {
            return Err(KerasFileError::Input { shape: s });
        }
    }
    if layers.is_empty() {
        return Err(KerasFileError::BadConfig("no layer".into()));
    }
    let arch = Architecture::new(layers);
    if let Some(f) = arch.plan().failure {
        return Err(KerasFileError::Network(f.error.in_layer(f.index + 1, f.kind)));
    }
    Ok(arch)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::{Preset, rng_from_seed};

    #[test]
    fn every_preset_reads_back_from_its_json() {
        for p in Preset::ALL {
            let model: Sequential<f32> = p.architecture().build(&mut rng_from_seed(1)).unwrap();
            assert_eq!(from_json(&to_json(&model)).unwrap(), p.architecture(), "{p:?}");
        }
    }

    fn conv(extra: &str) -> String {
        format!(
            r#"{{"class_name": "Sequential", "config": {{"layers": [
            {{"class_name": "InputLayer", "config": {{"batch_shape": [null, 32, 32, 1]}}}},
            {{"class_name": "Conv2D", "config": {{"filters": 2, "kernel_size": [3, 3],
              "activation": "relu", "kernel_initializer": {{"class_name": "GlorotUniform"}}
              {extra}}}}},
            {{"class_name": "Flatten", "config": {{}}}},
            {{"class_name": "Dense", "config": {{"units": 10, "activation": "softmax"}}}}]}}}}"#
        )
    }

    /// What tf.keras 2 (TensorFlow 2.15) writes for a small network: the input shape in
    /// the first layer's `batch_input_shape`, initialisers as objects, pool strides.
    const TF_KERAS_2: &str = r#"{"class_name": "Sequential", "config": {"name": "sequential",
        "layers": [{"class_name": "InputLayer", "config": {"batch_input_shape": [null, 32, 32, 1],
        "dtype": "float32", "sparse": false, "ragged": false, "name": "conv2d_input"}},
        {"class_name": "Conv2D", "config": {"name": "conv2d", "trainable": true, "dtype": "float32",
        "batch_input_shape": [null, 32, 32, 1], "filters": 6, "kernel_size": [3, 3],
        "strides": [1, 1], "padding": "valid", "data_format": "channels_last",
        "dilation_rate": [1, 1], "groups": 1, "activation": "relu", "use_bias": true,
        "kernel_initializer": {"module": "keras.initializers", "class_name": "GlorotUniform",
        "config": {"seed": null}, "registered_name": null}, "bias_initializer": {"module":
        "keras.initializers", "class_name": "Zeros", "config": {}, "registered_name": null},
        "kernel_regularizer": null, "bias_regularizer": null, "activity_regularizer": null,
        "kernel_constraint": null, "bias_constraint": null}},
        {"class_name": "MaxPooling2D", "config": {"name": "max_pooling2d", "trainable": true,
        "dtype": "float32", "pool_size": [2, 2], "padding": "valid", "strides": [2, 2],
        "data_format": "channels_last"}},
        {"class_name": "Flatten", "config": {"name": "flatten", "trainable": true,
        "dtype": "float32", "data_format": "channels_last"}},
        {"class_name": "Dropout", "config": {"name": "dropout", "trainable": true,
        "dtype": "float32", "rate": 0.25, "noise_shape": null, "seed": null}},
        {"class_name": "Dense", "config": {"name": "dense", "trainable": true, "dtype": "float32",
        "units": 10, "activation": "softmax", "use_bias": true}}]},
        "keras_version": "2.15.0", "backend": "tensorflow"}"#;

    #[test]
    fn tf_keras_2_reads_too() {
        let a = from_json(TF_KERAS_2).unwrap();
        assert_eq!(
            a.to_text(),
            "Conv2D(6,3,relu)-MaxPooling2D(2)-Flatten-Dropout(0.25)-Dense(10,softmax)"
        );
    }

    #[test]
    fn settings_are_read_checked_or_named() {
        let a = from_json(&conv("")).unwrap();
        assert_eq!(a.layers.len(), 3);
        assert!(from_json(&conv(r#", "dilation_rate": [1, 1], "groups": 1"#)).is_ok());
        assert!(matches!(
            from_json(&conv(r#", "dilation_rate": [2, 2]"#)),
            Err(KerasFileError::Unsupported { layer: 1, .. })
        ));
        assert!(matches!(
            from_json(&conv(r#", "data_format": "channels_first""#)),
            Err(KerasFileError::ChannelsFirst { layer: 1, .. })
        ));
        assert!(matches!(
            from_json(&conv(r#", "padding": "causal""#)),
            Err(KerasFileError::Layer(_))
        ));
        let bn = conv("").replace("Flatten", "BatchNormalization");
        assert_eq!(
            from_json(&bn),
            Err(KerasFileError::UnknownLayer { layer: 2, class: "BatchNormalization".into() })
        );
        let small = conv("").replace("32, 32, 1", "28, 28, 1");
        assert!(matches!(from_json(&small), Err(KerasFileError::Input { .. })));
        let functional = conv("").replace("Sequential", "Functional");
        assert_eq!(
            from_json(&functional),
            Err(KerasFileError::NotSequential { class: "Functional".into() })
        );
        assert!(matches!(from_json("{"), Err(KerasFileError::BadConfig(_))));
        assert!(matches!(from_json("[1, 2]"), Err(KerasFileError::BadConfig(_))));
        // Ten outputs are needed: a network that does not classify digits is refused.
        let five = conv("").replace("\"units\": 10", "\"units\": 5");
        assert!(matches!(from_json(&five), Err(KerasFileError::Network(_))));
    }
}
