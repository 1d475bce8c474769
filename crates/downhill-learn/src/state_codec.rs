//! An optimizer `State` as safetensors tensors plus a small JSON tree, bit-exact:
//!   slot k, parameter i of the state at `prefix`  →  tensor `{prefix}.s{k}.{i}`
//!   inner state j                                →  prefix `{prefix}.i{j}`
//!   count, scalars (as IEEE bit patterns), slot sizes, inner states  →  `StateTree`
use downhill_optim::State;
use downhill_tensor::Tensor;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct StateTree {
    count: u64,
    scalar_bits: Vec<u64>,
    slot_lens: Vec<usize>,
    inner: Vec<StateTree>,
}

pub(crate) fn encode(state: &State, prefix: &str, tensors: &mut BTreeMap<String, Tensor>) -> StateTree {
    for (k, slot) in state.slots.iter().enumerate() {
        for (i, t) in slot.iter().enumerate() {
            tensors.insert(format!("{prefix}.s{k}.{i}"), t.clone());
        }
    }
    StateTree {
        count: state.count,
        scalar_bits: state.scalars.iter().map(|x| x.to_bits()).collect(),
        slot_lens: state.slots.iter().map(Vec::len).collect(),
        inner: state
            .inner
            .iter()
            .enumerate()
            .map(|(j, s)| encode(s, &format!("{prefix}.i{j}"), tensors))
            .collect(),
    }
}

/// Rebuilds a state, taking its tensors out of `tensors`; the error names what is missing.
pub(crate) fn decode(
    tree: &StateTree,
    prefix: &str,
    tensors: &mut BTreeMap<String, Tensor>,
) -> Result<State, String> {
    let mut slots = Vec::with_capacity(tree.slot_lens.len());
    for (k, &len) in tree.slot_lens.iter().enumerate() {
        let slot = (0..len)
            .map(|i| {
                let name = format!("{prefix}.s{k}.{i}");
                tensors.remove(&name).ok_or_else(|| format!("optimizer tensor `{name}` is missing"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        slots.push(slot);
    }
    let inner = tree
        .inner
        .iter()
        .enumerate()
        .map(|(j, t)| decode(t, &format!("{prefix}.i{j}"), tensors))
        .collect::<Result<_, _>>()?;
    Ok(State {
        count: tree.count,
        scalars: tree.scalar_bits.iter().map(|&b| f64::from_bits(b)).collect(),
        slots,
        inner,
    })
}

/// True when `a` and `b` have the same nesting, scalar and slot counts and tensor shapes.
pub(crate) fn same_layout(a: &State, b: &State) -> bool {
    let shapes = |s: &State| {
        s.slots
            .iter()
            .map(|slot| slot.iter().map(|t| t.dims().to_vec()).collect::<Vec<_>>())
            .collect::<Vec<_>>()
    };
    a.scalars.len() == b.scalars.len()
        && shapes(a) == shapes(b)
        && a.inner.len() == b.inner.len()
        && a.inner.iter().zip(&b.inner).all(|(x, y)| same_layout(x, y))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_bit_exact() {
        let leaf = State {
            count: 3,
            scalars: vec![0.1 + 0.2, f64::INFINITY],
            slots: vec![vec![Tensor::vector(vec![f32::NAN, 1e-45])]],
            inner: vec![],
        };
        let state = State { count: 3, scalars: vec![], slots: vec![], inner: vec![State::empty(), leaf] };
        let mut tensors = BTreeMap::new();
        let tree = encode(&state, "optim", &mut tensors);
        assert!(tensors.contains_key("optim.i1.s0.0"));
        let json = serde_json::to_string(&tree).unwrap();
        let back = decode(&serde_json::from_str(&json).unwrap(), "optim", &mut tensors).unwrap();
        assert!(same_layout(&state, &back) && tensors.is_empty());
        assert_eq!(back.inner[1].scalars[0].to_bits(), (0.1f64 + 0.2).to_bits());
        assert_eq!(back.inner[1].slots[0][0].data()[0].to_bits(), f32::NAN.to_bits());
        assert!(decode(&tree, "optim", &mut BTreeMap::new()).unwrap_err().contains("optim.i1.s0.0"));
    }
}
