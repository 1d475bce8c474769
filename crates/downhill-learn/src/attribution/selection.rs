//! Feature selection by gradient attribution: rank a trained model's columns by their global
//! integrated-gradients importance on the training rows (captum's defaults: 50 Gauss-Legendre
//! nodes from the zeros baseline, each row's predicted class), and keep the K first. The caller
//! retrains on the kept columns' inputs and compares the two models on held-out rows.
use super::{AttributionSettings, Importance};
use crate::{LearnError, Model};
use downhill_tensor::Tensor;

/// The ranking, the K kept columns (in ranked order) and the model inputs that belong to them
/// (in input order).
#[derive(Clone, Debug)]
pub struct Selection {
    /// Every column with its importance, largest first.
    pub ranking: Vec<Importance>,
    /// The names of the `k` columns kept, in ranked order.
    pub kept: Vec<String>,
    /// The model inputs of the kept columns, ascending.
    pub inputs: Vec<usize>,
}

/// The `k` most important columns of `model` on rows `x` (its inputs); `groups` lists (column,
/// number of inputs) in input order. `k` must be at least 1 and at most the number of columns.
pub fn select_features(
    model: &mut Model,
    x: &Tensor,
    groups: &[(String, usize)],
    k: usize,
) -> Result<Selection, LearnError> {
    if k == 0 || k > groups.len() {
        return Err(LearnError::InvalidParam {
            name: "select_features",
            rule: "a number of columns from 1 to the number of feature columns",
            value: format!("{k} (the data has {} feature columns)", groups.len()),
        });
    }
    let attributions = model.attribute(x, None, &AttributionSettings::default())?;
    let ranking = attributions.by_column(groups)?.importance();
    let kept: Vec<String> = ranking[..k].iter().map(|i| i.feature.clone()).collect();
    let mut inputs = Vec::new();
    let mut at = 0;
    for (column, width) in groups {
        if kept.contains(column) {
            inputs.extend(at..at + width);
        }
        at += width;
    }
    Ok(Selection { ranking, kept, inputs })
}
