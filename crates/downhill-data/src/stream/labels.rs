//! The target column's labels seen a row at a time, over every row of the file (test rows too: the
//! in-memory `Target::fit` reads the whole file, so every split knows every class), and the
//! target fitted from them by `Target::fit`'s rules (`task.rs`, `target.rs`): numeric labels in
//! numeric order named without `.0`, text labels in byte order; a numeric target is inferred to be
//! classes when its values are integers with at most `MAX_INTEGER_CLASSES` distinct ones.
//! Inferring keeps at most that many values (one more settles it); forced classification keeps
//! every distinct label, as it must to name the classes.
use std::collections::BTreeSet;

use downhill_tensor::Float;

use super::column_stats::{Kind, Parsed};
use crate::column::number_text;
use crate::readers::cell::text;
use crate::{DataError, RowRef, Target, TargetKind, TaskChoice, MAX_INTEGER_CLASSES};

#[derive(Debug)]
pub(crate) struct Labels {
    choice: TaskChoice,
    numbers: Vec<Float>,
    /// A fraction, or more distinct numbers than classes may have: regression when inferring.
    not_classes: bool,
    texts: BTreeSet<String>,
    first_text: Option<(String, RowRef)>,
    first_row: Option<RowRef>,
}

impl Labels {
    pub fn new(choice: TaskChoice) -> Self {
        Labels {
            choice,
            numbers: Vec::new(),
            not_classes: false,
            texts: BTreeSet::new(),
            first_text: None,
            first_row: None,
        }
    }

    /// Records the target field `field` of the row at `at`, read as `parsed`.
    pub fn observe(&mut self, parsed: Parsed, field: &[u8], at: RowRef) {
        self.first_row.get_or_insert(at);
        match parsed {
            Parsed::Missing => {}
            Parsed::Number(v) => {
                let infer = self.choice == TaskChoice::Auto;
                if self.choice == TaskChoice::Regression || (infer && self.not_classes) {
                    return;
                }
                if let Err(k) = self.numbers.binary_search_by(|x| x.total_cmp(&v)) {
                    self.numbers.insert(k, v);
                }
                if infer && (v.fract() != 0.0 || self.numbers.len() > MAX_INTEGER_CLASSES) {
                    (self.not_classes, self.numbers) = (true, Vec::new());
                }
            }
            Parsed::Text => {
                let label = text(field.trim_ascii());
                if self.first_text.is_none() {
                    self.first_text = Some((label.clone(), at));
                }
                if self.choice != TaskChoice::Regression {
                    self.texts.insert(label);
                }
            }
        }
    }

    /// The fitted target of the column `column`, whose kind is `kind`.
    pub fn target(self, column: &str, kind: Kind) -> Result<Target, DataError> {
        let regression = match (self.choice, kind) {
            (TaskChoice::Regression, _) => true,
            (TaskChoice::Auto, Kind::Numeric | Kind::Undecided) => self.not_classes,
            _ => false,
        };
        if regression {
            if let (Kind::Text, Some((value, at))) = (kind, self.first_text) {
                return Err(DataError::TargetNotNumeric { column: column.to_owned(), value, at });
            }
            return Ok(Target::from_parts(column, TargetKind::Regression));
        }
        let classes: Vec<String> = match kind {
            Kind::Text => self.texts.into_iter().collect(),
            _ => self.numbers.into_iter().map(number_text).collect(),
        };
        match classes.as_slice() {
            [] => {
                let at = self.first_row.unwrap_or(RowRef { row: 1, line: None });
                Err(DataError::MissingTarget { column: column.to_owned(), at })
            }
            [only] => Err(DataError::SingleClass { column: column.to_owned(), class: only.clone() }),
            _ => Ok(Target::from_parts(column, TargetKind::Classification { classes })),
        }
    }
}
