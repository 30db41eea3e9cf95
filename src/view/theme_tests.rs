//! The theme's tests: colours by depth, ground and tone.

#[test]
fn auto_follows_the_terminal_then_colorfgbg_then_dark() {
    use crate::probe::Rgb;
    let white = Some(Rgb(255, 255, 255));
    let black = Some(Rgb(0, 0, 0));
    let auto = ThemeKind::Auto;
    // The terminal's answer wins over the environment.
    assert_eq!(auto.resolve_with(white, Some("15;0")), ThemeKind::Light);
    assert_eq!(auto.resolve_with(black, Some("0;15")), ThemeKind::Dark);
    // No answer: COLORFGBG's last field, rxvt's three-field form too.
    assert_eq!(auto.resolve_with(None, Some("0;15")), ThemeKind::Light);
    assert_eq!(
        auto.resolve_with(None, Some("0;default;7")),
        ThemeKind::Light
    );
    assert_eq!(auto.resolve_with(None, Some("15;0")), ThemeKind::Dark);
    // Nothing known: dark.
    for v in [
        None,
        Some(""),
        Some("default;default"),
        Some("15;999"),
        Some("x"),
    ] {
        assert_eq!(auto.resolve_with(None, v), ThemeKind::Dark, "{v:?}");
    }
    // A theme asked for by name is kept.
    assert_eq!(
        ThemeKind::Contrast.resolve_with(white, Some("0;15")),
        ThemeKind::Contrast
    );
}
use super::*;

/// Every style that colours text, in a theme.
fn text_styles(t: Theme) -> Vec<(&'static str, Style)> {
    let mut v = vec![
        ("title", t.title()),
        ("border", t.border()),
        ("focused_border", t.focused_border()),
        ("matched", t.matched()),
        ("dim", t.dim()),
        ("heading", t.heading()),
        ("key", t.key()),
        ("warning", t.warning()),
    ];
    for (name, role) in [
        ("district", Role::District),
        ("road", Role::Road),
        ("river", Role::River),
        ("canal", Role::Canal),
        ("rail", Role::Rail),
        ("landmark", Role::Landmark),
        ("outline", Role::Outline),
        ("marker", Role::Marker),
        ("label", Role::Label),
        ("selected label", Role::SelectedLabel),
        ("road label", Role::RoadLabel),
        ("water label", Role::WaterLabel),
        ("legend", Role::Legend),
        ("note", Role::Note),
        ("scale", Role::Scale),
    ] {
        v.push((name, t.map(role)));
    }
    v
}

#[test]
fn a_light_theme_never_writes_in_colours_that_vanish_on_white() {
    let t = Theme::new(true, ThemeKind::Light);
    for (name, style) in text_styles(t) {
        assert!(
            !matches!(
                style.fg,
                Some(
                    Color::Yellow
                        | Color::Gray
                        | Color::LightGreen
                        | Color::LightYellow
                        | Color::LightCyan
                        | Color::White
                )
            ),
            "{name}: {style:?}"
        );
    }
}

#[test]
fn a_dark_theme_never_writes_in_dark_grey() {
    // ANSI 8 is the background in Solarized Dark: text in it would vanish.
    for kind in [ThemeKind::Dark, ThemeKind::Contrast] {
        for (name, style) in text_styles(Theme::new(true, kind)) {
            assert_ne!(style.fg, Some(Color::DarkGray), "{kind:?} {name}");
        }
    }
}

#[test]
fn colour_depth_is_what_the_terminal_declares_and_named_over_ssh() {
    use ColorDepth::*;
    let d = color_depth;
    assert_eq!(d(None, None, None, None), Named);
    assert_eq!(d(None, Some("xterm"), None, None), Named);
    assert_eq!(d(None, Some("xterm-256color"), None, None), Indexed);
    assert_eq!(d(None, Some("xterm-direct"), None, None), TrueColor);
    assert_eq!(d(Some("truecolor"), Some("xterm"), None, None), TrueColor);
    assert_eq!(d(Some("24bit"), None, None, None), TrueColor);
    // Over SSH, TERM alone is not believed; COLORTERM is.
    let ssh = Some("10.0.0.1 5000 10.0.0.2 22");
    assert_eq!(d(None, Some("xterm-256color"), ssh, None), Named);
    assert_eq!(
        d(None, Some("xterm-256color"), None, Some("/dev/pts/3")),
        Named
    );
    assert_eq!(
        d(Some("truecolor"), Some("xterm-256color"), ssh, None),
        TrueColor
    );
    assert_eq!(d(Some(""), Some("xterm-256color"), Some(""), None), Indexed);
}

#[test]
fn fill_colours_follow_the_depth_and_the_tone() {
    let paint = |tone| {
        Role::Fill(Paint {
            slot: 0,
            own: 0,
            tone,
            estimate: false,
        })
    };
    let named = Theme::colored();
    assert_eq!(named.map(paint(Tone::Plain)).bg, Some(Color::Green));
    assert_eq!(named.map(paint(Tone::Selected)).bg, Some(Color::LightGreen));
    assert_eq!(named.map(paint(Tone::Dim)).bg, None);
    let indexed = named.with_depth(ColorDepth::Indexed);
    assert!(matches!(
        indexed.map(paint(Tone::Dim)).bg,
        Some(Color::Indexed(_))
    ));
    let rgb = named.with_depth(ColorDepth::TrueColor);
    assert!(matches!(
        rgb.map(paint(Tone::Plain)).bg,
        Some(Color::Rgb(..))
    ));
    // Without colour, no colour at all.
    let plain = Theme::new(false, ThemeKind::Dark);
    assert_eq!(plain.map(paint(Tone::Plain)).bg, None);
}

/// The relative luminance of a colour as xterm's default palette and the 256-colour cube
/// draw it (WCAG's formula).
fn luminance(c: Color) -> f64 {
    let (r, g, b) = match c {
        Color::Rgb(r, g, b) => (r, g, b),
        Color::Indexed(i) if i >= 16 => {
            let l = |v: u8| if v == 0 { 0 } else { 55 + 40 * v };
            let i = i - 16;
            (l(i / 36), l(i / 6 % 6), l(i % 6))
        }
        Color::Black => (0, 0, 0),
        Color::Red => (205, 0, 0),
        Color::Green => (0, 205, 0),
        Color::Yellow => (205, 205, 0),
        Color::Blue => (0, 0, 238),
        Color::Magenta => (205, 0, 205),
        Color::Cyan => (0, 205, 205),
        Color::Gray => (229, 229, 229),
        Color::DarkGray => (127, 127, 127),
        Color::LightRed => (255, 0, 0),
        Color::LightGreen => (0, 255, 0),
        Color::LightYellow => (255, 255, 0),
        Color::LightBlue => (92, 92, 255),
        Color::LightMagenta => (255, 0, 255),
        Color::LightCyan => (0, 255, 255),
        Color::White => (255, 255, 255),
        c => panic!("no RGB for {c:?}"),
    };
    let lin = |v: u8| {
        let v = v as f64 / 255.0;
        if v <= 0.04045 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
}

#[test]
fn the_selected_platform_stands_out_most_and_a_dimmed_one_least_on_dark_and_light() {
    for (kind, ground) in [(ThemeKind::Dark, 0.0), (ThemeKind::Light, 1.0)] {
        for depth in [
            ColorDepth::Named,
            ColorDepth::Indexed,
            ColorDepth::TrueColor,
        ] {
            let theme = Theme::new(true, kind).with_depth(depth);
            for slot in 0..crate::map::OWN_COLOURS {
                // How far a platform's fill is from the ground; a dimmed platform on the
                // named palette has no fill, the ground itself.
                let apart = |tone| {
                    let paint = Paint {
                        slot,
                        own: slot,
                        tone,
                        estimate: false,
                    };
                    let l = theme.paint_color(paint).map_or(ground, luminance);
                    (l - ground).abs()
                };
                let (selected, plain, dim) =
                    (apart(Tone::Selected), apart(Tone::Plain), apart(Tone::Dim));
                assert!(
                    selected > plain && plain > dim,
                    "{kind:?} {depth:?} slot {slot}: selected {selected:.3}, plain \
                     {plain:.3}, dimmed {dim:.3}"
                );
            }
        }
    }
}

#[test]
fn on_white_platform_outlines_are_not_the_rivers_colour() {
    for kind in [ThemeKind::Light, ThemeKind::Dark] {
        let t = Theme::new(true, kind);
        let (outline, river, canal) = (
            t.map(Role::Outline).fg,
            t.map(Role::River).fg,
            t.map(Role::Canal).fg,
        );
        assert!(
            outline != river && outline != canal,
            "{kind:?}: {outline:?}"
        );
    }
}

/// A platform placed by estimate shows its own colour, the same as its chip, while nothing is
/// selected: a hatch in that colour on the terminal's ground (no ground of its own, so it looks
/// neither sourced nor dimmed).
#[test]
fn an_estimated_platform_shows_its_own_colour_unselected() {
    use crate::map::{MapOptions, MapStyle, Role, Viewport};
    let d = crate::dataset::embedded();
    let facts = crate::map::Facts::new(&d);
    let (w, h) = (160, 48);
    let g = crate::map::render(
        &d,
        &Viewport::fit_district(&d, w, h),
        w,
        h,
        &MapOptions {
            style: MapStyle::Fill,
            legend: true,
            ..MapOptions::default()
        },
    );
    for depth in [ColorDepth::Indexed, ColorDepth::TrueColor] {
        let t = Theme::new(true, ThemeKind::Dark).with_depth(depth);
        let hatched: Vec<_> = g
            .cells
            .iter()
            .filter_map(|c| match c.role {
                Role::Fill(p) if p.estimate && c.symbol.trim() != "" => Some(p),
                _ => None,
            })
            .collect();
        assert!(!hatched.is_empty(), "no estimated platform shows");
        for p in hatched {
            let style = t.map(Role::Fill(p));
            // Its chip in the list and the legend key: its palette entry, whose own colour it is.
            assert!(facts.slots.contains(&p.own));
            let chip = t.swatch(p.own).and_then(|s| s.bg);
            assert_eq!(style.bg, None, "{depth:?}");
            assert_eq!(style.fg, chip, "{depth:?}");
        }
    }
}
