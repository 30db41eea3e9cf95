//! `gongshu where` and `gongshu near`: the map in words, as a user runs them.

use std::process::{Command, Output};

fn gongshu(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gongshu"))
        .args(args)
        .env("XDG_CONFIG_HOME", "/nonexistent")
        .env_remove("NO_COLOR")
        .output()
        .expect("runs")
}

fn stdout(args: &[&str]) -> String {
    let out = gongshu(args);
    assert_eq!(out.status.code(), Some(0), "{args:?}: {out:?}");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn where_snapshots_in_each_language() {
    for lang in ["zh", "en"] {
        for (name, args) in [
            ("district", vec!["where"]),
            ("1", vec!["where", "1"]),
            ("9", vec!["where", "9"]),
        ] {
            let mut all = vec!["--lang", lang];
            all.extend(args);
            insta::assert_snapshot!(format!("where_{name}_{lang}"), stdout(&all));
        }
    }
}

#[test]
fn where_is_one_fact_a_line_starting_with_what_it_is() {
    let d = gongshu::dataset::embedded();
    for p in &d.platforms {
        let n = p.number.to_string();
        let en = stdout(&["--lang", "en", "where", &n]);
        let zh = stdout(&["--lang", "zh", "where", &n]);
        let both = stdout(&["--lang", "both", "where", &n]);
        assert!(en.starts_with(&format!("[{n}] {}", p.name.en)), "{en}");
        assert!(zh.starts_with(&format!("[{n}] {}", p.name.zh)), "{zh}");
        // Both: each fact in Chinese, then in English.
        let (zl, el): (Vec<&str>, Vec<&str>) = (zh.lines().collect(), en.lines().collect());
        let bl: Vec<&str> = both.lines().collect();
        assert_eq!(bl.len(), zl.len() + el.len());
        for (k, pair) in bl.chunks(2).enumerate() {
            assert_eq!(pair, [zl[k], el[k]]);
        }
        // Piped output has no escapes, boxes or braille.
        for c in both.chars() {
            assert!(
                !matches!(c, '\x1b' | '\u{2500}'..='\u{259f}' | '\u{2800}'..='\u{28ff}'),
                "{c:?} in {both}"
            );
        }
        // The article's bounds are there word for word.
        assert!(zh.contains(p.area_text.zh.as_str()), "{zh}");
        assert!(en.contains(p.area_text.en.as_str()), "{en}");
    }
}

#[test]
fn where_json_has_the_documented_shape() {
    let v: serde_json::Value =
        serde_json::from_str(&stdout(&["where", "kangqiao-health", "--json"])).unwrap();
    assert_eq!(v["platform"]["id"], "kangqiao-health");
    assert_eq!(v["platform"]["number"], 10);
    let facts = v["facts"].as_array().unwrap();
    assert_eq!(facts[0]["fact"], "lies");
    assert_eq!(facts[0]["region"], "north");
    let six = facts
        .iter()
        .find(|f| f["fact"] == "platform" && f["platforms"][0]["number"] == 6)
        .expect("Kangqiao New Energy is named");
    assert_eq!(six["direction"], "north-east");
    assert_eq!(six["contact"], "adjoins");
    assert_eq!(six["approximate"], true);
    assert!(six["km"].as_f64().unwrap() >= 0.0);
    assert!(six["zh"].as_str().unwrap().contains("康桥新能源产业园"));
    assert!(facts.iter().any(|f| f["fact"] == "bounds"));
    assert_eq!(facts.last().unwrap()["confidence"], "Derived");

    let v: serde_json::Value = serde_json::from_str(&stdout(&["where", "--json"])).unwrap();
    assert!(v["platform"].is_null());
    let spine = v["facts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["fact"] == "spine-sides")
        .unwrap();
    assert_eq!(spine["feature"]["zh"], "石祥路");
    assert_eq!(spine["sides"]["along"][0]["number"], 7);
}

#[test]
fn near_lists_the_others_by_distance() {
    let out = stdout(&["--lang", "en", "near", "6"]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        "9 platforms by distance from [6] Kangqiao New Energy Industry Park:"
    );
    assert_eq!(lines.len(), 10);
    assert!(lines[1].contains("[10] Kangqiao Health"), "{out}");
    let v: serde_json::Value = serde_json::from_str(&stdout(&["near", "6", "--json"])).unwrap();
    let km: Vec<f64> = v["facts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["km"].as_f64().unwrap())
        .collect();
    assert_eq!(km.len(), 9);
    assert!(km.windows(2).all(|w| w[0] <= w[1]), "{km:?}");
}

#[test]
fn where_of_an_unknown_platform_exits_one_and_says_so() {
    let out = gongshu(&["where", "nowhere-at-all"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("no platform matches"), "{err}");
    let out = gongshu(&["near"]);
    assert_eq!(out.status.code(), Some(2), "near needs a platform");
}

#[test]
fn where_and_near_answer_for_every_dataset_that_loads() {
    for entry in std::fs::read_dir("tests/datasets/valid").unwrap() {
        let path = entry.unwrap().path();
        let file = path.to_str().unwrap();
        let d = gongshu::dataset::load_file(&path).unwrap();
        let out = stdout(&["--data", file, "--lang", "en", "where"]);
        assert!(
            out.starts_with(d.district.name.en.as_str()),
            "{file}: {out}"
        );
        let count = match d.platforms.len() {
            1 => "holds 1 industry platform.".to_string(),
            n => format!("holds {n} industry platforms."),
        };
        assert!(out.lines().next().unwrap().ends_with(&count), "{out}");
        for p in &d.platforms {
            let n = p.number.to_string();
            let out = stdout(&["--data", file, "--lang", "en", "where", &n]);
            assert!(out.starts_with(&format!("[{n}]")), "{file}: {out}");
            let near = gongshu(&["--data", file, "near", &n]);
            // A dataset of one platform has nothing to measure from: exit 1 and a message.
            let want = if d.platforms.len() > 1 { 0 } else { 1 };
            assert_eq!(near.status.code(), Some(want), "{file}: {near:?}");
        }
    }
}
