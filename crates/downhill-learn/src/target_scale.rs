//! Target standardisation for the regressors (`LinearRegression`, `MlpRegressor`). With
//! `TargetScaling::Standard` (the default) the network is trained on standardised targets and its
//! outputs are mapped back, so predictions, `score` and every regression metric are in y's units:
//!   fit:      μ = (1/n) Σ y_i,  σ = sqrt((1/n) Σ (y_i − μ)²)   over the *training* rows only
//!             (population std, as scikit-learn's `StandardScaler`; σ = 1 when y is constant)
//!   train on: z = (y − μ) / σ
//!   predict:  ŷ = μ + σ · ẑ
//! This is scikit-learn's `TransformedTargetRegressor(regressor, transformer=StandardScaler())`;
//! its `MLPRegressor` and `SGDRegressor` do *not* do it (they train on y as given, which is
//! `TargetScaling::None` here).
//!
//! Why it is the default: the squared loss and its gradients grow with σ² and the bias has to
//! travel μ from its initial 0, so targets in the hundreds (diabetes: 25..346, σ ≈ 77) leave the
//! default rate and epochs far from the optimum, while on z every default that works for classifiers
//! works too. What it changes besides the predictions:
//! - the losses in the history (train and validation, hence the `tol` rule) are in standardised
//!   units, i.e. the squared loss is MSE/σ². The validation metric R² is scale-free, unchanged.
//! - Huber's δ is in units of σ: δ = 1 switches to the linear zone one standard deviation out.
//! - Squared loss + L2: both terms scale by 1/σ², so the minimiser is the one on raw targets;
//!   an L1 penalty α acts like α·σ on raw targets.
//!
//! Computed in f64 from the f32 targets; the stored μ, σ are written to model files.
use crate::Split;
use downhill_tensor::Tensor;
use serde::{Deserialize, Serialize};

/// Whether a regressor standardises its targets (an estimator option; see the module header).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetScaling {
    /// Train on (y − μ) / σ, predict μ + σ · ẑ.
    #[default]
    Standard,
    /// Train on y as given (scikit-learn's `MLPRegressor`).
    None,
}

/// The fitted standardisation of a model's target: μ and σ of the training targets.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct TargetScale {
    /// μ: the mean of the training targets.
    pub mean: f64,
    /// σ: their population standard deviation (1 when they are constant).
    pub std: f64,
}

impl TargetScaling {
    /// The scale fitted on training targets `y`, or `None` when scaling is off.
    pub fn fit(self, y: &Tensor) -> Option<TargetScale> {
        match self {
            TargetScaling::Standard => Some(TargetScale::fit(y)),
            TargetScaling::None => None,
        }
    }
}

impl TargetScale {
    /// μ and σ of `y` (any shape; every value is one target).
    pub fn fit(y: &Tensor) -> TargetScale {
        let n = y.numel().max(1) as f64;
        let mean = y.data().iter().map(|&v| v as f64).sum::<f64>() / n;
        let var = y.data().iter().map(|&v| (v as f64 - mean).powi(2)).sum::<f64>() / n;
        let std = if var > 0.0 { var.sqrt() } else { 1.0 };
        TargetScale { mean, std }
    }

    /// z = (y − μ) / σ.
    pub fn scale(&self, y: &Tensor) -> Tensor {
        let TargetScale { mean, std } = *self;
        y.map(|v| ((v as f64 - mean) / std) as f32)
    }

    /// ŷ = μ + σ · ẑ.
    pub fn unscale(&self, z: &Tensor) -> Tensor {
        let TargetScale { mean, std } = *self;
        z.map(|v| (mean + std * v as f64) as f32)
    }

    /// `split` with its training and validation targets standardised.
    pub(crate) fn scale_split(&self, split: Split) -> Split {
        Split {
            y_train: self.scale(&split.y_train),
            validation: split.validation.map(|(x, y)| (x, self.scale(&y))),
            x_train: split.x_train,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use downhill_testing::{assert_close, assert_same_tensor_bits};

    #[test]
    fn fits_population_moments_and_round_trips() {
        // y = [100, 200, 300, 400]: μ = 250, σ² = (150² + 50² + 50² + 150²) / 4 = 12500.
        let y = Tensor::vector(vec![100.0, 200.0, 300.0, 400.0]);
        let s = TargetScaling::Standard.fit(&y).unwrap();
        assert!((s.mean - 250.0).abs() < 1e-12 && (s.std - 12500f64.sqrt()).abs() < 1e-9, "{s:?}");
        let z = s.scale(&y);
        let (zm, zv) =
            (z.data().iter().sum::<f32>() / 4.0, z.data().iter().map(|v| v * v).sum::<f32>() / 4.0);
        assert!(zm.abs() < 1e-6 && (zv - 1.0).abs() < 1e-6, "mean {zm}, var {zv}");
        let back = s.unscale(&z);
        assert!(back.data().iter().zip(y.data()).all(|(a, b)| (a - b).abs() < 1e-4), "{back:?}");
    }

    #[test]
    fn constant_targets_are_only_centred_and_none_fits_nothing() {
        let y = Tensor::vector(vec![7.0, 7.0, 7.0]);
        let s = TargetScale::fit(&y);
        // The mean is a sum and a division: f64, 1e-12.
        assert_close("mean", &[s.mean], &[7.0], 1e-12);
        // Exact: a zero spread is replaced by the literal 1, so constant targets are only centred.
        assert_eq!(s.std, 1.0);
        assert!(s.scale(&y).data().iter().all(|v| v.abs() < 1e-12));
        assert!(TargetScaling::None.fit(&y).is_none());
        assert_eq!(TargetScaling::default(), TargetScaling::Standard);
    }

    #[test]
    fn splits_scale_both_parts_and_keep_features() {
        let x = Tensor::from_rows(&[[1.0], [2.0], [3.0]]).unwrap();
        let split = Split {
            x_train: x.clone(),
            y_train: Tensor::from_rows(&[[10.0], [30.0]]).unwrap(),
            validation: Some((x.clone(), Tensor::from_rows(&[[50.0]]).unwrap())),
        };
        let s = TargetScale::fit(&split.y_train); // μ = 20, σ = 10
        let scaled = s.scale_split(split);
        assert_same_tensor_bits("features are not scaled", [&scaled.x_train], [&x]);
        assert!(
            (scaled.y_train.data()[0] + 1.0).abs() < 1e-6 && (scaled.y_train.data()[1] - 1.0).abs() < 1e-6
        );
        let (_, yv) = scaled.validation.unwrap();
        assert!((yv.item() - 3.0).abs() < 1e-6, "{yv:?}");
    }
}
