//! The loader against a corpus of good and broken dataset files: each broken file must give one
//! clear message naming the file, line, column, field and what was wrong.

use std::path::{Path, PathBuf};

use crate::helpers::temp::TempDir;
use gongshu::dataset::{self, Diagnostic};

fn corpus(kind: &str, name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/datasets")
        .join(kind)
        .join(name)
}

fn only_problem(name: &str) -> Diagnostic {
    let err = dataset::load_file(&corpus("invalid", name)).expect_err(name);
    assert_eq!(err.diagnostics.len(), 1, "{name}: {err}");
    err.diagnostics.into_iter().next().unwrap()
}

/// (file, line, column, field path, words the message must contain)
const BROKEN: &[(&str, usize, usize, &str, &str)] = &[
    (
        "syntax_error.ron",
        12,
        9,
        "source",
        "expected comma, found `year`",
    ),
    (
        "wrong_type.ron",
        25,
        20,
        "platforms[0].number",
        "expected integer, found a string",
    ),
    (
        "wrong_type_nested.ron",
        31,
        33,
        "platforms[0].industries[0].en",
        "expected string, found a number",
    ),
    (
        "missing_field.ron",
        34,
        9,
        "platforms[0]",
        "missing field `kind` in `Platform`",
    ),
    (
        "unknown_field.ron",
        28,
        13,
        "platforms[0].colour",
        "unexpected field named `colour`",
    ),
    (
        "bad_enum_variant.ron",
        27,
        19,
        "platforms[0].kind",
        "`Village`",
    ),
    (
        "duplicate_id.ron",
        37,
        17,
        "platforms[1].id",
        "duplicate id \"harbour\"",
    ),
    (
        "bad_coordinate.ron",
        34,
        87,
        "platforms[0].outline.ring[2]",
        "not a plausible (lon, lat)",
    ),
    (
        "two_point_polygon.ron",
        34,
        45,
        "platforms[0].outline.ring",
        "at least 3 points, found 2",
    ),
    (
        "dangling_boundary.ron",
        28,
        63,
        "platforms[0].area.west[0]",
        "\"西大街\" is not in the basemap",
    ),
    (
        "control_character.ron",
        26,
        45,
        "platforms[0].name.en",
        "control character U+001B",
    ),
    (
        "deep_nesting.ron",
        19,
        23,
        "plan.sub_targets[0]",
        "expected opening `(`",
    ),
    ("invalid_utf8.ron", 26, 25, "", "invalid UTF-8"),
];

#[test]
fn every_broken_file_is_located_and_explained() {
    for &(name, line, col, field, words) in BROKEN {
        let d = only_problem(name);
        assert_eq!(d.position, Some((line, col)), "{name}: {d}");
        assert_eq!(d.field, field, "{name}: {d}");
        assert!(
            d.message.contains(words),
            "{name}: {:?} lacks {words:?}",
            d.message
        );
        assert!(d.file.ends_with(name), "{name}: {}", d.file);
    }
}

#[test]
fn messages_show_the_line_with_a_caret_under_the_column() {
    let d = only_problem("dangling_boundary.ron");
    let shown = d.to_string();
    let lines: Vec<&str> = shown.lines().collect();
    assert!(
        lines[0].contains("dangling_boundary.ron:28:63: platforms[0].area.west[0]:"),
        "{shown}"
    );
    assert!(lines[2].starts_with("28 | "), "{shown}");
    // The caret lines up with the quote before 西大街 in display columns (the Hanzi before it are wide).
    let src = lines[2].trim_start_matches("28 | ");
    let caret = lines[3].trim_start_matches("   | ");
    let upto = &src[..src.find("\"西大街\"").unwrap()];
    assert_eq!(gongshu::text::width(upto), caret.len() - 1, "{shown}");
    assert!(caret.ends_with('^'));
}

#[test]
fn control_characters_in_errors_are_shown_not_sent() {
    let shown = only_problem("control_character.ron").to_string();
    assert!(
        !shown.contains('\x1b') && !shown.contains('\x07'),
        "{shown:?}"
    );
}

#[test]
fn empty_file_says_what_a_dataset_looks_like() {
    let d = only_problem("empty.ron");
    assert!(d.message.contains("the file is empty"), "{d}");
}

#[test]
fn files_as_people_write_them_load() {
    for name in ["minimal.ron", "crlf.ron", "bom.ron"] {
        let d =
            dataset::load_file(&corpus("valid", name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(d.platforms[0].name.zh, "港湾小镇", "{name}");
    }
}

#[test]
fn not_a_file_is_one_clear_line() {
    let dir = TempDir::named("not-a-file");
    let e = dataset::load_file(&dir).unwrap_err();
    assert!(
        e.to_string()
            .ends_with("is a directory, not a dataset file"),
        "{e}"
    );

    let e = dataset::load_file(Path::new("/nonexistent/gongshu.ron")).unwrap_err();
    assert_eq!(e.to_string(), "/nonexistent/gongshu.ron: no such file");

    let fifo = dir.join("pipe.ron");
    let _ = std::fs::remove_file(&fifo);
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .map(|s| s.success());
    if made.unwrap_or(false) {
        // Reading a FIFO would block forever; it must be refused before opening.
        let e = dataset::load_file(&fifo).unwrap_err();
        assert!(e.to_string().contains("not a regular file"), "{e}");
    }

    // A sparse file past the cap is refused before any of it is read.
    let huge = dir.join("huge.ron");
    let f = std::fs::File::create(&huge).unwrap();
    f.set_len(dataset::MAX_FILE_BYTES + 1).unwrap();
    let e = dataset::load_file(&huge).unwrap_err();
    assert!(
        e.to_string()
            .contains("larger than the 268 MB a dataset may be"),
        "{e}"
    );
}

#[test]
fn the_shipped_dataset_is_valid_and_complete() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/gongshu.ron");
    let d = dataset::load_file(&path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(d.platforms.len(), 10);
    let numbers: Vec<u32> = d.platforms.iter().map(|p| p.number).collect();
    assert_eq!(numbers, (1..=10).collect::<Vec<_>>());
    assert_eq!(d.platforms[0].name.zh, "运河财富小镇");
    assert_eq!(d.platforms[9].name.zh, "康桥健康产业园");
    assert_eq!(d.plan.measures.len(), 5);
    assert_eq!(d.plan.sub_targets.len(), 3);
    assert_eq!(d.source.related.len(), 5);
}
