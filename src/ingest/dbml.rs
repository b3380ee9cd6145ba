//! DBML reader (placeholder while it is being written).

use super::raw::{Origin, RawDocument};

/// Reads a DBML document.
pub fn read(_text: &str, origin: Origin<'_>) -> RawDocument {
    RawDocument::new(origin.file)
}
