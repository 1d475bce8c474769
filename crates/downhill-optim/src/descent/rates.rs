//! The rates a whole descent runs with, from `--schedule NAME` and its options: a pure schedule
//! becomes an `Lr` on the base rate over `steps` updates (one step per update; onecycle, which sets
//! its own base rate, peaks at `max_lr` instead of `base`), with onecycle's cycled momentum;
//! `plateau` is the constant base rate plus torch's `ReduceLROnPlateau` fed the loss after every
//! update; no schedule is the constant base rate.
use crate::describe::{Described, Value};
use crate::{Lr, OptimError, PlateauOptions, ReduceOnPlateau, ScheduleChoice, SchedulePer, ScheduleSetting};

/// What a descent steps with besides its optimizer's options.
#[derive(Debug)]
pub struct Rates {
    /// The learning rate at each step.
    pub lr: Lr,
    /// The cycled momentum (beta1) of onecycle, unless `cycle_momentum` is off.
    pub momentum: Option<Lr>,
    /// The plateau detector, for `plateau`.
    pub plateau: Option<ReduceOnPlateau>,
}

impl Rates {
    /// The rates for `choice` (`None`: the constant rate) with the `given` options (names from
    /// `choice.options()`) on base rate `base`, over `steps` updates.
    pub fn new(
        choice: Option<ScheduleChoice>,
        given: &[(&str, Value)],
        base: f64,
        steps: u64,
    ) -> Result<Rates, OptimError> {
        let constant = |plateau| Rates { lr: base.into(), momentum: None, plateau };
        let kind = match choice {
            None => return Ok(constant(None)),
            Some(ScheduleChoice::Plateau) => {
                let detector = ReduceOnPlateau::new(PlateauOptions::from_given(given)?)?;
                return Ok(constant(Some(detector)));
            }
            Some(ScheduleChoice::Pure(kind)) => kind,
        };
        let setting = ScheduleSetting::new(kind, given, base)?;
        let config = setting.config;
        let momentum = config.momentum(steps, SchedulePer::Batch, 1);
        let lr = config.build(setting.base_lr.unwrap_or(base), steps, SchedulePer::Batch, 1);
        Ok(Rates { lr, momentum, plateau: None })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lrs(name: &str, given: &[(&str, Value)], base: f64, n: u64) -> Vec<f64> {
        let lr = Rates::new(Some(name.parse().unwrap()), given, base, n).unwrap().lr;
        (0..n).map(|k| lr.at(k)).collect()
    }

    #[test]
    fn torch_defaults_fill_unset_options() {
        let got = lrs("step", &[("step_size", Value::Count(2))], 1.0, 5);
        assert!((got[2] - 0.1).abs() < 1e-12 && (got[4] - 0.01).abs() < 1e-12, "{got:?}"); // gamma 0.1
        let got = lrs("onecycle", &[("max_lr", Value::Float(1.0))], 0.0, 100);
        assert!((got[0] - 0.04).abs() < 1e-12 && (got[29] - 1.0).abs() < 1e-12);
        // total_steps = steps
    }

    #[test]
    fn warmup_composes_in_front_and_plateau_keeps_the_base_rate() {
        let given = [("t_max", Value::Count(10)), ("warmup_steps", Value::Count(4))];
        let got = lrs("cosine", &given, 0.1, 6);
        assert!((got[0] - 0.025).abs() < 1e-15 && (got[4] - 0.1).abs() < 1e-15, "{got:?}");
        let plateau = Rates::new(Some(ScheduleChoice::Plateau), &[], 0.1, 10).unwrap();
        assert!(plateau.plateau.is_some() && plateau.lr.at(9) == 0.1); // exact: the constant, copied
        assert!(Rates::new(None, &[], 0.1, 10).unwrap().plateau.is_none());
    }
}
