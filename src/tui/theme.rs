//! Styles, by what they mean. Named ANSI colours only, so light and dark terminals both read well;
//! with colour off every style falls back to modifiers (bold, reverse, underline) alone.

use ratatui::style::{Color, Modifier, Style};

use crate::map::Role;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
    pub kind: ThemeKind,
}

/// Which palette: `Dark` and `Light` suit the terminal's own background; `Contrast` paints its own
/// black background with white and yellow, for projectors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ThemeKind {
    #[default]
    Dark,
    Light,
    Contrast,
}

impl Theme {
    pub fn new(color: bool, kind: ThemeKind) -> Theme {
        Theme { color, kind }
    }

    /// Colour on, the default palette.
    pub fn colored() -> Theme {
        Theme {
            color: true,
            kind: ThemeKind::Dark,
        }
    }

    fn pick(&self, colored: Style, plain: Style) -> Style {
        if !self.color {
            return plain;
        }
        match self.kind {
            ThemeKind::Dark => colored,
            // Yellow and cyan wash out on white; swap them for darker named colours.
            ThemeKind::Light => Style {
                fg: colored.fg.map(|c| match c {
                    Color::Yellow => Color::Red,
                    Color::Cyan => Color::Blue,
                    Color::DarkGray => Color::Gray,
                    c => c,
                }),
                ..colored
            },
            ThemeKind::Contrast => Style {
                fg: colored.fg.map(|c| match c {
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
                _ => Style::new(),
            };
        }
        let fg = |c: Color| self.pick(Style::new().fg(c), Style::new());
        match role {
            Role::Blank => Style::new(),
            Role::District => fg(Color::Gray),
            Role::Road => fg(Color::DarkGray),
            Role::River => fg(Color::Blue),
            Role::Canal => fg(Color::Blue).add_modifier(Modifier::BOLD),
            Role::Rail => fg(Color::Magenta),
            Role::Landmark => fg(Color::Green),
            Role::Outline => fg(Color::Cyan),
            Role::SelectedOutline => fg(Color::Yellow).add_modifier(Modifier::BOLD),
            Role::SelectedFill => fg(Color::Yellow),
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
            Role::WaterLabel => fg(Color::Blue).add_modifier(Modifier::ITALIC),
            Role::Legend | Role::North | Role::Scale => fg(Color::Gray),
        }
    }
}
