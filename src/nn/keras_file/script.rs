//! The Python script an export comes with: it rebuilds the network in Keras 3 from the
//! layers' own Keras lines, loads the weights, and compares with the page on the held-out
//! digits.

use crate::nn::{Architecture, Sequential};

/// The exported files' name, without extension.
pub const STEM: &str = "convolab_model";

/// The script for `model` (`weights` arrays; `digits` held-out digits in the file, if
/// any); its comments in French when `french`.
pub fn script(
    model: &Sequential<f32>,
    weights: usize,
    digits: Option<usize>,
    french: bool,
) -> String {
    let layers: String = Architecture::new(model.configs().to_vec())
        .keras_lines()
        .iter()
        .map(|l| format!("    {l},\n"))
        .collect();
    let t = |en: &str, fr: &str| if french { fr.to_string() } else { en.to_string() };
    let mut s = format!(
        "\"\"\"{title}\n\n{run}\n    python {STEM}.py\n{needs}\n\"\"\"\n\
         from pathlib import Path\n\n\
         import numpy as np\n\
         import keras\n\
         from keras import layers\n\n\
         f = np.load(Path(__file__).with_name(\"{STEM}.npz\"))\n\n\
         model = keras.Sequential([\n    \
         keras.Input(shape=(32, 32, 1)),\n\
         {layers}\
         ])\n\
         # {weights_comment}\n\
         model.set_weights([f[f\"arr_{{i}}\"] for i in range({weights})])\n\
         model.compile(optimizer=\"adam\", loss=\"sparse_categorical_crossentropy\", metrics=[\"accuracy\"])\n\
         model.summary()\n",
        title = t(
            "Convolab → Keras 3: the network trained in the browser, rebuilt with its weights.",
            "Convolab → Keras 3 : le réseau entraîné dans le navigateur, reconstruit avec ses poids."
        ),
        run = t("Run it beside convolab_model.npz:", "À lancer à côté de convolab_model.npz :"),
        needs = t(
            "It needs NumPy and Keras 3 (any backend: JAX, TensorFlow or PyTorch).",
            "Il faut NumPy et Keras 3 (n’importe quel backend : JAX, TensorFlow ou PyTorch)."
        ),
        weights_comment = t(
            "The weights, in Keras's order and shapes (arr_0 is the first layer's kernel).",
            "Les poids, dans l’ordre et les formes de Keras (arr_0 : le noyau de la première couche)."
        ),
    );
    if let Some(n) = digits {
        s.push_str(&format!(
            "\n# {held}\n\
             x = f[\"x_test\"].astype(\"float32\") * np.float32(1 / 255)\n\
             x = np.pad(x, ((0, 0), (2, 2), (2, 2)))[..., None]\n\
             y = f[\"y_test\"]\n\
             p = model.predict(x, batch_size=250, verbose=0)\n\
             print(f\"{keras_acc} {{np.mean(p.argmax(axis=1) == y):.2%}}\")\n\
             print(f\"{page_acc} {{float(f['accuracy']):.2%}}\")\n\
             print(f\"{diff} {{np.abs(p - f['probabilities']).max():.1e}}\")\n",
            held = t(
                &format!("The {n} held-out digits Convolab evaluated on: 28×28 grey levels, scaled to\n# [0, 1] (times float32 1/255, as the browser does) and padded to the course's 32×32."),
                &format!("Les {n} chiffres de test sur lesquels Convolab a évalué : 28×28 niveaux de gris,\n# ramenés à [0, 1] (fois 1/255 en float32, comme le navigateur) et bordés jusqu’au 32×32 du cours."),
            ),
            keras_acc = t("Accuracy on the held-out digits, in Keras:   ", "Exactitude sur les chiffres de test, dans Keras :   "),
            page_acc = t("Accuracy on the held-out digits, in Convolab:", "Exactitude sur les chiffres de test, dans Convolab :"),
            diff = t(
                "Largest difference between Keras's and Convolab's probabilities:",
                "Plus grand écart entre les probabilités de Keras et de Convolab :"
            ),
        ));
    }
    s.push_str(&format!(
        "\n# {save}\nmodel.save(\"{STEM}.keras\")\n",
        save = t(
            "Saved in Keras's own format, to go on in a notebook: keras.models.load_model(\"convolab_model.keras\")",
            "Enregistré au format de Keras, pour continuer dans un notebook : keras.models.load_model(\"convolab_model.keras\")"
        ),
    ));
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::{Preset, rng_from_seed};

    #[test]
    fn the_script_builds_the_layers_and_loads_every_weight() {
        let m: Sequential<f32> = Preset::Lenet.architecture().build(&mut rng_from_seed(1)).unwrap();
        let s = script(&m, 10, Some(2000), false);
        let at = |needle: &str| s.find(needle).unwrap_or_else(|| panic!("no {needle:?} in {s}"));
        assert!(
            at("keras.Input(shape=(32, 32, 1))")
                < at("layers.Conv2D(6, (3, 3), activation=\"relu\")")
        );
        assert!(at("layers.Dense(10, activation=\"softmax\")") < at("model.set_weights("));
        assert!(s.contains("for i in range(10)])"), "{s}");
        assert!(at("np.pad(x, ((0, 0), (2, 2), (2, 2)))") < at("model.predict(x"));
        assert!(s.contains("The 2000 held-out digits"), "{s}");
        let fr = script(&m, 10, None, true);
        assert!(fr.contains("le réseau entraîné") && !fr.contains("x_test"), "{fr}");
    }

    #[test]
    fn python_parses_every_script() {
        let m: Sequential<f32> =
            Preset::Lenet5.architecture().build(&mut rng_from_seed(1)).unwrap();
        for code in [script(&m, 10, Some(2000), false), script(&m, 10, Some(2000), true)] {
            let out = std::process::Command::new("python3")
                .args(["-c", "import ast, sys; ast.parse(sys.stdin.read())"])
                .stdin(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .and_then(|mut child| {
                    use std::io::Write;
                    child.stdin.take().unwrap().write_all(code.as_bytes())?;
                    child.wait_with_output()
                })
                .expect("python3 (Debian's) runs");
            assert!(out.status.success(), "{}\n{code}", String::from_utf8_lossy(&out.stderr));
        }
    }
}
