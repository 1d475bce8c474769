//! clap's `Args` and `FromArgMatches` for a flag group made from one `FlagSet`: its flags under a
//! help heading, read back as the group's value. Every table-made group (optimizer, stopping,
//! weight averaging) is read the same way; only how the value is built from the matches differs.

/// `flag_set_args!(Type, "help heading", flag_set(), |m| Type { .. })`.
macro_rules! flag_set_args {
    ($ty:ty, $heading:expr, $set:expr, $read:expr) => {
        impl clap::FromArgMatches for $ty {
            fn from_arg_matches(m: &clap::ArgMatches) -> Result<Self, clap::Error> {
                let read: fn(&clap::ArgMatches) -> $ty = $read;
                Ok(read(m))
            }

            fn update_from_arg_matches(&mut self, m: &clap::ArgMatches) -> Result<(), clap::Error> {
                *self = <Self as clap::FromArgMatches>::from_arg_matches(m)?;
                Ok(())
            }
        }

        impl clap::Args for $ty {
            fn augment_args(cmd: clap::Command) -> clap::Command {
                cmd.next_help_heading($heading).args($set.args())
            }

            fn augment_args_for_update(cmd: clap::Command) -> clap::Command {
                <Self as clap::Args>::augment_args(cmd)
            }
        }
    };
}
pub(crate) use flag_set_args;
