//! The binary end to end: what `gongshu list/show/check` print and how they exit.

use crate::helpers::temp::TempDir;
use std::process::{Command, Output};

fn gongshu(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gongshu"))
        .args(args)
        .env_remove("NO_COLOR")
        .output()
        .expect("runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

#[test]
fn list_prints_every_platform_aligned_by_display_width() {
    let o = gongshu(&["list"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 10);
    assert!(
        lines[0].starts_with(" 1  运河财富小镇 Canal Wealth Town"),
        "{out}"
    );
    assert!(
        lines[9].starts_with("10  康桥健康产业园 Kangqiao Health Industry Park"),
        "{out}"
    );
    // The kind column starts at the same display column on every line.
    let col = |l: &str, kind: &str| gongshu::text::width(&l[..l.find(kind).unwrap()]);
    assert_eq!(
        col(lines[0], "小镇 town"),
        col(lines[2], "软件园 software park")
    );
    assert_eq!(
        col(lines[0], "小镇 town"),
        col(lines[7], "产业集聚区 industry cluster")
    );
    assert!(lines[0].contains("私募金融、互联网金融、小微金融"), "{out}");
    // Not a terminal: no escape codes, whole lines for grep.
    assert!(!out.contains('\x1b'));
}

#[test]
fn bare_gongshu_without_a_terminal_prints_the_list() {
    let o = gongshu(&[]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(stdout(&o), stdout(&gongshu(&["list"])));
}

#[test]
fn lang_selects_the_language() {
    let en = stdout(&gongshu(&["--lang", "en", "list"]));
    assert!(
        en.lines()
            .next()
            .unwrap()
            .starts_with(" 1  Canal Wealth Town"),
        "{en}"
    );
    assert!(!en.contains("运河"), "{en}");
    let zh = stdout(&gongshu(&["--lang", "zh", "list"]));
    assert!(!zh.contains("Canal"), "{zh}");
}

#[test]
fn color_always_colours_and_never_does_not() {
    assert!(stdout(&gongshu(&["--color", "always", "list"])).contains("\x1b["));
    assert!(!stdout(&gongshu(&["--color", "never", "list"])).contains('\x1b'));
}

#[test]
fn list_json_has_the_documented_fields() {
    let o = gongshu(&["list", "--json"]);
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let all = v.as_array().unwrap();
    assert_eq!(all.len(), 10);
    let p = &all[3];
    assert_eq!(p["id"], "smart-net-valley");
    assert_eq!(p["number"], 4);
    assert_eq!(p["name"]["zh"], "智慧网谷小镇");
    assert_eq!(p["name"]["en"], "Smart Net Valley Town");
    assert_eq!(p["kind"], "town");
    assert_eq!(p["industries"][1]["zh"], "信息电商");
    assert_eq!(p["boundary"]["north"][1]["zh"], "宣杭铁路");
    assert_eq!(
        p["boundary"]["north"][1]["en"],
        "Xuancheng-Hangzhou Railway"
    );
    assert!(all[6]["boundary"].is_null());
    assert_eq!(all[6]["location"]["zh"], "位于石祥路沿线区块。");
}

#[test]
fn show_finds_by_id_number_and_name() {
    for q in [
        "smart-net-valley",
        "4",
        "智慧网谷小镇",
        "运河智慧网谷",
        "smart net",
    ] {
        let o = gongshu(&["show", q]);
        assert_eq!(o.status.code(), Some(0), "{q}: {}", stderr(&o));
        let out = stdout(&o);
        assert!(
            out.starts_with("[4]  智慧网谷小镇 Smart Net Valley Town"),
            "{q}: {out}"
        );
        assert!(
            out.contains("北 north  金昌路 Jinchang Road; 宣杭铁路 Xuancheng-Hangzhou Railway"),
            "{out}"
        );
        assert!(
            out.contains("· 信息电商  information and e-commerce"),
            "{out}"
        );
        assert!(out.contains("确定“信息电商”为核心的产业发展体系"), "{out}");
        assert!(out.contains("D 据道路推算"), "{out}");
    }
}

#[test]
fn show_json_is_one_object() {
    let o = gongshu(&["show", "9", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["id"], "beicheng-zhihui");
    assert_eq!(v["location"]["zh"], "即半山石塘工业园区。");
    assert_eq!(v["outline_confidence"], "E");
}

#[test]
fn show_nothing_or_ambiguous_exits_one_with_help() {
    let o = gongshu(&["show", "shenhau"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(o.stdout.is_empty());
    let err = stderr(&o);
    assert!(err.contains("no platform matches \"shenhau\""), "{err}");
    assert!(
        err.contains("did you mean:") && err.contains("申花产业集聚区"),
        "{err}"
    );

    let o = gongshu(&["show", "康桥"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("matches 2 platforms"), "{err}");
    assert!(
        err.contains("康桥新能源产业园") && err.contains("康桥健康产业园"),
        "{err}"
    );

    assert_eq!(gongshu(&["show", "11"]).status.code(), Some(1));
}

#[test]
fn check_summarises_a_good_file_and_rejects_a_bad_one() {
    let good = concat!(env!("CARGO_MANIFEST_DIR"), "/data/gongshu.ron");
    let o = gongshu(&["check", good]);
    assert_eq!(o.status.code(), Some(0));
    assert!(
        stdout(&o).contains(
            "ok: 10 platforms, 52 industry entries (43 of them key industries), 39 basemap features"
        ),
        "{}",
        stdout(&o)
    );

    let bad = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/datasets/invalid/wrong_type.ron"
    );
    let o = gongshu(&["check", bad]);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    assert!(
        stderr(&o).contains("wrong_type.ron:25:20: platforms[0].number: expected integer"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_broken_data_file_stops_every_command_with_exit_two() {
    let bad = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/datasets/invalid/control_character.ron"
    );
    for cmd in [
        &["--data", bad, "list"][..],
        &["--data", bad, "show", "1"],
        &["--data", bad],
    ] {
        let o = gongshu(cmd);
        assert_eq!(o.status.code(), Some(2), "{cmd:?}");
        let err = stderr(&o);
        assert!(err.contains("cannot load the dataset"), "{err}");
        assert!(!err.contains('\x1b'), "{err:?}");
    }
}

#[test]
fn another_dataset_opens_with_data() {
    let file = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/datasets/valid/minimal.ron"
    );
    let o = gongshu(&["--data", file, "list"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(
        stdout(&o).starts_with(" 1  港湾小镇 Harbour Town"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn usage_errors_exit_two() {
    assert_eq!(gongshu(&["--frobnicate"]).status.code(), Some(2));
    // A word that is no command is a platform to look up (`gongshu 6`): not found, exit 1.
    let o = gongshu(&["frobnicate"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("no platform matches \"frobnicate\""));
    assert_eq!(gongshu(&["--lang", "fr", "list"]).status.code(), Some(2));
}

#[test]
fn completions_and_man_page_come_from_the_command_definitions() {
    for shell in ["bash", "zsh", "fish"] {
        let o = gongshu(&["completions", shell]);
        assert_eq!(o.status.code(), Some(0), "{shell}");
        let out = stdout(&o);
        for word in ["gongshu", "search", "present", "lang"] {
            assert!(out.contains(word), "{shell} completion lacks {word}");
        }
    }
    let o = gongshu(&["man"]);
    assert_eq!(o.status.code(), Some(0));
    let man = stdout(&o);
    // A closed pipe ends the command quietly, as with `gongshu man | head -1`.
    let piped = std::process::Command::new("sh")
        .args([
            "-c",
            &format!(
                "{} completions fish | head -1; {} man | head -1",
                env!("CARGO_BIN_EXE_gongshu"),
                env!("CARGO_BIN_EXE_gongshu")
            ),
        ])
        .output()
        .unwrap();
    assert!(
        !String::from_utf8_lossy(&piped.stderr).contains("panicked"),
        "{}",
        String::from_utf8_lossy(&piped.stderr)
    );
    assert!(
        man.starts_with(".ie") || man.contains(".TH gongshu"),
        "{}",
        &man[..200.min(man.len())]
    );
    assert!(man.contains("present") && man.contains("search"));
}

#[test]
fn present_without_a_terminal_says_so() {
    let o = gongshu(&["present"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("needs a terminal"), "{}", stderr(&o));
    assert!(o.stdout.is_empty());
}

#[test]
fn escape_sequences_in_arguments_are_shown_not_sent() {
    for args in [
        &["--lang", "\x1b]52;c;ZXZpbA==\x07"][..],
        &["show", "\x1b[2J\u{202e}x"],
        &["search", "\x1b[31mred"],
    ] {
        let o = gongshu(args);
        assert!(matches!(o.status.code(), Some(1 | 2)), "{args:?}");
        let err = stderr(&o);
        assert!(
            !err.contains('\x1b') && !err.contains('\u{202e}'),
            "{args:?}: {err:?}"
        );
        if args[0] != "--lang" {
            // Our own messages show the escape; clap's usage errors strip it.
            assert!(err.contains("^["), "{args:?}: {err:?}");
        }
    }
    assert_eq!(gongshu(&["--help"]).status.code(), Some(0));
    assert!(stdout(&gongshu(&["--version"])).starts_with("gongshu "));
}

/// A newline in a file name never makes a second line of output: `check`, `export` and `config`
/// show it as `^J`.
#[test]
fn paths_print_on_one_line() {
    let dir = TempDir::named("paths");
    let data = dir.join("a\nFORGED.ron");
    std::fs::copy(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/datasets/valid/minimal.ron"
        ),
        &data,
    )
    .unwrap();
    let o = gongshu(&["check", data.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    let out = String::from_utf8(o.stdout).unwrap();
    assert_eq!(out.lines().count(), 1, "{out:?}");
    assert!(out.contains("a^JFORGED.ron"), "{out:?}");

    let svg = dir.join("m\nFORGED.svg");
    let o = gongshu(&[
        "export",
        "--screen",
        "map",
        "--format",
        "svg",
        "--out",
        svg.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0));
    let out = String::from_utf8(o.stdout).unwrap();
    assert_eq!(out.lines().count(), 1, "{out:?}");

    let config_home = dir.join("c\nFORGED");
    let o = Command::new(env!("CARGO_BIN_EXE_gongshu"))
        .arg("config")
        .env("XDG_CONFIG_HOME", &config_home)
        .output()
        .unwrap();
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(
        out.lines().all(|l| !l.starts_with("FORGED")),
        "a forged line: {out:?}"
    );
}

/// A query longer than any search needs is refused at once (exit 2, a short message), whatever
/// the command: matching's cost grows with the query, and one of tens of thousands of words took
/// the machine's memory.
#[test]
fn a_query_past_the_caps_is_a_usage_error() {
    let many = vec!["a"; 65].join(" ");
    let long = "电".repeat(1400);
    for args in [
        vec!["search", many.as_str()],
        vec!["search", long.as_str()],
        vec!["map", "--spotlight", many.as_str()],
        vec!["-q", many.as_str()],
    ] {
        let o = gongshu(&args);
        assert_eq!(o.status.code(), Some(2), "{:?}", &args[..1]);
        let err = stderr(&o);
        assert!(err.contains("a query may"), "{err}");
        assert!(
            err.len() < 200,
            "the message repeats the query: {} bytes",
            err.len()
        );
    }
    // At the caps, a query is searched as any other.
    let most = vec!["dianshang"; 64].join(" ");
    assert_eq!(gongshu(&["search", &most]).status.code(), Some(0));
}
