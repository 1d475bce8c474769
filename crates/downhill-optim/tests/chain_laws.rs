//! Laws every chain must obey: identity is neutral, global-norm clipping respects its bound across
//! tensors, L1 gives exact zeros, and save -> load -> next step is bit-identical for every preset.
mod common;
use common::{presets, quadratic, rosenbrock};
use downhill_optim::*;
use downhill_tensor::Rng;

fn bits(ts: &[Tensor]) -> Vec<u32> {
    ts.iter().flat_map(|t| t.data().iter().map(|x| x.to_bits())).collect()
}

/// Loss and gradient of the two-tensor test function (so states have more than one slot tensor).
fn two_tensor(p: &[Tensor]) -> Vec<Tensor> {
    let (a, b) = (p[0].data(), p[1].data());
    let (c, t) = ([1.0f32, 2.0, 3.0], [1.0f32, -2.0, 3.0]);
    let ga = (0..3).map(|i| 2.0 * c[i] * (a[i] - t[i])).collect();
    let r = b[0] * b[1] - 1.0;
    vec![Tensor::vector(ga), Tensor::vector(vec![2.0 * r * b[1] + 0.2 * b[0], 2.0 * r * b[0] + 0.2 * b[1]])]
}

fn start() -> Vec<Tensor> {
    vec![Tensor::vector(vec![0.0, 0.0, 0.0]), Tensor::vector(vec![0.5, -0.5])]
}

#[test]
fn chaining_identity_changes_nothing() {
    for (name, build) in presets() {
        let lr = Lr::new(Cosine { base: 0.01, eta_min: 0.0, t_max: 20 });
        let wrapped = chain![Identity, build(lr.clone()), Identity];
        let (mut p1, mut p2) = (start(), start());
        let (mut o1, mut o2) = (Optimizer::new(build(lr), &p1), Optimizer::new(wrapped, &p2));
        for _ in 0..30 {
            let g = two_tensor(&p1);
            o1.step(&mut p1, g);
            let g = two_tensor(&p2);
            o2.step(&mut p2, g);
        }
        assert_eq!(bits(&p1), bits(&p2), "{name}");
        // Bit-identical on purpose: both read the same schedule at the same step.
        assert_eq!(
            o1.lr().map(f64::to_bits),
            o2.lr().map(f64::to_bits),
            "{name}: {:?} vs {:?}",
            o1.lr(),
            o2.lr()
        );
    }
}

#[test]
fn global_norm_clipping_respects_its_bound_across_tensors() {
    let mut rng = Rng::seed(7);
    for trial in 0..50 {
        let scale = [1e-3, 0.1, 1.0, 10.0, 1e3][trial % 5];
        let grads: Vec<Tensor> =
            [[3, 4], [7, 1], [2, 5]].iter().map(|&s| Tensor::rand_normal(s, 0.0, scale, &mut rng)).collect();
        let max_norm = 1.0;
        let mut clipped = grads.clone();
        let tx = ClipByGlobalNorm(max_norm);
        tx.update(&mut clipped, &mut tx.init(&grads), &grads);
        let (before, after) = (global_norm(&grads), global_norm(&clipped));
        assert!(after <= max_norm * (1.0 + 1e-6), "trial {trial}: {before} -> {after}");
        if before <= max_norm {
            assert_eq!(bits(&grads), bits(&clipped), "under the bound nothing changes");
        } else {
            // one common factor for all tensors: the direction is kept
            let ratio = after / before;
            for (g, c) in grads.iter().zip(&clipped) {
                for (&a, &b) in g.data().iter().zip(c.data()) {
                    assert!(
                        (b as f64 - a as f64 * ratio).abs() <= 1e-6 * (1.0 + a.abs() as f64),
                        "trial {trial}"
                    );
                }
            }
        }
    }
}

/// Plain and momentum SGD. (Around Adam the threshold `lr alpha r` is small next to Adam's
/// normalised steps of size ~lr, so noise keeps irrelevant weights off zero: see `elastic_net.rs`.)
#[test]
fn l1_gives_irrelevant_features_exactly_zero_weight() {
    // y = X w* + noise with w* = [2, -3, 0, 0, 1.5, 0]: features 2, 3 and 5 are irrelevant.
    let (n, d) = (200, 6);
    let w_true = [2.0f32, -3.0, 0.0, 0.0, 1.5, 0.0];
    let mut rng = Rng::seed(42);
    let x = Tensor::rand_normal([n, d], 0.0, 1.0, &mut rng);
    let y: Vec<f32> = (0..n)
        .map(|i| x.row(i).iter().zip(&w_true).map(|(a, b)| a * b).sum::<f32>() + 0.1 * rng.normal())
        .collect();
    // gradient of the mean squared error / 2
    let grad = |w: &[f32]| {
        let mut g = vec![0.0f32; d];
        for (i, yi) in y.iter().enumerate() {
            let r = x.row(i).iter().zip(w).map(|(a, b)| a * b).sum::<f32>() - yi;
            g.iter_mut().zip(x.row(i)).for_each(|(g, a)| *g += r * a / n as f32);
        }
        Tensor::vector(g)
    };
    for (name, inner) in [
        ("sgd", sgd(SgdOptions { lr: 0.1, ..Default::default() }).unwrap()),
        ("momentum", sgd(SgdOptions { lr: 0.05, momentum: 0.5, ..Default::default() }).unwrap()),
    ] {
        let tx = ElasticNet::new(0.05, 0.9, inner);
        let mut w = vec![Tensor::zeros([d])];
        let mut opt = Optimizer::new(tx, &w);
        for _ in 0..500 {
            let g = grad(w[0].data());
            opt.step(&mut w, vec![g]);
        }
        let w = w[0].data();
        for j in [2, 3, 5] {
            assert_eq!(w[j].to_bits(), 0f32.to_bits(), "{name}: irrelevant feature {j} has weight {}", w[j]);
        }
        for j in [0, 1, 4] {
            assert!((w[j] - w_true[j]).abs() < 0.2, "{name}: feature {j}: {} vs {}", w[j], w_true[j]);
        }
    }
}

#[test]
fn save_load_gives_a_bit_identical_next_step_for_every_preset() {
    let dir = std::env::temp_dir().join(format!("downhill-optim-state-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for (name, build) in presets() {
        let lr = || Lr::new(StepLr { base: 0.01, step_size: 3, gamma: 0.5 });
        let mut params = start();
        let mut opt = Optimizer::new(build(lr()), &params);
        for _ in 0..7 {
            let g = two_tensor(&params);
            opt.step(&mut params, g);
        }
        opt.scale_lr(0.5); // a plateau reduction must survive too
        let path = dir.join(format!("{name}.json"));
        opt.save(&path).unwrap();
        let mut resumed_params = params.clone();
        let mut resumed = Optimizer::new(build(lr()), &resumed_params);
        resumed.load(&path).unwrap();
        assert_eq!(resumed.steps(), opt.steps(), "{name}");
        // Bit-identical on purpose: the saved lr scale is restored exactly.
        assert_eq!(
            resumed.lr().map(f64::to_bits),
            opt.lr().map(f64::to_bits),
            "{name}: {:?} vs {:?}",
            resumed.lr(),
            opt.lr()
        );
        for _ in 0..3 {
            let g = two_tensor(&params);
            opt.step(&mut params, g);
            let g = two_tensor(&resumed_params);
            resumed.step(&mut resumed_params, g);
            assert_eq!(bits(&params), bits(&resumed_params), "{name}");
        }
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn lbfgs_save_load_gives_a_bit_identical_next_step() {
    let path = std::env::temp_dir().join(format!("downhill-optim-lbfgs-{}.json", std::process::id()));
    for line_search in [LineSearch::Fixed, LineSearch::StrongWolfe] {
        let options = LbfgsOptions { line_search, max_iter: 3, ..Default::default() };
        let mut a = Lbfgs::new(options.clone()).unwrap();
        let mut pa = vec![Tensor::vector(vec![-1.5, 2.0])];
        a.step(&mut pa, rosenbrock);
        a.save(&path).unwrap();
        let mut b = Lbfgs::new(options).unwrap();
        b.load(&path).unwrap();
        let mut pb = pa.clone();
        // Exact on purpose: save -> load must restore every f64/f32 of the L-BFGS state unchanged.
        assert_eq!(a.state, b.state);
        a.step(&mut pa, rosenbrock);
        b.step(&mut pb, rosenbrock);
        assert_eq!(bits(&pa), bits(&pb), "{line_search:?}");
    }
    std::fs::remove_file(&path).ok();
    let _ = quadratic;
}

#[test]
fn reduce_on_plateau_drives_optimizer_lr() {
    let mut params = vec![Tensor::vector(vec![1.0, 1.0])];
    let mut opt = Optimizer::new(sgd(SgdOptions { lr: 0.1, ..Default::default() }).unwrap(), &params);
    let mut plateau = ReduceOnPlateau::new(PlateauOptions { patience: 2, ..Default::default() }).unwrap();
    for _ in 0..4 {
        let factor = plateau.observe(1.0, opt.lr().unwrap()); // a metric that never improves
        opt.scale_lr(factor);
    }
    assert!((opt.lr().unwrap() - 0.01).abs() < 1e-12);
    opt.step(&mut params, vec![Tensor::vector(vec![1.0, 1.0])]);
    assert!((params[0].data()[0] - 0.99).abs() < 1e-6);
}
