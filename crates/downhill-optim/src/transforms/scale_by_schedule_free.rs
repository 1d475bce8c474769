//! Schedule-Free learning (Defazio et al. 2024, "The Road Less Scheduled") as the `schedulefree`
//! package's `SGDScheduleFree` and `AdamWScheduleFree` (1.4.1) compute it. The parameter is y,
//! the point gradients are taken at; the state holds z (and Adam's v). Step k = 0, 1, ... with
//! this step's rate lr_k from the rate link:
//!   lr = lr_k min(1, (k + 1) / warmup_steps);   lr_max <- max(lr_max, lr)
//!   c = w / W with w = (k + 1)^r lr_max^weight_lr_power, W <- W + w
//!   d = g (SGD)  or  g / (sqrt(v / (1 - b2^(k+1))) + eps), v <- b2 v + (1 - b2) g^2 (AdamW)
//!   d <- d + wd y;   y <- lerp(y, z, c) + lr (beta (1 - c) - 1) d;   z <- z - lr d
//! beta is SGD's momentum or AdamW's beta1. The averaged point the model is evaluated at is
//!   x = lerp(y, z, 1 - 1 / beta)      (the package's `eval()`; `evaluation_point`)
//! z starts at the first parameters; lr_max at -1 and W at 0, as the package's group state.
use crate::{Float, ScaleByLr, State, Tensor, Transform};

const LR_MAX: usize = 0; // scalars
const WEIGHT_SUM: usize = 1;
const Z: usize = 0; // slots
const V: usize = 1;
const RATE: usize = 0; // inner state: the rate source's

/// What the averaged step is taken along.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ScheduleFreeBase {
    /// The gradient itself (`SGDScheduleFree`).
    Sgd,
    /// The gradient over Adam's bias-corrected RMS (`AdamWScheduleFree`).
    Adam {
        /// Second-moment decay (`betas[1]`).
        beta2: f64,
        /// Added to the bias-corrected RMS (`eps`).
        eps: f64,
    },
}

/// The whole Schedule-Free step, its rate included (it must be the last link: y is the parameter).
#[derive(Clone, Debug)]
pub struct ScaleByScheduleFree {
    /// What the step is taken along.
    pub base: ScheduleFreeBase,
    /// The interpolation `beta` between y and z: SGD's `momentum` or AdamW's `betas[0]`.
    pub momentum: f64,
    /// Weight decay, `d <- d + wd y`.
    pub weight_decay: f64,
    /// Linear warm-up of the rate over this many steps (0: none).
    pub warmup_steps: usize,
    /// Power of the step count in the average's weights.
    pub r: f64,
    /// Power of the largest rate so far in the average's weights.
    pub weight_lr_power: f64,
    /// The rate source.
    pub rate: ScaleByLr,
}

/// torch's `lerp(start, end, w)` for one element: two formulas meeting at w = 0.5.
fn lerp(start: Float, end: Float, w: Float) -> Float {
    if w < 0.5 {
        start + w * (end - start)
    } else {
        end - (end - start) * (1.0 - w)
    }
}

impl ScaleByScheduleFree {
    /// The evaluation point x for parameters `y` and the state of a link with momentum `beta`.
    pub fn evaluation_point(state: &State, y: &[Tensor], beta: f64) -> Vec<Tensor> {
        let w = (1.0 - 1.0 / beta) as Float;
        y.iter().zip(&state.slots[Z]).map(|(y, z)| y.zip_map(z, |y, z| lerp(y, z, w))).collect()
    }

    /// lr and the average's weight c for step k, updating lr_max and W.
    fn coefficients(&self, state: &mut State, lr_k: f64) -> (f64, f64) {
        let k = state.count as f64;
        let warm = self.warmup_steps as f64;
        let lr = if k < warm { lr_k * ((k + 1.0) / warm) } else { lr_k };
        let lr_max = lr.max(state.scalars[LR_MAX]);
        let weight = (k + 1.0).powf(self.r) * lr_max.powf(self.weight_lr_power);
        state.scalars[LR_MAX] = lr_max;
        state.scalars[WEIGHT_SUM] += weight;
        let sum = state.scalars[WEIGHT_SUM];
        (lr, if sum == 0.0 { 0.0 } else { weight / sum })
    }
}

impl Transform for ScaleByScheduleFree {
    fn init(&self, params: &[Tensor]) -> State {
        let mut slots = vec![params.to_vec()];
        if let ScheduleFreeBase::Adam { .. } = self.base {
            slots.push(State::zeros_like(params, 1).slots.remove(0));
        }
        State { scalars: vec![-1.0, 0.0], slots, inner: vec![self.rate.init(params)], count: 0 }
    }

    fn update(&self, updates: &mut [Tensor], state: &mut State, params: &[Tensor]) {
        let lr_k = self.rate.advance(&mut state.inner[RATE]);
        let (lr, c) = self.coefficients(state, lr_k);
        let (wd, c_f, lr_f) = (self.weight_decay as Float, c as Float, lr as Float);
        let y_step = (lr * (self.momentum * (1.0 - c) - 1.0)) as Float;
        let bc2 = match self.base {
            ScheduleFreeBase::Adam { beta2, .. } => 1.0 - beta2.powf(state.count as f64 + 1.0),
            ScheduleFreeBase::Sgd => 1.0,
        };
        state.count += 1;
        for (i, (u, y)) in updates.iter_mut().zip(params).enumerate() {
            let (u, y) = (u.data_mut(), y.data());
            for (j, u) in u.iter_mut().enumerate() {
                let mut d = *u;
                if let ScheduleFreeBase::Adam { beta2, eps } = self.base {
                    let v = &mut state.slots[V][i].data_mut()[j];
                    *v = *v * beta2 as Float + d * d * (1.0 - beta2) as Float;
                    d /= (*v / bc2 as Float).sqrt() + eps as Float;
                }
                if wd != 0.0 {
                    d += wd * y[j];
                }
                let z = &mut state.slots[Z][i].data_mut()[j];
                *u = lerp(y[j], *z, c_f) + y_step * d - y[j];
                *z -= lr_f * d;
            }
        }
    }

    fn lr(&self, state: &State) -> Option<f64> {
        self.rate.lr(&state.inner[RATE])
    }

    fn scale_lr(&self, state: &mut State, factor: f64) {
        self.rate.scale_lr(&mut state.inner[RATE], factor)
    }
}

impl super::WithMomentum for ScaleByScheduleFree {
    fn with_momentum(&self, momentum: f64) -> Self {
        ScaleByScheduleFree { momentum, ..self.clone() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sgd_steps_z_by_the_gradient_and_y_towards_the_average() {
        // lr 0.1, beta 0.9, no warmup, r 0, weight_lr_power 2: every weight is 0.01, so
        // c_1 = 1 and c_2 = 1/2.
        let tx = ScaleByScheduleFree {
            base: ScheduleFreeBase::Sgd,
            momentum: 0.9,
            weight_decay: 0.0,
            warmup_steps: 0,
            r: 0.0,
            weight_lr_power: 2.0,
            rate: ScaleByLr::constant(0.1),
        };
        let mut y = vec![Tensor::vector(vec![1.0])];
        let mut state = tx.init(&y);
        let mut step = |y: &mut Vec<Tensor>, g: f32| {
            let mut u = vec![Tensor::vector(vec![g])];
            tx.update(&mut u, &mut state, y);
            y[0].add_scaled(&u[0], 1.0);
            (y[0].data()[0], state.slots[Z][0].data()[0])
        };
        // Step 1, g = 1, c = 1: y = lerp(1, 1, 1) + 0.1 (0.9 * 0 - 1) = 0.9; z = 1 - 0.1 = 0.9.
        let (y1, z1) = step(&mut y, 1.0);
        assert!((y1 - 0.9).abs() < 1e-6 && (z1 - 0.9).abs() < 1e-6, "{y1} {z1}");
        // Step 2, g = 1, c = 1/2: y = 0.9 + 0.1 (0.45 - 1) = 0.845; z = 0.8.
        let (y2, z2) = step(&mut y, 1.0);
        assert!((y2 - 0.845).abs() < 1e-6 && (z2 - 0.8).abs() < 1e-6, "{y2} {z2}");
        // x = lerp(y, z, 1 - 1/0.9) = y + (z - y)(-1/9) = 0.845 + 0.045 / 9 = 0.85 (= mean of
        // the z's 0.9 and 0.8, the average the schedule-free x is).
        let x = ScaleByScheduleFree::evaluation_point(&state, &y, 0.9);
        assert!((x[0].data()[0] - 0.85).abs() < 1e-6, "{:?}", x[0]);
    }
}
