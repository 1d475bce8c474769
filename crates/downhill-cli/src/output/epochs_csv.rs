//! `train --metrics FILE`: one CSV row per epoch,
//!   epoch,seconds,lr,train_loss,val_loss,val_<metric>,grad_norm.<layer>,...
//! with `seconds` the wall time of the epoch's training and empty validation fields when there is no
//! validation set. `grad_norm.<layer>` (one column per layer, `layers.1` for the parameters
//! `layers.1.*`) is the mean over the epoch's batches of that layer's gradient L2 norm before any
//! clipping: the figure the exploding/vanishing warnings read. Numbers are printed exactly
//! (shortest round-trip text).
use super::number::{num, opt_num};
use downhill_learn::History;

pub fn epochs_csv(h: &History) -> String {
    let metric = if h.metric.is_empty() { "metric" } else { h.metric.as_str() };
    let layers = h.epochs.first().map_or(&[][..], |r| r.layer_grad_norms.as_slice());
    let norms: String = layers.iter().map(|(layer, _)| format!(",grad_norm.{layer}")).collect();
    let mut out = format!("epoch,seconds,lr,train_loss,val_loss,val_{metric}{norms}\n");
    for r in &h.epochs {
        out.push_str(&format!(
            "{},{},{},{},{},{}",
            r.epoch,
            num(r.seconds),
            num(r.lr),
            num(r.train_loss),
            opt_num(r.val_loss, ""),
            opt_num(r.val_metric, "")
        ));
        r.layer_grad_norms.iter().for_each(|(_, n)| out.push_str(&format!(",{}", num(*n))));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use downhill_learn::EpochRecord;

    #[test]
    fn one_row_per_epoch_with_empty_missing_fields() {
        let r = EpochRecord {
            epoch: 1,
            seconds: 0.5,
            lr: 0.01,
            train_loss: 0.25,
            val_loss: None,
            val_metric: None,
            grad_norm: 0.0,
            layer_grad_norms: vec![],
        };
        let h = History { epochs: vec![r], metric: "accuracy".into(), ..Default::default() };
        assert_eq!(epochs_csv(&h), "epoch,seconds,lr,train_loss,val_loss,val_accuracy\n1,0.5,0.01,0.25,,\n");
        let norms = vec![("layers.0".to_string(), 0.5), ("layers.2".to_string(), 0.125)];
        let h = History { epochs: vec![EpochRecord { layer_grad_norms: norms, ..h.epochs[0].clone() }], ..h };
        let want =
            "epoch,seconds,lr,train_loss,val_loss,val_accuracy,grad_norm.layers.0,grad_norm.layers.2\n\
                    1,0.5,0.01,0.25,,,0.5,0.125\n";
        assert_eq!(epochs_csv(&h), want);
    }
}
