//! One file per subcommand.
pub mod anomaly;
pub mod compare;
pub mod evaluate;
pub mod explain;
pub mod generate;
pub mod inspect;
pub mod lr_find;
pub mod optimize;
pub mod predict;
pub mod rl;
pub mod train;
pub mod train_distributed;
pub mod train_outputs;
pub mod train_restarts;
pub mod train_stream;
pub mod train_text;
pub mod tune;
