//! Output errors against the real binary: a closed pipe keeps the command's own exit code, any
//! other write error is one line and exit 2, and nothing panics.

use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_gongshu");

fn invalid() -> String {
    format!(
        "{}/tests/datasets/invalid/bad_coordinate.ron",
        env!("CARGO_MANIFEST_DIR")
    )
}

/// Exit code and stderr with stdout a pipe whose reader has gone.
fn into_closed_pipe(args: &[&str]) -> (Option<i32>, String) {
    let mut child = Command::new(BIN)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let o = child.wait_with_output().unwrap();
    (
        o.status.code(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn a_closed_pipe_on_stdout_keeps_the_commands_exit_code_quietly() {
    let cases: &[(&[&str], i32)] = &[
        (&["list"], 0),
        (&["list", "--json"], 0),
        (&["search", "dianshang", "--json"], 0),
        (&["show", "1"], 0),
        (&["--help"], 0),
        (&["--version"], 0),
        (&["search", "zzqqxxyy"], 1),
        (&["--data", &invalid(), "list"], 2),
    ];
    for (args, code) in cases {
        let (got, err) = into_closed_pipe(args);
        assert_eq!(got, Some(*code), "{args:?}: {err}");
        assert!(
            !err.contains("Broken pipe") && !err.contains("panicked"),
            "{args:?}: {err}"
        );
    }
}

#[test]
fn a_closed_pipe_on_stderr_never_turns_an_error_into_success() {
    let mut child = Command::new(BIN)
        .args(["check", &invalid()])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stderr.take());
    assert_eq!(child.wait().unwrap().code(), Some(2));
}

#[test]
fn a_full_disk_is_one_line_and_exit_2() {
    for args in [
        &["list"][..],
        &["list", "--json"],
        &["--help"],
        &["--version"],
        &["map", "--width", "80", "--height", "24"],
    ] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let o = Command::new(BIN).args(args).stdout(full).output().unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(err.contains("No space left on device"), "{args:?}: {err}");
    }
}

#[test]
fn a_closed_stdout_is_an_error_not_success() {
    for args in ["list", "--version", "show 1 --json"] {
        let o = Command::new("sh")
            .args(["-c", &format!("{BIN} {args} >&-")])
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{args}: {err}");
        assert!(err.contains("standard output is closed"), "{args}: {err}");
    }
    // Output thrown away on purpose is still success, however /dev/null was opened: a shell
    // opens it write-only, Python's `subprocess.DEVNULL` and `1<>` read-write.
    for redirect in ["> /dev/null", "1<> /dev/null"] {
        let o = Command::new("sh")
            .args(["-c", &format!("{BIN} list {redirect}")])
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(0), "{redirect}: {err}");
    }
    let o = Command::new(BIN)
        .arg("list")
        .stdout(std::process::Stdio::null())
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}
