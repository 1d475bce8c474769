//! `downhill generate MODEL --prompt TEXT`: continue the prompt with characters sampled from a
//! language model (downhill-learn's `LanguageModel::generate`); prints the prompt and the sample.
use crate::args::GenerateArgs;
use crate::error::CliError;
use downhill_learn::text::{Decoding, LanguageModel};

pub fn run(args: GenerateArgs) -> Result<(), CliError> {
    if !(args.temperature > 0.0 && args.temperature.is_finite()) {
        return Err(CliError::invalid(
            "--temperature",
            args.temperature,
            "numbers > 0 (for the most likely character each time, use --greedy)",
        ));
    }
    if args.top_k == Some(0) {
        return Err(CliError::invalid("--top-k", 0, "integers >= 1"));
    }
    let decoding = match args.greedy {
        true => Decoding::Greedy,
        false => Decoding::Sample { temperature: args.temperature, top_k: args.top_k },
    };
    let (mut lm, _) = LanguageModel::load(&args.model)?;
    let prompt: Vec<char> = args.prompt.chars().collect();
    let text = lm.generate(&prompt, args.length, decoding, args.seed)?;
    println!("{text}");
    Ok(())
}
