//! The validation tab's messages, each tied to the model (and field) it concerns so Enter
//! can jump there; and the mapping of Prisma's error output back to models and fields.

use super::app::App;
use crate::diagnostics::{Diagnostic, Severity};
use crate::model::Schema;

/// One message in the validation tab.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub severity: Severity,
    pub text: String,
    pub model: Option<String>,
    pub field: Option<String>,
}

/// Every message to show: Prisma's errors first, then edits that no longer apply, notes
/// from resuming, and inference's warnings.
pub fn collect(app: &App) -> Vec<Message> {
    let mut out = app.prisma_errors.clone();
    let from_diagnostic = |d: &Diagnostic| Message {
        severity: d.severity,
        text: d.to_string(),
        model: model_named_in(&app.schema, &d.message),
        field: None,
    };
    out.extend(app.edit_diagnostics.iter().map(from_diagnostic));
    out.extend(app.resume_notes.iter().map(|n| Message {
        severity: Severity::Warning,
        text: n.clone(),
        model: model_named_in(&app.schema, n),
        field: None,
    }));
    out.extend(app.infer_diagnostics.iter().filter(|d| d.severity >= Severity::Warning).map(from_diagnostic));
    // The verification gate, as `generate` runs it before writing: edits that take the schema
    // away from the documents or the profile show here, tied to their model and field.
    if let Some(profile) = &app.options.profile {
        let mut report = crate::check::verify(&app.schema, &[], Some(&app.documents), profile);
        out.extend(report.findings.drain(..).map(|f| Message {
            severity: Severity::Error,
            text: format!("gate: [{}] {}", f.rule, f.message),
            model: f.model,
            field: f.field,
        }));
        // The API contract, when one is given: what the schema fails to serve, per model.
        if !app.options.contract.is_empty() {
            out.extend(contract_messages(&crate::check::contract::comply(&app.schema, &app.options.contract)));
        }
        // What the migration will add for the database to enforce, tied to its model (the
        // gate's report lists it).
        out.extend(report.database.into_iter().map(|e| Message {
            severity: Severity::Info,
            text: format!("database: {} ({})", e.kind, e.why),
            model: Some(e.model),
            field: None,
        }));
    }
    out
}

/// The contract comparison as messages: a missing field or a type mismatch is a warning on its
/// model (and field), a field no contract type exposes is information.
fn contract_messages(report: &crate::check::contract::ContractReport) -> Vec<Message> {
    let mut out = Vec::new();
    for m in &report.models {
        for missing in &m.missing {
            out.push(Message {
                severity: Severity::Warning,
                text: format!(
                    "contract: {} declares `{}`, which {} lacks ({})",
                    m.contract_type, missing.field, m.model, missing.at
                ),
                model: Some(m.model.clone()),
                field: None,
            });
        }
        for mismatch in &m.mismatches {
            out.push(Message {
                severity: Severity::Warning,
                text: format!(
                    "contract: {}.{} is `{}` in {} but `{}` here ({})",
                    m.model, mismatch.field, mismatch.contract, m.contract_type, mismatch.schema, mismatch.at
                ),
                model: Some(m.model.clone()),
                field: Some(mismatch.field.clone()),
            });
        }
        for field in &m.unexposed {
            out.push(Message {
                severity: Severity::Info,
                text: format!("contract: {}.{field} is not exposed by {}", m.model, m.contract_type),
                model: Some(m.model.clone()),
                field: Some(field.clone()),
            });
        }
    }
    out
}

/// The first model whose name appears as a whole word in `text`.
fn model_named_in(schema: &Schema, text: &str) -> Option<String> {
    let words: Vec<&str> = text.split(|c: char| !c.is_ascii_alphanumeric() && c != '_').collect();
    schema.models.iter().find(|m| words.contains(&m.name.as_str())).map(|m| m.name.clone())
}

/// Reads Prisma's output a line at a time and maps each error to the model and field on
/// the schema line it points at (`-->  prisma/schema.prisma:12`).
#[derive(Debug, Clone, Default)]
pub struct PrismaErrorReader {
    /// The last `error: ...` line, waiting for its location.
    pending: Option<String>,
}

impl PrismaErrorReader {
    /// Feeds one output line; returns a message when the line completes an error.
    pub fn line(&mut self, line: &str, written: Option<&str>) -> Option<Message> {
        let trimmed = line.trim();
        if let Some(rest) = trimmed.strip_prefix("error:").or_else(|| trimmed.strip_prefix("Error:")) {
            let rest = rest.trim();
            if !rest.starts_with("Prisma schema validation") && !rest.is_empty() {
                self.pending = Some(rest.to_string());
            }
            return None;
        }
        let location = trimmed.strip_prefix("-->")?.trim();
        let number: u32 = location.rsplit(':').next()?.trim().parse().ok()?;
        let (model, field) = written.map(|text| locate(text, number)).unwrap_or_default();
        let text = self.pending.take().unwrap_or_else(|| "Prisma reported an error".into());
        let place = match (&model, &field) {
            (Some(m), Some(f)) => format!("{m}.{f}: "),
            (Some(m), None) => format!("{m}: "),
            _ => String::new(),
        };
        Some(Message { severity: Severity::Error, text: format!("{place}{text} (schema line {number})"), model, field })
    }
}

/// The model block and field at 1-based `line` of a schema text.
pub fn locate(text: &str, line: u32) -> (Option<String>, Option<String>) {
    let lines: Vec<&str> = text.lines().collect();
    let Some(index) = (line as usize).checked_sub(1).filter(|&i| i < lines.len()) else { return (None, None) };
    let mut model = None;
    for l in lines[..=index].iter().rev() {
        let t = l.trim();
        if t == "}" && !std::ptr::eq(*l, lines[index]) {
            break;
        }
        if let Some(rest) = t.strip_prefix("model ") {
            model = rest.split_whitespace().next().map(str::to_string);
            break;
        }
    }
    let here = lines[index].trim();
    let field = (model.is_some() && !here.starts_with("@@") && !here.starts_with("//") && !here.starts_with("model "))
        .then(|| here.split_whitespace().next().map(str::to_string))
        .flatten()
        .filter(|f| f != "}");
    (model, field)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str =
        "datasource db {\n  provider = \"postgresql\"\n}\n\nmodel Event {\n  id    String @id\n  venue Foo\n}\n";

    #[test]
    fn locates_model_and_field_of_a_line() {
        assert_eq!(locate(TEXT, 7), (Some("Event".into()), Some("venue".into())));
        assert_eq!(locate(TEXT, 5), (Some("Event".into()), None));
        assert_eq!(locate(TEXT, 2), (None, None));
        assert_eq!(locate(TEXT, 99), (None, None));
    }

    #[test]
    fn reads_prisma_errors_with_their_location() {
        let mut reader = PrismaErrorReader::default();
        let output = [
            "Error: Prisma schema validation - (get-dmmf wasm)",
            "Error code: P1012",
            "error: Type \"Foo\" is neither a built-in type, nor refers to another model.",
            "  -->  prisma/schema.prisma:7",
            "   | ",
        ];
        let found: Vec<Message> = output.iter().filter_map(|l| reader.line(l, Some(TEXT))).collect();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].model.as_deref(), Some("Event"));
        assert_eq!(found[0].field.as_deref(), Some("venue"));
        assert!(found[0].text.starts_with("Event.venue: Type \"Foo\""), "{}", found[0].text);
    }
}
