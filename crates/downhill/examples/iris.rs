//! The estimator flow on the shipped iris table: a stratified test split, an MLP behind standard
//! scaling set with builder setters, its test accuracy, then save -> load and the same predictions.
//! The saved file is the CLI's model format: `downhill predict iris.safetensors data/iris.csv` reads it.
//! Run: `cargo run --release --example iris [MODEL_PATH]`
use downhill::datasets;
use downhill::learn::{train_test_split, FittedPipeline, MlpClassifier, Pipeline};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let iris = datasets::iris(); // x [150, 4] in cm, y class ids 0..3, names, task
    let split = train_test_split(&iris.x, &iris.y, 0.2, 42)?; // 10 of each species held out
    let clf = MlpClassifier::new().hidden([16]).lr(0.01).epochs(300);
    let model = Pipeline::new(clf).names_from(&iris).fit(&split.x_train, &split.y_train)?;
    println!("test accuracy {:.3}", model.score(&split.x_test, &split.y_test)?);

    let path = std::env::args().nth(1).unwrap_or_else(|| "iris.safetensors".into());
    model.save(&path)?; // the fitted scaling travels with the weights
    let loaded = FittedPipeline::load(&path)?;
    let labels = loaded.predict_labels(&split.x_test)?; // raw rows in, species names out
    println!("saved to {path}; first test rows: {:?}", &labels[..3]);
    Ok(())
}
