//! The CSV field delimiter: given, or detected among `,` `;` tab `|` from the first lines.
//!
//! Detection counts each candidate outside double quotes on each of the first (up to 10) lines and picks
//! the one found the same, non-zero number of times on every line, preferring the highest count; when
//! no candidate is consistent, the one most frequent in the header wins; with none at all, `,`.
use std::str::FromStr;

use crate::DataError;

const CANDIDATES: [u8; 4] = [b',', b';', b'\t', b'|'];
const SAMPLE_LINES: usize = 10;

/// How fields are separated in a CSV file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Delimiter {
    /// Detect among `,` `;` tab `|`.
    #[default]
    Auto,
    /// This ASCII byte.
    Byte(u8),
}

impl FromStr for Delimiter {
    type Err = DataError;
    /// `auto`, `comma`, `semicolon`, `tab`, `pipe`, `\t`, or any single ASCII character.
    fn from_str(s: &str) -> Result<Self, DataError> {
        Ok(match s {
            "auto" => Delimiter::Auto,
            "comma" => Delimiter::Byte(b','),
            "semicolon" => Delimiter::Byte(b';'),
            "tab" | "\\t" => Delimiter::Byte(b'\t'),
            "pipe" => Delimiter::Byte(b'|'),
            _ if s.len() == 1 && s.is_ascii() => Delimiter::Byte(s.as_bytes()[0]),
            _ => {
                return Err(DataError::InvalidOption {
                    option: "delimiter",
                    value: s.to_owned(),
                    expected: "auto, comma, semicolon, tab, pipe, or a single ASCII character",
                })
            }
        })
    }
}

impl Delimiter {
    /// The byte to split on: the given one, or the one detected in `text`.
    pub(crate) fn resolve(self, text: &[u8]) -> u8 {
        match self {
            Delimiter::Byte(b) => b,
            Delimiter::Auto => detect(text),
        }
    }
}

fn detect(text: &[u8]) -> u8 {
    let counts = count_per_line(text);
    let Some(header) = counts.first() else { return b',' };
    let consistent = (0..CANDIDATES.len())
        .filter(|&k| header[k] > 0 && counts.iter().all(|c| c[k] == header[k]))
        .max_by_key(|&k| header[k]);
    let most_in_header = (0..CANDIDATES.len()).filter(|&k| header[k] > 0).max_by_key(|&k| header[k]);
    consistent.or(most_in_header).map_or(b',', |k| CANDIDATES[k])
}

/// Candidate counts outside quotes for each of the first complete, non-blank lines.
fn count_per_line(text: &[u8]) -> Vec<[usize; 4]> {
    let mut lines = Vec::new();
    let mut current = [0usize; 4];
    let (mut in_quotes, mut blank) = (false, true);
    for &b in text {
        match b {
            b'"' => in_quotes = !in_quotes,
            b'\n' if !in_quotes => {
                if !blank {
                    lines.push(current);
                }
                if lines.len() == SAMPLE_LINES {
                    break;
                }
                (current, blank) = ([0; 4], true);
                continue;
            }
            _ if !in_quotes => {
                if let Some(k) = CANDIDATES.iter().position(|&c| c == b) {
                    current[k] += 1;
                }
            }
            _ => {}
        }
        blank &= b.is_ascii_whitespace();
    }
    if !blank && lines.len() < SAMPLE_LINES {
        lines.push(current);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_each_candidate() {
        assert_eq!(detect(b"a,b,c\n1,2,3\n"), b',');
        assert_eq!(detect(b"a;b\n1,5;2,5\n"), b';'); // decimal commas do not fool it
        assert_eq!(detect(b"a\tb\n1\t2"), b'\t');
        assert_eq!(detect(b"a|b\n1|2\n"), b'|');
    }

    #[test]
    fn ignores_delimiters_inside_quotes_and_falls_back_to_comma() {
        assert_eq!(detect(b"\"x;y\",b\n\"1;2\",3\n"), b',');
        assert_eq!(detect(b"single\n1\n"), b',');
        assert_eq!(detect(b""), b',');
    }

    #[test]
    fn parses_names_and_single_characters() {
        assert_eq!("tab".parse::<Delimiter>().unwrap(), Delimiter::Byte(b'\t'));
        assert_eq!(";".parse::<Delimiter>().unwrap(), Delimiter::Byte(b';'));
        let err = "::".parse::<Delimiter>().unwrap_err().to_string();
        assert!(err.contains("invalid delimiter '::'"), "{err}");
    }
}
