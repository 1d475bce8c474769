//! The file formats and how one is picked: the extension (after any `.gz`) when it is known, else the
//! content. IDX starts with two zero bytes, type `0x08` (unsigned bytes) and a dimension count;
//! LIBSVM's first data line is a numeric label followed by `index:value` pairs; anything else is CSV.
use std::path::Path;
use std::str::FromStr;

use crate::DataError;

/// A supported data file format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Delimited text with a header row.
    Csv,
    /// LIBSVM / svmlight sparse text: `label index:value ...`, 1-based indices.
    Libsvm,
    /// The IDX binary format of MNIST (`*-idx3-ubyte` images, `*-idx1-ubyte` labels).
    Idx,
}

impl FromStr for Format {
    type Err = DataError;
    fn from_str(s: &str) -> Result<Self, DataError> {
        match s {
            "csv" | "tsv" => Ok(Format::Csv),
            "libsvm" | "svmlight" | "svm" => Ok(Format::Libsvm),
            "idx" => Ok(Format::Idx),
            _ => Err(DataError::InvalidOption {
                option: "format",
                value: s.to_owned(),
                expected: "csv, libsvm (or svmlight), idx",
            }),
        }
    }
}

impl Format {
    /// The format of the file `path` whose (decompressed) contents are `bytes`.
    pub fn detect(path: &Path, bytes: &[u8]) -> Format {
        Self::from_name(path).unwrap_or_else(|| Self::from_content(bytes))
    }

    fn from_name(path: &Path) -> Option<Format> {
        let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
        let name = name.strip_suffix(".gz").unwrap_or(&name);
        let ext = name.rsplit_once('.').map(|(_, e)| e);
        match ext {
            Some("csv" | "tsv") => Some(Format::Csv),
            Some("libsvm" | "svm" | "svmlight") => Some(Format::Libsvm),
            Some("idx") => Some(Format::Idx),
            _ if name.ends_with("-ubyte") => Some(Format::Idx),
            _ => None,
        }
    }

    fn from_content(bytes: &[u8]) -> Format {
        if bytes.len() >= 4 && bytes[..3] == [0, 0, 0x08] && (1..=4).contains(&bytes[3]) {
            return Format::Idx;
        }
        let first_line = bytes
            .split(|&b| b == b'\n')
            .map(|l| l.split(|&b| b == b'#').next().unwrap_or_default().trim_ascii())
            .find(|l| !l.is_empty());
        match first_line {
            Some(line) if looks_like_libsvm(line) => Format::Libsvm,
            _ => Format::Csv,
        }
    }
}

fn looks_like_libsvm(line: &[u8]) -> bool {
    let Ok(line) = std::str::from_utf8(line) else { return false };
    let mut tokens = line.split_ascii_whitespace();
    let label_ok = tokens.next().is_some_and(|t| t.split(',').all(|l| l.parse::<f64>().is_ok()));
    let pairs: Vec<&str> = tokens.collect();
    let pair_ok = |t: &&str| {
        t.split_once(':')
            .is_some_and(|(i, v)| (i == "qid" || i.parse::<u64>().is_ok()) && v.parse::<f64>().is_ok())
    };
    label_ok && !pairs.is_empty() && pairs.iter().all(pair_ok)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extension_wins_after_stripping_gz() {
        assert_eq!(Format::detect(Path::new("a/iris.csv.gz"), b"1 1:2"), Format::Csv);
        assert_eq!(Format::detect(Path::new("x.svm"), b"a,b"), Format::Libsvm);
        assert_eq!(Format::detect(Path::new("t10k-images-idx3-ubyte.gz"), b""), Format::Idx);
    }

    #[test]
    fn content_decides_otherwise() {
        assert_eq!(Format::detect(Path::new("data"), &[0, 0, 8, 3, 0, 0, 0, 1]), Format::Idx);
        assert_eq!(Format::detect(Path::new("d.txt"), b"# c\n+1 qid:3 1:0.5 7:1\n"), Format::Libsvm);
        assert_eq!(Format::detect(Path::new("d.txt"), b"a b\n1 2\n"), Format::Csv);
        assert_eq!(Format::detect(Path::new("d.dat"), b"x,y\n1,2\n"), Format::Csv);
    }

    #[test]
    fn parses_names() {
        assert_eq!("svmlight".parse::<Format>().unwrap(), Format::Libsvm);
        assert!("parquet".parse::<Format>().unwrap_err().to_string().contains("invalid format 'parquet'"));
    }
}
