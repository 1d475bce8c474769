//! What a forward pass's activation layers saw, for the health monitor: per activation layer, the
//! fraction of its units that are stuck and the mean and standard deviation of its output.
//! A unit is a column of `[N, F]` and `[N, T, F]` activations (a feature, at every row and time
//! step) and a channel of `[N, C, H, W]` ones (at every row and position).
//!   dead       a ReLU unit whose pre-activation z ≤ 0 everywhere in the batch: its output and its
//!              gradient are zero for every row, so no row can revive it (Lu et al. 2019, "Dying
//!              ReLU and initialization").
//!   saturated  a sigmoid unit with |z| > 5, or a tanh unit with |z| > 2.5, everywhere in the batch:
//!              its derivative is below 2.7 % of its peak (σ'(5)/σ'(0) = tanh'(2.5)/tanh'(0) =
//!              0.027; tanh(z) = 2σ(2z) − 1, so the two thresholds are the same point), and the
//!              gradient through it is close to nothing (Glorot & Bengio 2010, section 3).
//! Other activations have neither kind of stuck unit here, only the mean and deviation.
//! A recurrent layer is judged by its output sequence, over every row and time step: an RNN with
//! relu has dead units where h = 0 throughout; the others (tanh RNN, LSTM's o·tanh(c), GRU's mix
//! of tanh values) have saturated ones where |h| > tanh(2.5) = 0.9866 throughout, the tanh
//! threshold above read from the output side (the gates inside are not probed).
//! Layers are named by their path in the model (`layers.3`, `layers.2.body.1`), as parameters are.
use crate::Activation;
use downhill_tensor::Tensor;

/// Past this |z| a sigmoid unit is saturated.
pub const SIGMOID_SATURATION: f32 = 5.0;
/// Past this |z| a tanh unit is saturated.
pub const TANH_SATURATION: f32 = 2.5;

/// One activation layer's view of one batch.
#[derive(Clone, Debug, PartialEq)]
pub struct UnitStats {
    /// Its path in the model, `layers.3`.
    pub layer: String,
    /// The activation's name, `relu`.
    pub activation: &'static str,
    /// Its units: features of `[N, F]` and `[N, T, F]` outputs, channels of `[N, C, H, W]` ones.
    pub units: usize,
    /// Units whose ReLU is off for every row.
    pub dead: usize,
    /// Units whose sigmoid or tanh is saturated for every row.
    pub saturated: usize,
    /// Mean of the layer's output over the batch.
    pub mean: f64,
    /// Population standard deviation of the layer's output over the batch.
    pub std: f64,
}

/// Collects `UnitStats` during a forward pass (`Ctx::probing`).
#[derive(Debug, Default)]
pub(crate) struct UnitProbe {
    path: Vec<String>,
    stats: Vec<UnitStats>,
}

impl UnitProbe {
    pub fn enter(&mut self, name: String) {
        self.path.push(name);
    }
    pub fn leave(&mut self) {
        self.path.pop();
    }
    pub fn take(&mut self) -> Vec<UnitStats> {
        std::mem::take(&mut self.stats)
    }

    /// Records a recurrent layer (`kind`: `rnn`, `rnn_relu`, `lstm`, `gru`) whose output sequence
    /// is `h` `[N, T, H]`.
    pub fn record_recurrent(&mut self, kind: &'static str, h: &Tensor) {
        let units = h.dims().last().copied().unwrap_or(1).max(1);
        let (data, relu) = (h.data(), kind == "rnn_relu");
        let stuck = match relu {
            true => stuck_units(data, units, 1, |v| v <= 0.0),
            false => stuck_units(data, units, 1, |v| v.abs() > TANH_SATURATION.tanh()),
        };
        self.push(kind, units, relu, stuck, h);
    }

    /// Records activation `a` mapping pre-activations `z` to outputs `y`.
    pub fn record(&mut self, a: Activation, z: &Tensor, y: &Tensor) {
        let dims = z.dims();
        let (units, inner) = match dims.len() {
            4 => (dims[1], dims[2] * dims[3]),
            0 => (1, 1),
            _ => (dims[dims.len() - 1], 1),
        };
        let z_data = z.data();
        let stuck = match a {
            Activation::Relu => stuck_units(z_data, units, inner, |z| z <= 0.0),
            Activation::Sigmoid => stuck_units(z_data, units, inner, |z| z.abs() > SIGMOID_SATURATION),
            Activation::Tanh => stuck_units(z_data, units, inner, |z| z.abs() > TANH_SATURATION),
            _ => 0,
        };
        self.push(a.name(), units, a == Activation::Relu, stuck, y);
    }

    /// Adds the current layer's stats: `stuck` of `units` units dead (for a rectifier) or saturated,
    /// and the moments of its output `y`.
    fn push(&mut self, activation: &'static str, units: usize, relu: bool, stuck: usize, y: &Tensor) {
        let (dead, saturated) = if relu { (stuck, 0) } else { (0, stuck) };
        let (mean, std) = mean_std(y);
        let layer = self.path.join(".");
        self.stats.push(UnitStats { layer, activation, units, dead, saturated, mean, std });
    }
}

/// How many of `units` units have `stuck(z)` for all their values; value i belongs to unit
/// (i / inner) mod units.
fn stuck_units(z: &[f32], units: usize, inner: usize, stuck: impl Fn(f32) -> bool) -> usize {
    let mut alive = vec![false; units];
    // One row (or sample) of `units × inner` values at a time; a column per unit when inner is 1
    // (dense and sequence activations), a loop the compiler vectorises.
    for row in z.chunks(units * inner) {
        if inner == 1 {
            alive.iter_mut().zip(row).for_each(|(a, &v)| *a |= !stuck(v));
        } else {
            for (a, unit) in alive.iter_mut().zip(row.chunks(inner)) {
                *a |= !unit.iter().all(|&v| stuck(v));
            }
        }
    }
    alive.iter().filter(|a| !**a).count()
}

/// Mean and population standard deviation, from the tensor's vectorised f64 sums (one pass each;
/// activations' mean is not large against their spread, so E[y²] − E[y]² loses nothing that
/// matters to a diagnosis).
fn mean_std(y: &Tensor) -> (f64, f64) {
    let n = y.numel().max(1) as f64;
    let mean = y.sum() as f64 / n;
    (mean, (y.sum_squares() / n - mean * mean).max(0.0).sqrt())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_relu_column_off_for_every_row_is_dead_and_one_on_anywhere_is_not() {
        // Rows × 3 units: unit 0 is off everywhere (0 counts as off), unit 1 is on in row 2,
        // unit 2 is on everywhere.
        let z = Tensor::from_rows(&[[-1.0, -2.0, 1.0], [0.0, 0.5, 2.0]]).unwrap();
        let mut p = UnitProbe::default();
        p.enter("layers.1".into());
        p.record(Activation::Relu, &z, &z.map(|v| v.max(0.0)));
        let s = &p.take()[0];
        assert_eq!(
            (s.layer.as_str(), s.activation, s.units, s.dead, s.saturated),
            ("layers.1", "relu", 3, 1, 0)
        );
        // Outputs 0, 0, 1, 0, 0.5, 2: mean 3.5/6; f64 sums of six values, 1e-12.
        assert!((s.mean - 3.5 / 6.0).abs() < 1e-12, "{}", s.mean);
    }

    #[test]
    fn a_conv_channel_is_one_unit_over_every_position() {
        // [N=2, C=2, H=1, W=2]: channel 0 is negative everywhere; channel 1 has one positive value
        // in the second row only.
        let z = Tensor::from_vec(vec![-1.0, -1.0, -1.0, -3.0, -2.0, -2.0, -1.0, 4.0], [2, 2, 1, 2]).unwrap();
        let mut p = UnitProbe::default();
        p.record(Activation::Relu, &z, &z.map(|v| v.max(0.0)));
        let s = &p.take()[0];
        assert_eq!((s.units, s.dead), (2, 1));
    }

    #[test]
    fn sigmoid_saturates_past_5_and_tanh_past_2_5() {
        let z = Tensor::from_rows(&[[6.0, -6.0, 2.0], [5.5, 3.0, -8.0]]).unwrap();
        let mut p = UnitProbe::default();
        p.record(Activation::Sigmoid, &z, &z.map(|v| 1.0 / (1.0 + (-v).exp())));
        p.record(Activation::Tanh, &z, &z.map(f32::tanh));
        let s = p.take();
        // Sigmoid: unit 0 (6, 5.5) only, as unit 1 has 3 and unit 2 has 2. Tanh: units 0 and 1.
        assert_eq!((s[0].saturated, s[1].saturated, s[0].dead), (1, 2, 0));
    }

    #[test]
    fn a_recurrent_unit_is_stuck_when_its_output_is_at_0_or_near_1_at_every_step() {
        // [N=1, T=2, H=3]: unit 0 at ±0.99 both steps (saturated for tanh-like cells; on for relu),
        // unit 1 at 0 both steps (dead for relu), unit 2 at 0.5 then 0.
        let h = Tensor::from_vec(vec![0.99, 0.0, 0.5, -0.995, 0.0, 0.0], [1, 2, 3]).unwrap();
        let mut p = UnitProbe::default();
        p.record_recurrent("lstm", &h);
        p.record_recurrent("rnn_relu", &h.map(|v| v.max(0.0)));
        let s = p.take();
        assert_eq!((s[0].activation, s[0].saturated, s[0].dead), ("lstm", 1, 0));
        // relu'd: unit 0 is 0.99 then 0 (alive), unit 1 always 0, unit 2 0.5 then 0 (alive).
        assert_eq!((s[1].dead, s[1].saturated), (1, 0));
    }
}
