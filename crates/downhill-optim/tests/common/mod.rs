//! Shared by the integration tests: every chain preset by name, built with a chosen learning rate.
#![allow(dead_code)]
use downhill_optim::*;

/// Builds a preset chain from a learning rate.
pub type Build = fn(Lr) -> Chain;

/// `(name, lr -> chain)` for every chain preset; L-BFGS (closure-driven) is tested separately.
pub fn presets() -> Vec<(&'static str, Build)> {
    vec![
        ("sgd", |lr| SgdOptions::default().build_with(Links::lr(lr)).expect("valid options")),
        ("momentum", |lr| {
            SgdOptions { momentum: 0.9, ..Default::default() }
                .build_with(Links::lr(lr))
                .expect("valid options")
        }),
        ("nesterov", |lr| {
            SgdOptions { momentum: 0.9, nesterov: true, ..Default::default() }
                .build_with(Links::lr(lr))
                .expect("valid options")
        }),
        ("adagrad", |lr| AdagradOptions::default().build_with(Links::lr(lr)).expect("valid options")),
        ("rmsprop", |lr| RmspropOptions::default().build_with(Links::lr(lr)).expect("valid options")),
        ("rmsprop_centered_momentum", |lr| {
            RmspropOptions { centered: true, momentum: 0.5, ..Default::default() }
                .build_with(Links::lr(lr))
                .expect("valid options")
        }),
        ("adadelta", |lr| AdadeltaOptions::default().build_with(Links::lr(lr)).expect("valid options")),
        ("adam", |lr| AdamOptions::default().build_with(Links::lr(lr)).expect("valid options")),
        ("adam_amsgrad", |lr| {
            AdamOptions { amsgrad: true, ..Default::default() }
                .build_with(Links::lr(lr))
                .expect("valid options")
        }),
        ("adamw", |lr| AdamWOptions::default().build_with(Links::lr(lr)).expect("valid options")),
        ("adamax", |lr| AdamaxOptions::default().build_with(Links::lr(lr)).expect("valid options")),
        ("nadam", |lr| NadamOptions::default().build_with(Links::lr(lr)).expect("valid options")),
        ("radam", |lr| RadamOptions::default().build_with(Links::lr(lr)).expect("valid options")),
        ("lion", |lr| LionOptions::default().build_with(Links::lr(lr)).expect("valid options")),
        ("rprop", |lr| RpropOptions::default().build_with(Links::lr(lr)).expect("valid options")),
        ("asgd", |lr| AsgdOptions::default().build_with(Links::lr(lr)).expect("valid options")),
        ("adafactor", |lr| AdafactorOptions::default().build_with(Links::lr(lr)).expect("valid options")),
        // the 2-D point is the 1 x 2 matrix [x y]
        ("muon", |lr| MuonOptions::default().build_with(Links::lr(lr)).expect("valid options")),
        ("schedule_free_adamw", |lr| {
            ScheduleFreeAdamWOptions::default().build_with(Links::lr(lr)).expect("valid options")
        }),
        ("schedule_free_sgd", |lr| {
            ScheduleFreeSgdOptions::default().build_with(Links::lr(lr)).expect("valid options")
        }),
        // a dense gradient counts as every row present
        ("sparse_adam", |lr| SparseAdamOptions::default().build_with(Links::lr(lr)).expect("valid options")),
        // timm's Lookahead (k 5, alpha 0.5) around SGD with momentum and around Adam
        ("lookahead_momentum", |lr| {
            let tx = SgdOptions { momentum: 0.9, ..Default::default() }.build_with(Links::lr(lr));
            LookaheadOptions::default().wrap(tx.expect("valid options")).expect("valid options")
        }),
        ("lookahead_adam", |lr| {
            let tx = AdamOptions::default().build_with(Links::lr(lr)).expect("valid options");
            LookaheadOptions::default().wrap(tx).expect("valid options")
        }),
        // torch OneCycleLR(cycle_momentum=True): momentum (beta1) 0.95 -> 0.85 -> 0.95 over 200 steps
        ("sgd_cycled_momentum", |lr| {
            let cycled_momentum = Some(Lr::new(OneCycle::new(1.0, 200).momentum()));
            SgdOptions::default()
                .build_with(Links { lr: Some(lr), momentum: cycled_momentum, maximize: false })
                .expect("valid options")
        }),
        ("adam_cycled_beta1", |lr| {
            let cycled_momentum = Some(Lr::new(OneCycle::new(1.0, 200).momentum()));
            AdamOptions::default()
                .build_with(Links { lr: Some(lr), momentum: cycled_momentum, maximize: false })
                .expect("valid options")
        }),
    ]
}

/// 0.5 (x^2 + 10 y^2): loss and gradient.
pub fn quadratic(p: &[Tensor]) -> (f64, Vec<Tensor>) {
    let (x, y) = (p[0].data()[0] as f64, p[0].data()[1] as f64);
    (0.5 * (x * x + 10.0 * y * y), vec![Tensor::vector(vec![x as f32, (10.0 * y) as f32])])
}

/// (1 - x)^2 + 100 (y - x^2)^2: loss and gradient.
pub fn rosenbrock(p: &[Tensor]) -> (f64, Vec<Tensor>) {
    let (x, y) = (p[0].data()[0] as f64, p[0].data()[1] as f64);
    let loss = (1.0 - x).powi(2) + 100.0 * (y - x * x).powi(2);
    let g = vec![(-2.0 * (1.0 - x) - 400.0 * x * (y - x * x)) as f32, (200.0 * (y - x * x)) as f32];
    (loss, vec![Tensor::vector(g)])
}
