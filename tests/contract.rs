//! API-contract compliance (`schemata check --contract`): the schema generated from the API
//! contract sample serves it; taking a field away or changing a type is reported per model,
//! with the contract's line.

mod common;

use std::process::Command;

fn check(schema: &std::path::Path, contract: &std::path::Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_schemata"))
        .arg("check")
        .arg(schema)
        .arg("--contract")
        .arg(contract)
        .output()
        .expect("binary runs")
}

#[test]
fn a_schema_is_checked_against_its_api_contract() {
    let Some(samples) = common::samples_dir() else { return };
    let contract = samples.join("api-contract.md");
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("prisma");
    let generated = Command::new(env!("CARGO_BIN_EXE_schemata"))
        .args(["generate", "--yes", "--no-prisma", "--no-progress", "--out"])
        .arg(&out)
        .arg(&contract)
        .output()
        .expect("binary runs");
    assert!(generated.status.success(), "{}", String::from_utf8_lossy(&generated.stderr));
    let schema = out.join("schema.prisma");

    let ok = check(&schema, &contract);
    let text = String::from_utf8_lossy(&ok.stdout).into_owned();
    assert_eq!(ok.status.code(), Some(0), "{text}");
    assert!(text.contains("the schema matches the contract (6 models compared)"), "{text}");
    // The profile's audit fields are in the schema but not in the contract: listed, not failed.
    assert!(text.contains("[unexposed] Lesson: createdAt, updatedAt"), "{text}");

    let original = std::fs::read_to_string(&schema).expect("schema");
    let broken = original
        .lines()
        .filter(|l| !l.trim_start().starts_with("summary "))
        .map(|l| if l.trim_start().starts_with("priceCents ") { l.replace("Int", "String") } else { l.to_string() })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n";
    std::fs::write(&schema, broken).expect("edit");
    let failed = check(&schema, &contract);
    let text = String::from_utf8_lossy(&failed.stdout).into_owned();
    assert_eq!(failed.status.code(), Some(1), "{text}");
    assert!(text.contains("[missing] Course.summary is in contract type Course but not in the schema"), "{text}");
    assert!(text.contains("api-contract.md:37:"), "the contract's line of `summary?: string`: {text}");
    assert!(text.contains("[type] Course.priceCents is `number` in the contract but String in the schema"), "{text}");
}

/// The review shows the same comparison live: the documents are the contract with a field
/// taken away and a type changed, the contract is the sample as it is.
#[test]
fn the_review_shows_contract_compliance_per_model() {
    use schemata::conventions::Profile;
    use schemata::diagnostics::Severity;
    use schemata::ingest::{self, Source};
    use schemata::tui::keymap::Keymap;
    use schemata::tui::theme::Theme;
    use schemata::tui::{App, Options};

    let Some(samples) = common::samples_dir() else { return };
    let text = std::fs::read_to_string(samples.join("api-contract.md")).expect("sample");
    let contract = ingest::ingest(&[Source::new("api-contract.md", text.clone())]).documents;
    let documents = text.replace("  videoUrl?: string;\n", "").replace("  position: number;", "  position: string;");
    let options = Options { profile: Some(Profile::postgres()), contract, ..Options::default() };
    let app =
        App::new(vec![Source::new("design.md", documents)], None, options, Theme::default(), Keymap::default_keys());
    let lesson: Vec<(Severity, &str, Option<&str>)> = app
        .messages
        .iter()
        .filter(|m| m.model.as_deref() == Some("Lesson") && m.text.starts_with("contract:"))
        .map(|m| (m.severity, m.text.as_str(), m.field.as_deref()))
        .collect();
    assert!(
        lesson.iter().any(|(s, t, _)| *s == Severity::Warning
            && t.starts_with("contract: Lesson declares `videoUrl`, which Lesson lacks (api-contract.md:53")),
        "{lesson:#?}"
    );
    assert!(
        lesson.iter().any(|(s, t, f)| *s == Severity::Warning
            && *f == Some("position")
            && t.contains("is `number` in Lesson but `String` here")),
        "{lesson:#?}"
    );
    assert!(lesson.iter().any(|(s, _, f)| *s == Severity::Info && *f == Some("createdAt")), "{lesson:#?}");
    // Without a contract, no contract messages.
    let plain = App::new(
        vec![Source::new("design.md", text)],
        None,
        Options { profile: Some(Profile::postgres()), ..Options::default() },
        Theme::default(),
        Keymap::default_keys(),
    );
    assert!(plain.messages.iter().all(|m| !m.text.starts_with("contract:")));
}
