//! One optimizer step on a module's parameters: the glue between `nn` (parameters live inside
//! modules) and `optim` (which updates a flat list of tensors in the module's parameter order).
use downhill_autograd::Grads;
use downhill_nn::Module;
use downhill_optim::Optimizer;
use downhill_tensor::Tensor;

/// The module's parameter values, in optimizer slot order: pass to `Optimizer::new`.
pub fn param_values(module: &dyn Module) -> Vec<Tensor> {
    module.params().iter().map(|p| p.value.clone()).collect()
}

/// Applies `opt` to every parameter of `module` using `grads` (zeros for a parameter the loss did
/// not reach, so optimizer state stays aligned with the parameter list).
pub fn apply_step(module: &mut dyn Module, opt: &mut Optimizer, grads: &Grads) {
    let gs: Vec<Tensor> = module.params().iter().map(|p| grads.get_or_zeros(p)).collect();
    let mut values = param_values(module);
    opt.step(&mut values, gs);
    for (p, v) in module.params_mut().into_iter().zip(values) {
        p.value = v;
    }
}
