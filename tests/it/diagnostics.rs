//! Diagnostics against the real binary: bounded in memory and output however many problems
//! a file holds, each at its own position, on one line each; and invisible characters refused by
//! Unicode property.

use crate::helpers::proc::wait_with_peak;
use crate::helpers::temp::TempFile;
use std::io::Read;
use std::process::{Command, Stdio};

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

/// `gongshu check FILE`: exit code, stderr, and the most memory the run held (KiB).
fn check(file: &str) -> (Option<i32>, String, u64) {
    let mut child = Command::new(BIN)
        .args(["check", file])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut err = String::new();
    let mut pipe = child.stderr.take().unwrap();
    pipe.read_to_string(&mut err).unwrap();
    let (status, peak) = wait_with_peak(child);
    (status.code(), err, peak)
}

const RING: &str = "ring: [(120.02, 30.02), (120.08, 30.02), (120.08, 30.08)]";

/// However many problems a file has, reporting them holds about what reading the file does: the
/// diagnostics are capped and located without copying the line for each (before the cap, one
/// 3 MB line with 200,000 problems took minutes and gigabytes). How long it takes is measured
/// by `cargo bench --bench diagnostics`.
#[test]
fn thousands_of_bad_coordinates_on_one_line_are_bounded() {
    let bad = "(500.5, 30.0), ".repeat(200_000);
    let text = minimal().replacen(RING, &format!("ring: [{bad}(120.0, 30.0)]"), 1);
    let file = write("many.ron", &text);
    assert!(text.len() > 3_000_000);
    let (code, err, peak) = check(&file);
    assert_eq!(code, Some(2));
    let fine = write(
        "fine.ron",
        &text.replace("(500.5, 30.0), ", "(100.5, 30.0), "),
    );
    let (ok, _, fine_peak) = check(&fine);
    assert_eq!(ok, Some(0));
    eprintln!("peak {peak} KiB with 200,000 problems, {fine_peak} KiB without");
    assert!(
        peak < fine_peak * 5 / 4,
        "{peak} KiB with 200,000 problems, {fine_peak} KiB without"
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
    let (code, err, _) = check(&file);
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
    let (code, err, _) = check(&file);
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
        let (code, err, _) = check(&file);
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
