//! A height-and-width pair that torch lets you write as one number (`kernel_size=3` means 3×3) or
//! as a tuple (`kernel_size=(3, 1)`). Stored the same way: one number when both agree.
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// (height, width) of a kernel, stride, padding or output size; written `3` or `(3, 1)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pair(pub usize, pub usize);

impl Pair {
    /// `n` for both height and width.
    pub fn square(n: usize) -> Pair {
        Pair(n, n)
    }
    /// (height, width).
    pub fn tuple(self) -> (usize, usize) {
        (self.0, self.1)
    }
}

impl std::fmt::Display for Pair {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 == self.1 {
            true => write!(f, "{}", self.0),
            false => write!(f, "({}, {})", self.0, self.1),
        }
    }
}

impl Serialize for Pair {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 == self.1 {
            true => self.0.serialize(s),
            false => [self.0, self.1].serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for Pair {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Pair, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Form {
            One(usize),
            Two([usize; 2]),
        }
        Ok(match Form::deserialize(d) {
            Ok(Form::One(n)) => Pair(n, n),
            Ok(Form::Two([h, w])) => Pair(h, w),
            Err(_) => return Err(serde::de::Error::custom("expected a whole number or a pair (h, w)")),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_one_number_or_two_and_writes_the_short_form() {
        let p: Pair = serde_json::from_str("3").unwrap();
        assert_eq!(p, Pair(3, 3));
        let q: Pair = serde_json::from_str("[3, 1]").unwrap();
        assert_eq!(q, Pair(3, 1));
        assert_eq!(serde_json::to_string(&p).unwrap(), "3");
        assert_eq!(serde_json::to_string(&q).unwrap(), "[3,1]");
        assert_eq!(q.to_string(), "(3, 1)");
        assert!(serde_json::from_str::<Pair>("[1, 2, 3]").is_err());
    }
}
