//! `TestFunction`: every function in this crate by name, parsed by `FromStr` (case-insensitive,
//! `_` and `-` interchangeable) with an error listing the accepted names, and `help()` text.
//! It implements `Surface` by delegating to the function's own file.
use crate::{
    Ackley, Beale, Booth, Himmelblau, IllConditioned, Matyas, Point, Rastrigin, Rosenbrock, Saddle, Surface,
    ThreeHumpCamel, UnknownFunction, Window,
};
use std::{fmt, str::FromStr};

/// A test function chosen by name.
///
/// ```
/// use downhill_testfns::{Surface, TestFunction};
/// assert_eq!("Three_Hump_Camel".parse::<TestFunction>().unwrap(), TestFunction::ThreeHumpCamel);
/// let err = "rosenbrok".parse::<TestFunction>().unwrap_err().to_string();
/// assert!(err.contains("unknown function `rosenbrok`") && err.contains("himmelblau"));
/// let v = TestFunction::Saddle.value([1.0, 2.0]); // x² − y²: a few f64 operations, 1e-12
/// assert!((v + 3.0).abs() < 1e-12, "{v} vs -3");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TestFunction {
    /// Rosenbrock's banana valley.
    Rosenbrock,
    /// Beale's function.
    Beale,
    /// Himmelblau's function (four minima).
    Himmelblau,
    /// Booth's convex quadratic.
    Booth,
    /// Rastrigin's function (many local minima).
    Rastrigin,
    /// Ackley's function (many local minima).
    Ackley,
    /// The saddle x² − y².
    Saddle,
    /// 0.5 (x² + 100 y²), condition number 100.
    IllConditioned,
    /// Matyas' convex quadratic.
    Matyas,
    /// The three-hump camel function.
    ThreeHumpCamel,
}

impl TestFunction {
    /// Every function, in the order `help()` lists them.
    pub const ALL: [TestFunction; 10] = [
        TestFunction::Rosenbrock,
        TestFunction::Beale,
        TestFunction::Himmelblau,
        TestFunction::Booth,
        TestFunction::Rastrigin,
        TestFunction::Ackley,
        TestFunction::Saddle,
        TestFunction::IllConditioned,
        TestFunction::Matyas,
        TestFunction::ThreeHumpCamel,
    ];

    /// The function itself.
    pub fn surface(self) -> &'static dyn Surface {
        match self {
            TestFunction::Rosenbrock => &Rosenbrock,
            TestFunction::Beale => &Beale,
            TestFunction::Himmelblau => &Himmelblau,
            TestFunction::Booth => &Booth,
            TestFunction::Rastrigin => &Rastrigin,
            TestFunction::Ackley => &Ackley,
            TestFunction::Saddle => &Saddle,
            TestFunction::IllConditioned => &IllConditioned,
            TestFunction::Matyas => &Matyas,
            TestFunction::ThreeHumpCamel => &ThreeHumpCamel,
        }
    }

    /// Every function's name, in the order of `ALL`.
    pub fn all_names() -> Vec<&'static str> {
        Self::ALL.iter().map(|f| f.name()).collect()
    }

    /// One line per function: name, formula, minimum, window and start.
    pub fn help() -> String {
        let mut out = String::from("test functions (name: formula; minimum; plot window; default start):\n");
        for f in Self::ALL {
            let minimum = match (f.minima(), f.min_value()) {
                (m, Some(v)) if !m.is_empty() => format!("f = {v} at {}", points(m)),
                _ => "none (unbounded below)".to_string(),
            };
            let Window { x, y } = f.window();
            let [sx, sy] = f.start();
            out.push_str(&format!(
                "  {:<17} {}\n  {:<17} minimum {minimum}; window [{}, {}] x [{}, {}]; start {sx},{sy}\n",
                f.name(),
                f.formula(),
                "",
                x.0,
                x.1,
                y.0,
                y.1
            ));
        }
        out
    }
}

fn points(ps: &[Point]) -> String {
    let one = |p: &Point| format!("({}, {})", round(p[0]), round(p[1]));
    ps.iter().map(one).collect::<Vec<_>>().join(", ")
}

fn round(v: f64) -> f64 {
    (v * 1e4).round() / 1e4
}

impl FromStr for TestFunction {
    type Err = UnknownFunction;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let key = s.trim().to_ascii_lowercase().replace('_', "-");
        let key = if key == "quadratic" { "ill-conditioned".to_string() } else { key };
        Self::ALL
            .into_iter()
            .find(|f| f.name() == key)
            .ok_or_else(|| UnknownFunction { name: s.to_string(), accepted: Self::all_names().join(", ") })
    }
}

impl fmt::Display for TestFunction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Surface for TestFunction {
    fn name(&self) -> &'static str {
        self.surface().name()
    }
    fn formula(&self) -> &'static str {
        self.surface().formula()
    }
    fn value(&self, p: Point) -> f64 {
        self.surface().value(p)
    }
    fn gradient(&self, p: Point) -> Point {
        self.surface().gradient(p)
    }
    fn minima(&self) -> &'static [Point] {
        self.surface().minima()
    }
    fn min_value(&self) -> Option<f64> {
        self.surface().min_value()
    }
    fn window(&self) -> Window {
        self.surface().window()
    }
    fn start(&self) -> Point {
        self.surface().start()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_round_trips_and_is_unique() {
        for name in TestFunction::all_names() {
            assert_eq!(name.parse::<TestFunction>().unwrap().to_string(), name);
        }
        let mut names = TestFunction::all_names();
        names.dedup();
        assert_eq!(names.len(), TestFunction::ALL.len());
        assert_eq!("quadratic".parse::<TestFunction>().unwrap(), TestFunction::IllConditioned);
    }

    #[test]
    fn help_lists_every_function_with_its_formula() {
        let help = TestFunction::help();
        for f in TestFunction::ALL {
            assert!(help.contains(f.name()) && help.contains(f.formula()), "{help}");
        }
        assert!(help.contains("unbounded below") && help.contains("(3, 0.5)"));
    }
}
