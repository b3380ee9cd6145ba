//! What schemata last wrote, so a file the user changed since is never overwritten unasked.
//!
//! The ledger (`.schemata/written.json` in the project root) maps each written path to a hash
//! of the bytes written. A file that exists with other contents than the ledger remembers —
//! or that schemata never wrote — belongs to the user: replacing it needs `--force` (batch) or
//! an explicit confirmation after the diff (TUI), and leaves a `.bak`.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// The ledger's place under the project root.
pub const LEDGER: &str = ".schemata/written.json";

/// Hashes of what schemata last wrote, by path as planned.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ledger {
    pub files: BTreeMap<String, String>,
    /// What a run is about to write, recorded before the first rename: a run killed between
    /// writing a file and recording it leaves a file the ledger still knows as schemata's.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub pending: BTreeMap<String, String>,
}

impl Ledger {
    /// Reads the ledger's JSON; a missing or unreadable ledger remembers nothing (safe:
    /// every differing file then counts as the user's).
    pub fn parse(text: Option<&str>) -> Self {
        text.and_then(|t| serde_json::from_str(t).ok()).unwrap_or_default()
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|_| "{}".into()) + "\n"
    }

    /// Whether `bytes` are exactly what schemata last wrote at `path`.
    pub fn wrote(&self, path: &Path, bytes: &[u8]) -> bool {
        let (k, h) = (key(path), hash(bytes));
        self.files.get(&k).is_some_and(|f| *f == h) || self.pending.get(&k).is_some_and(|p| *p == h)
    }

    /// A pending entry that the file on disk matches was written (by a run killed before it
    /// could say so): it becomes the file's recorded hash, so expecting the next write does
    /// not forget it.
    pub fn settle(&mut self, path: &Path, on_disk: Option<&[u8]>) {
        let k = key(path);
        if let (Some(pending), Some(bytes)) = (self.pending.get(&k), on_disk)
            && *pending == hash(bytes)
        {
            self.files.insert(k.clone(), pending.clone());
        }
        self.pending.remove(&k);
    }

    /// Notes what is about to be written (see [`Ledger::pending`]).
    pub fn expect(&mut self, path: &Path, bytes: &[u8]) {
        self.pending.insert(key(path), hash(bytes));
    }

    pub fn record(&mut self, path: &Path, bytes: &[u8]) {
        let k = key(path);
        self.pending.remove(&k);
        self.files.insert(k, hash(bytes));
    }
}

fn key(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

/// FNV-1a, 64 bits, as hex: a change detector, not a security measure.
pub fn hash(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{h:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembers_exact_bytes() {
        let mut ledger = Ledger::default();
        let p = Path::new("prisma/schema.prisma");
        assert!(!ledger.wrote(p, b"a"));
        ledger.record(p, b"a");
        assert!(ledger.wrote(p, b"a"));
        assert!(!ledger.wrote(p, b"b"));
        ledger.expect(p, b"b");
        assert!(ledger.wrote(p, b"a") && ledger.wrote(p, b"b"), "old and pending both count");
        ledger.record(p, b"b");
        assert!(!ledger.wrote(p, b"a") && ledger.pending.is_empty());
        let back = Ledger::parse(Some(&ledger.to_json()));
        assert_eq!(back, ledger);
        assert_eq!(Ledger::parse(Some("not json")), Ledger::default());
        assert_ne!(hash(b"ab"), hash(b"ba"));
    }
}
