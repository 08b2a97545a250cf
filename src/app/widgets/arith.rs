//! The arithmetic lines the labs write out (`0.25×0.764 + 0.5×0.132 = 0.257`), computed
//! *from the numbers as displayed*, so that every line checks out by hand: the factors are
//! rounded first, then multiplied and added exactly (fixed-point integers, no float
//! rounding). Where the core's result (from unrounded values) reads differently, the line
//! says so rather than pretending.

use crate::app::i18n::Lang;
use crate::app::i18n::num::{canonical, decimal};

/// Decimals kept for the factors of a sum (weights, inputs, pooled values).
pub const FACTOR_DECIMALS: u32 = 3;

/// An exact decimal: `m / 10^scale`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fixed {
    pub m: i128,
    pub scale: u32,
}

impl Fixed {
    /// `v` rounded to `decimals` decimals (half away from zero, as `format!` does).
    pub fn round(v: f64, decimals: u32) -> Fixed {
        let s = format!("{:.*}", decimals as usize, v);
        let neg = s.starts_with('-');
        let digits: String = s.chars().filter(|c| c.is_ascii_digit()).collect();
        let m = digits.parse::<i128>().unwrap_or(0);
        Fixed { m: if neg { -m } else { m }, scale: decimals }
    }

    fn at_scale(self, scale: u32) -> i128 {
        self.m * 10i128.pow(scale.saturating_sub(self.scale))
    }

    pub fn to_f64(self) -> f64 {
        self.m as f64 / 10f64.powi(self.scale as i32)
    }

    /// Trailing zeros dropped: `1.500` → `1.5`.
    pub fn trimmed(self) -> Fixed {
        let mut f = self;
        while f.scale > 0 && f.m % 10 == 0 {
            f.m /= 10;
            f.scale -= 1;
        }
        f
    }

    /// `self / n` exactly when it has at most `max_scale` decimals, else `None`.
    pub fn div_exact(self, n: i128, max_scale: u32) -> Option<Fixed> {
        if n == 0 {
            return None;
        }
        let scale = self.scale.max(max_scale);
        let num = self.at_scale(scale);
        (num % n == 0).then(|| Fixed { m: num / n, scale }.trimmed())
    }

    /// Written for `lang` with every decimal it has (`−0,125`).
    pub fn show(self, lang: Lang) -> String {
        let f = self.trimmed();
        decimal(lang, f.to_f64(), f.scale as usize)
    }
}

impl std::ops::Mul for Fixed {
    type Output = Fixed;
    fn mul(self, o: Fixed) -> Fixed {
        Fixed { m: self.m * o.m, scale: self.scale + o.scale }
    }
}

impl std::ops::Add for Fixed {
    type Output = Fixed;
    fn add(self, o: Fixed) -> Fixed {
        let scale = self.scale.max(o.scale);
        Fixed { m: self.at_scale(scale) + o.at_scale(scale), scale }
    }
}

pub struct ArithTexts {
    /// After a line whose displayed result differs from the layer's: `{v}` the layer's value.
    pub unrounded: &'static str,
}

pub const EN: ArithTexts = ArithTexts { unrounded: "(the layer, from the unrounded values: {v})" };
pub const FR: ArithTexts =
    ArithTexts { unrounded: "(la couche, sur les valeurs non arrondies : {v})" };

pub fn texts(lang: Lang) -> &'static ArithTexts {
    lang.pick(&EN, &FR)
}

/// A number as a factor of a product: negative ones in brackets, `(−1)`.
fn factor(lang: Lang, f: Fixed) -> String {
    let s = f.show(lang);
    if f.m < 0 { format!("({s})") } else { s }
}

/// ` = exact`, then `≈ v` (the layer's value as the labs show it) when the two read
/// differently but agree within the rounding, or the layer's value in a note when the
/// rounding of the factors moved the sum further than that.
fn result(lang: Lang, exact: Fixed, core: f64) -> String {
    let shown = exact.show(lang);
    let core3 = canonical(core, FACTOR_DECIMALS as usize);
    let exact3 = canonical(exact.to_f64(), FACTOR_DECIMALS as usize);
    let core_shown = decimal(lang, core, FACTOR_DECIMALS as usize);
    let half_unit = 0.5 / 10f64.powi(FACTOR_DECIMALS as i32);
    if (exact.to_f64() - core).abs() > half_unit + 1e-12 {
        format!(" = {shown} {}", texts(lang).unrounded.replace("{v}", &core_shown))
    } else if exact.trimmed().scale > FACTOR_DECIMALS || core3 != exact3 {
        format!(" = {shown} ≈ {core_shown}")
    } else {
        format!(" = {shown}")
    }
}

/// The exact sum of the displayed products, and its line:
/// `0.25×1 + 0.5×3 + 0.25×2 = 2.25` (a bias added when not zero).
pub fn write_sum(
    lang: Lang,
    pairs: impl IntoIterator<Item = (f64, f64)>,
    bias: f64,
    output: f64,
) -> (Fixed, String) {
    let r = |v| Fixed::round(v, FACTOR_DECIMALS);
    let mut total = Fixed { m: 0, scale: 0 };
    let mut terms = Vec::new();
    for (w, x) in pairs {
        let (w, x) = (r(w), r(x));
        total = total + w * x;
        terms.push(format!("{}×{}", factor(lang, w), factor(lang, x)));
    }
    if r(bias).m != 0 {
        total = total + r(bias);
        terms.push(factor(lang, r(bias)));
    }
    (total, format!("{}{}", terms.join(" + "), result(lang, total, output)))
}

/// ReLU of a displayed sum, as written after it: `max(0, s)` of the shown value.
pub fn relu_of(lang: Lang, s: Fixed) -> String {
    if s.m > 0 { s.show(lang) } else { "0".into() }
}

/// The list separator between numbers: `, ` in English, ` ; ` in French (where the comma
/// is the decimal separator).
pub fn list_sep(lang: Lang) -> &'static str {
    match lang {
        Lang::Fr => " ; ",
        Lang::En => ", ",
    }
}

/// Max pooling's line: `max(3, 1) = 3` (rounding keeps the order, so it always checks out).
pub fn write_max(lang: Lang, values: &[f64], output: f64) -> String {
    let items: Vec<String> =
        values.iter().map(|&v| Fixed::round(v, FACTOR_DECIMALS).show(lang)).collect();
    format!(
        "max({}) = {}",
        items.join(list_sep(lang)),
        Fixed::round(output, FACTOR_DECIMALS).show(lang)
    )
}

/// Average pooling's line: `(3 + 1 + 4 + 1) / 4 = 9 / 4 = 2.25`; `≈` where the quotient
/// does not end (`40 / 9 ≈ 4.444`).
pub fn write_average(lang: Lang, values: &[f64], output: f64) -> String {
    let r = |v| Fixed::round(v, FACTOR_DECIMALS);
    let total = values.iter().fold(Fixed { m: 0, scale: 0 }, |s, &v| s + r(v));
    let n = values.len().max(1);
    let items: Vec<String> = values.iter().map(|&v| factor(lang, r(v))).collect();
    let head = format!("({}) / {n} = {} / {n}", items.join(" + "), total.show(lang));
    match total.div_exact(n as i128, 2 * FACTOR_DECIMALS) {
        Some(q) => format!("{head}{}", result(lang, q, output)),
        None => {
            let q = total.to_f64() / n as f64;
            let note = if (q - output).abs() > 0.5 / 10f64.powi(FACTOR_DECIMALS as i32) + 1e-12 {
                format!(
                    " {}",
                    texts(lang)
                        .unrounded
                        .replace("{v}", &decimal(lang, output, FACTOR_DECIMALS as usize))
                )
            } else {
                String::new()
            };
            format!("{head} ≈ {}{note}", decimal(lang, q, FACTOR_DECIMALS as usize))
        }
    }
}

/// Dropout on one unit, as displayed: the input rounded to 2 decimals, the factor as
/// shown (3 decimals), and their exact product. `(input, output)`.
pub fn scaled(lang: Lang, a: f64, factor: f64) -> (String, String) {
    let a = Fixed::round(a, 2);
    let f = Fixed::round(factor, FACTOR_DECIMALS);
    (a.show(lang), (a * f).show(lang))
}

/// The dropout factor 1/(1−p) as written after `1/(1−p)`: `= 2` when exact at 3 decimals,
/// `≈ 1.429` otherwise.
pub fn factor_text(lang: Lang, factor: f64) -> String {
    let f = Fixed::round(factor, FACTOR_DECIMALS);
    let sign = if (f.to_f64() - factor).abs() < 1e-12 { "=" } else { "≈" };
    format!("{sign} {}", f.show(lang))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Reads a number as the labs write it in either language (`−0,5`).
    pub fn num(s: &str) -> f64 {
        crate::app::i18n::num::parse_decimal(s.trim().trim_start_matches('(').trim_end_matches(')'))
            .unwrap_or_else(|| panic!("not a number: {s:?}"))
    }

    /// Checks a sum line: the products of the written factors add up to the written result.
    pub fn check_sum_line(line: &str) {
        let (lhs, rhs) = line.split_once(" = ").expect("a sum line has ` = `");
        let total: f64 = lhs.split(" + ").map(|t| t.split('×').map(num).product::<f64>()).sum();
        let shown = num(rhs.split([' ', '≈']).next().unwrap());
        assert!((total - shown).abs() < 1e-9, "{line}: the terms add up to {total}, not {shown}");
    }

    #[test]
    fn every_sum_line_checks_out_by_hand() {
        for lang in Lang::ALL {
            // The course's Gaussian on a window of the course's signal.
            let (_, l) = write_sum(
                lang,
                [(0.25, 0.76388313), (0.5, 0.13166188), (0.25, 0.27592543)],
                0.0,
                0.325783,
            );
            check_sum_line(&l);
            // The Laplacian on the course's 4×4: rounding the inputs moves the sum.
            let pairs = [
                (0.0, 0.25883724),
                (1.0, 0.71365534),
                (0.0, 0.2063048),
                (1.0, 0.28229898),
                (-4.0, 0.77139276),
                (1.0, 0.6513154),
                (0.0, 0.62325322),
                (1.0, 0.31754893),
                (0.0, 0.32703107),
            ];
            let core: f64 = pairs.iter().map(|(w, x)| w * x).sum();
            let (s, l) = write_sum(lang, pairs, 0.0, core);
            check_sum_line(&l);
            assert_eq!(
                s.trimmed(),
                Fixed { m: -1119, scale: 3 },
                "0.714 + 0.282 − 4×0.771 + 0.651 + 0.318"
            );
            assert!(l.contains(&decimal(lang, core, 3)), "the layer's own value is given: {l}");
        }
        let (_, l) = write_sum(Lang::En, [(0.25, 1.0), (0.5, 3.0), (0.25, 2.0)], 0.0, 2.25);
        assert_eq!(l, "0.25×1 + 0.5×3 + 0.25×2 = 2.25");
        let (_, l) = write_sum(Lang::En, [(-1.0, 2.0), (1.0, -3.0)], 0.5, -4.5);
        assert_eq!(l, "(−1)×2 + 1×(−3) + 0.5 = −4.5");
        let (_, l) = write_sum(Lang::Fr, [(0.25, 0.764)], 0.0, 0.191);
        assert_eq!(l, "0,25×0,764 = 0,191");
        // More decimals than the labs show: the exact value, then the rounded one.
        let (_, l) = write_sum(Lang::En, [(0.764, 0.132)], 0.0, 0.764 * 0.132);
        assert_eq!(l, "0.764×0.132 = 0.100848 ≈ 0.101");
        // Within the rounding: the layer's value after `≈`, no note.
        let (_, l) =
            write_sum(Lang::Fr, [(0.25, 0.214), (0.5, 0.576), (0.25, 0.764)], 0.0, 0.53266);
        assert_eq!(l, "0,25×0,214 + 0,5×0,576 + 0,25×0,764 = 0,5325 ≈ 0,533");
    }

    #[test]
    fn relu_and_pooling_lines_check_out() {
        let (s, _) = write_sum(Lang::En, [(1.0, -0.5)], 0.0, -0.5);
        assert_eq!(relu_of(Lang::En, s), "0");
        let (s, _) = write_sum(Lang::Fr, [(1.0, 0.5)], 0.0, 0.5);
        assert_eq!(relu_of(Lang::Fr, s), "0,5");
        assert_eq!(write_max(Lang::En, &[3.0, 1.0], 3.0), "max(3, 1) = 3");
        assert_eq!(write_max(Lang::Fr, &[0.5, 1.25], 1.25), "max(0,5 ; 1,25) = 1,25");
        assert_eq!(
            write_average(Lang::En, &[3.0, 1.0, 4.0, 1.0], 2.25),
            "(3 + 1 + 4 + 1) / 4 = 9 / 4 = 2.25"
        );
        let nine = [5.0, 4.0, 4.0, 4.0, 4.0, 4.0, 5.0, 5.0, 5.0];
        assert_eq!(
            write_average(Lang::En, &nine, 40.0 / 9.0),
            "(5 + 4 + 4 + 4 + 4 + 4 + 5 + 5 + 5) / 9 = 40 / 9 ≈ 4.444"
        );
        assert_eq!(
            write_average(Lang::Fr, &[0.5, 0.25], 0.375),
            "(0,5 + 0,25) / 2 = 0,75 / 2 = 0,375"
        );
    }

    #[test]
    fn dropout_lines_are_exact_products() {
        // The example: 0.7995 used to read `0.8 → 1.599`.
        assert_eq!(scaled(Lang::En, 0.7995, 2.0), ("0.8".into(), "1.6".into()));
        assert_eq!(scaled(Lang::En, 1.3436, 2.0), ("1.34".into(), "2.68".into()));
        assert_eq!(scaled(Lang::Fr, 1.3436, 1.0 / 0.7), ("1,34".into(), "1,91486".into()));
        assert_eq!(factor_text(Lang::En, 2.0), "= 2");
        assert_eq!(factor_text(Lang::Fr, 1.0 / 0.7), "≈ 1,429");
        for p in (0..=90).step_by(5) {
            let f = 1.0 / (1.0 - p as f64 / 100.0);
            for a in [0.0, 0.123456, 0.7995, 1.3436, 3.5917] {
                let (x, y) = scaled(Lang::Fr, a, f);
                let shown_f = num(factor_text(Lang::En, f).trim_start_matches(['=', '≈', ' ']));
                assert!((num(&x) * shown_f - num(&y)).abs() < 1e-9, "{x} × {shown_f} ≠ {y}");
            }
        }
    }

    #[test]
    fn fixed_point_is_exact() {
        assert_eq!(Fixed::round(-0.9414, 3), Fixed { m: -941, scale: 3 });
        assert_eq!(Fixed::round(-0.0001, 3).show(Lang::En), "0");
        assert_eq!((Fixed::round(0.1, 3) + Fixed::round(0.2, 3)).show(Lang::En), "0.3");
        assert_eq!(
            Fixed::round(1.0, 0).div_exact(8, 6).map(|f| f.show(Lang::En)),
            Some("0.125".into())
        );
        assert_eq!(Fixed::round(1.0, 0).div_exact(3, 6), None);
        assert_eq!(
            texts(Lang::Fr).unrounded.contains("{v}"),
            texts(Lang::En).unrounded.contains("{v}")
        );
    }
}
