//! Foreign keys and `relationship()`s. Each foreign key is a relationship, as the SQL
//! reader's are; `relationship()` then says what a key alone does not: a scalar on the side
//! without the key (`uselist=False`, `Mapped["Profile"]`) makes it one-to-one, and
//! `secondary=` makes a many-to-many through an association table.

use super::Reader;
use super::columns::FkTarget;
use super::expr::{boolean, items, kw, last, string, unlambda};
use super::tables::{Rel, Tables};
use crate::ingest::raw::{RawRelationship, StatedCardinality};
use ruff_python_ast::Expr;
use ruff_text_size::Ranged;
use std::collections::HashSet;

/// A foreign key that became a relationship.
struct Link {
    holder: usize,
    column: String,
    attr: Option<String>,
    target: usize,
    /// Index in the document's relationships.
    relationship: usize,
    /// The holder's entity and field.
    field: (usize, usize),
}

impl<'m> Reader<'m> {
    /// Where a foreign key points: its table and column.
    fn fk_target(&self, tables: &Tables<'m>, target: &FkTarget) -> Option<(usize, usize)> {
        let (table, column) = match target {
            FkTarget::Text(text) => {
                let (table, column) = text.rsplit_once('.')?;
                (table.rsplit('.').next().unwrap_or(table), column)
            }
            FkTarget::Attr { owner, attr } => (owner.as_str(), attr.as_str()),
        };
        let t = tables.find(table)?;
        Some((t, tables.list[t].column(column)?))
    }

    /// A foreign key column with no type of its own takes its target's, as SQLAlchemy does.
    pub(super) fn lend_key_types(&mut self, tables: &mut Tables<'m>) {
        // Chains (a key to a key) settle in as many rounds as they are long.
        for _ in 0..4 {
            let mut lent = Vec::new();
            for (t, table) in tables.list.iter().enumerate() {
                for (c, col) in table.columns.iter().enumerate() {
                    let Some(fk) = col.fk.as_ref().filter(|_| !col.typed) else { continue };
                    if let Some((tt, tc)) = self.fk_target(tables, &fk.target) {
                        let target = &tables.list[tt].columns[tc];
                        if target.typed {
                            lent.push((t, c, target.ty.clone()));
                        }
                    }
                }
            }
            if lent.is_empty() {
                break;
            }
            for (t, c, mut ty) in lent {
                ty.list = false;
                let col = &mut tables.list[t].columns[c];
                col.ty = ty;
                col.typed = true;
            }
        }
    }

    /// Association tables (`secondary=`) with the two keys and nothing else: Prisma's implicit
    /// many-to-many, which needs no model. One with a column more is an explicit junction.
    pub(super) fn implicit_joins(&mut self, tables: &mut Tables<'m>) {
        let mut found = HashSet::new();
        for (t, table) in tables.list.iter().enumerate() {
            for rel in &table.rels {
                let Some(via) = kw(rel.call, "secondary").and_then(secondary_name).and_then(|w| tables.find(&w)) else {
                    continue;
                };
                let Some(&target) = target_class(rel).and_then(|c| tables.by_class.get(c.as_str())) else { continue };
                let join = &tables.list[via];
                if join.class.is_some() || join.columns.len() != 2 || via == t || via == target {
                    continue;
                }
                let mut ends: Vec<usize> = join
                    .columns
                    .iter()
                    .filter_map(|c| c.fk.as_ref().and_then(|fk| self.fk_target(tables, &fk.target)))
                    .map(|(end, _)| end)
                    .collect();
                let mut sides = vec![t, target];
                ends.sort_unstable();
                sides.sort_unstable();
                if ends == sides {
                    found.insert(via);
                }
            }
        }
        tables.implicit = found;
    }

    pub(super) fn relations(&mut self, tables: &Tables<'m>, ids: &[Option<usize>]) {
        let links = self.foreign_keys(tables, ids);
        let mut many: Vec<(usize, usize, usize)> = Vec::new();
        for (t, table) in tables.list.iter().enumerate() {
            if ids[t].is_none() {
                continue;
            }
            for rel in &table.rels {
                self.relationship(t, rel, tables, ids, &links, &mut many);
            }
        }
    }

    /// Every foreign key as a relationship, marking its column.
    fn foreign_keys(&mut self, tables: &Tables<'m>, ids: &[Option<usize>]) -> Vec<Link> {
        let mut links = Vec::new();
        for (t, table) in tables.list.iter().enumerate() {
            let Some(e) = ids[t] else { continue };
            for col in &table.columns {
                let Some(fk) = &col.fk else { continue };
                let Some((tt, _)) = self.fk_target(tables, &fk.target) else {
                    let written = match &fk.target {
                        FkTarget::Text(t) => t.clone(),
                        FkTarget::Attr { owner, attr } => format!("{owner}.{attr}"),
                    };
                    self.warn(
                        format!(
                            "foreign key of `{}.{}` references `{written}`, which this file does not define; left out",
                            table.name, col.name
                        ),
                        fk.at,
                    );
                    continue;
                };
                if ids[tt].is_none() {
                    continue;
                }
                let Some(f) = self.doc.entities[e].fields.iter().position(|f| f.name == col.field_name()) else {
                    continue;
                };
                let target = tables.list[tt].name.clone();
                let field = &mut self.doc.entities[e].fields[f];
                field.foreign = true;
                field.references = Some(target.clone());
                let one = field.unique || field.primary;
                let at = self.at(fk.at);
                links.push(Link {
                    holder: t,
                    column: col.name.clone(),
                    attr: col.attr.clone(),
                    target: tt,
                    relationship: self.doc.relationships.len(),
                    field: (e, f),
                });
                self.doc.relationships.push(RawRelationship {
                    left: table.name.clone(),
                    right: target,
                    cardinality: if one { StatedCardinality::OneToOne } else { StatedCardinality::ManyToOne },
                    optional: None,
                    // The key column names the role, which ties the statement to its key.
                    label: Some(col.field_name().to_string()),
                    via: None,
                    on_delete: fk.on_delete.clone(),
                    on_update: fk.on_update.clone(),
                    at,
                });
            }
        }
        links
    }

    fn relationship(
        &mut self,
        holder: usize,
        rel: &Rel<'m>,
        tables: &Tables<'m>,
        ids: &[Option<usize>],
        links: &[Link],
        many: &mut Vec<(usize, usize, usize)>,
    ) {
        let call = rel.call;
        let name = format!("{}.{}", rel.class, rel.attr);
        let Some(target_class) = target_class(rel) else {
            self.aside(format!("relationship `{name}`"), "it names no class", rel.at);
            return;
        };
        let Some(&target) = tables.by_class.get(target_class.as_str()) else {
            self.warn(
                format!("relationship `{name}` names class `{target_class}`, which this file does not map; left out"),
                rel.at,
            );
            return;
        };
        if ids[target].is_none() {
            return;
        }
        if let Some(back) = kw(call, "back_populates").and_then(string) {
            let has = tables.list[target].rels.iter().any(|r| r.class == target_class && r.attr == back);
            if !has {
                self.warn(
                    format!(
                        "relationship `{name}` names `back_populates=\"{back}\"`, which `{target_class}` does not have"
                    ),
                    rel.at,
                );
            }
        }
        if let Some(secondary) = kw(call, "secondary") {
            self.many_to_many(holder, target, &name, secondary, tables, ids, many);
            return;
        }
        let scalar = kw(call, "uselist").and_then(boolean).map(|u| !u).or(rel.ann.as_ref().map(|a| !a.collection));
        let keys: Vec<String> = kw(call, "foreign_keys")
            .map(|k| {
                items(unlambda(k))
                    .iter()
                    .filter_map(|k| match k {
                        Expr::StringLiteral(_) => string(k),
                        other => last(other).map(str::to_string),
                    })
                    .flat_map(|s| {
                        s.trim_matches(|c| c == '[' || c == ']')
                            .split(',')
                            .map(|p| p.trim().rsplit('.').next().unwrap_or_default().to_string())
                            .collect::<Vec<_>>()
                    })
                    .collect()
            })
            .unwrap_or_default();
        let named = |l: &&Link| keys.is_empty() || keys.iter().any(|k| *k == l.column || l.attr.as_deref() == Some(k));
        // Keys the target holds to this class (this side is the "one"), and this class's to it.
        let down: Vec<&Link> =
            links.iter().filter(|l| l.holder == target && l.target == holder).filter(named).collect();
        let up: Vec<&Link> = links.iter().filter(|l| l.holder == holder && l.target == target).filter(named).collect();
        let custom = kw(call, "primaryjoin").is_some();
        if down.is_empty() && up.is_empty() {
            if custom {
                self.aside(
                    format!("join condition of relationship `{name}`"),
                    "custom `primaryjoin` conditions are not read; no foreign key joins the tables",
                    rel.at,
                );
            } else {
                self.warn(
                    format!(
                        "relationship `{name}`: no foreign key joins `{}` and `{}`; left out",
                        tables.list[holder].name, tables.list[target].name
                    ),
                    rel.at,
                );
            }
            return;
        }
        if holder == target {
            // Self-referential: which side is which is `remote_side`'s business; the key says it.
            return;
        }
        let backref_scalar = kw(call, "backref").is_some_and(|b| match b {
            Expr::Call(c) => kw(c, "uselist").and_then(boolean) == Some(false),
            _ => false,
        });
        let one_to_one = if !down.is_empty() && up.is_empty() && scalar == Some(true) {
            &down
        } else if !up.is_empty() && down.is_empty() && backref_scalar {
            &up
        } else {
            return;
        };
        match one_to_one.as_slice() {
            [link] => {
                self.doc.relationships[link.relationship].cardinality = StatedCardinality::OneToOne;
                // Prisma holds a one-to-one with a unique key.
                self.doc.entities[link.field.0].fields[link.field.1].unique = true;
            }
            _ => self.info(
                format!(
                    "relationship `{name}` is one-to-one, but several foreign keys join the tables; name one with `foreign_keys=`"
                ),
                rel.at,
            ),
        }
    }

    /// `relationship("Tag", secondary=post_tags)`: a many-to-many through the association
    /// table, stated once for both of its sides.
    #[allow(clippy::too_many_arguments)]
    fn many_to_many(
        &mut self,
        holder: usize,
        target: usize,
        name: &str,
        secondary: &'m Expr,
        tables: &Tables<'m>,
        ids: &[Option<usize>],
        many: &mut Vec<(usize, usize, usize)>,
    ) {
        let secondary = unlambda(secondary);
        let written = secondary_name(secondary);
        let found = written.as_deref().and_then(|w| tables.find(w));
        let Some(via) = found.filter(|&v| ids[v].is_some() || tables.implicit.contains(&v)) else {
            self.warn(
                format!(
                    "relationship `{name}` goes through `{}`, which is not a table of this file; left out",
                    written.unwrap_or_else(|| "an expression".into())
                ),
                secondary.range(),
            );
            return;
        };
        let key = (holder.min(target), holder.max(target), via);
        if many.contains(&key) {
            return;
        }
        many.push(key);
        let implicit = tables.implicit.contains(&via);
        if implicit {
            self.info(
                format!(
                    "association table `{}` holds the two keys and nothing else: the many-to-many is Prisma's implicit one, whose join table Prisma names itself",
                    tables.list[via].name
                ),
                secondary.range(),
            );
        }
        let at = self.at(secondary.range());
        self.doc.relationships.push(RawRelationship {
            left: tables.list[holder].name.clone(),
            right: tables.list[target].name.clone(),
            cardinality: StatedCardinality::ManyToMany,
            optional: None,
            label: None,
            via: (!implicit).then(|| tables.list[via].name.clone()),
            on_delete: None,
            on_update: None,
            at,
        });
    }
}

/// The class a `relationship()` names: its first argument, else its `Mapped[...]` annotation.
fn target_class(rel: &Rel<'_>) -> Option<String> {
    let written = rel.call.arguments.args.first().map(unlambda).and_then(|a| match a {
        Expr::StringLiteral(_) => string(a).map(|s| s.rsplit('.').next().unwrap_or(&s).trim().to_string()),
        other => last(other).map(str::to_string),
    });
    written.or_else(|| rel.ann.as_ref().and_then(|a| a.target.name()))
}

/// The table a `secondary=` names: `"post_tags"`, `post_tags`, `lambda: post_tags`.
fn secondary_name(secondary: &Expr) -> Option<String> {
    match unlambda(secondary) {
        e @ Expr::StringLiteral(_) => string(e),
        other => last(other).map(str::to_string),
    }
}
