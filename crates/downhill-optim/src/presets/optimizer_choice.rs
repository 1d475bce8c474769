//! An optimizer chosen by name with its options given by name, as `--optimizer NAME --lr ...` or a
//! config file gives them: a preset's config plus the `maximize` link and Lookahead around it, or
//! L-BFGS's options.
use crate::describe::{Described, Value};
use crate::{LbfgsOptions, LookaheadOptions, OptimError, OptimizerConfig, OptimizerKind};

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
}
