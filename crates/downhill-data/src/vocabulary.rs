//! A character vocabulary: the distinct characters of the training text, sorted by code point, so
//! the same text always gives the same ids (nanoGPT's `sorted(set(text))`). Stored in the model
//! file, so evaluation and generation map characters to the ids the model was trained with. A
//! character outside it is an error naming the characters (there is no unknown token).
use crate::DataError;
use serde::{Deserialize, Serialize};

/// The characters a character-level model knows; a character's id is its position in sorted order.
///
/// ```
/// use downhill_data::Vocabulary;
/// let text: Vec<char> = "hello".chars().collect();
/// let vocab = Vocabulary::from_text(&text);
/// assert_eq!(vocab.chars(), &['e', 'h', 'l', 'o']);
/// let ids = vocab.encode(&text, "hello.txt").unwrap();
/// assert_eq!(ids, [1, 0, 2, 2, 3]);
/// assert_eq!(vocab.decode(&ids), "hello");
/// assert!(vocab.encode(&['x'], "--prompt").unwrap_err().to_string().contains("'x'"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Vocabulary {
    /// Id i is `chars[i]`; sorted, distinct.
    chars: Vec<char>,
}

impl Vocabulary {
    /// The distinct characters of `text`, sorted.
    pub fn from_text(text: &[char]) -> Vocabulary {
        let mut chars = text.to_vec();
        chars.sort_unstable();
        chars.dedup();
        Vocabulary { chars }
    }

    /// Number of distinct characters (the model's vocabulary size).
    pub fn len(&self) -> usize {
        self.chars.len()
    }
    /// True for the vocabulary of an empty text.
    pub fn is_empty(&self) -> bool {
        self.chars.is_empty()
    }
    /// The characters in id order (sorted by code point).
    pub fn chars(&self) -> &[char] {
        &self.chars
    }

    /// The id of every character of `text`; `what` names the text in the error ("data.txt",
    /// "--prompt"), which lists each unknown character once.
    pub fn encode(&self, text: &[char], what: &str) -> Result<Vec<usize>, DataError> {
        let mut unknown: Vec<char> =
            text.iter().copied().filter(|c| self.chars.binary_search(c).is_err()).collect();
        if !unknown.is_empty() {
            unknown.sort_unstable();
            unknown.dedup();
            let chars = unknown.iter().map(|c| format!("{:?}", c)).collect::<Vec<_>>().join(", ");
            return Err(DataError::UnknownCharacters { what: what.to_string(), chars });
        }
        Ok(text.iter().map(|c| self.chars.binary_search(c).unwrap_or_default()).collect())
    }

    /// The text of `ids` (each below `len()`).
    pub fn decode(&self, ids: &[usize]) -> String {
        ids.iter().map(|&i| self.chars[i]).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_sorted_characters_and_unknown_ones_are_named() {
        let text: Vec<char> = "hello, world\n".chars().collect();
        let v = Vocabulary::from_text(&text);
        assert_eq!(v.chars(), &['\n', ' ', ',', 'd', 'e', 'h', 'l', 'o', 'r', 'w']);
        let ids = v.encode(&text, "t").unwrap();
        assert_eq!(v.decode(&ids), "hello, world\n");
        let e = v.encode(&"hex!x?".chars().collect::<Vec<_>>(), "--prompt").unwrap_err().to_string();
        assert!(e.contains("--prompt") && e.contains("'!', '?', 'x'") && !e.contains('\n'), "{e}");
        let back: Vocabulary = serde_json::from_str(&serde_json::to_string(&v).unwrap()).unwrap();
        assert_eq!(back, v);
    }
}
