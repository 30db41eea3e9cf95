//! `gongshu map` end to end, through the same function the binary calls.

use gongshu::cli::{Lang, MapArgs, Outcome, Printer, map_command};
use gongshu::dataset;
use gongshu::map::MapStyle;
use gongshu::view::theme::{Theme, ThemeKind};

fn run(args: MapArgs, color: bool) -> (Outcome, String, String) {
    let d = dataset::embedded();
    let args = MapArgs {
        theme: Theme::new(color, ThemeKind::Dark),
        ..args
    };
    let style = Printer {
        lang: Lang::Both,
        color,
        width: None,
        ambiguous_wide: false,
    };
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let outcome = map_command(
        &gongshu::cache::Loaded::new(d.clone()),
        &args,
        &style,
        &mut out,
        &mut err,
    )
    .unwrap();
    (
        outcome,
        String::from_utf8(out).unwrap(),
        String::from_utf8(err).unwrap(),
    )
}

fn args(w: u16, h: u16, select: Option<&str>) -> MapArgs<'_> {
    MapArgs {
        width: Some(w),
        height: Some(h),
        style: MapStyle::Ascii,
        select,
        spotlight: None,
        theme: Theme::new(false, ThemeKind::Dark),
    }
}

#[test]
fn prints_the_requested_size_without_colour_unless_asked() {
    let (outcome, out, _) = run(args(90, 30, None), false);
    assert_eq!(outcome, Outcome::Found);
    assert_eq!(out.lines().count(), 30);
    assert!(!out.contains('\x1b'));
    for n in 1..=10 {
        assert!(out.contains(&format!("[{n}]")), "[{n}] missing\n{out}");
    }
    let (_, coloured, _) = run(args(90, 30, None), true);
    assert!(coloured.contains("\x1b["));
}

/// Colour adds only SGR codes: stripped of them, the output is the plain map. The colours are
/// the theme's, the same table the atlas draws with.
#[test]
fn colour_output_is_the_plain_text_plus_the_themes_colours() {
    let (_, plain, _) = run(args(80, 24, None), false);
    let (_, ansi, _) = run(args(80, 24, None), true);
    let mut stripped = String::new();
    let mut chars = ansi.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            assert_eq!(chars.next(), Some('['));
            for c in chars.by_ref() {
                if c == 'm' {
                    break;
                }
                assert!(c.is_ascii_digit() || c == ';');
            }
        } else {
            stripped.push(c);
        }
    }
    let trimmed: Vec<&str> = stripped.lines().map(str::trim_end).collect();
    let plain: Vec<&str> = plain.lines().map(str::trim_end).collect();
    assert_eq!(trimmed, plain);
    // The canal: the theme's bold light blue, as the basic code every colour terminal knows.
    assert!(ansi.contains("\x1b[1;94m"), "the canal is coloured");
    assert!(!ansi.contains("38;5;"), "named colours only");
}

#[test]
fn selects_by_name_and_fails_like_show() {
    let (outcome, out, _) = run(args(100, 40, Some("运河财富")), false);
    assert_eq!(outcome, Outcome::Found);
    assert!(out.contains(':'), "the selection is filled");
    let (outcome, out, err) = run(args(100, 40, Some("town")), false);
    assert_eq!(outcome, Outcome::NothingFound);
    assert!(out.is_empty());
    assert!(err.contains("matches 5 platforms"), "{err}");
    let (outcome, _, err) = run(args(100, 40, Some("nowhere")), false);
    assert_eq!(outcome, Outcome::NothingFound);
    assert!(err.contains("no platform matches"), "{err}");
}

#[test]
fn too_small_says_the_minimum() {
    let (outcome, out, err) = run(args(20, 8, None), false);
    assert_eq!(outcome, Outcome::Error);
    assert!(out.is_empty());
    assert!(err.contains("at least 40x12"), "{err}");
}

#[test]
fn a_huge_size_is_capped_before_the_view_is_fitted() {
    let run = |w: &str, h: &str| {
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_gongshu"))
            .args(["map", "--width", w, "--height", h])
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(0));
        String::from_utf8(o.stdout).unwrap()
    };
    let huge = run("60000", "30000");
    let capped = run("1000", "500");
    assert_eq!(huge.lines().count(), 500);
    // The same picture as at the cap itself, not a speck in the corner of a larger view.
    assert_eq!(huge, capped);
}
