//! Gradient attributions of one score per row, with captum's definitions. The explained score of
//! row x for class c is f(x): the logit of c (softmax models); ±z for a binary model with one
//! output z (+z for class 1, −z for class 0: the log-odds of c); a regressor's prediction in y's
//! units (σ·z + μ). With g(x) = ∂f/∂x taken on the model's inputs (after the stored preprocessing),
//! in evaluation mode:
//!   saliency              |g(x)|                                       (captum `Saliency`, abs)
//!   input-x-gradient      x ⊙ g(x)                                     (captum `InputXGradient`)
//!   integrated-gradients  (x − x′) ⊙ Σ_k w_k · g(x′ + α_k·(x − x′))    (captum `IntegratedGradients`,
//!                         α_k, w_k the Gauss-Legendre rule on [0, 1] with `steps` nodes; x′ the
//!                         baseline); completeness gap δ = Σ_i attr_i − (f(x) − f(x′)), which the
//!                         path integral makes 0 and the quadrature leaves small
//!   smoothgrad            (1/S) Σ_s |g(x + ε_s)|,  ε_s ~ N(0, stdevs²) per input
//!                         (captum `NoiseTunnel(Saliency)`, nt_type smoothgrad)
//! Rows are explained `CHUNK` at a time: each row's gradient is that of Σ_rows f, since rows do
//! not meet in evaluation mode.
use super::{gauss_legendre, AttributionSettings, Baseline, Method};
use crate::forward_eval::forward_eval;
use crate::{LearnError, Model, Objective, Task};
use downhill_autograd::Tape;
use downhill_nn::{Ctx, Module, Sequential};
use downhill_tensor::{Float, Rng, Tensor};

/// Rows per backward pass.
const CHUNK: usize = 256;

/// Per-row attributions on the model's inputs.
#[derive(Clone, Debug)]
pub struct Attributions {
    /// [rows, inputs].
    pub values: Tensor,
    /// The class each row's score is of (`None` for a regressor).
    pub classes: Option<Vec<usize>>,
    /// Integrated gradients: δ = Σ_i attr_i − (f(x) − f(x′)) per row.
    pub completeness_gap: Option<Vec<f64>>,
}

/// Which output each row's score reads, and its factor.
struct Scores {
    columns: Vec<usize>,
    factors: Tensor,
}

impl Model {
    /// Attributions of `x`'s rows (the model's inputs) for `class` (`None`: each row's predicted
    /// class; ignored by regressors), computed as `settings` says.
    pub fn attribute(
        &mut self,
        x: &Tensor,
        class: Option<usize>,
        settings: &AttributionSettings,
    ) -> Result<Attributions, LearnError> {
        settings.validate()?;
        if crate::token_ids::first_embedding(&self.architecture).is_some() {
            return Err(LearnError::invalid(
                "model",
                "a model with numeric inputs (its inputs are token ids, which have no gradient)",
                "a stack that starts with an embedding",
            ));
        }
        let classes = self.explained_classes(x, class)?;
        let scores = self.scores(classes.as_deref(), x.rows());
        let net = self.net_mut();
        let (values, gap) = match settings.method {
            Method::Saliency => (gradients(net, x, &scores).map(Float::abs), None),
            Method::InputXGradient => (gradients(net, x, &scores).zip_map(x, |g, v| g * v), None),
            Method::IntegratedGradients => {
                let (v, gap) = integrated_gradients(net, x, &scores, settings.steps, settings.baseline);
                (v, Some(gap))
            }
            Method::SmoothGrad => (smoothgrad(net, x, &scores, settings), None),
        };
        Ok(Attributions { values, classes, completeness_gap: gap })
    }

    /// The class of each row's score, checked against the model's classes.
    fn explained_classes(&self, x: &Tensor, class: Option<usize>) -> Result<Option<Vec<usize>>, LearnError> {
        let Task::Classification { classes } = self.task else { return Ok(None) };
        Ok(Some(match class {
            Some(c) if c >= classes => {
                return Err(LearnError::InvalidParam {
                    name: "target class",
                    rule: "a class index of the model",
                    value: format!("{c} (the model has {classes} classes: 0 to {})", classes - 1),
                });
            }
            Some(c) => vec![c; x.rows()],
            None => self.predict(x)?.data().iter().map(|&c| c as usize).collect(),
        }))
    }

    fn scores(&self, classes: Option<&[usize]>, rows: usize) -> Scores {
        let one_output = self.objective != Objective::Multinomial;
        let (columns, factors): (Vec<usize>, Vec<Float>) = match classes {
            None => {
                let sigma = self.target_scale.as_ref().map_or(1.0, |s| s.std as Float);
                (vec![0; rows], vec![sigma; rows])
            }
            Some(cs) if one_output => cs.iter().map(|&c| (0, if c == 1 { 1.0 } else { -1.0 })).unzip(),
            Some(cs) => cs.iter().map(|&c| (c, 1.0)).unzip(),
        };
        Scores { columns, factors: Tensor::from_vec(factors, [rows, 1]).expect("one factor per row") }
    }
}

/// g(x) = ∂f/∂x for every row of `x`, in chunks of rows.
fn gradients(net: &mut Sequential, x: &Tensor, scores: &Scores) -> Tensor {
    let n = x.rows();
    let mut grads = Vec::with_capacity(n);
    for start in (0..n).step_by(CHUNK) {
        let rows = start..(start + CHUNK).min(n);
        let tape = Tape::new();
        let xv = tape.watch(x.slice_rows(rows.clone()));
        let out = net.forward(&Ctx::eval(&tape), xv);
        let score =
            out.pick(scores.columns[rows.clone()].to_vec()) * tape.leaf(scores.factors.slice_rows(rows));
        let g = tape.backward(score.sum());
        grads.push(g.wrt(xv).cloned().unwrap_or_else(|| Tensor::zeros_like(&xv.value())));
    }
    Tensor::concat(&grads.iter().collect::<Vec<_>>(), 0)
}

/// f(x) for every row of `x` (up to the regressor's μ, which every difference cancels): a forward
/// pass only.
fn score_values(net: &mut Sequential, x: &Tensor, scores: &Scores) -> Vec<f64> {
    let out = forward_eval(net, x);
    let width = out.cols();
    let factors = scores.factors.data();
    (0..x.rows()).map(|r| f64::from(factors[r] * out.data()[r * width + scores.columns[r]])).collect()
}

/// Integrated gradients and each row's completeness gap.
fn integrated_gradients(
    net: &mut Sequential,
    x: &Tensor,
    scores: &Scores,
    steps: usize,
    baseline: Baseline,
) -> (Tensor, Vec<f64>) {
    let (n, width) = (x.rows(), x.cols());
    let base_row: Vec<Float> = match baseline {
        Baseline::Zeros => vec![0.0; width],
        Baseline::Mean => x.mean_axis(0).data().to_vec(),
    };
    let base =
        Tensor::written([n, width], |b| b.chunks_exact_mut(width).for_each(|r| r.copy_from_slice(&base_row)));
    let delta = x.zip_map(&base, |a, b| a - b);
    let (alphas, weights) = gauss_legendre(steps);
    let mut total = vec![0.0f64; n * width];
    for (alpha, w) in alphas.iter().zip(&weights) {
        let point = base.zip_map(&delta, |b, d| b + *alpha as Float * d);
        let g = gradients(net, &point, scores);
        total.iter_mut().zip(g.data()).for_each(|(t, &g)| *t += w * g as f64);
    }
    let values: Vec<Float> = total.iter().zip(delta.data()).map(|(t, &d)| (t * d as f64) as Float).collect();
    let values = Tensor::from_vec(values, [n, width]).expect("one attribution per input");
    let (fx, fb) = (score_values(net, x, scores), score_values(net, &base, scores));
    let gap = (0..n)
        .map(|r| {
            let sum: f64 = values.data()[r * width..(r + 1) * width].iter().map(|&v| v as f64).sum();
            sum - (fx[r] - fb[r])
        })
        .collect();
    (values, gap)
}

/// SmoothGrad over saliency.
fn smoothgrad(net: &mut Sequential, x: &Tensor, scores: &Scores, s: &AttributionSettings) -> Tensor {
    let mut rng = Rng::seed(s.seed);
    let mut total = vec![0.0f64; x.numel()];
    for _ in 0..s.samples {
        let noise = Tensor::rand_normal(x.shape().clone(), 0.0, s.stdevs as Float, &mut rng);
        let noisy = x.zip_map(&noise, |v, e| v + e);
        let g = gradients(net, &noisy, scores);
        total.iter_mut().zip(g.data()).for_each(|(t, &g)| *t += (g as f64).abs());
    }
    let mean = total.iter().map(|t| (t / s.samples as f64) as Float).collect();
    Tensor::from_vec(mean, x.shape().clone()).expect("one attribution per input")
}
