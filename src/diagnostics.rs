//! Diagnostics collect instead of stopping: every reader returns what it found plus these.

use crate::model::Provenance;
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

/// One message about an input, tied to where it was found when that is known.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub message: String,
    pub at: Option<Provenance>,
}

impl Diagnostic {
    pub fn warning(message: impl Into<String>, at: Option<Provenance>) -> Self {
        Self { severity: Severity::Warning, message: message.into(), at }
    }

    pub fn error(message: impl Into<String>, at: Option<Provenance>) -> Self {
        Self { severity: Severity::Error, message: message.into(), at }
    }

    pub fn info(message: impl Into<String>, at: Option<Provenance>) -> Self {
        Self { severity: Severity::Info, message: message.into(), at }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        match &self.at {
            Some(at) => write!(f, "{at}: {level}: {}", self.message),
            None => write!(f, "{level}: {}", self.message),
        }
    }
}
