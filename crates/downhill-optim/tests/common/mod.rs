//! Shared by the integration tests: every chain preset by name, built with a chosen learning rate.
#![allow(dead_code)]
use downhill_optim::*;

/// Builds a preset chain from a learning rate.
pub type Build = fn(Lr) -> Chain;

/// `(name, lr -> chain)` for every chain preset; L-BFGS (closure-driven) is tested separately.
pub fn presets() -> Vec<(&'static str, Build)> {
    vec![
        ("sgd", |lr| sgd(SgdOptions { lr, ..Default::default() }).expect("valid options")),
        ("momentum", |lr| {
            sgd(SgdOptions { lr, momentum: 0.9, ..Default::default() }).expect("valid options")
        }),
        ("nesterov", |lr| {
            sgd(SgdOptions { lr, momentum: 0.9, nesterov: true, ..Default::default() })
                .expect("valid options")
        }),
        ("adagrad", |lr| adagrad(AdagradOptions { lr, ..Default::default() }).expect("valid options")),
        ("rmsprop", |lr| rmsprop(RmspropOptions { lr, ..Default::default() }).expect("valid options")),
        ("rmsprop_centered_momentum", |lr| {
            rmsprop(RmspropOptions { lr, centered: true, momentum: 0.5, ..Default::default() })
                .expect("valid options")
        }),
        ("adadelta", |lr| adadelta(AdadeltaOptions { lr, ..Default::default() }).expect("valid options")),
        ("adam", |lr| adam(AdamOptions { lr, ..Default::default() }).expect("valid options")),
        ("adam_amsgrad", |lr| {
            adam(AdamOptions { lr, amsgrad: true, ..Default::default() }).expect("valid options")
        }),
        ("adamw", |lr| adamw(AdamWOptions { lr, ..Default::default() }).expect("valid options")),
        ("adamax", |lr| adamax(AdamaxOptions { lr, ..Default::default() }).expect("valid options")),
        ("nadam", |lr| nadam(NadamOptions { lr, ..Default::default() }).expect("valid options")),
        ("radam", |lr| radam(RadamOptions { lr, ..Default::default() }).expect("valid options")),
        // torch OneCycleLR(cycle_momentum=True): momentum (beta1) 0.95 -> 0.85 -> 0.95 over 200 steps
        ("sgd_cycled_momentum", |lr| {
            let cycled_momentum = Some(Lr::new(OneCycle::new(1.0, 200).momentum()));
            sgd(SgdOptions { lr, cycled_momentum, ..Default::default() }).expect("valid options")
        }),
        ("adam_cycled_beta1", |lr| {
            let cycled_momentum = Some(Lr::new(OneCycle::new(1.0, 200).momentum()));
            adam(AdamOptions { lr, cycled_momentum, ..Default::default() }).expect("valid options")
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
