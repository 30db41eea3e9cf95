//! Lookups for SSH sessions and scripts: output fitted to a narrow terminal and whole when piped,
//! `--json` and exit codes for every case, and the hints a wrong lookup gets.

use std::process::{Command, Output};
use std::time::Duration;

use crate::helpers::pty::spawn;

fn gongshu(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gongshu"))
        .args(args)
        .env_remove("NO_COLOR")
        .env("XDG_CONFIG_HOME", "/nonexistent")
        .output()
        .expect("runs")
}

/// Run in a pseudo-terminal of `cols` columns to the end; the lines it printed.
fn on_terminal(args: &[&str], cols: u16) -> Vec<String> {
    let mut s = spawn(args, &[("XDG_CONFIG_HOME", "/nonexistent")], cols, 40);
    assert_eq!(s.exit_within(Duration::from_secs(10)), Some(0), "{args:?}");
    s.settle();
    let text = s.text();
    assert!(
        !text.contains('\x1b'),
        "--color never sends no escapes: {text:?}"
    );
    text.split("\r\n").map(str::to_string).collect()
}

fn width(s: &str) -> usize {
    gongshu::text::width(s)
}

#[test]
fn list_fits_an_80_column_terminal_with_every_column() {
    let lines = on_terminal(&["--color", "never", "list"], 80);
    let out = lines.join("\n");
    for l in &lines {
        assert!(width(l) <= 80, "{} columns: {l}\n{out}", width(l));
    }
    assert!(
        !out.trim_end().contains("\n\n"),
        "no blank lines between rows\n{out}"
    );
    let d = gongshu::dataset::embedded();
    for p in &d.platforms {
        let first = p.key_industries().next().unwrap();
        assert!(
            out.contains(first.zh.as_str()),
            "{}'s industries\n{out}",
            p.id
        );
        assert!(out.contains(p.name.en.as_str()), "{}'s name\n{out}", p.id);
    }
    assert!(out.contains("小镇 town"), "the kind column\n{out}");
    // Every line shown is one platform's, or its industries beneath it, indented.
    let numbered = lines.iter().filter(|l| !l.starts_with("    ")).count();
    assert_eq!(
        numbered,
        10 + usize::from(lines.last().unwrap().is_empty()),
        "{out}"
    );
}

/// Ten platforms on one 24-row screen (23 lines and the prompt), in every language, from 80
/// columns down; each platform keeps its number, name and first industry.
#[test]
fn list_fits_one_24_row_screen_at_80_columns() {
    let d = gongshu::dataset::embedded();
    for lang in ["zh", "en", "both"] {
        for cols in [80, 60] {
            let lines = on_terminal(&["--color", "never", "--lang", lang, "list"], cols);
            let out = lines.join("\n");
            let used = out.trim_end().lines().count();
            assert!(used <= 23, "{lang} at {cols}: {used} lines\n{out}");
            for l in &lines {
                assert!(width(l) <= cols as usize, "{lang} at {cols}: {l}");
            }
            for p in &d.platforms {
                let first = p.key_industries().next().unwrap();
                let industry = if lang == "en" { &first.en } else { &first.zh };
                assert!(out.contains(industry.as_str()), "{lang} {}\n{out}", p.id);
                assert!(out.contains(&format!("{:>2}  ", p.number)), "{lang}\n{out}");
            }
        }
    }
}

#[test]
fn list_fills_a_wide_terminal_a_line_a_platform_where_it_fits() {
    let lines = on_terminal(&["--color", "never", "--lang", "zh", "list"], 160);
    for l in &lines {
        assert!(width(l) <= 160, "{l}");
    }
    assert!(lines[0].starts_with(" 1  运河财富小镇") && lines[0].contains("私募金融"));
}

#[test]
fn piped_list_is_one_whole_line_a_platform() {
    let o = gongshu(&["list"]);
    let out = String::from_utf8(o.stdout).unwrap();
    assert_eq!(out.lines().count(), 10);
    assert!(
        out.contains("e-commerce start-up and creative centre)"),
        "{out}"
    );
}

#[test]
fn show_wraps_at_word_boundaries_on_a_narrow_terminal() {
    let lines = on_terminal(&["--color", "never", "show", "6"], 40);
    let out = lines.join("\n");
    for l in &lines {
        assert!(width(l) <= 40, "{l}\n{out}");
    }
    // Every English word whole on some line: none is cut in two.
    let words: Vec<&str> = out.split_whitespace().collect();
    for w in [
        "points",
        "Xuancheng-Hangzhou",
        "environmental",
        "protection",
        "approximate,",
    ] {
        assert!(words.contains(&w), "{w} cut\n{out}");
    }
}

#[test]
fn search_cuts_whole_fields_never_a_text_with_its_label() {
    let lines = on_terminal(&["--color", "never", "search", "电商"], 100);
    let out = lines.join("\n");
    assert!(!out.contains("… ("), "no cut text before a label\n{out}");
    for l in &lines {
        assert!(width(l) <= 100, "{l}");
    }
    let line2 = lines.iter().find(|l| l.starts_with(" 2")).unwrap();
    assert!(
        line2.contains("电子商务 (industry)") && line2.ends_with('…'),
        "{out}"
    );
}

#[test]
fn search_json_with_no_hit_prints_an_empty_array_and_exits_one() {
    let o = gongshu(&["search", "zzqx", "--json"]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(v, serde_json::json!([]));
    let o = gongshu(&["search", "电商", "--limit", "0"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--limit"));
    assert_eq!(
        gongshu(&["search", "电商", "--limit", "1"]).status.code(),
        Some(0)
    );
}

#[test]
fn show_of_an_industry_suggests_a_search() {
    let o = gongshu(&["show", "金融"]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(err.contains("try: gongshu search 金融"), "{err}");
    let o = gongshu(&["show", "internet finance"]);
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(
        err.contains("try: gongshu search 'internet finance'"),
        "{err}"
    );
    // No suggestion when a search would find nothing either.
    let err = String::from_utf8(gongshu(&["show", "zzqx"]).stderr).unwrap();
    assert!(!err.contains("try:"), "{err}");
}

#[test]
fn typo_and_short_queries_from_the_command_line() {
    let numbers = |q: &str| -> Vec<String> {
        let o = gongshu(&["search", q]);
        String::from_utf8(o.stdout)
            .unwrap()
            .lines()
            .map(|l| l.split_whitespace().next().unwrap().to_string())
            .collect()
    };
    assert_eq!(numbers("jinrng"), numbers("jinrong"));
    assert_eq!(numbers("dianshagn"), numbers("dianshang"));
    assert_eq!(numbers("xinnengyaun"), ["6"]);
    // A wrong letter in English, which a scattered match cannot forgive.
    assert_eq!(numbers("softwer"), numbers("software"));
    assert_eq!(numbers("finanse"), numbers("finance"));
    assert!(!numbers("finanse").is_empty());
    assert!(numbers("ai").is_empty());
    assert_eq!(numbers("ds"), ["2", "3", "4", "7"]);
}
