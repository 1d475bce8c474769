//! `downhill train FILE.txt`: a character-level language model. Reads the text and the flags,
//! hands them to downhill-learn's `text::fit_language_model` (which splits, builds the vocabulary,
//! trains and validates), then writes the model and the per-round CSV and prints the summary in
//! nats and bits per character.
use crate::args::TrainArgs;
use crate::error::CliError;
use crate::files::{file_name, write_atomic};
use crate::train::{self, Reporter};
use crate::{output, plot};
use downhill_learn::tensorboard::{hparams_of, HParamValue};
use downhill_learn::text::{bits, fit_language_model, TextSettings, TRAIN_SHARE};
use downhill_learn::{layers_text, parse_layers, CheckpointPolicy, Hooks, ModelInfo};
use std::path::Path;
use std::time::Instant;

/// True for a DATA path ending in `.txt`.
pub fn is_text(path: Option<&Path>) -> bool {
    path.and_then(Path::extension).is_some_and(|e| e.eq_ignore_ascii_case("txt"))
}

/// The `train` flags a language model has no use for, refused in one line instead of ignored.
fn refuse_table_flags(args: &TrainArgs) -> Result<(), CliError> {
    let share = 100.0 * TRAIN_SHARE;
    let split = format!(
        "the first {share:.0} % of the characters train and the last {:.0} % validate",
        100.0 - share
    );
    let split = split.as_str();
    let given = [
        ("--target", args.data.target.is_some(), "the target is always the next character"),
        ("--task", args.data.task.is_some(), "the task is always predicting the next character"),
        ("--test-fraction", args.data.test_fraction.is_some(), split),
        ("--test-rows", args.data.test_rows.is_some(), split),
        ("--validation-fraction", args.stopping.has("validation_fraction"), split),
        ("--input-shape", args.model.input_shape.is_some(), "each sample is --context characters"),
        ("--model", args.model.model.is_some(), "give the network as --layers"),
        ("--lr auto", args.descent.hyper.lr_auto, "the range test (lr-find) takes a table; give --lr"),
    ];
    let refused = given.into_iter().find(|(_, set, _)| *set);
    match refused {
        Some((flag, _, why)) => {
            Err(CliError::Usage(format!("{flag} does not apply to a .txt language model: {why}")))
        }
        None => Ok(()),
    }
}

pub fn run(args: TrainArgs) -> Result<(), CliError> {
    refuse_table_flags(&args)?;
    let path = args.data.data.clone().unwrap_or_default();
    let checkpoint = super::train_outputs::check_outputs(&args)?;
    if args.board.tensorboard_histograms.is_some() {
        return Err(CliError::Usage(
            "--tensorboard-histograms does not apply to a .txt language model: its log has the losses, \
             rates and gradient norms of each round but no histograms; drop --tensorboard-histograms"
                .into(),
        ));
    }
    let board = train::board(&args.board)?;
    let plot_format = args.plot.as_deref().map(plot::format_of).transpose()?;
    let defaults = TextSettings::default();
    let settings = TextSettings {
        context: args.text.context.unwrap_or(defaults.context),
        steps: args.text.steps,
        eval_interval: args.text.eval_interval.unwrap_or(defaults.eval_interval),
        tbptt: args.text.tbptt,
        vocab_size: args.text.vocab_size,
    };
    settings.validate()?;
    let text = downhill_data::read_text(&path)?;
    downhill_data::check_length(&path, text.len(), settings.context)?;
    let layers = args.model.layers.as_deref().ok_or_else(|| {
        CliError::Usage(
            "a .txt file trains a language model: give --layers, e.g. 'embedding(64), linear'".into(),
        )
    })?;
    let layers = parse_layers(layers).map_err(|e| CliError::Usage(format!("--layers: {e}")))?;
    let config = train::train_config(&args, TextSettings::train_defaults())?;
    let training =
        serde_json::json!({ "train": config, "text": settings, "data": path.display().to_string() });
    let mut reporter = Reporter::new(args.quiet, "accuracy").counting("round");
    let mut hparams = hparams_of(&training);
    hparams.insert("layers".into(), HParamValue::Text(layers_text(&layers)));
    let mut log = board.as_ref().map(|b| b.open(hparams, None, true)).transpose()?;
    let mut observers = train::observers(&mut reporter, &mut log);
    let hooks = &mut Hooks {
        progress: Some(&mut observers),
        stop: Some(train::stop_flag()),
        checkpoint: checkpoint.map(|(every, path)| CheckpointPolicy { every, path }),
        resume: args.resume.clone(),
        ..Hooks::default()
    };
    let started = Instant::now();
    let trained = fit_language_model(&layers, &text, &settings, &config, hooks);
    reporter.finish();
    let trained = trained?;
    train::finish_board(log, &trained.history)?;
    let seconds = started.elapsed().as_secs_f64();
    let h = &trained.history;
    let last = h.last();
    // Per token; with byte pairs turned into per character by the texts' tokens per character.
    let (train_tokens, val_tokens) = trained.tokens_per_char;
    let bpe = settings.vocab_size.is_some();
    let (train_loss, val_loss) = (last.map_or(f64::NAN, |r| r.train_loss), last.and_then(|r| r.val_loss));
    let (train_nats, val_nats) = (train_loss * train_tokens, val_loss.map(|v| v * val_tokens));
    // The health monitor's findings, printed as a table's run prints them and kept in the file for
    // `inspect` (model_meta.rs keeps a table model's the same way).
    // Worded in rounds, as its progress lines count.
    let findings: Vec<String> = h.warnings.iter().map(|w| w.in_rounds().to_string()).collect();
    findings.iter().for_each(|w| eprintln!("warning: {w}"));
    let mut metrics = serde_json::json!({
        "train_nats_per_char": train_nats,
        "val_nats_per_char": val_nats,
        "stop": h.stop.as_ref().map(ToString::to_string),
        "findings": findings,
    });
    if bpe {
        metrics["train_nats_per_token"] = serde_json::json!(train_loss);
        metrics["val_nats_per_token"] = serde_json::json!(val_loss);
    }
    let info = ModelInfo { training, metrics, ..ModelInfo::default() };
    trained.model.save(&args.out, info)?;
    let mut written = vec![args.out.display().to_string()];
    written.extend(board.map(|b| b.dir.display().to_string()));
    if let Some(p) = &args.metrics {
        write_atomic(p, output::epochs_csv(h).as_bytes())?;
        written.push(p.display().to_string());
    }
    if let (Some(p), Some(format)) = (&args.plot, plot_format) {
        let mut curves = train::training_curves(h, format!("language model · {}", file_name(&path)));
        curves.x_desc = format!("round of {} steps", settings.eval_interval);
        curves.panels[0].y_desc = format!("loss (nats per {})", if bpe { "token" } else { "character" });
        plot::save(p, format, &curves)?;
        written.push(p.display().to_string());
    }
    let describe = || format!("language model {} · {}", layers_text(&layers), file_name(&path));
    written.extend(super::train_outputs::write_health(&args, h, describe)?);
    if !args.quiet {
        let steps: usize = settings.rounds(config.stopping.max_epochs).iter().sum();
        let vocabulary = trained.model.vocabulary.len();
        let tokens = if bpe { format!("{vocabulary} tokens by byte pairs") } else { vocabulary.to_string() };
        println!("trained {steps} steps in {seconds:.1} s ({} characters, vocabulary {tokens})", text.len());
        let per_token = |loss: f64| if bpe { format!("  ({loss:.4} nats/token)") } else { String::new() };
        println!(
            "train loss       {train_nats:.4} nats/char  {:.4} bits/char{}",
            bits(train_nats),
            per_token(train_loss)
        );
        if let (Some(v), Some(per)) = (val_nats, val_loss) {
            println!("validation loss  {v:.4} nats/char  {:.4} bits/char{}", bits(v), per_token(per));
        }
        println!("wrote {}", written.join(", "));
    }
    Ok(())
}
