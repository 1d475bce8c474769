//! The penalty options (`Penalty`'s knobs as the command line gives them), described once in the
//! same form as the other estimator options: name, range, the default each estimator starts from,
//! one line of help. `Penalty::validate` and the command line's flags, help and range checks read
//! this table. Every estimator takes a penalty; its default is its own (see the estimators).
use super::{Applies, EstimatorOption};
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
