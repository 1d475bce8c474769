//! One streamed LIBSVM row to its features and target, as `Preprocessor::transform` writes that
//! row of the dense table the in-memory reader builds: every feature j starts at its scaled zero,
//! affine_j(0) (0 unless standard or min-max scaling moved it), then each stored value v at index j
//! is written as affine_j(v). The target is its value, or its class id (classes named as
//! `number_text` names them). An index beyond the fitted width is the in-memory reader's error.
use std::collections::HashMap;

use downhill_tensor::Float;

use super::libsvm_rows::SparseRow;
use super::online_fit::StreamFit;
use crate::column::number_text;
use crate::error::show;
use crate::readers::libsvm_line::LABEL;
use crate::{Affine, DataError, FeatureEncoder, Names, TargetKind};

pub(crate) struct SparseEncoder {
    path: String,
    /// affine_j(0) for every feature: a row with no stored value.
    zeros: Vec<Float>,
    affines: Vec<Affine>,
    /// Class ids by label text; `None` for regression.
    classes: Option<HashMap<String, usize>>,
    /// Class ids by the label's bits, as met: naming each row's label as text cost more than the
    /// rest of its encoding.
    seen: Vec<(u32, Float)>,
}

impl SparseEncoder {
    pub fn new(fit: &StreamFit) -> SparseEncoder {
        let affines: Vec<Affine> = fit
            .preprocessor
            .encoders()
            .iter()
            .map(|e| match e {
                FeatureEncoder::Numeric { affine, .. } => *affine,
                FeatureEncoder::OneHot { .. } => Affine::IDENTITY, // never fitted from LIBSVM
            })
            .collect();
        let classes = match fit.preprocessor.target().kind() {
            TargetKind::Classification { classes } => {
                Some(classes.iter().enumerate().map(|(k, c)| (c.clone(), k)).collect())
            }
            _ => None,
        };
        SparseEncoder {
            path: show(&fit.options.path),
            zeros: affines.iter().map(|a| a.apply(0.0) as Float).collect(),
            affines,
            classes,
            seen: Vec::new(),
        }
    }

    /// Writes `row`'s features into `x` (the fitted width) and returns its target.
    pub fn encode(&mut self, row: &SparseRow<'_>, x: &mut [Float]) -> Result<Float, DataError> {
        x.copy_from_slice(&self.zeros);
        for &(k, v) in row.entries {
            let Some(affine) = self.affines.get(k as usize) else {
                return Err(DataError::FeatureIndexTooLarge {
                    path: self.path.clone(),
                    line: row.line,
                    index: k as usize + 1,
                    n_features: self.affines.len(),
                });
            };
            x[k as usize] = affine.apply(f64::from(v)) as Float;
        }
        let Some(classes) = &self.classes else { return Ok(row.label) };
        let bits = row.label.to_bits();
        if let Some(&(_, k)) = self.seen.iter().find(|(b, _)| *b == bits) {
            return Ok(k);
        }
        let label = number_text(row.label);
        match classes.get(&label) {
            Some(&k) => {
                self.seen.push((bits, k as Float));
                Ok(k as Float)
            }
            None => {
                let mut known: Vec<(usize, String)> = classes.iter().map(|(c, &k)| (k, c.clone())).collect();
                known.sort();
                Err(DataError::UnknownLabel {
                    column: LABEL.to_owned(),
                    label,
                    at: row.at(),
                    known: Names(known.into_iter().map(|(_, c)| c).collect()),
                })
            }
        }
    }
}
