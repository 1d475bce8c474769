//! The context a forward pass runs in: the tape, train or eval mode, the randomness for dropout,
//! and, when the health monitor samples this pass, a probe that records what the activations saw.
use crate::unit_probe::{UnitProbe, UnitStats};
use crate::Activation;
use downhill_autograd::{Param, Tape, Var};
use downhill_tensor::Rng;
use std::cell::RefCell;

/// Whether layers behave as in training (batch statistics, dropout on) or evaluation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Training: batch statistics (and their running averages updated), dropout on, random codes.
    Train,
    /// Evaluation: running statistics, dropout off, deterministic outputs.
    Eval,
}

/// Passed to every `Module::forward`; holds no global state.
#[derive(Debug)]
pub struct Ctx<'t> {
    /// The tape the pass records its operations on.
    pub tape: &'t Tape,
    /// Training or evaluation.
    pub mode: Mode,
    rng: RefCell<Rng>,
    probe: Option<RefCell<UnitProbe>>,
}

impl<'t> Ctx<'t> {
    /// Training mode; `seed` drives dropout masks.
    pub fn train(tape: &'t Tape, seed: u64) -> Ctx<'t> {
        Ctx { tape, mode: Mode::Train, rng: RefCell::new(Rng::seed(seed)), probe: None }
    }
    /// Training mode drawing from an existing generator (e.g. the trainer's, for resumable runs).
    pub fn train_with(tape: &'t Tape, rng: Rng) -> Ctx<'t> {
        Ctx { tape, mode: Mode::Train, rng: RefCell::new(rng), probe: None }
    }
    /// Evaluation mode. Layers draw nothing in it; its generator (seed 0) serves only explicit
    /// draws such as `Reparameterize::sample` of held-out rows.
    pub fn eval(tape: &'t Tape) -> Ctx<'t> {
        Ctx { tape, mode: Mode::Eval, rng: RefCell::new(Rng::seed(0)), probe: None }
    }
    /// True in [`Mode::Train`].
    pub fn is_training(&self) -> bool {
        self.mode == Mode::Train
    }
    /// The parameter `p` on the tape (so that the backward pass gives its gradient).
    pub fn param(&self, p: &Param) -> Var<'t> {
        self.tape.param(p)
    }
    /// Runs `f` with the context's generator.
    pub fn with_rng<R>(&self, f: impl FnOnce(&mut Rng) -> R) -> R {
        f(&mut self.rng.borrow_mut())
    }
    /// This context, recording each activation layer's `UnitStats` (read them with
    /// `take_unit_stats`).
    pub fn probing(self) -> Ctx<'t> {
        Ctx { probe: Some(RefCell::default()), ..self }
    }
    /// Whether this pass records activation statistics (`probing`).
    pub fn is_probing(&self) -> bool {
        self.probe.is_some()
    }
    /// The activation statistics recorded so far (none unless `probing`).
    pub fn take_unit_stats(&self) -> Vec<UnitStats> {
        self.probe.as_ref().map_or_else(Vec::new, |p| p.borrow_mut().take())
    }
    /// Runs `f` as the child `name` of the current layer (containers call this for each child, so
    /// that probed layers know their path); just `f` when not probing.
    pub fn in_layer<R>(&self, name: impl FnOnce() -> String, f: impl FnOnce() -> R) -> R {
        let Some(probe) = &self.probe else { return f() };
        probe.borrow_mut().enter(name());
        let out = f();
        probe.borrow_mut().leave();
        out
    }
    /// Records a recurrent layer's output sequence `h` (unit_probe.rs), when probing.
    pub(crate) fn probe_recurrent(&self, kind: &'static str, h: &Var<'t>) {
        if let Some(probe) = &self.probe {
            probe.borrow_mut().record_recurrent(kind, &h.value());
        }
    }
    /// Records activation `a` mapping `x` to `y`, when probing.
    pub(crate) fn probe_activation(&self, a: Activation, x: &Var<'t>, y: &Var<'t>) {
        if let Some(probe) = &self.probe {
            probe.borrow_mut().record(a, &x.value(), &y.value());
        }
    }
    /// The generator's state after this pass, to carry over to the next one.
    pub fn into_rng(self) -> Rng {
        self.rng.into_inner()
    }
}
