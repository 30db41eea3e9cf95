//! The real binary in a real pseudo-terminal (tmux), driven by keys as a person would.

use crate::helpers::temp::TempDir;
use crate::helpers::tmux::{Tmux, bin};
use crate::helpers::tools;

#[test]
fn search_in_chinese_then_quit() {
    if !tools::have(&["tmux"]) {
        return;
    }
    let t = Tmux::start(bin(), 120, 40, &[]);
    let s = t.wait_for(|s| s.contains("Platforms 10/10"));
    assert!(s.contains("运河财富小镇"), "{s}");

    t.type_text("/");
    t.wait_for(|s| s.contains("search /"));
    t.type_text("电商");
    t.wait_for(|s| s.contains("search / 电商") && !s.contains("Platforms 10/10"));
    t.keys(&["Enter"]);
    // The list shows only hits, best first, and the first is selected.
    let s = t.wait_for(|s| s.lines().any(|l| l.contains("> 2 上塘电商小镇")));
    assert!(s.lines().any(|l| l.contains("> 2 上塘电商小镇")), "{s}");
    // Only hits are listed (the list is the left pane; the map still names every platform).
    let list: Vec<&str> = s.lines().filter_map(|l| l.split('┃').nth(1)).collect();
    assert_eq!(
        list.iter()
            .filter(|l| l.contains("小镇") || l.contains("园"))
            .count(),
        4,
        "{s}"
    );
    assert!(!list.iter().any(|l| l.contains("康桥健康产业园")), "{s}");

    // q in the list quits; the shell sees exit status 0 and the normal screen again.
    t.type_text("q");
    let s = t.wait_for(|s| s.contains("EXIT="));
    assert!(s.contains("EXIT=0"), "{s}");
}

#[test]
fn q_typed_into_the_search_line_is_a_q() {
    if !tools::have(&["tmux"]) {
        return;
    }
    let t = Tmux::start(bin(), 100, 30, &[]);
    t.wait_for(|s| s.contains("Platforms 10/10"));
    t.type_text("/q");
    let s = t.wait_for(|s| s.contains("search / q"));
    assert!(s.contains("search / q"), "{s}");
    assert!(!s.contains("EXIT="), "{s}");
    t.keys(&["Escape"]);
    t.wait_for(|s| !s.contains("search / q"));
    t.keys(&["C-c"]);
    let s = t.wait_for(|s| s.contains("EXIT="));
    assert!(s.contains("EXIT=0"), "{s}");
}

#[test]
fn dumb_terminal_gets_the_line_mode() {
    if !tools::have(&["tmux"]) {
        return;
    }
    let state = TempDir::named("dumb-state");
    // tmux sets TERM in its panes, so set it for the program itself.
    let cmd = format!(
        "env TERM=dumb XDG_STATE_HOME={} {} --lang en",
        state.display(),
        bin()
    );
    let t = Tmux::start(&cmd, 100, 30, &[]);
    t.wait_for(|s| s.contains("gongshu> "));
    t.type_text("show 6");
    t.keys(&["Enter"]);
    let s = t.wait_for(|s| s.contains("Platform 6: "));
    assert!(s.contains("Type help for the commands."), "{s}");
    t.type_text("quit");
    t.keys(&["Enter"]);
    let s = t.wait_for(|s| s.contains("EXIT="));
    assert!(s.contains("Goodbye.") && s.contains("EXIT=0"), "{s}");
}

#[test]
fn broken_dataset_is_reported_before_the_terminal_is_touched() {
    if !tools::have(&["tmux"]) {
        return;
    }
    let bad = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/datasets/invalid/wrong_type.ron"
    );
    let t = Tmux::start(&format!("{} --data {bad}", bin()), 120, 30, &[]);
    let s = t.wait_for(|s| s.contains("EXIT="));
    assert!(
        s.contains("wrong_type.ron:25:20: platforms[0].number: expected integer"),
        "{s}"
    );
    assert!(s.contains("EXIT=2"), "{s}");
}

#[test]
fn the_selection_shows_without_colour() {
    if !tools::have(&["tmux"]) {
        return;
    }
    let t = Tmux::start(&format!("env NO_COLOR=1 {}", bin()), 120, 40, &[]);
    t.wait_for(|s| s.contains("Platforms 10/10"));
    t.type_text("j");
    let s = t.wait_for(|s| s.contains("> 2 上塘电商小镇"));
    assert!(s.contains("> 2 上塘电商小镇"), "{s}");
    t.type_text("q");
    assert!(t.wait_for(|s| s.contains("EXIT=")).contains("EXIT=0"));
}

#[test]
fn a_resize_storm_ends_on_the_same_frame_as_a_fresh_start() {
    if !tools::have(&["tmux"]) {
        return;
    }
    let t = Tmux::start(bin(), 120, 40, &[]);
    t.wait_for(|s| s.contains("Platforms 10/10"));
    let mut seed = 7u32;
    for _ in 0..60 {
        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        let (w, h) = (1 + (seed >> 8) % 220, 1 + (seed >> 20) % 70);
        t.resize(w as u16, h as u16);
    }
    t.resize(100, 30);
    let fresh = Tmux::start(bin(), 100, 30, &[]);
    let want = fresh.wait_for(|s| s.contains("Platforms 10/10"));
    let got = t.wait_for(|s| s == want);
    assert_eq!(got, want);
}

#[test]
fn ctrl_z_suspends_to_the_shell_and_fg_redraws_everything() {
    if !tools::have(&["tmux"]) {
        return;
    }
    let t = Tmux::start("bash --norc --noprofile -i", 100, 30, &[]);
    t.type_text("PS1='shell$ '");
    t.keys(&["Enter"]);
    t.wait_for(|s| s.contains("shell$"));
    t.type_text(bin());
    t.keys(&["Enter"]);
    t.wait_for(|s| s.contains("Platforms 10/10"));
    t.keys(&["C-z"]);
    let s = t.wait_for(|s| s.contains("Stopped"));
    // The shell is usable: its own screen is back, not the atlas.
    assert!(
        s.contains("Stopped") && !s.contains("Platforms 10/10"),
        "{s}"
    );
    t.type_text("fg");
    t.keys(&["Enter"]);
    let s = t.wait_for(|s| s.contains("Platforms 10/10") && s.contains("built-in · 10/10"));
    assert!(
        s.contains("运河财富小镇") && s.contains("built-in · 10/10"),
        "{s}"
    );
    // Keys work after the resume.
    t.type_text("j");
    let s = t.wait_for(|s| s.contains("> 2 上塘电商小镇"));
    assert!(s.contains("> 2 上塘电商小镇"), "{s}");
    t.type_text("q");
    assert!(
        t.wait_for(|s| s.contains("shell$ ") && !s.contains("Platforms"))
            .contains("shell$")
    );
}

#[test]
fn esc_at_the_top_level_keeps_the_atlas_running() {
    if !tools::have(&["tmux"]) {
        return;
    }
    let t = Tmux::start(bin(), 100, 30, &[]);
    t.wait_for(|s| s.contains("Platforms 10/10"));
    t.keys(&["Escape", "Escape", "Escape"]);
    std::thread::sleep(std::time::Duration::from_millis(300));
    let s = t.screen();
    assert!(
        s.contains("Platforms 10/10") && !s.contains("EXIT="),
        "Esc quit the atlas:\n{s}"
    );
    t.type_text("q");
    let s = t.wait_for(|s| s.contains("EXIT="));
    assert!(s.contains("EXIT=0"), "{s}");
}

#[test]
fn briefing_blank_then_page_down_stays_and_arrows_move() {
    if !tools::have(&["tmux"]) {
        return;
    }
    let t = Tmux::start(&format!("{} present", bin()), 100, 30, &[]);
    t.wait_for(|s| s.contains("1/13"));
    t.keys(&["Down"]);
    let s = t.wait_for(|s| s.contains("2/13"));
    assert!(s.contains("2/13"), "↓ moves forward:\n{s}");
    t.type_text("b");
    t.wait_for(|s| !s.contains("2/13"));
    t.keys(&["PageDown"]);
    let s = t.wait_for(|s| s.contains("/13"));
    assert!(
        s.contains("2/13"),
        "the key that unblanks does not also move:\n{s}"
    );
    t.keys(&["Up"]);
    let s = t.wait_for(|s| s.contains("1/13"));
    assert!(s.contains("1/13"), "↑ moves back:\n{s}");
    t.type_text("qq");
    let s = t.wait_for(|s| s.contains("EXIT="));
    assert!(s.contains("EXIT=0"), "{s}");
}
