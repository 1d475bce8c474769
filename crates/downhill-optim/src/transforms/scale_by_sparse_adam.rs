//! SparseAdam's step, as torch 2.15's `_functional.sparse_adam` computes it for a coalesced sparse
//! gradient (rows r present, each once: repeated lookups were summed first), t the step count:
//!   m_r <- m_r + (g_r - m_r)(1 - b1);   v_r <- v_r + (g_r² - v_r)(1 - b2)
//!   u_r = sqrt(1 - b2^t) / (1 - b1^t) · m_r / (sqrt(v_r) + eps)
//! Rows absent from the gradient keep m, v and p as they are (torch's masked Adam), where Adam
//! with the dense gradient would decay their moments and keep moving them. eps is added to sqrt(v)
//! before the bias correction, not after as in Adam. The `-lr` comes from the `ScaleByLr` link.
//! Differences from torch, documented: t is the transform's step count (torch counts per parameter
//! the steps it had a gradient; training gives every parameter one every step, so they agree); and
//! a dense gradient counts as every row present (torch raises), so the chain also runs on dense
//! problems (`downhill optimize`), where it is Adam with eps inside the bias correction.
use crate::{Float, Gradient, State, Tensor, Transform};

/// SparseAdam's masked moment ratio (see the module docs).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ScaleBySparseAdam {
    /// First-moment decay (torch `betas[0]`).
    pub b1: f64,
    /// Second-moment decay (torch `betas[1]`).
    pub b2: f64,
    /// Added to `sqrt(v)` before the bias correction (torch `eps`).
    pub eps: f64,
}

/// One step's constants, rounded to `Float` once.
struct Step {
    b1_c: Float,
    b2_c: Float,
    eps: Float,
    scale: Float,
}

impl Step {
    /// Advances the count and returns this step's constants.
    fn begin(tx: &ScaleBySparseAdam, state: &mut State) -> Step {
        state.count += 1;
        let t = state.count as i32;
        let scale = (1.0 - tx.b2.powi(t)).sqrt() / (1.0 - tx.b1.powi(t));
        let (b1_c, b2_c) = ((1.0 - tx.b1) as Float, (1.0 - tx.b2) as Float);
        Step { b1_c, b2_c, eps: tx.eps as Float, scale: scale as Float }
    }

    /// `g <- u` for the values of some rows, given those rows' moments.
    fn apply(&self, g: &mut [Float], m: &mut [Float], v: &mut [Float]) {
        for ((g, m), v) in g.iter_mut().zip(m).zip(v) {
            *m += (*g - *m) * self.b1_c;
            *v += (*g * *g - *v) * self.b2_c;
            *g = *m / (v.sqrt() + self.eps) * self.scale;
        }
    }
}

impl Transform for ScaleBySparseAdam {
    fn init(&self, params: &[Tensor]) -> State {
        State::zeros_like(params, 2)
    }

    /// Every row present.
    fn update(&self, updates: &mut [Tensor], state: &mut State, _params: &[Tensor]) {
        let step = Step::begin(self, state);
        let [ms, vs] = state.slots_mut();
        for ((g, m), v) in updates.iter_mut().zip(ms).zip(vs) {
            step.apply(g.data_mut(), m.data_mut(), v.data_mut());
        }
    }

    fn takes_rows(&self) -> bool {
        true
    }

    fn update_rows(&self, updates: &mut [Gradient], state: &mut State, _params: &[Tensor]) {
        let step = Step::begin(self, state);
        let [ms, vs] = state.slots_mut();
        for ((g, m), v) in updates.iter_mut().zip(ms).zip(vs) {
            match g {
                Gradient::Dense(g) => step.apply(g.data_mut(), m.data_mut(), v.data_mut()),
                Gradient::Rows(r) => {
                    let per = r.row_len();
                    let rows = r.rows().to_vec();
                    let (values, m, v) = (r.values_mut().data_mut(), m.data_mut(), v.data_mut());
                    for (j, &i) in rows.iter().enumerate() {
                        let at = i * per..(i + 1) * per;
                        step.apply(&mut values[j * per..(j + 1) * per], &mut m[at.clone()], &mut v[at]);
                    }
                }
            }
        }
    }
}

super::cycled_momentum::beta1_is_momentum!(ScaleBySparseAdam);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::SparseRows;

    #[test]
    fn only_the_rows_present_move_their_moments() {
        let tx = ScaleBySparseAdam { b1: 0.9, b2: 0.999, eps: 1e-8 };
        let params = [Tensor::zeros([3, 2])];
        let mut state = tx.init(&params);
        let g =
            |row: usize, x: Float| SparseRows::new([3, 2], vec![row], Tensor::from_rows(&[[x, -x]]).unwrap());
        let mut u = vec![Gradient::from(g(1, 2.0))];
        tx.update_rows(&mut u, &mut state, &params);
        // Step 1: m = 0.1 g, v = 0.001 g², u = sqrt(0.001)/0.1 · 0.1 g/(sqrt(0.001)|g| + 1e-8) = sign(g).
        let u1 = u[0].as_rows().unwrap().values().data().to_vec();
        assert!((u1[0] - 1.0).abs() < 1e-6 && (u1[1] + 1.0).abs() < 1e-6, "{u1:?}");
        let mut u = vec![Gradient::from(g(2, 1.0))];
        tx.update_rows(&mut u, &mut state, &params);
        // Row 1 was absent: its moments are the first step's exactly; row 0 never moved (exact).
        let m = state.slots[0][0].data();
        assert!(m[0] == 0.0 && (m[2] - 0.2).abs() < 1e-7 && (m[4] - 0.1).abs() < 1e-7, "{m:?}");
        assert_eq!(state.count, 2);
    }
}
