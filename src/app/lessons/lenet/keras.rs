//! The Keras 3 code of the network on screen (it follows the settings): a complete script
//! that runs as is in a fresh Python with Keras 3 — MNIST from `keras.datasets`, scaled to
//! [0, 1] and padded to the course's 32×32, the model, compile, fit, evaluate.

use crate::nn::arch::keras::py_float as py;
use crate::worker::protocol::{Optim, Settings};

pub fn keras_code(s: &Settings) -> String {
    // The network's own Keras lines (`nn::arch::keras`): the panel prints what trains.
    let layers: String = s.arch.keras_lines().iter().map(|l| format!("    {l},\n")).collect();
    let lr = py(s.learning_rate);
    let opt = match s.optimizer {
        Optim::Sgd => format!("keras.optimizers.SGD(learning_rate={lr})"),
        Optim::Momentum => format!("keras.optimizers.SGD(learning_rate={lr}, momentum=0.9)"),
        Optim::Adam => format!("keras.optimizers.Adam(learning_rate={lr})"),
    };
    let shift = if s.shift > 0 {
        format!(
            "    layers.RandomTranslation({f}, {f}, fill_mode=\"constant\"),  # random shifts of up to {n} px while training\n",
            f = py(s.shift as f32 / 32.0),
            n = s.shift
        )
    } else {
        String::new()
    };
    format!(
        "import numpy as np\n\
         import keras\n\
         from keras import layers\n\
         \n\
         keras.utils.set_random_seed({seed})\n\
         # MNIST: 28×28 grey digits; scaled to [0, 1], then a 2-pixel zero border makes the course's 32×32\n\
         (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()\n\
         def prepare(x):\n    \
         x = x.astype(\"float32\") / 255\n    \
         x = np.pad(x, ((0, 0), (2, 2), (2, 2)))\n    \
         return x.reshape(-1, 32, 32, 1)\n\
         x_train, x_test = prepare(x_train), prepare(x_test)\n\
         \n\
         model = keras.Sequential([\n    \
         keras.Input(shape=(32, 32, 1)),\n\
         {shift}\
         {layers}\
         ])\n\
         model.compile(optimizer={opt},\n              \
         loss=\"sparse_categorical_crossentropy\", metrics=[\"accuracy\"])\n\
         model.fit(x_train, y_train, batch_size={bs}, epochs={ep}, validation_split=0.1)\n\
         model.evaluate(x_test, y_test)\n",
        seed = s.seed,
        bs = s.batch_size,
        ep = s.epochs,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keras_code_is_a_whole_script_that_follows_the_settings() {
        let code = keras_code(&Settings::default());
        assert!(
            code.starts_with("import numpy as np\nimport keras\nfrom keras import layers\n"),
            "{code}"
        );
        // Every name the script uses is defined before: the data, its scaling and padding.
        let at =
            |needle: &str| code.find(needle).unwrap_or_else(|| panic!("no {needle:?} in {code}"));
        assert!(
            at("(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()")
                < at("model.fit(x_train, y_train")
        );
        assert!(at("/ 255") < at("np.pad(x, ((0, 0), (2, 2), (2, 2)))"));
        assert!(at("reshape(-1, 32, 32, 1)") < at("model.fit("));
        assert!(at("model.fit(") < at("model.evaluate(x_test, y_test)"));
        assert!(code.contains("keras.Input(shape=(32, 32, 1))"), "{code}");
        assert!(!code.contains("input_shape="), "{code}");
        assert_eq!(code.matches("layers.AveragePooling2D(pool_size=2)").count(), 2, "{code}");
        assert!(code.contains("optimizer=keras.optimizers.Adam(learning_rate=0.003)"), "{code}");
        assert!(code.contains("batch_size=32, epochs=5") && !code.contains("Dropout"), "{code}");
        // The default ±2 px shifts: 2/32 of the 32-pixel input.
        assert!(
            code.contains("layers.RandomTranslation(0.0625, 0.0625, fill_mode=\"constant\")"),
            "{code}"
        );
        let still = keras_code(&Settings { shift: 0, ..Settings::default() });
        assert!(!still.contains("RandomTranslation"), "{still}");

        let s = Settings {
            optimizer: Optim::Momentum,
            learning_rate: 0.05,
            arch: crate::nn::Architecture::default()
                .with_pooling(crate::nn::PoolKind::Max)
                .with_dense_dropout(Some(0.25)),
            shift: 1,
            ..Settings::default()
        };
        let code = keras_code(&s);
        assert_eq!(code.matches("layers.MaxPooling2D(pool_size=2)").count(), 2, "{code}");
        assert!(
            code.contains("optimizer=keras.optimizers.SGD(learning_rate=0.05, momentum=0.9)"),
            "{code}"
        );
        assert_eq!(code.matches("layers.Dropout(0.25)").count(), 2, "{code}");
        assert!(
            code.contains("layers.RandomTranslation(0.03125, 0.03125, fill_mode=\"constant\")"),
            "{code}"
        );

        let s = Settings { optimizer: Optim::Sgd, learning_rate: 10.0, ..Settings::default() };
        let code = keras_code(&s);
        assert!(code.contains("optimizer=keras.optimizers.SGD(learning_rate=10.0),"), "{code}");
        assert!(!code.contains("momentum"), "{code}");
    }

    /// Python itself parses the script, when a `python3` is installed (skipped otherwise).
    #[test]
    fn python_parses_the_script() {
        let s = Settings {
            arch: crate::nn::Architecture::default().with_dense_dropout(Some(0.5)),
            shift: 1,
            ..Settings::default()
        };
        let mut codes = vec![keras_code(&Settings::default()), keras_code(&s)];
        // Every preset, and a network with every setting the editor offers.
        for p in crate::nn::Preset::ALL {
            codes.push(keras_code(&Settings { arch: p.architecture(), ..Settings::default() }));
        }
        let own = crate::nn::Architecture::parse(
            "Conv2D(8,5x3,2,same,sigmoid)-MaxPooling2D(3,1)-Dropout(0.1)-Flatten-Dense(3,linear)-Dense(10,softmax)",
        )
        .unwrap();
        codes.push(keras_code(&Settings { arch: own, ..Settings::default() }));
        for (k, code) in codes.into_iter().enumerate() {
            // To run it with a real Keras: CONVOLAB_KERAS_OUT=/tmp/lenet cargo test --lib python_parses
            if let Ok(out) = std::env::var("CONVOLAB_KERAS_OUT") {
                std::fs::write(format!("{out}{k}.py"), &code).unwrap();
            }
            let out = std::process::Command::new("python3")
                .args(["-c", "import ast, sys; ast.parse(sys.stdin.read())"])
                .stdin(std::process::Stdio::piped())
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .and_then(|mut child| {
                    use std::io::Write;
                    child.stdin.take().unwrap().write_all(code.as_bytes())?;
                    child.wait_with_output()
                });
            match out {
                Ok(o) => {
                    assert!(o.status.success(), "{}\n{code}", String::from_utf8_lossy(&o.stderr))
                }
                Err(e) => eprintln!("python3 not available ({e}): skipped"),
            }
        }
    }
}
