//! A search space: hyperparameter names, each with where its values come from, written as
//!   name=loguniform(a, b)   log-uniform on [a, b], 0 < a < b      (ray tune, Optuna `log=True`)
//!   name=uniform(a, b)      uniform on [a, b], a < b
//!   name=randint(a, b)      an integer in [a, b), a < b           (ray tune, numpy: b excluded)
//!   name=choice(v, w, ...)  one of the values, as written; a value holding a comma is quoted,
//!                           e.g. hidden=choice(64, "128,64")
//! separated by commas at the top level. Values stay text: the caller gives them to the setting
//! the name stands for (a command-line flag), which checks them. Sampled numbers keep 4 significant
//! digits, so a trial's settings read as they will be reproduced.
//! A grid takes every choice, every integer of a randint, and `points` values of a continuous range
//! (equally spaced, in log space for loguniform, both ends included).
use crate::LearnError;
use downhill_tensor::Rng;

/// Where one hyperparameter's values come from.
#[derive(Clone, Debug, PartialEq)]
pub enum Distribution {
    /// Log-uniform on [a, b], a > 0 (learning rates, penalties).
    LogUniform(f64, f64),
    /// Uniform on [a, b].
    Uniform(f64, f64),
    /// A whole number in [a, b], both included.
    RandInt(i64, i64),
    /// One of these values, as text.
    Choice(Vec<String>),
}

/// A named hyperparameter and its distribution.
#[derive(Clone, Debug, PartialEq)]
pub struct Param {
    /// The hyperparameter's name, as the estimator's options spell it (`lr`, `hidden`).
    pub name: String,
    /// Where its values come from.
    pub distribution: Distribution,
}

/// One configuration: a value (as text) per hyperparameter, in the space's order.
pub type Assignment = Vec<(String, String)>;

/// The hyperparameters searched over, parsed from `name=dist(args), ...` (see the module docs).
#[derive(Clone, Debug, PartialEq)]
pub struct SearchSpace {
    /// The hyperparameters, in the order given.
    pub params: Vec<Param>,
}

/// Largest grid `SearchSpace::grid` builds, so a typo does not start a million trials.
pub const MAX_GRID: usize = 10_000;

impl SearchSpace {
    /// Parses `name=dist(args), ...`; an error names the token that is wrong and what would fix it.
    pub fn parse(text: &str) -> Result<SearchSpace, LearnError> {
        let bad = |token: &str, rule: &'static str| LearnError::InvalidParam {
            name: "space",
            rule,
            value: token.to_owned(), // as given: the CLI's message quotes it
        };
        let entries = split_top(text).map_err(|t| bad(&t, "balanced parentheses and quotes"))?;
        let mut params: Vec<Param> = Vec::new();
        for entry in entries.iter().filter(|e| !e.trim().is_empty()) {
            let rule = "name=loguniform(a,b), uniform(a,b), randint(a,b) or choice(v,...)";
            let (name, dist) = entry.split_once('=').ok_or_else(|| bad(entry.trim(), rule))?;
            let name = name.trim().replace('-', "_");
            if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                return Err(bad(entry.trim(), "a name of letters, digits and _ before ="));
            }
            if params.iter().any(|p| p.name == name) {
                return Err(bad(&name, "each name once"));
            }
            let distribution = parse_distribution(dist.trim()).map_err(|r| bad(dist.trim(), r))?;
            params.push(Param { name, distribution });
        }
        if params.is_empty() {
            return Err(bad(text.trim(), "at least one name=distribution"));
        }
        Ok(SearchSpace { params })
    }

    /// One configuration drawn from `rng`.
    pub fn sample(&self, rng: &mut Rng) -> Assignment {
        let draw = |d: &Distribution, rng: &mut Rng| match d {
            Distribution::LogUniform(a, b) => {
                number((a.ln() + rng.unit_f64() * (b.ln() - a.ln())).exp().clamp(*a, *b))
            }
            Distribution::Uniform(a, b) => number((a + rng.unit_f64() * (b - a)).clamp(*a, *b)),
            Distribution::RandInt(a, b) => (a + rng.below((b - a) as usize) as i64).to_string(),
            Distribution::Choice(values) => values[rng.below(values.len())].clone(),
        };
        self.params.iter().map(|p| (p.name.clone(), draw(&p.distribution, rng))).collect()
    }

    /// Every point of the grid, `points` values per continuous range (see the top of the file).
    pub fn grid(&self, points: usize) -> Result<Vec<Assignment>, LearnError> {
        if points < 2 {
            return Err(LearnError::invalid("grid_points", "an integer >= 2", points));
        }
        let axes: Vec<Vec<String>> = self.params.iter().map(|p| axis(&p.distribution, points)).collect();
        let size = axes.iter().try_fold(1usize, |n, a| n.checked_mul(a.len()).filter(|&n| n <= MAX_GRID));
        if size.is_none() {
            return Err(LearnError::invalid("space", "a grid of at most 10000 points", "a larger grid"));
        }
        let mut grid: Vec<Assignment> = vec![Vec::new()];
        for (p, values) in self.params.iter().zip(&axes) {
            grid = grid
                .iter()
                .flat_map(|g| {
                    values.iter().map(move |v| [g.clone(), vec![(p.name.clone(), v.clone())]].concat())
                })
                .collect();
        }
        Ok(grid)
    }
}

/// The values a grid takes along one hyperparameter.
fn axis(d: &Distribution, points: usize) -> Vec<String> {
    let at = |k: usize| k as f64 / (points - 1) as f64;
    match d {
        Distribution::LogUniform(a, b) => {
            (0..points).map(|k| number((a.ln() + at(k) * (b.ln() - a.ln())).exp())).collect()
        }
        Distribution::Uniform(a, b) => (0..points).map(|k| number(a + at(k) * (b - a))).collect(),
        Distribution::RandInt(a, b) => (*a..*b).map(|v| v.to_string()).collect(),
        Distribution::Choice(values) => values.clone(),
    }
}

/// `v` with 4 significant digits, in its shortest form (`0.003162`, `1e-5`).
fn number(v: f64) -> String {
    let rounded: f64 = format!("{v:.3e}").parse().unwrap_or(v);
    serde_json::Value::from(rounded).to_string()
}

fn parse_distribution(text: &str) -> Result<Distribution, &'static str> {
    const FORM: &str = "loguniform(a,b), uniform(a,b), randint(a,b) or choice(v,...)";
    let (kind, rest) = text.split_once('(').ok_or(FORM)?;
    let inner = rest.strip_suffix(')').ok_or(FORM)?;
    let args: Vec<String> = split_top(inner).map_err(|_| FORM)?.iter().map(|a| unquote(a.trim())).collect();
    let numbers = || -> Result<(f64, f64), &'static str> {
        match args.iter().map(|a| a.parse::<f64>()).collect::<Vec<_>>()[..] {
            [Ok(a), Ok(b)] if a.is_finite() && b.is_finite() && a < b => Ok((a, b)),
            _ => Err("two finite numbers a < b"),
        }
    };
    match kind.trim() {
        "loguniform" => match numbers()? {
            (a, b) if a > 0.0 => Ok(Distribution::LogUniform(a, b)),
            _ => Err("loguniform(a, b) with 0 < a < b"),
        },
        "uniform" => numbers().map(|(a, b)| Distribution::Uniform(a, b)),
        "randint" => match args.iter().map(|a| a.parse::<i64>()).collect::<Vec<_>>()[..] {
            [Ok(a), Ok(b)] if a < b => Ok(Distribution::RandInt(a, b)),
            _ => Err("randint(a, b) with integers a < b (b excluded)"),
        },
        "choice" if args.iter().all(|a| !a.is_empty()) => Ok(Distribution::Choice(args)),
        "choice" => Err("choice(v, ...) with no empty value"),
        _ => Err(FORM),
    }
}

/// Splits at commas outside parentheses and quotes; the unbalanced text on failure.
fn split_top(text: &str) -> Result<Vec<String>, String> {
    let (mut parts, mut current, mut depth, mut quoted) = (Vec::new(), String::new(), 0i32, false);
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            '(' if !quoted => depth += 1,
            ')' if !quoted => depth -= 1,
            ',' if !quoted && depth == 0 => {
                parts.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        if depth < 0 {
            return Err(text.trim().to_string());
        }
        current.push(c);
    }
    if depth != 0 || quoted {
        return Err(text.trim().to_string());
    }
    parts.push(current);
    Ok(parts)
}

fn unquote(text: &str) -> String {
    text.strip_prefix('"').and_then(|t| t.strip_suffix('"')).unwrap_or(text).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_issue_space_parses_and_samples_inside_its_ranges() {
        let text =
            "lr=loguniform(1e-4,1e-1), batch_size=choice(32,128), weight-decay=loguniform(1e-6,1e-2), \
                    hidden=choice(64, \"128,64\"), layers=randint(1, 4)";
        let space = SearchSpace::parse(text).unwrap();
        let names: Vec<&str> = space.params.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["lr", "batch_size", "weight_decay", "hidden", "layers"]);
        assert_eq!(space.params[3].distribution, Distribution::Choice(vec!["64".into(), "128,64".into()]));
        let mut rng = Rng::seed(1);
        let (mut logs, mut seen_128_64) = (Vec::new(), false);
        for _ in 0..2000 {
            let a = space.sample(&mut rng);
            let lr: f64 = a[0].1.parse().unwrap();
            assert!((1e-4..=1e-1).contains(&lr), "{lr}");
            logs.push(lr.log10());
            assert!(["32", "128"].contains(&a[1].1.as_str()));
            seen_128_64 |= a[3].1 == "128,64";
            assert!(["1", "2", "3"].contains(&a[4].1.as_str()), "randint excludes b: {}", a[4].1);
        }
        assert!(seen_128_64);
        // log10(lr) is uniform on [−4, −1]: mean −2.5 within 4 standard errors (σ = 3/√12, n = 2000).
        let mean = logs.iter().sum::<f64>() / logs.len() as f64;
        assert!((mean + 2.5).abs() < 4.0 * (3.0 / 12f64.sqrt()) / 2000f64.sqrt(), "{mean}");
    }

    #[test]
    fn grids_cover_every_choice_and_both_ends() {
        let space = SearchSpace::parse("lr=loguniform(1e-4, 1e-2), bs=choice(32, 64)").unwrap();
        let grid = space.grid(3).unwrap();
        let text: Vec<String> = grid.iter().map(|a| format!("{}/{}", a[0].1, a[1].1)).collect();
        assert_eq!(text, ["0.0001/32", "0.0001/64", "0.001/32", "0.001/64", "0.01/32", "0.01/64"]);
        assert!(space.grid(1).is_err());
        let huge = SearchSpace::parse("a=randint(0, 1000), b=randint(0, 1000)").unwrap();
        assert!(huge.grid(2).unwrap_err().to_string().contains("10000"));
    }

    #[test]
    fn bad_spaces_name_the_token() {
        for (text, token) in [
            ("", "at least one name=distribution"),
            ("lr=loguniform(0, 1)", "loguniform(0, 1)"),
            ("lr=normal(0, 1)", "normal(0, 1)"),
            ("lr", "= lr:"),
            ("lr=uniform(1, 0.5)", "uniform(1, 0.5)"),
            ("lr=choice(1,2", "lr=choice(1,2"),
            ("lr=uniform(0,1), lr=uniform(0,2)", "= lr: must be each name once"),
            ("bs=randint(1.5, 4)", "randint(1.5, 4)"),
        ] {
            let e = SearchSpace::parse(text).unwrap_err().to_string();
            assert!(e.contains(token) && e.contains("space"), "{text}: {e}");
        }
    }
}
