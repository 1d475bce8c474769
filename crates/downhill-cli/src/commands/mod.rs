//! One file per subcommand.
pub mod optimize;
