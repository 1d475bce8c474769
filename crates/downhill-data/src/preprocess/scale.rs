//! Scaling of numeric features, fitted on training rows: every column maps `x -> (x - shift) / divisor`.
//!
//!   standard: shift = mean, divisor = population std  sqrt(sum (x - mean)^2 / n)  (sklearn StandardScaler)
//!   minmax:   shift = min,  divisor = max - min        (sklearn MinMaxScaler, range [0, 1])
//!   global-minmax: shift = min over every numeric column, divisor = that max - that min, the
//!             same map for all of them (`globalize`): for 8-bit images pixels / 255, which is
//!             torchvision's `ToTensor`. Per-pixel minmax instead stretches a border pixel whose
//!             training maximum is 3 to the range of a centre pixel's 255.
//!   global-standard: shift = the mean of every numeric column's values pooled, divisor = their
//!             population std, the same map for all (`globalize`): torchvision's
//!             `Normalize(mean, std)` with the training images' statistics, as PyTorch's MNIST
//!             example normalises by (0.1307, 0.3081). The columns hold equally many training
//!             values (the same rows, imputed), so they pool with equal weights:
//!               mean = avg_j mean_j,  var = avg_j (var_j + (mean_j - mean)^2)
//!   none:     shift = 0,    divisor = 1
//! A constant column (max == min) gets divisor 1, so it maps to 0 and nothing divides by zero, as
//! sklearn does. Statistics are accumulated in f64. One-hot columns are never scaled.
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::DataError;

/// Which scaling numeric features get.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scale {
    /// Zero mean and unit (population) variance.
    Standard,
    /// Training minimum to 0, maximum to 1.
    MinMax,
    /// The minimum over every numeric column to 0 and the maximum to 1, one map for all of them
    /// (pixels / 255 for 8-bit images).
    GlobalMinMax,
    /// One mean and standard deviation over every numeric column's values, one map for all of
    /// them (torchvision's `Normalize` with the training set's statistics).
    GlobalStandard,
    /// Values as they are.
    None,
}

/// What scaling needs of a column's (imputed) training values: count, mean, population variance
/// and range.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Summary {
    pub count: u64,
    pub mean: f64,
    pub var: f64,
    pub min: f64,
    pub max: f64,
}

/// A fitted `x -> (x - shift) / divisor`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Affine {
    /// Subtracted first: the mean (standard), the minimum (minmax) or 0.
    pub shift: f64,
    /// Divided by next: the standard deviation (standard), the range (minmax) or 1; never 0.
    pub divisor: f64,
}

impl Affine {
    /// The map that leaves values unchanged (shift 0, divisor 1).
    pub const IDENTITY: Affine = Affine { shift: 0.0, divisor: 1.0 };

    /// `(x - shift) / divisor`.
    pub fn apply(&self, x: f64) -> f64 {
        (x - self.shift) / self.divisor
    }
}

impl Scale {
    /// Fits the affine map for one column's training values (missing ones already imputed).
    pub fn fit(self, values: &[f64]) -> Affine {
        let n = values.len() as f64;
        let (min, max) =
            values.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| (lo.min(v), hi.max(v)));
        let mean = values.iter().sum::<f64>() / n.max(1.0);
        let var = match self {
            Scale::Standard | Scale::GlobalStandard => {
                values.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / n.max(1.0)
            }
            _ => 0.0,
        };
        self.fit_summary(&Summary { count: values.len() as u64, mean, var, min, max })
    }

    /// The affine map from a column's summary statistics (the streaming fit computes them online).
    /// For a constant column min == max, so `shift: min` is its first value, as `fit` documents.
    pub(crate) fn fit_summary(self, s: &Summary) -> Affine {
        let constant = s.count == 0 || s.min == s.max;
        match self {
            Scale::None => Affine::IDENTITY,
            Scale::Standard => Affine { shift: s.mean, divisor: if constant { 1.0 } else { s.var.sqrt() } },
            Scale::MinMax if constant => {
                Affine { shift: if s.count == 0 { 0.0 } else { s.min }, divisor: 1.0 }
            }
            Scale::MinMax => Affine { shift: s.min, divisor: s.max - s.min },
            // The column's range for now, as (min, max); `globalize` makes one map of them.
            Scale::GlobalMinMax => Affine { shift: s.min, divisor: s.max },
            // The column's moments for now, as (mean, variance), NaN without values.
            Scale::GlobalStandard if s.count == 0 => Affine { shift: f64::NAN, divisor: f64::NAN },
            Scale::GlobalStandard => Affine { shift: s.mean, divisor: s.var },
        }
    }

    /// Whether one map serves every numeric column (`globalize` makes it once all are fitted).
    pub fn is_global(self) -> bool {
        matches!(self, Scale::GlobalMinMax | Scale::GlobalStandard)
    }

    /// For a global scaling, once every numeric column is fitted, makes the columns' partial fits
    /// one map for all, a constant whole to 0 as for one column:
    /// - `GlobalMinMax`: the columns' ranges (`fit_summary` leaves each as shift = min,
    ///   divisor = max; a column without values as +∞, −∞) become one map over the whole range;
    /// - `GlobalStandard`: the columns' (mean, variance) pool into one mean and standard deviation
    ///   (the module header's formula; columns without values left out).
    ///
    /// Other scalings are per column and left as they are.
    pub(crate) fn globalize<'a>(self, affines: impl Iterator<Item = &'a mut Affine>) {
        let affines: Vec<&mut Affine> = affines.collect();
        let global = match self {
            Scale::GlobalMinMax => {
                let min = affines.iter().map(|a| a.shift).fold(f64::INFINITY, f64::min);
                let max = affines.iter().map(|a| a.divisor).fold(f64::NEG_INFINITY, f64::max);
                match (min.is_finite() && max.is_finite(), max > min) {
                    (true, true) => Affine { shift: min, divisor: max - min },
                    (true, false) => Affine { shift: min, divisor: 1.0 },
                    (false, _) => Affine::IDENTITY,
                }
            }
            Scale::GlobalStandard => {
                let fitted: Vec<&Affine> =
                    affines.iter().map(|a| &**a).filter(|a| a.shift.is_finite()).collect();
                let n = fitted.len() as f64;
                let mean = fitted.iter().map(|a| a.shift).sum::<f64>() / n;
                let var =
                    fitted.iter().map(|a| a.divisor + (a.shift - mean) * (a.shift - mean)).sum::<f64>() / n;
                match (fitted.is_empty(), var > 0.0) {
                    (true, _) => Affine::IDENTITY,
                    (false, true) => Affine { shift: mean, divisor: var.sqrt() },
                    (false, false) => Affine { shift: mean, divisor: 1.0 },
                }
            }
            Scale::Standard | Scale::MinMax | Scale::None => return,
        };
        affines.into_iter().for_each(|a| *a = global);
    }
}

impl Scale {
    /// The scaling data gets when none is asked for: `GlobalStandard` for images (a file that gives
    /// each sample's shape: IDX), as torchvision users normalise them, since per-pixel
    /// standardisation blows up the border pixels that are almost always 0; `Standard` for tables.
    pub fn default_for(images: bool) -> Scale {
        if images {
            Scale::GlobalStandard
        } else {
            Scale::Standard
        }
    }

    /// `default_for`, as help says it.
    pub const DEFAULT_RULE: &str = "global-standard for images (IDX), standard for tables";

    /// Every scaling, in listing order.
    pub const ALL: [Scale; 5] =
        [Scale::Standard, Scale::MinMax, Scale::GlobalMinMax, Scale::GlobalStandard, Scale::None];

    /// Its name, as the command line and `FromStr` spell it.
    pub fn name(self) -> &'static str {
        match self {
            Scale::Standard => "standard",
            Scale::MinMax => "minmax",
            Scale::GlobalMinMax => "global-minmax",
            Scale::GlobalStandard => "global-standard",
            Scale::None => "none",
        }
    }

    /// One line of help.
    pub fn help(self) -> &'static str {
        match self {
            Scale::Standard => "Zero mean, unit variance per feature (scikit-learn's StandardScaler)",
            Scale::MinMax => {
                "Training minimum to 0 and maximum to 1 per feature (scikit-learn's MinMaxScaler)"
            }
            Scale::GlobalMinMax => {
                "One minimum and maximum over every numeric feature, the same map for all: pixels / 255 \
                 for 8-bit images, as torchvision's ToTensor"
            }
            Scale::GlobalStandard => {
                "One mean and standard deviation over every numeric feature, the same map for all: \
                 torchvision's Normalize with the training images' mean and std (full MNIST: 0.1307, 0.3081)"
            }
            Scale::None => "Values as they are",
        }
    }
}

impl FromStr for Scale {
    type Err = DataError;
    fn from_str(s: &str) -> Result<Self, DataError> {
        Scale::ALL.into_iter().find(|k| k.name() == s).ok_or_else(|| DataError::InvalidOption {
            option: "scale",
            value: s.to_owned(),
            expected: "standard, minmax, global-minmax, global-standard, none",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_uses_population_std() {
        // [1, 2, 3, 4]: mean 2.5, population variance (2.25 + 0.25 + 0.25 + 2.25) / 4 = 1.25.
        let a = Scale::Standard.fit(&[1.0, 2.0, 3.0, 4.0]);
        assert!((a.shift - 2.5).abs() < 1e-12 && (a.divisor - 1.25f64.sqrt()).abs() < 1e-12, "{a:?}");
        assert!((a.apply(4.0) - 1.5 / 1.25f64.sqrt()).abs() < 1e-12);
    }

    #[test]
    fn minmax_maps_training_range_to_unit_interval() {
        let a = Scale::MinMax.fit(&[-2.0, 0.0, 6.0]);
        assert!(
            (a.apply(-2.0)).abs() < 1e-12
                && (a.apply(6.0) - 1.0).abs() < 1e-12
                && (a.apply(0.0) - 0.25).abs() < 1e-12
        );
    }

    #[test]
    fn constant_columns_map_to_zero() {
        for scale in [Scale::Standard, Scale::MinMax] {
            let a = scale.fit(&[0.1, 0.1, 0.1]);
            // Exact: a constant column gets the literal divisor 1, and None the IDENTITY constant.
            assert_eq!(a.divisor, 1.0);
            assert!(a.apply(0.1).abs() < 1e-12, "{scale:?}");
        }
        assert_eq!(Scale::None.fit(&[5.0, 7.0]), Affine::IDENTITY);
    }

    #[test]
    fn global_minmax_maps_every_column_by_the_whole_range() {
        // Columns over [0, 3] and [10, 255] (an image's border and centre pixels), and one without
        // values: all map by (x - 0) / 255.
        let mut affines = [Scale::GlobalMinMax.fit(&[0.0, 3.0]), Scale::GlobalMinMax.fit(&[10.0, 255.0])];
        let mut empty = Scale::GlobalMinMax.fit(&[]);
        Scale::GlobalMinMax.globalize(affines.iter_mut().chain(std::iter::once(&mut empty)));
        // Exact: the shift and divisor are the literal extremes 0 and 255.
        assert!(affines.iter().chain([&empty]).all(|a| *a == Affine { shift: 0.0, divisor: 255.0 }));
        assert!((affines[0].apply(3.0) - 3.0 / 255.0).abs() < 1e-15);
        let mut constant = [Scale::GlobalMinMax.fit(&[2.0]), Scale::GlobalMinMax.fit(&[2.0, 2.0])];
        Scale::GlobalMinMax.globalize(constant.iter_mut());
        assert_eq!(constant[0], Affine { shift: 2.0, divisor: 1.0 });
    }

    #[test]
    fn global_standard_pools_every_column_into_one_mean_and_std() {
        // Columns [0, 2] and [4, 10] pool to the values {0, 2, 4, 10}: mean 4, population
        // variance (16 + 4 + 0 + 36) / 4 = 14; a column without values is left out.
        let mut affines = [Scale::GlobalStandard.fit(&[0.0, 2.0]), Scale::GlobalStandard.fit(&[4.0, 10.0])];
        let mut empty = Scale::GlobalStandard.fit(&[]);
        Scale::GlobalStandard.globalize(affines.iter_mut().chain(std::iter::once(&mut empty)));
        for a in affines.iter().chain([&empty]) {
            assert!((a.shift - 4.0).abs() < 1e-12 && (a.divisor - 14f64.sqrt()).abs() < 1e-12, "{a:?}");
        }
        // A constant whole maps to 0; no values at all leave the values as they are.
        let mut constant = [Scale::GlobalStandard.fit(&[2.0]), Scale::GlobalStandard.fit(&[2.0, 2.0])];
        Scale::GlobalStandard.globalize(constant.iter_mut());
        assert!(constant.iter().all(|a| *a == Affine { shift: 2.0, divisor: 1.0 }), "{constant:?}");
        let mut none = [Scale::GlobalStandard.fit(&[])];
        Scale::GlobalStandard.globalize(none.iter_mut());
        assert_eq!(none[0], Affine::IDENTITY);
        // Per-column scalings are left as fitted.
        let mut own = [Scale::Standard.fit(&[0.0, 2.0])];
        Scale::Standard.globalize(own.iter_mut());
        assert_eq!(own[0], Affine { shift: 1.0, divisor: 1.0 });
    }

    #[test]
    fn parses_names() {
        assert_eq!("minmax".parse::<Scale>().unwrap(), Scale::MinMax);
        assert_eq!("global-minmax".parse::<Scale>().unwrap(), Scale::GlobalMinMax);
        assert_eq!("global-standard".parse::<Scale>().unwrap(), Scale::GlobalStandard);
        let names: Vec<&str> = Scale::ALL.iter().map(|s| s.name()).collect();
        assert!(Scale::ALL.iter().all(|s| s.name().parse::<Scale>().unwrap() == *s));
        let e = "robust".parse::<Scale>().unwrap_err().to_string();
        assert!(e.contains(&names.join(", ")), "{e}");
        assert!("robust".parse::<Scale>().unwrap_err().to_string().contains("invalid scale 'robust'"));
    }
}
