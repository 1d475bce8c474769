//! Penalties added to the loss (coupled regularisation, scikit-learn's convention), applied to
//! the coefficients only: parameters in the `ParamRole::Weight` role, i.e. linear layers' W. Biases
//! are left alone as scikit-learn leaves the intercept, and so are batch norm's γ (`Scale`) and β
//! (`Shift`), which torch's `BatchNorm1d` also names `weight`/`bias`: the role, not the name, decides.
//!   L1 α:               α·Σ|w|
//!   L2 α:               (α/2)·Σw²            (gradient α·w: weight decay α)
//!   ElasticNet α, ρ:    α·(ρ·Σ|w| + (1 − ρ)/2·Σw²)
//!   C c:                Σw² / (2·c·n)        (scikit-learn's LogisticRegression(C=c): its objective
//!                                             c·Σ loss + ½‖w‖², divided by c·n; n training rows)
use crate::{penalty_option, LearnError};
use downhill_autograd::{ParamRole, Var};
use downhill_nn::{elastic_net_penalty, l1_penalty, l2_penalty};
use serde::{Deserialize, Serialize};

/// A penalty added to the loss on the weights (not biases or batch norm), scikit-learn's convention; see the
/// module docs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Penalty {
    /// No penalty (the default).
    #[default]
    None,
    /// Lasso, `alpha * Σ|w|`; `alpha` >= 0.
    L1(f64),
    /// Ridge, `(alpha / 2) * Σw²` (weight decay `alpha`); `alpha` >= 0.
    L2(f64),
    /// `alpha * (l1_ratio * Σ|w| + (1 - l1_ratio) / 2 * Σw²)`, scikit-learn's elastic net.
    ElasticNet {
        /// Overall strength; >= 0.
        alpha: f64,
        /// Share of L1, in [0, 1].
        l1_ratio: f64,
    },
    /// L2 as the inverse strength C per row (becomes `L2(1 / (C·n))` for n training rows).
    C(f64),
}

impl Penalty {
    /// scikit-learn's default share of L1 in the elastic net (`ElasticNet(l1_ratio=0.15)` in
    /// `SGDClassifier`), when only the strength is given.
    pub const DEFAULT_L1_RATIO: f64 = 0.15;

    /// Each number in the range its option's table entry gives (`PENALTY_OPTIONS`).
    pub(crate) fn validate(&self) -> Result<(), LearnError> {
        let check = |name: &str, v: f64| penalty_option(name).check(v).map(drop);
        match *self {
            Penalty::None => Ok(()),
            Penalty::L1(a) => check("l1", a),
            Penalty::L2(a) => check("l2", a),
            Penalty::C(c) => check("c", c),
            Penalty::ElasticNet { alpha, l1_ratio } => {
                check("elastic_net", alpha).and(check("l1_ratio", l1_ratio))
            }
        }
    }

    /// The penalty for `rows` training rows: `C(c)` becomes `L2(1 / (c·rows))`, the rest stay.
    pub fn for_rows(self, rows: usize) -> Penalty {
        match self {
            Penalty::C(c) => Penalty::L2(1.0 / (c * rows.max(1) as f64)),
            other => other,
        }
    }

    /// True for parameters the penalty applies to: the coefficients (`ParamRole::Weight`) and
    /// embedding tables (`ParamRole::Table`, which were weights before they had their own role).
    pub fn applies_to(role: ParamRole) -> bool {
        matches!(role, ParamRole::Weight | ParamRole::Table)
    }

    /// The penalty on `weights`, or `None` when there is nothing to add: no penalty, or one of
    /// strength 0 (`--l2 0`), whose term and gradient are zeros that would cost a pass over every
    /// weight each step (and the tape a second use of each weight to add up).
    pub fn term<'t>(&self, weights: &[Var<'t>]) -> Option<Var<'t>> {
        match *self {
            Penalty::None => None,
            Penalty::L1(a) | Penalty::L2(a) | Penalty::ElasticNet { alpha: a, .. } if a == 0.0 => None,
            Penalty::L1(a) => l1_penalty(weights, a as f32),
            Penalty::L2(a) => l2_penalty(weights, a as f32),
            Penalty::ElasticNet { alpha, l1_ratio } => {
                elastic_net_penalty(weights, alpha as f32, l1_ratio as f32)
            }
            // Training resolves C for its rows (`for_rows`) first; unresolved, C is taken per one row.
            Penalty::C(c) => l2_penalty(weights, c.recip() as f32),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use downhill_autograd::Tape;
    use downhill_nn::Module;
    use downhill_tensor::Tensor;
    use downhill_testing::assert_close;

    #[test]
    fn penalises_weights_only_with_scikit_learn_scaling() {
        assert!(Penalty::applies_to(ParamRole::Weight) && !Penalty::applies_to(ParamRole::Bias));
        let tape = Tape::new();
        let w = tape.watch(Tensor::vector(vec![1.0, -2.0]));
        // 0.25 · 5: squares, a sum and a product in f32, 1e-6.
        assert_close("L2 term", &[Penalty::L2(0.5).term(&[w]).unwrap().item()], &[1.25], 1e-6);
        assert!(Penalty::None.term(&[w]).is_none());
        let zero = [Penalty::L1(0.0), Penalty::L2(0.0), Penalty::ElasticNet { alpha: 0.0, l1_ratio: 0.5 }];
        assert!(zero.iter().all(|p| p.term(&[w]).is_none()), "a zero strength adds nothing");
        let bad = Penalty::ElasticNet { alpha: 0.1, l1_ratio: 2.0 };
        assert!(bad.validate().unwrap_err().to_string().contains("l1_ratio"));
    }

    #[test]
    fn batch_norm_scale_and_shift_are_not_penalised() {
        // torch names γ and β `weight` and `bias` too; only the two linear layers' W may be picked.
        let shape = crate::MlpShape { batch_norm: true, ..crate::MlpShape::default() };
        let arch = shape.architecture(3, 2);
        let net = arch.build(0).unwrap();
        let picked: Vec<&str> =
            net.params().into_iter().filter(|p| Penalty::applies_to(p.role())).map(|p| p.name()).collect();
        assert_eq!(picked, ["layers.0.weight", "layers.3.weight"], "{:?}", net.describe());
    }
}
