//! `train`'s flags for a `.txt` file (a character-level language model); their meaning, defaults
//! and ranges are downhill-learn's `TextSettings` (`text::TEXT_OPTIONS`).
use clap::Args;

#[derive(Clone, Debug, Default, Args)]
#[command(next_help_heading = "Text files (.txt: a character-level language model)")]
pub struct TextFlags {
    /// Characters the model reads before predicting the next one (>= 1; default 64).
    #[arg(long, value_name = "N")]
    pub context: Option<usize>,
    /// Optimizer steps in all, each on --batch-size random windows (default: --epochs rounds of
    /// --eval-interval steps).
    #[arg(long, value_name = "N")]
    pub steps: Option<usize>,
    /// Steps between validations on the last 10 % of the text; one metrics row each (default 100).
    #[arg(long, value_name = "N")]
    pub eval_interval: Option<usize>,
}
