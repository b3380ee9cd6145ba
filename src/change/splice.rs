//! The merged schema written back into the base files: the blocks whose content changed are
//! rewritten in place, new blocks are appended, and every other byte — comments, blank
//! lines, the generator and datasource, blocks schemata does not model — stays as it was.

use crate::emit::{self, EmitConfig};
use crate::ingest::Source;
use crate::model::{ModelId, Provenance, Schema};
use std::path::Path;

/// One file of the merged schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileText {
    /// The source's name, or for a new file its path beside the base files.
    pub name: String,
    /// What the file holds now; `None` for a new file.
    pub before: Option<String>,
    pub after: String,
}

/// The files that change, and what the person should know about them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Rendered {
    pub files: Vec<FileText>,
    pub notes: Vec<String>,
}

impl Rendered {
    /// The merged schema as one text (the files in order), for previews and error mapping.
    pub fn text(&self) -> String {
        self.files.iter().map(|f| f.after.as_str()).collect::<Vec<_>>().join("\n")
    }
}

/// A block of a base file to replace.
struct Edit {
    file: String,
    /// The 1-based line of the block's header, when the reader recorded it.
    line: u32,
    keyword: &'static str,
    name: String,
    text: String,
}

/// Writes `merged` into the texts of the base `sources` (read as `base`). `folder` is the
/// schema folder of a multi-file base: new models get a file of their own there; with a
/// single file, new blocks are appended to it.
pub fn render(
    sources: &[Source],
    base: &Schema,
    merged: &Schema,
    config: &EmitConfig,
    folder: Option<&str>,
) -> Rendered {
    let mut edits = Vec::new();
    for id in base.model_ids() {
        let (old, new) = (emit::render_model(base, id, config), emit::render_model(merged, id, config));
        if old != new {
            let m = &base[id];
            edits.push(edit(m.provenance.first(), m.kind.keyword(), &m.name, new));
        }
    }
    for (i, e) in base.enums.iter().enumerate() {
        let (old, new) = (enum_block(base, i, config), enum_block(merged, i, config));
        if old != new {
            edits.push(edit(e.provenance.first(), "enum", &e.name, new));
        }
    }
    for (i, t) in base.types.iter().enumerate() {
        let (old, new) = (type_block(base, i, config), type_block(merged, i, config));
        if old != new {
            edits.push(edit(t.provenance.first(), "type", &t.name, new));
        }
    }
    let mut out = Rendered::default();
    let mut files: Vec<FileText> = sources
        .iter()
        .map(|s| FileText { name: s.name.clone(), before: Some(s.text.clone()), after: s.text.clone() })
        .collect();
    // Bottom-up, so the line numbers of the blocks above stay right.
    edits.sort_by(|a, b| (&a.file, std::cmp::Reverse(a.line)).cmp(&(&b.file, std::cmp::Reverse(b.line))));
    for e in edits {
        // With no recorded file, the first file that holds the block.
        let file = match files.iter().position(|f| f.name == e.file) {
            Some(i) => Some(i),
            None => files.iter().position(|f| {
                let lines: Vec<&str> = f.after.split_inclusive('\n').collect();
                block_span(&lines, 0, e.keyword, &e.name).is_some()
            }),
        }
        .map(|i| &mut files[i]);
        let located = match file {
            Some(f) => replace_block(&f.after, e.line, e.keyword, &e.name, &e.text).map(|r| (f, r)),
            None => None,
        };
        match located {
            Some((f, (text, comments))) => {
                f.after = text;
                if comments > 0 {
                    out.notes.push(format!(
                        "{} {}: {comments} comment line(s) inside the block are not kept (the block is rewritten)",
                        e.keyword, e.name
                    ));
                }
            }
            None => {
                out.notes.push(format!("{} {}: its block was not found in {}; not changed", e.keyword, e.name, e.file))
            }
        }
    }
    append_new(sources, base, merged, config, folder, &mut files);
    out.files = files.into_iter().filter(|f| f.before.as_deref() != Some(f.after.as_str())).collect();
    out
}

fn edit(at: Option<&Provenance>, keyword: &'static str, name: &str, text: String) -> Edit {
    Edit {
        file: at.map(|p| p.file.clone()).unwrap_or_default(),
        line: at.map_or(0, |p| p.line),
        keyword,
        name: name.to_string(),
        text,
    }
}

/// One enum's block as the emitter writes it.
fn enum_block(schema: &Schema, i: usize, config: &EmitConfig) -> String {
    cut_out(schema, "enum", &schema.enums[i].name, config)
}

/// One composite type's block as the emitter writes it.
fn type_block(schema: &Schema, i: usize, config: &EmitConfig) -> String {
    cut_out(schema, "type", &schema.types[i].name, config)
}

/// A block of the enums and types, cut out of all of them as the emitter writes them (a
/// type's fields may name the others), with whatever the emitter puts above it.
fn cut_out(schema: &Schema, keyword: &str, name: &str, config: &EmitConfig) -> String {
    let blocks = Schema { models: Vec::new(), order: Vec::new(), relations: Vec::new(), ..schema.clone() };
    let body = emit::render_body(&blocks, config);
    let lines: Vec<&str> = body.split_inclusive('\n').collect();
    match block_span(&lines, 0, keyword, name) {
        Some(span) => lines[span.lead..=span.end].concat(),
        None => String::new(),
    }
}

/// Replaces the block `keyword name` (its `///` lines included) with `text`; returns the new
/// file and how many `//` comment lines of the old block `text` does not carry.
fn replace_block(file: &str, line: u32, keyword: &str, name: &str, text: &str) -> Option<(String, usize)> {
    let (bom, body) = match file.strip_prefix('\u{feff}') {
        Some(rest) => ("\u{feff}", rest),
        None => ("", file),
    };
    let lines: Vec<&str> = body.split_inclusive('\n').collect();
    let span = block_span(&lines, line, keyword, name)?;
    let carried = |l: &&str| text.lines().any(|t| t.trim() == l.trim());
    // The `//` lines above the block go with it only when the new text has them again.
    let start = if lines[span.lead..span.doc].iter().all(carried) { span.lead } else { span.doc };
    let comments = lines[span.header..=span.end].iter().filter(|l| has_comment(l) && !carried(l)).count();
    let end = span.end;
    let mut out = String::from(bom);
    out.push_str(&lines[..start].concat());
    out.push_str(text);
    let rest = lines[end + 1..].concat();
    if end + 1 == lines.len() && !lines[end].ends_with('\n') {
        // The block ended the file without a newline; the emitted one has it.
        out.truncate(out.trim_end_matches('\n').len());
    }
    out.push_str(&rest);
    Some((out, comments))
}

/// Where a block is, by line index.
struct Span {
    /// The first of the comment lines (`//` or `///`) right above the header.
    lead: usize,
    /// The first of the `///` lines right above the header.
    doc: usize,
    header: usize,
    /// The closing `}`.
    end: usize,
}

/// The lines of the block `keyword name`. The header is looked for on `line` (1-based),
/// else anywhere.
fn block_span(lines: &[&str], line: u32, keyword: &str, name: &str) -> Option<Span> {
    let is_header = |l: &str| {
        let mut words = l.split_whitespace();
        words.next() == Some(keyword) && words.next().map(|w| w.trim_end_matches('{')) == Some(name)
    };
    let at = (line as usize).checked_sub(1).filter(|&i| lines.get(i).is_some_and(|l| is_header(l)));
    let header = at.or_else(|| lines.iter().position(|l| is_header(l)))?;
    let above = |from: usize, prefix: &str| {
        let mut start = from;
        while start > 0 && lines[start - 1].trim_start().starts_with(prefix) {
            start -= 1;
        }
        start
    };
    let doc = above(header, "///");
    let lead = above(doc, "//");
    let end = (header..lines.len())
        .find(|&i| lines[i].trim() == "}" || (i == header && lines[i].trim_end().ends_with('}')))?;
    Some(Span { lead, doc, header, end })
}

/// Whether a line holds a `//` comment (not a `///` doc comment) outside string literals.
fn has_comment(line: &str) -> bool {
    let mut in_string = false;
    let mut escaped = false;
    let bytes = line.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            _ if escaped => escaped = false,
            b'\\' if in_string => escaped = true,
            b'"' => in_string = !in_string,
            b'/' if !in_string && bytes.get(i + 1) == Some(&b'/') => return bytes.get(i + 2) != Some(&b'/'),
            _ => {}
        }
    }
    false
}

/// Appends the new enums, types and models: to the single file, or (for a folder) each new
/// model in a file of its own with the new enums and types it is the first to use.
fn append_new(
    sources: &[Source],
    base: &Schema,
    merged: &Schema,
    config: &EmitConfig,
    folder: Option<&str>,
    files: &mut Vec<FileText>,
) {
    let new_models: Vec<ModelId> = merged.order.iter().copied().filter(|id| id.index() >= base.models.len()).collect();
    let mut blocks: Vec<(Option<ModelId>, String)> = Vec::new();
    let mut placed_enums = vec![false; merged.enums.len()];
    let mut placed_types = vec![false; merged.types.len()];
    for &id in &new_models {
        let mut text = String::new();
        if folder.is_some() {
            // The enums and types only this new model brings go in its file.
            for f in &merged[id].fields {
                match f.ty {
                    crate::model::FieldType::Enum(e) if e.index() >= base.enums.len() && !placed_enums[e.index()] => {
                        placed_enums[e.index()] = true;
                        text.push_str(&enum_block(merged, e.index(), config));
                        text.push('\n');
                    }
                    crate::model::FieldType::Composite(t)
                        if t.index() >= base.types.len() && !placed_types[t.index()] =>
                    {
                        placed_types[t.index()] = true;
                        text.push_str(&type_block(merged, t.index(), config));
                        text.push('\n');
                    }
                    _ => {}
                }
            }
        }
        text.push_str(&emit::render_model(merged, id, config));
        blocks.push((Some(id), text));
    }
    let mut header_blocks = Vec::new();
    for i in (base.enums.len()..merged.enums.len()).filter(|&i| !placed_enums[i]) {
        header_blocks.push(enum_block(merged, i, config));
    }
    for i in (base.types.len()..merged.types.len()).filter(|&i| !placed_types[i]) {
        header_blocks.push(type_block(merged, i, config));
    }
    // Enums and types before the models that use them, as the emitter orders a file.
    let main =
        sources.iter().position(|s| s.text.lines().any(|l| l.trim_start().starts_with("datasource "))).unwrap_or(0);
    let append = |files: &mut Vec<FileText>, name: Option<String>, block: &str| {
        let target = match &name {
            Some(n) => files.iter().position(|f| f.name == *n),
            None => files.iter().position(|f| sources.get(main).is_some_and(|s| s.name == f.name)),
        };
        match (target, name) {
            (Some(i), _) => {
                let f = &mut files[i];
                if !f.after.is_empty() && !f.after.ends_with('\n') {
                    f.after.push('\n');
                }
                if !f.after.is_empty() {
                    f.after.push('\n');
                }
                f.after.push_str(block);
            }
            (None, Some(n)) => files.push(FileText { name: n, before: None, after: block.to_string() }),
            (None, None) => {
                files.push(FileText { name: "schema.prisma".into(), before: None, after: block.to_string() })
            }
        }
    };
    for block in header_blocks {
        append(files, None, &block);
    }
    for (id, block) in blocks {
        let name = match (folder, id) {
            (Some(dir), Some(id)) => {
                Some(Path::new(dir).join(emit::model_file_name(&merged[id].name)).to_string_lossy().into_owned())
            }
            _ => None,
        };
        append(files, name, &block);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_outside_strings_only() {
        assert!(has_comment("  email String // login"));
        assert!(!has_comment("  /// the email"));
        assert!(!has_comment("  url String @default(\"http://x\")"));
        assert!(has_comment("  url String @default(\"a\\\"//\") // why"));
    }

    #[test]
    fn a_block_is_found_with_its_doc_lines_and_replaced_alone() {
        let file =
            "// top\n\n/// A user\nmodel User {\n  id String @id // key\n}\n\nmodel Post {\n  id String @id\n}\n";
        let (text, comments) =
            replace_block(file, 4, "model", "User", "model User {\n  id Int @id\n}\n").expect("found");
        assert_eq!(text, "// top\n\nmodel User {\n  id Int @id\n}\n\nmodel Post {\n  id String @id\n}\n");
        assert_eq!(comments, 1);
        // A wrong line falls back to looking for the header.
        let (again, _) = replace_block(file, 1, "model", "Post", "model Post {\n}\n").expect("found");
        assert!(again.ends_with("\nmodel Post {\n}\n"), "{again}");
        assert!(replace_block(file, 1, "model", "Tag", "").is_none());
    }

    #[test]
    fn comments_right_above_a_block_stay_unless_the_new_block_has_them() {
        let file = "// users, since 2019\n/// A user\nmodel User {\n  id String @id\n}\n";
        let kept = replace_block(file, 3, "model", "User", "/// A user\nmodel User {\n  id Int @id\n}\n");
        assert_eq!(kept, Some(("// users, since 2019\n/// A user\nmodel User {\n  id Int @id\n}\n".into(), 0)));
        let carried = "// users, since 2019\n/// A user\nmodel User {\n  id Int @id\n}\n";
        assert_eq!(replace_block(file, 3, "model", "User", carried), Some((carried.to_string(), 0)));
        let inside = "model User {\n  // the key\n  id String @id\n}\n";
        let (_, lost) = replace_block(inside, 1, "model", "User", "model User {\n  id Int @id\n}\n").expect("found");
        assert_eq!(lost, 1);
        let kept = "model User {\n  // the key\n  id Int @id\n}\n";
        assert_eq!(replace_block(inside, 1, "model", "User", kept).map(|(_, n)| n), Some(0));
    }
}
