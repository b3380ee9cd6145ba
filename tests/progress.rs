//! The progress log `docs/progress.md`: header, one row per run, stale downstream rows on a re-run.

use pretty_assertions::assert_eq;
use schemata::progress::{FILE, Run, record};

const HEADER: &str = "| Phase | Name | Scope | Status | Date | Notes |\n|---|---|---|---|---|---|\n";

fn run(date: &str) -> Run<'_> {
    Run { scope: "all models", models: 12, generate_ok: Some(true), date }
}

fn row(date: &str) -> String {
    format!("| 4a | DB Schema | all models | ✅ Complete | {date} | 12 models, prisma generate OK |")
}

#[test]
fn the_log_lives_in_docs() {
    assert_eq!(FILE, "docs/progress.md");
}

#[test]
fn missing_file_is_created_with_its_header() {
    let text = record(None, &run("2025-03-01"));
    assert_eq!(text, format!("# Progress\n\n{HEADER}{}\n", row("2025-03-01")));
}

#[test]
fn empty_file_is_treated_as_missing() {
    assert_eq!(record(Some(""), &run("2025-03-01")), record(None, &run("2025-03-01")));
}

#[test]
fn failed_and_not_run_generate_rows() {
    let failed = record(None, &Run { scope: "model User", models: 3, generate_ok: Some(false), date: "2025-03-01" });
    assert!(
        failed
            .ends_with("| 4a | DB Schema | model User | ❌ Failed | 2025-03-01 | 3 models, prisma generate failed |\n")
    );
    let not_run = record(None, &Run { scope: "model User", models: 3, generate_ok: None, date: "2025-03-01" });
    assert!(
        not_run.ends_with(
            "| 4a | DB Schema | model User | ✅ Complete | 2025-03-01 | 3 models, prisma generate not run |\n"
        )
    );
}

#[test]
fn header_is_written_once_across_runs() {
    let first = record(None, &run("2025-03-01"));
    let second = record(Some(&first), &run("2025-03-02"));
    let third = record(Some(&second), &run("2025-03-03"));
    assert_eq!(third.matches("# Progress").count(), 1);
    assert_eq!(third.matches("| Phase |").count(), 1);
    assert_eq!(third.matches("\n|---|").count(), 1);
    assert_eq!(
        third,
        format!("# Progress\n\n{HEADER}{}\n{}\n{}\n", row("2025-03-01"), row("2025-03-02"), row("2025-03-03"))
    );
}

#[test]
fn appends_after_the_last_row_of_an_existing_table() {
    let existing =
        format!("# Progress\n\n{HEADER}| 3 | Domain model | all | ✅ Complete | 2025-02-01 | signed off |\n");
    let text = record(Some(&existing), &run("2025-03-01"));
    assert_eq!(text, format!("{existing}{}\n", row("2025-03-01")));
}

#[test]
fn first_run_marks_nothing_stale() {
    let existing = format!(
        "# Progress\n\n{HEADER}\
         | 3 | Domain model | all | ✅ Complete | 2025-02-01 | signed off |\n\
         | 4b | Seed data | all | ✅ Complete | 2025-02-02 | seeded |\n\
         | 5 | API | all | ✅ Complete | 2025-02-03 | endpoints |\n"
    );
    let text = record(Some(&existing), &run("2025-03-01"));
    assert_eq!(text, format!("{existing}{}\n", row("2025-03-01")));
    assert!(!text.contains("Stale"));
}

#[test]
fn rerun_marks_downstream_complete_rows_stale() {
    let existing = format!(
        "# Progress\n\n{HEADER}\
         | 3 | Domain model | all | ✅ Complete | 2025-02-01 | signed off |\n\
         {}\n\
         | 4b | Seed data | all | ✅ Complete | 2025-02-02 | seeded |\n\
         | 5 | API | all | ✅ Complete | 2025-02-03 | endpoints |\n\
         | 6 | UI | all | ✅ Complete | 2025-02-04 | screens |\n\
         | 7 | Docs | all | ✅ Complete | 2025-02-05 | written |\n\
         | 8 | Release | all | ✅ Complete | 2025-02-06 | shipped |\n\
         | 5 | Webhooks | partial | 🚧 In progress | 2025-02-07 | half done |\n\
         | 6 | Admin UI | all | ❌ Failed | 2025-02-08 | broken |\n\
         | 8 | Hotfix | all | ⚠️ Stale | 2025-02-09 | shipped | Stale: phase 4a re-run 2025-02-20 |\n",
        row("2025-02-10")
    );
    let text = record(Some(&existing), &run("2025-03-01"));
    let expected = format!(
        "# Progress\n\n{HEADER}\
         | 3 | Domain model | all | ✅ Complete | 2025-02-01 | signed off |\n\
         {}\n\
         | 4b | Seed data | all | ⚠️ Stale | 2025-02-02 | seeded | Stale: phase 4a re-run 2025-03-01 |\n\
         | 5 | API | all | ⚠️ Stale | 2025-02-03 | endpoints | Stale: phase 4a re-run 2025-03-01 |\n\
         | 6 | UI | all | ⚠️ Stale | 2025-02-04 | screens | Stale: phase 4a re-run 2025-03-01 |\n\
         | 7 | Docs | all | ✅ Complete | 2025-02-05 | written |\n\
         | 8 | Release | all | ⚠️ Stale | 2025-02-06 | shipped | Stale: phase 4a re-run 2025-03-01 |\n\
         | 5 | Webhooks | partial | 🚧 In progress | 2025-02-07 | half done |\n\
         | 6 | Admin UI | all | ❌ Failed | 2025-02-08 | broken |\n\
         | 8 | Hotfix | all | ⚠️ Stale | 2025-02-09 | shipped | Stale: phase 4a re-run 2025-02-20 |\n\
         {}\n",
        row("2025-02-10"),
        row("2025-03-01")
    );
    assert_eq!(text, expected);
}

#[test]
fn stale_rows_are_not_marked_twice_on_a_third_run() {
    let existing = format!("{HEADER}{}\n| 5 | API | all | ✅ Complete | 2025-02-03 | endpoints |\n", row("2025-02-10"));
    let second = record(Some(&existing), &run("2025-03-01"));
    let third = record(Some(&second), &run("2025-03-02"));
    assert_eq!(third.matches("Stale: phase 4a re-run").count(), 1);
    assert!(
        third.contains("| 5 | API | all | ⚠️ Stale | 2025-02-03 | endpoints | Stale: phase 4a re-run 2025-03-01 |\n")
    );
    assert!(!third.contains("re-run 2025-03-02"));
}

#[test]
fn a_failed_4a_row_still_makes_the_next_run_a_rerun() {
    let existing = format!(
        "{HEADER}| 4a | DB Schema | all | ❌ Failed | 2025-02-10 | 12 models, prisma generate failed |\n\
         | 6 | UI | all | ✅ Complete | 2025-02-04 | screens |\n"
    );
    let text = record(Some(&existing), &run("2025-03-01"));
    assert!(text.contains("| 6 | UI | all | ⚠️ Stale | 2025-02-04 | screens | Stale: phase 4a re-run 2025-03-01 |"));
}

#[test]
fn text_around_the_table_is_kept_byte_for_byte() {
    let before = "# Progress\n\nSome intro with a | pipe.\n\n## Plan\n\n| Step | Owner |\n| --- | --- |\n| 5 | ✅ Complete |\n\n## Log\n\n";
    let table = format!("{HEADER}{}\n| 5 | API | all | ✅ Complete | 2025-02-03 | endpoints |\n", row("2025-02-10"));
    let after = "\n## Notes\n\n  trailing   spaces   \n\n```\n| Phase | x |\n|---|---|\n| 6 | ✅ Complete |\n```\n\t\n";
    let existing = format!("{before}{table}{after}");
    let text = record(Some(&existing), &run("2025-03-01"));
    let new_table = format!(
        "{HEADER}{}\n| 5 | API | all | ⚠️ Stale | 2025-02-03 | endpoints | Stale: phase 4a re-run 2025-03-01 |\n{}\n",
        row("2025-02-10"),
        row("2025-03-01")
    );
    assert_eq!(text, format!("{before}{new_table}{after}"));
}

#[test]
fn crlf_line_ends_are_kept() {
    let existing = format!(
        "# Progress\r\n\r\n{}{}\r\n| 8 | Release | all | ✅ Complete | 2025-02-06 | shipped |\r\n\r\nEnd.\r\n",
        HEADER.replace('\n', "\r\n"),
        row("2025-02-10")
    );
    let text = record(Some(&existing), &run("2025-03-01"));
    let expected = format!(
        "# Progress\r\n\r\n{}{}\r\n| 8 | Release | all | ⚠️ Stale | 2025-02-06 | shipped | Stale: phase 4a re-run 2025-03-01 |\r\n{}\r\n\r\nEnd.\r\n",
        HEADER.replace('\n', "\r\n"),
        row("2025-02-10"),
        row("2025-03-01")
    );
    assert_eq!(text, expected);
    assert_eq!(text.matches('\n').count(), text.matches("\r\n").count());
}

#[test]
fn missing_final_newline_is_kept() {
    let existing = format!("# Progress\n\n{HEADER}{}", row("2025-02-10"));
    let text = record(Some(&existing), &run("2025-03-01"));
    assert_eq!(text, format!("{existing}\n{}", row("2025-03-01")));

    let with_text_after = format!("# Progress\n\n{HEADER}{}\n\nThe end.", row("2025-02-10"));
    let text = record(Some(&with_text_after), &run("2025-03-01"));
    assert_eq!(text, format!("# Progress\n\n{HEADER}{}\n{}\n\nThe end.", row("2025-02-10"), row("2025-03-01")));
}

#[test]
fn crlf_without_final_newline() {
    let existing = format!("{}{}", HEADER.replace('\n', "\r\n"), row("2025-02-10"));
    let text = record(Some(&existing), &run("2025-03-01"));
    assert_eq!(text, format!("{existing}\r\n{}", row("2025-03-01")));
}

#[test]
fn padded_cells_and_extra_columns_are_understood() {
    let existing = "\
|  Phase  | Name        | Scope | Status        | Date       | Notes     | Owner |
| :-----: | ----------- | ----- | ------------- | ---------- | --------- | ----- |
|   4a    | DB Schema   | all   | ✅ Complete   | 2025-02-10 | first     | ana   |
|   4b    | Seed data   | all   |  ✅ Complete  | 2025-02-11 | seeded    | bo    |
|   7     | Docs        | all   | ✅ Complete   | 2025-02-12 | written   | cy    |
";
    let text = record(Some(existing), &run("2025-03-01"));
    let expected = "\
|  Phase  | Name        | Scope | Status        | Date       | Notes     | Owner |
| :-----: | ----------- | ----- | ------------- | ---------- | --------- | ----- |
|   4a    | DB Schema   | all   | ✅ Complete   | 2025-02-10 | first     | ana   |
|   4b    | Seed data   | all   |  ⚠️ Stale  | 2025-02-11 | seeded    | bo    | Stale: phase 4a re-run 2025-03-01 |
|   7     | Docs        | all   | ✅ Complete   | 2025-02-12 | written   | cy    |
| 4a | DB Schema | all models | ✅ Complete | 2025-03-01 | 12 models, prisma generate OK |  |
";
    assert_eq!(text, expected);
}

#[test]
fn only_the_table_with_a_phase_column_is_the_progress_table() {
    let existing = format!(
        "# Status\n\n| Item | Status |\n|---|---|\n| 5 | ✅ Complete |\n\n{HEADER}{}\n| 5 | API | all | ✅ Complete | 2025-02-03 | endpoints |\n\n| Other | Phase |\n|---|---|\n| x | 6 |\n",
        row("2025-02-10")
    );
    let text = record(Some(&existing), &run("2025-03-01"));
    assert!(text.starts_with("# Status\n\n| Item | Status |\n|---|---|\n| 5 | ✅ Complete |\n\n"));
    assert!(text.contains(&format!(
        "| 5 | API | all | ⚠️ Stale | 2025-02-03 | endpoints | Stale: phase 4a re-run 2025-03-01 |\n{}\n\n| Other",
        row("2025-03-01")
    )));
    assert!(text.ends_with("\n| Other | Phase |\n|---|---|\n| x | 6 |\n"));
}

#[test]
fn file_without_a_progress_table_gets_one_appended() {
    let existing = "# Progress\n\nNotes only.\n\n| Item | Status |\n|---|---|\n| 5 | ✅ Complete |\n";
    let text = record(Some(existing), &run("2025-03-01"));
    assert_eq!(text, format!("{existing}\n{HEADER}{}\n", row("2025-03-01")));

    let ends_blank = "Notes.\n\n";
    assert_eq!(record(Some(ends_blank), &run("2025-03-01")), format!("{ends_blank}{HEADER}{}\n", row("2025-03-01")));

    let no_newline = "Notes.";
    assert_eq!(record(Some(no_newline), &run("2025-03-01")), format!("Notes.\n\n{HEADER}{}", row("2025-03-01")));

    let crlf = "Notes.\r\n";
    assert_eq!(
        record(Some(crlf), &run("2025-03-01")),
        format!("Notes.\r\n\r\n{}{}\r\n", HEADER.replace('\n', "\r\n"), row("2025-03-01"))
    );
}

#[test]
fn appended_table_then_grows_in_place() {
    let existing = "Notes.\n";
    let first = record(Some(existing), &run("2025-03-01"));
    let second = record(Some(&first), &run("2025-03-02"));
    assert_eq!(second, format!("Notes.\n\n{HEADER}{}\n{}\n", row("2025-03-01"), row("2025-03-02")));
}
