//! The penalty options (`Penalty`'s knobs as the command line gives them), described once in the
//! same form as the other estimator options: name, range, the default each estimator starts from,
//! one line of help. `Penalty::validate` and the command line's flags, help and range checks read
//! this table. Every estimator takes a penalty; its default is its own (see the estimators).
use super::{Applies, EstimatorOption};
use crate::{LearnError, Penalty};
use downhill_optim::Range;

const fn opt(name: &'static str, range: Range, default: &'static str, help: &'static str) -> EstimatorOption {
    EstimatorOption { name, applies: Applies::Every, range, choices: &[], default, help }
}

/// `l1`, `l2`, `c`, `elastic_net` and `l1_ratio`; one of the first four at a time.
pub const PENALTY_OPTIONS: &[EstimatorOption] = &[
    opt("l1", Range::NonNegative, "none", "L1 penalty alpha * sum |w| on the weights (not biases)"),
    opt(
        "l2",
        Range::NonNegative,
        "1e-4 for mlp, autoencoder and svm, none for the others; 0 turns it off",
        "L2 penalty (alpha / 2) * sum w^2 on the weights",
    ),
    opt(
        "c",
        Range::Positive,
        "1 for logistic and softmax, scikit-learn's LogisticRegression",
        "L2 penalty as scikit-learn's inverse strength C: sum w^2 / (2 * C * rows), rows the training rows",
    ),
    opt(
        "elastic_net",
        Range::NonNegative,
        "none",
        "elastic-net penalty alpha * (r * L1 + (1 - r) / 2 * L2), r from l1_ratio",
    ),
    opt("l1_ratio", Range::UnitClosed, "0.15, scikit-learn's", "share r of L1 in the elastic net"),
];

/// The penalty as its options give it, each `None` when not given: at most one strength (`l1`,
/// `l2`, `c` or `elastic_net`), and `l1_ratio` only with `elastic_net`.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct PenaltyOptions {
    /// `Penalty::L1`'s alpha.
    pub l1: Option<f64>,
    /// `Penalty::L2`'s alpha.
    pub l2: Option<f64>,
    /// `Penalty::C`'s inverse strength.
    pub c: Option<f64>,
    /// `Penalty::ElasticNet`'s alpha.
    pub elastic_net: Option<f64>,
    /// `Penalty::ElasticNet`'s share of L1 (default `Penalty::DEFAULT_L1_RATIO`).
    pub l1_ratio: Option<f64>,
}

impl PenaltyOptions {
    /// The penalty given, or `default` (the estimator's own) when none is. Each value must lie in
    /// its table entry's range; two strengths, or `l1_ratio` without `elastic_net`, are refused
    /// rather than one silently winning.
    pub fn resolve(&self, default: Penalty) -> Result<Penalty, LearnError> {
        let given: Vec<(&'static str, f64)> = [
            ("l1", self.l1),
            ("l2", self.l2),
            ("c", self.c),
            ("elastic_net", self.elastic_net),
            ("l1_ratio", self.l1_ratio),
        ]
        .into_iter()
        .filter_map(|(name, v)| Some((name, v?)))
        .collect();
        for &(name, v) in &given {
            penalty_option(name).check(v)?;
        }
        let strengths: Vec<&'static str> =
            given.iter().map(|(name, _)| *name).filter(|&n| n != "l1_ratio").collect();
        if let [first, second, ..] = strengths[..] {
            return Err(LearnError::Needs {
                option: second,
                other: first,
                rule: "cannot be given with {}: choose one penalty",
            });
        }
        if self.l1_ratio.is_some() && self.elastic_net.is_none() {
            return Err(LearnError::Needs { option: "l1_ratio", other: "elastic_net", rule: "needs {}" });
        }
        Ok(match *self {
            PenaltyOptions { l1: Some(a), .. } => Penalty::L1(a),
            PenaltyOptions { l2: Some(a), .. } => Penalty::L2(a),
            PenaltyOptions { c: Some(c), .. } => Penalty::C(c),
            PenaltyOptions { elastic_net: Some(alpha), l1_ratio, .. } => {
                Penalty::ElasticNet { alpha, l1_ratio: l1_ratio.unwrap_or(Penalty::DEFAULT_L1_RATIO) }
            }
            _ => default,
        })
    }
}

/// The penalty option called `name`.
pub(crate) fn penalty_option(name: &str) -> &'static EstimatorOption {
    PENALTY_OPTIONS
        .iter()
        .find(|o| o.name == name)
        .unwrap_or_else(|| panic!("{name} is not a penalty option"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{EstimatorSpec, ModelFamily, Penalty, Task};

    #[test]
    fn the_given_option_is_the_penalty_and_conflicts_are_refused() {
        let none = PenaltyOptions::default();
        assert_eq!(none.resolve(Penalty::C(1.0)).unwrap(), Penalty::C(1.0));
        let l2 = PenaltyOptions { l2: Some(0.5), ..none };
        assert_eq!(l2.resolve(Penalty::None).unwrap(), Penalty::L2(0.5));
        // Exact: alpha is the literal given and l1_ratio scikit-learn's default, no arithmetic.
        let en = PenaltyOptions { elastic_net: Some(0.1), ..none };
        assert_eq!(en.resolve(Penalty::None).unwrap(), Penalty::ElasticNet { alpha: 0.1, l1_ratio: 0.15 });
        let en = PenaltyOptions { l1_ratio: Some(0.5), ..en };
        assert_eq!(en.resolve(Penalty::None).unwrap(), Penalty::ElasticNet { alpha: 0.1, l1_ratio: 0.5 });
        let both = PenaltyOptions { l1: Some(0.1), c: Some(2.0), ..none };
        let e = both.resolve(Penalty::None).unwrap_err().to_string();
        assert_eq!(e, "c cannot be given with l1: choose one penalty");
        let ratio = PenaltyOptions { l1_ratio: Some(0.5), ..none };
        assert_eq!(ratio.resolve(Penalty::None).unwrap_err().to_string(), "l1_ratio needs elastic_net");
    }

    #[test]
    fn every_penalty_option_out_of_range_is_refused_by_name() {
        let none = PenaltyOptions::default();
        let cases = [
            ("l1", PenaltyOptions { l1: Some(-1.0), ..none }),
            ("l2", PenaltyOptions { l2: Some(f64::NAN), ..none }),
            ("c", PenaltyOptions { c: Some(0.0), ..none }),
            ("elastic_net", PenaltyOptions { elastic_net: Some(-0.1), ..none }),
            ("l1_ratio", PenaltyOptions { elastic_net: Some(0.1), l1_ratio: Some(1.5), ..none }),
        ];
        assert_eq!(cases.len(), PENALTY_OPTIONS.len());
        for (name, given) in cases {
            match given.resolve(Penalty::None) {
                Err(LearnError::OutOfRange { name: n, .. }) => assert_eq!(n, name),
                other => panic!("{name}: {other:?}"),
            }
        }
    }

    #[test]
    fn stated_defaults_are_the_estimators_defaults() {
        // Each family's default on the first task it fits (the targetless ones take any).
        let penalty = |family: ModelFamily| {
            let tasks =
                [Task::Classification { classes: 2 }, Task::Classification { classes: 3 }, Task::Regression];
            let spec = tasks.into_iter().find_map(|t| EstimatorSpec::default_for(family, t).ok());
            spec.expect("some task fits").train_config().penalty
        };
        let l2 = penalty_option("l2").default;
        for f in ModelFamily::ALL {
            match penalty(f) {
                Penalty::L2(a) => assert!(a == 1e-4 && l2.contains(f.name()), "{}: {a} {l2}", f.name()),
                Penalty::C(c) => assert!(c == 1.0 && penalty_option("c").default.contains(f.name())),
                Penalty::None => assert!(!l2.contains(f.name()), "{}", f.name()),
                other => panic!("{}: {other:?} is not stated", f.name()),
            }
        }
        assert!(penalty_option("c").default.starts_with("1 for logistic and softmax"));
        let l1_ratio = crate::Penalty::DEFAULT_L1_RATIO.to_string();
        assert!(penalty_option("l1_ratio").default.starts_with(&format!("{l1_ratio},")));
    }
}
