//! `train`'s flags for a `.txt` file (a character-level language model); their help, defaults and
//! ranges read from downhill-learn's `TextSettings` table (`text::TEXT_OPTIONS`).
use super::table_help;
use clap::Args;
use downhill_learn::text::TEXT_OPTIONS;

#[derive(Clone, Debug, Default, Args)]
#[command(next_help_heading = "Text files (.txt: a character-level language model)")]
pub struct TextFlags {
    #[arg(long, value_name = "N", help = table_help(TEXT_OPTIONS, "context"))]
    pub context: Option<usize>,
    #[arg(long, value_name = "N", help = table_help(TEXT_OPTIONS, "steps"))]
    pub steps: Option<usize>,
    #[arg(long, value_name = "N", help = table_help(TEXT_OPTIONS, "eval_interval"))]
    pub eval_interval: Option<usize>,
    #[arg(long, help = table_help(TEXT_OPTIONS, "tbptt"))]
    pub tbptt: bool,
    #[arg(long, value_name = "N", help = table_help(TEXT_OPTIONS, "vocab_size"))]
    pub vocab_size: Option<usize>,
}

impl TextFlags {
    /// The first text flag given, if any (a table run refuses it).
    pub fn first_given(&self) -> Option<&'static str> {
        [
            ("--context", self.context.is_some()),
            ("--steps", self.steps.is_some()),
            ("--eval-interval", self.eval_interval.is_some()),
            ("--tbptt", self.tbptt),
            ("--vocab-size", self.vocab_size.is_some()),
        ]
        .into_iter()
        .find_map(|(flag, given)| given.then_some(flag))
    }
}
