//! The progress log `docs/progress.md`: one row per run of schemata (phase `4a`, "DB Schema"),
//! and downstream work marked stale when the schema is generated again.
//!
//! Pure: [`record`] takes the file's current text (or `None` when it does not exist) and returns
//! the new text; the caller reads and writes the file. Everything the rules do not touch is kept
//! byte-for-byte: text before and after the table, other tables, line ends (`\r\n` stays
//! `\r\n`) and a missing final newline (the output then ends without one too).
//!
//! The progress table is the first Markdown table (outside fenced code blocks) whose header row
//! has a `Phase` column. Cells are compared trimmed, so padded cells and tables with extra
//! columns are understood. When the file has no such table, a new one is appended at its end.

use std::ops::Range;

/// Where the progress log lives, relative to the project root.
pub const FILE: &str = "docs/progress.md";

/// The phase this tool's runs are logged under.
const PHASE: &str = "4a";
/// The name of that phase in the log.
const NAME: &str = "DB Schema";
/// Phases whose completed work depends on the schema and goes stale when it is regenerated.
const DOWNSTREAM: &[&str] = &["4b", "5", "6", "8"];
const COMPLETE: &str = "✅ Complete";
const FAILED: &str = "❌ Failed";
const STALE: &str = "⚠️ Stale";
const TITLE: &str = "# Progress";
const HEADER: &str = "| Phase | Name | Scope | Status | Date | Notes |";
const DELIMITER: &str = "|---|---|---|---|---|---|";

/// One run's row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Run<'a> {
    /// What was generated, e.g. `all models` or `model User`.
    pub scope: &'a str,
    /// How many models the schema holds.
    pub models: usize,
    /// Whether `prisma generate` succeeded; `None` when it was not run.
    pub generate_ok: Option<bool>,
    /// The run's date, `YYYY-MM-DD`.
    pub date: &'a str,
}

impl Run<'_> {
    fn status(&self) -> &'static str {
        if self.generate_ok == Some(false) { FAILED } else { COMPLETE }
    }

    fn notes(&self) -> String {
        let generate = match self.generate_ok {
            Some(true) => "OK",
            Some(false) => "failed",
            None => "not run",
        };
        format!("{} models, prisma generate {generate}", self.models)
    }

    /// The row's cell for a column of the header, by the column's name; unknown columns are empty.
    fn cell(&self, column: &str) -> String {
        match column.to_ascii_lowercase().as_str() {
            "phase" => PHASE.to_owned(),
            "name" => NAME.to_owned(),
            "scope" => escape(self.scope),
            "status" => self.status().to_owned(),
            "date" => escape(self.date),
            "notes" => self.notes(),
            _ => String::new(),
        }
    }

    /// The row under the standard header:
    /// `| 4a | DB Schema | {scope} | ✅ Complete | YYYY-MM-DD | {N} models, prisma generate OK |`.
    fn row(&self) -> String {
        self.row_for(&["Phase", "Name", "Scope", "Status", "Date", "Notes"])
    }

    /// The row under a header with these column names (in the header's order, with an empty cell
    /// for a column this tool does not fill).
    fn row_for(&self, columns: &[&str]) -> String {
        let mut row = String::from("|");
        for column in columns {
            let cell = self.cell(column);
            if cell.is_empty() {
                row.push_str("  |");
            } else {
                row.push(' ');
                row.push_str(&cell);
                row.push_str(" |");
            }
        }
        row
    }
}

/// The new contents of `docs/progress.md` given its current contents (`None` = file missing).
///
/// - Missing (or empty) file: a `# Progress` title, a blank line, the table header and the row.
/// - Otherwise the row is inserted right after the last row of the progress table, or, when
///   there is no progress table, a new one (header and row) is appended after a blank line.
/// - When the table already holds a `4a` row, this is a re-run: every row of phase `4b`, `5`,
///   `6` or `8` whose status is `✅ Complete` gets the status `⚠️ Stale` and, after its closing
///   `|`, the literal text ` Stale: phase 4a re-run YYYY-MM-DD |`: the brief's "`| Stale: phase
///   4a re-run YYYY-MM-DD` appended to their notes" taken literally, so the note becomes an extra
///   trailing cell right after the Notes cell and the existing notes stay byte-for-byte. Rows of
///   other phases and rows not complete (including those already stale) are left as they are.
pub fn record(existing: Option<&str>, run: &Run) -> String {
    let text = match existing {
        Some(text) if !text.is_empty() => text,
        _ => return new_file(run),
    };
    let lines = split_lines(text);
    let eol = lines.iter().map(|line| line.eol).find(|eol| !eol.is_empty()).unwrap_or("\n");

    let Some(table) = find_table(&lines) else {
        return append_table(text, eol, run);
    };

    let rows = table.header + 2..table.end;
    let rerun =
        rows.clone().any(|i| cell_text(lines[i].text, table.phase).is_some_and(|p| p.eq_ignore_ascii_case(PHASE)));

    let header_cells = cells(lines[table.header].text);
    let columns: Vec<&str> = header_cells.ranges.iter().map(|r| lines[table.header].text[r.clone()].trim()).collect();
    let new_row = run.row_for(&columns);

    let mut out = String::with_capacity(text.len() + new_row.len() + 64);
    for (i, line) in lines.iter().enumerate() {
        if rerun && rows.contains(&i) {
            match mark_stale(line.text, table.phase, table.status, run.date) {
                Some(marked) => out.push_str(&marked),
                None => out.push_str(line.text),
            }
        } else {
            out.push_str(line.text);
        }
        if i + 1 == table.end {
            if line.eol.is_empty() {
                // The table ends the file, which has no final newline: keep it that way.
                out.push_str(eol);
                out.push_str(&new_row);
            } else {
                out.push_str(line.eol);
                out.push_str(&new_row);
                out.push_str(line.eol);
            }
        } else {
            out.push_str(line.eol);
        }
    }
    out
}

/// A fresh `docs/progress.md` holding the header and the run's row.
fn new_file(run: &Run) -> String {
    format!("{TITLE}\n\n{HEADER}\n{DELIMITER}\n{}\n", run.row())
}

/// `text` (which has no progress table) with a new progress table appended after a blank line.
fn append_table(text: &str, eol: &str, run: &Run) -> String {
    let mut out = String::from(text);
    let final_newline = text.ends_with('\n');
    if !final_newline {
        out.push_str(eol);
    }
    // `out` now ends with a line end; a blank line must separate the table from what precedes it.
    let body = out.strip_suffix('\n').unwrap_or(&out);
    let last_line = body.rsplit('\n').next().unwrap_or("");
    if !last_line.trim().is_empty() {
        out.push_str(eol);
    }
    out.push_str(HEADER);
    out.push_str(eol);
    out.push_str(DELIMITER);
    out.push_str(eol);
    out.push_str(&run.row());
    if final_newline {
        out.push_str(eol);
    }
    out
}

/// Turns a downstream `✅ Complete` row stale; `None` when the row is left as it is.
///
/// The status cell's text becomes `⚠️ Stale` (its padding kept) and the note is appended *after*
/// the row's closing `|`, as the brief words it ("`| Stale: phase 4a re-run YYYY-MM-DD` appended
/// to their notes"): the row `| 5 | API | … | done |` becomes
/// `| 5 | API | … | done | Stale: phase 4a re-run 2025-01-02 |`, so the note sits in an extra
/// trailing cell right after the Notes cell, and the existing notes stay byte-for-byte. A row
/// written without a closing `|` gets one first.
fn mark_stale(row: &str, phase_column: usize, status_column: usize, date: &str) -> Option<String> {
    let row_cells = cells(row);
    let phase = row.get(row_cells.ranges.get(phase_column)?.clone())?.trim();
    if !DOWNSTREAM.iter().any(|p| p.eq_ignore_ascii_case(phase)) {
        return None;
    }
    let status_range = row_cells.ranges.get(status_column)?.clone();
    let status = &row[status_range.clone()];
    if !is_complete(status) {
        return None;
    }
    let lead = &status[..status.len() - status.trim_start().len()];
    let trail = &status[status.trim_end().len()..];
    let mut marked = String::with_capacity(row.len() + 48);
    marked.push_str(&row[..status_range.start]);
    marked.push_str(lead);
    marked.push_str(STALE);
    marked.push_str(trail);
    marked.push_str(&row[status_range.end..]);
    let trimmed = marked.trim_end().len();
    marked.truncate(trimmed);
    if !row_cells.closed {
        marked.push_str(" |");
    }
    marked.push_str(" Stale: phase 4a re-run ");
    marked.push_str(&escape(date));
    marked.push_str(" |");
    Some(marked)
}

/// Whether a status cell says `✅ Complete`, tolerating spacing, case and a variation selector.
fn is_complete(status: &str) -> bool {
    let squeezed: String = status.chars().filter(|c| !c.is_whitespace() && *c != '\u{FE0F}').collect();
    squeezed.eq_ignore_ascii_case("✅Complete")
}

/// A value made safe for one table cell: pipes escaped, line breaks flattened.
fn escape(value: &str) -> String {
    value.trim().replace('|', "\\|").replace(['\r', '\n'], " ")
}

/// One line of the file: its text without the line end, and the line end (`""` on a last line
/// without a final newline).
struct Line<'a> {
    text: &'a str,
    eol: &'a str,
}

fn split_lines(text: &str) -> Vec<Line<'_>> {
    text.split_inclusive('\n')
        .map(|piece| {
            let body = piece.strip_suffix('\n').map_or(piece, |p| p.strip_suffix('\r').unwrap_or(p));
            Line { text: body, eol: &piece[body.len()..] }
        })
        .collect()
}

/// The progress table: line indices of its header and one past its last row, and its columns.
struct Table {
    header: usize,
    end: usize,
    phase: usize,
    status: usize,
}

/// The first table (outside fenced code) whose header has a `Phase` column.
fn find_table(lines: &[Line]) -> Option<Table> {
    let mut fence: Option<(char, usize)> = None;
    let mut i = 0;
    while i < lines.len() {
        let text = lines[i].text;
        let trimmed = text.trim_start();
        if let Some((ch, len)) = fence {
            let run = trimmed.chars().take_while(|&c| c == ch).count();
            if run >= len && trimmed[run * ch.len_utf8()..].trim().is_empty() {
                fence = None;
            }
            i += 1;
            continue;
        }
        if let Some(opening) = fence_opening(trimmed) {
            fence = Some(opening);
            i += 1;
            continue;
        }
        if is_row(text) && lines.get(i + 1).is_some_and(|next| is_delimiter(next.text)) {
            let end = (i + 2..lines.len()).find(|&j| !is_row(lines[j].text)).unwrap_or(lines.len());
            let header = cells(text);
            let names: Vec<&str> = header.ranges.iter().map(|r| text[r.clone()].trim()).collect();
            if let Some(phase) = names.iter().position(|n| n.eq_ignore_ascii_case("phase")) {
                let status = names.iter().position(|n| n.eq_ignore_ascii_case("status")).unwrap_or(3);
                return Some(Table { header: i, end, phase, status });
            }
            i = end;
            continue;
        }
        i += 1;
    }
    None
}

/// A line opening a fenced code block: its fence character and length.
fn fence_opening(trimmed: &str) -> Option<(char, usize)> {
    let ch = trimmed.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let len = trimmed.chars().take_while(|&c| c == ch).count();
    (len >= 3).then_some((ch, len))
}

/// A table line: one starting with `|` (after indentation).
fn is_row(line: &str) -> bool {
    line.trim_start().starts_with('|')
}

/// A table's delimiter row, e.g. `|---|:--:|`.
fn is_delimiter(line: &str) -> bool {
    if !is_row(line) {
        return false;
    }
    let row = cells(line);
    !row.ranges.is_empty()
        && row.ranges.iter().all(|r| {
            let cell = line[r.clone()].trim();
            cell.contains('-') && cell.chars().all(|c| c == '-' || c == ':')
        })
}

/// A row's cells, as byte ranges into the line (untrimmed, between the pipes).
struct Cells {
    ranges: Vec<Range<usize>>,
    /// Whether the row ends with a closing `|`.
    closed: bool,
}

fn cells(line: &str) -> Cells {
    let start = line.len() - line.trim_start().len();
    let Some(rest) = line[start..].strip_prefix('|') else {
        return Cells { ranges: Vec::new(), closed: false };
    };
    let mut ranges = Vec::new();
    let mut cell_start = start + 1;
    let mut escaped = false;
    for (offset, c) in rest.char_indices() {
        let at = start + 1 + offset;
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '|' => {
                ranges.push(cell_start..at);
                cell_start = at + 1;
            }
            _ => {}
        }
    }
    let closed = line[cell_start..].trim().is_empty();
    if !closed {
        ranges.push(cell_start..line.len());
    }
    Cells { ranges, closed }
}

/// The trimmed text of a row's cell in a column, if the row has that many cells.
fn cell_text(line: &str, column: usize) -> Option<&str> {
    let row = cells(line);
    row.ranges.get(column).map(|r| line[r.clone()].trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    const DATE: &str = "2025-03-04";

    fn run(generate_ok: Option<bool>) -> Run<'static> {
        Run { scope: "all models", models: 7, generate_ok, date: DATE }
    }

    #[test]
    fn row_texts_follow_the_brief() {
        assert_eq!(
            run(Some(true)).row(),
            "| 4a | DB Schema | all models | ✅ Complete | 2025-03-04 | 7 models, prisma generate OK |"
        );
        assert_eq!(
            run(Some(false)).row(),
            "| 4a | DB Schema | all models | ❌ Failed | 2025-03-04 | 7 models, prisma generate failed |"
        );
        assert_eq!(
            run(None).row(),
            "| 4a | DB Schema | all models | ✅ Complete | 2025-03-04 | 7 models, prisma generate not run |"
        );
    }

    #[test]
    fn scope_pipes_are_escaped() {
        let r = Run { scope: "a|b", ..run(None) };
        assert!(r.row().contains("| a\\|b |"));
    }

    #[test]
    fn cells_split_on_unescaped_pipes() {
        let line = "  | a | b\\|c |d|";
        let row = cells(line);
        let texts: Vec<&str> = row.ranges.iter().map(|r| &line[r.clone()]).collect();
        assert_eq!(texts, [" a ", " b\\|c ", "d"]);
        assert!(row.closed);
        let open = cells("| a | b");
        assert!(!open.closed);
        assert_eq!(open.ranges.len(), 2);
    }

    #[test]
    fn delimiter_rows() {
        assert!(is_delimiter("|---|:--:| --- |"));
        assert!(!is_delimiter("| a | b |"));
        assert!(!is_delimiter("|  |"));
        assert!(!is_delimiter("---"));
    }

    #[test]
    fn complete_status_tolerates_spacing_and_case() {
        assert!(is_complete(" ✅ Complete "));
        assert!(is_complete("✅  complete"));
        assert!(is_complete("✅\u{FE0F} Complete"));
        assert!(!is_complete("⚠️ Stale"));
        assert!(!is_complete("🚧 In progress"));
    }

    #[test]
    fn mark_stale_keeps_padding_and_appends_the_note() {
        let marked = mark_stale("| 5 | API |  ✅ Complete  | done |  ", 0, 2, DATE).unwrap();
        assert_eq!(marked, "| 5 | API |  ⚠️ Stale  | done | Stale: phase 4a re-run 2025-03-04 |");
        let open = mark_stale("| 6 | UI | ✅ Complete | done", 0, 2, DATE).unwrap();
        assert_eq!(open, "| 6 | UI | ⚠️ Stale | done | Stale: phase 4a re-run 2025-03-04 |");
        assert!(mark_stale("| 7 | Docs | ✅ Complete | done |", 0, 2, DATE).is_none());
        assert!(mark_stale("| 5 | API | ⚠️ Stale | done |", 0, 2, DATE).is_none());
    }

    #[test]
    fn tables_in_code_fences_are_ignored() {
        let text = "```\n| Phase | X |\n|---|---|\n| 4a | y |\n```\n";
        assert!(find_table(&split_lines(text)).is_none());
    }

    #[test]
    fn extra_and_reordered_columns_get_cells_by_name() {
        let row = run(Some(true)).row_for(&["Phase", "Owner", "Status", "Name", "Date", "Notes", "Scope"]);
        assert_eq!(row, "| 4a |  | ✅ Complete | DB Schema | 2025-03-04 | 7 models, prisma generate OK | all models |");
    }
}
