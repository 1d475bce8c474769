//! `train --metrics FILE`: one CSV row per epoch,
//!   epoch,seconds,lr,train_loss,val_loss,val_<metric>
//! with `seconds` the wall time of the epoch's training and empty validation fields when there is no
//! validation set. Numbers are printed exactly (shortest round-trip text).
use super::number::{num, opt_num};
use downhill_learn::History;

pub fn epochs_csv(h: &History) -> String {
    let metric = if h.metric.is_empty() { "metric" } else { h.metric.as_str() };
    let mut out = format!("epoch,seconds,lr,train_loss,val_loss,val_{metric}\n");
    for r in &h.epochs {
        out.push_str(&format!(
            "{},{},{},{},{},{}\n",
            r.epoch,
            num(r.seconds),
            num(r.lr),
            num(r.train_loss),
            opt_num(r.val_loss, ""),
            opt_num(r.val_metric, "")
        ));
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
    }
}
