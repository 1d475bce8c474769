//! Decimal text to `f32`, fast for the plain numbers data files hold, identical to `str::parse`.
//!
//! Clinger's fast path: a decimal `m * 10^e` with `m < 2^53` and `|e| <= 22` is computed as one f64
//! multiplication or division of two exactly representable numbers, so the f64 is correctly rounded.
//! Rounding that f64 to f32 is then correct too unless the f64 sits exactly halfway between two f32s
//! (the double-rounding hazard) or outside the f32 normal range; those cases, and anything unusual
//! (more digits, `inf`, `nan`, malformed text), go to the standard library's parser.
use downhill_tensor::Float;

/// Exact powers of ten in f64.
const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18,
    1e19, 1e20, 1e21, 1e22,
];

/// Parses trimmed ASCII bytes as `Float`; `None` when they are not a number in Rust's grammar.
pub(crate) fn parse_float(text: &[u8]) -> Option<Float> {
    match fast_prefix(text) {
        Some((value, end)) if end == text.len() => Some(value),
        _ => std::str::from_utf8(text).ok()?.parse::<Float>().ok(),
    }
}

/// The plain decimal at the start of `text` (`-0.25`, `3e5`) by the fast path, and the index just
/// past it, so a scanner can read a number without finding its end first. `None` when it starts
/// with anything else or the fast path cannot round it (see the module header); whatever follows
/// the number is the caller's to check.
#[inline]
pub(crate) fn fast_prefix(text: &[u8]) -> Option<(Float, usize)> {
    let (negative, sign) = match text.first()? {
        b'-' => (true, 1),
        b'+' => (false, 1),
        _ => (false, 0),
    };
    let rest = &text[sign..];
    let (mut mantissa, mut i) = (0u64, 0usize);
    let digit = |i: usize| rest.get(i).map(|b| b.wrapping_sub(b'0')).filter(|&d| d < 10);
    while let Some(d) = digit(i) {
        mantissa = mantissa.wrapping_mul(10).wrapping_add(u64::from(d));
        i += 1;
    }
    let mut digits = i;
    let mut exp = 0i64;
    if rest.get(i) == Some(&b'.') {
        i += 1;
        let start = i;
        while let Some(d) = digit(i) {
            mantissa = mantissa.wrapping_mul(10).wrapping_add(u64::from(d));
            i += 1;
        }
        (digits, exp) = (digits + i - start, -((i - start) as i64));
    }
    // 19 digits cannot overflow u64; beyond 2^53 the mantissa is not exact in f64.
    if digits == 0 || digits > 19 || mantissa >= 1 << 53 {
        return None;
    }
    if matches!(rest.get(i), Some(b'e' | b'E')) {
        let (value, end) = exponent(rest, i + 1)?;
        (exp, i) = (exp + value, end);
    }
    if exp.unsigned_abs() > 22 {
        return None;
    }
    let m = mantissa as f64; // exact: below 2^53
    let d = if exp >= 0 { m * POW10[exp as usize] } else { m / POW10[(-exp) as usize] };
    let halfway = d.to_bits() & ((1 << 29) - 1) == 1 << 28;
    let normal = d == 0.0 || (f64::from(f32::MIN_POSITIVE)..=f64::from(f32::MAX)).contains(&d);
    if halfway || !normal {
        return None;
    }
    let f = d as f32;
    Some((if negative { -f } else { f }, sign + i))
}

/// The exponent digits starting at `i` (after `e`/`E`): its value and the end position. At most four
/// digits, so huge exponents fall through to the standard parser.
fn exponent(rest: &[u8], i: usize) -> Option<(i64, usize)> {
    let (sign, start) = match rest.get(i) {
        Some(b'-') => (-1, i + 1),
        Some(b'+') => (1, i + 1),
        _ => (1, i),
    };
    let digits = rest.get(start..)?.iter().take_while(|b| b.is_ascii_digit()).count();
    if digits == 0 || digits > 4 {
        return None;
    }
    let value = rest[start..start + digits].iter().fold(0i64, |v, &b| v * 10 + i64::from(b - b'0'));
    Some((sign * value, start + digits))
}

#[cfg(test)]
mod tests {
    use super::*;
    use downhill_tensor::Rng;

    fn same_as_std(text: &str) {
        let ours = parse_float(text.as_bytes());
        let std = text.parse::<f32>().ok();
        assert_eq!(ours.map(f32::to_bits), std.map(f32::to_bits), "{text:?}: {ours:?} vs {std:?}");
    }

    #[test]
    fn matches_std_on_hand_picked_cases() {
        let cases = [
            "0",
            "-0",
            "+0.0",
            "1",
            "-1.5",
            ".5",
            "5.",
            "1e3",
            "1E-3",
            "-2.5e+2",
            "0.000001",
            "123456789012345",
            "1234567890123456789",
            "3.4028235e38",
            "3.5e38",
            "1e-38",
            "1e-45",
            "1e-50",
            "16777217",
            "0.1",
            "9007199254740993",
            "1.00000005960464477539",
            "inf",
            "-NaN",
            "infinity",
            "",
            "-",
            ".",
            "1e",
            "1e+",
            "1.2.3",
            "1,5",
            "abc",
            "0x10",
            "1_000",
            "1e99999",
            "00012.5000",
        ];
        cases.iter().for_each(|c| same_as_std(c));
    }

    #[test]
    fn matches_std_on_random_decimals() {
        let mut rng = Rng::seed(7);
        for _ in 0..200_000 {
            let digits = 1 + (rng.uniform(0.0, 1.0) * 16.0) as usize;
            let mut s: String =
                (0..digits).map(|_| char::from(b'0' + (rng.uniform(0.0, 10.0) as u8).min(9))).collect();
            let dot = (rng.uniform(0.0, 1.0) * (digits + 1) as f32) as usize;
            s.insert(dot.min(s.len()), '.');
            if rng.uniform(0.0, 1.0) < 0.3 {
                s.push_str(&format!("e{}", (rng.uniform(-30.0, 30.0)) as i32));
            }
            same_as_std(&s);
        }
    }

    #[test]
    fn halfway_f64_values_defer_to_std() {
        // 1 + 2^-24 is exactly halfway between the f32s 1 and 1 + 2^-23: ties-to-even gives 1.
        same_as_std("1.000000059604644775390625");
        same_as_std("1.0000000596046448");
    }
}
