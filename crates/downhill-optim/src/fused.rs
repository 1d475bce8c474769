//! One loop per step for the chains the presets build, so `Optimizer::step` moves only the bytes a
//! step must move and every intermediate value stays in a register.
//!
//! blocks.rs runs a chain link by link over L1-sized blocks, and each link reads and rewrites the
//! block of updates. That traffic stays in L1 but costs stores: Adam + lr + `p += u` made six stores
//! per element where a step needs three (p, m, v), and on 10M parameters (2 threads) it took 7.0 ms
//! against a 4.0 ms streaming floor. The presets' chains all have the shape
//!     [scale s] [decay wd1]   core   [decay wd2] [scale lr]
//! (`Negate` is a scale by -1, coupled weight decay is `wd1`, decoupled is `wd2`; the core is Adam,
//! AMSGrad, momentum or nothing), and for that shape `Plan` runs every link on one element at once:
//!     g' = s g (+ wd1 p);   u = core(g');   p <- p + (u (+ wd2 p)) lr
//! with the same float operations in the same order as the links, so the result is bit-identical to
//! the block path (tested in blocks.rs). Each core's per-element math is written once, in its
//! transform's file, and shared by both paths. Any other chain keeps the block path.
use crate::transforms::{AdamStep, MomentumStep};
use crate::Float;
use downhill_tensor::{multiversion, streamed, SquareLanes};

/// A kernel's per-element math, in a form `Plan` can fuse. Opaque outside the crate: kernels written
/// elsewhere keep `Kernel::stages`' default (`None`) and run block by block.
#[derive(Clone, Copy, Debug)]
pub struct Stage(pub(crate) StageKind);

#[derive(Clone, Copy, Debug)]
pub(crate) enum StageKind {
    /// `u <- c u`
    Scale(Float),
    /// `u <- u + wd p`
    Decay(Float),
    /// A stateful core, with its slots in kernel order.
    Adam(AdamStep),
    Momentum(MomentumStep),
}

/// The stateful part of a fused step.
#[derive(Clone, Copy)]
enum Core {
    Plain,
    Adam(AdamStep),
    Momentum(MomentumStep),
}

/// The stateless links around the core. A missing scale is 1 (`x * 1` is exact); a missing decay
/// is skipped rather than added as `0 * p`, which would turn an infinite parameter into NaN.
#[derive(Clone, Copy)]
struct Frame {
    scale_in: Float,
    decay_in: Option<Float>,
    decay_out: Option<Float>,
    scale_out: Float,
}

impl Frame {
    #[inline(always)]
    fn input(self, g: Float, p: Float) -> Float {
        let g = g * self.scale_in;
        match self.decay_in {
            Some(wd) => g + wd * p,
            None => g,
        }
    }

    #[inline(always)]
    fn output(self, u: Float, p: Float) -> Float {
        let u = match self.decay_out {
            Some(wd) => u + wd * p,
            None => u,
        };
        u * self.scale_out
    }
}

/// A chain's step as one loop over `p`, `g` and the core's slots.
#[derive(Clone, Copy)]
pub(crate) struct Plan {
    frame: Frame,
    core: Core,
}

impl Plan {
    /// The fused form of a chain's stages, if they have the shape in the module comment.
    pub(crate) fn new(stages: &[Stage]) -> Option<Plan> {
        let kinds: Vec<StageKind> = stages.iter().map(|s| s.0).collect();
        let is_core = |k: &StageKind| matches!(k, StageKind::Adam(_) | StageKind::Momentum(_));
        let (before, core, after) = match kinds.iter().position(is_core) {
            Some(i) => {
                let core = match kinds[i] {
                    StageKind::Adam(a) => Core::Adam(a),
                    StageKind::Momentum(m) => Core::Momentum(m),
                    _ => unreachable!("position() found a core"),
                };
                (&kinds[..i], core, &kinds[i + 1..])
            }
            None => (&kinds[..], Core::Plain, &[][..]),
        };
        let (scale_in, decay_in, rest) = leading(before);
        // With a core, everything before it must be input links; without one, the rest is output.
        let after = match core {
            Core::Plain => rest,
            _ if rest.is_empty() => after,
            _ => return None,
        };
        let (decay_out, scale_out) = trailing(after)?;
        let frame = Frame { scale_in: scale_in.unwrap_or(1.0), decay_in, decay_out, scale_out };
        Some(Plan { frame, core })
    }

    /// `p += step(g)` over one piece of the parameters, advancing the core's slots in place.
    pub(crate) fn apply(&self, p: &mut [Float], g: &[Float], slots: &mut [&mut [Float]]) {
        let f = self.frame;
        match (self.core, slots) {
            (Core::Plain, _) => step_plain(f, (), p, g),
            (Core::Momentum(c), [b, ..]) => step_momentum(f, c, p, g, b),
            (Core::Adam(c), [m, v, vmax, ..]) if c.amsgrad => step_amsgrad(f, c, p, g, m, v, vmax),
            (Core::Adam(c), [m, v, ..]) => step_adam(f, c, p, g, m, v),
            _ => panic!("fused step: the core has fewer slot buffers than it needs"),
        }
    }

    /// The checked form: `g <- p + step(g)` (p only read), advancing the slots; false when any of
    /// the new values is not finite.
    pub(crate) fn apply_next(&self, p: &[Float], g: &mut [Float], slots: &mut [&mut [Float]]) -> bool {
        let f = self.frame;
        let not_finite = match (self.core, slots) {
            (Core::Plain, _) => next_plain(f, (), p, g),
            (Core::Momentum(c), [b, ..]) => next_momentum(f, c, p, g, b),
            (Core::Adam(c), [m, v, vmax, ..]) if c.amsgrad => next_amsgrad(f, c, p, g, m, v, vmax),
            (Core::Adam(c), [m, v, ..]) => next_adam(f, c, p, g, m, v),
            _ => panic!("fused step: the core has fewer slot buffers than it needs"),
        };
        not_finite == 0
    }

    /// `apply_next` that also adds `sum.alpha · g` into `sum.total` and tallies Σg², reading each
    /// gradient value once for both (`Optimizer::step_summing`).
    pub(crate) fn apply_next_summing(
        &self,
        p: &[Float],
        g: &mut [Float],
        sum: Summing<'_>,
        slots: &mut [&mut [Float]],
    ) -> (bool, SquareLanes) {
        let f = self.frame;
        let (not_finite, squares) = match (self.core, slots) {
            (Core::Plain, _) => summing_plain((f, ()), p, g, sum),
            (Core::Momentum(c), [b, ..]) => summing_momentum((f, c), p, g, sum, b),
            (Core::Adam(c), [m, v, vmax, ..]) if c.amsgrad => summing_amsgrad((f, c), p, g, sum, m, v, vmax),
            (Core::Adam(c), [m, v, ..]) => summing_adam((f, c), p, g, sum, m, v),
            _ => panic!("fused step: the core has fewer slot buffers than it needs"),
        };
        (not_finite == 0, squares)
    }
}

/// Where a summing step adds its gradients: `total += alpha · g` over a piece of one parameter.
pub(crate) struct Summing<'a> {
    pub total: &'a mut [Float],
    pub alpha: Float,
}

/// `[Scale] [Decay]` at the front of `kinds`, and what follows them.
fn leading(kinds: &[StageKind]) -> (Option<Float>, Option<Float>, &[StageKind]) {
    let (scale, kinds) = match kinds {
        [StageKind::Scale(c), rest @ ..] => (Some(*c), rest),
        _ => (None, kinds),
    };
    match kinds {
        [StageKind::Decay(wd), rest @ ..] => (scale, Some(*wd), rest),
        _ => (scale, None, kinds),
    }
}

/// `kinds` as exactly `[Decay] [Scale]`; `None` if anything else is there.
fn trailing(kinds: &[StageKind]) -> Option<(Option<Float>, Float)> {
    match kinds {
        [] => Some((None, 1.0)),
        [StageKind::Scale(c)] => Some((None, *c)),
        [StageKind::Decay(wd)] => Some((Some(*wd), 1.0)),
        [StageKind::Decay(wd), StageKind::Scale(c)] => Some((Some(*wd), *c)),
        _ => None,
    }
}

// The loops take every buffer as its own slice argument (and the constants by value) so LLVM knows
// nothing aliases and vectorises them. `multiversion!` compiles each for AVX-512 and AVX2 too: passed
// to `vectorized` as closures, these loops were not inlined and ran as SSE code. `streamed` walks
// them in short chunks, prefetching every buffer ahead (downhill-tensor's prefetch.rs says why).
// Each core gets two loops from one body: in place (`p += step(g)`) and checked (`g <- p + step(g)`,
// p only read, with an integer OR of "not finite" that vectorises where a float sum would not).

macro_rules! fused_loops {
    // The checked loop over one chunk: `g <- p + step(g)`, noting a new value that is not finite.
    (@next $f:ident, $p:ident, $g:ident, $not_finite:ident, |$x:ident, $j:ident| $elem:expr) => {
        for $j in 0..$p.len() {
            let $x = $f.input($g[$j], $p[$j]);
            let u = $elem;
            let next = $p[$j] + $f.output(u, $p[$j]);
            $not_finite |= (!next.is_finite()) as u32;
            $g[$j] = next;
        }
    };
    ($in_place:ident, $next:ident, $summing:ident, $c:ident: $core:ty, [$($s:ident),*], |$x:ident, $j:ident| $elem:expr) => {
        multiversion! {
            fn $in_place(f: Frame, $c: $core, p: &mut [Float], g: &[Float] $(, $s: &mut [Float])*) -> () {
                let n = p.len();
                streamed(n, [p.as_ptr(), g.as_ptr() $(, $s.as_ptr())*], |r| {
                    let (p, g) = (&mut p[r.clone()], &g[r.clone()]);
                    $( let $s = &mut $s[r.clone()]; )*
                    for $j in 0..p.len() {
                        let $x = f.input(g[$j], p[$j]);
                        let u = $elem;
                        p[$j] += f.output(u, p[$j]);
                    }
                });
            }
        }
        multiversion! {
            fn $next(f: Frame, $c: $core, p: &[Float], g: &mut [Float] $(, $s: &mut [Float])*) -> u32 {
                let n = p.len();
                let mut not_finite = 0u32;
                streamed(n, [p.as_ptr(), g.as_ptr() $(, $s.as_ptr())*], |r| {
                    let (p, g) = (&p[r.clone()], &mut g[r.clone()]);
                    $( let $s = &mut $s[r.clone()]; )*
                    fused_loops!(@next f, p, g, not_finite, |$x, $j| $elem);
                });
                not_finite
            }
        }
        multiversion! {
            fn $summing(
                // The frame and core as one argument: with amsgrad's three slots, seven in all.
                link: (Frame, $core), p: &[Float], g: &mut [Float], sum: Summing<'_> $(, $s: &mut [Float])*
            ) -> (u32, SquareLanes) {
                let ((f, $c), n, alpha, total) = (link, p.len(), sum.alpha, sum.total);
                let (mut not_finite, mut squares) = (0u32, SquareLanes::default());
                streamed(n, [p.as_ptr(), g.as_ptr(), total.as_ptr() $(, $s.as_ptr())*], |r| {
                    let (p, g) = (&p[r.clone()], &mut g[r.clone()]);
                    $( let $s = &mut $s[r.clone()]; )*
                    // The chunk of g is in L1 after this, for the step that overwrites it.
                    squares.add_scaled(&mut total[r.clone()], alpha, g);
                    fused_loops!(@next f, p, g, not_finite, |$x, $j| $elem);
                });
                (not_finite, squares)
            }
        }
    };
}

fused_loops!(step_plain, next_plain, summing_plain, _c: (), [], |x, j| x);
fused_loops!(step_momentum, next_momentum, summing_momentum, c: MomentumStep, [b], |x, j| c.element(x, &mut b[j]));
fused_loops!(step_adam, next_adam, summing_adam, c: AdamStep, [m, v], |x, j| c.element(
    x,
    &mut m[j],
    &mut v[j]
));
fused_loops!(step_amsgrad, next_amsgrad, summing_amsgrad, c: AdamStep, [m, v, vmax], |x, j| {
    c.element_amsgrad(x, &mut m[j], &mut v[j], &mut vmax[j])
});

#[cfg(test)]
mod tests {
    use super::*;
    use crate::*;
    use downhill_tensor::Rng;

    /// A plan as (scale_in, decay_in, decay_out, scale_out, core).
    type Summary = (Float, Option<Float>, Option<Float>, Float, &'static str);

    /// The plan `Optimizer::step` would fuse `tx`'s first step into.
    fn plan_of(tx: Result<Chain, OptimError>) -> Option<Summary> {
        let tx = tx.unwrap();
        let mut state = tx.init(&[Tensor::vector(vec![1.0])]);
        let plan = Plan::new(&tx.begin_step(&mut state)?.stages()?)?;
        let core = match plan.core {
            Core::Plain => "plain",
            Core::Adam(_) => "adam",
            Core::Momentum(_) => "momentum",
        };
        let f = plan.frame;
        Some((f.scale_in, f.decay_in, f.decay_out, f.scale_out, core))
    }

    fn maximizing() -> crate::Links {
        crate::Links { maximize: true, ..Default::default() }
    }

    #[test]
    fn the_presets_fuse_into_one_loop() {
        // Exact: every plan field is a configured constant, its negation or ±1; nothing rounds.
        let lr = -1e-3;
        assert_eq!(plan_of(adam(AdamOptions::default())), Some((1.0, None, None, lr, "adam")));
        let coupled = AdamOptions { weight_decay: 0.5, amsgrad: true, ..Default::default() };
        assert_eq!(plan_of(coupled.build_with(maximizing())), Some((-1.0, Some(0.5), None, lr, "adam")));
        assert_eq!(plan_of(adamw(AdamWOptions::default())), Some((1.0, None, Some(1e-2), lr, "adam")));
        let sgd_lr = |o: SgdOptions| sgd(SgdOptions { lr: 0.1, ..o });
        assert_eq!(plan_of(sgd_lr(SgdOptions::default())), Some((-0.1, None, None, 1.0, "plain")));
        let wd = SgdOptions { lr: 0.1, weight_decay: 0.5, ..Default::default() };
        assert_eq!(plan_of(wd.build_with(maximizing())), Some((-1.0, Some(0.5), None, -0.1, "plain")));
        let nesterov = SgdOptions { momentum: 0.9, nesterov: true, weight_decay: 0.5, ..Default::default() };
        assert_eq!(plan_of(sgd_lr(nesterov)), Some((1.0, Some(0.5), None, -0.1, "momentum")));
    }

    #[test]
    fn other_chains_keep_the_block_path() {
        // Exact: the plan fields are configured constants or their negations.
        assert_eq!(plan_of(rmsprop(RmspropOptions::default())), None, "no fused RMSprop core");
        let two_cores = chain![Momentum::Nesterov { mu: 0.9 }, ScaleByAdam::default()];
        assert_eq!(plan_of(Ok(two_cores)), None);
        let scale_then_decay =
            chain![AddDecayedWeights(0.1), ScaleByLr::constant(2.0), ScaleByAdam::default()];
        assert_eq!(plan_of(Ok(scale_then_decay)), None, "a scale between decay and core");
        let decay_last = chain![ScaleByAdam::default(), ScaleByLr::constant(2.0), AddDecayedWeights(0.1)];
        assert_eq!(plan_of(Ok(decay_last)), None, "decay after the final scale");
        let no_core =
            chain![Negate, AddDecayedWeights(0.1), AddDecayedWeights(0.2), ScaleByLr::constant(2.0)];
        assert_eq!(plan_of(Ok(no_core)), Some((-1.0, Some(0.1), Some(0.2), -2.0, "plain")));
    }

    /// Every preset shape the plans cover, each with its options switched on.
    fn fused_presets() -> Vec<(&'static str, Chain)> {
        let sgd_with = |o: SgdOptions| sgd(SgdOptions { lr: 0.05, ..o }).unwrap();
        vec![
            ("adam", adam(AdamOptions::default()).unwrap()),
            (
                "adam wd maximize",
                AdamOptions { weight_decay: 0.1, ..Default::default() }.build_with(maximizing()).unwrap(),
            ),
            (
                "amsgrad",
                adam(AdamOptions { amsgrad: true, weight_decay: 0.1, ..Default::default() }).unwrap(),
            ),
            ("adamw", adamw(AdamWOptions::default()).unwrap()),
            ("sgd", sgd_with(SgdOptions::default())),
            (
                "sgd wd maximize",
                SgdOptions { lr: 0.05, weight_decay: 0.1, ..Default::default() }
                    .build_with(maximizing())
                    .unwrap(),
            ),
            (
                "momentum dampening",
                sgd_with(SgdOptions { momentum: 0.9, dampening: 0.3, ..Default::default() }),
            ),
            (
                "nesterov wd",
                sgd_with(SgdOptions {
                    momentum: 0.9,
                    nesterov: true,
                    weight_decay: 0.1,
                    ..Default::default()
                }),
            ),
        ]
    }

    #[test]
    fn fused_steps_equal_the_links_run_one_by_one_bit_for_bit() {
        let mut rng = Rng::seed(11);
        // Over PARALLEL_MIN with a ragged last task, plus a small matrix holding a zero and an infinity
        // (a skipped decay must not turn `inf` into NaN through `0 * p`).
        let shapes: [&[usize]; 2] = [&[PARALLEL_MIN + 4_321], &[3, 5]];
        for (i, (name, tx)) in fused_presets().into_iter().enumerate() {
            let mut fused: Vec<Tensor> =
                shapes.iter().map(|s| Tensor::rand_normal(*s, 0.0, 1.0, &mut rng)).collect();
            fused[1].data_mut()[..2].copy_from_slice(&[0.0, Float::INFINITY]);
            let mut plain = fused.clone();
            let mut opt = Optimizer::new(tx, &fused);
            let links = fused_presets().swap_remove(i).1;
            let mut state = links.init(&plain);
            for _ in 0..3 {
                let grads: Vec<Tensor> =
                    shapes.iter().map(|s| Tensor::rand_normal(*s, 0.0, 1.0, &mut rng)).collect();
                let mut u = grads.clone();
                links.update(&mut u, &mut state, &plain);
                plain.iter_mut().zip(&u).for_each(|(p, u)| p.add_scaled(u, 1.0));
                opt.step(&mut fused, grads);
            }
            for (f, p) in fused.iter().zip(&plain) {
                let same = f.data().iter().zip(p.data()).all(|(a, b)| a.to_bits() == b.to_bits());
                assert!(same, "{name}: the fused step differs from the link-by-link one");
            }
        }
    }

    #[test]
    fn the_checked_step_equals_the_plain_step_bit_for_bit_and_a_refused_one_keeps_p() {
        // Fused presets, a block-path chain (RMSprop) and a chain that is not elementwise (clipping
        // by the global norm), each over PARALLEL_MIN (threaded) and a small tensor.
        let mut cases = fused_presets();
        cases.push(("rmsprop", rmsprop(RmspropOptions::default()).unwrap()));
        cases.push(("clipped adam", adam(AdamOptions::default()).unwrap().after(ClipByGlobalNorm(1.0))));
        let shapes: [&[usize]; 2] = [&[PARALLEL_MIN + 99], &[3, 5]];
        let mut rng = Rng::seed(5);
        for (name, tx) in cases {
            let mut plain: Vec<Tensor> =
                shapes.iter().map(|s| Tensor::rand_normal(*s, 0.0, 1.0, &mut rng)).collect();
            let mut checked = plain.clone();
            let rebuild = || -> Chain {
                let mut again = fused_presets();
                again.push(("rmsprop", rmsprop(RmspropOptions::default()).unwrap()));
                again.push((
                    "clipped adam",
                    adam(AdamOptions::default()).unwrap().after(ClipByGlobalNorm(1.0)),
                ));
                again.into_iter().find(|(n, _)| *n == name).unwrap().1
            };
            let (mut a, mut b) = (Optimizer::new(tx, &plain), Optimizer::new(rebuild(), &checked));
            for _ in 0..2 {
                let grads: Vec<Tensor> =
                    shapes.iter().map(|s| Tensor::rand_normal(*s, 0.0, 1.0, &mut rng)).collect();
                a.step(&mut plain, grads.clone());
                assert!(b.step_checked(&mut checked, grads), "{name}: a finite step was refused");
            }
            // Bit-identical on purpose: the checked loops do the same float operations in the same order.
            downhill_testing::assert_same_tensor_bits(name, &checked, &plain);
            let before = checked.clone();
            let mut bad: Vec<Tensor> = shapes.iter().map(|s| Tensor::ones(*s)).collect();
            bad[0].data_mut()[PARALLEL_MIN + 7] = Float::NAN; // in the second task of the big tensor
            assert!(!b.step_checked(&mut checked, bad), "{name}: a NaN gradient was applied");
            downhill_testing::assert_same_tensor_bits(name, &checked, &before);
        }
    }
}
