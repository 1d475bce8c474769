//! The `--optimizer` list: `NAME[:LR],...`, one racer per entry, all started from the same point.
//! An entry's own `:LR` overrides `--lr` for that racer, so one picture can compare optimizers each
//! at a sensible rate (or one optimizer at several rates: `sgd:0.001,sgd:0.002`).
use crate::error::CliError;
use downhill_optim::{OptimError, OptimizerKind};

/// One entry of `--optimizer`.
#[derive(Clone, Debug, PartialEq)]
pub struct Racer {
    pub kind: OptimizerKind,
    /// The entry's own learning rate (`adam:0.05`), if it has one.
    pub lr: Option<f64>,
    /// The entry as a machine-readable name: `adam` or `adam:0.05`.
    pub name: String,
}

/// Parses the comma-separated list; names are case-insensitive, as in `OptimizerKind::from_str`.
pub fn parse_racers(spec: &str) -> Result<Vec<Racer>, CliError> {
    let racers = spec.split(',').map(parse_one).collect::<Result<Vec<_>, _>>()?;
    for (i, r) in racers.iter().enumerate() {
        if racers[..i].iter().any(|earlier| earlier.name == r.name) {
            let message = format!("`{}` is listed twice; give each racer a different NAME:LR", r.name);
            return Err(CliError::UnknownName { flag: "--optimizer", message });
        }
    }
    Ok(racers)
}

fn parse_one(entry: &str) -> Result<Racer, CliError> {
    let (name, lr) = match entry.split_once(':') {
        Some((name, lr)) => (name.trim(), Some(lr.trim())),
        None => (entry.trim(), None),
    };
    let kind: OptimizerKind = name
        .parse()
        .map_err(|e: OptimError| CliError::UnknownName { flag: "--optimizer", message: e.to_string() })?;
    let lr = match lr {
        None => None,
        Some(text) => match text.parse::<f64>() {
            Ok(v) if v.is_finite() && v >= 0.0 => Some(v),
            _ => return Err(CliError::invalid("--optimizer NAME:LR", text, "finite numbers >= 0")),
        },
    };
    let name = match lr {
        Some(v) => format!("{kind}:{v}"),
        None => kind.to_string(),
    };
    Ok(Racer { kind, lr, name })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_carry_optional_learning_rates() {
        let r = parse_racers("sgd, Adam:0.05,momentum").unwrap();
        let names: Vec<&str> = r.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["sgd", "adam:0.05", "momentum"]);
        // Exact: the lr is the parsed literal, no arithmetic.
        assert_eq!((r[0].lr, r[1].lr, r[1].kind), (None, Some(0.05), OptimizerKind::Adam));
        assert_eq!(parse_racers("sgd:0.001,sgd:0.002").unwrap().len(), 2);
    }

    #[test]
    fn bad_entries_name_the_flag() {
        let err = |s: &str| parse_racers(s).unwrap_err().to_string();
        let e = err("sgd,adma");
        assert!(
            e.starts_with("--optimizer: unknown optimizer `adma`; accepted: sgd,")
                && OptimizerKind::all_names().iter().all(|n| e.contains(n)),
            "{e}"
        );
        assert!(err("adam:-1").contains("--optimizer NAME:LR") && err("adam:x").contains("`x`"));
        assert!(err("sgd,,adam").contains("unknown optimizer ``"));
        assert!(err("sgd,sgd").contains("listed twice"));
    }
}
