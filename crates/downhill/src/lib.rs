//! downhill: train machine-learning models by gradient descent.
//!
//! This facade re-exports the workspace crates; `use downhill::prelude::*` brings the everyday names.
//! Where to start:
//! - [`learn`]: estimators with `fit` / `predict` / `score` (`MlpClassifier`, `LinearRegression`,
//!   `LogisticRegression`, ...; builder setters such as `.lr(0.01)` state their defaults),
//!   [`learn::Pipeline`] (preprocessing fitted with the model, saved with it in the model file the
//!   CLI reads), [`learn::train_test_split`], metrics, model files, and `Trainer`, the training
//!   loop for any network and loss of your own.
//! - [`data`]: CSV / LIBSVM / IDX files into tables and tensors, preprocessing, and [`datasets`],
//!   the small tables shipped with downhill (`iris`, `wine`, `breast_cancer`, `digits`, `diabetes`).
//! - [`onnx`]: a fitted pipeline or model as an ONNX file (`onnx::export_pipeline`), its
//!   preprocessing and output head included.
//! - [`nn`] layers, losses and `Sequential::from_spec`; [`optim`] optimizers and schedules;
//!   [`autograd`] the tape; [`tensor`] dense `f32` tensors.
//!
//! The layering is `tensor ← autograd ← nn ← learn`, `tensor ← optim ← learn` and `tensor ← data ← learn`.
//!
//! Fit, score, save and load, in a few lines:
//! ```
//! use downhill::prelude::*;
//!
//! let iris = datasets::iris();
//! let split = train_test_split(&iris.x, &iris.y, 0.2, 42)?;
//! let clf = MlpClassifier::new().hidden([16]).lr(0.01).epochs(300);
//! let model = Pipeline::new(clf).names_from(&iris).fit(&split.x_train, &split.y_train)?;
//! assert!(model.score(&split.x_test, &split.y_test)? > 0.85);
//! # let dir = std::env::temp_dir().join(format!("downhill-facade-doc-{}", std::process::id()));
//! # std::fs::create_dir_all(&dir)?;
//! let path = dir.join("iris.safetensors");
//! model.save(&path)?;
//! let loaded = FittedPipeline::load(&path)?;
//! assert_eq!(loaded.predict(&split.x_test)?.data(), model.predict(&split.x_test)?.data());
//! # std::fs::remove_dir_all(&dir)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![warn(missing_docs)]

pub use downhill_autograd as autograd;
pub use downhill_data as data;
pub use downhill_data::datasets;
pub use downhill_learn as learn;
pub use downhill_nn as nn;
pub use downhill_onnx as onnx;
pub use downhill_optim as optim;
pub use downhill_tensor as tensor;

pub mod prelude;
mod step;

pub use step::{apply_step, param_values};

/// The README's Rust examples, compiled and run as doctests (`rust,ignore` blocks excepted).
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
pub struct ReadmeDoctests;
