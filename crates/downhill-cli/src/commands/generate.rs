//! `downhill generate MODEL --prompt TEXT`: continue the prompt with characters sampled from a
//! language model (downhill-learn's `LanguageModel::generate`); prints the prompt and the sample.
//! For a variational autoencoder or a GAN's generator: `--samples N` rows decoded from codes drawn
//! from N(0, I), or (a VAE) `--interpolate A,B --data FILE` a walk between two rows' codes
//! (downhill-learn's vae.rs, gan.rs), as CSV of the model's features or `--plot` a grid of images.
use crate::args::GenerateArgs;
use crate::error::CliError;
use crate::files::check_writable;
use crate::output::outputs_csv;
use crate::plot;
use crate::saved::Saved;
use downhill_learn::text::{Decoding, LanguageModel, DEFAULT_LENGTH};
use downhill_learn::{load_model, EstimatorKind};

/// Rows drawn when --samples is not given: an 8 × 8 grid.
const SAMPLES: usize = 64;

pub fn run(args: GenerateArgs) -> Result<(), CliError> {
    let (model, info) = load_model(&args.model)?;
    let generative_model = matches!(model.estimator, EstimatorKind::Vae | EstimatorKind::Generator);
    refuse_other_kinds_flags(&args, generative_model)?;
    if generative_model {
        return generative(&args, &Saved::from_loaded(model, info, &args.model)?);
    }
    let decoding = match args.greedy {
        true => Decoding::Greedy,
        false => Decoding::sample(args.temperature, args.top_k)?,
    };
    let (mut lm, _) = LanguageModel::from_loaded(model, info, &args.model)?;
    let prompt: Vec<char> = args.prompt.as_deref().unwrap_or("\n").chars().collect();
    let text = lm.generate(&prompt, args.length.unwrap_or(DEFAULT_LENGTH), decoding, args.seed)?;
    println!("{text}");
    Ok(())
}

/// Steps of a latent walk.
const WALK_STEPS: usize = 10;

/// The flags of the other kind of model, refused in one line instead of ignored: a language
/// model's sampling flags for a VAE or a generator, their row flags for a language model.
fn refuse_other_kinds_flags(args: &GenerateArgs, generative_model: bool) -> Result<(), CliError> {
    let (given, kind, fits) = match generative_model {
        true => (
            vec![
                ("--prompt", args.prompt.is_some()),
                ("--length", args.length.is_some()),
                ("--temperature", args.temperature.is_some()),
                ("--top-k", args.top_k.is_some()),
                ("--greedy", args.greedy),
            ],
            "a VAE or a generator, which draws rows",
            "language models",
        ),
        false => (
            vec![
                ("--samples", args.samples.is_some()),
                ("--interpolate", args.interpolate.is_some()),
                ("--data", args.data.is_some()),
                ("--plot", args.plot.is_some()),
            ],
            "a language model, which continues a prompt",
            "VAEs and generators",
        ),
    };
    match given.into_iter().find_map(|(flag, set)| set.then_some(flag)) {
        Some(flag) => Err(CliError::Usage(format!(
            "{flag} does not apply to {}: the model is {kind}; it applies to {fits}",
            args.model.display()
        ))),
        None => Ok(()),
    }
}

fn generative(args: &GenerateArgs, saved: &Saved) -> Result<(), CliError> {
    if let Some(p) = &args.plot {
        plot::format_of(p)?;
        check_writable("--plot", p)?;
    }
    let (rows, title) = match (&args.interpolate, &args.data) {
        (Some(ab), Some(data)) => {
            let [a, b] = ab[..] else {
                return Err(CliError::invalid("--interpolate", format!("{ab:?}"), "two row numbers A,B"));
            };
            let x = saved.prepare(&saved.read(data)?, false)?.x;
            if a.max(b) >= x.rows() {
                let accepted = format!("rows 0 to {} of {}", x.rows().saturating_sub(1), data.display());
                return Err(CliError::invalid("--interpolate", format!("{a},{b}"), accepted));
            }
            let walk = saved.model.vae_interpolate(x.row(a), x.row(b), WALK_STEPS)?;
            (walk, format!("from row {a} to row {b} of {}", crate::files::file_name(data)))
        }
        _ => {
            let samples = args.samples.unwrap_or(SAMPLES);
            if samples == 0 {
                return Err(CliError::invalid("--samples", 0, "integers >= 1"));
            }
            let rows = match saved.model.estimator {
                EstimatorKind::Generator => saved.model.generator_samples(samples, args.seed)?,
                _ => saved.model.vae_samples(samples, args.seed)?,
            };
            (rows, format!("{samples} samples, seed {}", args.seed))
        }
    };
    match &args.plot {
        Some(path) => {
            let columns = if args.interpolate.is_some() { WALK_STEPS } else { 8 };
            let samples: Vec<&[f32]> = (0..rows.rows()).map(|r| rows.row(r)).collect();
            let grid =
                plot::samples_grid(format!("{}: {title}", saved.model.estimator.name()), &samples, columns);
            plot::save(path, plot::format_of(path)?, &grid)?;
            println!("wrote {}", path.display());
        }
        None => {
            let ids: Vec<usize> = (0..rows.rows()).collect();
            print!("{}", outputs_csv(&ids, &rows, &saved.prep.feature_names()));
        }
    }
    Ok(())
}
