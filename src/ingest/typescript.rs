//! Reader for TypeScript `interface` and union `type` declarations in ```ts blocks.

use super::raw::{Origin, RawDocument};

/// Reads one TypeScript block.
pub fn read(_text: &str, origin: Origin<'_>) -> RawDocument {
    RawDocument::new(origin.file)
}
