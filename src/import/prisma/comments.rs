//! The comments of a parsed block, placed by block and member name in the schema (see
//! [`CommentPlace`]), where the emitter finds them again.

use super::parser::{Item, Notes};
use crate::model::{Comment, CommentPlace};

/// Every comment of `item`, the block named `block`; `attributes` are its block attributes as
/// the emitter prints them, in the order parsed (the same order as `item.attribute_notes`).
pub fn place(out: &mut Vec<Comment>, block: &str, item: &Item, attributes: &[String]) {
    let at = |place: CommentPlace, text: &String| Comment { place, text: text.clone() };
    out.extend(item.comments.iter().map(|t| at(CommentPlace::Before { block: block.into() }, t)));
    let members = item.fields.iter().map(|f| (&f.name, &f.notes));
    let members = members.chain(item.values.iter().map(|v| (&v.name, &v.notes)));
    let members = members.chain(item.entries.iter().map(|e| (&e.key, &e.notes)));
    for (member, notes) in members.chain(attributes.iter().zip(&item.attribute_notes)) {
        member_notes(out, block, member, notes);
    }
    out.extend(item.end_comments.iter().map(|t| at(CommentPlace::End { block: block.into() }, t)));
}

fn member_notes(out: &mut Vec<Comment>, block: &str, member: &str, notes: &Notes) {
    let above = || CommentPlace::Above { block: block.into(), member: member.into() };
    out.extend(notes.above.iter().map(|t| Comment { place: above(), text: t.clone() }));
    if let Some(t) = &notes.after {
        out.push(Comment {
            place: CommentPlace::After { block: block.into(), member: member.into() },
            text: t.clone(),
        });
    }
}
