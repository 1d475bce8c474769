//! A character vocabulary: the distinct characters of the training text, sorted by code point, so
//! the same text always gives the same ids (nanoGPT's `sorted(set(text))`), optionally grown by
//! byte-pair merges learned on the training text (byte_pairs.rs): ids past the characters are the
//! merges, in the order learned. Stored in the model file, so evaluation and generation map text to
//! the ids the model was trained with. A character outside it is an error naming the characters
//! (there is no unknown token).
use crate::byte_pairs;
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
#[serde(try_from = "StoredVocabulary")]
pub struct Vocabulary {
    /// Id i is `chars[i]`; sorted, distinct.
    chars: Vec<char>,
    /// Id `chars.len() + k` is the pair `merges[k]` of earlier ids. Absent from the stored form
    /// of a character vocabulary, so files written before byte pairs read unchanged.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    merges: Vec<(usize, usize)>,
}

/// A vocabulary as stored, checked before it becomes one: a damaged model file must give an
/// error, not wrong ids or a decode that never ends.
#[derive(Deserialize)]
struct StoredVocabulary {
    chars: Vec<char>,
    #[serde(default)]
    merges: Vec<(usize, usize)>,
}

impl TryFrom<StoredVocabulary> for Vocabulary {
    type Error = String;
    fn try_from(s: StoredVocabulary) -> Result<Vocabulary, String> {
        if !s.chars.windows(2).all(|w| w[0] < w[1]) {
            return Err("its characters are not sorted and distinct".into());
        }
        // Merge k makes id chars + k from two ids made before it.
        let bad = s.merges.iter().enumerate().find(|(k, &(a, b))| a.max(b) >= s.chars.len() + k);
        if let Some((k, pair)) = bad {
            return Err(format!("merge {k} {pair:?} names an id not made before it"));
        }
        Ok(Vocabulary { chars: s.chars, merges: s.merges })
    }
}

impl Vocabulary {
    /// The distinct characters of `text`, sorted.
    pub fn from_text(text: &[char]) -> Vocabulary {
        let mut chars = text.to_vec();
        chars.sort_unstable();
        chars.dedup();
        Vocabulary { chars, merges: Vec::new() }
    }

    /// This vocabulary grown by byte-pair merges learned on `train` to at most `vocab_size` tokens
    /// (at most `MAX_VOCAB`; learning stops early when no pair occurs twice), and `train`
    /// encoded with them.
    ///
    /// ```
    /// use downhill_data::Vocabulary;
    /// let text: Vec<char> = "the cat, the hat, the mat".chars().collect();
    /// let (bpe, ids) = Vocabulary::from_text(&text).with_byte_pairs(&text, 14).unwrap();
    /// assert!(bpe.len() > Vocabulary::from_text(&text).len() && ids.len() < text.len());
    /// assert_eq!(bpe.decode(&ids), "the cat, the hat, the mat");
    /// assert_eq!(bpe.encode(&text, "t").unwrap(), ids);
    /// ```
    pub fn with_byte_pairs(
        self,
        train: &[char],
        vocab_size: usize,
    ) -> Result<(Vocabulary, Vec<usize>), DataError> {
        if !(self.chars.len()..=byte_pairs::MAX_VOCAB).contains(&vocab_size) {
            return Err(DataError::VocabSize {
                asked: vocab_size,
                chars: self.chars.len(),
                max: byte_pairs::MAX_VOCAB,
            });
        }
        let ids = self.char_ids(train, "the training text")?;
        let (merges, ids) = byte_pairs::learn(ids, self.chars.len(), vocab_size);
        Ok((Vocabulary { merges, ..self }, ids))
    }

    /// Number of tokens: the distinct characters, then the merges (the model's vocabulary size).
    pub fn len(&self) -> usize {
        self.chars.len() + self.merges.len()
    }

    /// The byte-pair merges, in the order learned (empty for a character vocabulary).
    pub fn merges(&self) -> &[(usize, usize)] {
        &self.merges
    }

    /// How many characters token `id` stands for (1 for a character).
    pub fn chars_in(&self, id: usize) -> usize {
        match id.checked_sub(self.chars.len()) {
            None => 1,
            Some(k) => self.chars_in(self.merges[k].0) + self.chars_in(self.merges[k].1),
        }
    }
    /// True for the vocabulary of an empty text.
    pub fn is_empty(&self) -> bool {
        self.chars.is_empty()
    }
    /// The characters in id order (sorted by code point).
    pub fn chars(&self) -> &[char] {
        &self.chars
    }

    /// The ids of `text`: one per character, then the merges applied in order; `what` names the
    /// text in the error ("data.txt", "--prompt"), which lists each unknown character once.
    pub fn encode(&self, text: &[char], what: &str) -> Result<Vec<usize>, DataError> {
        let ids = self.char_ids(text, what)?;
        Ok(byte_pairs::apply(ids, self.chars.len(), &self.merges))
    }

    /// The character id of every character of `text` (see `encode`).
    fn char_ids(&self, text: &[char], what: &str) -> Result<Vec<usize>, DataError> {
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
        let mut text = String::new();
        ids.iter().for_each(|&id| self.push_chars(id, &mut text));
        text
    }

    fn push_chars(&self, id: usize, text: &mut String) {
        match id.checked_sub(self.chars.len()) {
            None => text.push(self.chars[id]),
            Some(k) => {
                self.push_chars(self.merges[k].0, text);
                self.push_chars(self.merges[k].1, text);
            }
        }
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
        assert_eq!(
            serde_json::to_string(&v).unwrap(),
            r#"{"chars":["\n"," ",",","d","e","h","l","o","r","w"]}"#
        );
    }

    #[test]
    fn byte_pairs_extend_the_ids_and_decode_to_the_same_text() {
        let text: Vec<char> = "low lower lowest newer wider".chars().collect();
        let chars = Vocabulary::from_text(&text);
        let (v, ids) = chars.clone().with_byte_pairs(&text, chars.len() + 3).unwrap();
        assert_eq!(v.len(), chars.len() + 3);
        let (all, _) = chars.clone().with_byte_pairs(&text, chars.len() + 100).unwrap();
        assert!(all.len() < chars.len() + 100, "learning stops once no pair repeats");
        assert_eq!(v.decode(&ids), "low lower lowest newer wider");
        let total: usize = ids.iter().map(|&id| v.chars_in(id)).sum();
        assert_eq!(total, text.len(), "each token stands for its characters");
        // "lo" and "low" are among the merges: "low" is one token.
        let low = v.encode(&['l', 'o', 'w'], "t").unwrap();
        assert_eq!((low.len(), v.chars_in(low[0])), (1, 3));
        let back: Vocabulary = serde_json::from_str(&serde_json::to_string(&v).unwrap()).unwrap();
        assert_eq!(back, v);
        for stored in [r#"{"chars":["b","a"]}"#, r#"{"chars":["a","b"],"merges":[[0,1],[3,0]]}"#] {
            let e = serde_json::from_str::<Vocabulary>(stored).unwrap_err().to_string();
            assert!(e.contains("sorted") || e.contains("merge 1 (3, 0)"), "{e}");
        }
        for bad in [chars.len() - 1, crate::MAX_VOCAB + 1] {
            let e = chars.clone().with_byte_pairs(&text, bad).unwrap_err().to_string();
            assert!(e.contains("--vocab-size") && e.contains("2048"), "{e}");
        }
    }
}
