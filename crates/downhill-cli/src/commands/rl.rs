//! `downhill rl ENV`: trains a policy by policy gradients (downhill-learn's `rl::train_policy`),
//! prints progress every 100 episodes on stderr and a summary (or JSON) on stdout, and writes the
//! policy and the learning curve if asked.
use crate::args::{ReportFormat, RlArgs};
use crate::error::CliError;
use crate::files::check_writable;
use crate::plot;
use crate::train::{optimizer_settings, stop_flag};
use downhill_learn::rl::{
    default_optimizer, train_policy, Algorithm, CartPole, Environment, RlSettings, POLICY_LAYERS,
};
use downhill_learn::{parse_layers, save_model, Hooks, ModelInfo};
use downhill_plot::{Corner, Curves, Panel, Series, XAxis};
use std::time::Instant;

pub fn run(args: RlArgs) -> Result<(), CliError> {
    let mut env: Box<dyn Environment> = match args.env.as_str() {
        "cartpole" => Box::new(CartPole::new()),
        other => return Err(CliError::invalid("ENV", other, "cartpole")),
    };
    for (flag, path) in [("--out", &args.out), ("--plot", &args.plot)] {
        if let Some(p) = path {
            check_writable(flag, p)?;
        }
    }
    let plot_format = args.plot.as_deref().map(plot::format_of).transpose()?;
    let d = RlSettings::default();
    let settings = RlSettings {
        algorithm: args.algorithm.as_deref().map(str::parse).transpose()?.unwrap_or(d.algorithm),
        gamma: args.gamma.unwrap_or(d.gamma),
        episodes: args.episodes.unwrap_or(d.episodes),
        window: args.window.unwrap_or(d.window),
        run_all: args.run_all,
        seed: args.seed,
    };
    settings.validate()?;
    args.hyper.refuse_auto("rl")?;
    let optimizer =
        optimizer_settings(args.optimizer.as_deref(), &args.descent(), None, &default_optimizer())?;
    let layers = args.layers.as_deref().unwrap_or(POLICY_LAYERS);
    let hidden = parse_layers(layers).map_err(|e| CliError::Usage(format!("--layers: {e}")))?;
    let hooks = Hooks { stop: Some(stop_flag()), ..Hooks::default() };
    let quiet = args.quiet;
    let mut progress = |episode: usize, ret: f64, mean: f64| {
        if !quiet && episode.is_multiple_of(100) {
            eprintln!("episode {episode}  return {ret:.0}  mean of the last {} {mean:.1}", d.window);
        }
    };
    let started = Instant::now();
    let run = train_policy(env.as_mut(), &hidden, &settings, &optimizer, &hooks, &mut progress)?;
    let seconds = started.elapsed().as_secs_f64();
    let (episodes, mean, solved_at) = (run.returns.len(), run.last_mean(settings.window), run.solved_at);
    let mut written = Vec::new();
    if let (Some(path), Some(format)) = (&args.plot, plot_format) {
        plot::save(
            path,
            format,
            &learning_curve(&args.env, settings.algorithm, &run.returns, settings.window),
        )?;
        written.push(path.display().to_string());
    }
    let diverged_at = run.diverged_at;
    let summary = serde_json::json!({
        "env": args.env, "algorithm": settings.algorithm.name(), "seed": settings.seed,
        "solved_at": solved_at, "episodes": episodes, "last100_mean": mean,
        "diverged_at": diverged_at, "seconds": seconds,
    });
    if let Some(out) = &args.out {
        let training = serde_json::json!({ "rl": settings, "optimizer": optimizer, "layers": layers });
        let info = ModelInfo { training, metrics: summary.clone(), ..ModelInfo::default() };
        save_model(out, &run.into_model(), &info)?;
        written.push(out.display().to_string());
    }
    match args.format {
        ReportFormat::Json => println!("{summary}"),
        ReportFormat::Text => {
            match (solved_at, diverged_at) {
                (Some(e), _) => {
                    println!("solved at episode {e} (mean return of the last {} ≥ 475)", settings.window)
                }
                (None, Some(e)) => println!(
                    "stopped at episode {e}: its gradient was not finite; kept the last good weights"
                ),
                (None, None) => println!("not solved in {episodes} episodes"),
            }
            println!(
                "episodes {episodes}, mean return of the last {} {mean:.1}, {seconds:.1} s",
                settings.window
            );
            if !written.is_empty() {
                println!("wrote {}", written.join(", "));
            }
        }
    }
    Ok(())
}

/// Return per episode and its moving mean over `window` episodes.
fn learning_curve(env: &str, algorithm: Algorithm, returns: &[f64], window: usize) -> Curves {
    let points = returns.iter().enumerate().map(|(k, &r)| ((k + 1) as f64, r)).collect();
    let means = (1..=returns.len())
        .map(|k| {
            let tail = &returns[k.saturating_sub(window)..k];
            (k as f64, tail.iter().sum::<f64>() / tail.len() as f64)
        })
        .collect();
    let series = vec![
        Series { label: "return".into(), points, colour: 7 },
        Series { label: format!("mean of the last {window}"), points: means, colour: 0 },
    ];
    let panel = Panel { y_desc: "return".into(), series, log_y: false, legend: Some(Corner::UpperLeft) };
    Curves {
        title: format!("{env}: {}", algorithm.name()),
        x_desc: "episode".into(),
        x_axis: XAxis::Counts,
        panels: vec![panel],
    }
}
