//! Diagnostics against the real binary: bounded in time, memory and output however many problems
//! a file holds, each at its own position, on one line each; and invisible characters refused by
//! Unicode property.

use crate::helpers::temp::TempFile;
use std::process::Command;
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_gongshu");

fn minimal() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/datasets/valid/minimal.ron"
    ))
    .unwrap()
}

fn write(name: &str, text: &str) -> TempFile {
    TempFile::write("diag", name, text)
}

/// `gongshu check FILE`: time, exit code, stderr.
fn check(file: &str) -> (Duration, Option<i32>, String) {
    let start = Instant::now();
    let o = Command::new(BIN).args(["check", file]).output().unwrap();
    (
        start.elapsed(),
        o.status.code(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

const RING: &str = "ring: [(120.02, 30.02), (120.08, 30.02), (120.08, 30.08)]";

#[test]
fn thousands_of_bad_coordinates_on_one_line_are_fast_and_bounded() {
    let bad = "(500.5, 30.0), ".repeat(200_000);
    let text = minimal().replacen(RING, &format!("ring: [{bad}(120.0, 30.0)]"), 1);
    let file = write("many.ron", &text);
    assert!(text.len() > 3_000_000);
    let (took, code, err) = check(&file);
    assert_eq!(code, Some(2));
    // About as long as reading the same file without a problem (before: minutes and gigabytes).
    let fine = write(
        "fine.ron",
        &text.replace("(500.5, 30.0), ", "(100.5, 30.0), "),
    );
    let (parse, ok, _) = check(&fine);
    assert_eq!(ok, Some(0));
    assert!(
        took < parse * 3 + Duration::from_secs(1),
        "{took:?} vs {parse:?} to parse"
    );
    assert!(err.len() < 20_000, "{} bytes of diagnostics", err.len());
    assert!(
        err.contains("and 199980 more problems"),
        "{}",
        &err[err.len() - 300..]
    );
    // Each problem at its own column on the one line, and no caret line is wider than the cap.
    let cols: Vec<&str> = err
        .lines()
        .filter(|l| l.contains("is not a plausible"))
        .map(|l| l.split(':').nth(2).unwrap())
        .collect();
    assert_eq!(cols.len(), 20);
    let mut unique = cols.clone();
    unique.dedup();
    assert_eq!(unique.len(), 20, "{cols:?}");
    assert!(
        err.lines().all(|l| gongshu::text::width(l) < 200),
        "a caret line is too wide"
    );
}

#[test]
fn each_problem_is_at_its_own_position_escapes_and_huge_numbers_too() {
    let text = minimal()
        .replacen(
            "name: (zh: \"港湾小镇\", en: \"Harbour Town\")",
            "name: (zh: \"港湾小镇\", en: \"Harbour\\tTown\\r\")",
            1,
        )
        .replacen(
            RING,
            "ring: [(1e300, 30.02), (120.08, 30.02), (120.08, -1e999)]",
            1,
        );
    let file = write("escapes.ron", &text);
    let (_, code, err) = check(&file);
    assert_eq!(code, Some(2), "{err}");
    let located: Vec<&str> = err.lines().filter(|l| l.contains(".ron:")).collect();
    assert_eq!(located.len(), 3, "{err}");
    let at = |needle: &str| {
        let line = located.iter().find(|l| l.contains(needle)).unwrap();
        let mut parts = line.split(':').skip(1);
        let (l, c): (usize, usize) = (
            parts.next().unwrap().parse().unwrap(),
            parts.next().unwrap().parse().unwrap(),
        );
        let src = text.lines().nth(l - 1).unwrap();
        src.chars().skip(c - 1).take(5).collect::<String>()
    };
    assert_eq!(at("U+0009"), "\\tTow");
    assert_eq!(at("ring[0]"), "1e300");
    assert_eq!(at("ring[2]"), "-1e99");
}

#[test]
fn a_file_name_with_a_newline_stays_on_one_line() {
    let file = write("two\nlines.ron", "(");
    let (_, code, err) = check(&file);
    assert_eq!(code, Some(2));
    let first = err.lines().next().unwrap();
    assert!(first.contains("two^Jlines.ron:"), "{err}");
}

#[test]
fn invisible_characters_are_refused_by_property() {
    for c in [
        '\u{E0041}',
        '\u{2028}',
        '\u{2029}',
        '\u{AD}',
        '\u{180E}',
        '\u{34F}',
        '\u{FE0F}',
        '\u{E000}',
    ] {
        let text = minimal().replacen("Harbour Town", &format!("Harbour{c}Town"), 1);
        let file = write("invisible.ron", &text);
        let (_, code, err) = check(&file);
        assert_eq!(code, Some(2), "U+{:04X}: {err}", c as u32);
        assert!(
            err.contains(&format!("U+{:04X}", c as u32)) && !err.contains(c),
            "U+{:04X}: {err}",
            c as u32
        );
        assert!(err.contains("platforms[0].name.en"), "{err}");
    }
    // Marks of every script are text, but no more than four on a letter are shown.
    let marks = format!("Harbour{}", "\u{5B4}\u{483}\u{64B}".repeat(100));
    let text = minimal().replacen("Harbour Town", &marks, 1);
    let file = write("marks.ron", &text);
    let o = Command::new(BIN)
        .args(["--data", &file, "--lang", "en", "list"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("Harbour") && out.chars().filter(|c| !c.is_ascii()).count() <= 4,
        "{out}"
    );
}
