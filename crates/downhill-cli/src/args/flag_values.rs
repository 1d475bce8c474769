//! The values of table-made flags as clap reads them: numbers that also take a word (`--tol none`,
//! `--lr auto`) and torch's tuples given as `A,B` or `A,B,C`. `described_flags.rs` picks the
//! parser from the option's kind; the errors are the one line clap prints under the flag.
use downhill_optim::ValueKind;

/// A number option's value where a word is allowed.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum NumberOrWord {
    Float(f64),
    Count(u64),
    Word(&'static str),
}

/// A number option's value where `auto` is allowed.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum NumberOrAuto {
    Number(f64),
    Auto,
}

/// A number of `kind` (a float or a count), or one of option `name`'s words (the first is named
/// in the error; later ones are other spellings of it).
pub(super) fn parse_number_or_word(
    text: &str,
    kind: ValueKind,
    name: &str,
    words: &'static [(&'static str, &'static str, &'static str)],
) -> Result<NumberOrWord, String> {
    let t = text.trim();
    let mut own = words.iter().filter(|(n, ..)| *n == name).map(|(_, w, _)| *w);
    let first = own.clone().next().unwrap_or_default();
    if let Some(word) = own.find(|w| *w == t) {
        return Ok(NumberOrWord::Word(word));
    }
    let number = match kind {
        ValueKind::Count => t.parse().map(NumberOrWord::Count).ok(),
        _ => t.parse().map(NumberOrWord::Float).ok(),
    };
    number.ok_or_else(|| format!("`{t}` is not {} or `{first}`", kind.noun()))
}

/// A number, or the word `auto`.
pub(super) fn parse_number_or_auto(text: &str) -> Result<NumberOrAuto, String> {
    match text.trim() {
        "auto" => Ok(NumberOrAuto::Auto),
        t => t.parse().map(NumberOrAuto::Number).map_err(|_| format!("`{t}` is not a number or `auto`")),
    }
}

/// `A,B,C` as three numbers (a torch triple such as Muon's `ns_coefficients`).
pub(super) fn parse_triple(text: &str) -> Result<(f64, f64, f64), String> {
    let numbers: Vec<Result<f64, _>> = text.split(',').map(|x| x.trim().parse::<f64>()).collect();
    match numbers[..] {
        [Ok(a), Ok(b), Ok(c)] => Ok((a, b, c)),
        _ => Err("expected three comma-separated numbers A,B,C".to_string()),
    }
}

/// `A,B` as two numbers (a torch tuple such as Rprop's `etas`).
pub(super) fn parse_pair(text: &str) -> Result<(f64, f64), String> {
    let numbers: Vec<Result<f64, _>> = text.split(',').map(|x| x.trim().parse::<f64>()).collect();
    match numbers[..] {
        [Ok(a), Ok(b)] => Ok((a, b)),
        _ => Err("expected two comma-separated numbers A,B".to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_numbers_and_tuples_parse_or_say_what_was_expected() {
        const WORDS: &[(&str, &str, &str)] = &[("tol", "none", "the rule is off")];
        assert_eq!(
            parse_number_or_word(" none", ValueKind::Float, "tol", WORDS),
            Ok(NumberOrWord::Word("none"))
        );
        assert_eq!(parse_number_or_word("0.5", ValueKind::Float, "tol", WORDS), Ok(NumberOrWord::Float(0.5)));
        assert_eq!(parse_number_or_word("3", ValueKind::Count, "tol", WORDS), Ok(NumberOrWord::Count(3)));
        let e = parse_number_or_word("off", ValueKind::Float, "tol", WORDS).unwrap_err();
        assert!(e.starts_with("`off` is not") && e.ends_with("or `none`"), "{e}");
        assert_eq!(parse_number_or_auto("auto"), Ok(NumberOrAuto::Auto));
        assert_eq!(parse_number_or_auto("1e-3"), Ok(NumberOrAuto::Number(1e-3)));
        assert_eq!(parse_number_or_auto("x").unwrap_err(), "`x` is not a number or `auto`");
        assert_eq!(parse_pair("0.5, 1.2"), Ok((0.5, 1.2)));
        assert!(parse_pair("0.5").is_err() && parse_pair("a,b").is_err());
        assert_eq!(parse_triple("3.4445,-4.775,2.0315"), Ok((3.4445, -4.775, 2.0315)));
        assert!(parse_triple("1,2").is_err());
    }
}
