//! The review session: what a person decided, edited and confirmed, saved as it happens to
//! `.schemata/session.json` so that quitting never loses work and reopening resumes.
//!
//! The file holds inputs only — document paths with content hashes, decisions, edits and
//! per-model status — never the derived schema: the schema is re-derived on resume, and
//! whatever no longer fits changed documents is listed instead of being forced.

use crate::edit::Edit;
use crate::infer::{self, Settings};
use crate::ingest::{Ingested, Source};
use crate::model::Decisions;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Where the session is kept, relative to the folder the review was started in.
pub const SESSION_FILE: &str = ".schemata/session.json";

/// The version of the file layout written by this build.
pub const VERSION: u32 = 1;

/// A person's verdict on one model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum ModelStatus {
    #[default]
    Pending,
    Confirmed,
    Skipped,
}

/// One input document as it was when the session was saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentStamp {
    pub path: String,
    /// FNV-1a 64 of the text, in hex: enough to notice a change, stable across builds.
    pub hash: String,
}

impl DocumentStamp {
    /// The stamp of a document's current text.
    pub fn of(source: &Source) -> Self {
        Self { path: source.name.clone(), hash: format!("{:016x}", fnv1a(source.text.as_bytes())) }
    }
}

/// What the review has produced so far, as inputs to the pipeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Session {
    pub version: u32,
    pub documents: Vec<DocumentStamp>,
    pub decisions: Decisions,
    pub edits: Vec<Edit>,
    /// Status per model name (names survive documents changing; ids do not).
    pub status: BTreeMap<String, ModelStatus>,
    /// The existing schema the review extends (`--base`), so reopening compares with it again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<String>,
}

/// A session re-applied to the documents as they are now.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Resumed {
    pub decisions: Decisions,
    pub edits: Vec<Edit>,
    pub status: BTreeMap<String, ModelStatus>,
    /// Documents whose text changed since the session was saved.
    pub changed: Vec<String>,
    /// What was dropped because it no longer fits, one line each.
    pub dropped: Vec<String>,
}

impl Session {
    /// A fresh session for these documents.
    pub fn new(sources: &[Source]) -> Self {
        Self { version: VERSION, documents: sources.iter().map(DocumentStamp::of).collect(), ..Self::default() }
    }

    /// Whether the session was made for the same documents (by path; contents may differ).
    pub fn same_documents(&self, sources: &[Source]) -> bool {
        let mut mine: Vec<&str> = self.documents.iter().map(|d| d.path.as_str()).collect();
        let mut theirs: Vec<&str> = sources.iter().map(|s| s.name.as_str()).collect();
        mine.sort_unstable();
        theirs.sort_unstable();
        mine == theirs
    }

    /// Pretty JSON, stable key order (BTreeMaps), newline-terminated.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }

    /// Reads a session file's text.
    pub fn from_json(text: &str) -> Result<Self, String> {
        let session: Session = serde_json::from_str(text).map_err(|e| format!("not a session file: {e}"))?;
        if session.version > VERSION {
            return Err(format!("written by a newer schemata (version {})", session.version));
        }
        Ok(session)
    }

    /// Loads `path`; `Ok(None)` when there is no session yet.
    pub fn load(path: &Path) -> Result<Option<Self>, String> {
        match std::fs::read_to_string(path) {
            Ok(text) => Self::from_json(&text).map(Some).map_err(|e| format!("{}: {e}", path.display())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(format!("{}: {e}", path.display())),
        }
    }

    /// Saves atomically, so a crash mid-save leaves the previous session intact.
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        crate::write::write_atomic(path, self.to_json().as_bytes())
    }

    /// Re-applies the session to the documents as they are now: decisions whose question is
    /// still asked with that option, edits that still apply in order, statuses of models that
    /// still exist. Everything else is listed in `dropped`.
    pub fn resume(&self, sources: &[Source], ingested: &Ingested, settings: &Settings) -> Resumed {
        let now: BTreeMap<&str, String> =
            sources.iter().map(|s| (s.name.as_str(), DocumentStamp::of(s).hash)).collect();
        let changed = self
            .documents
            .iter()
            .filter(|d| now.get(d.path.as_str()).is_some_and(|h| *h != d.hash))
            .map(|d| d.path.clone())
            .collect();
        let mut dropped = Vec::new();
        let mut schema = infer::infer(ingested, &self.decisions, settings).schema;
        let mut decisions = Decisions::default();
        for (key, value) in &self.decisions.0 {
            match schema.questions.iter().find(|q| &q.key == key) {
                Some(q) if q.options.iter().any(|o| &o.value == value) => decisions.set(key, value),
                Some(q) => dropped.push(format!("answer \"{value}\" to \"{}\": no longer an option", q.prompt)),
                None => dropped.push(format!("answer \"{value}\" to question {key}: no longer asked")),
            }
        }
        let mut edits = Vec::new();
        for edit in &self.edits {
            match edit.apply(&mut schema) {
                Ok(()) => edits.push(edit.clone()),
                Err(e) => dropped.push(format!("edit \"{edit}\": {e}")),
            }
        }
        let mut status = BTreeMap::new();
        for (model, s) in &self.status {
            if schema.model_by_name(model).is_some() {
                status.insert(model.clone(), *s);
            } else {
                dropped.push(format!("{s:?} status of {model}: the model is gone").to_lowercase());
            }
        }
        Resumed { decisions, edits, status, changed, dropped }
    }
}

/// The session file in `dir`.
pub fn path_in(dir: &Path) -> PathBuf {
    dir.join(SESSION_FILE)
}

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::ingest;

    const DOC: &str = "### Customer\n| Field | Type |\n|---|---|\n| id | uuid |\n| email | string |\n\n\
                       ### Order\n| Field | Type |\n|---|---|\n| id | uuid |\n| customerId | uuid |\n| billedToId | uuid |\n\n\
                       - Order belongs to Customer (as the billed to)\n";

    fn sources(text: &str) -> Vec<Source> {
        vec![Source::new("doc.md", text)]
    }

    #[test]
    fn round_trips_through_json_and_disk() {
        let mut session = Session::new(&sources(DOC));
        session.decisions.set("k", "v");
        session.edits.push(Edit::AddModel { model: "Invoice".into() });
        session.status.insert("Order".into(), ModelStatus::Confirmed);
        session.base = Some("prisma/schema.prisma".into());
        let json = session.to_json();
        assert!(json.contains("\"confirmed\""), "{json}");
        assert!(json.contains("\"base\": \"prisma/schema.prisma\""), "{json}");
        assert_eq!(Session::from_json(&json), Ok(session.clone()));

        let dir = tempfile::tempdir().expect("tempdir");
        let path = path_in(dir.path());
        assert_eq!(Session::load(&path), Ok(None));
        session.save(&path).expect("save");
        assert_eq!(Session::load(&path), Ok(Some(session)));
        assert!(Session::from_json("{}").is_err());
    }

    #[test]
    fn resume_keeps_what_fits_and_lists_the_rest() {
        let srcs = sources(DOC);
        let ingested = ingest(&srcs);
        let first = infer::infer(&ingested, &Decisions::default(), &Settings::default()).schema;
        let question = first.questions.first().expect("the two relations to Customer need names");
        let mut session = Session::new(&srcs);
        session.decisions.set(&question.key, &question.options[1].value);
        session.decisions.set("gone:key", "x");
        session.edits.push(Edit::RenameField { model: "Customer".into(), field: "email".into(), to: "mail".into() });
        session.edits.push(Edit::RemoveField { model: "Customer".into(), field: "phone".into() });
        session.status.insert("Order".into(), ModelStatus::Confirmed);
        session.status.insert("Ghost".into(), ModelStatus::Skipped);

        let changed = sources(&DOC.replace("| email | string |", "| email | string |\n| phone | string |"));
        let resumed = session.resume(&changed, &ingest(&changed), &Settings::default());
        assert_eq!(resumed.changed, vec!["doc.md".to_string()]);
        assert_eq!(resumed.decisions.get(&question.key), Some(question.options[1].value.as_str()));
        assert_eq!(resumed.edits.len(), 2, "both edits fit the changed document");
        assert_eq!(resumed.status.len(), 1);
        assert_eq!(resumed.dropped.len(), 2, "{:?}", resumed.dropped);

        let resumed = session.resume(&srcs, &ingested, &Settings::default());
        assert!(resumed.changed.is_empty());
        assert_eq!(resumed.edits.len(), 1, "no phone to remove in the original");
        assert!(resumed.dropped.iter().any(|d| d.contains("phone")), "{:?}", resumed.dropped);
    }

    #[test]
    fn same_documents_ignores_order() {
        let a = vec![Source::new("a.md", "x"), Source::new("b.md", "y")];
        let b = vec![Source::new("b.md", "changed"), Source::new("a.md", "x")];
        assert!(Session::new(&a).same_documents(&b));
        assert!(!Session::new(&a).same_documents(&b[..1]));
    }
}
