//! The first pass over a streamed LIBSVM file: the same preprocessing `Preprocessor::fit` gives
//! the in-memory reader's dense table (columns `f1..fK`, or the buckets `h1..hN` when hashed, and
//! `label`), fitted online from the sparse rows:
//!   K = the largest index in the file (every row, test rows too, as the in-memory table is as
//!       wide as the file), or 2^B with `--hash-bits B`;
//!   per feature j, over the n fitted rows: the moments (count c, mean m, m2, range) of its stored
//!   values, and n − c implicit zeros merged in (Chan et al. 1979, with the zeros' mean 0, m2 0):
//!       mean = m·c/n,   m2_all = m2 + m²·c·(n − c)/n,   range widened to 0 when c < n
//! so standard, min-max or no scaling is the in-memory one (up to rounding). The scaled rows are
//! dense (standard scaling moves the zeros), as they are in memory; `--scale none` keeps them sparse
//! in value. The label is the target, read by `Target::fit`'s rules. LIBSVM has no missing values.
use std::sync::Arc;

use super::column_stats::{Kind, Parsed};
use super::labels::Labels;
use super::libsvm_rows::LibsvmRows;
use super::moments::Moments;
use super::online_fit::{RowCounts, StreamFit};
use super::row_split::Role;
use super::StreamOptions;
use crate::error::show;
use crate::preprocess::Summary;
use crate::readers::libsvm_line::LABEL;
use crate::{DataError, FeatureEncoder, FeatureHash, Format, Names, Preprocessor, Task};

/// Fits `options.path`, a LIBSVM file, in one pass.
pub(super) fn fit_libsvm(options: &StreamOptions) -> Result<StreamFit, DataError> {
    if options.target != LABEL {
        let available = Names(vec![LABEL.to_owned()]);
        return Err(DataError::UnknownColumn { column: options.target.clone(), available });
    }
    let mut rows = LibsvmRows::open(&options.path, options.feature_hash)?;
    if options.row_cache {
        rows = rows.caching();
    }
    let mut stats: Vec<Moments> = vec![Moments::default(); options.feature_hash.map_or(0, |h| h.width())];
    let (mut labels, mut label_moments) = (Labels::new(options.task), Moments::default());
    let (mut counts, mut fitted, mut width) = (RowCounts::default(), 0u64, stats.len());
    while let Some(row) = rows.next_row()? {
        counts.rows += 1;
        let role = options.split.role(row.index);
        labels.observe(Parsed::Number(row.label), b"", row.at());
        width = width.max(row.entries.last().map_or(0, |&(k, _)| k as usize + 1));
        let fitting = role != Role::Test && options.fit_rows.is_none_or(|n| (fitted as usize) < n);
        counts.add(role);
        if !fitting {
            continue;
        }
        fitted += 1;
        label_moments.push(f64::from(row.label));
        if stats.len() < width {
            stats.resize(width, Moments::default());
        }
        row.entries.iter().for_each(|&(k, v)| stats[k as usize].push(f64::from(v)));
    }
    if counts.rows == 0 {
        return Err(DataError::NoDataRows { path: show(&options.path) });
    }
    if width == 0 {
        return Err(DataError::NoFeatures { path: show(&options.path), target: LABEL.to_owned() });
    }
    stats.resize(width, Moments::default());
    let target = labels.target(LABEL, Kind::Numeric)?;
    let scale = options.preprocess.scale_for(false);
    let name = |k: usize| match options.feature_hash {
        Some(_) => FeatureHash::column(k),
        None => format!("f{}", k + 1),
    };
    let features = stats
        .iter()
        .enumerate()
        .map(|(k, m)| {
            let s = with_zeros(m, fitted);
            let fill = (s.count > 0).then_some(s.mean);
            FeatureEncoder::Numeric { column: name(k), fill, affine: scale.fit_summary(&s) }
        })
        .collect();
    let regression = target.task() == Task::Regression;
    let target_moments = regression.then(|| {
        let s = with_zeros(&label_moments, label_moments.count);
        (s.mean, if s.var > 0.0 { s.var.sqrt() } else { 1.0 })
    });
    let preprocessor = Preprocessor::from_parts(target, scale, options.preprocess.missing, features)
        .with_feature_hash(options.feature_hash);
    Ok(StreamFit {
        names: Vec::new(),
        text: Vec::new(),
        format: Format::Libsvm,
        options: options.clone(),
        preprocessor,
        counts,
        target_moments,
        cache: rows.into_cache().map(Arc::new),
    })
}

/// The summary of `n` values: those `m` holds and `n − m.count` zeros (see the module header).
fn with_zeros(m: &Moments, n: u64) -> Summary {
    if n == 0 {
        return Summary { count: 0, mean: 0.0, var: 0.0, min: 0.0, max: 0.0 };
    }
    let (c, zeros) = (m.count as f64, (n - m.count) as f64);
    let nf = n as f64;
    let mean = if m.count == 0 { 0.0 } else { m.mean * c / nf };
    let m2 = if m.count == 0 { 0.0 } else { m.m2 + m.mean * m.mean * c * zeros / nf };
    let (min, max) = match (m.count, n > m.count) {
        (0, _) => (0.0, 0.0),
        (_, true) => (m.min.min(0.0), m.max.max(0.0)),
        (_, false) => (m.min, m.max),
    };
    Summary { count: n, mean, var: m2 / nf, min, max }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zeros_merge_into_the_two_pass_moments() {
        // Values {2, 4} among 4 rows: {2, 4, 0, 0}: mean 1.5, var (0.25 + 6.25 + 2.25 + 2.25)/4 = 2.75.
        let mut m = Moments::default();
        [2.0, 4.0].iter().for_each(|&v| m.push(v));
        let s = with_zeros(&m, 4);
        assert!((s.mean - 1.5).abs() < 1e-12 && (s.var - 2.75).abs() < 1e-12, "{s:?}");
        assert_eq!((s.min, s.max), (0.0, 4.0)); // exact: copies
        let all = with_zeros(&m, 2);
        assert_eq!((all.min, all.max), (2.0, 4.0));
    }
}
