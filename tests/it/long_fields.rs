//! Very long fields against the real binary: searching, listing and drawing stay linear in the
//! field and bounded in memory and output.

use std::process::Command;
use std::time::{Duration, Instant};

use crate::helpers::pty::spawn;
use crate::helpers::temp::TempFile;

const BIN: &str = env!("CARGO_BIN_EXE_gongshu");

fn minimal() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/datasets/valid/minimal.ron"
    ))
    .unwrap()
}

fn write(name: &str, text: &str) -> TempFile {
    TempFile::write("long", name, text)
}

/// The minimal dataset with a second platform named `name`.
fn with_second_platform(name: &str) -> String {
    let text = minimal();
    let start = text.find("        (\n            id: \"harbour\"").unwrap();
    let end = start + text[start..].find("\n        ),").unwrap() + "\n        ),".len();
    let second = text[start..end]
        .replace("\"harbour\"", "\"second\"")
        .replace("number: 1,", "number: 2,")
        .replace("港湾小镇", name);
    format!("{}\n{second}{}", &text[..end], &text[end..])
}

fn timed(args: &[&str]) -> (Duration, Option<i32>, String) {
    let start = Instant::now();
    let o = Command::new(BIN).args(args).output().unwrap();
    (
        start.elapsed(),
        o.status.code(),
        String::from_utf8_lossy(&o.stdout).into_owned(),
    )
}

#[test]
fn a_huge_search_key_is_searched_in_linear_time() {
    // Every match of `aaa` in the key is an infix (inside a word a query needs three letters): counting characters afresh per match was
    // quadratic (15 s in a release build). The fuzzy matcher's memory grew with the key too.
    let latin = minimal().replace(
        "aliases: [\"ecommerce\"]",
        &format!("aliases: [\"x{}\"]", "a".repeat(300_000)),
    );
    let hanzi = minimal().replace(
        "aliases: [\"ecommerce\"]",
        &format!("aliases: [\"{}\"]", "电子商务".repeat(200_000)),
    );
    for (file, query) in [
        (write("latin.ron", &latin), "aaa"),
        (write("hanzi.ron", &hanzi), "电务电子商务子电务电子商务子"),
    ] {
        let (took, code, out) = timed(&["--data", &file, "search", query]);
        assert_eq!(code, Some(0), "{query}");
        assert!(out.contains("港湾小镇"), "{out}");
        // About as long as loading the file and searching for what is not in it.
        let (base, _, _) = timed(&["--data", &file, "search", "qqzzjj"]);
        assert!(
            took < base * 3 + Duration::from_secs(1),
            "{query}: {took:?} vs {base:?}"
        );
    }
}

#[test]
fn one_huge_name_does_not_pad_every_row_of_the_list() {
    let file = write("list.ron", &with_second_platform(&"长".repeat(5_000)));
    let (_, code, out) = timed(&["--data", &file, "list"]);
    assert_eq!(code, Some(0));
    let first = out.lines().next().unwrap();
    assert!(first.contains("港湾小镇"), "{first}");
    assert!(first.len() < 300, "{} bytes in the first row", first.len());
}

#[test]
fn a_huge_name_keeps_map_frames_fast() {
    let file = write(
        "map.ron",
        &with_second_platform(&format!("{}{}", "长".repeat(30_000), "x ".repeat(30_000))),
    );
    let (took, code, _) = timed(&["--data", &file, "map", "--width", "200", "--height", "60"]);
    assert_eq!(code, Some(0));
    assert!(took < Duration::from_secs(3), "map: {took:?}");
    let mut s = spawn(&["--data", &file], &[], 200, 60);
    assert!(s.wait_for("2/2"), "{}", s.text());
    s.settle();
    let start = Instant::now();
    for _ in 0..5 {
        s.send("j");
        s.settle();
    }
    s.send("q");
    assert_eq!(s.exit_within(Duration::from_secs(5)), Some(0));
    // Five frames, each settled by 150 ms of quiet.
    assert!(
        start.elapsed() < Duration::from_secs(4),
        "{:?}",
        start.elapsed()
    );
}
