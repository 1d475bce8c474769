//! From an `OptimizerConfig` to its preset's chain, given the learning-rate source (a constant or
//! a schedule), whether to maximise, and onecycle's cycled momentum if any: the SGD and RMSprop
//! momentum, or the Adam family's beta1, then follows that schedule (`CycledMomentum`).
use crate::{AdadeltaOptions, AdagradOptions, AdamOptions, AdamWOptions, AdamaxOptions};
use crate::{Chain, Lr, OptimError, OptimizerConfig};
use crate::{NadamOptions, RadamOptions, RmspropOptions, SgdOptions};

impl OptimizerConfig {
    /// The preset's chain minimising the loss, its rate taken from `lr` (the base rate goes into
    /// the schedule); errors name the option the preset rejects.
    pub fn build(&self, lr: Lr) -> Result<Chain, OptimError> {
        self.build_with(lr, None, false)
    }

    /// The same chain ascending the function instead: torch's `maximize=True`.
    pub fn build_maximizing(&self, lr: Lr) -> Result<Chain, OptimError> {
        self.build_with(lr, None, true)
    }

    /// The chain with its momentum (SGD, RMSprop) or beta1 (Adam family) taken from
    /// `cycled_momentum` when given (torch `OneCycleLR(cycle_momentum=True)`, see
    /// `ScheduleConfig::momentum`); Adagrad and Adadelta have neither, so, as in torch, that is an
    /// error naming `cycle_momentum`.
    pub fn build_with(
        &self,
        lr: Lr,
        cycled_momentum: Option<Lr>,
        maximize: bool,
    ) -> Result<Chain, OptimError> {
        use OptimizerConfig as C;
        match self.clone() {
            C::Sgd { momentum, dampening, weight_decay, nesterov, .. } => crate::sgd(SgdOptions {
                lr,
                momentum,
                dampening,
                weight_decay,
                nesterov,
                maximize,
                cycled_momentum,
            }),
            C::Adagrad { .. } | C::Adadelta { .. } if cycled_momentum.is_some() => {
                Err(OptimError::Conflict {
                    option: "cycle_momentum",
                    reason:
                        "needs an optimizer with momentum or beta1 (as in torch; not adagrad or adadelta)",
                })
            }
            C::Adagrad { lr_decay, weight_decay, initial_accumulator_value, eps, .. } => {
                crate::adagrad(AdagradOptions {
                    lr,
                    lr_decay,
                    weight_decay,
                    initial_accumulator_value,
                    eps,
                    maximize,
                })
            }
            C::Rmsprop { alpha, eps, weight_decay, momentum, centered, .. } => {
                crate::rmsprop(RmspropOptions {
                    lr,
                    alpha,
                    eps,
                    weight_decay,
                    momentum,
                    centered,
                    maximize,
                    cycled_momentum,
                })
            }
            C::Adadelta { rho, eps, weight_decay, .. } => {
                crate::adadelta(AdadeltaOptions { lr, rho, eps, weight_decay, maximize })
            }
            C::Adam { betas, eps, weight_decay, amsgrad, .. } => {
                crate::adam(AdamOptions { lr, betas, eps, weight_decay, amsgrad, maximize, cycled_momentum })
            }
            C::AdamW { betas, eps, weight_decay, amsgrad, .. } => crate::adamw(AdamWOptions {
                lr,
                betas,
                eps,
                weight_decay,
                amsgrad,
                maximize,
                cycled_momentum,
            }),
            C::Adamax { betas, eps, weight_decay, .. } => {
                crate::adamax(AdamaxOptions { lr, betas, eps, weight_decay, maximize, cycled_momentum })
            }
            C::Nadam { betas, eps, weight_decay, momentum_decay, decoupled_weight_decay, .. } => {
                crate::nadam(NadamOptions {
                    lr,
                    betas,
                    eps,
                    weight_decay,
                    momentum_decay,
                    decoupled_weight_decay,
                    maximize,
                    cycled_momentum,
                })
            }
            C::Radam { betas, eps, weight_decay, decoupled_weight_decay, .. } => crate::radam(RadamOptions {
                lr,
                betas,
                eps,
                weight_decay,
                decoupled_weight_decay,
                maximize,
                cycled_momentum,
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::{Chain, Optimizer, OptimizerConfig, Tensor};

    #[test]
    fn cycled_momentum_needs_momentum_or_beta1_as_in_torch() {
        for kind in ["sgd", "rmsprop", "adam", "adamw", "adamax", "nadam", "radam"] {
            let cfg = OptimizerConfig::from_kind(kind.parse().unwrap()).unwrap();
            assert!(cfg.build_with(0.1.into(), Some(0.9.into()), false).is_ok(), "{kind}");
        }
        for kind in ["adagrad", "adadelta"] {
            let cfg = OptimizerConfig::from_kind(kind.parse().unwrap()).unwrap();
            let e = cfg.build_with(0.1.into(), Some(0.9.into()), false).unwrap_err().to_string();
            assert!(e.contains("cycle_momentum"), "{kind}: {e}");
        }
    }

    #[test]
    fn build_descends_and_build_maximizing_climbs() {
        // 3 steps on f(p) = 0.5 |p|^2 (gradient p) from p = [1, -2]: |p| shrinks or grows.
        for kind in ["sgd", "nesterov", "adagrad", "rmsprop", "adadelta", "adam", "adamw", "nadam", "radam"] {
            let cfg = OptimizerConfig::from_kind(kind.parse().unwrap()).unwrap().with_lr(0.1);
            let step = |tx: Chain| {
                let mut p = vec![Tensor::vector(vec![1.0, -2.0])];
                let mut opt = Optimizer::new(tx, &p);
                for _ in 0..3 {
                    let g = p[0].clone();
                    opt.step(&mut p, vec![g]);
                }
                p[0].data().to_vec()
            };
            let up = step(cfg.build_maximizing(0.1.into()).unwrap());
            let down = step(cfg.build(0.1.into()).unwrap());
            assert!(up[0] > 1.0 && down[0] < 1.0, "{kind}: {up:?} {down:?}");
        }
    }
}
