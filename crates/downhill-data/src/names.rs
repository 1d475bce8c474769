//! `Names`: a list of names (columns, labels) as messages show it, long lists abbreviated.
use std::fmt;

/// A list of names shown in a message, comma-separated; a list of more than 12 shows its first 10,
/// `...`, its last and the count (`p0, ..., p9, ..., p783 (784 in all)`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Names(pub Vec<String>);

impl fmt::Display for Names {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const SHOWN: usize = 12;
        let n = self.0.len();
        if n <= SHOWN {
            return write!(f, "{}", self.0.join(", "));
        }
        let head = self.0[..SHOWN - 2].join(", ");
        write!(f, "{head}, ..., {} ({n} in all)", self.0[n - 1])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_name_lists_are_abbreviated() {
        let names = Names((0..784).map(|i| format!("p{i}")).collect());
        let text = names.to_string();
        assert!(text.starts_with("p0, p1,") && text.ends_with("p783 (784 in all)"), "{text}");
        assert_eq!(Names(vec!["a".into(), "b".into()]).to_string(), "a, b");
    }
}
