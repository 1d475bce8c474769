//! Which model and how it is regularised: the estimator, the MLP's shape, the regression loss and
//! target scaling, and the penalty added to the loss. Shared by `train` and `compare`.
use clap::builder::PossibleValue;
use clap::{Args, ValueEnum};
use downhill_learn::ModelFamily;

#[derive(Clone, Debug, Default, Args)]
#[command(next_help_heading = "Model")]
pub struct ModelFlags {
    /// Estimator; default: mlp when --hidden is given, else logistic (2 classes), softmax (more)
    /// or linear (regression).
    #[arg(long, value_enum)]
    pub model: Option<ModelArg>,
    /// Hidden layer sizes of the MLP (default 100).
    #[arg(long, value_name = "N,...", value_delimiter = ',')]
    pub hidden: Option<Vec<usize>>,
    /// Any layer stack in torch's names instead of the MLP flags (its last layer gives the
    /// outputs), e.g. 'conv2d(16, 5, padding=2), relu, max_pool2d(2), flatten, linear(10)'.
    #[arg(long, value_name = "LAYERS", conflicts_with_all = ["hidden", "activation", "batch_norm", "dropout", "init", "arch"])]
    pub layers: Option<String>,
    /// The layer stack from a TOML file: `layers` (the same text, or [[layers]] tables with a
    /// `type`) and optionally `input_shape = [C, H, W]`.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["hidden", "activation", "batch_norm", "dropout", "init"])]
    pub arch: Option<std::path::PathBuf>,
    /// The shape of one sample for --layers or --arch (default: [1, H, W] for IDX images, else
    /// one vector of the features).
    #[arg(long, value_name = "C,H,W", value_delimiter = ',')]
    pub input_shape: Option<Vec<usize>>,
    /// Code units of a generative model (vae: default 20, --layers is then its encoder, mirrored
    /// for the decoder; gan: default 100, the generator's input).
    #[arg(long, value_name = "N")]
    pub latent: Option<usize>,
    /// A GAN's generator, from the code to one row (a sizeless linear is the row's width), e.g.
    /// 'linear(256), leaky_relu(0.2), linear, sigmoid'.
    #[arg(long, value_name = "LAYERS")]
    pub generator: Option<String>,
    /// A GAN's discriminator, from one row to one logit, e.g. 'linear(256), leaky_relu(0.2), linear(1)'.
    #[arg(long, value_name = "LAYERS")]
    pub discriminator: Option<String>,
    /// Hidden activation (mlp): relu, leaky-relu, elu, gelu, silu, sigmoid, tanh, softplus, identity.
    #[arg(long, value_name = "NAME")]
    pub activation: Option<String>,
    /// Batch normalisation after each hidden linear layer (mlp).
    #[arg(long)]
    pub batch_norm: bool,
    /// Dropout probability after each hidden activation (mlp).
    #[arg(long, value_name = "P", allow_hyphen_values = true)]
    pub dropout: Option<f64>,
    /// Weight initialisation (mlp; default he-uniform for rectifiers, xavier otherwise): zeros,
    /// xavier-uniform, xavier-normal, he-uniform, he-normal, lecun-uniform, lecun-normal, torch.
    #[arg(long, value_name = "NAME")]
    pub init: Option<String>,
    /// Loss of linear regression.
    #[arg(long, value_enum)]
    pub loss: Option<LossArg>,
    /// With --loss huber: residuals beyond EPS times the jointly estimated scale count linearly
    /// (default 1.35, at least 1; scikit-learn's HuberRegressor epsilon).
    #[arg(long, value_name = "EPS", allow_hyphen_values = true)]
    pub huber_epsilon: Option<f64>,
    /// Width of the fixed Huber loss's quadratic zone (with --loss fixed-huber; default 1), in
    /// standard deviations of the target unless --scale-target none.
    #[arg(long, value_name = "D", allow_hyphen_values = true)]
    pub huber_delta: Option<f64>,
    /// Regression targets: standardise them on the training rows and map predictions back
    /// (default), or train on them as given (scikit-learn's MLPRegressor).
    #[arg(long, value_enum, value_name = "HOW")]
    pub scale_target: Option<ScaleTargetArg>,
    /// L1 penalty alpha * sum |w| on the weights (not biases).
    #[arg(long, value_name = "ALPHA", allow_hyphen_values = true, conflicts_with_all = ["l2", "elastic_net", "c"])]
    pub l1: Option<f64>,
    /// L2 penalty (alpha / 2) * sum w^2 on the weights (mlp and svm default 1e-4; 0 turns it off).
    #[arg(long, value_name = "ALPHA", allow_hyphen_values = true, conflicts_with_all = ["elastic_net", "c"])]
    pub l2: Option<f64>,
    /// L2 penalty as scikit-learn's inverse strength C: sum w^2 / (2 * C * rows), rows the training
    /// rows (logistic and softmax default 1, scikit-learn's LogisticRegression).
    #[arg(long, value_name = "C", allow_hyphen_values = true, conflicts_with = "elastic_net")]
    pub c: Option<f64>,
    /// Elastic-net penalty alpha * (r * L1 + (1 - r) / 2 * L2), r from --l1-ratio.
    #[arg(long, value_name = "ALPHA", allow_hyphen_values = true)]
    pub elastic_net: Option<f64>,
    /// Share r of L1 in the elastic net (default 0.15, scikit-learn's).
    #[arg(long, value_name = "R", requires = "elastic_net", allow_hyphen_values = true)]
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

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ScaleTargetArg {
    /// Train on (y - mean) / std; predictions, metrics and the model file are in y's units.
    Standard,
    /// Train on y as given.
    None,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LossArg {
    /// Mean squared error (least squares).
    Squared,
    /// scikit-learn's HuberRegressor: epsilon 1.35 in a jointly estimated scale, alpha 1e-4,
    /// full-batch L-BFGS, targets as given.
    Huber,
    /// torch's HuberLoss with a fixed --huber-delta, trained as the squared loss is.
    FixedHuber,
}
