//! Programs some tests drive (the OpenSSH client, tmux): found on PATH, or the test is skipped
//! with a line saying why; under CI a missing program fails the test instead, so a CI machine
//! without it cannot pass by running nothing.

use std::io::Write;
use std::path::Path;

/// Whether `CI` is set to something that means yes: any non-empty value but `false` and `0`.
pub fn under_ci() -> bool {
    ci_means_yes(std::env::var("CI").ok().as_deref())
}

fn ci_means_yes(value: Option<&str>) -> bool {
    value.is_some_and(|v| !v.is_empty() && v != "0" && !v.eq_ignore_ascii_case("false"))
}

/// Whether an executable file named `tool` is on PATH, as `command -v` finds it.
pub fn on_path(tool: &str) -> bool {
    use std::os::unix::fs::PermissionsExt;
    let Some(path) = std::env::var_os("PATH") else {
        return false;
    };
    std::env::split_paths(&path).any(|dir| {
        let file = if dir.as_os_str().is_empty() {
            Path::new(".").join(tool)
        } else {
            dir.join(tool)
        };
        std::fs::metadata(&file).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
    })
}

/// Whether every one of `tools` is installed. Where one is not: under CI the test fails, naming
/// it; elsewhere this prints why the test is skipped and returns false, and the test returns.
///
/// ```ignore
/// if !tools::have(&["ssh", "tmux"]) {
///     return;
/// }
/// ```
pub fn have(tools: &[&str]) -> bool {
    let missing: Vec<&str> = tools.iter().copied().filter(|t| !on_path(t)).collect();
    if missing.is_empty() {
        return true;
    }
    let test = std::thread::current()
        .name()
        .unwrap_or("this test")
        .to_string();
    let what = missing.join(" and ");
    assert!(
        !under_ci(),
        "{test}: {what} not found on PATH, and CI is set: a missing tool fails the test \
         (.ci/run installs openssh-client and tmux)"
    );
    // Written to stderr itself, not through `eprintln!`, which the test harness captures and
    // shows only for failing tests: a skip should be seen.
    let _ = writeln!(
        std::io::stderr(),
        "{test}: skipped: {what} not found; CI=true makes this a failure"
    );
    false
}

#[test]
fn ci_means_any_value_but_empty_false_and_0() {
    for yes in ["true", "1", "yes", "TRUE", "github"] {
        assert!(ci_means_yes(Some(yes)), "{yes}");
    }
    for no in [None, Some(""), Some("0"), Some("false"), Some("False")] {
        assert!(!ci_means_yes(no), "{no:?}");
    }
}

#[test]
fn a_tool_is_found_on_path_and_a_made_up_one_is_not() {
    assert!(on_path("sh"));
    assert!(!on_path("gongshu-no-such-tool"));
}
