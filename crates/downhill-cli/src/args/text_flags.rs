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
    /// Truncated backpropagation through time: --batch-size streams read the text side by side,
    /// and recurrent layers carry their state from each window to the next (default: random
    /// windows, each read from a zero state).
    #[arg(long)]
    pub tbptt: bool,
}

impl TextFlags {
    /// The first text flag given, if any (a table run refuses it).
    pub fn first_given(&self) -> Option<&'static str> {
        [
            ("--context", self.context.is_some()),
            ("--steps", self.steps.is_some()),
            ("--eval-interval", self.eval_interval.is_some()),
            ("--tbptt", self.tbptt),
        ]
        .into_iter()
        .find_map(|(flag, given)| given.then_some(flag))
    }
}
