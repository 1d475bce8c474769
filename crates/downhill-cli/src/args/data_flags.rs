//! Where the data comes from and how it becomes features: the file, the target column, the task, the
//! preprocessing (fitted on training rows only) and the held-out test rows. Shared by `train` and
//! `compare`. Values are parsed here, into downhill-data's types; what they mean is decided there
//! and in `train/`.
use crate::error::CliError;
use clap::builder::PossibleValue;
use clap::{Args, ValueEnum};
use downhill_data::{Scale, TaskChoice, TestRows};
use std::ops::Range;
use std::path::PathBuf;

#[derive(Clone, Debug, Args)]
#[command(next_help_heading = "Data")]
pub struct DataFlags {
    /// Data file: CSV with a header, LIBSVM/svmlight, or IDX images (`*-idx3-ubyte[.gz]`, labels read
    /// from the `*-idx1-ubyte[.gz]` file beside it). Gzipped files are read as they are.
    #[arg(value_name = "DATA")]
    pub data: Option<PathBuf>,
    /// Target column (CSV: required; LIBSVM and IDX: `label`, the labels). With --model
    /// autoencoder, which has no target, a label column to leave out (neither read nor rebuilt).
    #[arg(long, value_name = "COL")]
    pub target: Option<String>,
    /// Task; inferred from the target when not given (text or few integers: classification).
    #[arg(long, value_enum)]
    pub task: Option<TaskArg>,
    /// Scaling of numeric features, fitted on the training rows.
    #[arg(long, value_enum, help = scale_help(), long_help = scale_help())]
    pub scale: Option<ScaleArg>,
    /// Missing values (NA, ?, empty): stop at the first, drop those rows, or impute training means.
    #[arg(long, value_enum, default_value_t = MissingArg::Error)]
    pub missing: MissingArg,
    /// Hold out this fraction of the rows (stratified for classification) and report test metrics.
    #[arg(long, value_name = "F", conflicts_with = "test_rows", allow_hyphen_values = true)]
    pub test_fraction: Option<f64>,
    /// Hold out data rows A..B (0-based, B excluded; e.g. 8000..10000) and report test metrics.
    #[arg(long, value_name = "A..B", value_parser = parse_rows)]
    pub test_rows: Option<Range<usize>>,
    /// LIBSVM only: hash the feature indices into 2^B buckets (B from 1 to 20; Vowpal Wabbit's -b),
    /// for files whose indices are too large or too many for one column each. The hash
    /// (murmur3_x86_32 of the index) is stored in the model, so predict hashes the same way.
    #[arg(long, value_name = "B")]
    pub hash_bits: Option<u32>,
    /// Seed for the test and validation splits, shuffling, dropout and initial weights.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub seed: u64,
}

impl DataFlags {
    /// `--test-rows A..B` or `--test-fraction F` (in (0, 1)), else no test rows.
    pub fn test_rows(&self) -> Result<TestRows, CliError> {
        match (&self.test_rows, self.test_fraction) {
            (Some(r), _) => Ok(TestRows::Range(r.clone())),
            (None, Some(f)) if f > 0.0 && f < 1.0 => Ok(TestRows::Fraction(f)),
            (None, Some(f)) => Err(CliError::invalid("--test-fraction", f, "numbers in (0, 1)")),
            (None, None) => Ok(TestRows::None),
        }
    }

    /// `--task`, or inferred from the target.
    pub fn task_choice(&self) -> TaskChoice {
        match self.task {
            None => TaskChoice::Auto,
            Some(TaskArg::Classification) => TaskChoice::Classification,
            Some(TaskArg::Regression) => TaskChoice::Regression,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum TaskArg {
    Classification,
    Regression,
}

/// `--scale`'s help: the default rule is downhill-data's.
fn scale_help() -> String {
    format!("Scaling of numeric features, fitted on the training rows [default: {}]", Scale::DEFAULT_RULE)
}

/// `--scale`: one of downhill-data's scalings, its names and help read from there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ScaleArg(pub Scale);

impl ValueEnum for ScaleArg {
    fn value_variants<'a>() -> &'a [Self] {
        const ALL: [ScaleArg; Scale::ALL.len()] = {
            let s = Scale::ALL;
            [ScaleArg(s[0]), ScaleArg(s[1]), ScaleArg(s[2]), ScaleArg(s[3]), ScaleArg(s[4])]
        };
        &ALL
    }
    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.0.name()).help(self.0.help()))
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum MissingArg {
    Error,
    Drop,
    Mean,
}

/// `A..B` with A < B; the message says what was wrong (clap adds the flag name).
pub fn parse_rows(s: &str) -> Result<Range<usize>, String> {
    let (a, b) = s.split_once("..").ok_or_else(|| format!("expected a row range A..B, got `{s}`"))?;
    let num = |t: &str| t.trim().parse::<usize>().map_err(|_| format!("`{t}` is not a row number"));
    let (a, b) = (num(a)?, num(b)?);
    if a >= b {
        return Err(format!("the range {a}..{b} is empty; give A < B"));
    }
    Ok(a..b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn row_ranges_are_half_open_and_non_empty() {
        assert_eq!(parse_rows("8000..10000"), Ok(8000..10000));
        assert!(parse_rows("5..5").unwrap_err().contains("empty"));
        assert!(parse_rows("5-9").unwrap_err().contains("A..B"));
        assert!(parse_rows("a..9").unwrap_err().contains("`a`"));
    }
}
