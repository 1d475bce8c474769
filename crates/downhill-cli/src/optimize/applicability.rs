//! Which optimizer flags apply to which optimizers, and their ranges, both read from the library's
//! option tables. A flag applies to the optimizers whose torch class has that argument; giving it
//! with a chosen optimizer that has no such argument is an error, in a race too (it would
//! otherwise be silently ignored for some runners).
use crate::args::{optimizer_flag_set, FlagSpec, OptimizerFlags};
use crate::error::CliError;
use downhill_optim::OptimizerKind;

/// Checks that every given flag applies to every chosen optimizer and lies in its range.
pub fn validate(h: &OptimizerFlags, chosen: &[OptimizerKind]) -> Result<(), CliError> {
    let names: Vec<&str> = chosen.iter().map(|k| k.name()).collect();
    optimizer_flag_set().check(&h.given, &names)
}

/// One line per optimizer with its default lr and the flags it takes beyond those every optimizer
/// takes, for `--optimizer help`.
pub fn help() -> String {
    let set = optimizer_flag_set();
    let common: Vec<&str> =
        set.specs.iter().filter(|s| s.owners.len() == set.owner_names.len()).map(|s| s.flag).collect();
    let mut out = format!("optimizers (all take {}; NAME:LR sets a racer's lr):\n", common.join(", "));
    for kind in OptimizerKind::all() {
        let takes = |s: &&FlagSpec| s.owners.iter().any(|o| o.name == kind.name());
        let flags: Vec<&str> =
            set.specs.iter().filter(takes).map(|s| s.flag).filter(|f| !common.contains(f)).collect();
        let lr = format!("default lr {}", kind.default_lr());
        out.push_str(format!("  {:<9} {lr:<17} {}", kind.name(), flags.join(" ")).trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::args::{optimizer_flag_set, OptimizerFlags};
    use downhill_optim::Value;

    #[test]
    fn every_table_entry_gives_a_one_line_error_naming_the_flag_range_and_owners() {
        // For every option of every optimizer: a value outside its range, and the flag given to an
        // optimizer that lacks it, each give one line naming the flag and the fix.
        let set = optimizer_flag_set();
        for spec in &set.specs {
            for owner in &spec.owners {
                let kind: OptimizerKind = owner.name.parse().unwrap();
                let Some(bad) = set.range(owner.name, spec.name).refused(spec.kind) else { continue }; // no range
                let e = validate(&OptimizerFlags::of(&[(spec.name, bad)]), &[kind]).unwrap_err().to_string();
                assert!(
                    e.contains(spec.flag)
                        && e.contains(&*set.range(owner.name, spec.name).accepted())
                        && !e.contains('\n'),
                    "{e}"
                );
            }
            let outsider = set.owner_names.iter().find(|n| spec.owners.iter().all(|o| o.name != **n));
            if let Some(outsider) = outsider {
                let value = spec.owners[0].default.clone().unwrap_or(Value::Count(1));
                let e = validate(&OptimizerFlags::of(&[(spec.name, value)]), &[outsider.parse().unwrap()])
                    .unwrap_err()
                    .to_string();
                let expected = format!("{} does not apply to {outsider}; it applies to: ", spec.flag);
                assert!(e.starts_with(&expected) && e.contains(spec.owners[0].name), "{e}");
            }
        }
    }

    #[test]
    fn a_flag_its_optimizers_read_differently_states_each_meaning() {
        let set = optimizer_flag_set();
        let help = |id: &str| {
            let arg = set.args().into_iter().find(|a| a.get_id() == id).expect("a flag");
            arg.get_help().expect("help").to_string()
        };
        let wd = help("weight_decay");
        assert!(
            wd.starts_with("L2 penalty (sgd,") && wd.contains("; decoupled weight decay (adamw, lion"),
            "{wd}"
        );
        assert!(wd.ends_with("; default per optimizer, see `help`)."), "{wd}");
        let alpha = help("alpha"); // a smoothing constant to rmsprop, the power of its rate's decay to asgd
        assert!(alpha.starts_with("Smoothing constant") && alpha.contains("(rmsprop); power of"), "{alpha}");
    }

    #[test]
    fn help_lists_each_optimizer_with_its_own_flags() {
        let h = help();
        assert!(h.starts_with("optimizers (all take --lr;"), "{h}");
        let adam = h.lines().find(|l| l.trim_start().starts_with("adam ")).unwrap();
        assert!(adam.contains("default lr 0.001") && adam.contains("--beta1") && adam.contains("--amsgrad"));
        assert!(!adam.contains("--momentum"), "{adam}");
    }
}
