//! Which model and how it is regularised: the estimator, the MLP's shape, the regression loss and
//! target scaling, and the penalty added to the loss. Shared by `train` and `compare`. The model
//! options' help (who takes them, their defaults) is downhill-learn's table (`ESTIMATOR_OPTIONS`).
use crate::train::model_help;
use clap::builder::PossibleValue;
use clap::{Args, ValueEnum};
use downhill_learn::ModelFamily;

#[derive(Clone, Debug, Default, Args)]
#[command(next_help_heading = "Model")]
pub struct ModelFlags {
    #[arg(long, value_enum, help = format!("Estimator; default: {}", ModelFamily::DEFAULT_RULE))]
    pub model: Option<ModelArg>,
    #[arg(long, value_name = "N,...", value_delimiter = ',', help = model_help("hidden"))]
    pub hidden: Option<Vec<usize>>,
    #[arg(long, value_name = "LAYERS", conflicts_with_all = ["hidden", "activation", "batch_norm", "dropout", "init", "arch"], help = model_help("layers"))]
    pub layers: Option<String>,
    /// The layer stack from a TOML file: `layers` (the same text, or [[layers]] tables with a
    /// `type`) and optionally `input_shape = [C, H, W]`.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["hidden", "activation", "batch_norm", "dropout", "init"])]
    pub arch: Option<std::path::PathBuf>,
    #[arg(long, value_name = "C,H,W", value_delimiter = ',', help = model_help("input_shape"))]
    pub input_shape: Option<Vec<usize>>,
    #[arg(long, value_name = "N", help = model_help("latent"))]
    pub latent: Option<usize>,
    #[arg(long, value_name = "LAYERS", help = model_help("generator"))]
    pub generator: Option<String>,
    #[arg(long, value_name = "LAYERS", help = model_help("discriminator"))]
    pub discriminator: Option<String>,
    #[arg(long, value_name = "NAME", help = model_help("activation"))]
    pub activation: Option<String>,
    #[arg(long, help = model_help("batch_norm"))]
    pub batch_norm: bool,
    #[arg(long, value_name = "P", allow_hyphen_values = true, help = model_help("dropout"))]
    pub dropout: Option<f64>,
    #[arg(long, value_name = "NAME", help = model_help("init"))]
    pub init: Option<String>,
    #[arg(long, value_enum, hide_possible_values = true, help = model_help("loss"))]
    pub loss: Option<LossArg>,
    #[arg(long, value_name = "EPS", allow_hyphen_values = true, help = model_help("huber_epsilon"))]
    pub huber_epsilon: Option<f64>,
    #[arg(long, value_name = "D", allow_hyphen_values = true, help = model_help("huber_delta"))]
    pub huber_delta: Option<f64>,
    #[arg(long, value_enum, value_name = "HOW", hide_possible_values = true, help = model_help("scale_target"))]
    pub scale_target: Option<ScaleTargetArg>,
    #[arg(long, value_name = "ALPHA", allow_hyphen_values = true, conflicts_with_all = ["l2", "elastic_net", "c"], help = model_help("l1"))]
    pub l1: Option<f64>,
    #[arg(long, value_name = "ALPHA", allow_hyphen_values = true, conflicts_with_all = ["elastic_net", "c"], help = model_help("l2"))]
    pub l2: Option<f64>,
    #[arg(long, value_name = "C", allow_hyphen_values = true, conflicts_with = "elastic_net", help = model_help("c"))]
    pub c: Option<f64>,
    #[arg(long, value_name = "ALPHA", allow_hyphen_values = true, help = model_help("elastic_net"))]
    pub elastic_net: Option<f64>,
    #[arg(long, value_name = "R", requires = "elastic_net", allow_hyphen_values = true, help = model_help("l1_ratio"))]
    pub l1_ratio: Option<f64>,
}

/// `--model`: one of downhill-learn's estimator families, its names and help read from there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ModelArg(pub ModelFamily);

impl ValueEnum for ModelArg {
    fn value_variants<'a>() -> &'a [Self] {
        const ALL: [ModelArg; 8] = {
            let f = ModelFamily::ALL;
            [
                ModelArg(f[0]),
                ModelArg(f[1]),
                ModelArg(f[2]),
                ModelArg(f[3]),
                ModelArg(f[4]),
                ModelArg(f[5]),
                ModelArg(f[6]),
                ModelArg(f[7]),
            ]
        };
        &ALL
    }
    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.0.name()).help(self.0.help()))
    }
}

/// `--scale-target` (its help is the table's).
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ScaleTargetArg {
    Standard,
    None,
}

/// `--loss` (its help is the table's).
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LossArg {
    Squared,
    Huber,
    FixedHuber,
}
