//! Documents plus an existing schema: the change model by model, the merged schema (checked
//! by the real Prisma CLI), the files written back, `generate --base` end to end, and the
//! review's change marks and diff preview.

mod common;

use schemata::change::{self, Change, Kind};
use schemata::conventions::{self, Naming, Profile, TableNaming};
use schemata::emit::EmitConfig;
use schemata::import;
use schemata::infer::{self, Settings};
use schemata::ingest::{self, Source};
use schemata::model::{Decisions, Schema};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const DOC: &str = "tests/fixtures/change/design.md";
const BASE: &str = "tests/fixtures/change/prisma/schema.prisma";
const MERGED: &str = "tests/fixtures/change/expected/schema.prisma";

fn read(path: &str) -> Source {
    Source::new(path, std::fs::read_to_string(path).expect("fixture"))
}

/// The documents' schema after `profile` (as `generate` makes it), and theirs alone.
fn proposal(docs: &[Source], profile: &Profile) -> (Schema, Schema) {
    let inferred = infer::infer(&ingest::ingest(docs), &Decisions::default(), &Settings::default());
    let mut schema = inferred.schema.clone();
    conventions::apply(&mut schema, profile);
    (schema, inferred.schema)
}

fn import(sources: &[Source]) -> Schema {
    let imported = import::prisma::read(sources);
    let errors: Vec<_> =
        imported.diagnostics.iter().filter(|d| d.severity == schemata::diagnostics::Severity::Error).collect();
    assert!(errors.is_empty(), "{errors:?}");
    imported.schema
}

struct Fixture {
    sources: Vec<Source>,
    base: Schema,
    documents: Schema,
    change: Change,
}

fn fixture() -> Fixture {
    let sources = vec![read(BASE)];
    let base = import(&sources);
    let (proposed, documents) = proposal(&[read(DOC)], &Profile::postgres());
    let change = change::diff(&base, &proposed, Some(&Profile::postgres()));
    Fixture { sources, base, documents, change }
}

fn names(list: &[&str]) -> BTreeSet<String> {
    list.iter().map(|s| s.to_string()).collect()
}

/// Merges `accepted` and renders the single base file.
fn merge(f: &Fixture, accepted: &BTreeSet<String>) -> (change::Merged, String) {
    let merged = change::apply(&f.base, &f.change, accepted);
    let rendered = change::render(&f.sources, &f.base, &merged.schema, &EmitConfig::default(), None);
    assert!(rendered.notes.is_empty(), "{:?}", rendered.notes);
    let text = match rendered.files.as_slice() {
        [] => f.sources[0].text.clone(),
        [file] => file.after.clone(),
        more => panic!("one file expected, got {}", more.len()),
    };
    (merged, text)
}

/// The block `keyword name` of a schema text, doc comments included.
fn block<'a>(text: &'a str, header: &str) -> &'a str {
    let start = text.find(&format!("{header} {{")).unwrap_or_else(|| panic!("no {header} in\n{text}"));
    let start = text[..start].rfind("\n\n").map_or(0, |i| i + 2);
    let end = start + text[start..].find("\n}\n").expect("closed") + 3;
    &text[start..end]
}

#[test]
fn the_change_model_by_model() {
    let f = fixture();
    assert_eq!(
        f.change.lines(),
        [
            "~ model User: ~ field name: String → String?",
            "~ model User: + field phone String?",
            "~ model User: + relation invoices Invoice[]",
            "= model Post (unchanged)",
            "= model Tag (unchanged)",
            "+ model Invoice (new)",
            "· model LegacyAudit (kept, not in the documents)",
            "~ enum Role: + value AUDITOR",
            "+ enum InvoiceStatus (new)",
        ]
    );
    let user = f.change.entry("User").expect("User");
    assert_eq!(user.needs, ["Invoice"]);
    assert_eq!(user.items[0].aspects, [change::Aspect::Optional]);
    assert_eq!(f.change.entry("Invoice").map(|e| e.needs.clone()), Some(vec!["User".to_string()]));
    assert_eq!(f.change.all_names(), names(&["User", "Invoice", "Role", "InvoiceStatus"]));
}

#[test]
fn accepting_everything_merges_into_the_base_and_keeps_the_rest_byte_for_byte() {
    let f = fixture();
    let (merged, text) = merge(&f, &f.change.all_names());
    assert!(merged.notes.is_empty(), "{:?}", merged.notes);
    let expected = std::fs::read_to_string(MERGED).expect("expected merge");
    assert_eq!(text, expected);
    // What the documents do not change is the team's text, comments and all.
    let base = &f.sources[0].text;
    for header in ["model Post", "model Tag", "model LegacyAudit"] {
        assert_eq!(block(&text, header), block(base, header), "{header}");
    }
    assert!(text.starts_with("// The team's schema, written by hand before the invoicing work.\ngenerator client {"));
    assert!(text.contains("  at      DateTime @default(now()) // when the old system wrote it\n"));
    // The existing field that the documents do not mention stays; the new one sits after
    // the field it follows in the documents.
    let user = block(&text, "model User");
    assert!(user.contains("  name      String?\n  /// For invoice reminders\n  phone     String?\n  role "), "{user}");
    assert!(user.contains("createdAt DateTime  @default(now())"), "{user}");
    assert!(!user.contains("updatedAt"), "the profile's audit fields are not forced onto an existing model");
    let report = change::gate(&f.base, &merged.schema, &f.documents, &Profile::postgres());
    assert!(report.passed(), "{report}");
    common::check_with_prisma("merged change fixture", &text);
}

#[test]
fn a_new_model_alone_comes_without_the_relation_its_other_model_must_accept() {
    let f = fixture();
    let (merged, text) = merge(&f, &names(&["Invoice"]));
    assert_eq!(merged.notes, ["relation Invoice.user → User is left out: accept User too to add it"]);
    let invoice = block(&text, "model Invoice");
    assert!(!invoice.contains("userId") && !invoice.contains("user "), "{invoice}");
    assert!(text.contains("enum InvoiceStatus {"), "the new model's enum comes with it");
    // Every block of the base is untouched: only additions at the end.
    assert!(text.starts_with(&f.sources[0].text), "{text}");
    assert!(!text.contains("AUDITOR"), "Role's change follows User, which is not accepted");
    common::check_with_prisma("Invoice alone", &text);
    // Valid, but not what the documents say: the gate stops it.
    let report = change::gate(&f.base, &merged.schema, &f.documents, &Profile::postgres());
    let found: Vec<(Option<&str>, Option<&str>)> =
        report.findings.iter().map(|x| (x.model.as_deref(), x.field.as_deref())).collect();
    assert_eq!(found, [(Some("Invoice"), Some("userId"))], "{report}");
}

#[test]
fn a_changed_model_alone_takes_its_fields_and_the_enum_values_it_uses() {
    let f = fixture();
    let (merged, text) = merge(&f, &names(&["User"]));
    assert_eq!(merged.notes, ["relation Invoice.user → User is left out: accept Invoice too to add it"]);
    let user = block(&text, "model User");
    assert!(user.contains("phone") && user.contains("name      String?") && !user.contains("invoices"), "{user}");
    assert!(block(&text, "enum Role").contains("AUDITOR"));
    assert!(!text.contains("model Invoice"));
    common::check_with_prisma("User alone", &text);
}

#[test]
fn nothing_accepted_is_the_base_unchanged() {
    let f = fixture();
    let (merged, text) = merge(&f, &BTreeSet::new());
    assert_eq!(merged.schema, f.base);
    assert_eq!(text, f.sources[0].text);
}

#[test]
fn the_gate_counts_only_what_the_change_brings() {
    let f = fixture();
    let before = schemata::check::verify(&f.base, &[], Some(&f.documents), &Profile::postgres());
    assert!(!before.passed(), "the base has findings of its own (LegacyAudit is in no document)");
    let mut merged = change::apply(&f.base, &f.change, &f.change.all_names()).schema;
    assert!(change::gate(&f.base, &merged, &f.documents, &Profile::postgres()).passed());
    // A key pointing nowhere is the change's doing, and is found.
    let user = merged.model_by_name("User").expect("User");
    merged[user].fields.push(schemata::model::Field::new(
        "teamId",
        schemata::model::FieldType::Scalar(schemata::model::Scalar::String),
    ));
    let report = change::gate(&f.base, &merged, &f.documents, &Profile::postgres());
    assert_eq!(report.findings.len(), 1, "{report}");
    assert_eq!(report.findings[0].field.as_deref(), Some("teamId"));
}

/// A base introspected from the database: lower-case table names as models, snake_case
/// columns, integer keys. The documents describe `User` and add `Order`.
const INTROSPECTED: &str = "generator client {\n  provider = \"prisma-client\"\n  output   = \"./generated\"\n}\n\n\
datasource db {\n  provider = \"postgresql\"\n}\n\nmodel users {\n  id         Int      @id @default(autoincrement())\n  \
email      String   @unique @db.VarChar(255)\n  created_at DateTime @default(now())\n}\n";

const ORDERS: &str = "## Data model\n\n### User\n\n| Field | Type | Required |\n|---|---|---|\n| id | int | yes |\n\
| email | string | yes |\n| createdAt | timestamp | yes |\n| nickname | string | no |\n\n### Order\n\n\
| Field | Type | Required |\n|---|---|---|\n| id | uuid | yes |\n| userId | int | yes |\n| total | decimal | yes |\n\n\
- Order belongs to User\n";

#[test]
fn models_match_by_table_and_fields_by_column_and_new_keys_take_the_base_key_type() {
    let profile =
        Profile { naming: Naming { snake_columns: true, tables: TableNaming::PluralSnake }, ..Profile::postgres() };
    let sources = vec![Source::new("schema.prisma", INTROSPECTED)];
    let base = import(&sources);
    let (proposed, _) = proposal(&[Source::new("orders.md", ORDERS)], &profile);
    let change = change::diff(&base, &proposed, Some(&profile));
    assert_eq!(
        change.lines(),
        ["~ model users: + field nickname String?", "~ model users: + relation orders Order[]", "+ model Order (new)",]
    );
    let merged = change::apply(&base, &change, &change.all_names());
    let order = merged.schema.model_by_name("Order").expect("Order");
    let key = merged.schema[order].field("userId").expect("the foreign key");
    assert_eq!(merged.schema.field_type(key), "Int", "the key of the base's users is an Int");
    assert_eq!(key.native, None);
    let rendered = change::render(&sources, &base, &merged.schema, &EmitConfig::default(), None);
    let text = &rendered.files[0].after;
    assert!(
        text.contains(
            "  userId    Int      @map(\"user_id\")\n  user      users    @relation(fields: [userId], references: [id])"
        ),
        "{text}"
    );
    assert!(text.contains("  created_at DateTime @default(now())\n  nickname   String?\n"), "{text}");
    common::check_with_prisma("introspected base", text);
}

#[test]
fn a_schema_folder_gets_a_file_per_new_model() {
    let text = std::fs::read_to_string(BASE).expect("fixture");
    let (header, models) = text.split_at(text.find("enum Role").expect("enum"));
    let sources =
        vec![Source::new("prisma/schema/models.prisma", models), Source::new("prisma/schema/schema.prisma", header)];
    let base = import(&sources);
    let (proposed, _) = proposal(&[read(DOC)], &Profile::postgres());
    let change = change::diff(&base, &proposed, Some(&Profile::postgres()));
    let merged = change::apply(&base, &change, &change.all_names());
    let rendered = change::render(&sources, &base, &merged.schema, &EmitConfig::default(), Some("prisma/schema"));
    let files: Vec<(&str, bool)> = rendered.files.iter().map(|f| (f.name.as_str(), f.before.is_some())).collect();
    assert_eq!(files, [("prisma/schema/models.prisma", true), ("prisma/schema/invoice.prisma", false)]);
    let invoice = &rendered.files[1].after;
    assert!(invoice.starts_with("enum InvoiceStatus {"), "{invoice}");
    assert!(rendered.files[0].after.contains("  AUDITOR\n"));
}

/// The documents state physical details (SQL DDL): each differing aspect of a field is one
/// change, what they leave unset stays, and the base's own index is kept beside the new one.
#[test]
fn every_stated_aspect_of_a_field_is_compared() {
    let base_text = "datasource db {\n  provider = \"postgresql\"\n}\n\nmodel Account {\n  \
id          String @id @db.Uuid\n  balance     Int\n  email       String @db.VarChar(100)\n  \
displayName String @map(\"name\")\n  tags        String\n  nickname    String @default(\"x\")\n\n  \
@@index([displayName])\n  @@map(\"accounts\")\n}\n";
    let ddl = "CREATE TABLE accounts (\n  id uuid PRIMARY KEY,\n  balance numeric(12,2) NOT NULL DEFAULT 0,\n  \
email varchar(200) UNIQUE,\n  display_name text NOT NULL,\n  tags text[],\n  nickname text NOT NULL\n);\n\
CREATE INDEX accounts_email_balance_idx ON accounts (email, balance);\n";
    let sources = vec![Source::new("schema.prisma", base_text)];
    let base = import(&sources);
    let (proposed, _) = proposal(&[Source::new("accounts.sql", ddl)], &Profile::postgres());
    let change = change::diff(&base, &proposed, Some(&Profile::postgres()));
    assert_eq!(
        change.lines(),
        [
            "~ model Account: ~ field balance: Int → Decimal @default(0) @db.Decimal(12, 2)",
            "~ model Account: ~ field email: String @db.VarChar(100) → String? @unique @db.VarChar(200)",
            "~ model Account: ~ field displayName: String @map(\"name\") → String @map(\"display_name\")",
            "~ model Account: ~ field tags: String → String[]",
            "~ model Account: + @@index([email, balance])",
        ]
    );
    use change::Aspect::*;
    let aspects: Vec<Vec<change::Aspect>> =
        change.entry("Account").expect("Account").items.iter().map(|i| i.aspects.clone()).collect();
    assert_eq!(aspects, [vec![Type, Default, Native], vec![Optional, Unique, Native], vec![Map], vec![List], vec![]]);
    let merged = change::apply(&base, &change, &change.all_names());
    let rendered = change::render(&sources, &base, &merged.schema, &EmitConfig::default(), None);
    let text = &rendered.files[0].after;
    assert!(text.contains("  nickname    String   @default(\"x\")\n"), "unset in the documents, kept: {text}");
    assert!(text.contains("  @@index([displayName])\n  @@index([email, balance])\n"), "{text}");
    common::check_with_prisma("stated aspects", text);
}

// --- `schemata generate --base`, the binary on a temporary copy ---

const BIN: &str = env!("CARGO_BIN_EXE_schemata");

/// A project folder with the fixture's documents and base schema.
fn project() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(dir.path().join("prisma")).expect("mkdir");
    std::fs::copy(BASE, dir.path().join("prisma/schema.prisma")).expect("copy base");
    std::fs::copy(DOC, dir.path().join("design.md")).expect("copy doc");
    let base = dir.path().join("prisma/schema.prisma");
    (dir, base)
}

fn generate(dir: &Path, args: &[&str]) -> Output {
    let mut cmd = Command::new(BIN);
    cmd.current_dir(dir).env_remove("SCHEMATA_PRISMA").env("NO_COLOR", "1");
    cmd.args(["generate", "design.md", "--no-prisma", "--no-progress"]).args(args);
    cmd.output().expect("the binary runs")
}

fn out(o: &Output) -> (String, String) {
    (String::from_utf8_lossy(&o.stdout).into_owned(), String::from_utf8_lossy(&o.stderr).into_owned())
}

#[test]
fn generate_base_without_yes_prints_the_change_and_writes_nothing() {
    let (dir, base) = project();
    let o = generate(dir.path(), &["--base", "prisma/schema.prisma"]);
    let (stdout, stderr) = out(&o);
    assert_eq!(o.status.code(), Some(1), "{stdout}\n{stderr}");
    for line in [
        "+ model Invoice (new)",
        "~ model User: + field phone String?",
        "= model Tag (unchanged)",
        "· model LegacyAudit (kept, not in the documents)",
    ] {
        assert!(stdout.contains(line), "{line} missing from\n{stdout}");
    }
    assert!(stderr.contains("nothing was written") && stderr.contains("--yes"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&base).expect("base"), std::fs::read_to_string(BASE).expect("fixture"));
    assert!(!dir.path().join("prisma/schema.prisma.bak").exists());
}

#[test]
fn generate_base_yes_merges_into_the_base_and_keeps_a_backup() {
    let (dir, base) = project();
    let o = generate(dir.path(), &["--base", "prisma/schema.prisma", "--yes"]);
    let (stdout, stderr) = out(&o);
    assert_eq!(o.status.code(), Some(0), "{stdout}\n{stderr}");
    assert!(stdout.contains("the previous version is in prisma/schema.prisma.bak"), "{stdout}");
    let written = std::fs::read_to_string(&base).expect("written");
    assert_eq!(written, std::fs::read_to_string(MERGED).expect("expected"));
    let backup = std::fs::read_to_string(dir.path().join("prisma/schema.prisma.bak")).expect("backup");
    assert_eq!(backup, std::fs::read_to_string(BASE).expect("fixture"));
    assert!(!dir.path().join("prisma.config.ts").exists(), "the team's project keeps its own config");
    // The merged file is still the team's: a plain generate refuses to replace it and says
    // how to extend it instead.
    let o = generate(dir.path(), &["--yes"]);
    let (_, stderr) = out(&o);
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("run again with --base prisma/schema.prisma"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&base).expect("kept"), written);
    // Run again: the documents now change nothing.
    let o = generate(dir.path(), &["--base", "prisma/schema.prisma"]);
    let (stdout, _) = out(&o);
    assert_eq!(o.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("the documents change nothing in prisma/schema.prisma"), "{stdout}");
}

#[test]
fn generate_base_model_accepts_one_model() {
    let (dir, base) = project();
    let original = std::fs::read_to_string(BASE).expect("fixture");
    let o = generate(dir.path(), &["--base", "prisma/schema.prisma", "--yes", "--model", "User"]);
    let (stdout, stderr) = out(&o);
    assert_eq!(o.status.code(), Some(0), "{stdout}\n{stderr}");
    assert!(stdout.contains("note: relation Invoice.user → User is left out: accept Invoice too"), "{stdout}");
    let written = std::fs::read_to_string(&base).expect("written");
    assert!(written.contains("  phone     String?\n") && written.contains("  AUDITOR\n"), "{written}");
    assert!(!written.contains("model Invoice"), "{written}");
    let after_user = written.clone();
    // Invoice alone would lose the key the documents state: the gate refuses, nothing is written.
    let o = generate(dir.path(), &["--base", "prisma/schema.prisma", "--yes", "--model", "Invoice"]);
    let (stdout, stderr) = out(&o);
    assert_eq!(o.status.code(), Some(1), "{stdout}\n{stderr}");
    assert!(stdout.contains("accept User too"), "{stdout}");
    assert!(stderr.contains("Invoice.userId is stated by the documents but missing"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&base).expect("kept"), after_user);
    assert_ne!(after_user, original);
    let o = generate(dir.path(), &["--base", "prisma/schema.prisma", "--yes", "--model", "Tag"]);
    let (_, stderr) = out(&o);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("--model Tag: model Tag is unchanged"), "{stderr}");
}

#[test]
fn generate_base_runs_prisma_validate_on_the_merged_schema() {
    let Some(cli) = common::prisma_cli() else { return };
    let (dir, base) = project();
    let modules = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/prisma/node_modules");
    std::os::unix::fs::symlink(&modules, dir.path().join("node_modules")).expect("link node_modules");
    let o = Command::new(BIN)
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .env("SCHEMATA_PRISMA", modules.join(".bin/prisma"))
        .env("PRISMA_SCHEMA_ENGINE_BINARY", "/bin/false")
        .args(["generate", "design.md", "--no-progress", "--base", "prisma/schema.prisma", "--yes"])
        .output()
        .expect("runs");
    let (stdout, stderr) = out(&o);
    assert!(stdout.contains("$ prisma validate") && stdout.contains("is valid"), "{stdout}\n{stderr}");
    let format = cli.run(schemata::prisma::Step::Format, &base, dir.path()).expect("prisma runs");
    assert!(format.success, "{}", format.output());
    assert_eq!(std::fs::read_to_string(&base).expect("read"), std::fs::read_to_string(MERGED).expect("expected"));
}

// --- the review with a base schema: tree marks, the change preview, accept and write ---

mod review {
    use super::*;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use schemata::session::ModelStatus;
    use schemata::tui::app::Base;
    use schemata::tui::dialog::{Dialog, DiffTag};
    use schemata::tui::keymap::Keymap;
    use schemata::tui::theme::Theme;
    use schemata::tui::tree::Node;
    use schemata::tui::writer::FileState;
    use schemata::tui::{Action, App, Options, dispatch, views};

    /// The review of the fixture's documents against a copy of its base in `dir`.
    pub fn app(dir: &Path) -> App {
        let path = dir.join("prisma/schema.prisma");
        std::fs::create_dir_all(dir.join("prisma")).expect("mkdir");
        std::fs::copy(BASE, &path).expect("copy base");
        let sources = vec![Source::new(path.display().to_string(), std::fs::read_to_string(&path).expect("base"))];
        let base = Base { path, schema: import(&sources), sources };
        let options = Options {
            session_path: Some(dir.join(".schemata/session.json")),
            out_dir: dir.join("prisma"),
            profile: Some(Profile::postgres()),
            base: Some(base),
            ..Options::default()
        };
        let mut app = App::new(vec![read(DOC)], None, options, Theme::default(), Keymap::default_keys());
        dispatch(&mut app, Action::Resize(120, 40));
        app
    }

    pub fn screen(app: &App) -> String {
        let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
        terminal.draw(|f| views::draw(f, app)).expect("draw");
        terminal.backend().to_string()
    }

    /// The review on a copy of the base at a relative path, so snapshots name the same files
    /// on every machine.
    fn app_at(name: &str) -> App {
        let dir = Path::new("target/change-screens").join(name);
        let _ = std::fs::remove_dir_all(&dir);
        app(&dir)
    }

    fn rows(app: &App) -> Vec<(String, Option<Kind>)> {
        app.ui.tree.rows.iter().map(|r| (r.label.clone(), r.change)).collect()
    }

    fn diff(app: &App) -> Vec<(DiffTag, String)> {
        app.preview_diff.iter().flatten().map(|l| (l.tag, l.text.trim().to_string())).collect()
    }

    fn run(app: &mut App, actions: impl IntoIterator<Item = Action>) {
        actions.into_iter().for_each(|a| dispatch(app, a));
    }

    #[test]
    fn each_model_shows_its_change_and_kept_models_follow() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut app = app(dir.path());
        run(&mut app, [Action::Bottom, Action::Right]);
        let s = |n: &str, k: Kind| (n.to_string(), Some(k));
        assert_eq!(
            rows(&app),
            [
                s("User", Kind::Changed),
                s("Post", Kind::Unchanged),
                s("Tag", Kind::Unchanged),
                s("Invoice", Kind::Added),
                s("LegacyAudit", Kind::Kept),
                ("enums".to_string(), None),
                s("Role", Kind::Changed),
                s("InvoiceStatus", Kind::Added),
            ]
        );
        assert_eq!(app.ui.tree.rows[0].detail, "changed (3)");
        assert!(matches!(app.ui.tree.rows[4].node, Node::Kept(_)));
    }

    #[test]
    fn the_preview_shows_the_models_change_as_a_diff() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut app = app(dir.path());
        let user = diff(&app);
        let header: Vec<&str> = user.iter().filter(|(t, _)| *t == DiffTag::Header).map(|(_, l)| l.as_str()).collect();
        assert_eq!(header[..3], f_lines("User"));
        let changed: Vec<(DiffTag, &str)> = user
            .iter()
            .filter(|(t, _)| matches!(t, DiffTag::Added | DiffTag::Removed))
            .map(|(t, l)| (*t, l.as_str()))
            .collect();
        assert_eq!(
            changed,
            [
                (DiffTag::Removed, "name      String"),
                (DiffTag::Added, "name      String?"),
                (DiffTag::Added, "/// For invoice reminders"),
                (DiffTag::Added, "phone     String?"),
                (DiffTag::Added, "invoices  Invoice[]"),
            ],
            "re-aligned columns are not shown as changes"
        );
        // A new model is all additions; a kept one is the base's block as it is.
        run(&mut app, [Action::Down, Action::Down, Action::Down]);
        assert!(
            diff(&app)
                .iter()
                .filter(|(t, l)| *t != DiffTag::Header && !l.is_empty())
                .all(|(t, _)| *t == DiffTag::Added)
        );
        run(&mut app, [Action::Down]);
        let kept = diff(&app);
        assert_eq!(kept[0], (DiffTag::Header, "· model LegacyAudit (kept, not in the documents)".to_string()));
        assert!(kept[1..].iter().all(|(t, _)| *t == DiffTag::Same));
        assert!(kept.iter().any(|(_, l)| l == "payload Json"));
        // Confirm and edit do nothing to a kept model.
        run(&mut app, [Action::Confirm, Action::Edit]);
        assert_eq!(app.confirmed_count(), 0);
        assert!(app.ui.dialog.is_none());
    }

    fn f_lines(model: &str) -> Vec<String> {
        fixture().change.entry(model).expect("entry").lines()
    }

    #[test]
    fn confirmed_models_are_merged_into_the_base_and_the_session_remembers_it() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut app = app(dir.path());
        // User, then (Post and Tag left pending) Invoice.
        run(&mut app, [Action::Confirm, Action::NextModel, Action::NextModel, Action::Confirm]);
        assert_eq!(app.accepted(), names(&["User", "Invoice"]));
        run(&mut app, [Action::Write]);
        let Some(Dialog::Write(plan)) = &app.ui.dialog else { panic!("the write summary opens") };
        assert!(plan.merge && plan.refused.is_empty(), "{:?}", plan.refused);
        assert_eq!(plan.files.len(), 1);
        assert_eq!(plan.files[0].state, FileState::Base);
        run(&mut app, [Action::Accept]);
        let base = dir.path().join("prisma/schema.prisma");
        assert_eq!(
            std::fs::read_to_string(&base).expect("written"),
            std::fs::read_to_string(MERGED).expect("expected")
        );
        let backup = std::fs::read_to_string(dir.path().join("prisma/schema.prisma.bak")).expect(".bak");
        assert_eq!(backup, std::fs::read_to_string(BASE).expect("fixture"));
        let session = std::fs::read_to_string(dir.path().join(".schemata/session.json")).expect("session");
        assert!(session.contains(&format!("\"base\": \"{}\"", base.display())), "{session}");
        assert_eq!(app.status_of("User"), ModelStatus::Confirmed);
    }

    #[test]
    fn a_merge_the_gate_refuses_is_not_written() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut app = app(dir.path());
        run(&mut app, [Action::Write]);
        assert!(app.ui.dialog.is_none(), "nothing accepted: nothing to write");
        run(&mut app, [Action::NextModel, Action::NextModel, Action::NextModel, Action::Confirm, Action::Write]);
        let Some(Dialog::Write(plan)) = &app.ui.dialog else { panic!("the write summary opens") };
        assert!(plan.notes.iter().any(|n| n.contains("accept User too")), "{:?}", plan.notes);
        assert!(plan.refused.iter().any(|f| f.contains("Invoice.userId")), "{:?}", plan.refused);
        run(&mut app, [Action::Accept]);
        let base = dir.path().join("prisma/schema.prisma");
        assert_eq!(std::fs::read_to_string(base).expect("kept"), std::fs::read_to_string(BASE).expect("fixture"));
        assert!(app.ui.flash.as_deref().is_some_and(|f| f.contains("gate")), "{:?}", app.ui.flash);
    }

    #[test]
    fn screen_with_a_base_schema() {
        let app = app_at("main");
        insta::assert_snapshot!(screen(&app));
    }

    #[test]
    fn screen_write_summary_of_a_merge() {
        let mut app = app_at("write");
        run(&mut app, [Action::Confirm, Action::NextModel, Action::NextModel, Action::Confirm, Action::Write]);
        insta::assert_snapshot!(screen(&app));
    }
}
