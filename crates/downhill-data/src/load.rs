//! `load`: read any supported file into a [`Table`], picking the format by extension, then content.
use std::path::Path;

use crate::error::show;
use crate::readers::{read_csv, read_idx, read_libsvm};
use crate::source::read_bytes;
use crate::{DataError, Format, LoadOptions, Table};

/// Reads the data file `path` (gzipped or not) into a table.
///
/// The format is `options.format` or else detected ([`Format::detect`]). CSV tables have the header's
/// columns; LIBSVM tables have `f1..fN` and `label`; IDX tables have `pixel_R_C` and `label` (when a
/// labels file is found, see [`IdxLabels`](crate::IdxLabels)).
///
/// ```
/// # let dir = std::env::temp_dir().join(format!("downhill-load-doc-{}", std::process::id()));
/// # std::fs::create_dir_all(&dir).unwrap();
/// # let path = dir.join("tiny.csv");
/// std::fs::write(&path, "x,color,y\n1,red,0\n2,NA,1\n").unwrap();
/// let table = downhill_data::load(&path, &Default::default()).unwrap();
/// assert_eq!((table.n_rows(), table.names().len()), (2, 3));
/// assert!(table.column("color").unwrap().is_missing(1));
/// # std::fs::remove_dir_all(&dir).unwrap();
/// ```
pub fn load(path: impl AsRef<Path>, options: &LoadOptions) -> Result<Table, DataError> {
    let path = path.as_ref();
    let bytes = read_bytes(path)?;
    if bytes.is_empty() {
        return Err(DataError::EmptyFile { path: show(path) });
    }
    let format = options.format.unwrap_or_else(|| Format::detect(path, &bytes));
    if let (Some(_), Format::Csv | Format::Idx) = (options.feature_hash, format) {
        let format = if format == Format::Csv { "CSV" } else { "IDX" };
        return Err(DataError::HashNeedsLibsvm { path: show(path), format });
    }
    match format {
        Format::Csv => read_csv(&bytes, &show(path), options),
        Format::Libsvm => read_libsvm(&bytes, &show(path), options),
        Format::Idx => read_idx(&bytes, path, &options.idx_labels),
    }
}
