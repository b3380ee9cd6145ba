//! Edit forms on tui-textarea: a field, a model, a rename. A form turns its inputs into
//! [`Edit`]s and validates them on a scratch copy of the schema after every keystroke, so
//! each input shows its own error inline before anything is saved.

use crate::edit::{self, Edit, default_text};
use crate::model::{ModelId, Schema};
use tui_textarea::{CursorMove, Input, TextArea};

/// What the form edits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormKind {
    /// A scalar field; `None` adds a new one.
    Field { model: String, field: Option<String> },
    /// A model's name, `@@map` and doc comment; `None` adds a new model.
    Model { model: Option<String> },
    /// A relation field: only its name can change.
    RelationField { model: String, field: String },
}

/// One input of a form.
#[derive(Debug, Clone)]
pub struct FormInput {
    pub label: &'static str,
    pub value: InputValue,
    /// The inline validation message.
    pub error: Option<String>,
}

/// Text, or a yes/no toggle.
#[derive(Debug, Clone)]
pub enum InputValue {
    Text(Box<TextArea<'static>>),
    Toggle(bool),
}

impl FormInput {
    fn text(label: &'static str, value: &str) -> Self {
        let mut area = TextArea::new(vec![value.to_string()]);
        area.move_cursor(CursorMove::End);
        Self { label, value: InputValue::Text(Box::new(area)), error: None }
    }

    fn toggle(label: &'static str, on: bool) -> Self {
        Self { label, value: InputValue::Toggle(on), error: None }
    }

    /// The text typed, trimmed; empty for toggles.
    pub fn content(&self) -> String {
        match &self.value {
            InputValue::Text(t) => t.lines().join(" ").trim().to_string(),
            InputValue::Toggle(_) => String::new(),
        }
    }

    fn on(&self) -> bool {
        matches!(self.value, InputValue::Toggle(true))
    }
}

/// An open edit form.
#[derive(Debug, Clone)]
pub struct Form {
    pub kind: FormKind,
    pub title: String,
    pub inputs: Vec<FormInput>,
    pub focused: usize,
}

impl Form {
    /// The form for a scalar field (existing or new) of `model`.
    pub fn field(schema: &Schema, model: ModelId, field: Option<&str>) -> Self {
        let m = &schema[model];
        let existing = field.and_then(|f| m.field(f));
        let ty = existing.map_or("String".to_string(), |f| schema.type_name(f.ty).to_string());
        let inputs = vec![
            FormInput::text("name", existing.map_or("", |f| f.name.as_str())),
            FormInput::text("type", &ty),
            FormInput::toggle("optional", existing.is_some_and(|f| f.optional)),
            FormInput::toggle("list", existing.is_some_and(|f| f.list)),
            FormInput::text(
                "default",
                &existing.and_then(|f| f.default.as_ref()).map(default_text).unwrap_or_default(),
            ),
            FormInput::toggle("unique", existing.is_some_and(|f| f.unique)),
            FormInput::text("@map", existing.and_then(|f| f.db_name.as_deref()).unwrap_or("")),
            FormInput::text("doc", existing.and_then(|f| f.description.as_deref()).unwrap_or("")),
        ];
        let title = match existing {
            Some(f) => format!("Edit {}.{}", m.name, f.name),
            None => format!("Add a field to {}", m.name),
        };
        Self {
            kind: FormKind::Field { model: m.name.clone(), field: existing.map(|f| f.name.clone()) },
            title,
            inputs,
            focused: 0,
        }
    }

    /// The form for a model (existing or new).
    pub fn model(schema: &Schema, model: Option<ModelId>) -> Self {
        let m = model.map(|id| &schema[id]);
        let inputs = vec![
            FormInput::text("name", m.map_or("", |m| m.name.as_str())),
            FormInput::text("@@map", m.and_then(|m| m.db_name.as_deref()).unwrap_or("")),
            FormInput::text("doc", m.and_then(|m| m.description.as_deref()).unwrap_or("")),
        ];
        let title = m.map_or("Add a model".to_string(), |m| format!("Edit model {}", m.name));
        Self { kind: FormKind::Model { model: m.map(|m| m.name.clone()) }, title, inputs, focused: 0 }
    }

    /// A one-input form renaming a relation field.
    pub fn relation_field(model: &str, field: &str) -> Self {
        Self {
            kind: FormKind::RelationField { model: model.into(), field: field.into() },
            title: format!("Rename {model}.{field}"),
            inputs: vec![FormInput::text("name", field)],
            focused: 0,
        }
    }

    /// Hands a key to the focused text input, then re-validates.
    pub fn input(&mut self, input: Input, schema: &Schema) {
        if let Some(FormInput { value: InputValue::Text(t), .. }) = self.inputs.get_mut(self.focused) {
            // One line per input: Enter saves the form, it never breaks the line.
            t.input_without_shortcuts(input);
        }
        self.validate(schema);
    }

    /// Flips the focused toggle, or types a space into a text input.
    pub fn toggle(&mut self, schema: &Schema) {
        match self.inputs.get_mut(self.focused).map(|i| &mut i.value) {
            Some(InputValue::Toggle(on)) => *on = !*on,
            Some(InputValue::Text(t)) => t.insert_char(' '),
            None => {}
        }
        self.validate(schema);
    }

    /// Moves focus by `delta` inputs, wrapping.
    pub fn move_focus(&mut self, delta: isize) {
        let n = self.inputs.len() as isize;
        self.focused = ((self.focused as isize + delta).rem_euclid(n)) as usize;
    }

    /// The edits the form stands for, each with the input it came from.
    pub fn edits(&self) -> Vec<(usize, Edit)> {
        let text = |i: usize| self.inputs[i].content();
        let opt = |i: usize| Some(text(i)).filter(|t| !t.is_empty());
        let mut out = Vec::new();
        match &self.kind {
            FormKind::Field { model, field } => {
                let name = text(0);
                let m = || model.clone();
                let f = || name.clone();
                match field {
                    Some(old) if *old != name => {
                        out.push((0, Edit::RenameField { model: m(), field: old.clone(), to: name.clone() }))
                    }
                    Some(_) => {}
                    None => out.push((0, Edit::AddField { model: m(), field: f(), ty: text(1) })),
                }
                out.push((1, Edit::SetType { model: m(), field: f(), ty: text(1) }));
                out.push((2, Edit::SetOptional { model: m(), field: f(), optional: self.inputs[2].on() }));
                out.push((3, Edit::SetList { model: m(), field: f(), list: self.inputs[3].on() }));
                out.push((4, Edit::SetDefault { model: m(), field: f(), default: opt(4) }));
                out.push((5, Edit::SetUnique { model: m(), field: f(), unique: self.inputs[5].on() }));
                out.push((6, Edit::SetMap { model: m(), field: f(), column: opt(6) }));
                out.push((7, Edit::SetDoc { model: m(), field: f(), doc: opt(7) }));
            }
            FormKind::Model { model } => {
                let name = text(0);
                match model {
                    Some(old) if *old != name => {
                        out.push((0, Edit::RenameModel { model: old.clone(), to: name.clone() }))
                    }
                    Some(_) => {}
                    None => out.push((0, Edit::AddModel { model: name.clone() })),
                }
                out.push((1, Edit::SetModelMap { model: name.clone(), table: opt(1) }));
                out.push((2, Edit::SetModelDoc { model: name, doc: opt(2) }));
            }
            FormKind::RelationField { model, field } => {
                out.push((0, Edit::RenameField { model: model.clone(), field: field.clone(), to: text(0) }));
            }
        }
        out
    }

    /// Checks every edit on a scratch schema; sets each input's error. True when all apply.
    pub fn validate(&mut self, schema: &Schema) -> bool {
        let mut scratch = schema.clone();
        self.inputs.iter_mut().for_each(|i| i.error = None);
        // The type is checked on its own so its error shows on the type input, not on the
        // name input whose edit (AddField) carries it.
        let type_error = match &self.kind {
            FormKind::Field { .. } => {
                edit::parse_type(schema, edit::split_modifiers(&self.inputs[1].content()).0).err()
            }
            _ => None,
        };
        let mut ok = type_error.is_none();
        if let (Some(input), Some(e)) = (self.inputs.get_mut(1), &type_error) {
            input.error = Some(e.clone());
        }
        for (input, e) in self.edits() {
            if let Err(err) = e.apply(&mut scratch) {
                ok = false;
                let carries_type = matches!(e, Edit::AddField { .. }) && type_error.is_some();
                if self.inputs[input].error.is_none() && !carries_type {
                    self.inputs[input].error = Some(err.0);
                }
                // Later edits name the field by its new name; with the first broken, stop.
                if input == 0 {
                    break;
                }
            }
        }
        ok
    }

    /// The edits that change something, once the form is valid (none when nothing changed).
    pub fn changes(&self, schema: &Schema) -> Vec<Edit> {
        let mut scratch = schema.clone();
        let mut out = Vec::new();
        for (_, e) in self.edits() {
            let before = scratch.clone();
            if e.apply(&mut scratch).is_ok() && scratch != before {
                out.push(e);
            }
        }
        out
    }
}

/// The names a removal would take away, for the confirmation prompt.
pub fn removal(schema: &Schema, model: ModelId, member: Option<&str>) -> (String, Edit) {
    let name = schema[model].name.clone();
    match member {
        Some(f) => (format!("Remove {name}.{f}?"), Edit::RemoveField { model: name, field: f.to_string() }),
        None => {
            let touching = schema.relations_of(model).count();
            let extra = if touching > 0 { format!(" and its {touching} relation(s)") } else { String::new() };
            (format!("Remove model {name}{extra}?"), Edit::RemoveModel { model: name })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::infer::{Settings, infer};
    use crate::ingest::{Source, ingest};
    use crate::model::Decisions;
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    fn schema() -> Schema {
        let doc = "### Order\n| Field | Type |\n|---|---|\n| id | uuid |\n| total | decimal |\n";
        infer(&ingest(&[Source::new("d.md", doc)]), &Decisions::default(), &Settings::default()).schema
    }

    fn typed(c: char) -> Input {
        Input::from(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
    }

    #[test]
    fn a_field_form_yields_only_what_changed() {
        let s = schema();
        let order = s.model_by_name("Order").expect("Order");
        let mut form = Form::field(&s, order, Some("total"));
        assert!(form.validate(&s));
        assert!(form.changes(&s).is_empty());
        form.focused = 2;
        form.toggle(&s);
        form.focused = 0;
        form.input(typed('s'), &s);
        assert_eq!(
            form.changes(&s),
            vec![
                Edit::RenameField { model: "Order".into(), field: "total".into(), to: "totals".into() },
                Edit::SetOptional { model: "Order".into(), field: "totals".into(), optional: true },
            ]
        );
    }

    #[test]
    fn errors_show_on_the_input_that_caused_them() {
        let s = schema();
        let order = s.model_by_name("Order").expect("Order");
        let mut form = Form::field(&s, order, None);
        assert!(!form.validate(&s), "a new field needs a name");
        assert!(form.inputs[0].error.is_some());
        "note".chars().for_each(|c| form.input(typed(c), &s));
        form.focused = 1;
        form.input(typed('x'), &s);
        assert!(form.inputs[0].error.is_none());
        assert!(
            form.inputs[1].error.as_deref().is_some_and(|e| e.contains("unknown type")),
            "{:?}",
            form.inputs[1].error
        );
    }
}
