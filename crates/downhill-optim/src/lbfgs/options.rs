//! `torch.optim.LBFGS`'s arguments and their table. L-BFGS is a solver driven by a closure, not a
//! chain, so it is `Described` (flags, help, validation) but not a `Preset`.
use crate::describe::{Described, Field, Hyper, Range, Required};
use crate::OptimError;
use serde::{Deserialize, Serialize};

/// The line search used to pick the step length.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LineSearch {
    /// Fixed step `lr` (torch `line_search_fn=None`).
    #[default]
    Fixed,
    /// Strong-Wolfe conditions with cubic interpolation (torch `"strong_wolfe"`).
    StrongWolfe,
}

/// `torch.optim.LBFGS`'s arguments; `Default` is torch's defaults.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LbfgsOptions {
    /// Step length: the fixed step, or the line search's first trial (torch `lr`, default 1); > 0.
    pub lr: f64,
    /// Inner iterations per `step` call (torch `max_iter`, default 20); >= 1.
    pub max_iter: usize,
    /// `None` means torch's `max_iter * 5 / 4`.
    pub max_eval: Option<usize>,
    /// Stop a step when the gradient's max-norm is at most this (torch `tolerance_grad`, default 1e-7); >= 0.
    pub tolerance_grad: f64,
    /// Stop a step when the point or the loss changes by less than this (torch `tolerance_change`, default
    /// 1e-9); >= 0.
    pub tolerance_change: f64,
    /// Curvature pairs `(y, s)` kept for the two-loop recursion (torch `history_size`, default 100); >= 1.
    pub history_size: usize,
    /// How the step length is chosen (torch `line_search_fn`, default `None`: [`LineSearch::Fixed`]).
    pub line_search: LineSearch,
}

impl Default for LbfgsOptions {
    fn default() -> Self {
        LbfgsOptions {
            lr: 1.0,
            max_iter: 20,
            max_eval: None,
            tolerance_grad: 1e-7,
            tolerance_change: 1e-9,
            history_size: 100,
            line_search: LineSearch::Fixed,
        }
    }
}

impl Described for LbfgsOptions {
    const NAME: &'static str = "lbfgs";
    const OPTIONS: &'static [Hyper<Self>] = &[
        Hyper::float(
            "lr",
            Range::Positive,
            "learning rate (the fixed step, or the line search's first)",
            |o| &mut o.lr,
        ),
        Hyper::count("max_iter", "iterations per step", |o| &mut o.max_iter),
        Hyper {
            name: "max_eval",
            label: "max_eval",
            range: Range::AtLeastOne,
            help: "function evaluations per step (default max-iter * 5 / 4)",
            field: Field::DerivedCount(|o| &mut o.max_eval),
            required: Required::No,
        },
        Hyper::float(
            "tolerance_grad",
            Range::NonNegative,
            "stop a step when the gradient's max-norm is at most this",
            |o| &mut o.tolerance_grad,
        ),
        Hyper::float(
            "tolerance_change",
            Range::NonNegative,
            "stop a step when the point or the loss changes less than this",
            |o| &mut o.tolerance_change,
        ),
        Hyper::count("history_size", "number of curvature pairs kept", |o| &mut o.history_size),
        Hyper {
            name: "line_search_fn",
            label: "line_search_fn",
            range: Range::Any,
            help: "line search: strong_wolfe, or none for a fixed step lr",
            field: Field::Choice(&["none", "strong_wolfe"], line_search_name, set_line_search),
            required: Required::No,
        },
    ];
}

fn line_search_name(o: &LbfgsOptions) -> &'static str {
    match o.line_search {
        LineSearch::Fixed => "none",
        LineSearch::StrongWolfe => "strong_wolfe",
    }
}

fn set_line_search(o: &mut LbfgsOptions, name: &str) -> Result<(), OptimError> {
    o.line_search = name.parse()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::describe::Value;

    #[test]
    fn defaults_match_torch_and_the_table_sets_every_field() {
        let o = LbfgsOptions::default();
        assert!(
            (o.lr - 1.0).abs() < 1e-18 && o.max_iter == 20 && o.max_eval.is_none() && o.history_size == 100
        );
        assert!((o.tolerance_grad - 1e-7).abs() < 1e-20 && (o.tolerance_change - 1e-9).abs() < 1e-22);
        let mut o = LbfgsOptions::default();
        o.set("max_eval", Value::Count(7)).unwrap();
        o.set("line_search_fn", Value::Choice("Strong-Wolfe".into())).unwrap();
        assert_eq!((o.max_eval, o.line_search), (Some(7), LineSearch::StrongWolfe));
        let e = o.set("history_size", Value::Count(0)).unwrap_err().to_string();
        assert!(e.contains("history_size") && e.contains(">= 1"), "{e}");
    }
}
