//! The comments an imported schema keeps ([`Schema::comments`]), looked up by place while
//! blocks are printed, where `prisma format` keeps them: above a block, above or at the end
//! of a member's line, after a block's members, after the last block.

use super::block::Line;
use crate::model::{CommentPlace, Schema};
use std::collections::HashMap;

/// The schema's comments by place, built once per rendering.
#[derive(Default)]
pub struct Notes<'a> {
    before: HashMap<&'a str, Vec<&'a str>>,
    above: HashMap<(&'a str, &'a str), Vec<&'a str>>,
    after: HashMap<(&'a str, &'a str), &'a str>,
    end: HashMap<&'a str, Vec<&'a str>>,
    file_end: Vec<&'a str>,
}

impl<'a> Notes<'a> {
    pub fn new(schema: &'a Schema) -> Self {
        let mut notes = Notes::default();
        for c in &schema.comments {
            let text = c.text.as_str();
            match &c.place {
                CommentPlace::Before { block } => notes.before.entry(block).or_default().push(text),
                CommentPlace::Above { block, member } => notes.above.entry((block, member)).or_default().push(text),
                CommentPlace::After { block, member } => {
                    notes.after.insert((block, member), text);
                }
                CommentPlace::End { block } => notes.end.entry(block).or_default().push(text),
                CommentPlace::FileEnd => notes.file_end.push(text),
            }
        }
        notes
    }

    /// The comment lines above a block, each ending in a newline.
    pub fn before(&self, block: &str, out: &mut String) {
        for line in self.before.get(block).into_iter().flatten() {
            out.push_str(line);
            out.push('\n');
        }
    }

    /// The comment lines above a member.
    pub fn above(&self, block: &str, member: &str) -> Vec<Line> {
        self.above.get(&(block, member)).into_iter().flatten().map(|l| Line::Comment(l.to_string())).collect()
    }

    /// A member's row, with the comment that ends its line.
    pub fn row(&self, block: &str, member: &str, cells: Vec<String>) -> Line {
        match self.after.get(&(block, member)) {
            Some(comment) => Line::Noted(cells, comment.to_string()),
            None => Line::Row(cells),
        }
    }

    /// A block attribute's line, with the comment that ends it.
    pub fn plain(&self, block: &str, attribute: String) -> Line {
        match self.after.get(&(block, attribute.as_str())) {
            Some(comment) => Line::Plain(format!("{attribute} {comment}")),
            None => Line::Plain(attribute),
        }
    }

    /// The comment lines after a block's members.
    pub fn end(&self, block: &str) -> impl Iterator<Item = Line> + '_ {
        self.end.get(block).into_iter().flatten().map(|l| Line::Comment(l.to_string()))
    }

    /// The comment lines after the last block, as `prisma format` sets them off: a blank line
    /// first.
    pub fn file_end(&self, out: &mut String) {
        if self.file_end.is_empty() {
            return;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        for line in &self.file_end {
            out.push_str(line);
            out.push('\n');
        }
    }
}
