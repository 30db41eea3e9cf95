//! The presenter's console (`present --share ADDR --console --notes FILE`): the presenter sees
//! the speaker notes of every slide; a viewer following over SSH never receives one.

use std::time::Duration;

use crate::helpers::server::free_port;
use crate::helpers::temp::TempDir;
use crate::helpers::tmux::{Tmux, bin};
use crate::helpers::tools;

/// Every slide's id in the built-in briefing, in order.
fn slide_ids() -> Vec<String> {
    let p = gongshu::app::briefing::Presenter::new(
        gongshu::dataset::embedded(),
        gongshu::lang::Lang::Both,
        false,
    );
    (0..p.count()).map(|i| p.slide_id(i)).collect()
}

/// The note written for slide `id`: unlike any text a slide shows.
fn note(id: &str) -> String {
    format!("NOTE-{id}-讲者专用")
}

#[test]
fn the_console_shows_each_slides_notes_and_viewers_never_receive_them() {
    if !tools::have(&["ssh", "tmux"]) {
        return;
    }
    let dir = TempDir::new();
    let ids = slide_ids();
    let notes = dir.0.join("notes.ron");
    let entries: Vec<String> = ids
        .iter()
        .map(|id| format!("  \"{id}\": \"{}\",\n", note(id)))
        .collect();
    std::fs::write(&notes, format!("{{\n{}}}\n", entries.concat())).unwrap();
    let port = free_port();
    let home = dir.0.to_str().unwrap();
    let presenter = Tmux::start(
        &format!(
            "{} --lang both present --share 127.0.0.1:{port} --console --notes '{}'",
            bin(),
            notes.display()
        ),
        140,
        44,
        &[("XDG_DATA_HOME", home)],
    );
    let s = presenter.wait_for(|s| s.contains("0 watching") && s.contains(&note("title")));
    assert!(s.contains(&note("title")), "{s}");
    let seen = dir.0.join("viewer.out");
    let ssh = format!(
        "ssh -tt -p {port} -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null \
         -o BatchMode=yes -o LogLevel=ERROR anyone@127.0.0.1 | tee '{}'",
        seen.display()
    );
    let viewer = Tmux::start(&ssh, 100, 30, &[]);
    viewer.wait_for(|s| s.contains("徐青"));
    presenter.wait_for(|s| s.contains("1 watching"));
    let d = gongshu::dataset::embedded();
    // Through every slide (and its pages) to the last; each slide's note on the console.
    for (k, id) in ids.iter().enumerate() {
        let here = format!(" {}/{} {id} ", k + 1, ids.len());
        let s = presenter.wait_for(|s| s.contains(&here));
        assert!(s.contains(&here) && s.contains(&note(id)), "{here}: {s}");
        // A platform's slide: where it lies, in words, under the notes.
        let platform = d.platforms.iter().position(|p| &p.id == id);
        assert_eq!(
            s.contains("位置 Where it lies"),
            platform.is_some(),
            "{here}: {s}"
        );
        if let Some(i) = platform {
            let zh = gongshu::place::short(&d, i, gongshu::lang::Lang::Zh);
            let start: String = zh.chars().take(8).collect();
            assert!(s.contains(&start), "{start} on {here}: {s}");
        }
        // The viewer shows the same slide before the presenter moves on.
        std::thread::sleep(Duration::from_millis(300));
        for _ in 0..6 {
            if presenter.screen().contains(&here) {
                presenter.keys(&["PageDown"]);
                std::thread::sleep(Duration::from_millis(150));
            }
        }
    }
    viewer.type_text("q");
    let s = viewer.wait_for(|s| s.contains("EXIT="));
    assert!(s.contains("EXIT=0"), "{s}");
    let received = String::from_utf8_lossy(&std::fs::read(&seen).unwrap()).into_owned();
    assert!(received.contains("徐青"), "the viewer was sent the slides");
    for id in &ids {
        assert!(
            !received.contains(&note(id)),
            "{id}'s note reached a viewer"
        );
        assert!(!received.contains("NOTE-"), "a note reached a viewer");
        assert!(
            !received.contains("Where it lies"),
            "a note reached a viewer"
        );
    }
    presenter.type_text("qq");
    presenter.wait_for(|s| s.contains("EXIT="));
}

#[test]
fn a_bad_notes_file_is_reported_where_it_is_wrong_before_the_slides_open() {
    if !tools::have(&["tmux"]) {
        return;
    }
    let dir = TempDir::new();
    let notes = dir.0.join("notes.ron");
    std::fs::write(
        &notes,
        "{\n  \"title\": \"ok\",\n  \"canal-welth\": \"typo\",\n}\n",
    )
    .unwrap();
    let t = Tmux::start(
        &format!(
            "{} present --share 127.0.0.1:{} --console --notes '{}'",
            bin(),
            free_port(),
            notes.display()
        ),
        120,
        30,
        &[("XDG_DATA_HOME", dir.0.to_str().unwrap())],
    );
    let s = t.wait_for(|s| s.contains("EXIT="));
    assert!(s.contains("EXIT=2"), "{s}");
    assert!(
        s.contains("notes.ron:3:3: notes[\"canal-welth\"]: no slide has this id"),
        "{s}"
    );
}
