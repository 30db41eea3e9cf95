//! The line mode's language and answers, on the shipped dataset.

use super::*;

fn atlas_with<T>(lang: Lang, f: impl FnOnce(Atlas) -> T) -> T {
    let loaded = crate::cache::embedded();
    f(Atlas {
        data: &loaded.data,
        index: loaded.index(),
        lang,
    })
}

#[test]
fn commands_are_understood_in_either_language() {
    assert_eq!(parse("list"), Ask::List);
    assert_eq!(parse("  列表 "), Ask::List);
    assert_eq!(parse("SHOW 3"), Ask::Show("3".into()));
    assert_eq!(parse("显示 3"), Ask::Show("3".into()));
    assert_eq!(parse("显示3"), Ask::Show("3".into()));
    assert_eq!(
        parse("search 金融 internet"),
        Ask::Search("金融 internet".into())
    );
    assert_eq!(parse("搜索金融"), Ask::Search("金融".into()));
    assert_eq!(parse("where 6"), Ask::Where(Some("6".into())));
    assert_eq!(parse("位置"), Ask::Where(None));
    assert_eq!(parse("位置6"), Ask::Where(Some("6".into())));
    assert_eq!(parse("near 6"), Ask::Near("6".into()));
    assert_eq!(parse("附近 康桥"), Ask::Near("康桥".into()));
    assert_eq!(parse("near"), Ask::Needs(Verb::Near, "near".into()));
    assert_eq!(parse("方案"), Ask::Plan);
    assert_eq!(parse("帮助"), Ask::Help);
    assert_eq!(parse("?"), Ask::Help);
    assert_eq!(parse("退出"), Ask::Quit);
    assert_eq!(parse("quit"), Ask::Quit);
    assert_eq!(parse("7"), Ask::Show("7".into()));
    assert_eq!(parse(""), Ask::Nothing);
    assert_eq!(parse("show"), Ask::Needs(Verb::Show, "show".into()));
    assert_eq!(parse("搜索"), Ask::Needs(Verb::Search, "搜索".into()));
    // An English name needs a space after it: these are no commands.
    assert_eq!(parse("listing"), Ask::Unknown("listing".into()));
    assert_eq!(parse("showme 3"), Ask::Unknown("showme 3".into()));
}

#[test]
fn each_answer_starts_with_what_it_is() {
    atlas_with(Lang::En, |a| {
        let list = a.answer("list").text;
        assert!(list.starts_with("10 platforms, by number:\n"), "{list}");
        assert_eq!(list.lines().count(), 11, "{list}");
        let found = a.answer("search 金融").text;
        let first = found.lines().next().unwrap();
        let n = a.index.search("金融").len();
        assert!(
            first.starts_with(&format!("{n} platforms match 金融: ")),
            "{found}"
        );
        assert_eq!(found.lines().count(), n + 1, "{found}");
        let show = a.answer("show 3").text;
        assert!(show.starts_with("Platform 3: "), "{show}");
        assert!(a.answer("plan").text.starts_with("Plan: "));
        assert!(a.answer("help").text.starts_with("Commands"));
        let none = a.answer("search zzzzqqq").text;
        assert_eq!(none, "No platform matches zzzzqqq.\n");
        assert!(
            a.answer("frobnicate")
                .text
                .starts_with("There is no command frobnicate.")
        );
        assert!(a.answer("show").text.starts_with("show needs a platform"));
        assert!(a.answer("quit").quit && !a.answer("list").quit);
    });
    atlas_with(Lang::Zh, |a| {
        assert!(a.answer("列表").text.starts_with("共 10 个平台,按编号:\n"));
        assert!(a.answer("显示 3").text.starts_with("平台 3:"));
        assert!(a.answer("搜索 金融").text.contains("个平台匹配 金融:"));
    });
}

#[test]
fn show_says_the_sheet_a_fact_a_line() {
    atlas_with(Lang::En, |a| {
        let d = a.data;
        let text = a.answer("show 1").text;
        let p = &d.platforms[0];
        assert!(text.contains(&format!("id: {}\n", p.id)), "{text}");
        assert!(text.contains("kind: town\n"), "{text}");
        for i in p.key_industries() {
            assert!(text.contains(&*i.en), "{} missing: {text}", i.en);
        }
        assert!(text.contains("Planned area, east: "), "{text}");
        assert!(text.contains("Outline: "), "{text}");
        // Each line is a whole fact: nothing laid out in columns.
        assert!(
            text.lines()
                .all(|l| !l.starts_with(' ') && !l.contains("  ")),
            "{text}"
        );
    });
}

#[test]
fn nothing_said_draws_or_moves_the_cursor() {
    for lang in [Lang::Zh, Lang::En, Lang::Both] {
        atlas_with(lang, |a| {
            let mut all = a.welcome();
            for line in [
                "list",
                "show 1",
                "show 9",
                "show 金",
                "show zz",
                "search 金融",
                "search ds",
                "plan",
                "help",
                "x",
                "quit",
            ] {
                all += &a.answer(line).text;
            }
            for c in all.chars() {
                let u = c as u32;
                assert!(
                    !(0x2500..=0x259F).contains(&u) && !(0x2800..=0x28FF).contains(&u),
                    "{c:?} in {lang:?}"
                );
                assert!(c == '\n' || !c.is_control(), "{c:?} in {lang:?}");
            }
            // Facts are not strung together with middle dots (names may have one).
            assert!(!all.contains(" · "), "{lang:?}");
        });
    }
}

#[test]
fn an_ambiguous_or_unknown_platform_says_which_there_are() {
    atlas_with(Lang::En, |a| {
        let text = a.answer("show zzz").text;
        assert!(text.starts_with("No platform is called zzz."), "{text}");
    });
}

#[test]
fn completion_offers_commands_then_platform_ids() {
    atlas_with(Lang::En, |a| {
        assert_eq!(a.complete("sh"), (0, vec!["show".to_string()]));
        assert_eq!(a.complete("显"), (0, vec!["显示".to_string()]));
        let (at, ids) = a.complete("show kangqiao-h");
        assert_eq!(at, 5);
        assert_eq!(ids, vec!["kangqiao-health".to_string()]);
        let (_, ids) = a.complete("显示 canal");
        assert_eq!(ids, vec!["canal-wealth".to_string()]);
        assert!(a.complete("search ka").1.is_empty());
    });
}

#[test]
fn a_script_is_answered_line_by_line_until_quit() {
    atlas_with(Lang::En, |a| {
        let input = "list\n\nshow 2\nquit\nlist\n";
        let mut out = Vec::new();
        let o = local::script(a, &[], false, input.as_bytes(), &mut out).unwrap();
        assert_eq!(o, crate::cli::Outcome::Found);
        let out = String::from_utf8(out).unwrap();
        assert_eq!(out.matches("10 platforms, by number:").count(), 1, "{out}");
        assert!(
            out.contains("Platform 2: ") && out.ends_with("Goodbye.\n"),
            "{out}"
        );
        // Bytes that are not UTF-8 and an overlong line are read, not a panic.
        let mut long = vec![b'x'; 100_000];
        long.extend_from_slice(b"\n\xff\xfe\nlist\n");
        let mut out = Vec::new();
        local::script(a, &[], false, &long[..], &mut out).unwrap();
        let out = String::from_utf8(out).unwrap();
        assert_eq!(
            out.lines()
                .filter(|l| l.starts_with("There is no command"))
                .count(),
            2,
            "{out}"
        );
        assert!(out.contains("10 platforms"), "{out}");
    });
}

#[test]
fn where_and_near_say_the_map_in_words() {
    atlas_with(Lang::En, |a| {
        let d = a.data;
        let text = a.answer("where 1").text;
        let mut lines = text.lines();
        assert_eq!(lines.next(), Some("Where [1] Canal Wealth Town lies:"));
        let said: Vec<String> = crate::place::describe_platform(d, 0)
            .into_iter()
            .map(|s| s.en)
            .collect();
        assert_eq!(lines.map(String::from).collect::<Vec<_>>(), said);
        let layout = a.answer("where").text;
        assert!(
            layout.starts_with("The layout of Gongshu District:\n"),
            "{layout}"
        );
        assert!(layout.contains("Grand Canal"), "{layout}");
        let near = a.answer("near 6").text;
        assert!(
            near.starts_with("9 platforms by distance from [6] "),
            "{near}"
        );
        // Every other platform, a line each, nearest first.
        assert_eq!(near.lines().count(), d.platforms.len(), "{near}");
        assert!(
            a.answer("where zzz")
                .text
                .starts_with("No platform is called zzz.")
        );
    });
    atlas_with(Lang::Both, |a| {
        let text = a.answer("位置 9").text;
        let s = crate::place::describe_platform(a.data, 8);
        // The Chinese, then the English, a line each, the heading too.
        assert_eq!(text.lines().count(), 2 + 2 * s.len(), "{text}");
        assert!(
            text.starts_with("[9] 北城·智汇园 的位置:\nWhere [9] Beicheng Zhihui Park lies:\n")
        );
    });
}

#[test]
fn a_search_of_a_large_dataset_says_the_best_and_how_many_more() {
    let d = crate::dataset::synthetic::generate(500);
    let loaded = crate::cache::Loaded::new(d);
    let a = Atlas {
        data: &loaded.data,
        index: loaded.index(),
        lang: Lang::En,
    };
    let q = &loaded.data.platforms[0]
        .key_industries()
        .next()
        .unwrap()
        .en
        .to_string();
    let n = a.index.search(q).len();
    assert!(n > 30, "{n} hits");
    let text = a.answer(&format!("search {q}")).text;
    let first = text.lines().next().unwrap();
    assert!(
        first.starts_with(&format!("{n} platforms match ")),
        "{first}"
    );
    assert!(first.ends_with(&format!("and {} more", n - 10)), "{first}");
    assert_eq!(text.lines().count(), 1 + 20 + 1, "{text}");
    assert!(text.ends_with(&format!(
        "{} more not said; more words narrow the search.\n",
        n - 20
    )));
}

#[test]
fn near_with_no_other_platform_says_so() {
    let loaded = crate::cache::Loaded::new(crate::dataset::synthetic::generate(1));
    let a = Atlas {
        data: &loaded.data,
        index: loaded.index(),
        lang: Lang::En,
    };
    let text = a.answer("near 1").text;
    assert_eq!(text, "There is no other platform to measure from.\n");
}
