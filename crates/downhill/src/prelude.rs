//! The names most programs need: `use downhill::prelude::*;`.
pub use downhill_autograd::{Grads, Param, Tape, Var};
pub use downhill_data::{datasets, Dataset, Task};
pub use downhill_learn::{
    load_module, save_module, train_test_split, Fit, FittedPipeline, LayerStack, LinearRegression,
    LogisticRegression, MlpClassifier, MlpRegressor, Pipeline, Predict, PredictProba, Score,
    SoftmaxRegression,
};
pub use downhill_nn::spec::parse_layers;
pub use downhill_nn::{
    Activation, BatchNorm1d, BceWithLogits, CrossEntropy, Ctx, Dropout, Hinge, Huber, Init, Linear, Loss,
    Mae, Mlp, Mode, Module, Mse, Sequential,
};
pub use downhill_optim::{adam, adamw, sgd, AdamOptions, AdamWOptions, Optimizer, SgdOptions};
pub use downhill_tensor::{Float, Rng, Shape, Tensor};
