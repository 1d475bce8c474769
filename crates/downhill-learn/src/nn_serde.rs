//! Serde for `downhill-nn`'s `Activation` and `Init` (which do not derive it), via remote
//! definitions: snake_case names with their parameters, e.g. `{"leaky_relu":{"slope":0.01}}`.
use downhill_nn::{Activation, Init};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

#[derive(Serialize, Deserialize)]
#[serde(remote = "Activation", rename_all = "snake_case")]
enum ActivationDef {
    Relu,
    LeakyRelu { slope: f32 },
    Elu { alpha: f32 },
    Gelu,
    Silu,
    Sigmoid,
    Tanh,
    Softplus,
    Identity,
}

#[derive(Serialize, Deserialize)]
#[serde(remote = "Init", rename_all = "snake_case")]
enum InitDef {
    Zeros,
    Constant(f64),
    Uniform { low: f64, high: f64 },
    Normal { mean: f64, std: f64 },
    XavierUniform { gain: f64 },
    XavierNormal { gain: f64 },
    KaimingUniform { slope: f64 },
    KaimingNormal { slope: f64 },
    LecunUniform,
    LecunNormal,
    TorchLinear,
}

pub mod activation {
    use super::*;
    pub fn serialize<S: Serializer>(a: &Activation, s: S) -> Result<S::Ok, S::Error> {
        ActivationDef::serialize(a, s)
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Activation, D::Error> {
        ActivationDef::deserialize(d)
    }
}

#[derive(Serialize, Deserialize)]
struct InitBox(#[serde(with = "InitDef")] Init);

pub mod init {
    use super::*;
    pub fn serialize<S: Serializer>(i: &Option<Init>, s: S) -> Result<S::Ok, S::Error> {
        i.map(InitBox).serialize(s)
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Init>, D::Error> {
        Ok(Option::<InitBox>::deserialize(d)?.map(|b| b.0))
    }
}
