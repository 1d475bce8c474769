//! Whether an option must be given. torch requires some arguments (StepLR's `step_size`,
//! ExponentialLR's `gamma`); those have no default here either, so the table says so and every
//! consumer (validation, flags, `--schedule help`) reads it from there.

/// Whether an option must be given.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Required {
    /// It has a default.
    #[default]
    No,
    /// torch has no default: it must be given.
    Yes,
    /// A length torch requires, which may be left out when the run's length is known up front (a
    /// training run): it then covers the whole run.
    UnlessRunKnown,
}

impl Required {
    /// Whether it must be given, knowing or not the run's length.
    pub fn when(self, run_known: bool) -> bool {
        match self {
            Required::No => false,
            Required::Yes => true,
            Required::UnlessRunKnown => !run_known,
        }
    }
}
