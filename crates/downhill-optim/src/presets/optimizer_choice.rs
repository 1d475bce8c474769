//! An optimizer chosen by name with its options given by name, as `--optimizer NAME --lr ...` or a
//! config file gives them: a preset's config plus the `maximize` link and Lookahead around it, or
//! L-BFGS's options; and the `Method` it descends with at a given rate:
//!   chain = clip ∘ lookahead(preset(lr, cycled momentum) with `maximize`)   (clip first, as torch
//!   clips before `step()`); L-BFGS takes the rate at step 0 and no clipping.
use crate::describe::{Described, Value};
use crate::{
    Clip, Lbfgs, LbfgsOptions, LookaheadOptions, Lr, Method, OptimError, OptimizerConfig, OptimizerKind,
};

/// What to descend with.
#[derive(Clone, Debug, PartialEq)]
pub enum OptimizerChoice {
    /// A preset's chain, ascending the function when `maximize` (torch `maximize=True`), inside
    /// Lookahead when `lookahead` is set (by either of its options).
    Chain {
        /// The preset and its options.
        config: OptimizerConfig,
        /// Climb the function (a `Negate` link in front).
        maximize: bool,
        /// Lookahead's options, when it wraps the chain.
        lookahead: Option<LookaheadOptions>,
    },
    /// L-BFGS, a solver driven by a closure.
    Lbfgs(LbfgsOptions),
}

impl OptimizerChoice {
    /// `kind` with torch's defaults.
    pub fn new(kind: OptimizerKind) -> OptimizerChoice {
        match OptimizerConfig::from_kind(kind) {
            Ok(config) => OptimizerChoice::Chain { config, maximize: false, lookahead: None },
            Err(_) => OptimizerChoice::Lbfgs(LbfgsOptions::default()),
        }
    }

    /// Sets option `name` (one of `OptimizerKind::options`), checking its kind and range.
    pub fn set(&mut self, name: &str, value: Value) -> Result<(), OptimError> {
        match self {
            OptimizerChoice::Chain { maximize, .. } if name == "maximize" => match value {
                Value::Switch(on) => *maximize = on,
                _ => return Err(OptimError::WrongKind { option: "maximize", expected: "true or false" }),
            },
            OptimizerChoice::Chain { lookahead, .. } if name.starts_with("lookahead_") => {
                lookahead.get_or_insert_with(LookaheadOptions::default).set(name, value)?
            }
            OptimizerChoice::Chain { config, .. } => config.set(name, value)?,
            OptimizerChoice::Lbfgs(options) => options.set(name, value)?,
        }
        Ok(())
    }

    /// This choice with every `given` option set, in order (`set`'s checks).
    pub fn with_given(mut self, given: &[(&str, Value)]) -> Result<OptimizerChoice, OptimError> {
        for (name, value) in given {
            self.set(name, value.clone())?;
        }
        Ok(self)
    }

    /// What to descend with at rate `lr` (cycled `momentum`, onecycle's beta1, if any), clipped by
    /// `clip`. L-BFGS steps at `lr` at step 0 and refuses a clipping.
    pub fn method(self, lr: Lr, momentum: Option<Lr>, clip: Clip) -> Result<Method, OptimError> {
        match self {
            OptimizerChoice::Chain { config, maximize, lookahead } => {
                let chain = config.build_with(lr, momentum, maximize)?;
                let chain = match lookahead {
                    Some(l) => l.wrap(chain)?,
                    None => chain,
                };
                clip.apply(chain).map(Method::Chain)
            }
            OptimizerChoice::Lbfgs(_) if clip != Clip::None => Err(OptimError::Conflict {
                option: "clipping",
                reason: "does not apply to lbfgs, which takes its own step lengths",
            }),
            OptimizerChoice::Lbfgs(options) => {
                Lbfgs::new(LbfgsOptions { lr: lr.at(0), ..options }).map(Method::Lbfgs)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_route_to_the_preset_the_link_or_the_solver() {
        let mut adam = OptimizerChoice::new(OptimizerKind::Adam);
        adam.set("maximize", Value::Switch(true)).unwrap();
        adam.set("beta2", Value::Float(0.99)).unwrap();
        adam.set("lookahead_alpha", Value::Float(0.8)).unwrap();
        let lookahead = Some(LookaheadOptions { k: 5, alpha: 0.8 });
        let OptimizerChoice::Chain { config: OptimizerConfig::Adam(o), maximize: true, lookahead: l } = &adam
        else {
            panic!("{adam:?}")
        };
        assert!((o.betas.1 - 0.99).abs() < 1e-18 && *l == lookahead);
        let e = adam.set("momentum", Value::Float(0.9)).unwrap_err().to_string();
        assert!(e.contains("`momentum` is not an option of adam"), "{e}");
        let mut lbfgs = OptimizerChoice::new(OptimizerKind::Lbfgs);
        lbfgs.set("max_iter", Value::Count(3)).unwrap();
        assert!(matches!(lbfgs, OptimizerChoice::Lbfgs(LbfgsOptions { max_iter: 3, .. })));
        assert!(lbfgs.set("maximize", Value::Switch(true)).is_err());
    }

    #[test]
    fn given_options_override_torch_defaults_and_racing_names_keep_their_momentum() {
        use crate::{AdamWOptions, SgdOptions};
        let given = [("lr", Value::Float(0.05)), ("dampening", Value::Float(0.1))];
        let choice = OptimizerChoice::new(OptimizerKind::Momentum).with_given(&given).unwrap();
        let config = OptimizerConfig::Sgd(SgdOptions {
            lr: 0.05,
            momentum: 0.9,
            dampening: 0.1,
            weight_decay: 0.0,
            nesterov: false,
        });
        // Exact: configs hold the given literals and torch's defaults, no arithmetic.
        assert_eq!(choice, OptimizerChoice::Chain { config, maximize: false, lookahead: None });
        let given = [("beta2", Value::Float(0.99)), ("amsgrad", Value::Switch(true))];
        let Ok(OptimizerChoice::Chain { config: OptimizerConfig::AdamW(o), .. }) =
            OptimizerChoice::new(OptimizerKind::AdamW).with_given(&given)
        else {
            panic!("adamw")
        };
        let AdamWOptions { lr, betas, amsgrad, .. } = o;
        assert_eq!((lr, betas, amsgrad), (1e-3, (0.9, 0.99), true));
        let e = OptimizerChoice::new(OptimizerKind::Lbfgs).with_given(&given).unwrap_err().to_string();
        assert!(e.contains("`beta2` is not an option of lbfgs"), "{e}");
    }

    #[test]
    fn methods_put_clipping_first_and_lbfgs_refuses_it() {
        let sgd = OptimizerChoice::new(OptimizerKind::Sgd);
        let Method::Chain(plain) = sgd.clone().method(Lr::from(0.1), None, Clip::None).unwrap() else {
            panic!("a chain")
        };
        let Method::Chain(clipped) = sgd.method(Lr::from(0.1), None, Clip::Value(1.0)).unwrap() else {
            panic!("a chain")
        };
        assert_eq!(clipped.0.len(), plain.0.len() + 1);
        let lbfgs = OptimizerChoice::new(OptimizerKind::Lbfgs);
        assert!(lbfgs.clone().method(Lr::from(0.5), None, Clip::Value(1.0)).is_err());
        let Ok(Method::Lbfgs(solver)) = lbfgs.method(Lr::from(0.5), None, Clip::None) else {
            panic!("lbfgs")
        };
        assert_eq!(solver.options.lr, 0.5); // exact: the rate at step 0, copied
    }
}
