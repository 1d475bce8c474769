//! `downhill lr-find`: prepare the data and the estimator as `train` does, run the learning-rate
//! range test (downhill-learn's `lr_find`), draw the smoothed loss against the rate, and print the
//! suggested rate. `train --lr auto` runs the same test through `auto_lr`.
use crate::args::{LrFindArgs, ReportFormat, TrainArgs};
use crate::error::CliError;
use crate::files::{check_writable, file_name};
use crate::plot;
use crate::train::{self, Dataset, Recipe};
use downhill_learn::{LrCurve, LrRangeTest, LrTestEnd};
use downhill_plot::{Corner, Curves, Panel, Series, XAxis};

pub fn run(args: LrFindArgs) -> Result<(), CliError> {
    let a = &args.run;
    refuse_unused(a)?;
    if let Some(n) = args.range_steps.filter(|&n| n < 2) {
        return Err(CliError::invalid("--range-steps", n, "integers >= 2"));
    }
    if let Some(p) = &a.plot {
        plot::format_of(p)?;
        check_writable("--plot", p)?;
    }
    let data = train::prepare(&a.data, &a.model, "lr-find")?;
    data.warnings.iter().for_each(|w| eprintln!("warning: {w}"));
    let recipe = train::recipe(a, &data)?;
    let d = LrRangeTest::default();
    let test = LrRangeTest {
        start_lr: args.start_lr.unwrap_or(d.start_lr),
        end_lr: args.end_lr.unwrap_or(d.end_lr),
        steps: args.range_steps,
        ..d
    };
    test.validate()?;
    let curve = range_test(&recipe, &data, &test)?;
    if let Some(path) = &a.plot {
        let (optimizer, batch) = train::describe_descent(&recipe);
        let what = format!("{} · {optimizer} · {batch}", recipe.kind().name());
        let title = format!("lr range test · {what} · {}", file_name(&data.path));
        plot::save(path, plot::format_of(path)?, &picture(&curve, title))?;
    }
    match args.format {
        ReportFormat::Json => println!("{}", serde_json::to_string_pretty(&curve).expect("plain numbers")),
        ReportFormat::Text if !a.quiet => print!("{}", summary(&curve, &test)),
        ReportFormat::Text => {}
    }
    curve.suggestion.map(|_| ()).ok_or_else(|| too_early(&curve, &test))
}

/// `train --lr auto`: the rate the range test (default settings) suggests for `recipe`, which
/// is then set as its optimizer's rate. Refused for the schedules whose peak is `--max-lr`, warmed
/// up or not.
pub fn auto_lr(recipe: &mut Recipe, data: &Dataset, quiet: bool) -> Result<f64, CliError> {
    if recipe.train_config().optimizer.schedule.peaks_at_max_lr() {
        return Err(CliError::Usage(
            "--lr auto does not combine with --schedule onecycle or cyclic, whose peak rate is --max-lr: \
             drop --lr auto and set --max-lr (downhill lr-find suggests one)"
                .into(),
        ));
    }
    let test = LrRangeTest::default();
    let curve = range_test(recipe, data, &test)?;
    let lr = curve.suggestion.ok_or_else(|| too_early(&curve, &test))?;
    if !quiet {
        eprintln!(
            "lr auto: {} (the range test's steepest descent over {} steps from {})",
            rate(lr),
            curve.lrs.len(),
            rate(test.start_lr)
        );
    }
    let settings = &mut recipe.train_config_mut().optimizer;
    settings.optimizer = settings.optimizer.clone().with_lr(lr);
    Ok(lr)
}

fn range_test(recipe: &Recipe, data: &Dataset, test: &LrRangeTest) -> Result<LrCurve, CliError> {
    if !recipe.train_config().solver.is_first_order() {
        return Err(CliError::Usage(
            "lr-find: this model trains by full-batch L-BFGS, which picks its own step lengths; the range \
             test is for a first-order optimizer: give --optimizer (e.g. adam)"
                .into(),
        ));
    }
    let y = super::train::targets(data.train.y.as_ref(), "training rows")?;
    Ok(recipe.lr_find(&data.train.x, y, test)?)
}

/// Train's flags that mean nothing to the range test, refused in one line instead of ignored.
fn refuse_unused(a: &TrainArgs) -> Result<(), CliError> {
    if super::train_text::is_text(a.data.data.as_deref()) {
        return Err(CliError::Usage(
            "lr-find takes a table; a .txt file trains a language model, whose rate is --lr".into(),
        ));
    }
    let s = &a.stopping;
    let given = [
        ("--lr", a.descent.hyper.lr().is_some() || a.descent.hyper.lr_auto),
        ("--schedule", a.descent.schedule.schedule.is_some()),
        ("--ema", a.ema.is_some()),
        ("--swa-start", a.swa.on()),
        ("--schedule-per", s.has("schedule_per")),
        ("--epochs", s.has("epochs")),
        ("--tol", s.has("tol")),
        ("--n-iter-no-change", s.has("n_iter_no_change")),
        ("--grad-tol", s.has("grad_tol")),
        ("--early-stopping", s.has("early_stopping")),
        ("--time-limit", s.has("time_limit")),
        ("--metrics", a.metrics.is_some()),
        ("--health", a.health.is_some()),
        // `--out` has a default; a path other than it was given on purpose.
        ("--out", a.out.as_path() != std::path::Path::new(crate::args::DEFAULT_OUT)),
        ("--select-features", a.select_features.is_some()),
        ("--checkpoint-every", a.checkpoint_every.is_some()),
        ("--resume", a.resume.is_some()),
        ("--restarts", a.restarts != 1),
        ("--tensorboard", a.board.tensorboard.is_some()),
    ];
    let text = a.text.first_given();
    match given.into_iter().find_map(|(flag, set)| set.then_some(flag)).or(text) {
        Some(flag) => Err(CliError::Usage(format!(
            "{flag} does not apply to lr-find: the range test takes one step per batch at a rate \
             growing from --start-lr to --end-lr, and writes no model; drop {flag}"
        ))),
        None => Ok(()),
    }
}

/// The test ended before the curve was long enough to suggest a rate.
fn too_early(curve: &LrCurve, test: &LrRangeTest) -> CliError {
    let lr = match curve.end {
        LrTestEnd::NonFinite { lr } => lr,
        _ => curve.lrs.last().copied().unwrap_or(test.start_lr),
    };
    CliError::Usage(format!(
        "the loss diverged after {} steps, at lr {}, too soon for the range test to suggest a rate; \
         start lower (e.g. --start-lr {}) or check the feature scaling",
        curve.lrs.len(),
        rate(lr),
        rate(test.start_lr / 1000.0)
    ))
}

/// A few lines: the suggestion, the range covered and how the test ended.
fn summary(curve: &LrCurve, test: &LrRangeTest) -> String {
    let mut out = String::new();
    if let Some(lr) = curve.suggestion {
        out.push_str(&format!("suggested lr: {} (steepest descent of the smoothed loss)\n", rate(lr)));
    }
    let last = curve.lrs.last().copied().unwrap_or(test.start_lr);
    out.push_str(&format!("steps: {}, lr {} to {}\n", curve.lrs.len(), rate(test.start_lr), rate(last)));
    let lowest = (0..curve.smoothed.len()).min_by(|&a, &b| curve.smoothed[a].total_cmp(&curve.smoothed[b]));
    if let Some(k) = lowest {
        out.push_str(&format!(
            "lowest smoothed loss: {} at lr {}\n",
            rate(curve.smoothed[k]),
            rate(curve.lrs[k])
        ));
    }
    out.push_str(&match curve.end {
        LrTestEnd::Completed => "ended: every step ran\n".to_string(),
        LrTestEnd::Diverged => format!(
            "ended: diverged (the smoothed loss passed {}x its lowest) at lr {}\n",
            test.diverge_factor,
            rate(last)
        ),
        LrTestEnd::NonFinite { lr } => {
            format!("ended: the loss or an update was not finite at lr {}\n", rate(lr))
        }
    });
    out
}

/// The smoothed loss against the rate on a log axis (as fastai and Lightning draw it: the batch
/// losses are too noisy to read), with the suggestion marked.
fn picture(curve: &LrCurve, title: String) -> Curves {
    let points = curve.lrs.iter().copied().zip(curve.smoothed.iter().copied()).collect();
    let mut series = vec![Series { label: "smoothed loss".into(), points, colour: 0 }];
    if let Some(lr) = curve.suggestion {
        let finite = curve.smoothed.iter().copied().filter(|v| v.is_finite());
        let (lo, hi) = finite.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| (a.min(v), b.max(v)));
        let points = vec![(lr, lo), (lr, hi)];
        series.push(Series { label: format!("suggested lr {}", rate(lr)), points, colour: 3 });
    }
    let panel =
        Panel { y_desc: "smoothed loss".into(), series, log_y: false, legend: Some(Corner::UpperLeft) };
    Curves { title, x_desc: "learning rate".into(), x_axis: XAxis::Log, panels: vec![panel] }
}

/// A rate or a loss for people: three significant digits (`3.16e-3`).
fn rate(v: f64) -> String {
    format!("{v:.2e}")
}
