//! Index coverage: the access paths the documents imply — stated query patterns, `GET`
//! endpoints' filters, every foreign key and tenant key — each checked against the model's
//! indexes and keys (a path is served by an index whose leading columns are its equality
//! fields, then its range or order field), with a composite index suggested where none
//! serves: tenant key first, then the other equality fields, then the range/order field.
//!
//! Pure: the caller passes the sources' text; patterns are read once ([`read_patterns`]) and
//! matched against each schema ([`coverage`]), so the TUI recomputes only the cheap part.

pub mod patterns;
mod resolve;

pub use patterns::{Pattern, PatternKind, read as read_patterns};

use crate::ingest::Source;
use crate::model::{Model, ModelId, Provenance, RelationKind, Schema};
use serde::Serialize;
use std::fmt;

/// Why a path is expected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PathSource {
    /// A query pattern sentence in a document.
    Query,
    /// A `GET` endpoint's path and query parameters.
    Endpoint,
    /// A foreign key (joins and `where: { fk }` reads).
    ForeignKey,
    /// The tenant key every tenant-scoped read filters by.
    TenantKey,
}

impl fmt::Display for PathSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            PathSource::Query => "query",
            PathSource::Endpoint => "endpoint",
            PathSource::ForeignKey => "foreign key",
            PathSource::TenantKey => "tenant key",
        })
    }
}

/// One way rows of a model are read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AccessPath {
    pub model: String,
    /// Fields compared with `=`, the tenant key first.
    pub equality: Vec<String>,
    /// The field ranged over or ordered by, after the equality fields.
    pub range: Option<String>,
    pub source: PathSource,
    /// The pattern as stated, or what the key is.
    pub text: String,
    pub at: Option<Provenance>,
}

/// Whether an index serves a path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum Support {
    /// An index or key serves it completely.
    Covered {
        by: String,
    },
    /// An index serves its leading equality fields only.
    Partial {
        by: String,
    },
    Uncovered,
}

/// An access path, what serves it, and the index to add when nothing serves it fully.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Coverage {
    pub path: AccessPath,
    pub support: Support,
    /// `@@index([tenantId, status, placedAt])`, when the path is not covered.
    pub suggestion: Option<String>,
}

/// Stated patterns that named no model, or nothing the model has, said to the user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unmatched {
    pub text: String,
    pub at: Provenance,
}

/// Everything the analysis found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Report {
    pub paths: Vec<Coverage>,
    pub unmatched: Vec<Unmatched>,
}

impl Report {
    /// Paths no index serves fully.
    pub fn gaps(&self) -> impl Iterator<Item = &Coverage> {
        self.paths.iter().filter(|c| !matches!(c.support, Support::Covered { .. }))
    }
}

/// Reads the patterns of `sources` and checks every access path of `schema`.
pub fn analyse(schema: &Schema, sources: &[Source]) -> Report {
    coverage(schema, &read_patterns(sources))
}

/// Checks the access paths of stated `patterns`, foreign keys and tenant keys against `schema`.
pub fn coverage(schema: &Schema, patterns: &[Pattern]) -> Report {
    let tenant_key = schema.tenant_key.as_deref();
    let mut report = Report::default();
    let mut paths: Vec<AccessPath> = Vec::new();
    for p in patterns {
        if p.kind == PatternKind::Endpoint && resolve::is_key_lookup(&p.text) {
            continue;
        }
        match resolve::resolve(schema, tenant_key, p) {
            Some(m) if !m.equality.is_empty() || m.range.is_some() => {
                let source = if p.kind == PatternKind::Sentence { PathSource::Query } else { PathSource::Endpoint };
                paths.push(AccessPath {
                    model: schema[m.model].name.clone(),
                    equality: m.equality,
                    range: m.range,
                    source,
                    text: p.text.clone(),
                    at: Some(p.at.clone()),
                });
            }
            _ => report.unmatched.push(Unmatched { text: p.text.clone(), at: p.at.clone() }),
        }
    }
    for &id in &schema.order {
        key_paths(schema, id, tenant_key, &mut paths);
    }
    let mut seen: Vec<(String, Vec<String>, Option<String>)> = Vec::new();
    for path in paths {
        let key = (path.model.clone(), sorted(&path.equality), path.range.clone());
        if seen.contains(&key) {
            continue;
        }
        seen.push(key);
        let Some(model) = schema.model_by_name(&path.model).map(|id| &schema[id]) else { continue };
        report.paths.push(check(model, path, tenant_key));
    }
    report
}

fn sorted(fields: &[String]) -> Vec<String> {
    let mut v = fields.to_vec();
    v.sort();
    v
}

/// Foreign-key and tenant-key paths of one model.
fn key_paths(schema: &Schema, id: ModelId, tenant_key: Option<&str>, paths: &mut Vec<AccessPath>) {
    let model = &schema[id];
    if let Some(key) = tenant_key.filter(|k| model.field(k).is_some()) {
        paths.push(AccessPath {
            model: model.name.clone(),
            equality: vec![key.to_string()],
            range: None,
            source: PathSource::TenantKey,
            text: format!("{}.{key}", model.name),
            at: None,
        });
    }
    let keys = schema
        .relations
        .iter()
        .filter(|r| r.holder == id && r.kind != RelationKind::ManyToMany && !r.fk_fields.is_empty() && r.is_emitted());
    for r in keys {
        paths.push(AccessPath {
            model: model.name.clone(),
            equality: r.fk_fields.clone(),
            range: None,
            source: PathSource::ForeignKey,
            text: format!("{}.{} → {}", model.name, r.fk_fields.join(", "), schema[r.target].name),
            at: None,
        });
    }
}

/// The model's indexes and keys: a label and the fields in index order; whether unique.
fn indexes(model: &Model) -> Vec<(String, Vec<String>, bool)> {
    let mut out = Vec::new();
    for f in model.fields.iter().filter(|f| f.id) {
        out.push((format!("@id {}", f.name), vec![f.name.clone()], true));
    }
    if let Some(pk) = &model.primary_key {
        out.push((format!("@@id([{}])", pk.fields.join(", ")), pk.fields.clone(), true));
    }
    for f in model.fields.iter().filter(|f| f.unique && !f.id) {
        out.push((format!("@unique {}", f.name), vec![f.name.clone()], true));
    }
    for u in &model.uniques {
        out.push((format!("@@unique([{}])", u.fields.join(", ")), u.fields.clone(), true));
    }
    for i in &model.indexes {
        out.push((format!("@@index([{}])", i.fields.join(", ")), i.fields.clone(), false));
    }
    out
}

fn check(model: &Model, path: AccessPath, tenant_key: Option<&str>) -> Coverage {
    let all = indexes(model);
    let eq = &path.equality;
    let covers = |cols: &[String], unique: bool| {
        let n = eq.len();
        let prefix_ok = cols.len() >= n && cols[..n].iter().all(|c| eq.contains(c));
        let range_ok = match &path.range {
            None => true,
            Some(r) => cols.get(n) == Some(r),
        };
        // A unique key made of equality fields returns at most one row: nothing to range over.
        let unique_hit = unique && !cols.is_empty() && cols.iter().all(|c| eq.contains(c));
        (prefix_ok && range_ok) || unique_hit
    };
    if let Some((label, _, _)) = all.iter().find(|(_, cols, unique)| covers(cols, *unique)) {
        return Coverage { path, support: Support::Covered { by: label.clone() }, suggestion: None };
    }
    let leading = |cols: &[String]| cols.iter().take_while(|c| eq.contains(c)).count();
    // The index serving the most leading equality fields; the first of equals.
    let mut best: Option<(usize, &String)> = None;
    for (label, cols, _) in &all {
        let n = leading(cols);
        if n > 0 && best.is_none_or(|(m, _)| n > m) {
            best = Some((n, label));
        }
    }
    let support = match best {
        Some((_, label)) => Support::Partial { by: label.clone() },
        None => Support::Uncovered,
    };
    let suggestion = Some(suggest(&path, tenant_key));
    Coverage { path, support, suggestion }
}

/// `@@index([tenant key, other equality fields…, range field])`.
fn suggest(path: &AccessPath, tenant_key: Option<&str>) -> String {
    let mut cols: Vec<&str> = Vec::new();
    if let Some(key) = tenant_key.filter(|k| path.equality.iter().any(|f| f == k)) {
        cols.push(key);
    }
    cols.extend(path.equality.iter().map(String::as_str).filter(|f| Some(*f) != tenant_key));
    cols.extend(path.range.as_deref());
    format!("@@index([{}])", cols.join(", "))
}

#[cfg(test)]
mod tests;
