//! Styles, by what they mean. Named ANSI colours by default, so light and dark terminals both read
//! well; the map's fills use 256 colours or truecolour only where the terminal says it has them
//! ([`color_depth`]). With colour off every style falls back to modifiers (bold, reverse,
//! underline) alone.

use ratatui::style::{Color, Modifier, Style};

use crate::map::{Paint, Role, Stroke, Tone};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
    pub kind: ThemeKind,
    /// How many colours the map's fills may use.
    pub depth: ColorDepth,
    /// The terminal draws ambiguous-width characters two columns wide, so none may be drawn.
    pub ambiguous_wide: bool,
}

/// How many colours the terminal can show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ColorDepth {
    /// The 16 named ANSI colours, which the user's own palette defines: always safe.
    #[default]
    Named,
    /// The xterm 256-colour palette.
    Indexed,
    /// 24-bit RGB.
    TrueColor,
}

/// The colour depth the terminal declares, from the values of `COLORTERM`, `TERM`,
/// `SSH_CONNECTION` and `SSH_TTY` (pass `None` for unset). `COLORTERM=truecolor`/`24bit` means
/// truecolour anywhere; otherwise a `TERM` naming 256 colours (or direct colour) is believed only
/// off SSH, since the terminal at the far end may not be the one `TERM` describes. Anything else
/// is named colours.
pub fn color_depth(
    colorterm: Option<&str>,
    term: Option<&str>,
    ssh_connection: Option<&str>,
    ssh_tty: Option<&str>,
) -> ColorDepth {
    let set = |v: Option<&str>| v.is_some_and(|v| !v.trim().is_empty());
    let colorterm = colorterm.unwrap_or("").trim().to_ascii_lowercase();
    if colorterm == "truecolor" || colorterm == "24bit" {
        return ColorDepth::TrueColor;
    }
    if colorterm.contains("256") {
        return ColorDepth::Indexed;
    }
    if set(ssh_connection) || set(ssh_tty) {
        return ColorDepth::Named;
    }
    let term = term.unwrap_or("").to_ascii_lowercase();
    if term.ends_with("-direct") || term.contains("truecolor") || term.contains("24bit") {
        ColorDepth::TrueColor
    } else if term.contains("256color") {
        ColorDepth::Indexed
    } else {
        ColorDepth::Named
    }
}

impl ColorDepth {
    /// [`color_depth`] of this process's environment.
    pub fn from_env() -> ColorDepth {
        let var = |k: &str| std::env::var(k).ok();
        color_depth(
            var("COLORTERM").as_deref(),
            var("TERM").as_deref(),
            var("SSH_CONNECTION").as_deref(),
            var("SSH_TTY").as_deref(),
        )
    }
}

/// Which palette: `Dark` and `Light` suit the terminal's own background; `Contrast` paints its own
/// black background with white and yellow, for projectors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ThemeKind {
    /// Dark or light as the terminal's background is: asked of the terminal at start (OSC 11),
    /// else read from COLORFGBG, else dark.
    // (This comment is the option's help text above; a `Theme` never holds `Auto`: it is
    // resolved to dark or light first.)
    #[default]
    Auto,
    Dark,
    Light,
    Contrast,
}

impl ThemeKind {
    /// `Auto` made dark or light: by the terminal's answer about its background, else by
    /// COLORFGBG, else dark. The other kinds stay as they are.
    pub fn resolve(self, background: Option<crate::probe::Rgb>) -> ThemeKind {
        self.resolve_with(background, std::env::var("COLORFGBG").ok().as_deref())
    }

    /// `Auto` made dark or light by a remote terminal's answer alone, else dark: the server's
    /// own environment says nothing about its client's terminal.
    pub fn resolve_remote(self, background: Option<crate::probe::Rgb>) -> ThemeKind {
        self.resolve_with(background, None)
    }

    fn resolve_with(
        self,
        background: Option<crate::probe::Rgb>,
        colorfgbg: Option<&str>,
    ) -> ThemeKind {
        if self != ThemeKind::Auto {
            return self;
        }
        match background
            .map(|b| b.is_light())
            .or_else(|| colorfgbg_light(colorfgbg))
        {
            Some(true) => ThemeKind::Light,
            _ => ThemeKind::Dark,
        }
    }
}

/// Whether COLORFGBG ("fg;bg", or "fg;other;bg" as rxvt sets it) names a light background: the
/// last field, an ANSI colour number, 7 (light grey) or 9-15 (the bright ones, 15 white) being
/// light. Unknown (unset, "default", garbage) is None.
fn colorfgbg_light(v: Option<&str>) -> Option<bool> {
    let bg: u8 = v?.rsplit(';').next()?.trim().parse().ok()?;
    Some(bg == 7 || (9..=15).contains(&bg))
}

impl Theme {
    /// `kind` is resolved first ([`ThemeKind::resolve`] without a terminal answer).
    pub fn new(color: bool, kind: ThemeKind) -> Theme {
        Theme {
            color,
            kind: kind.resolve(None),
            depth: ColorDepth::Named,
            ambiguous_wide: false,
        }
    }

    /// For a terminal that draws ambiguous-width characters wide (or not).
    pub fn with_ambiguous_wide(self, wide: bool) -> Theme {
        Theme {
            ambiguous_wide: wide,
            ..self
        }
    }

    /// Colour on, the default palette, named colours.
    pub fn colored() -> Theme {
        Theme::new(true, ThemeKind::Dark)
    }

    /// The same theme with fills in `depth` colours.
    pub fn with_depth(self, depth: ColorDepth) -> Theme {
        Theme { depth, ..self }
    }

    fn pick(&self, colored: Style, plain: Style) -> Style {
        if !self.color {
            return plain;
        }
        let Some(fg) = colored.fg else {
            return colored;
        };
        match self.kind {
            // Dark grey (ANSI 8) is the background colour in some dark palettes (Solarized): dim
            // text is the terminal's own text, faint, which reads on every palette.
            // Never held by a theme (resolved in `new`); drawn as dark if it were.
            ThemeKind::Dark | ThemeKind::Auto => match fg {
                Color::DarkGray => Style {
                    fg: None,
                    ..colored
                }
                .add_modifier(Modifier::DIM),
                _ => colored,
            },
            // On white, yellow, light grey, white and the bright greens and cyans vanish: each
            // has a darker named colour that reads.
            ThemeKind::Light => {
                let fg = match fg {
                    Color::Yellow | Color::LightYellow => Some(Color::Magenta),
                    Color::Cyan | Color::LightCyan => Some(Color::Blue),
                    Color::LightGreen => Some(Color::Green),
                    Color::LightBlue => Some(Color::Blue),
                    Color::LightMagenta => Some(Color::Magenta),
                    Color::LightRed => Some(Color::Red),
                    Color::Gray | Color::White => Some(Color::Black),
                    Color::DarkGray => None,
                    c => Some(c),
                };
                let style = Style { fg, ..colored };
                if fg.is_none() {
                    style.add_modifier(Modifier::DIM)
                } else {
                    style
                }
            }
            ThemeKind::Contrast => Style {
                fg: Some(match fg {
                    Color::DarkGray | Color::Gray => Color::White,
                    Color::Cyan | Color::Blue => Color::LightCyan,
                    c => c,
                }),
                ..colored
            }
            .add_modifier(Modifier::BOLD),
        }
    }

    /// The style every screen starts from: the contrast theme paints its own background.
    pub fn base(&self) -> Style {
        match (self.color, self.kind) {
            (true, ThemeKind::Contrast) => Style::new().fg(Color::White).bg(Color::Black),
            _ => Style::new(),
        }
    }

    pub fn title(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }
    pub fn border(&self) -> Style {
        self.pick(Style::new().fg(Color::DarkGray), Style::new())
    }
    pub fn focused_border(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Cyan),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }
    pub fn selected(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
    }
    /// Matched characters of a search.
    pub fn matched(&self) -> Style {
        self.pick(
            Style::new()
                .fg(Color::Yellow)
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
        )
    }
    pub fn dim(&self) -> Style {
        self.pick(Style::new().fg(Color::DarkGray), Style::new())
    }
    pub fn heading(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }
    pub fn key(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }
    pub fn warning(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }

    /// How each kind of map cell looks.
    pub fn map(&self, role: Role) -> Style {
        if !self.color {
            return match role {
                Role::SelectedFill | Role::SelectedMarker | Role::SelectedLabel => {
                    Style::new().add_modifier(Modifier::BOLD)
                }
                Role::HighlightedMarker => Style::new().add_modifier(Modifier::UNDERLINED),
                Role::Marker => Style::new().add_modifier(Modifier::BOLD),
                Role::Fill(p) | Role::Dots { on: Some(p), .. } if p.tone == Tone::Selected => {
                    Style::new().add_modifier(Modifier::BOLD)
                }
                _ => Style::new(),
            };
        }
        let fg = |c: Color| self.pick(Style::new().fg(c), Style::new());
        match role {
            Role::Blank => Style::new(),
            Role::District => fg(Color::Gray),
            Role::Road => fg(Color::DarkGray),
            Role::River => fg(Color::Blue),
            // The canal heavier than rivers, and its name light enough to read on black (on
            // white `pick` makes both the darker blue).
            Role::Canal => fg(Color::LightBlue).add_modifier(Modifier::BOLD),
            Role::Rail => fg(Color::Magenta),
            Role::Landmark => fg(Color::Green),
            // On white the cyan would turn the rivers' blue: outlines are black there, told from
            // the district's edge by being solid.
            Role::Outline if self.kind == ThemeKind::Light => fg(Color::Black),
            Role::Outline => fg(Color::Cyan),
            Role::SelectedOutline => fg(Color::Yellow).add_modifier(Modifier::BOLD),
            Role::SelectedFill => fg(Color::Yellow),
            // The spotlight's green, as its numbers: the hatch says which are lit.
            Role::LitFill => fg(Color::Green),
            Role::Marker => fg(Color::Cyan).add_modifier(Modifier::BOLD),
            Role::SelectedMarker => Style::new()
                .fg(Color::Black)
                .bg(Color::Yellow)
                .add_modifier(Modifier::BOLD),
            Role::HighlightedMarker => {
                fg(Color::Green).add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
            }
            Role::Label => Style::new(),
            Role::SelectedLabel => fg(Color::Yellow).add_modifier(Modifier::BOLD),
            Role::RoadLabel => fg(Color::DarkGray).add_modifier(Modifier::ITALIC),
            Role::WaterLabel => fg(Color::LightBlue).add_modifier(Modifier::ITALIC),
            Role::Legend | Role::North | Role::Scale => fg(Color::Gray),
            Role::Note => fg(Color::Gray).add_modifier(Modifier::ITALIC),
            Role::Fill(paint) => self.fill(paint),
            Role::Dots { stroke, on } => self.dots(stroke, on),
        }
    }

    /// A fill-style platform cell: its slot's colour as the background, brighter when selected;
    /// dimmed ones keep only a texture in their colour on the terminal's own background.
    fn fill(&self, paint: Paint) -> Style {
        let bg = self.paint_color(paint);
        let style = match bg {
            Some(bg) => Style::new().bg(bg).fg(self.ink_on(paint)),
            // A texture on the terminal's own background: in a colour that reads there.
            None => self.pick(
                Style::new().fg(self.slot_color(paint, Tone::Plain)),
                Style::new(),
            ),
        };
        if paint.tone == Tone::Selected {
            style.add_modifier(Modifier::BOLD)
        } else {
            style
        }
    }

    /// Braille lines: over a painted platform in a colour that reads on its background, over the
    /// bare ground (or a dimmed platform) in the line's own colour.
    fn dots(&self, stroke: Stroke, on: Option<Paint>) -> Style {
        let bg = on.and_then(|p| self.paint_color(p));
        let dark_ink = bg.is_some();
        let fg = match (stroke, dark_ink) {
            (Stroke::SelectedOutline, true) => Color::Black,
            (Stroke::SelectedOutline, false) => Color::Yellow,
            (Stroke::Canal | Stroke::River, true) => self.water_on(on),
            (Stroke::Canal, false) => Color::LightBlue,
            (Stroke::River, false) => Color::Blue,
            (Stroke::Rail, false) => Color::Magenta,
            (Stroke::District, false) => Color::Gray,
            (Stroke::Road, false) => Color::DarkGray,
            (Stroke::Outline, false) => Color::White,
            (_, true) => Color::Black,
        };
        let fg = if self.kind == ThemeKind::Light && !dark_ink {
            match fg {
                Color::Yellow => Color::Red,
                Color::Gray | Color::White => Color::Black,
                Color::LightBlue => Color::Blue,
                c => c,
            }
        } else {
            fg
        };
        let mut style = Style::new().fg(fg);
        if let Some(bg) = bg {
            style = style.bg(bg);
        }
        if matches!(
            stroke,
            Stroke::Canal | Stroke::SelectedOutline | Stroke::District
        ) {
            style = style.add_modifier(Modifier::BOLD);
        }
        style
    }

    /// A chip of a platform's colour in the fill style, from its entry in
    /// [`crate::map::palette_slots`]; `None` without colour.
    pub fn swatch(&self, slot: u8) -> Option<Style> {
        let (slot, own) = crate::map::paint_colours(slot);
        let paint = Paint {
            slot,
            own,
            tone: Tone::Plain,
            estimate: false,
        };
        self.color
            .then(|| Style::new().bg(self.slot_color(paint, Tone::Plain)))
    }

    /// The background of a painted cell; `None` for a dimmed platform, and for one placed by
    /// estimate while nothing is selected or lit (its hatch alone, in its colour).
    fn paint_color(&self, paint: Paint) -> Option<Color> {
        let unpainted = paint.estimate && paint.tone == Tone::Plain;
        (!unpainted && (paint.tone != Tone::Dim || self.depth != ColorDepth::Named))
            .then(|| self.slot_color(paint, paint.tone))
    }

    /// Text and texture on a painted cell.
    fn ink_on(&self, paint: Paint) -> Color {
        match (self.depth, paint.tone) {
            (ColorDepth::Named, _) => Color::Black,
            (_, Tone::Dim) => self.slot_color(paint, Tone::Plain),
            // Through `rgb`, so a 256-colour terminal gets the cube's nearest, never truecolour.
            _ => self.rgb((30, 30, 30)),
        }
    }

    /// Water over a painted cell.
    fn water_on(&self, on: Option<Paint>) -> Color {
        let light = self.kind == ThemeKind::Light;
        match (self.depth, on.map(|p| p.tone)) {
            (ColorDepth::Named, _) => Color::Blue,
            (_, Some(Tone::Dim)) => self.rgb((110, 170, 255)),
            // On a light ground the selected fill is the dark one.
            (_, Some(Tone::Selected)) if light => self.rgb((150, 200, 255)),
            _ => self.rgb((0, 40, 150)),
        }
    }

    /// A platform's colour in a tone, at the theme's depth: on 8 or 16 colours its palette slot's
    /// (named colours avoid blue, so water reads over every fill), on more its own colour.
    fn slot_color(&self, paint: Paint, tone: Tone) -> Color {
        const NAMED: [(Color, Color); 6] = [
            (Color::Green, Color::LightGreen),
            (Color::Yellow, Color::LightYellow),
            (Color::Magenta, Color::LightMagenta),
            (Color::Red, Color::LightRed),
            (Color::Cyan, Color::LightCyan),
            (Color::Gray, Color::White),
        ];
        // Paul Tol's "light" scheme, made for fills under dark text and told apart with the
        // common colour-vision deficiencies as far as nine colours can be, then three of his
        // "muted" scheme's darker hues for datasets of up to twelve platforms.
        const OWN: [(u8, u8, u8); crate::map::OWN_COLOURS as usize] = [
            // Round the hue circle, as [`crate::map::palette_slots`] expects.
            (255, 170, 187),
            (204, 102, 119),
            (238, 136, 102),
            (170, 119, 68),
            (238, 221, 136),
            (170, 170, 0),
            (187, 204, 51),
            (68, 187, 153),
            (153, 221, 255),
            (119, 170, 221),
            (190, 170, 230),
            (170, 68, 153),
        ];
        // The selected platform is the strongest thing on the map and a dimmed one the faintest:
        // on a dark ground that is the brightest and the darkest, on a light ground the other
        // way round.
        let light = self.kind == ThemeKind::Light;
        match self.depth {
            ColorDepth::Named => {
                let slot = paint.slot as usize % NAMED.len();
                match (tone, light) {
                    (Tone::Selected, false) => NAMED[slot].1,
                    (_, false) => NAMED[slot].0,
                    // White vanishes on white: the grey slot is a shade darker there.
                    (Tone::Selected, true) if NAMED[slot].0 == Color::Gray => Color::DarkGray,
                    (_, true) if NAMED[slot].1 == Color::White => Color::Gray,
                    (Tone::Selected, true) => NAMED[slot].0,
                    (_, true) => NAMED[slot].1,
                }
            }
            // The cube's nearest colours can fall together: these are the nearest each to its
            // own colour's tone that no colour before it took, so all twelve stay apart.
            ColorDepth::Indexed if tone != Tone::Dim => {
                const DARK_PLAIN: [u8; 12] =
                    [174, 131, 167, 95, 143, 100, 106, 66, 110, 67, 103, 96];
                const DARK_SELECTED: [u8; 12] =
                    [224, 175, 216, 180, 223, 185, 186, 115, 153, 152, 189, 139];
                const LIGHT_PLAIN: [u8; 12] =
                    [218, 174, 216, 137, 223, 143, 185, 79, 153, 110, 183, 133];
                const LIGHT_SELECTED: [u8; 12] =
                    [95, 59, 131, 58, 101, 64, 100, 23, 66, 60, 96, 53];
                let table = match (tone, light) {
                    (Tone::Selected, false) => DARK_SELECTED,
                    (_, false) => DARK_PLAIN,
                    (Tone::Selected, true) => LIGHT_SELECTED,
                    (_, true) => LIGHT_PLAIN,
                };
                Color::Indexed(table[paint.own as usize % table.len()])
            }
            _ => {
                let base = OWN[paint.own as usize % OWN.len()];
                self.rgb(match (tone, light) {
                    (Tone::Selected, false) => mix(base, (255, 255, 255), 0.3),
                    (Tone::Plain | Tone::Lit, false) => mix(base, (0, 0, 0), 0.2),
                    (Tone::Dim, false) => mix(base, (0, 0, 0), 0.72),
                    (Tone::Selected, true) => mix(base, (0, 0, 0), 0.4),
                    (Tone::Plain | Tone::Lit, true) => mix(base, (255, 255, 255), 0.25),
                    (Tone::Dim, true) => mix(base, (255, 255, 255), 0.75),
                })
            }
        }
    }

    /// An RGB colour, or its nearest in the 256-colour cube at that depth.
    fn rgb(&self, (r, g, b): (u8, u8, u8)) -> Color {
        match self.depth {
            ColorDepth::TrueColor => Color::Rgb(r, g, b),
            _ => {
                let q = |v: u8| -> u8 {
                    // The cube's levels are 0, 95, 135, 175, 215, 255.
                    if v < 48 {
                        0
                    } else if v < 115 {
                        1
                    } else {
                        (v - 35) / 40
                    }
                };
                Color::Indexed(16 + 36 * q(r) + 6 * q(g) + q(b))
            }
        }
    }
}

/// `a` moved a share `t` (0 to 1) of the way to `b`.
fn mix(a: (u8, u8, u8), b: (u8, u8, u8), t: f64) -> (u8, u8, u8) {
    let m = |x: u8, y: u8| (x as f64 + (y as f64 - x as f64) * t).round() as u8;
    (m(a.0, b.0), m(a.1, b.1), m(a.2, b.2))
}

#[cfg(test)]
#[path = "theme_tests.rs"]
mod tests;
