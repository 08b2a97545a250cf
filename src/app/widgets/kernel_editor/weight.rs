//! A kernel weight as a student types it: the reading and the largest magnitude accepted
//! (pure; a link's weights obey the same limit).

/// Why a cell's text is not a weight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WeightError {
    Empty,
    NotANumber,
    ZeroDenominator,
    TooLarge,
}

/// Largest weight magnitude accepted: beyond it a typo, not a lesson.
pub const MAX_WEIGHT: f64 = 1e6;

/// Reads a weight as a student writes it: a decimal (point or comma), a leading `-` or
/// `−` (the typographic minus), or a fraction `a/b`.
pub fn parse_weight(text: &str) -> Result<f64, WeightError> {
    let s = text.trim().replace('−', "-").replace(',', ".");
    if s.is_empty() {
        return Err(WeightError::Empty);
    }
    let num = |p: &str| -> Result<f64, WeightError> {
        let p = p.trim();
        // `f64::from_str` takes "inf" and "NaN": a kernel only takes plain numbers.
        if p.is_empty()
            || !p.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E'))
        {
            return Err(WeightError::NotANumber);
        }
        p.parse::<f64>().map_err(|_| WeightError::NotANumber)
    };
    let v = match s.split_once('/') {
        Some((a, b)) => {
            let (a, b) = (num(a)?, num(b)?);
            if b == 0.0 {
                return Err(WeightError::ZeroDenominator);
            }
            a / b
        }
        None => num(&s)?,
    };
    if !v.is_finite() || v.abs() > MAX_WEIGHT {
        return Err(WeightError::TooLarge);
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_what_students_write() {
        assert_eq!(parse_weight("0.25"), Ok(0.25));
        assert_eq!(parse_weight(" -1 "), Ok(-1.0));
        assert_eq!(parse_weight("1/4"), Ok(0.25));
        assert_eq!(parse_weight("-1/3"), Ok(-1.0 / 3.0));
        assert_eq!(parse_weight("0,5"), Ok(0.5));
        assert_eq!(parse_weight("−2"), Ok(-2.0));
        assert_eq!(parse_weight("1e-2"), Ok(0.01));
    }

    #[test]
    fn rejects_the_rest() {
        assert_eq!(parse_weight("abc"), Err(WeightError::NotANumber));
        assert_eq!(parse_weight(""), Err(WeightError::Empty));
        assert_eq!(parse_weight("   "), Err(WeightError::Empty));
        assert_eq!(parse_weight("1/0"), Err(WeightError::ZeroDenominator));
        assert_eq!(parse_weight("inf"), Err(WeightError::NotANumber));
        assert_eq!(parse_weight("NaN"), Err(WeightError::NotANumber));
        assert_eq!(parse_weight("1/"), Err(WeightError::NotANumber));
        assert_eq!(parse_weight("1/2/3"), Err(WeightError::NotANumber));
        assert_eq!(parse_weight("1e300"), Err(WeightError::TooLarge));
    }
}
