//! The verification gate on a merged schema. The base schema is the team's: whatever the
//! gate finds in it already (models no document describes, fields the documents do not
//! state, tables named otherwise than the profile would) is not this change's doing. The
//! merged schema passes when the change brings no finding of its own.

use crate::check::{self, Finding, Report};
use crate::conventions::Profile;
use crate::model::Schema;

/// The gate's findings on `merged` that `base` does not already have (compared by rule,
/// model, field and message, not by place). `documents` is the documents' own schema.
pub fn gate(base: &Schema, merged: &Schema, documents: &Schema, profile: &Profile) -> Report {
    let before = check::verify(base, &[], Some(documents), profile);
    let mut report = check::verify(merged, &[], Some(documents), profile);
    let key = |f: &Finding| (f.rule, f.model.clone(), f.field.clone(), f.message.clone());
    let known: Vec<_> = before.findings.iter().map(key).collect();
    report.findings.retain(|f| !known.contains(&key(f)));
    report
}
