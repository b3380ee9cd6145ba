//! The `schemata` binary end to end: exit codes, messages, the files `generate` writes and
//! keeps, `inspect` in text and JSON, and the Prisma steps.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_schemata");

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture, absolute.
fn fixture(name: &str) -> PathBuf {
    manifest_dir().join("tests").join("fixtures").join(name)
}

/// The binary in `cwd`, with no Prisma override from the environment of the test run.
fn command(cwd: &Path) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.current_dir(cwd).env_remove("SCHEMATA_PRISMA").env("NO_COLOR", "1");
    cmd
}

fn run(cwd: &Path, args: &[&str]) -> Output {
    command(cwd).args(args).output().expect("the schemata binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn assert_code(o: &Output, code: i32) {
    assert_eq!(o.status.code(), Some(code), "stdout:\n{}\nstderr:\n{}", stdout(o), stderr(o));
}

fn path_str(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// `generate --yes --no-prisma` of `docs` into `<dir>/prisma`.
fn generate_yes(dir: &Path, docs: &[PathBuf]) -> Output {
    let out = dir.join("prisma");
    let mut cmd = command(dir);
    cmd.args(["generate", "--yes", "--no-prisma", "--out", path_str(&out)]).args(docs);
    cmd.output().expect("the schemata binary runs")
}

/// Checks that a bad input is refused with exit code 2 by both commands, naming `expected`
/// (the file, and its line where one applies), and that `generate` wrote nothing.
fn assert_refused(input: &Path, expected: &[&str]) {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("prisma");
    for args in [
        vec!["generate", "--yes", "--no-prisma", "--out", path_str(&out), path_str(input)],
        vec!["inspect", path_str(input)],
        vec!["inspect", "--json", path_str(input)],
    ] {
        let o = run(dir.path(), &args);
        assert_code(&o, 2);
        let err = stderr(&o);
        for e in expected {
            assert!(err.contains(e), "{args:?}: stderr lacks {e:?}:\n{err}");
        }
        assert!(err.starts_with("error: "), "{err}");
        assert!(!err.contains("panicked"), "{err}");
        assert!(stdout(&o).is_empty(), "{args:?} printed to stdout: {}", stdout(&o));
    }
    assert!(!out.exists(), "nothing is written for bad input");
    assert!(!dir.path().join("prisma.config.ts").exists());
}

#[test]
fn a_missing_file_is_refused_by_name() {
    let dir = tempfile::tempdir().expect("tempdir");
    let missing = dir.path().join("no-such-design.md");
    assert_refused(&missing, &[&format!("{}: cannot read: no such file", missing.display())]);
}

#[test]
fn a_folder_is_refused_by_name() {
    let dir = tempfile::tempdir().expect("tempdir");
    let folder = dir.path().join("docs");
    std::fs::create_dir(&folder).expect("mkdir");
    assert_refused(&folder, &[&format!("{}: is a folder", folder.display())]);
}

#[test]
fn a_binary_file_is_refused_with_the_line_of_the_nul() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("diagram.md");
    std::fs::write(&file, b"# Design\n\nsome text\n\x00\x01\x02PNG").expect("write");
    assert_refused(&file, &[&format!("{}:4: is a binary file", file.display())]);
}

#[test]
fn invalid_utf8_is_refused_with_the_line_of_the_bad_byte() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("latin1.md");
    // "Café" in Latin-1 on line 5, after a valid table.
    let bytes = b"# Shop\n\n| Field | Type |\n|---|---|\n| caf\xe9 | string |\n".to_vec();
    std::fs::write(&file, bytes).expect("write");
    assert_refused(&file, &[&format!("{}:5: is not UTF-8", file.display())]);
}

#[test]
fn a_document_without_a_data_model_is_refused_and_says_what_was_skipped() {
    let doc = fixture("no_data_model.md");
    assert_refused(
        &doc,
        &[&format!("{}:1: no data model found", doc.display()), &format!("{}:7:1", doc.display()), "Persona"],
    );
}

#[test]
fn one_bad_document_among_good_ones_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let missing = dir.path().join("missing.md");
    let o = run(dir.path(), &["inspect", path_str(&fixture("design_doc.md")), path_str(&missing)]);
    assert_code(&o, 2);
    assert!(stderr(&o).contains("missing.md"), "{}", stderr(&o));
}

#[test]
fn generate_with_open_questions_and_no_yes_writes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("prisma");
    let o = run(dir.path(), &["generate", "--no-prisma", "--out", path_str(&out), path_str(&fixture("design_doc.md"))]);
    assert_code(&o, 1);
    let err = stderr(&o);
    assert!(err.contains("1 open question(s); nothing was written"), "{err}");
    assert!(err.contains("[relation names] WorkOrder and Technician are joined by 2 relations"), "{err}");
    assert!(err.contains("a) name by role on WorkOrder: WorkOrderCreatedBy, WorkOrderAssignedTo (suggested)"), "{err}");
    assert!(err.contains("b) name by role, then WorkOrder"), "{err}");
    assert!(err.contains("--yes"), "says how to go on: {err}");
    assert!(!out.join("schema.prisma").exists());
    assert!(!dir.path().join("prisma.config.ts").exists());
}

#[test]
fn generate_without_yes_writes_when_nothing_is_open() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("prisma");
    let o = run(
        dir.path(),
        &["generate", "--no-prisma", "--out", path_str(&out), path_str(&fixture("conflict_data_model.md"))],
    );
    assert_code(&o, 0);
    assert!(!stdout(&o).contains("decided:"), "{}", stdout(&o));
    assert!(std::fs::read_to_string(out.join("schema.prisma")).expect("written").contains("model Invoice {"));
}

#[test]
fn generate_yes_prints_each_decision_and_writes_the_schema_and_config() {
    let dir = tempfile::tempdir().expect("tempdir");
    let docs = [fixture("design_doc.md"), fixture("untyped_field.md"), fixture("many_to_many.md")];

    // How many questions the documents raise, as inspect sees them.
    let mut inspect = command(dir.path());
    let json = inspect.arg("inspect").arg("--json").args(&docs).output().expect("runs");
    assert_code(&json, 0);
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).expect("valid JSON");
    let questions = report["schema"]["questions"].as_array().expect("questions").len();
    assert_eq!(questions, 3, "relation names, an untyped field, a many-to-many");

    let o = generate_yes(dir.path(), &docs);
    assert_code(&o, 0);
    let text = stdout(&o);
    let decided: Vec<&str> = text.lines().filter(|l| l.starts_with("decided: ")).collect();
    assert_eq!(decided.len(), questions, "{text}");
    assert!(decided.iter().any(|l| l.contains("Device.frobnicator") && l.ends_with("→ String")), "{decided:#?}");
    assert!(decided.iter().any(|l| l.contains("many-to-many") && l.contains("→ implicit")), "{decided:#?}");

    let schema_path = dir.path().join("prisma").join("schema.prisma");
    let config_path = dir.path().join("prisma.config.ts");
    assert!(text.contains(&format!("wrote {}", schema_path.display())), "{text}");
    assert!(text.contains(&format!("wrote {}", config_path.display())), "{text}");
    let schema = std::fs::read_to_string(&schema_path).expect("schema.prisma written");
    for model in ["model Technician {", "model WorkOrder {", "model Device {", "model Product {", "model Tag {"] {
        assert!(schema.contains(model), "{model} missing:\n{schema}");
    }
    assert!(schema.contains(r#"@relation("WorkOrderCreatedBy""#), "{schema}");
    let config = std::fs::read_to_string(&config_path).expect("prisma.config.ts written");
    assert!(config.contains(r#"schema: "prisma/schema.prisma""#), "{config}");
    assert!(text.contains("5 models"), "{text}");
    assert!(!dir.path().join("prisma").join("schema.prisma.bak").exists());
}

#[test]
fn a_second_identical_run_says_the_files_are_up_to_date() {
    let dir = tempfile::tempdir().expect("tempdir");
    let docs = [fixture("design_doc.md")];
    assert_code(&generate_yes(dir.path(), &docs), 0);
    let schema_path = dir.path().join("prisma").join("schema.prisma");
    let before = std::fs::read(&schema_path).expect("written");

    let o = generate_yes(dir.path(), &docs);
    assert_code(&o, 0);
    let text = stdout(&o);
    assert!(text.contains(&format!("{} is already up to date", schema_path.display())), "{text}");
    assert!(!text.contains("wrote "), "nothing rewritten: {text}");
    assert_eq!(std::fs::read(&schema_path).expect("still there"), before);
    assert!(!dir.path().join("prisma").join("schema.prisma.bak").exists(), "no backup of an identical file");
}

#[test]
fn a_user_edit_to_the_schema_is_refused_then_kept_in_a_backup_with_force() {
    let dir = tempfile::tempdir().expect("tempdir");
    let docs = [fixture("design_doc.md")];
    assert_code(&generate_yes(dir.path(), &docs), 0);
    let schema_path = dir.path().join("prisma").join("schema.prisma");
    let generated = std::fs::read_to_string(&schema_path).expect("written");
    // Re-running over schemata's own output replaces it without a backup.
    assert_code(&generate_yes(dir.path(), &docs), 0);
    assert!(!dir.path().join("prisma").join("schema.prisma.bak").exists());
    let edited = generated.replace("  name  ", "  fullName  ") + "\n// my note\n";
    assert_ne!(edited, generated);
    std::fs::write(&schema_path, &edited).expect("edit");

    // Without --force: the diff is shown, nothing is written.
    let o = generate_yes(dir.path(), &docs);
    assert_code(&o, 1);
    assert!(stderr(&o).contains("changed since schemata last wrote it"), "{}", stderr(&o));
    assert!(stderr(&o).contains("-// my note"), "shows the diff: {}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&schema_path).expect("schema"), edited, "the user's file is untouched");

    let mut forced = Command::new(env!("CARGO_BIN_EXE_schemata"));
    forced.current_dir(dir.path()).args(["generate", "--yes", "--no-prisma", "--force"]).args(&docs);
    let o = forced.output().expect("runs");
    assert_code(&o, 0);
    let backup = dir.path().join("prisma").join("schema.prisma.bak");
    assert_eq!(std::fs::read_to_string(&backup).expect("backup written"), edited, "the user's version is kept");
    assert_eq!(std::fs::read_to_string(&schema_path).expect("schema"), generated);
    assert!(
        stdout(&o).contains("the previous version is in prisma/schema.prisma.bak"),
        "says where it went: {}",
        stdout(&o)
    );
}

#[test]
fn an_existing_prisma_config_is_never_overwritten() {
    let dir = tempfile::tempdir().expect("tempdir");
    let config_path = dir.path().join("prisma.config.ts");
    let mine = "// my own config\nexport default {};\n";
    std::fs::write(&config_path, mine).expect("write config");
    let docs = [fixture("design_doc.md")];
    for _ in 0..2 {
        let o = generate_yes(dir.path(), &docs);
        assert_code(&o, 0);
        assert!(stdout(&o).contains(&format!("kept your {}", config_path.display())), "{}", stdout(&o));
        assert_eq!(std::fs::read_to_string(&config_path).expect("config"), mine);
        assert!(!dir.path().join("prisma.config.ts.bak").exists());
    }
    assert!(dir.path().join("prisma").join("schema.prisma").is_file());
}

#[test]
fn inspect_shows_provenance_skipped_parts_and_open_questions() {
    let o = run(manifest_dir(), &["inspect", "tests/fixtures/design_doc.md"]);
    assert_code(&o, 0);
    let text = stdout(&o);
    let doc = "tests/fixtures/design_doc.md";
    for expected in [
        "Models (2), in dependency order:".to_string(),
        format!("  Technician (stated) at {doc}:18:1"),
        format!("  WorkOrder (stated) at {doc}:26:1"),
        format!("createdAt     DateTime (stated) at {doc}:34:2"),
        format!("email  String unique (stated) at {doc}:24:2"),
        "WorkOrder.createdById → Technician (many-to-one".to_string(),
        "\nSkipped:\n".to_string(),
        format!("table (Method | Path | Description) at {doc}:7:1"),
        format!("```bash block at {doc}:13:1"),
        "\nOpen questions (1):\n".to_string(),
        "1. [relation names] WorkOrder and Technician".to_string(),
    ] {
        assert!(text.contains(&expected), "missing {expected:?} in:\n{text}");
    }
    // Technician comes first: WorkOrder points at it.
    assert!(text.find("  Technician (").unwrap() < text.find("  WorkOrder (").unwrap(), "{text}");
}

#[test]
fn inspect_json_is_valid_json_with_the_schema() {
    let o = run(manifest_dir(), &["inspect", "--json", "tests/fixtures/design_doc.md"]);
    assert_code(&o, 0);
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).expect("valid JSON");
    let models = report["schema"]["models"].as_array().expect("schema.models");
    let names: Vec<&str> = models.iter().filter_map(|m| m["name"].as_str()).collect();
    assert_eq!(names, ["Technician", "WorkOrder"]);
    let work_order = &models[1];
    let fields: Vec<&str> =
        work_order["fields"].as_array().unwrap().iter().filter_map(|f| f["name"].as_str()).collect();
    assert_eq!(fields, ["id", "title", "createdById", "assignedToId", "createdAt"]);
    assert_eq!(work_order["provenance"][0]["file"], "tests/fixtures/design_doc.md");
    assert_eq!(work_order["provenance"][0]["line"], 26);
    let questions = report["schema"]["questions"].as_array().expect("schema.questions");
    assert_eq!(questions.len(), 1);
    assert_eq!(questions[0]["kind"], "relation-names");
    assert_eq!(report["documents"][0]["file"], "tests/fixtures/design_doc.md");
    assert!(report["documents"][0]["skipped"].as_array().is_some_and(|s| s.len() == 2), "{}", report["documents"][0]);
    assert!(report["diagnostics"].is_array());
}

/// The project folder for a Prisma run: the pinned CLI's packages linked in as the project's
/// own `node_modules`, so `prisma.config.ts` can import `prisma/config`.
fn prisma_project() -> Option<(tempfile::TempDir, PathBuf)> {
    common::prisma_cli()?;
    let modules = manifest_dir().join("tests").join("prisma").join("node_modules");
    let dir = tempfile::tempdir().expect("tempdir");
    std::os::unix::fs::symlink(&modules, dir.path().join("node_modules")).expect("link node_modules");
    Some((dir, modules.join(".bin").join("prisma")))
}

#[test]
fn generate_runs_prisma_validate_and_generate() {
    let Some((dir, prisma)) = prisma_project() else { return };
    let o = command(dir.path())
        .args(["generate", "--yes", "--out", "prisma"])
        .arg(fixture("design_doc.md"))
        .env("SCHEMATA_PRISMA", &prisma)
        .env("PRISMA_SCHEMA_ENGINE_BINARY", "/bin/false")
        .output()
        .expect("runs");
    assert_code(&o, 0);
    let text = stdout(&o);
    let validate = text.find("$ prisma validate").unwrap_or_else(|| panic!("no validate step:\n{text}"));
    let generate = text.find("$ prisma generate").unwrap_or_else(|| panic!("no generate step:\n{text}"));
    assert!(validate < generate, "{text}");
    assert!(text.contains("is valid"), "{text}");
    assert!(text.contains("Generated Prisma Client"), "{text}");
    assert!(dir.path().join("prisma").join("generated").join("client.ts").is_file(), "{text}");
}

#[test]
fn generate_with_a_missing_prisma_fails_clearly_but_keeps_the_schema() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("prisma");
    let o = command(dir.path())
        .args(["generate", "--yes", "--out", path_str(&out)])
        .arg(fixture("design_doc.md"))
        .env("SCHEMATA_PRISMA", "/nonexistent/prisma")
        .output()
        .expect("runs");
    assert_code(&o, 1);
    let err = stderr(&o);
    assert!(err.contains("`/nonexistent/prisma` was not found"), "{err}");
    assert!(err.contains("SCHEMATA_PRISMA"), "says how to point at a CLI: {err}");
    assert!(err.contains("--no-prisma"), "says how to skip it: {err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(out.join("schema.prisma").is_file(), "the schema is still written");
    assert!(dir.path().join("prisma.config.ts").is_file());
}

#[test]
fn inspect_into_a_closed_pipe_does_not_panic() {
    let mut child = command(manifest_dir())
        .args(["inspect", "--json", "tests/fixtures/design_doc.md", "tests/fixtures/junction.md"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    // The reader goes away before reading anything, as `| head -0` would.
    drop(child.stdout.take());
    let o = child.wait_with_output().expect("waits");
    let err = stderr(&o);
    assert!(!err.contains("panicked"), "{err}");
}

/// The `schema:` path a written `prisma.config.ts` names, resolved against its folder.
fn configured_schema(config: &Path) -> PathBuf {
    let text = std::fs::read_to_string(config).expect("prisma.config.ts written");
    let line = text.lines().find_map(|l| l.trim().strip_prefix("schema: ")).expect("a schema: line");
    let relative = line.trim_end_matches(',').trim_matches('"');
    config.parent().expect("a folder").join(relative)
}

#[test]
fn prisma_config_names_the_written_schema() {
    for out in ["prisma", "db/prisma", "./schema"] {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut cmd = command(dir.path());
        let o = cmd.args(["generate", "--yes", "--no-prisma", "--out", out]).arg(fixture("design_doc.md")).output();
        let o = o.expect("runs");
        assert_code(&o, 0);
        let config = dir.path().join(out).parent().expect("parent").join("prisma.config.ts");
        let schema = configured_schema(&config);
        assert!(schema.is_file(), "--out {out}: the config names {}, which was not written", schema.display());
    }
}

#[test]
fn prisma_config_names_the_written_schema_when_out_is_the_current_folder() {
    let dir = tempfile::tempdir().expect("tempdir");
    let o = run(dir.path(), &["generate", "--yes", "--no-prisma", "--out", ".", path_str(&fixture("design_doc.md"))]);
    assert_code(&o, 0);
    assert!(dir.path().join("schema.prisma").is_file());
    let schema = configured_schema(&dir.path().join("prisma.config.ts"));
    assert!(schema.is_file(), "the config names {}, which was not written", schema.display());
}
