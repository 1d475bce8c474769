//! Pre-trained starts and fine-tuning: `init_from` a saved model gives its exact weights as the
//! starting point, `freeze` keeps the named layers' values bit for bit while the rest trains, and a
//! file for another architecture is refused naming the first parameter that differs.
#![allow(clippy::unwrap_used)]
mod common;
use common::{prepared, temp_dir};
use downhill_learn::*;

fn mlp(hidden: Vec<usize>, epochs: usize) -> MlpClassifier {
    let mut p = MlpClassifier::default();
    p.shape.hidden = hidden;
    p.train.stopping = StoppingRules::epochs(epochs);
    p
}

fn weights(f: &Fitted<MlpClassifier>) -> std::collections::BTreeMap<String, Vec<u32>> {
    f.model
        .state_dict()
        .into_iter()
        .map(|(k, v)| (k, v.data().iter().map(|x| x.to_bits()).collect()))
        .collect()
}

#[test]
fn a_saved_model_starts_the_next_run_and_frozen_layers_keep_their_values() {
    let (x, y, _, _) = prepared("iris.csv", 0.3, Task::Classification { classes: 3 }, 2);
    let first = mlp(vec![8], 20).fit(&x, &y).unwrap();
    let path = temp_dir("pretrained").join("first.safetensors");
    save_model(&path, &first.model, &first.info()).unwrap();

    // Zero epochs of the second run would be refused; one epoch at lr 0 changes nothing, so the
    // start is exactly the saved weights (bit for bit).
    let mut still = mlp(vec![8], 1);
    still.train.init_from = Some(path.clone());
    still.train.optimizer = OptimizerSettings::new(OptimizerConfig::default().with_lr(0.0));
    assert_eq!(weights(&still.fit(&x, &y).unwrap()), weights(&first));

    let mut tuned = mlp(vec![8], 10);
    tuned.train.init_from = Some(path.clone());
    tuned.train.freeze = vec!["layers.0".into()];
    let tuned = tuned.fit(&x, &y).unwrap();
    let (before, after) = (weights(&first), weights(&tuned));
    assert_eq!(after["layers.0.weight"], before["layers.0.weight"], "frozen: unchanged bit for bit");
    assert_eq!(after["layers.0.bias"], before["layers.0.bias"]);
    assert_ne!(after["layers.2.weight"], before["layers.2.weight"], "the head trains");

    let mut other = mlp(vec![6], 1);
    other.train.init_from = Some(path.clone());
    let e = other.fit(&x, &y).unwrap_err().to_string();
    assert!(e.contains("first.safetensors") && e.contains("layers.0.weight") && e.contains("[6, 4]"), "{e}");
    let mut typo = mlp(vec![8], 1);
    typo.train.freeze = vec!["layer.0".into()];
    assert!(typo.fit(&x, &y).unwrap_err().to_string().contains("layer.0"));
}
