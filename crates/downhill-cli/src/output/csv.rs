//! `--format csv`: a header and one row per recorded step of every run:
//!   optimizer,step,x,y,loss,lr
//! Names never contain commas (they are `NAME` or `NAME:LR`); a missing lr is an empty field.
use super::number::{num, opt_num};
use crate::optimize::Run;

pub fn to_csv(runs: &[Run]) -> String {
    let mut out = String::from("optimizer,step,x,y,loss,lr\n");
    for run in runs {
        for e in &run.trajectory.entries {
            out.push_str(&format!(
                "{},{},{},{},{},{}\n",
                run.racer.name,
                e.step,
                num(e.params[0]),
                num(e.params[1]),
                num(e.loss),
                opt_num(e.lr, "")
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::table::tests::sample_runs;

    #[test]
    fn one_row_per_entry_under_a_header() {
        let csv = to_csv(&sample_runs());
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines[0], "optimizer,step,x,y,loss,lr");
        assert_eq!(lines[1], "sgd,0,-1.5,2.0,12.5,0.001");
        assert_eq!(lines.len(), 1 + 2 + 1);
        assert!(lines.iter().all(|l| l.split(',').count() == 6));
    }
}
