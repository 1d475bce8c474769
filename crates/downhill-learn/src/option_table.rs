//! The shape of the tables that describe a command's options once, beside the code that applies
//! them (`RL_OPTIONS`, `COMPARE_OPTIONS`, ...): the CLI's flags, help and checks read them.

/// One (name, default, rule, help) row per option: `name` as the settings field (the CLI's flag is
/// it in kebab case), the default and the accepted rule in words, one line of help.
pub type OptionTable = [(&'static str, &'static str, &'static str, &'static str)];
