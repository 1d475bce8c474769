//! Pre-trained starts (`init_from`): the weights of another downhill model file, or a PyTorch
//! `state_dict` saved with `safetensors.torch.save_file` for the same architecture. torch's
//! `nn.Sequential` numbers its children `0, 1, ...` where ours are `layers.0, layers.1, ...`, so a
//! torch name gets the `layers.` prefix (`3.body.0.weight` → `layers.3.body.0.weight`); torch's
//! `num_batches_tracked` counters have no counterpart and are skipped. The file must match the
//! model exactly; the first parameter whose name or shape differs is named.
use crate::tensor_file;
use crate::{LearnError, ModelFileError};
use downhill_nn::Module;
use downhill_tensor::Tensor;
use std::collections::BTreeMap;
use std::path::Path;

/// The tensors of `path` under downhill's names.
pub fn read_weights(path: &Path) -> Result<BTreeMap<String, Tensor>, ModelFileError> {
    let (tensors, meta) = tensor_file::read_where(path, |name| !name.ends_with("num_batches_tracked"))?;
    let ours = meta.get("format").is_some_and(|f| f.starts_with("downhill"));
    Ok(tensors
        .into_iter()
        .map(|(name, t)| match ours || name.starts_with("layers.") {
            true => (name, t),
            false => (format!("layers.{name}"), t),
        })
        .collect())
}

/// Loads `path`'s weights into `net`, which must have exactly those names and shapes.
pub fn load_weights<M: Module + ?Sized>(net: &mut M, path: &Path) -> Result<(), LearnError> {
    let weights = read_weights(path)?;
    let mismatch = |problem: String| LearnError::InitFrom { path: path.into(), problem };
    let expected: Vec<(String, downhill_tensor::Shape)> = {
        let params = net.params().into_iter().map(|p| (p.name().to_string(), p.value.shape().clone()));
        params
            .chain(net.buffers().into_iter().map(|b| (b.name().to_string(), b.value.shape().clone())))
            .collect()
    };
    for (name, shape) in &expected {
        match weights.get(name) {
            None => {
                let has: Vec<&str> = weights.keys().take(6).map(String::as_str).collect();
                return Err(mismatch(format!(
                    "the model's `{name}` {shape} is not in the file (it has {}, ...)",
                    has.join(", ")
                )));
            }
            Some(t) if t.shape() != shape => {
                return Err(mismatch(format!(
                    "`{name}` is {shape} in the model but {} in the file",
                    t.shape()
                )));
            }
            Some(_) => {}
        }
    }
    if let Some(extra) = weights.keys().find(|k| !expected.iter().any(|(n, _)| n == *k)) {
        return Err(mismatch(format!("the file's `{extra}` has no place in the model")));
    }
    for p in net.params_mut() {
        p.value = weights[p.name()].clone();
    }
    for b in net.buffers_mut() {
        b.value = weights[b.name()].clone();
    }
    Ok(())
}
