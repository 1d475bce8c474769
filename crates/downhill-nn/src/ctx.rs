//! The context a forward pass runs in: the tape, train or eval mode, and the randomness for dropout.
use downhill_autograd::{Param, Tape, Var};
use downhill_tensor::Rng;
use std::cell::RefCell;

/// Whether layers behave as in training (batch statistics, dropout on) or evaluation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Train,
    Eval,
}

/// Passed to every `Module::forward`; holds no global state.
#[derive(Debug)]
pub struct Ctx<'t> {
    pub tape: &'t Tape,
    pub mode: Mode,
    rng: RefCell<Rng>,
}

impl<'t> Ctx<'t> {
    /// Training mode; `seed` drives dropout masks.
    pub fn train(tape: &'t Tape, seed: u64) -> Ctx<'t> {
        Ctx { tape, mode: Mode::Train, rng: RefCell::new(Rng::seed(seed)) }
    }
    /// Training mode drawing from an existing generator (e.g. the trainer's, for resumable runs).
    pub fn train_with(tape: &'t Tape, rng: Rng) -> Ctx<'t> {
        Ctx { tape, mode: Mode::Train, rng: RefCell::new(rng) }
    }
    pub fn eval(tape: &'t Tape) -> Ctx<'t> {
        Ctx { tape, mode: Mode::Eval, rng: RefCell::new(Rng::seed(0)) }
    }
    pub fn is_training(&self) -> bool {
        self.mode == Mode::Train
    }
    pub fn param(&self, p: &Param) -> Var<'t> {
        self.tape.param(p)
    }
    /// Runs `f` with the context's generator.
    pub fn with_rng<R>(&self, f: impl FnOnce(&mut Rng) -> R) -> R {
        f(&mut self.rng.borrow_mut())
    }
    /// The generator's state after this pass, to carry over to the next one.
    pub fn into_rng(self) -> Rng {
        self.rng.into_inner()
    }
}
