//! Telling the observer (`Hooks::progress`) about a finished epoch: its record, then, for the
//! epochs it asks for (`Progress::wants_parameters`), the parameters with the epoch's mean
//! gradients, copied from the health monitor before the end of the epoch resets them. An epoch
//! no one asks for copies nothing.
use crate::health_monitor::HealthMonitor;
use crate::progress::{Hooks, ParamSnapshot};
use crate::session::Session;
use downhill_nn::Module;
use downhill_tensor::Tensor;

/// The epoch's mean gradients, when the observer wants `epoch`'s parameters.
pub(crate) fn wanted_gradients(
    hooks: &Hooks<'_>,
    epoch: usize,
    health: &HealthMonitor,
) -> Option<Vec<Tensor>> {
    let p = hooks.progress.as_deref()?;
    p.wants_parameters(epoch).then(|| health.grads.mean_gradient().to_vec())
}

/// `on_epoch` with the last record of `s`, then `on_parameters` when `grads` were wanted.
pub(crate) fn report_epoch<M: Module + ?Sized>(
    hooks: &mut Hooks<'_>,
    s: &Session,
    max_epochs: usize,
    model: &M,
    grads: Option<Vec<Tensor>>,
) {
    let (Some(p), Some(r)) = (hooks.progress.as_deref_mut(), s.history.last()) else { return };
    p.on_epoch(r, max_epochs);
    let Some(grads) = grads else { return };
    let params = model.params();
    let snapshots: Vec<ParamSnapshot<'_>> = params
        .iter()
        .zip(&grads)
        .map(|(p, g)| ParamSnapshot { name: p.name(), value: &p.value, grad: g })
        .collect();
    p.on_parameters(r.epoch, &snapshots);
}
