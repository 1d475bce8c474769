//! `predict`'s CSV: `row,prediction` and, with --proba, one `p_<class>` column per class.
//! `row` is the 1-based data row of the input file (rows dropped for missing values are absent);
//! a prediction is the class name, or the value for regression. Text is quoted when it needs to be.
//! A model with several outputs (an autoencoder's reconstruction) gets one column per output,
//! named after the feature it rebuilds, in the preprocessed units the model sees.
use super::number::num;
use downhill_learn::Tensor;

pub fn predictions_csv(rows: &[usize], pred: &Tensor, proba: Option<&Tensor>, classes: &[String]) -> String {
    let mut out = String::from("row,prediction");
    if proba.is_some() {
        for c in classes {
            out.push(',');
            out.push_str(&quote(&format!("p_{c}")));
        }
    }
    out.push('\n');
    for (i, row) in rows.iter().enumerate() {
        let v = pred.data()[i];
        let label = match classes.get(v as usize) {
            Some(name) if !classes.is_empty() => quote(name),
            _ => num(f64::from(v)),
        };
        out.push_str(&format!("{},{label}", row + 1));
        if let Some(p) = proba {
            for k in 0..p.cols() {
                out.push(',');
                out.push_str(&num(f64::from(p.at(&[i, k]))));
            }
        }
        out.push('\n');
    }
    out
}

/// `row,<name>...`: one column per output, named by `names`.
pub fn outputs_csv(rows: &[usize], pred: &Tensor, names: &[String]) -> String {
    let header: Vec<String> = names.iter().map(|n| quote(n)).collect();
    let mut out = format!("row,{}\n", header.join(","));
    for (i, row) in rows.iter().enumerate() {
        let values: Vec<String> = pred.row(i).iter().map(|&v| num(f64::from(v))).collect();
        out.push_str(&format!("{},{}\n", row + 1, values.join(",")));
    }
    out
}

/// RFC 4180 quoting for fields holding a comma, quote or line break.
pub fn quote(field: &str) -> String {
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn class_names_and_probabilities() {
        let pred = Tensor::vector(vec![1.0, 0.0]);
        let proba = Tensor::from_rows(&[[0.25, 0.75], [1.0, 0.0]]).unwrap();
        let classes = ["a,b".to_string(), "c".to_string()];
        let csv = predictions_csv(&[0, 2], &pred, Some(&proba), &classes);
        assert_eq!(csv, "row,prediction,\"p_a,b\",p_c\n1,c,0.25,0.75\n3,\"a,b\",1.0,0.0\n");
        let values = predictions_csv(&[0], &Tensor::vector(vec![2.5]), None, &[]);
        assert_eq!(values, "row,prediction\n1,2.5\n");
    }
}
