//! The arguments of a layer as its description lists them: torch's name, the kind of value it
//! takes, its default (`None`: required) and a help line. The text parser, the TOML/JSON reader,
//! the printed form, `--help` and every error message read these tables, so each layer's arguments
//! are written down once, beside the layer's description (`spec/layers/*.rs`).

/// What an argument accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArgKind {
    /// A whole number ≥ 0.
    Count,
    /// A whole number, or a pair `(h, w)` for height and width.
    Pair,
    /// A real number.
    Real,
    /// `true` or `false`.
    Flag,
    /// A sub-stack of layers (`residual(...)`).
    Layers,
    /// One of a fixed list of names, written bare or quoted (`nonlinearity='relu'`).
    Choice(&'static [&'static str]),
}

impl ArgKind {
    /// How the accepted values are described in messages.
    pub fn describe(self) -> String {
        match self {
            ArgKind::Count => "a whole number".into(),
            ArgKind::Pair => "a whole number or a pair (h, w)".into(),
            ArgKind::Real => "a number within f32's range (±3.4e38)".into(),
            ArgKind::Flag => "true or false".into(),
            ArgKind::Layers => "layers".into(),
            ArgKind::Choice(names) => {
                let quoted: Vec<String> = names.iter().map(|n| format!("'{n}'")).collect();
                format!("one of {}", quoted.join(", "))
            }
        }
    }
}

/// One argument of a layer.
#[derive(Clone, Copy, Debug)]
pub struct ArgInfo {
    /// torch's name for it (`out_channels`, `padding`).
    pub name: &'static str,
    /// The values it accepts.
    pub kind: ArgKind,
    /// The default as written in the layer text (`"1"`, `"true"`), or `None` when required. A
    /// default naming another argument (`stride=kernel_size`) is written as that name.
    pub default: Option<&'static str>,
    /// One line for `--help` (`zeros added on each side`).
    pub help: &'static str,
}

/// The default of an optional argument that may be left unset (torch's `None`); written `none`.
pub const NONE: &str = "none";

/// The default of a size that may be left out where the data sets it (a language model's
/// vocabulary); written positionally when given, and in signatures like a required argument.
pub const INFERRED: &str = "inferred";

/// An argument whose value the data can supply (see `INFERRED`).
pub const fn inferred(name: &'static str, kind: ArgKind, help: &'static str) -> ArgInfo {
    ArgInfo { name, kind, default: Some(INFERRED), help }
}

/// A required argument.
pub const fn required(name: &'static str, kind: ArgKind, help: &'static str) -> ArgInfo {
    ArgInfo { name, kind, default: None, help }
}

/// An argument with a default.
pub const fn optional(
    name: &'static str,
    kind: ArgKind,
    default: &'static str,
    help: &'static str,
) -> ArgInfo {
    ArgInfo { name, kind, default: Some(default), help }
}

/// What the registry knows about one kind of layer.
#[derive(Clone, Copy, Debug)]
pub struct LayerInfo {
    /// torch's class name in snake_case (`conv2d`, `max_pool2d`).
    pub name: &'static str,
    /// One line for `--help` saying what it computes.
    pub help: &'static str,
    /// In positional order (torch's constructor order without the input size).
    pub args: &'static [ArgInfo],
}

impl LayerInfo {
    /// The argument called `name`, if the layer has one.
    pub fn arg(&self, name: &str) -> Option<&'static ArgInfo> {
        self.args.iter().find(|a| a.name == name)
    }

    /// The call form with defaults, e.g. `conv2d(out_channels, kernel_size, stride=1, ...)`.
    pub fn signature(&self) -> String {
        if self.args.is_empty() {
            return self.name.to_string();
        }
        let args: Vec<String> = self
            .args
            .iter()
            .map(|a| match (a.kind, a.default) {
                (ArgKind::Layers, _) => "layers...".to_string(),
                (_, None | Some(INFERRED)) => a.name.to_string(),
                (_, Some(d)) => format!("{}={d}", a.name),
            })
            .collect();
        format!("{}({})", self.name, args.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_list_required_then_defaults() {
        const ARGS: &[ArgInfo] =
            &[required("out_channels", ArgKind::Count, ""), optional("stride", ArgKind::Pair, "1", "")];
        let info = LayerInfo { name: "conv2d", help: "", args: ARGS };
        assert_eq!(info.signature(), "conv2d(out_channels, stride=1)");
        assert_eq!(LayerInfo { name: "relu", help: "", args: &[] }.signature(), "relu");
        assert!(info.arg("stride").is_some() && info.arg("strides").is_none());
    }
}
