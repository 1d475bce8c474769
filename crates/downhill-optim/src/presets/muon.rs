//! Muon as `torch.optim.Muon` (torch 2.15; maximize is a link, foreach does not apply), for matrix
//! parameters [A, B]:
//!   B <- lerp(B, g, 1 - momentum);   U = lerp(g, B, momentum) if nesterov else B
//!   p <- p (1 - lr_t wd) - lr_t ratio(A, B) NS(U)
//! NS is the quintic Newton–Schulz orthogonalisation, run in bfloat16 as torch runs it for every
//! dtype (`transforms/newton_schulz.rs`). Chain: ScaleByMuon [AddDecayedWeights(wd), decoupled]
//! ScaleByLr. torch accepts `ns_steps = 0` (no iteration, only the normalisation); that is not an
//! orthogonalisation, so we require 1 <= ns_steps < 100 (torch's own upper limit).
//!
//! Muon is for 2-D weights of hidden layers. `downhill train --optimizer muon` gives it the hidden
//! weight matrices and AdamW the rest (`downhill_learn`'s `muon_split.rs` says which);
//! `downhill optimize`'s point is a vector, stepped as the 1 x 2 matrix [x y].
use super::decay::{compose, Decay};
use crate::describe::{Described, Field, Hyper, Preset, Range};
use crate::transforms::maybe_cycled;
use crate::{AdjustLr, Chain, Lr, OptimError, ScaleByMuon};
use serde::{Deserialize, Serialize};

/// `torch.optim.Muon`'s arguments (Jordan et al. 2024); `Default` is torch's defaults.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MuonOptions {
    /// Learning rate (torch `lr`, default 1e-3; Keller Jordan's reference uses 0.02); >= 0.
    pub lr: f64,
    /// Decoupled weight decay `p <- p (1 - lr_t wd)` (torch `weight_decay`, default 0.1); >= 0.
    pub weight_decay: f64,
    /// Momentum factor of the buffer `B <- lerp(B, g, 1 - momentum)` (torch `momentum`, default 0.95); >= 0.
    pub momentum: f64,
    /// Orthogonalise `lerp(g, B, momentum)` instead of `B` (torch `nesterov`, default true).
    pub nesterov: bool,
    /// `(a, b, c)`: the quintic Newton–Schulz polynomial `a X + b (X X^T) X + c (X X^T)^2 X` (torch
    /// `ns_coefficients`, default (3.4445, -4.7750, 2.0315)); finite.
    pub ns_coefficients: (f64, f64, f64),
    /// Floor of the norm the update is divided by before Newton–Schulz (torch `eps`, default 1e-7); >= 0.
    pub eps: f64,
    /// Newton–Schulz iterations (torch `ns_steps`, default 5); in 1..100.
    pub ns_steps: usize,
    /// torch's `None` (which scales as `Original`) or a named adjustment.
    pub adjust_lr_fn: Option<AdjustLr>,
}

impl Default for MuonOptions {
    fn default() -> Self {
        MuonOptions {
            lr: 1e-3,
            weight_decay: 0.1,
            momentum: 0.95,
            nesterov: true,
            ns_coefficients: (3.4445, -4.7750, 2.0315),
            eps: 1e-7,
            ns_steps: 5,
            adjust_lr_fn: None,
        }
    }
}

const ADJUST_NAMES: &[&str] = &["none", "original", "match_rms_adamw", "spectral_unclamped"];

fn adjust_name(o: &MuonOptions) -> &'static str {
    o.adjust_lr_fn.map_or("none", |a| AdjustLr::NAMES[a as usize])
}

fn set_adjust(o: &mut MuonOptions, name: &str) -> Result<(), OptimError> {
    let found = ADJUST_NAMES.iter().position(|n| n.eq_ignore_ascii_case(name)).ok_or_else(|| {
        OptimError::UnknownName { kind: "adjust_lr_fn", name: name.into(), accepted: ADJUST_NAMES.join(", ") }
    })?;
    let all = [AdjustLr::Original, AdjustLr::MatchRmsAdamw, AdjustLr::SpectralUnclamped];
    o.adjust_lr_fn = found.checked_sub(1).map(|k| all[k]);
    Ok(())
}

impl Described for MuonOptions {
    const NAME: &'static str = "muon";
    const OPTIONS: &'static [Hyper<Self>] = &[
        Hyper::float("lr", Range::NonNegative, "learning rate", |o| &mut o.lr),
        Hyper::float("weight_decay", Range::NonNegative, "decoupled weight decay, times lr", |o| {
            &mut o.weight_decay
        }),
        Hyper::float("momentum", Range::NonNegative, "momentum factor", |o| &mut o.momentum),
        Hyper::switch("nesterov", "use Nesterov momentum", |o| &mut o.nesterov),
        Hyper::with(
            "ns_coefficients",
            Range::Finite,
            "Newton-Schulz polynomial coefficients a,b,c",
            Field::Triple(|o: &mut Self| &mut o.ns_coefficients),
        ),
        Hyper::float("eps", Range::NonNegative, "floor of the norm the update is divided by", |o| &mut o.eps),
        Hyper::count("ns_steps", "Newton-Schulz iterations, below 100 as torch requires", |o| {
            &mut o.ns_steps
        }),
        Hyper::with(
            "adjust_lr_fn",
            Range::Any,
            "lr scaling by matrix shape; none is torch's None, the original",
            Field::Choice(ADJUST_NAMES, adjust_name, set_adjust),
        ),
    ];

    fn rules(&self) -> Result<(), OptimError> {
        if self.ns_steps >= 100 {
            let rule = "< 100 (torch's limit)";
            return Err(OptimError::InvalidOption { option: "ns_steps", rule, value: self.ns_steps as f64 });
        }
        Ok(())
    }
}

impl Preset for MuonOptions {
    fn chain(&self, lr: Lr, cycled: Option<Lr>) -> Result<Chain, OptimError> {
        let core = ScaleByMuon {
            momentum: self.momentum,
            nesterov: self.nesterov,
            ns_coefficients: self.ns_coefficients,
            ns_steps: self.ns_steps,
            eps: self.eps,
            adjust_lr: self.adjust_lr_fn.unwrap_or_default(),
        };
        Ok(compose(Chain(vec![maybe_cycled(core, cycled)]), self.weight_decay, Decay::Decoupled, lr))
    }
}

/// Builds Muon with its constant rate.
///
/// ```
/// use downhill_optim::{muon, MuonOptions};
/// assert!(muon(MuonOptions { lr: 0.02, ..Default::default() }).is_ok());
/// let err = muon(MuonOptions { ns_steps: 0, ..Default::default() }).unwrap_err();
/// assert!(err.to_string().contains("`ns_steps`"));
/// ```
pub fn muon(o: MuonOptions) -> Result<Chain, OptimError> {
    o.build()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Value;

    #[test]
    fn defaults_match_torch() {
        let o = MuonOptions::default();
        assert!((o.lr - 1e-3).abs() < 1e-18 && (o.weight_decay - 0.1).abs() < 1e-18);
        assert!((o.momentum - 0.95).abs() < 1e-18 && o.nesterov && (o.eps - 1e-7).abs() < 1e-22);
        let (a, b, c) = o.ns_coefficients;
        assert!((a - 3.4445).abs() < 1e-15 && (b + 4.7750).abs() < 1e-15 && (c - 2.0315).abs() < 1e-15);
        assert!(o.ns_steps == 5 && o.adjust_lr_fn.is_none());
    }

    #[test]
    fn options_read_as_torch_s_and_bad_values_name_the_option() {
        let json = serde_json::to_string(&MuonOptions::default()).unwrap();
        assert!(json.contains(r#""ns_coefficients":[3.4445,-4.775,2.0315]"#), "{json}");
        assert!(json.contains(r#""adjust_lr_fn":null"#), "{json}");
        let mut o = MuonOptions::default();
        o.set("adjust_lr_fn", Value::Choice("match_rms_adamw".into())).unwrap();
        assert_eq!(o.adjust_lr_fn, Some(AdjustLr::MatchRmsAdamw));
        assert!(o.set("adjust_lr_fn", Value::Choice("spectral".into())).is_err());
        let e = o.set("ns_coefficients", Value::Triple(1.0, f64::NAN, 0.0)).unwrap_err();
        assert!(e.to_string().contains("ns_coefficients"), "{e}");
        let e = muon(MuonOptions { ns_steps: 100, ..Default::default() }).unwrap_err().to_string();
        assert!(e.contains("ns_steps") && e.contains("< 100"), "{e}");
        let e = muon(MuonOptions { weight_decay: -0.1, ..Default::default() }).unwrap_err().to_string();
        assert!(e.contains("weight_decay"), "{e}");
    }
}
