//! Flattens pulldown-cmark's event stream into the few block kinds the readers look at.
//!
//! Every block keeps the byte offset where it starts so findings carry file:line.
//! List nesting is capped: items deeper than [`MAX_LIST_DEPTH`] are attached to the
//! deepest kept level, so a hostile document cannot make the tree (or its drop) recurse
//! without bound.

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// Deeper list levels are folded into this one.
pub const MAX_LIST_DEPTH: usize = 12;

/// A span of inline text with where it starts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Text {
    pub text: String,
    pub offset: usize,
}

/// A list item: its own text (inline markup kept as `**bold**` and `` `code` ``) and sub-items.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Item {
    pub text: Text,
    pub children: Vec<Item>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Heading { level: u8, text: Text },
    Paragraph(Text),
    Table { header: Vec<Text>, rows: Vec<Vec<Text>>, offset: usize },
    List { items: Vec<Item>, offset: usize },
    Code { lang: String, text: Text },
}

/// What is being filled while events stream in.
enum Open {
    Heading(u8, Text),
    Paragraph(Text),
    Table {
        header: Vec<Text>,
        rows: Vec<Vec<Text>>,
        offset: usize,
        in_head: bool,
    },
    /// One entry per open list level: the items closed so far and the item being written.
    List {
        levels: Vec<Vec<Item>>,
        current: Vec<Item>,
        offset: usize,
    },
    Code {
        lang: String,
        text: Text,
    },
}

/// Splits a Markdown document into blocks, in order.
pub fn blocks(source: &str) -> Vec<Block> {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut out = Vec::new();
    let mut open: Option<Open> = None;
    let mut cell: Option<Text> = None;
    let mut row: Vec<Text> = Vec::new();
    let mut list_depth = 0usize;

    for (event, range) in Parser::new_ext(source, options).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, .. }) if open.is_none() => {
                open = Some(Open::Heading(heading_level(level), Text { text: String::new(), offset: range.start }));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(Open::Heading(level, text)) = open.take() {
                    out.push(Block::Heading { level, text });
                }
            }
            Event::Start(Tag::Paragraph) if open.is_none() => {
                open = Some(Open::Paragraph(Text { text: String::new(), offset: range.start }));
            }
            Event::End(TagEnd::Paragraph) => match &mut open {
                Some(Open::Paragraph(_)) => {
                    if let Some(Open::Paragraph(text)) = open.take() {
                        out.push(Block::Paragraph(text));
                    }
                }
                // Loose list items wrap their text in paragraphs: separate them by a space.
                Some(Open::List { current, .. }) => {
                    if let Some(item) = current.last_mut() {
                        push_text(&mut item.text, " ", range.start);
                    }
                }
                _ => {}
            },
            Event::Start(Tag::Table(_)) if open.is_none() => {
                open = Some(Open::Table { header: Vec::new(), rows: Vec::new(), offset: range.start, in_head: false });
            }
            Event::Start(Tag::TableHead) => {
                if let Some(Open::Table { in_head, .. }) = &mut open {
                    *in_head = true;
                }
            }
            Event::End(TagEnd::TableHead) => {
                if let Some(Open::Table { in_head, header, .. }) = &mut open {
                    *in_head = false;
                    *header = std::mem::take(&mut row);
                }
            }
            Event::Start(Tag::TableRow) => row.clear(),
            Event::End(TagEnd::TableRow) => {
                if let Some(Open::Table { rows, .. }) = &mut open {
                    rows.push(std::mem::take(&mut row));
                }
            }
            Event::Start(Tag::TableCell) => cell = Some(Text { text: String::new(), offset: range.start }),
            Event::End(TagEnd::TableCell) => {
                if let Some(mut c) = cell.take() {
                    c.text = c.text.trim().to_string();
                    row.push(c);
                }
            }
            Event::End(TagEnd::Table) => {
                if let Some(Open::Table { header, rows, offset, .. }) = open.take() {
                    out.push(Block::Table { header, rows, offset });
                }
            }
            Event::Start(Tag::List(_)) => {
                list_depth += 1;
                match &mut open {
                    None => {
                        open = Some(Open::List { levels: vec![Vec::new()], current: Vec::new(), offset: range.start });
                    }
                    Some(Open::List { levels, .. }) if list_depth <= MAX_LIST_DEPTH => levels.push(Vec::new()),
                    _ => {}
                }
            }
            Event::End(TagEnd::List(_)) => {
                let depth = list_depth;
                list_depth = list_depth.saturating_sub(1);
                if depth > MAX_LIST_DEPTH {
                    continue;
                }
                if let Some(Open::List { levels, current, .. }) = &mut open {
                    let finished = levels.pop().unwrap_or_default();
                    match current.last_mut() {
                        Some(parent) if !levels.is_empty() => parent.children.extend(finished),
                        _ => levels.push(finished),
                    }
                }
                if list_depth == 0
                    && let Some(Open::List { mut levels, offset, .. }) = open.take()
                {
                    let items = levels.pop().unwrap_or_default();
                    out.push(Block::List { items, offset });
                }
            }
            Event::Start(Tag::Item) => {
                if let Some(Open::List { current, .. }) = &mut open {
                    if list_depth <= MAX_LIST_DEPTH || current.is_empty() {
                        current.push(Item {
                            text: Text { text: String::new(), offset: range.start },
                            children: Vec::new(),
                        });
                    } else if let Some(item) = current.last_mut() {
                        push_text(&mut item.text, " ", range.start);
                    }
                }
            }
            Event::End(TagEnd::Item) => {
                if list_depth > MAX_LIST_DEPTH {
                    continue;
                }
                if let Some(Open::List { levels, current, .. }) = &mut open
                    && let Some(mut item) = current.pop()
                {
                    item.text.text = item.text.text.trim().to_string();
                    if let Some(level) = levels.last_mut() {
                        level.push(item);
                    }
                }
            }
            Event::Start(Tag::CodeBlock(kind)) if open.is_none() => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => info.split_whitespace().next().unwrap_or("").to_ascii_lowercase(),
                    CodeBlockKind::Indented => String::new(),
                };
                open = Some(Open::Code { lang, text: Text { text: String::new(), offset: usize::MAX } });
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some(Open::Code { lang, mut text }) = open.take() {
                    if text.offset == usize::MAX {
                        text.offset = range.start;
                    }
                    out.push(Block::Code { lang, text });
                }
            }
            Event::Start(Tag::Strong) => inline(&mut open, &mut cell, "**", range.start),
            Event::End(TagEnd::Strong) => inline(&mut open, &mut cell, "**", range.start),
            Event::Code(code) => {
                let wrapped = format!("`{code}`");
                inline(&mut open, &mut cell, &wrapped, range.start);
            }
            Event::Text(text) => inline(&mut open, &mut cell, &text, range.start),
            Event::SoftBreak | Event::HardBreak => inline(&mut open, &mut cell, " ", range.start),
            _ => {}
        }
    }
    // An unterminated construct still yields what was read.
    if let Some(Open::Code { lang, text }) = open {
        out.push(Block::Code { lang, text });
    }
    out
}

fn heading_level(level: HeadingLevel) -> u8 {
    level as u8
}

fn push_text(target: &mut Text, s: &str, offset: usize) {
    if target.text.is_empty() && target.offset == usize::MAX {
        target.offset = offset;
    }
    target.text.push_str(s);
}

/// Routes inline text to whatever is open: a table cell, a list item, a heading, a paragraph, code.
fn inline(open: &mut Option<Open>, cell: &mut Option<Text>, s: &str, offset: usize) {
    if let Some(c) = cell {
        c.text.push_str(s);
        return;
    }
    match open {
        Some(Open::Heading(_, t)) | Some(Open::Paragraph(t)) | Some(Open::Code { text: t, .. }) => {
            push_text(t, s, offset)
        }
        Some(Open::List { current, .. }) => {
            if let Some(item) = current.last_mut() {
                push_text(&mut item.text, s, offset);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_headings_tables_lists_and_code() {
        let doc = "# Title\n\nSome *prose*.\n\n| Field | Type |\n|---|---|\n| id | uuid |\n\n- **A** - x\n  - a, b\n- c\n\n```ts\ninterface A {}\n```\n";
        let b = blocks(doc);
        assert!(matches!(&b[0], Block::Heading { level: 1, text } if text.text == "Title"));
        assert!(matches!(&b[1], Block::Paragraph(t) if t.text == "Some prose."));
        match &b[2] {
            Block::Table { header, rows, .. } => {
                assert_eq!(header.iter().map(|h| h.text.as_str()).collect::<Vec<_>>(), ["Field", "Type"]);
                assert_eq!(rows[0][1].text, "uuid");
            }
            other => panic!("expected a table, got {other:?}"),
        }
        match &b[3] {
            Block::List { items, .. } => {
                assert_eq!(items.len(), 2);
                assert_eq!(items[0].text.text, "**A** - x");
                assert_eq!(items[0].children[0].text.text, "a, b");
            }
            other => panic!("expected a list, got {other:?}"),
        }
        match &b[4] {
            Block::Code { lang, text } => {
                assert_eq!(lang, "ts");
                assert_eq!(&doc[text.offset..text.offset + 9], "interface");
            }
            other => panic!("expected code, got {other:?}"),
        }
    }

    #[test]
    fn deep_nesting_is_folded() {
        let mut doc = String::new();
        for depth in 0..5000 {
            doc.push_str(&"  ".repeat(depth));
            doc.push_str("- x\n");
        }
        let b = blocks(&doc);
        fn depth(items: &[Item]) -> usize {
            items.iter().map(|i| 1 + depth(&i.children)).max().unwrap_or(0)
        }
        match &b[0] {
            Block::List { items, .. } => assert!(depth(items) <= MAX_LIST_DEPTH),
            other => panic!("expected a list, got {other:?}"),
        }
    }
}
