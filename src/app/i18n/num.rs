//! Numbers as each language writes them on screen: French uses a decimal comma, a narrow
//! no-break space between thousands and a no-break space before `%`; English a dot, a comma
//! between thousands and no space before `%`. Code shown to the student (Keras, Python)
//! keeps Python's dot: use these only for prose, labels and arithmetic.

use super::Lang;

/// Narrow no-break space: the French thousands separator.
pub const NNBSP: char = '\u{202F}';
/// No-break space: before `%`, `:` and the like in French.
pub const NBSP: char = '\u{00A0}';

/// Canonical form (dot, at most `decimals` decimals, no trailing zeros, `-0` as `0`).
/// Data attributes and tests use it; the screen uses [`decimal`].
pub fn canonical(v: f64, decimals: usize) -> String {
    if !v.is_finite() {
        return if v.is_nan() {
            "NaN".into()
        } else if v > 0.0 {
            "∞".into()
        } else {
            "-∞".into()
        };
    }
    let s = format!("{v:.decimals$}");
    let s = if s.contains('.') { s.trim_end_matches('0').trim_end_matches('.') } else { &s };
    if s == "-0" { "0".into() } else { s.into() }
}

/// A number as the labs write it: at most 3 decimals, no trailing zeros, `-0` as `0`.
/// Canonical (dot) form, for `data-values` and other attributes tests read; the screen
/// writes numbers with [`decimal`] in the page's language.
pub fn fmt_value(v: f64) -> String {
    canonical(v, 3)
}

/// `v` with at most `decimals` decimals, trailing zeros dropped: `0.25` / `0,25`.
pub fn decimal(lang: Lang, v: f64, decimals: usize) -> String {
    localise(lang, &canonical(v, decimals))
}

/// `v` with exactly `decimals` decimals: `0.250` / `0,250`.
pub fn fixed(lang: Lang, v: f64, decimals: usize) -> String {
    localise(lang, &format!("{v:.decimals$}"))
}

/// A whole number with thousands separators: `81,194` / `81 194`.
pub fn integer(lang: Lang, n: u64) -> String {
    let s = n.to_string();
    let sep = match lang {
        Lang::Fr => NNBSP,
        Lang::En => ',',
    };
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

/// A fraction as a percentage with `decimals` decimals: `98.6%` / `98,6 %`.
pub fn percent(lang: Lang, fraction: f64, decimals: usize) -> String {
    let v = fixed(lang, fraction * 100.0, decimals);
    match lang {
        Lang::Fr => format!("{v}{NBSP}%"),
        Lang::En => format!("{v}%"),
    }
}

/// Rewrites a canonical number (`-1.5`, `2e-3`) for `lang`: the decimal dot becomes a comma
/// in French; the sign becomes a true minus `−` so it never splits from its digits.
fn localise(lang: Lang, s: &str) -> String {
    let s = match lang {
        Lang::Fr => s.replace('.', ","),
        Lang::En => s.to_string(),
    };
    match s.strip_prefix('-') {
        Some(rest) => format!("−{rest}"),
        None => s,
    }
}

/// Reads a number as a student may type it in either language: `0.5`, `0,5`, `−2`, `1e-3`.
/// Fractions and other forms are the kernel editor's business.
pub fn parse_decimal(s: &str) -> Option<f64> {
    let t = s.trim().replace(['\u{2212}', '\u{2013}'], "-").replace(',', ".");
    if t.is_empty() {
        return None;
    }
    t.parse::<f64>().ok().filter(|v| v.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_language_writes_its_own_numbers() {
        assert_eq!(decimal(Lang::En, 0.25, 3), "0.25");
        assert_eq!(decimal(Lang::Fr, 0.25, 3), "0,25");
        assert_eq!(decimal(Lang::Fr, -0.9414, 3), "−0,941");
        assert_eq!(decimal(Lang::En, -0.0001, 3), "0");
        assert_eq!(decimal(Lang::En, 2.0, 3), "2");
        assert_eq!(fixed(Lang::Fr, 1.5, 2), "1,50");
        assert_eq!(integer(Lang::En, 81_194), "81,194");
        assert_eq!(integer(Lang::Fr, 2_000), "2\u{202F}000");
        assert_eq!(integer(Lang::Fr, 999), "999");
        assert_eq!(percent(Lang::En, 0.986, 1), "98.6%");
        assert_eq!(percent(Lang::Fr, 0.986, 1), "98,6\u{00A0}%");
        assert_eq!(canonical(10.0, 3), "10");
        assert_eq!(canonical(100.0, 0), "100");
    }

    #[test]
    fn values_are_written_short() {
        assert_eq!(fmt_value(2.25), "2.25");
        assert_eq!(fmt_value(-1.0), "-1");
        assert_eq!(fmt_value(1.0 / 3.0), "0.333");
        assert_eq!(fmt_value(-0.0001), "0");
        assert_eq!(fmt_value(0.0), "0");
    }

    #[test]
    fn typed_numbers_are_read_in_both_languages() {
        assert_eq!(parse_decimal("0,05"), Some(0.05));
        assert_eq!(parse_decimal(" −2 "), Some(-2.0));
        assert_eq!(parse_decimal("1e-3"), Some(0.001));
        assert_eq!(parse_decimal("abc"), None);
        assert_eq!(parse_decimal(""), None);
        assert_eq!(parse_decimal("inf"), None);
    }
}
