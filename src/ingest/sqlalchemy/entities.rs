//! Tables to raw entities: fields with their optionality, defaults and keys as the
//! database ends up with them, enums, and compound keys and indexes.

use super::Reader;
use super::columns::Col;
use super::tables::{Table, Tables};
use super::types::EnumUse;
use crate::ingest::raw::{ConstraintKind, RawConstraint, RawEntity, RawEnum, RawField, RawForm};
use crate::naming;
use ruff_text_size::TextRange;

impl<'m> Reader<'m> {
    /// Writes each table as a raw entity; returns each table's entity index (`None` for a
    /// table defined twice).
    pub(super) fn entities(&mut self, tables: &mut Tables<'m>) -> Vec<Option<usize>> {
        let mut ids = Vec::with_capacity(tables.list.len());
        for t in 0..tables.list.len() {
            if tables.implicit.contains(&t) {
                ids.push(None);
                continue;
            }
            let table = &mut tables.list[t];
            if self.doc.entities.iter().any(|e| e.name == table.name) {
                self.warn(format!("table `{}` is defined twice; the first is kept", table.name), table.at);
                ids.push(None);
                continue;
            }
            table.columns.sort_by_key(|c| c.sort_order);
            let table = &tables.list[t];
            ids.push(Some(self.doc.entities.len()));
            let entity = self.entity(table);
            self.doc.entities.push(entity);
        }
        ids
    }

    fn entity(&mut self, table: &Table<'m>) -> RawEntity {
        // The model is the class (`LineItem`), the table its `@@map` (`order_items`).
        if let Some(class) = table.class
            && naming::model_name_as_written(&table.name) != class
        {
            self.doc.model_names.insert(table.name.clone(), class.to_string());
        }
        let primaries = table.columns.iter().filter(|c| c.primary).count();
        let mut fields = Vec::with_capacity(table.columns.len());
        let mut constraints = Vec::new();
        for col in &table.columns {
            let field = self.field(table, col, primaries);
            if col.index && !field.unique && !field.primary {
                constraints.push(RawConstraint {
                    kind: ConstraintKind::Index,
                    fields: vec![col.field_name().to_string()],
                    at: self.at(col.at),
                });
            }
            fields.push(field);
        }
        let mut entity = RawEntity {
            name: table.name.clone(),
            description: table.description.clone(),
            fields,
            constraints,
            form: RawForm::SqlAlchemy,
            at: self.at(table.at),
            physical: true,
        };
        if primaries > 1 {
            let columns = table.columns.iter().filter(|c| c.primary).map(|c| c.field_name().to_string()).collect();
            let at = table.columns.iter().find(|c| c.primary).map_or(table.at, |c| c.at);
            self.constrain(&mut entity, table, ConstraintKind::PrimaryKey, columns, at);
        }
        for key in &table.keys {
            self.constrain(&mut entity, table, key.kind, key.columns.clone(), key.at);
        }
        entity
    }

    fn field(&mut self, table: &Table<'m>, col: &Col, primaries: usize) -> RawField {
        let primary = col.primary;
        let optional = if primary {
            false
        } else {
            // 2.0: a `mapped_column` is nullable when its annotation is `Optional`; `Column`
            // (and `mapped_column` without an annotation) unless it is a primary key.
            col.nullable.or(col.annotated_optional).unwrap_or(true)
        };
        let (ty, values) = self.field_type(col);
        let integer = matches!(col.ty.ty.as_deref(), Some("integer" | "bigint" | "smallint"));
        // SQLAlchemy's "auto": a lone integer primary key that is not a foreign key is serial.
        let auto = col.autoincrement.unwrap_or(primaries == 1 && primary && col.fk.is_none());
        let default = if col.identity || (integer && auto && col.default.is_none()) {
            Some("autoincrement()".to_string())
        } else {
            col.default.clone()
        };
        let mut default = default;
        if col.ty.list && default.take().is_some() {
            self.skip(
                format!("default of array column `{}.{}`", table.name, col.name),
                "defaults of list fields are not read yet; an absent list is empty",
                col.at,
            );
        }
        RawField {
            // The attribute names the field (`nick`), the column its `@map` (`real_name`).
            name: col.field_name().to_string(),
            db_name: (col.field_name() != col.name).then(|| col.name.clone()),
            updated_at: col.updated_at,
            ty,
            optional: Some(optional),
            list: col.ty.list,
            default,
            unique: col.unique,
            primary: primary && primaries == 1,
            foreign: false,
            description: col.comment.clone(),
            values,
            references: None,
            at: self.at(col.at),
        }
    }

    /// The field's type text and inline enum values; a named enum becomes a raw enum.
    fn field_type(&mut self, col: &Col) -> (Option<String>, Option<Vec<String>>) {
        let Some(use_) = &col.ty.enumeration else { return (col.ty.ty.clone(), None) };
        match use_ {
            EnumUse::Class { class, name, values_callable } => {
                let members = self.scope.enums.get(class).cloned().unwrap_or_default();
                let values = members
                    .iter()
                    .map(|(n, v)| if *values_callable { v.clone().unwrap_or_else(|| n.clone()) } else { n.clone() })
                    .collect();
                // The database type is named `name=`, else the class name in lower case; the
                // enum is the class, which keeps the type's name with `@@map`.
                let type_name = name.clone().unwrap_or_else(|| class.to_lowercase());
                let at = self.enum_at.get(class).copied().unwrap_or(col.at);
                self.raw_enum(type_name.clone(), values, at);
                if naming::model_name_as_written(&type_name) != *class {
                    self.doc.enum_names.entry(type_name.clone()).or_insert_with(|| class.clone());
                }
                (Some(type_name), None)
            }
            EnumUse::Values { values, name: Some(name) } => {
                self.raw_enum(name.clone(), values.clone(), col.at);
                (Some(name.clone()), None)
            }
            EnumUse::Values { values, name: None } => (None, Some(values.clone())),
        }
    }

    fn raw_enum(&mut self, name: String, values: Vec<String>, at: TextRange) {
        if let Some(existing) = self.doc.enums.iter().find(|e| e.name == name) {
            if existing.values != values {
                self.warn(format!("enum type `{name}` is stated twice with different values; the first is kept"), at);
            }
            return;
        }
        if values.is_empty() {
            self.warn(format!("enum type `{name}` has no values"), at);
        }
        let at = self.at(at);
        self.doc.enums.push(RawEnum { name, values, at, physical: true });
    }

    /// A key over `columns`: on the field when it has one column (`@id`, `@unique`), else a
    /// compound constraint, as the SQL reader does.
    fn constrain(
        &mut self,
        entity: &mut RawEntity,
        table: &Table<'m>,
        kind: ConstraintKind,
        columns: Vec<String>,
        at: TextRange,
    ) {
        let mut names = Vec::with_capacity(columns.len());
        for c in &columns {
            match table.column(c) {
                Some(i) => names.push(table.columns[i].field_name().to_string()),
                None => {
                    self.warn(
                        format!("a key or index names column `{c}`, which table `{}` does not have", table.name),
                        at,
                    );
                    return;
                }
            }
        }
        if names.is_empty() {
            return;
        }
        let index = |fields: &[RawField], name: &str| fields.iter().position(|f| f.name == name);
        if kind == ConstraintKind::PrimaryKey {
            for n in &names {
                if let Some(f) = index(&entity.fields, n) {
                    entity.fields[f].optional = Some(false);
                }
            }
        }
        if let [one] = names.as_slice()
            && kind != ConstraintKind::Index
            && let Some(f) = index(&entity.fields, one)
        {
            match kind {
                ConstraintKind::PrimaryKey => entity.fields[f].primary = true,
                _ => entity.fields[f].unique = true,
            }
            return;
        }
        if entity.constraints.iter().any(|c| c.kind == kind && c.fields == names) {
            return;
        }
        let at = self.at(at);
        entity.constraints.push(RawConstraint { kind, fields: names, at });
    }
}
