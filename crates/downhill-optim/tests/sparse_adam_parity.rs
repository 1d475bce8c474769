//! SparseAdam against `torch.optim.SparseAdam` on an embedding table, from
//! `tests/data/torch_sparse_adam.json`, printed by `tools/refgen/sparse_adam_reference.py` (torch
//! 2.15.0 in float64). Each step's gradient is the rows of `0.5 Σ_j ‖W[ids_j] - T[ids_j]‖²` that the
//! step looks up (repeats summed, the padding row left out), made here as `SparseRows::from_lookups`
//! makes an embedding's; rows absent from a step keep their moments. Tolerance: every table value
//! within 1e-4 + 1e-3 |ref| at every step (the parity tolerance of every optimizer, for f32 against
//! torch's f64). Adam given the same gradients dense leaves it: the test can tell the two apart.
#![allow(clippy::unwrap_used)]
use downhill_optim::*;
use serde_json::Value;

const DATA: &str = include_str!("data/torch_sparse_adam.json");
const ABS_TOL: f64 = 1e-4;
const REL_TOL: f64 = 1e-3;

fn floats(v: &Value) -> Vec<f32> {
    v.as_array().expect("a list").iter().map(|x| x.as_f64().expect("a number") as f32).collect()
}

/// The rows of step `ids`' gradient at `w`: dy_j = W[ids_j] - T[ids_j], scattered by lookup.
fn gradient(w: &Tensor, target: &Tensor, ids: &[usize], padding: Option<usize>) -> SparseRows {
    let dim = w.dims()[1];
    let dy: Vec<f32> =
        ids.iter().flat_map(|&i| w.row(i).iter().zip(target.row(i)).map(|(a, b)| a - b)).collect();
    let dy = Tensor::from_vec(dy, [ids.len(), dim]).expect("shape");
    SparseRows::from_lookups(w.shape(), ids, &dy, padding)
}

/// The worst |ours - ref| / (ABS_TOL + REL_TOL |ref|) over the case's trajectory, running `tx`.
fn worst_ratio(data: &Value, case: &Value, tx: Chain, dense: bool) -> f64 {
    let (rows, dim) = (data["rows"].as_u64().unwrap() as usize, data["dim"].as_u64().unwrap() as usize);
    let target = Tensor::from_vec(floats(&data["target"]), [rows, dim]).unwrap();
    let mut params = vec![Tensor::from_vec(floats(&data["start"]), [rows, dim]).unwrap()];
    let mut opt = Optimizer::new(tx, &params);
    let padding = case["padding_idx"].as_u64().map(|p| p as usize);
    let steps = case["ids"].as_array().unwrap();
    let trajectory = case["trajectory"].as_array().unwrap();
    let mut worst: f64 = 0.0;
    for (k, ids) in steps.iter().enumerate() {
        let ids: Vec<usize> = ids.as_array().unwrap().iter().map(|i| i.as_u64().unwrap() as usize).collect();
        let g = gradient(&params[0], &target, &ids, padding);
        let g = if dense { Gradient::Dense(g.to_dense()) } else { Gradient::from(g) };
        assert!(opt.step_gradients(&mut params, vec![g]), "step {k} not finite");
        for (&ours, want) in params[0].data().iter().zip(floats(&trajectory[k + 1])) {
            let err = (ours as f64 - want as f64).abs();
            worst = worst.max(err / (ABS_TOL + REL_TOL * (want as f64).abs()));
        }
    }
    worst
}

fn options(case: &Value) -> (SparseAdamOptions, bool) {
    let o = &case["options"];
    let d = SparseAdamOptions::default();
    let betas = o.get("betas").map_or(d.betas, |b| (b[0].as_f64().unwrap(), b[1].as_f64().unwrap()));
    let lr = o.get("lr").map_or(d.lr, |v| v.as_f64().unwrap());
    let eps = o.get("eps").map_or(d.eps, |v| v.as_f64().unwrap());
    (SparseAdamOptions { lr, betas, eps }, o.get("maximize").and_then(Value::as_bool).unwrap_or(false))
}

#[test]
fn every_case_matches_torch_sparse_adam() {
    let data: Value = serde_json::from_str(DATA).unwrap();
    let cases = data["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 5);
    for case in cases {
        let (o, maximize) = options(case);
        let tx = o.build_with(Links { maximize, ..Links::default() }).unwrap();
        let ratio = worst_ratio(&data, case, tx, false);
        println!("{:40} {:.1}% of tolerance", case["name"].as_str().unwrap(), 100.0 * ratio);
        assert!(ratio <= 1.0, "{}: {ratio:.2}x the tolerance", case["name"]);
    }
}

#[test]
fn adam_with_the_dense_gradient_is_not_sparse_adam() {
    // lr 0.1: Adam decays the moments of the rows a step leaves out and keeps moving them.
    let data: Value = serde_json::from_str(DATA).unwrap();
    let case = &data["cases"][1];
    assert_eq!(case["name"], "lr0.1");
    let adam = AdamOptions { lr: 0.1, ..Default::default() }.build().unwrap();
    let ratio = worst_ratio(&data, case, adam, true);
    assert!(ratio > 10.0, "Adam stays within {ratio:.2}x of SparseAdam's tolerance");
}

#[test]
fn a_saved_state_resumes_with_a_bit_identical_row_step() {
    let data: Value = serde_json::from_str(DATA).unwrap();
    let target = Tensor::from_vec(floats(&data["target"]), [8, 3]).unwrap();
    let start = vec![Tensor::from_vec(floats(&data["start"]), [8, 3]).unwrap()];
    let build = || SparseAdamOptions { lr: 0.1, ..Default::default() }.build().unwrap();
    let step = |opt: &mut Optimizer, p: &mut Vec<Tensor>, ids: &[usize]| {
        let g = gradient(&p[0], &target, ids, None);
        assert!(opt.step_gradients(p, vec![Gradient::from(g)]));
    };
    let (mut params, mut opt) = (start.clone(), Optimizer::new(build(), &start));
    for ids in [&[1, 4, 1][..], &[0, 6], &[4, 4, 2]] {
        step(&mut opt, &mut params, ids);
    }
    let path = std::env::temp_dir().join(format!("sparse_adam_state_{}.json", std::process::id()));
    opt.save(&path).unwrap();
    let mut resumed = Optimizer::new(build(), &start);
    resumed.load(&path).unwrap();
    std::fs::remove_file(&path).unwrap();
    let mut copy = params.clone();
    step(&mut opt, &mut params, &[1, 3]);
    step(&mut resumed, &mut copy, &[1, 3]);
    // Bit-identical: the same moments, count and arithmetic.
    let bits = |t: &Tensor| t.data().iter().map(|x| x.to_bits()).collect::<Vec<_>>();
    assert_eq!(bits(&params[0]), bits(&copy[0]));
    assert_eq!(resumed.steps(), 4);
}
