//! The on-disk form of a `State`: JSON whose floats are stored as their IEEE bit patterns
//! (`f32::to_bits` / `f64::to_bits`), so load -> step is bit-identical, NaN and infinities included.
use crate::{OptimError, State, Tensor};
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize)]
struct SavedTensor {
    shape: Vec<usize>,
    bits: Vec<u32>,
}

#[derive(Serialize, Deserialize)]
struct SavedState {
    count: u64,
    scalar_bits: Vec<u64>,
    slots: Vec<Vec<SavedTensor>>,
    inner: Vec<SavedState>,
}

fn save(s: &State) -> SavedState {
    let tensor = |t: &Tensor| SavedTensor {
        shape: t.dims().to_vec(),
        bits: t.data().iter().map(|x| x.to_bits()).collect(),
    };
    SavedState {
        count: s.count,
        scalar_bits: s.scalars.iter().map(|x| x.to_bits()).collect(),
        slots: s.slots.iter().map(|slot| slot.iter().map(tensor).collect()).collect(),
        inner: s.inner.iter().map(save).collect(),
    }
}

fn restore(s: SavedState) -> Result<State, serde_json::Error> {
    let tensor = |t: SavedTensor| {
        Tensor::from_vec(t.bits.into_iter().map(f32::from_bits).collect(), t.shape)
            .map_err(<serde_json::Error as serde::de::Error>::custom)
    };
    let slots =
        s.slots.into_iter().map(|slot| slot.into_iter().map(tensor).collect()).collect::<Result<_, _>>()?;
    Ok(State {
        count: s.count,
        scalars: s.scalar_bits.into_iter().map(f64::from_bits).collect(),
        slots,
        inner: s.inner.into_iter().map(restore).collect::<Result<_, _>>()?,
    })
}

pub(crate) fn to_json(state: &State) -> String {
    serde_json::to_string(&save(state)).unwrap_or_else(|e| panic!("serialising plain data cannot fail: {e}"))
}

pub(crate) fn from_json(text: &str) -> Result<State, serde_json::Error> {
    restore(serde_json::from_str(text)?)
}

/// Checks that `got` has the same nesting, scalar count, slot count and tensor shapes as `want`.
pub(crate) fn check_layout(want: &State, got: &State, at: &str) -> Result<(), OptimError> {
    let mismatch = |what: String| Err(OptimError::StateMismatch(format!("{at}: {what}")));
    if want.scalars.len() != got.scalars.len() {
        return mismatch(format!("{} scalars expected, found {}", want.scalars.len(), got.scalars.len()));
    }
    if want.slots.len() != got.slots.len() || want.inner.len() != got.inner.len() {
        let (ws, gs, wi, gi) = (want.slots.len(), got.slots.len(), want.inner.len(), got.inner.len());
        return mismatch(format!(
            "{ws} slots / {wi} inner states expected, found {gs} slots / {gi} inner states"
        ));
    }
    for (k, (ws, gs)) in want.slots.iter().zip(&got.slots).enumerate() {
        let shapes = |s: &Vec<Tensor>| s.iter().map(|t| t.shape().to_string()).collect::<Vec<_>>();
        if shapes(ws) != shapes(gs) {
            return mismatch(format!("slot {k} shapes {:?} expected, found {:?}", shapes(ws), shapes(gs)));
        }
    }
    for (i, (w, g)) in want.inner.iter().zip(&got.inner).enumerate() {
        check_layout(w, g, &format!("{at}.inner[{i}]"))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_is_bit_exact_including_non_finite() {
        let t = Tensor::vector(vec![0.1, f32::NAN, f32::INFINITY, -0.0, 1e-45]);
        let s =
            State { count: 7, scalars: vec![0.1 + 0.2], slots: vec![vec![t]], inner: vec![State::empty()] };
        let back = from_json(&to_json(&s)).unwrap();
        let bits = |s: &State| s.slots[0][0].data().iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&s), bits(&back));
        assert_eq!((back.count, back.scalars[0].to_bits()), (7, (0.1f64 + 0.2).to_bits()));
        assert!(check_layout(&s, &back, "state").is_ok());
    }
}
