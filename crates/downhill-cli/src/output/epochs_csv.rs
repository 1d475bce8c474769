//! `train --metrics FILE`: one CSV row per epoch,
//!   epoch,seconds,lr,train_loss,val_loss,val_<metric>,grad_norm.<layer>,...,update_ratio.<layer>,...,
//!   dead.<layer>,...,saturated.<layer>,...,act_mean.<layer>,...,act_std.<layer>,...,findings
//! with `seconds` the wall time of the epoch's training and empty validation fields when there is no
//! validation set. `grad_norm.<layer>` (one column per layer, `layers.1` for the parameters
//! `layers.1.*`) is the mean over the epoch's batches of that layer's gradient L2 norm before any
//! clipping: the figure the exploding/vanishing warnings read. The health monitor's sampled
//! signals follow: `update_ratio.<layer>` (‖Δw‖/‖w‖ per step), and per activation layer the
//! fraction of dead ReLU units (`dead.`), of saturated sigmoid or tanh units (`saturated.`) and
//! its output's mean and deviation; empty in an epoch that sampled no step. `findings` lists
//! the kinds of the findings first reported in that epoch, separated by `;`. Numbers are printed
//! exactly (shortest round-trip text).
use super::number::{num, opt_num};
use downhill_learn::{EpochRecord, History, UnitRecord, Warning};

pub fn epochs_csv(h: &History) -> String {
    let metric = if h.metric.is_empty() { "metric" } else { h.metric.as_str() };
    let columns = Columns::of(h);
    let mut out = format!("epoch,seconds,lr,train_loss,val_loss,val_{metric}{}\n", columns.header());
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
        out.push_str(&columns.row(h, r));
        out.push('\n');
    }
    out
}

/// The per-layer columns, each a union over the epochs in order of first appearance.
struct Columns {
    grads: Vec<String>,
    updates: Vec<String>,
    dead: Vec<String>,
    saturated: Vec<String>,
    units: Vec<String>,
}

impl Columns {
    fn of(h: &History) -> Columns {
        let mut c = Columns {
            grads: Vec::new(),
            updates: Vec::new(),
            dead: Vec::new(),
            saturated: Vec::new(),
            units: Vec::new(),
        };
        let add = |list: &mut Vec<String>, name: &str| {
            if !list.iter().any(|l| l == name) {
                list.push(name.to_string());
            }
        };
        for r in &h.epochs {
            r.layer_grad_norms.iter().for_each(|(l, _)| add(&mut c.grads, l));
            r.layer_update_ratios.iter().for_each(|(l, _)| add(&mut c.updates, l));
            for u in &r.units {
                add(&mut c.units, &u.layer);
                match u.watches() {
                    Some("dead") => add(&mut c.dead, &u.layer),
                    Some(_) => add(&mut c.saturated, &u.layer),
                    None => {}
                }
            }
        }
        c
    }

    fn header(&self) -> String {
        let named =
            |prefix: &str, list: &[String]| list.iter().map(|l| format!(",{prefix}.{l}")).collect::<String>();
        let mut out = named("grad_norm", &self.grads) + &named("update_ratio", &self.updates);
        out += &(named("dead", &self.dead) + &named("saturated", &self.saturated));
        out += &(named("act_mean", &self.units) + &named("act_std", &self.units));
        out + ",findings"
    }

    fn row(&self, h: &History, r: &EpochRecord) -> String {
        let pick = |pairs: &[(String, f64)], l: &String| pairs.iter().find(|(n, _)| n == l).map(|p| p.1);
        let unit = |l: &String, f: fn(&UnitRecord) -> f64| r.units.iter().find(|u| &u.layer == l).map(f);
        let mut cells: Vec<Option<f64>> = self.grads.iter().map(|l| pick(&r.layer_grad_norms, l)).collect();
        cells.extend(self.updates.iter().map(|l| pick(&r.layer_update_ratios, l)));
        cells.extend(self.dead.iter().map(|l| unit(l, |u| u.dead)));
        cells.extend(self.saturated.iter().map(|l| unit(l, |u| u.saturated)));
        cells.extend(self.units.iter().map(|l| unit(l, |u| u.mean)));
        cells.extend(self.units.iter().map(|l| unit(l, |u| u.std)));
        let out: String = cells.into_iter().map(|c| format!(",{}", opt_num(c, ""))).collect();
        let kinds: Vec<&str> =
            h.warnings.iter().filter(|w| w.epoch() == Some(r.epoch)).map(Warning::kind).collect();
        out + "," + &kinds.join(";")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_row_per_epoch_with_empty_missing_fields() {
        let r = EpochRecord { seconds: 0.5, lr: 0.01, ..EpochRecord::new(1, 0.25) };
        let h = History { epochs: vec![r], metric: "accuracy".into(), ..Default::default() };
        assert_eq!(
            epochs_csv(&h),
            "epoch,seconds,lr,train_loss,val_loss,val_accuracy,findings\n1,0.5,0.01,0.25,,,\n"
        );
        let norms = vec![("layers.0".to_string(), 0.5), ("layers.2".to_string(), 0.125)];
        let h = History { epochs: vec![EpochRecord { layer_grad_norms: norms, ..h.epochs[0].clone() }], ..h };
        let want =
            "epoch,seconds,lr,train_loss,val_loss,val_accuracy,grad_norm.layers.0,grad_norm.layers.2,findings\n\
                    1,0.5,0.01,0.25,,,0.5,0.125,\n";
        assert_eq!(epochs_csv(&h), want);
    }
}
