//! Weight initialisation schemes, with torch's formulas (`torch.nn.init`). For a weight of shape
//! [fan_out, fan_in]:
//!   Xavier/Glorot uniform  U(−a, a),  a = gain·sqrt(6 / (fan_in + fan_out))
//!   Xavier/Glorot normal   N(0, s²),  s = gain·sqrt(2 / (fan_in + fan_out))
//!   He/Kaiming uniform     U(−a, a),  a = sqrt(2 / (1 + slope²))·sqrt(3 / fan_in)   (mode fan_in)
//!   He/Kaiming normal      N(0, s²),  s = sqrt(2 / (1 + slope²)) / sqrt(fan_in)
//!   LeCun uniform / normal a = sqrt(3 / fan_in),  s = 1 / sqrt(fan_in)
//!   TorchLinear            torch's `nn.Linear` default: U(−1/sqrt(fan_in), 1/sqrt(fan_in)) for weight
//!                          and bias alike (kaiming_uniform with a = sqrt(5))
//! Pre-trained values are loaded with `Linear::from_values` or `load_state` instead.
use crate::NnError;
use downhill_tensor::{Float, Rng, Shape, Tensor};
use std::str::FromStr;

/// How a weight tensor's first values are drawn (the formulas above). Parsed from the names
/// `zeros`, `xavier-uniform`, `he-normal`, ... by `FromStr`, with gain 1 and slope 0.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Init {
    /// All zeros, torch's `zeros_`.
    Zeros,
    /// Every value this constant, torch's `constant_(val)`.
    Constant(f64),
    /// U(low, high), torch's `uniform_(a, b)`.
    Uniform {
        /// The lower bound (torch's `a`, default 0).
        low: f64,
        /// The upper bound (torch's `b`, default 1).
        high: f64,
    },
    /// N(mean, std²), torch's `normal_`.
    Normal {
        /// The mean (torch's default 0).
        mean: f64,
        /// The standard deviation (torch's default 1).
        std: f64,
    },
    /// Glorot & Bengio 2010, torch's `xavier_uniform_(gain)`.
    XavierUniform {
        /// Scales the bound (torch's default 1; `calculate_gain` gives 5/3 for tanh).
        gain: f64,
    },
    /// Glorot & Bengio 2010, torch's `xavier_normal_(gain)`.
    XavierNormal {
        /// Scales the standard deviation (torch's default 1).
        gain: f64,
    },
    /// He et al. 2015 with mode fan_in, torch's `kaiming_uniform_(a=slope)`.
    KaimingUniform {
        /// The negative slope of the rectifier that follows (0 for relu, torch's default).
        slope: f64,
    },
    /// He et al. 2015 with mode fan_in, torch's `kaiming_normal_(a=slope)`.
    KaimingNormal {
        /// The negative slope of the rectifier that follows (0 for relu, torch's default).
        slope: f64,
    },
    /// LeCun 1998: U(−a, a) with a = sqrt(3 / fan_in), unit variance for unit-variance inputs.
    LecunUniform,
    /// LeCun 1998: N(0, 1 / fan_in).
    LecunNormal,
    /// What torch's `nn.Linear` and `nn.Conv2d` start with: U(−1/sqrt(fan_in), 1/sqrt(fan_in)).
    TorchLinear,
}

impl Init {
    /// Draws a tensor of `shape` for a layer with the given fans (`fan_in` inputs and `fan_out`
    /// outputs per unit; a fan of 0 counts as 1), from `rng`.
    pub fn sample(&self, shape: impl Into<Shape>, fan_in: usize, fan_out: usize, rng: &mut Rng) -> Tensor {
        let shape: Shape = shape.into();
        let (fi, fo) = (fan_in.max(1) as f64, fan_out.max(1) as f64);
        let uniform =
            |a: f64, rng: &mut Rng| Tensor::rand_uniform(shape.clone(), -a as Float, a as Float, rng);
        match *self {
            Init::Zeros => Tensor::zeros(shape),
            Init::Constant(c) => Tensor::full(shape, c as Float),
            Init::Uniform { low, high } => Tensor::rand_uniform(shape, low as Float, high as Float, rng),
            Init::Normal { mean, std } => Tensor::rand_normal(shape, mean as Float, std as Float, rng),
            Init::XavierUniform { gain } => uniform(gain * (6.0 / (fi + fo)).sqrt(), rng),
            Init::XavierNormal { gain } => {
                Tensor::rand_normal(shape, 0.0, (gain * (2.0 / (fi + fo)).sqrt()) as Float, rng)
            }
            Init::KaimingUniform { slope } => {
                uniform((2.0 / (1.0 + slope * slope)).sqrt() * (3.0 / fi).sqrt(), rng)
            }
            Init::KaimingNormal { slope } => Tensor::rand_normal(
                shape,
                0.0,
                ((2.0 / (1.0 + slope * slope)).sqrt() / fi.sqrt()) as Float,
                rng,
            ),
            Init::LecunUniform => uniform((3.0 / fi).sqrt(), rng),
            Init::LecunNormal => Tensor::rand_normal(shape, 0.0, (1.0 / fi.sqrt()) as Float, rng),
            Init::TorchLinear => uniform(1.0 / fi.sqrt(), rng),
        }
    }
}

impl FromStr for Init {
    type Err = NnError;
    /// Names as on the command line: `zeros`, `xavier-uniform`, `he-normal`, `lecun-normal`, `torch`, ...
    fn from_str(s: &str) -> Result<Init, NnError> {
        Ok(match s {
            "zeros" => Init::Zeros,
            "xavier-uniform" | "glorot-uniform" => Init::XavierUniform { gain: 1.0 },
            "xavier-normal" | "glorot-normal" => Init::XavierNormal { gain: 1.0 },
            "he-uniform" | "kaiming-uniform" => Init::KaimingUniform { slope: 0.0 },
            "he-normal" | "kaiming-normal" => Init::KaimingNormal { slope: 0.0 },
            "lecun-uniform" => Init::LecunUniform,
            "lecun-normal" => Init::LecunNormal,
            "torch" | "default" => Init::TorchLinear,
            _ => {
                return Err(NnError::invalid(
                    "init",
                    "one of zeros, xavier-uniform, xavier-normal, he-uniform, he-normal, lecun-uniform, lecun-normal, torch",
                    s,
                ))
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn std_of(t: &Tensor) -> f64 {
        let m = t.mean() as f64;
        (t.data().iter().map(|&x| (x as f64 - m).powi(2)).sum::<f64>() / t.numel() as f64).sqrt()
    }

    #[test]
    fn scales_follow_torch_formulas() {
        let mut rng = Rng::seed(0);
        let (fi, fo) = (400, 100);
        // 40k draws: the sample std is within about 1 % of the population std.
        let cases = [
            (Init::XavierUniform { gain: 1.0 }, (6.0f64 / 500.0).sqrt() / 3f64.sqrt()),
            (Init::XavierNormal { gain: 1.0 }, (2.0f64 / 500.0).sqrt()),
            (Init::KaimingUniform { slope: 0.0 }, (2.0f64 / 400.0).sqrt()),
            (Init::KaimingNormal { slope: 0.0 }, (2.0f64 / 400.0).sqrt()),
            (Init::LecunNormal, (1.0f64 / 400.0).sqrt()),
            (Init::LecunUniform, (1.0f64 / 400.0).sqrt()),
            (Init::TorchLinear, 1.0 / 400f64.sqrt() / 3f64.sqrt()),
        ];
        for (init, want) in cases {
            let got = std_of(&init.sample([fo, fi], fi, fo, &mut rng));
            assert!((got / want - 1.0).abs() < 0.03, "{init:?}: std {got} vs {want}");
        }
    }

    #[test]
    fn uniform_bounds_hold_and_constants_are_exact() {
        let mut rng = Rng::seed(1);
        let t = Init::KaimingUniform { slope: 0.0 }.sample([50, 60], 60, 50, &mut rng);
        let a = (6.0f32 / 60.0).sqrt();
        assert!(t.data().iter().all(|x| x.abs() <= a));
        // Exact: constant initialisers write their value, nothing is computed.
        assert!(Init::Constant(0.25).sample([3], 1, 1, &mut rng).data().iter().all(|&x| x == 0.25));
        assert!(Init::Zeros.sample([3], 1, 1, &mut rng).data().iter().all(|&x| x == 0.0));
    }

    #[test]
    fn parses_names_and_lists_choices_on_error() {
        // Exact: parsing picks a variant holding the literal slope 0.0.
        assert_eq!("he-normal".parse::<Init>().unwrap(), Init::KaimingNormal { slope: 0.0 });
        let msg = "bogus".parse::<Init>().unwrap_err().to_string();
        assert!(msg.contains("init") && msg.contains("xavier-uniform") && msg.contains("bogus"), "{msg}");
    }
}
