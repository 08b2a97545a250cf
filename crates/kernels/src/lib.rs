//! The network core's hottest inner loops, as plain functions of `f32` and of `f64`.
//!
//! Why a package: the page's bundle is built at opt-level z, where rustc turns off loop
//! vectorisation, and a generic function is compiled in the crate that instantiates it. These
//! functions are not generic, so they are compiled here, and Cargo.toml's
//! `profile.release-small.package.convolab-kernels` builds them at opt-level 3 inside the
//! page too; in wasm the f32 ones are written with simd128 instructions outright. A stroke
//! on LeNet's pad runs them on the main thread. The core
//! (`convolab::nn`) reaches them through its `Scalar` trait, and the fast paths stay
//! checked against naive loops by its proptests.

/// Products summed along one output row, a block of the row in registers through all the
/// taps: `out[q] += Σ e[eo + q] · w[wo + q]` over the `(eo, wo)` of `offs`, `q < out.len()`.
/// The direct convolution's inner loop (`nn::layers::conv`).
macro_rules! row_products {
    ($name:ident, $t:ty) => {
        pub fn $name(out: &mut [$t], e: &[$t], w: &[$t], offs: &[(usize, usize)]) {
            const BLOCK: usize = 32;
            let len = out.len();
            let mut q0 = 0;
            while q0 + BLOCK <= len {
                let o = &mut out[q0..q0 + BLOCK];
                let mut a = [0.0 as $t; BLOCK];
                a.copy_from_slice(o);
                for &(eo, wo) in offs {
                    let (ev, wv) = (&e[eo + q0..][..BLOCK], &w[wo + q0..][..BLOCK]);
                    for i in 0..BLOCK {
                        a[i] += ev[i] * wv[i];
                    }
                }
                o.copy_from_slice(&a);
                q0 += BLOCK;
            }
            let o = &mut out[q0..];
            for &(eo, wo) in offs {
                o.iter_mut()
                    .zip(&e[eo + q0..eo + len])
                    .zip(&w[wo + q0..wo + len])
                    .for_each(|((o, &x), &w)| *o += x * w);
            }
        }
    };
}

/// One row times a row-major matrix: `y[j] = Σ_i x[i] · w[i·y.len() + j]`, reading each
/// row of `w` once, contiguously. A dense layer on a single example: a general matrix
/// product would first copy the whole matrix into its packed layout, for one row.
///
/// # Panics
/// If `w` is not `x.len() × y.len()`.
macro_rules! vec_mat {
    ($name:ident, $t:ty) => {
        pub fn $name(x: &[$t], w: &[$t], y: &mut [$t]) {
            let n = y.len();
            assert_eq!(w.len(), x.len() * n, "a {}×{} matrix", x.len(), n);
            y.fill(0.0);
            if n == 0 {
                return;
            }
            for (&xi, row) in x.iter().zip(w.chunks_exact(n)) {
                y.iter_mut().zip(row).for_each(|(y, &w)| *y += xi * w);
            }
        }
    };
}

/// `tanh` in place, in `f32`: a rational function of odd degree 13 over even degree 6 on
/// the input clamped to ±7.905 (Eigen's `generic_fast_tanh_float`), within 3.5e-7 of the
/// true value, never above 1 in magnitude, NaN kept. Compare-selects, products and one
/// division: the loop vectorises (natively, and in wasm with simd128), where the libm call
/// costs more than the 25 multiply-adds of a 5×5 tap behind it (LeNet-5's activation).
pub fn tanh_f32(v: &mut [f32]) {
    v.iter_mut().for_each(|x| *x = tanh1(*x));
}

/// The logistic sigmoid in place, in `f32`: `½ + ½·tanh(x/2)` through [`tanh_f32`]'s
/// approximation (within 2e-7 absolute; exactly 0 or 1 beyond ±15.8, where the true value
/// is within 1.4e-7 of them).
pub fn sigmoid_f32(v: &mut [f32]) {
    v.iter_mut().for_each(|x| *x = 0.5 + 0.5 * tanh1(0.5 * *x));
}

#[inline(always)]
fn tanh1(x: f32) -> f32 {
    // Where the rational function reaches 1 (rounded).
    const CLAMP: f32 = 7.905_311;
    // Eigen's coefficients, as the nearest f32.
    const ALPHA: [f32; 7] = [
        4.893_524_6e-3,
        6.372_619_5e-4,
        1.485_722_4e-5,
        5.122_297_3e-8,
        -8.604_672e-11,
        2.000_188e-13,
        -2.760_768_4e-16,
    ];
    const BETA: [f32; 4] = [4.893_525e-3, 2.268_434_7e-3, 1.185_347_1e-4, 1.198_258_4e-6];
    // `clamp` is two compare-selects (and keeps NaN), not `min`/`max`'s libm calls in wasm.
    let x = x.clamp(-CLAMP, CLAMP);
    let x2 = x * x;
    let mut p = ALPHA[6];
    for &a in ALPHA[..6].iter().rev() {
        p = p * x2 + a;
    }
    let mut q = BETA[3];
    for &b in BETA[..3].iter().rev() {
        q = q * x2 + b;
    }
    x * p / q
}

row_products!(row_products_f64, f64);
vec_mat!(vec_mat_f64, f64);

// f32 in wasm: explicit simd128. The loops above, at opt-level 3 in this package, gained
// little inside the page (probably because its link-time pass runs at opt-level z, which
// does not vectorise). The same operations in the same order, so the same floats.
// Elsewhere, those loops.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
pub use simd::{row_products_f32, vec_mat_f32};
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
row_products!(row_products_f32, f32);
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
vec_mat!(vec_mat_f32, f32);

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod simd {
    use core::arch::wasm32::{f32x4_add, f32x4_mul, f32x4_splat, v128, v128_load, v128_store};

    /// Lanes of 4 in a block of 32 floats: 8 accumulators, kept in registers.
    const VECS: usize = 8;

    fn load(s: &[f32], k: usize) -> v128 {
        let q = &s[4 * k..4 * k + 4];
        // SAFETY: `q` holds 4 floats; wasm's v128.load has no alignment requirement.
        unsafe { v128_load(q.as_ptr().cast::<v128>()) }
    }

    fn store(s: &mut [f32], k: usize, v: v128) {
        let q = &mut s[4 * k..4 * k + 4];
        // SAFETY: as `load`.
        unsafe { v128_store(q.as_mut_ptr().cast::<v128>(), v) }
    }

    pub fn row_products_f32(out: &mut [f32], e: &[f32], w: &[f32], offs: &[(usize, usize)]) {
        const BLOCK: usize = 4 * VECS;
        let len = out.len();
        let mut q0 = 0;
        while q0 + BLOCK <= len {
            let o = &mut out[q0..q0 + BLOCK];
            let mut a = [f32x4_splat(0.0); VECS];
            for (k, a) in a.iter_mut().enumerate() {
                *a = load(o, k);
            }
            for &(eo, wo) in offs {
                let (ev, wv) = (&e[eo + q0..][..BLOCK], &w[wo + q0..][..BLOCK]);
                for (k, a) in a.iter_mut().enumerate() {
                    *a = f32x4_add(*a, f32x4_mul(load(ev, k), load(wv, k)));
                }
            }
            for (k, &a) in a.iter().enumerate() {
                store(o, k, a);
            }
            q0 += BLOCK;
        }
        let o = &mut out[q0..];
        for &(eo, wo) in offs {
            o.iter_mut()
                .zip(&e[eo + q0..eo + len])
                .zip(&w[wo + q0..wo + len])
                .for_each(|((o, &x), &w)| *o += x * w);
        }
    }

    pub fn vec_mat_f32(x: &[f32], w: &[f32], y: &mut [f32]) {
        let n = y.len();
        assert_eq!(w.len(), x.len() * n, "a {}×{} matrix", x.len(), n);
        let mut j0 = 0;
        // Blocks of 32 outputs, then of 4, each summed over every row in registers.
        for width in [4 * VECS, 4] {
            let vecs = width / 4;
            while j0 + width <= n {
                let mut a = [f32x4_splat(0.0); VECS];
                for (i, &xi) in x.iter().enumerate() {
                    let (xv, row) = (f32x4_splat(xi), &w[i * n + j0..][..width]);
                    for (k, a) in a[..vecs].iter_mut().enumerate() {
                        *a = f32x4_add(*a, f32x4_mul(xv, load(row, k)));
                    }
                }
                for (k, &a) in a[..vecs].iter().enumerate() {
                    store(&mut y[j0..j0 + width], k, a);
                }
                j0 += width;
            }
        }
        for (j, y) in y.iter_mut().enumerate().skip(j0) {
            *y = x.iter().enumerate().fold(0.0, |s, (i, &xi)| s + xi * w[i * n + j]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vec_mat_is_the_naive_sum() {
        let (m, n) = (7, 45);
        let x: Vec<f64> = (0..m).map(|i| if i == 3 { 0.0 } else { i as f64 * 0.5 - 1.0 }).collect();
        let w: Vec<f64> = (0..m * n).map(|k| ((k * 37 % 11) as f64) - 5.0).collect();
        let mut y = vec![9.0; n];
        vec_mat_f64(&x, &w, &mut y);
        for j in 0..n {
            let want: f64 = (0..m).map(|i| x[i] * w[i * n + j]).sum();
            assert!((y[j] - want).abs() < 1e-12, "{j}: {} vs {want}", y[j]);
        }
    }

    #[test]
    fn tanh_and_sigmoid_are_close_to_libm() {
        let mut worst: (f64, f64) = (0.0, 0.0);
        for i in -200_000..=200_000 {
            let x = i as f32 * 6e-5; // ±12
            let (mut t, mut s) = ([x], [x]);
            tanh_f32(&mut t);
            sigmoid_f32(&mut s);
            let want_t = (x as f64).tanh();
            let want_s = 1.0 / (1.0 + (-(x as f64)).exp());
            worst.0 = worst.0.max((t[0] as f64 - want_t).abs());
            worst.1 = worst.1.max((s[0] as f64 - want_s).abs());
            assert!(t[0].abs() <= 1.0 && (0.0..=1.0).contains(&s[0]), "{x}");
            // Odd, and increasing.
            let mut m = [-x];
            tanh_f32(&mut m);
            assert_eq!(m[0], -t[0]);
        }
        assert!(worst.0 < 4e-7 && worst.1 < 2.5e-7, "{worst:?}");
        // Tiny inputs keep their relative precision (tanh x ≈ x).
        for x in [1e-30f32, -3e-12, 1e-6, 4e-4] {
            let mut t = [x];
            tanh_f32(&mut t);
            assert!(((t[0] - x) / x).abs() < 1e-6, "{x}: {}", t[0]);
        }
        let mut e = [f32::NAN, f32::INFINITY, f32::NEG_INFINITY, 0.0, -0.0];
        tanh_f32(&mut e);
        assert!(e[0].is_nan());
        assert_eq!(e[1..], [1.0, -1.0, 0.0, -0.0]);
        let mut s = [f32::INFINITY, f32::NEG_INFINITY, 0.0];
        sigmoid_f32(&mut s);
        assert_eq!(s, [1.0, 0.0, 0.5]);
    }

    #[test]
    fn row_products_is_the_naive_sum() {
        // Rows longer and shorter than a block, taps at several offsets.
        for len in [5usize, 32, 70] {
            let e: Vec<f32> = (0..200).map(|k| (k % 13) as f32 - 6.0).collect();
            let w: Vec<f32> = (0..300).map(|k| (k % 7) as f32 * 0.25).collect();
            let offs = [(0usize, 0usize), (3, 90), (11, 200)];
            let mut out: Vec<f32> = (0..len).map(|q| q as f32).collect();
            let before = out.clone();
            row_products_f32(&mut out, &e, &w, &offs);
            for q in 0..len {
                let want =
                    before[q] + offs.iter().map(|&(eo, wo)| e[eo + q] * w[wo + q]).sum::<f32>();
                assert!((out[q] - want).abs() < 1e-4, "len {len}, q {q}: {} vs {want}", out[q]);
            }
        }
    }
}
