//! The weights file: round trip, every kind of defect refused with an error, never a panic.

use convolab::nn::Architecture;
use convolab::nn::io::{self, WeightsError};
use convolab::nn::{
    Activation, Conv1DConfig, DenseConfig, DropoutConfig, LayerConfig, Padding, PoolConfig,
    PoolKind, Sequential, rng_from_seed,
};
use proptest::prelude::*;

fn fnv1a64(b: &[u8]) -> u64 {
    b.iter()
        .fold(0xcbf2_9ce4_8422_2325u64, |h, &x| (h ^ x as u64).wrapping_mul(0x0000_0100_0000_01b3))
}

/// Replaces the checksum so that a deliberately altered body reaches the structure checks.
fn reseal(mut b: Vec<u8>) -> Vec<u8> {
    let n = b.len() - 8;
    let h = fnv1a64(&b[..n]);
    b[n..].copy_from_slice(&h.to_le_bytes());
    b
}

fn small_model() -> Sequential<f32> {
    let configs: Vec<LayerConfig> = vec![
        Conv1DConfig::new(2, 3).padding(Padding::Same).activation(Activation::Tanh).into(),
        PoolConfig::max_pooling_1d(2).into(),
        LayerConfig::Flatten,
        DropoutConfig::new(0.25).into(),
        DenseConfig::new(3).activation(Activation::Softmax).use_bias(false).into(),
    ];
    Sequential::new(&[6, 1], &configs, &mut rng_from_seed(4)).unwrap()
}

#[test]
fn round_trip_keeps_architecture_and_weights() {
    let opts = Architecture::default().with_pooling(PoolKind::Max).with_dense_dropout(Some(0.3));
    let mut a = opts.build::<f32>(&mut rng_from_seed(8)).unwrap();
    let bytes = io::to_bytes(&a);
    let mut b = io::from_bytes(&bytes).unwrap();
    assert_eq!(a.configs(), b.configs());
    assert_eq!(a.flat_params(), b.flat_params());
    let x = vec![0.25f32; 1024];
    assert_eq!(a.predict(&x).unwrap(), b.predict(&x).unwrap());
    // 81,194 floats plus a small header.
    // The architecture is a few hundred bytes of text (version 2), the rest is weights.
    assert!(bytes.len() < 81_194 * 4 + 800, "{}", bytes.len());

    let s = small_model();
    assert_eq!(io::from_bytes(&io::to_bytes(&s)).unwrap().flat_params(), s.flat_params());

    let mut fresh = opts.build::<f32>(&mut rng_from_seed(9)).unwrap();
    io::load_into(&mut fresh, &bytes).unwrap();
    assert_eq!(fresh.flat_params(), a.flat_params());
    let mut other = Architecture::default().build::<f32>(&mut rng_from_seed(9)).unwrap();
    let before = other.flat_params();
    assert!(matches!(io::load_into(&mut other, &bytes), Err(WeightsError::Mismatch { .. })));
    assert_eq!(other.flat_params(), before, "a refused file leaves the model unchanged");
}

#[test]
fn every_defect_is_an_error() {
    let bytes = io::to_bytes(&small_model());
    for cut in 0..bytes.len() {
        assert!(io::from_bytes(&bytes[..cut]).is_err(), "cut at {cut}");
    }
    for i in 0..bytes.len() {
        let mut b = bytes.clone();
        b[i] ^= 0x01;
        assert!(io::from_bytes(&b).is_err(), "flipped byte {i}");
    }
    assert_eq!(io::from_bytes(b"PNG\x89 not weights").unwrap_err(), WeightsError::BadMagic);
    let mut b = bytes.clone();
    b[8] = 7;
    assert_eq!(io::from_bytes(&b).unwrap_err(), WeightsError::UnsupportedVersion(7));
    let mut b = bytes.clone();
    let n = b.len();
    b[n - 9] ^= 0xff;
    assert_eq!(io::from_bytes(&b).unwrap_err(), WeightsError::Checksum);

    // A NaN weight with a valid checksum.
    let mut b = bytes.clone();
    let at = b.len() - 8 - 4;
    b[at..at + 4].copy_from_slice(&f32::NAN.to_le_bytes());
    assert!(matches!(io::from_bytes(&reseal(b)), Err(WeightsError::NonFinite(_))));
    // Trailing bytes inside the checksummed body.
    let mut b = bytes.clone();
    b.splice(b.len() - 8..b.len() - 8, [0u8; 4]);
    assert!(matches!(io::from_bytes(&reseal(b)), Err(WeightsError::Shape(_))));
    // A dropout rate of 1 is not a model.
    let cfg: Vec<LayerConfig> = vec![
        DropoutConfig::new(0.5).into(),
        DenseConfig::new(2).activation(Activation::Softmax).into(),
    ];
    let m = Sequential::<f32>::new(&[3], &cfg, &mut rng_from_seed(0)).unwrap();
    let mut b = io::to_bytes(&m);
    // The layer is stored as its text (version 2): `Dropout(0.5)` becomes `Dropout(1.0)`.
    let pos = b.windows(12).position(|w| w == b"Dropout(0.5)").unwrap();
    b[pos..pos + 12].copy_from_slice(b"Dropout(1.0)");
    let e = io::from_bytes(&reseal(b)).unwrap_err();
    assert!(matches!(e, WeightsError::BadArchitecture(_)), "{e}");
    assert!(e.to_string().contains("dropout rate"), "{e}");
}

#[test]
fn huge_declared_sizes_are_refused_without_allocating() {
    // Dense(65536) after an input of 65536: 4 G parameters announced in a tiny file.
    let mut b = b"CLABWGT\0".to_vec();
    b.extend(1u32.to_le_bytes());
    b.extend(1u32.to_le_bytes());
    b.extend(65_536u32.to_le_bytes());
    b.extend(1u32.to_le_bytes());
    b.push(5);
    b.extend(65_536u32.to_le_bytes());
    b.extend([0u8, 1]);
    b.extend(0u32.to_le_bytes());
    b.extend([0u8; 8]);
    assert_eq!(io::from_bytes(&reseal(b)).unwrap_err(), WeightsError::Truncated);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn random_bytes_never_panic(b in proptest::collection::vec(any::<u8>(), 0..300)) {
        let _ = io::from_bytes(&b);
    }

    /// Random bodies behind a valid magic, version and checksum reach the structure parser.
    #[test]
    fn random_sealed_bodies_never_panic(body in proptest::collection::vec(any::<u8>(), 0..300), small in any::<bool>(), version in 1u8..=2) {
        // Both versions: tag bytes (1) and layer texts (2).
        let mut b = b"CLABWGT\0".to_vec();
        b.extend([version, 0, 0, 0]);
        if small {
            // Plausible header: rank 1 input of 6, a few layers, then random layer bytes.
            b.extend([1, 0, 0, 0, 6, 0, 0, 0, 3, 0, 0, 0]);
        }
        b.extend(&body);
        b.extend([0u8; 8]);
        let _ = io::from_bytes(&reseal(b));
    }

    #[test]
    fn mutated_files_never_panic(pos in 0usize..10_000, val: u8, reseal_it: bool) {
        let mut b = io::to_bytes(&small_model());
        let p = pos % (b.len() - 8);
        b[p] = val;
        let b = if reseal_it { reseal(b) } else { b };
        let _ = io::from_bytes(&b);
    }
}
