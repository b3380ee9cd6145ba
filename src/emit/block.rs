//! A block writer that lays out lines the way `prisma format` does: the columns of
//! consecutive member lines aligned, doc comments kept inside an alignment group, a blank
//! line ending it, no trailing whitespace.

/// One line inside a `{ ... }` block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    /// Columns to align: `[name, type, attributes]`, `[key, "=", value]`, `[value, attributes]`.
    Row(Vec<String>),
    /// A row and the `//` comment ending its line, one space after its last cell (the comment
    /// takes no part in the alignment).
    Noted(Vec<String>, String),
    /// A `///` doc comment or `//` comment line (already including the slashes).
    Comment(String),
    /// A line printed as is (`@@index([a])`).
    Plain(String),
    /// An empty line; it also ends an alignment group.
    Blank,
}

/// Writes `keyword name {`, the lines, and `}` into `out`.
pub fn write_block(out: &mut String, header: &str, lines: &[Line]) {
    out.push_str(header);
    out.push_str(" {\n");
    let mut start = 0;
    while start < lines.len() {
        // An alignment group runs until the next blank line.
        let end = lines[start..].iter().position(|l| *l == Line::Blank).map_or(lines.len(), |p| start + p);
        write_group(out, &lines[start..end]);
        if end < lines.len() {
            out.push('\n');
        }
        start = end + 1;
    }
    out.push_str("}\n");
}

fn write_group(out: &mut String, lines: &[Line]) {
    let columns = lines.iter().filter_map(|l| cells_of(l).map(<[String]>::len)).max().unwrap_or(0);
    let mut widths = vec![0usize; columns];
    for line in lines {
        if let Some(cells) = cells_of(line) {
            // Every cell widens its column, even one printed last on its line (unpadded).
            for (i, cell) in cells.iter().enumerate() {
                widths[i] = widths[i].max(cell.chars().count());
            }
        }
    }
    for line in lines {
        match line {
            Line::Row(cells) => {
                write_cells(out, cells, &widths);
                out.push('\n');
            }
            Line::Noted(cells, comment) => {
                write_cells(out, cells, &widths);
                out.push(' ');
                out.push_str(comment);
                out.push('\n');
            }
            Line::Comment(text) | Line::Plain(text) => {
                out.push_str("  ");
                out.push_str(text);
                out.push('\n');
            }
            Line::Blank => {}
        }
    }
}

fn cells_of(line: &Line) -> Option<&[String]> {
    match line {
        Line::Row(cells) | Line::Noted(cells, _) => Some(cells),
        _ => None,
    }
}

fn write_cells(out: &mut String, cells: &[String], widths: &[usize]) {
    out.push_str("  ");
    let last = last_filled(cells);
    for (i, cell) in cells.iter().enumerate().take(last + 1) {
        out.push_str(cell);
        if i < last {
            let pad = widths[i].saturating_sub(cell.chars().count()) + 1;
            out.extend(std::iter::repeat_n(' ', pad));
        }
    }
}

fn last_filled(cells: &[String]) -> usize {
    cells.iter().rposition(|c| !c.is_empty()).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cells: &[&str]) -> Line {
        Line::Row(cells.iter().map(|c| c.to_string()).collect())
    }

    #[test]
    fn aligns_like_prisma_format() {
        let mut out = String::new();
        write_block(
            &mut out,
            "model A",
            &[
                row(&["id", "String", "@id"]),
                Line::Comment("/// doc".into()),
                row(&["longName", "Int", ""]),
                row(&["list", "VeryLong[]", ""]),
                Line::Blank,
                row(&["x", "DateTime", "@default(now())"]),
                Line::Blank,
                Line::Plain("@@index([x])".into()),
            ],
        );
        assert_eq!(
            out,
            "model A {\n  id       String     @id\n  /// doc\n  longName Int\n  list     VeryLong[]\n\n  x DateTime @default(now())\n\n  @@index([x])\n}\n"
        );
    }

    #[test]
    fn a_trailing_comment_follows_the_last_cell_and_widens_nothing() {
        let mut out = String::new();
        let noted = |cells: &[&str], c: &str| Line::Noted(cells.iter().map(|c| c.to_string()).collect(), c.into());
        write_block(
            &mut out,
            "model A",
            &[
                noted(&["a", "String", ""], "// the a"),
                row(&["bb", "Int?", "@unique"]),
                noted(&["longName", "Boolean", "@default(true)"], "// flag"),
            ],
        );
        assert_eq!(
            out,
            "model A {\n  a        String // the a\n  bb       Int?    @unique\n  longName Boolean @default(true) // flag\n}\n"
        );
    }
}
