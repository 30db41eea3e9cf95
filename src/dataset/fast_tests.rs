//! Tests of the fast reader: it agrees with ron, and a platform list cut anywhere reads the same.

use super::*;
use crate::dataset::synthetic;

fn ron_reads(text: &str) -> Option<String> {
    let d: Dataset = ron::from_str(text).ok()?;
    Some(format!("{d:?}"))
}

#[test]
fn the_fast_reader_agrees_with_ron() {
    let shipped = crate::dataset::EMBEDDED;
    let big = synthetic::to_ron(&synthetic::generate(3000));
    assert!(big.len() > PARALLEL_FROM, "the threaded path is tried");
    for text in [shipped, big.as_str()] {
        let fast = read(text).map(|d| format!("{d:?}"));
        assert!(fast.is_some(), "a well-formed dataset is read fast");
        assert_eq!(fast, ron_reads(text));
    }
    // Every one-byte change of the shipped file that both read, both read alike; where the
    // fast reader gives up, ron decides.
    let bytes = shipped.as_bytes();
    for at in (0..bytes.len()).step_by(97) {
        for b in [b' ', b',', b'"', b'(', b']', b'1', b'x', b'/', b'\\'] {
            let mut v = bytes.to_vec();
            v[at] = b;
            let Ok(text) = String::from_utf8(v) else {
                continue;
            };
            if let Some(fast) = read(&text).map(|d| format!("{d:?}")) {
                assert_eq!(Some(fast), ron_reads(&text), "byte {at} as {:?}", b as char);
            }
        }
    }
}

/// The list read in `per_thread * 2` pieces on 2 threads, as text for comparing.
fn in_pieces(text: &str, per_thread: usize) -> Option<String> {
    let (open, first) = platform_list(text)?;
    read_in_pieces(text, open, first, 2, per_thread).map(|d| format!("{d:?}"))
}

#[test]
fn a_list_cut_at_wrong_guesses_reads_the_same() {
    let base = synthetic::to_ron(&synthetic::generate(300));
    let whole_read = |t: &str| whole(t).map(|d| format!("{d:?}"));
    // Where every guess is right, and many pieces.
    for per_thread in [1, 3, 40, 400] {
        assert_eq!(in_pieces(&base, per_thread), whole_read(&base));
    }
    // Lines that look like a platform's start but are inside a string or a comment: the
    // guesses that land there are not confirmed and the list is read on from the last
    // confirmed platform.
    let indent = "\n    (";
    let in_string = base.replace(
        "zh: \"东至",
        &format!("zh: \"{indent}id: \\\"x\\\",{indent}{indent}东至"),
    );
    let in_comment = base.replace(
        "      kind_as_written:",
        &format!("/* {indent}{indent} */      kind_as_written:"),
    );
    // A list on one line (no guesses), and the basemap's features indented like platforms.
    let one_line = base.replace("platforms: [\n    (", "platforms: [(");
    let no_trailing_comma = base.replace("    ),\n  ],\n  basemap", "    )\n  ],\n  basemap");
    for text in [&in_string, &in_comment, &one_line, &no_trailing_comma] {
        assert_ne!(text, &base);
        let expected = whole_read(text);
        assert!(expected.is_some());
        for per_thread in [1, 7, 400] {
            assert_eq!(in_pieces(text, per_thread), expected, "{per_thread}");
        }
    }
    // A broken platform far into the list is not read, however the list is cut.
    let broken = base.replacen("number: 200,", "number: 200,,", 1);
    assert!(whole_read(&broken).is_none());
    for per_thread in [1, 7, 400] {
        assert_eq!(in_pieces(&broken, per_thread), None);
    }
}

#[test]
fn what_the_fast_reader_leaves_to_ron() {
    let shipped = crate::dataset::EMBEDDED;
    for (from, to) in [
        ("zh: \"", "zh: r\""),
        ("number: 1,", "number: 0x1,"),
        ("\"运河财富小镇\"", "\"\\u{8FD0}河财富小镇\""),
        ("platforms: [", "platforms: [ /* unclosed"),
    ] {
        let text = shipped.replacen(from, to, 1);
        assert!(read(&text).is_none(), "{to}");
    }
}

/// `text` written to a fresh file and read from it a piece at a time: `per_thread * 2` pieces
/// on 2 threads.
fn from_file(text: &str, per_thread: usize) -> Option<String> {
    let mut f = tempfile::tempfile().unwrap();
    std::io::Write::write_all(&mut f, text.as_bytes()).unwrap();
    from_file::read_file_cut(&f, text.len(), 2, per_thread).map(|d| format!("{d:?}"))
}

#[test]
fn a_file_read_a_piece_at_a_time_reads_as_its_text_or_not_at_all() {
    let base = synthetic::to_ron(&synthetic::generate(300));
    let expected = whole(&base).map(|d| format!("{d:?}"));
    assert!(expected.is_some());
    for per_thread in [1, 3, 40, 400] {
        assert_eq!(from_file(&base, per_thread), expected, "{per_thread}");
    }
    // Lines that look like a platform's start inside a string, inside a comment, and in the
    // basemap after the list: read alike, or left to the reader of the whole file.
    let indent = "\n    (";
    let fake = format!("/* {indent}{indent} */");
    let variants = [
        base.replace(
            "zh: \"东至",
            &format!("zh: \"{indent}id: \\\"x\\\",{indent}东至"),
        ),
        base.replace(
            "      kind_as_written:",
            &format!("{fake}      kind_as_written:"),
        ),
        base.replace(
            "  ],\n  basemap: [",
            &format!("  ],\n  {fake}\n  basemap: ["),
        ),
        base.replace("    ),\n  ],\n  basemap", "    )\n  ],\n  basemap"),
    ];
    for text in &variants {
        assert!(text != &base, "the variant is made");
        let expected = whole(text).map(|d| format!("{d:?}"));
        assert!(expected.is_some());
        for per_thread in [1, 7, 400] {
            let read = from_file(text, per_thread);
            assert!(read.is_none() || read == expected, "{per_thread}");
        }
        // Where the cuts miss the fake starts, the file is read in pieces.
        assert_eq!(from_file(text, 1), expected);
    }
    // A broken platform, text that is not UTF-8 far into the list, a list on one line, a BOM:
    // never read here.
    let broken = base.replacen("number: 200,", "number: 200,,", 1);
    let one_line = base.replace("platforms: [\n    (", "platforms: [(");
    let bom = format!("\u{feff}{base}");
    for text in [&broken, &one_line, &bom] {
        for per_thread in [1, 7, 400] {
            assert_eq!(from_file(text, per_thread), None);
        }
    }
    let mut bytes = base.clone().into_bytes();
    let at = bytes.len() * 3 / 4;
    let at = at + bytes[at..].iter().position(|&b| b == b'"').unwrap() + 1;
    bytes[at] = 0xff;
    let mut f = tempfile::tempfile().unwrap();
    std::io::Write::write_all(&mut f, &bytes).unwrap();
    assert!(from_file::read_file_cut(&f, bytes.len(), 2, 3).is_none());
}
