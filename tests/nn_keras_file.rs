//! The Keras round trip against real Keras 3 (issue 26): files a notebook wrote with
//! `np.savez(path, config=model.to_json(), *model.get_weights())` (made once by
//! tests/fixtures/keras/roundtrip.py, Keras 3.15.1), imported by the core, predict what
//! Keras printed; the files a student might bring by mistake are refused with their reason.

use convolab::data::Mnist;
use convolab::nn::keras_file::{KerasFileError, import};
use convolab::nn::{Activation, LayerConfig, PoolKind};

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/keras/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn digits() -> Mnist {
    Mnist::load(concat!(env!("CARGO_MANIFEST_DIR"), "/static/data/mnist10k.bin")).unwrap()
}

/// Keras's probabilities: (file index, label, p0..p9) per digit of `network`.
fn keras_predictions(network: &str) -> Vec<(usize, u8, Vec<f64>)> {
    let tsv = String::from_utf8(fixture("predictions.tsv")).unwrap();
    tsv.lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| l.split('\t').collect::<Vec<_>>())
        .filter(|f| f[0] == network)
        .map(|f| {
            (
                f[1].parse().unwrap(),
                f[2].parse().unwrap(),
                f[3..].iter().map(|p| p.parse().unwrap()).collect(),
            )
        })
        .collect()
}

fn check_predictions(file: &str, network: &str) -> convolab::nn::Sequential<f32> {
    let mut model = import(&fixture(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
    let data = digits();
    let expected = keras_predictions(network);
    assert_eq!(expected.len(), 20, "{network}: 20 digits in the fixture");
    let mut worst = 0f64;
    for (index, label, keras) in expected {
        assert_eq!(data.label(index), Some(label), "the fixture's digit {index}");
        let mut x = vec![0f32; 32 * 32];
        data.write_image(index, &mut x, 32, 32, (0, 0));
        let ours = model.predict(&x).unwrap();
        for (a, b) in ours.iter().zip(&keras) {
            worst = worst.max((*a as f64 - b).abs());
        }
    }
    assert!(worst < 1e-5, "{network}: largest difference from Keras {worst:e}");
    model
}

#[test]
fn the_course_lenet_trained_in_keras_predicts_what_keras_printed() {
    let model = check_predictions("lenet.npz", "lenet");
    assert_eq!(model.param_count(), 81_194);
    assert_eq!(model.configs().len(), 8);
}

#[test]
fn a_compressed_max_pooling_tanh_dropout_variant_too() {
    let model = check_predictions("variant.npz", "variant");
    let c = model.configs();
    assert!(matches!(&c[1], LayerConfig::Pool(p) if p.kind == PoolKind::Max));
    assert_eq!(c[0].activation(), Activation::Tanh);
    assert!(c.iter().any(|l| matches!(l, LayerConfig::Dropout(_))));
}

#[test]
fn files_a_student_might_bring_by_mistake_are_refused_with_their_reason() {
    assert_eq!(
        import(&fixture("batchnorm.npz")).err(),
        Some(KerasFileError::UnknownLayer { layer: 2, class: "BatchNormalization".into() })
    );
    assert_eq!(
        import(&fixture("channels_first.npz")).err(),
        Some(KerasFileError::ChannelsFirst { layer: 1, class: "Conv2D".into() })
    );
    assert_eq!(
        import(&fixture("functional.npz")).err(),
        Some(KerasFileError::NotSequential { class: "Functional".into() })
    );
    assert_eq!(
        import(&fixture("input28.npz")).err(),
        Some(KerasFileError::Input { shape: vec![None, Some(28), Some(28), Some(1)] })
    );
    // Cut short anywhere, the file is refused (and nothing panics).
    let lenet = fixture("lenet.npz");
    for cut in [0, 3, 100, lenet.len() / 2, lenet.len() - 1] {
        assert!(import(&lenet[..cut]).is_err(), "cut at {cut}");
    }
    // Random bytes, and a PNG.
    let noise: Vec<u8> =
        (0..5000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    assert!(matches!(import(&noise), Err(KerasFileError::File(_))));
    assert!(matches!(import(b"\x89PNG\r\n\x1a\n0000"), Err(KerasFileError::File(_))));
}
