//! `Var`: a handle to a value on a tape. Ops are methods on `Var` defined beside each op (in `ops/`);
//! this file holds the handle itself and the arithmetic operator overloads.
use crate::ops::{Add, AddScalar, Div, Mul, MulScalar, Neg, Sub};
use crate::{NodeId, Tape};
use downhill_tensor::{Float, Shape, Tensor};
use std::cell::Ref;

/// A value recorded on a `Tape`. Cheap to copy; every op on it appends a node.
#[derive(Clone, Copy)]
pub struct Var<'t> {
    tape: &'t Tape,
    id: NodeId,
}

impl<'t> Var<'t> {
    pub(crate) fn new(tape: &'t Tape, id: NodeId) -> Var<'t> {
        Var { tape, id }
    }
    /// Its node on the tape.
    pub fn id(&self) -> NodeId {
        self.id
    }
    /// The tape it is recorded on.
    pub fn tape(&self) -> &'t Tape {
        self.tape
    }
    /// The forward value (borrowed from the tape; drop the borrow before recording more ops).
    pub fn value(&self) -> Ref<'t, Tensor> {
        self.tape.value(self.id)
    }
    /// The shape of its value.
    pub fn shape(&self) -> Shape {
        self.value().shape().clone()
    }
    /// The value of a one-element var.
    pub fn item(&self) -> Float {
        self.value().item()
    }
    /// A new constant leaf holding the same value: gradients stop here (torch `detach()`).
    pub fn detach(self) -> Var<'t> {
        let value = self.value().clone();
        self.tape.leaf(value)
    }
    /// Records `op` applied to `self` alone.
    pub fn unary(self, op: impl crate::Op) -> Var<'t> {
        self.tape.apply(op, &[self])
    }
    /// Records `op` applied to `self` and `rhs`.
    pub fn binary(self, op: impl crate::Op, rhs: Var<'t>) -> Var<'t> {
        assert!(std::ptr::eq(self.tape, rhs.tape), "vars from different tapes");
        self.tape.apply(op, &[self, rhs])
    }
}

impl std::fmt::Debug for Var<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Var(#{} {})", self.id, self.value().shape())
    }
}

macro_rules! var_binary {
    ($trait:ident, $method:ident, $op:expr) => {
        impl<'t> std::ops::$trait<Var<'t>> for Var<'t> {
            type Output = Var<'t>;
            fn $method(self, rhs: Var<'t>) -> Var<'t> {
                self.binary($op, rhs)
            }
        }
    };
}
var_binary!(Add, add, Add);
var_binary!(Sub, sub, Sub);
var_binary!(Mul, mul, Mul);
var_binary!(Div, div, Div);

impl<'t> std::ops::Add<Float> for Var<'t> {
    type Output = Var<'t>;
    fn add(self, c: Float) -> Var<'t> {
        self.unary(AddScalar(c))
    }
}
impl<'t> std::ops::Sub<Float> for Var<'t> {
    type Output = Var<'t>;
    fn sub(self, c: Float) -> Var<'t> {
        self.unary(AddScalar(-c))
    }
}
impl<'t> std::ops::Mul<Float> for Var<'t> {
    type Output = Var<'t>;
    fn mul(self, c: Float) -> Var<'t> {
        self.unary(MulScalar(c))
    }
}
impl<'t> std::ops::Div<Float> for Var<'t> {
    type Output = Var<'t>;
    fn div(self, c: Float) -> Var<'t> {
        self.unary(MulScalar(1.0 / c))
    }
}
impl<'t> std::ops::Neg for Var<'t> {
    type Output = Var<'t>;
    fn neg(self) -> Var<'t> {
        self.unary(Neg)
    }
}
