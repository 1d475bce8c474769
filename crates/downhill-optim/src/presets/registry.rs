//! The registry macro: one line per preset in `presets/mod.rs` generates `OptimizerConfig` (the
//! serde-tagged value a model file stores, `{"name": "adam", "lr": ...}`), `OptimizerKind` (every
//! name, the presets' named variants and L-BFGS) and the dispatch from a config to its preset.
//! Everything else about optimizers is generic code over `DynPreset`, written once.

/// `Variant(Options) = "name" { /// doc  Alias = "alias" => options, ... }` per preset; the aliases
/// are named settings of the same preset (`momentum` is SGD with momentum 0.9), each with its doc
/// comment, which becomes its `OptimizerKind` variant's.
macro_rules! optimizers {
    ($( $V:ident($O:ty) = $name:literal $({ $( $(#[$adoc:meta])* $A:ident = $alias:literal => $aexpr:expr ),* $(,)? })? ),* $(,)?) => {
        /// One preset and its torch options, as serialisable data: a model file records what
        /// trained it, and `downhill train` and `downhill optimize` build the same chain from the
        /// same flags. `lr` is the base rate a schedule starts from.
        ///
        /// ```
        /// use downhill_optim::{OptimizerConfig, OptimizerKind};
        /// let sgd = OptimizerConfig::from_kind(OptimizerKind::Nesterov).unwrap().with_lr(0.1);
        /// let json = r#"{"name":"sgd","lr":0.1,"momentum":0.9,"dampening":0.0,"weight_decay":0.0,"nesterov":true}"#;
        /// assert_eq!(serde_json::to_string(&sgd).unwrap(), json);
        /// assert!(sgd.build(sgd.lr().into()).is_ok() && sgd.build_maximizing(0.1.into()).is_ok());
        /// ```
        #[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
        #[serde(tag = "name")]
        pub enum OptimizerConfig {
            $(
                #[doc = concat!("`", $name, "` and its options, [`", stringify!($O), "`].")]
                #[serde(rename = $name)]
                $V($O),
            )*
        }

        /// Every optimizer by name: the presets, their named variants, and L-BFGS (a solver).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum OptimizerKind {
            $(
                #[doc = concat!("`", $name, "`: [`", stringify!($O), "`], torch's defaults.")]
                $V,
                $( $( $(#[$adoc])* $A, )* )?
            )*
            /// `lbfgs`: [`Lbfgs`](crate::Lbfgs), a solver driven by a closure rather than a chain.
            Lbfgs,
        }

        impl OptimizerKind {
            /// Every name in listing order: each preset followed by its named variants, then L-BFGS.
            pub(crate) const ALL: &'static [(&'static str, OptimizerKind)] = &[
                $( ($name, OptimizerKind::$V), $( $( ($alias, OptimizerKind::$A), )* )? )*
                ("lbfgs", OptimizerKind::Lbfgs),
            ];
        }

        impl OptimizerConfig {
            /// The preset `kind` names with its settings; `None` for L-BFGS.
            pub(crate) fn preset_of(kind: OptimizerKind) -> Option<OptimizerConfig> {
                match kind {
                    $(
                        OptimizerKind::$V => Some(OptimizerConfig::$V(<$O>::default())),
                        $( $( OptimizerKind::$A => Some(OptimizerConfig::$V($aexpr)), )* )?
                    )*
                    OptimizerKind::Lbfgs => None,
                }
            }

            /// The preset's name, as the model file and `--optimizer` spell it.
            pub fn name(&self) -> &'static str {
                match self {
                    $( OptimizerConfig::$V(_) => $name, )*
                }
            }

            pub(crate) fn preset(&self) -> &dyn $crate::describe::DynPreset {
                match self {
                    $( OptimizerConfig::$V(o) => o, )*
                }
            }

            pub(crate) fn preset_mut(&mut self) -> &mut dyn $crate::describe::DynPreset {
                match self {
                    $( OptimizerConfig::$V(o) => o, )*
                }
            }
        }

        #[cfg(test)]
        mod registry_tests {
            use super::*;
            use $crate::describe::Described;

            #[test]
            fn every_registered_name_is_its_presets_own() {
                $( assert_eq!(<$O as Described>::NAME, $name); )*
            }
        }
    };
}
