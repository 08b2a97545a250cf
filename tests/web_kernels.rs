//! The core's inner loops as the browser runs them (`convolab_kernels`: explicit simd128 for
//! f32 in wasm), against the sums written out, to the last bit: the natively tested loops
//! and these must give the same floats. Run with
//! `cargo test --target wasm32-unknown-unknown --test web_kernels`.
#![cfg(target_arch = "wasm32")]

use convolab_kernels::{row_products_f32, vec_mat_f32};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Floats with a fraction, so that a different order of additions would show.
fn values(len: usize, seed: u32) -> Vec<f32> {
    let mut s = seed;
    (0..len)
        .map(|_| {
            s = s.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            ((s >> 9) % 2001) as f32 / 997.0 - 1.0
        })
        .collect()
}

#[wasm_bindgen_test]
fn a_row_times_a_matrix_is_the_sum_in_row_order() {
    // LeNet's dense layers (576×120, 120×84, 84×10) and shapes around the 32- and 4-wide blocks.
    for (m, n) in [(576, 120), (120, 84), (84, 10), (1, 1), (3, 31), (5, 33), (7, 36), (2, 0)] {
        let (x, w) = (values(m, m as u32), values(m * n, n as u32 + 7));
        let mut y = vec![f32::NAN; n];
        vec_mat_f32(&x, &w, &mut y);
        for j in 0..n {
            let mut want = 0.0f32;
            for i in 0..m {
                want += x[i] * w[i * n + j];
            }
            assert_eq!(y[j].to_bits(), want.to_bits(), "{m}×{n}, column {j}: {} vs {want}", y[j]);
        }
    }
}

#[wasm_bindgen_test]
fn row_products_are_the_sums_in_tap_order() {
    // LeNet's first layer: rows of 30 positions × 6 filters, 9 taps; and other lengths.
    for (len, taps) in [(180usize, 9usize), (32, 1), (70, 4), (5, 3)] {
        let (e, w) = (values(2000, len as u32), values(2000, taps as u32 + 3));
        let offs: Vec<(usize, usize)> = (0..taps).map(|t| (t * 37 % 200, t * 91 % 300)).collect();
        let before = values(len, 99);
        let mut out = before.clone();
        row_products_f32(&mut out, &e, &w, &offs);
        for q in 0..len {
            let mut want = before[q];
            for &(eo, wo) in &offs {
                want += e[eo + q] * w[wo + q];
            }
            assert_eq!(out[q].to_bits(), want.to_bits(), "len {len}, q {q}");
        }
    }
}
