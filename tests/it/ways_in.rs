//! Ways in: `gongshu PLATFORM`, `--query`, the picker writing to a file, copying through OSC 52,
//! the config file, and completion of platform ids by bash's own completion function.

use std::path::PathBuf;
use std::process::{Command, Output};
use std::time::Duration;

use crate::helpers::pty::{Session, spawn, spawn_cmd};
use crate::helpers::temp::TempDir;

const BIN: &str = env!("CARGO_BIN_EXE_gongshu");

fn temp_dir(name: &str) -> TempDir {
    TempDir::named(&format!("ways-{name}"))
}

fn gongshu_with(args: &[&str], xdg: &str) -> Output {
    Command::new(BIN)
        .args(args)
        .env("XDG_CONFIG_HOME", xdg)
        .env_remove("NO_COLOR")
        .output()
        .expect("runs")
}

/// Answer the cursor-position query an inline viewport asks, as a terminal would.
fn answer_cursor_query(s: &mut Session) {
    assert!(
        s.wait_for("\x1b[6n"),
        "asks where the cursor is: {:?}",
        s.text()
    );
    s.send("\x1b[1;1R");
}

#[test]
fn pick_prints_the_chosen_id_into_a_file() {
    let dir = temp_dir("pick");
    let file = dir.join("chosen");
    let cmd = format!("'{BIN}' pick > '{}'", file.display());
    let mut s = spawn_cmd(
        "sh",
        &["-c", &cmd],
        &[("XDG_CONFIG_HOME", "/nonexistent")],
        80,
        24,
    );
    answer_cursor_query(&mut s);
    assert!(s.wait_for("10/10"), "the list is drawn: {:?}", s.text());
    s.send("kangqiao-h");
    s.settle();
    s.send("\r");
    let code = s.exit_within(Duration::from_secs(10));
    s.settle();
    let text = s.text();
    assert_eq!(
        code,
        Some(0),
        "{:?}",
        &text[text.len().saturating_sub(300)..]
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "kangqiao-health\n");
    // Its rows cleared: the cursor back where they began, everything below erased; paste mode
    // off again.
    assert!(
        text.ends_with("\x1b[1;1H\x1b[J\x1b[?2004l\x1b[?25h"),
        "{:?}",
        &text[text.len() - 40..]
    );

    // Esc chooses nothing: exit 1, nothing written.
    let json = dir.join("record.json");
    let cmd = format!("'{BIN}' pick --json > '{}'", json.display());
    let mut s = spawn_cmd(
        "sh",
        &["-c", &cmd],
        &[("XDG_CONFIG_HOME", "/nonexistent")],
        80,
        24,
    );
    answer_cursor_query(&mut s);
    assert!(s.wait_for("10/10"));
    s.send("\x1b");
    assert_eq!(s.exit_within(Duration::from_secs(10)), Some(1));
    assert_eq!(std::fs::read_to_string(&json).unwrap(), "");

    // --json: the chosen platform's record.
    let mut s = spawn_cmd(
        "sh",
        &["-c", &cmd],
        &[("XDG_CONFIG_HOME", "/nonexistent")],
        80,
        24,
    );
    answer_cursor_query(&mut s);
    assert!(s.wait_for("10/10"));
    s.send("\x1b[B\r"); // Down, Enter: the second platform
    assert_eq!(s.exit_within(Duration::from_secs(10)), Some(0));
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(v["number"], 2);
}

/// Ctrl-C interrupts the picker whatever it is doing: inside a paste whose end never comes, and
/// behind a burst of typing, which it does not wait for. It ends as an interrupt ends the atlas
/// (130), prints nothing, clears its rows and gives the terminal back.
#[test]
fn ctrl_c_always_interrupts_the_picker() {
    let dir = temp_dir("pick-interrupt");
    let file = dir.join("chosen");
    // `exec`, so that a signal sent to the session's process reaches the picker.
    let cmd = format!("exec '{BIN}' pick > '{}'", file.display());
    let start = || {
        let mut s = spawn_cmd(
            "sh",
            &["-c", &cmd],
            &[("XDG_CONFIG_HOME", "/nonexistent")],
            80,
            24,
        );
        answer_cursor_query(&mut s);
        assert!(s.wait_for("10/10"), "the list is drawn: {:?}", s.text());
        s
    };
    let interrupted = |s: &mut Session, what: &str| {
        let code = s.exit_within(Duration::from_secs(3));
        s.settle();
        let text = s.text();
        let tail = &text[text.len().saturating_sub(200)..];
        assert_eq!(code, Some(130), "{what}: {tail:?}");
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "", "{what}");
        // Rows cleared, paste mode off, cursor shown: the shell gets its terminal back.
        assert!(
            text.ends_with("\x1b[J\x1b[?2004l\x1b[?25h"),
            "{what}: {tail:?}"
        );
    };
    // A paste begun and never ended, then Ctrl-C while it is still open.
    let mut s = start();
    s.send("\x1b[200~kangqiao");
    std::thread::sleep(Duration::from_millis(50));
    s.send("\x03");
    interrupted(&mut s, "inside a paste");
    // Ctrl-C at the end of a burst of typing, in one read.
    let mut s = start();
    s.send(&format!("{}\x03", "kangqiao ".repeat(300)));
    interrupted(&mut s, "behind typing");
    // Esc still cancels, with 1.
    let mut s = start();
    s.send("\x1b");
    assert_eq!(s.exit_within(Duration::from_secs(3)), Some(1));
    // SIGINT and SIGTERM sent with kill end it as they end the atlas, paste mode off and the
    // cursor shown.
    for (sig, code) in [(libc::SIGINT, 130), (libc::SIGTERM, 143)] {
        let mut s = start();
        let before = s.text().len();
        s.signal(sig);
        assert_eq!(s.exit_within(Duration::from_secs(3)), Some(code), "{sig}");
        s.settle();
        let after = &s.text()[before..];
        assert!(
            after.contains("\x1b[?2004l") && after.ends_with("\x1b[?25h"),
            "{sig}: {after:?}"
        );
    }
}

fn decode_osc52(out: &str) -> String {
    let start = out.find("\x1b]52;c;").expect("an OSC 52 sequence") + 7;
    let end = start + out[start..].find('\x07').unwrap();
    let b64 = &out[start..end];
    // Standard base64, decoded here without a crate.
    let val = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        _ => 63,
    };
    let mut bytes = Vec::new();
    for chunk in b64.as_bytes().chunks(4) {
        let n = chunk.iter().take_while(|&&c| c != b'=').count();
        let v = chunk[..n]
            .iter()
            .fold(0u32, |acc, &c| acc << 6 | u32::from(val(c)))
            << (6 * (4 - n));
        bytes.extend(&v.to_be_bytes()[1..n]);
    }
    String::from_utf8(bytes).unwrap()
}

#[test]
fn y_copies_the_selected_platform_through_osc_52() {
    let env = [("XDG_CONFIG_HOME", "/nonexistent"), ("NO_COLOR", "1")];
    let mut s = spawn(&["6"], &env, 100, 30);
    assert!(s.wait_for("Kangqiao New Energy"), "{:?}", s.text());
    s.settle();
    s.send("y");
    assert!(s.wait_for("\x1b]52;c;"), "{:?}", s.text());
    assert!(s.wait_for("copied"), "the footer says so");
    assert_eq!(
        decode_osc52(&s.text()),
        "康桥新能源产业园 Kangqiao New Energy Industry Park (kangqiao-new-energy)"
    );
    s.send("qq");
    assert_eq!(s.exit_within(Duration::from_secs(5)), Some(0));

    // Y: the whole record, as `show` prints it without colour; wrapped for tmux inside it.
    let env = [("XDG_CONFIG_HOME", "/nonexistent"), ("TMUX", "/tmp/x,1,0")];
    let mut s = spawn(&["--lang", "en", "6"], &env, 100, 30);
    assert!(s.wait_for("Kangqiao New Energy"));
    s.settle();
    s.send("Y");
    assert!(s.wait_for("\x1bPtmux;\x1b\x1b]52;c;"), "{:?}", s.text());
    let record = decode_osc52(&s.text());
    let show = Command::new(BIN)
        .args(["--lang", "en", "show", "6"])
        .output()
        .unwrap();
    assert_eq!(record, String::from_utf8(show.stdout).unwrap());
}

#[test]
fn a_platform_or_query_on_the_command_line_opens_the_atlas_there() {
    let env = [("XDG_CONFIG_HOME", "/nonexistent"), ("NO_COLOR", "1")];
    let mut s = spawn(&["kangqiao-health"], &env, 100, 30);
    assert!(s.wait_for("[10] 康桥健康产业园"), "{:?}", s.text());
    s.send("qq");
    assert_eq!(s.exit_within(Duration::from_secs(5)), Some(0));

    let mut s = spawn(&["-q", "电商"], &env, 100, 30);
    assert!(s.wait_for("4/10"), "{:?}", s.text());
    s.send("qq");
    assert_eq!(s.exit_within(Duration::from_secs(5)), Some(0));

    // Not found or ambiguous: show's messages and exit 1, the terminal untouched.
    for (arg, says) in [
        ("nosuch", "no platform matches"),
        ("康桥", "matches 2 platforms"),
    ] {
        let mut s = spawn(&[arg], &env, 100, 30);
        assert_eq!(s.exit_within(Duration::from_secs(5)), Some(1), "{arg}");
        s.settle();
        assert!(s.text().contains(says), "{arg}: {:?}", s.text());
        assert!(!s.text().contains('\x1b'), "{arg}: {:?}", s.text());
    }

    // Subcommands are still subcommands.
    let o = gongshu_with(&["list"], "/nonexistent");
    assert_eq!(String::from_utf8(o.stdout).unwrap().lines().count(), 10);
    let o = gongshu_with(&["--lang", "en", "list"], "/nonexistent");
    assert!(
        String::from_utf8(o.stdout)
            .unwrap()
            .starts_with(" 1  Canal Wealth Town")
    );
    let o = gongshu_with(&["6"], "/nonexistent");
    assert!(
        String::from_utf8(o.stdout).unwrap().starts_with("[6]"),
        "piped: show"
    );
}

#[test]
fn present_start_opens_at_the_platforms_slide() {
    let env = [("XDG_CONFIG_HOME", "/nonexistent"), ("NO_COLOR", "1")];
    let mut s = spawn(&["present", "--start", "6"], &env, 120, 40);
    assert!(s.wait_for("Kangqiao New Energy"), "{:?}", s.text());
    s.send("\x03");
    assert_eq!(s.exit_within(Duration::from_secs(5)), Some(0));
}

#[test]
fn the_config_file_sets_defaults_that_flags_override() {
    let dir = temp_dir("config");
    let xdg = dir.to_str().unwrap();
    std::fs::create_dir_all(dir.join("gongshu")).unwrap();
    let file = dir.join("gongshu/config.ron");
    std::fs::write(&file, "// mine\n(lang: en, theme: light)\n").unwrap();
    let o = gongshu_with(&["list"], xdg);
    assert!(
        String::from_utf8(o.stdout)
            .unwrap()
            .starts_with(" 1  Canal Wealth Town")
    );
    let o = gongshu_with(&["list", "--lang", "zh"], xdg);
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(
        out.starts_with(" 1  运河财富小镇") && !out.contains("Canal"),
        "{out}"
    );
    let o = gongshu_with(&["config", "--lang", "zh"], xdg);
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(out.contains("config.ron (read)"), "{out}");
    assert!(out.contains("dataset: built-in dataset"), "{out}");
    assert!(
        out.lines()
            .any(|l| l.starts_with("lang") && l.contains("zh") && l.contains("flag")),
        "{out}"
    );
    assert!(
        out.lines()
            .any(|l| l.starts_with("theme") && l.contains("light") && l.contains("config file")),
        "{out}"
    );
    assert!(
        out.lines()
            .any(|l| l.starts_with("ambiguous_width") && l.contains("default")),
        "{out}"
    );

    std::fs::write(&file, "(lang: en,\n theme: purple)\n").unwrap();
    let o = gongshu_with(&["list"], xdg);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(err.contains(&format!("{}:2:", file.display())), "{err}");
    assert!(
        err.contains("not one of auto, dark, light, contrast"),
        "{err}"
    );
}

#[test]
fn a_bad_config_file_never_blocks_the_way_out() {
    let dir = temp_dir("bad-config");
    let xdg = dir.to_str().unwrap();
    std::fs::create_dir_all(dir.join("gongshu")).unwrap();
    let file = dir.join("gongshu/config.ron");
    // Parentheses forgotten: the commonest mistake.
    std::fs::write(&file, "lang: en\n").unwrap();
    for args in [
        &["completions", "bash"][..],
        &["completions", "zsh"],
        &["man"],
        &["--help"],
        &["--version"],
        &["search", "--help"],
    ] {
        let o = gongshu_with(args, xdg);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {o:?}");
        assert!(!o.stdout.is_empty(), "{args:?}");
    }
    let o = gongshu_with(&["config"], xdg);
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(out.contains(&format!("{}:1:1", file.display())), "{out}");
    assert!(out.contains("(lang: en)"), "{out}");
    assert!(
        out.lines()
            .any(|l| l.starts_with("lang") && l.contains("default")),
        "{out}"
    );
    // Other commands still stop on it, in the file's own words.
    let o = gongshu_with(&["list"], xdg);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(err.contains("parentheses, e.g. (lang: en)"), "{err}");
    for rust in ["struct", "Config", "Expected"] {
        assert!(!err.contains(rust), "{rust}: {err}");
    }
}

#[test]
fn a_mistyped_command_is_named_and_a_platform_still_opens() {
    let o = gongshu_with(&["lsit"], "/nonexistent");
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(err.contains("did you mean `gongshu list`?"), "{err}");
    assert!(!err.contains("工业设计小镇"), "{err}");
    let o = gongshu_with(&["serach", "金融"], "/nonexistent");
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(err.contains("did you mean `gongshu search`?"), "{err}");
    // Not a terminal: the platform is printed.
    let o = gongshu_with(&["6"], "/nonexistent");
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    // Inside a command clap suggests as it does.
    let o = gongshu_with(&["search", "--jsno", "x"], "/nonexistent");
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8(o.stderr).unwrap().contains("--json"));
}

/// bash's own completion: the generated script sourced in `bash --norc`, its function called with
/// COMP_WORDS and COMP_CWORD as bash sets them.
fn complete(words: &[&str]) -> Vec<String> {
    let dir = temp_dir(&format!("complete-{}", words.len()));
    let script = dir.join("gongshu.bash");
    let o = gongshu_with(&["completions", "bash"], "/nonexistent");
    std::fs::write(&script, o.stdout).unwrap();
    // `gongshu` on the PATH, as an installed binary is.
    let bin_dir = PathBuf::from(BIN).parent().unwrap().to_path_buf();
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let test = format!(
        "source '{}'; COMP_WORDS=({}); COMP_CWORD={}; COMP_LINE='{}'; COMP_POINT=${{#COMP_LINE}}; \
         _gongshu_with_ids gongshu \"${{COMP_WORDS[COMP_CWORD]}}\" \"${{COMP_WORDS[COMP_CWORD-1]}}\"; \
         printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        script.display(),
        quoted.join(" "),
        words.len() - 1,
        words.join(" "),
    );
    let o = Command::new("bash")
        .args(["--norc", "--noprofile", "-c", &test])
        .env(
            "PATH",
            format!("{}:{}", bin_dir.display(), std::env::var("PATH").unwrap()),
        )
        .env("XDG_CONFIG_HOME", "/nonexistent")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    String::from_utf8(o.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn bash_completes_platform_ids_from_the_dataset_in_use() {
    let r = complete(&["gongshu", "show", ""]);
    assert!(
        r.contains(&"kangqiao-health".into()) && r.contains(&"6".into()),
        "{r:?}"
    );
    assert!(!r.contains(&"list".into()), "{r:?}");
    assert_eq!(
        complete(&["gongshu", "show", "kangqiao-h"]),
        ["kangqiao-health"]
    );
    let r = complete(&["gongshu", ""]);
    assert!(
        r.contains(&"list".into()) && r.contains(&"canal-wealth".into()),
        "{r:?}"
    );
    assert!(!r.iter().any(|w| w.starts_with("__")), "{r:?}");
    assert_eq!(
        complete(&["gongshu", "map", "--select", "can"]),
        ["canal-wealth"]
    );
    assert_eq!(
        complete(&["gongshu", "present", "--start", "shen"]),
        ["shenhua"]
    );
    // The dataset --data names.
    let r = complete(&[
        "gongshu",
        "--data",
        "tests/datasets/valid/minimal.ron",
        "show",
        "",
    ]);
    assert_eq!(r, ["harbour", "1"]);
    // Subcommand names still complete.
    assert_eq!(complete(&["gongshu", "sea"]), ["search"]);
    assert_eq!(complete(&["gongshu", "whe"]), ["where"]);
    // The map in words takes a platform as show does.
    for sub in ["where", "near"] {
        assert_eq!(
            complete(&["gongshu", sub, "kangqiao-n"]),
            ["kangqiao-new-energy"]
        );
        assert!(
            complete(&["gongshu", sub, ""]).contains(&"9".into()),
            "{sub}"
        );
    }
}

#[test]
fn zsh_and_fish_scripts_ask_for_the_ids_too() {
    for shell in ["zsh", "fish"] {
        let o = gongshu_with(&["completions", shell], "/nonexistent");
        let script = String::from_utf8(o.stdout).unwrap();
        assert!(script.contains("gongshu __complete-ids"), "{shell}");
        assert!(script.contains("--data"), "{shell}");
        // `where` and `near` take a platform from the ids, not a file name.
        if shell == "zsh" {
            let near = script
                .lines()
                .filter(|l| l.contains("platform -- An id (canal-wealth)"))
                .collect::<Vec<_>>();
            assert!(near.len() >= 2, "{near:?}");
            assert!(near.iter().all(|l| l.contains("_gongshu_ids")), "{near:?}");
        } else {
            assert!(script.contains("__fish_seen_subcommand_from show where near"));
        }
    }
}

/// Ids are data to the completion script: whatever `__complete-ids` prints (a hostile cache entry,
/// another program named gongshu) is offered quoted, and nothing in it is expanded or run.
#[test]
fn bash_completion_never_expands_or_runs_an_id() {
    let dir = temp_dir("complete-hostile");
    let marker = dir.join("ran");
    let script = dir.join("gongshu.bash");
    let o = gongshu_with(&["completions", "bash"], "/nonexistent");
    std::fs::write(&script, o.stdout).unwrap();
    // A `gongshu` earlier on the PATH whose ids are commands.
    let fake = dir.join("gongshu");
    std::fs::write(
        &fake,
        format!(
            "#!/bin/sh\nprintf '%s\\n' 'a$(touch {m})' 'b`touch {m}`' 'c;touch {m}' '*' 'd e'\n",
            m = marker.display()
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
    let test = format!(
        "source '{}'; COMP_WORDS=(gongshu show ''); COMP_CWORD=2; COMP_LINE='gongshu show '; \
         COMP_POINT=${{#COMP_LINE}}; _gongshu_with_ids gongshu '' show; \
         printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        script.display()
    );
    let o = Command::new("bash")
        .args(["--norc", "--noprofile", "-c", &test])
        .env(
            "PATH",
            format!("{}:{}", dir.display(), std::env::var("PATH").unwrap()),
        )
        .current_dir(&dir)
        .output()
        .unwrap();
    let offered: Vec<String> = String::from_utf8(o.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    assert!(!marker.exists(), "an id ran a command: {offered:?}");
    assert_eq!(offered.len(), 5, "{offered:?}");
    // Quoted for the command line, so that taking one runs nothing either.
    assert!(
        offered.iter().any(|w| w.starts_with("a\\$\\(touch\\ ")),
        "{offered:?}"
    );
    assert!(offered.contains(&"\\*".to_string()), "{offered:?}");
    assert!(offered.contains(&"d\\ e".to_string()), "{offered:?}");
}

#[test]
fn the_language_follows_the_locale_unless_the_config_or_a_flag_says() {
    let run = |args: &[&str], lang: &str, xdg: &str| {
        let o = Command::new(BIN)
            .args(args)
            .env("XDG_CONFIG_HOME", xdg)
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env("LANG", lang)
            .output()
            .expect("runs");
        String::from_utf8(o.stdout).unwrap()
    };
    let zh = run(&["list"], "zh_CN.UTF-8", "/nonexistent");
    assert!(
        zh.starts_with(" 1  运河财富小镇") && !zh.contains("Canal"),
        "{zh}"
    );
    let en = run(&["list"], "en_US.UTF-8", "/nonexistent");
    assert!(
        en.contains("运河财富小镇") && en.contains("Canal Wealth Town"),
        "{en}"
    );
    let flag = run(&["list", "--lang", "both"], "zh_CN.UTF-8", "/nonexistent");
    assert!(flag.contains("Canal Wealth Town"), "{flag}");
    let dir = temp_dir("locale");
    std::fs::create_dir_all(dir.join("gongshu")).unwrap();
    std::fs::write(dir.join("gongshu/config.ron"), "(lang: en)\n").unwrap();
    let file = run(&["list"], "zh_CN.UTF-8", dir.to_str().unwrap());
    assert!(file.starts_with(" 1  Canal Wealth Town"), "{file}");
    let report = run(&["config"], "zh_CN.UTF-8", "/nonexistent");
    assert!(
        report
            .lines()
            .any(|l| l.starts_with("lang") && l.contains("zh") && l.contains("locale")),
        "{report}"
    );
}
