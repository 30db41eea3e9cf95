//! The key table: the one list of keys that drives input handling, the footer hints and the help
//! overlay, so the three can never disagree.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// What a key asks the app to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Quit,
    Back,
    Next,
    Prev,
    PageDown,
    PageUp,
    First,
    Last,
    /// Jump to the platform with this number (the `0` key means 10).
    Jump(u32),
    FocusNext,
    FocusPrev,
    FocusDetail,
    ShowPlatforms,
    ShowIndustries,
    ShowPlan,
    ToggleSidePane,
    CycleLang,
    Help,
    StartSearch,
    ZoomIn,
    ZoomOut,
    PanLeft,
    PanRight,
    PanUp,
    PanDown,
    FitDistrict,
    FitSelected,
    CycleMapStyle,
    Choose,
    /// Presenting: blank the screen, or bring it back.
    Blank,
    /// Presenting: Esc asks before quitting, since clickers send it.
    AskQuit,
    /// Presenting: `q` twice quits.
    QuitTwice,
    /// A key that must do nothing (clickers send F5 to "start the show").
    Ignore,
}

/// Where a binding applies. `Global` bindings work everywhere except in the search line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    Global,
    List,
    Map,
    Search,
    Industries,
    Present,
}

/// A key as the table spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Char(char),
    Ctrl(char),
    Code(KeyCode),
    /// Any digit; the action is `Jump(n)`.
    Digit,
}

impl Key {
    fn matches(self, ev: &KeyEvent) -> bool {
        let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
        match self {
            Key::Char(c) => !ctrl && ev.code == KeyCode::Char(c),
            Key::Ctrl(c) => ctrl && ev.code == KeyCode::Char(c),
            Key::Code(code) => ev.code == code,
            Key::Digit => !ctrl && matches!(ev.code, KeyCode::Char('0'..='9')),
        }
    }

    fn label(self) -> String {
        match self {
            Key::Char(' ') => "Space".into(),
            Key::Char(c) => c.to_string(),
            Key::Ctrl(c) => format!("Ctrl-{}", c.to_ascii_uppercase()),
            Key::Digit => "1-9 0".into(),
            Key::Code(code) => match code {
                KeyCode::Up => "↑".into(),
                KeyCode::Down => "↓".into(),
                KeyCode::Left => "←".into(),
                KeyCode::Right => "→".into(),
                KeyCode::PageUp => "PgUp".into(),
                KeyCode::PageDown => "PgDn".into(),
                KeyCode::Home => "Home".into(),
                KeyCode::End => "End".into(),
                KeyCode::Enter => "Enter".into(),
                KeyCode::Esc => "Esc".into(),
                KeyCode::Tab => "Tab".into(),
                KeyCode::BackTab => "Shift-Tab".into(),
                KeyCode::F(n) => format!("F{n}"),
                other => format!("{other:?}"),
            },
        }
    }
}

/// One row of the key table.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub context: Context,
    pub keys: &'static [Key],
    pub action: Action,
    /// What the help overlay says.
    pub help: &'static str,
    /// The short word the footer shows, or `None` to keep the binding out of the footer.
    pub hint: Option<&'static str>,
}

impl Binding {
    /// The keys as people read them: `j/↓`.
    pub fn label(&self) -> String {
        self.keys
            .iter()
            .map(|k| k.label())
            .collect::<Vec<_>>()
            .join("/")
    }
}

use Action as A;
use Context as C;
use Key as K;

const fn b(
    context: Context,
    keys: &'static [Key],
    action: Action,
    help: &'static str,
    hint: Option<&'static str>,
) -> Binding {
    Binding {
        context,
        keys,
        action,
        help,
        hint,
    }
}

/// Every key the TUI understands. Order matters: the first binding that matches wins, and the
/// footer and help list them in this order.
pub const BINDINGS: &[Binding] = &[
    b(
        C::Present,
        &[
            K::Code(KeyCode::PageDown),
            K::Char(' '),
            K::Code(KeyCode::Right),
            K::Code(KeyCode::Enter),
            K::Char('l'),
            K::Char('j'),
        ],
        A::Next,
        "next slide",
        Some("next"),
    ),
    b(
        C::Present,
        &[
            K::Code(KeyCode::PageUp),
            K::Code(KeyCode::Left),
            K::Code(KeyCode::Backspace),
            K::Char('h'),
            K::Char('k'),
        ],
        A::Prev,
        "previous slide",
        Some("back"),
    ),
    b(
        C::Present,
        &[K::Code(KeyCode::Home)],
        A::First,
        "first slide",
        None,
    ),
    b(
        C::Present,
        &[K::Code(KeyCode::End)],
        A::Last,
        "last slide",
        None,
    ),
    b(
        C::Present,
        &[K::Digit],
        A::Jump(0),
        "platform 1-10 (0 is 10)",
        None,
    ),
    b(
        C::Present,
        &[K::Char('.'), K::Char('b')],
        A::Blank,
        "blank the screen, or bring it back",
        Some("blank"),
    ),
    b(
        C::Present,
        &[K::Char('L')],
        A::CycleLang,
        "language: 中文 / English / both",
        None,
    ),
    b(
        C::Present,
        &[K::Code(KeyCode::F(5))],
        A::Ignore,
        "nothing (clickers send it to start the show)",
        None,
    ),
    b(
        C::Present,
        &[K::Code(KeyCode::Esc)],
        A::AskQuit,
        "ask whether to quit",
        None,
    ),
    b(
        C::Present,
        &[K::Char('q')],
        A::QuitTwice,
        "press twice to quit",
        Some("quit"),
    ),
    b(C::Present, &[K::Ctrl('c')], A::Quit, "quit at once", None),
    b(
        C::Search,
        &[K::Code(KeyCode::Enter)],
        A::Choose,
        "keep the results and return to the list",
        Some("keep"),
    ),
    b(
        C::Search,
        &[K::Code(KeyCode::Esc)],
        A::Back,
        "clear the search",
        Some("clear"),
    ),
    b(
        C::Search,
        &[K::Code(KeyCode::Down), K::Code(KeyCode::Up)],
        A::Next,
        "move through the results",
        None,
    ),
    b(
        C::Map,
        &[K::Char('+'), K::Char('=')],
        A::ZoomIn,
        "zoom in",
        Some("zoom"),
    ),
    b(C::Map, &[K::Char('-')], A::ZoomOut, "zoom out", None),
    b(
        C::Map,
        &[K::Char('h'), K::Code(KeyCode::Left)],
        A::PanLeft,
        "pan west",
        None,
    ),
    b(
        C::Map,
        &[K::Char('l'), K::Code(KeyCode::Right)],
        A::PanRight,
        "pan east",
        None,
    ),
    b(
        C::Map,
        &[K::Char('k'), K::Code(KeyCode::Up)],
        A::PanUp,
        "pan north",
        Some("pan"),
    ),
    b(
        C::Map,
        &[K::Char('j'), K::Code(KeyCode::Down)],
        A::PanDown,
        "pan south",
        None,
    ),
    b(
        C::Map,
        &[K::Char('0')],
        A::FitDistrict,
        "fit the whole district",
        Some("fit"),
    ),
    b(
        C::Map,
        &[K::Char('f')],
        A::FitSelected,
        "fit the selected platform",
        None,
    ),
    b(
        C::Map,
        &[K::Char('c')],
        A::CycleMapStyle,
        "switch map style (ascii / unicode)",
        Some("style"),
    ),
    b(
        C::Industries,
        &[K::Code(KeyCode::Enter)],
        A::Choose,
        "show the platforms with this industry",
        Some("filter"),
    ),
    b(
        C::List,
        &[K::Char('j'), K::Code(KeyCode::Down)],
        A::Next,
        "next platform",
        None,
    ),
    b(
        C::List,
        &[K::Char('k'), K::Code(KeyCode::Up)],
        A::Prev,
        "previous platform",
        None,
    ),
    b(
        C::List,
        &[K::Code(KeyCode::PageDown)],
        A::PageDown,
        "page down",
        None,
    ),
    b(
        C::List,
        &[K::Code(KeyCode::PageUp)],
        A::PageUp,
        "page up",
        None,
    ),
    b(
        C::List,
        &[K::Char('g'), K::Code(KeyCode::Home)],
        A::First,
        "first",
        None,
    ),
    b(
        C::List,
        &[K::Char('G'), K::Code(KeyCode::End)],
        A::Last,
        "last",
        None,
    ),
    b(
        C::List,
        &[K::Digit],
        A::Jump(0),
        "jump to platform 1-10 (0 is 10)",
        None,
    ),
    b(
        C::List,
        &[K::Code(KeyCode::Enter)],
        A::FocusDetail,
        "read the detail",
        None,
    ),
    b(C::Global, &[K::Ctrl('c')], A::Quit, "quit, always", None),
    b(
        C::Global,
        &[K::Char('/')],
        A::StartSearch,
        "search: 中文, pinyin, English",
        Some("search"),
    ),
    b(
        C::Global,
        &[K::Code(KeyCode::Tab)],
        A::FocusNext,
        "next pane",
        Some("pane"),
    ),
    b(
        C::Global,
        &[K::Code(KeyCode::BackTab)],
        A::FocusPrev,
        "previous pane",
        None,
    ),
    b(
        C::Global,
        &[K::Char('m')],
        A::ToggleSidePane,
        "detail or map, when one fits",
        Some("detail/map"),
    ),
    b(
        C::Global,
        &[K::Char('a')],
        A::ShowPlatforms,
        "platforms screen",
        Some("platforms"),
    ),
    b(
        C::Global,
        &[K::Char('i')],
        A::ShowIndustries,
        "industries screen",
        Some("industries"),
    ),
    b(
        C::Global,
        &[K::Char('p')],
        A::ShowPlan,
        "plan screen",
        Some("plan"),
    ),
    b(
        C::Global,
        &[K::Char('L')],
        A::CycleLang,
        "language: 中文 / English / both",
        Some("lang"),
    ),
    b(
        C::Global,
        &[K::Char('?'), K::Code(KeyCode::F(1))],
        A::Help,
        "this help",
        Some("help"),
    ),
    b(
        C::Global,
        &[K::Code(KeyCode::Esc)],
        A::Back,
        "clear filter, close, or quit",
        None,
    ),
    b(C::Global, &[K::Char('q')], A::Quit, "quit", Some("quit")),
];

/// The action for a key in the given contexts (most specific first), if any.
pub fn action_for(ev: &KeyEvent, contexts: &[Context]) -> Option<Action> {
    for &ctx in contexts {
        for bind in BINDINGS.iter().filter(|b| b.context == ctx) {
            if let Some(key) = bind.keys.iter().find(|k| k.matches(ev)) {
                return Some(match (key, ev.code) {
                    (Key::Digit, KeyCode::Char(c)) => {
                        let n = c.to_digit(10).unwrap_or(0);
                        Action::Jump(if n == 0 { 10 } else { n })
                    }
                    (_, KeyCode::Up) if bind.action == Action::Next && ctx == Context::Search => {
                        Action::Prev
                    }
                    _ => bind.action,
                });
            }
        }
    }
    None
}

/// The footer's hints for these contexts: `(keys, word)`.
pub fn hints(contexts: &[Context]) -> Vec<(String, &'static str)> {
    contexts
        .iter()
        .flat_map(|&ctx| BINDINGS.iter().filter(move |b| b.context == ctx))
        .filter_map(|b| b.hint.map(|h| (b.label(), h)))
        .collect()
}

/// The key table as Markdown, for the README (a test keeps the README in step with it).
pub fn markdown() -> String {
    let groups = [
        (Context::Global, "Everywhere in the atlas"),
        (Context::List, "Lists (platforms, industries, plan)"),
        (Context::Map, "Map, when it has focus (Tab)"),
        (Context::Industries, "Industries screen"),
        (Context::Search, "Search line (other keys type into it)"),
        (Context::Present, "Briefing (`gongshu present`)"),
    ];
    let mut out = String::from("| keys | what they do |\n|---|---|\n");
    for (ctx, name) in groups {
        out.push_str(&format!("| **{name}** | |\n"));
        for b in BINDINGS.iter().filter(|b| b.context == ctx) {
            let keys = b.label().replace('|', "\\|");
            out.push_str(&format!("| `{keys}` | {} |\n", b.help));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn digits_jump_and_zero_is_ten() {
        let ctx = [Context::List, Context::Global];
        assert_eq!(
            action_for(&key(KeyCode::Char('3')), &ctx),
            Some(Action::Jump(3))
        );
        assert_eq!(
            action_for(&key(KeyCode::Char('0')), &ctx),
            Some(Action::Jump(10))
        );
    }

    #[test]
    fn the_map_takes_hjkl_and_zero_when_focused() {
        let ctx = [Context::Map, Context::List, Context::Global];
        assert_eq!(
            action_for(&key(KeyCode::Char('j')), &ctx),
            Some(Action::PanDown)
        );
        assert_eq!(
            action_for(&key(KeyCode::Char('0')), &ctx),
            Some(Action::FitDistrict)
        );
    }

    #[test]
    fn ctrl_c_always_quits() {
        let ev = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(
            action_for(&ev, &[Context::Map, Context::Global]),
            Some(Action::Quit)
        );
    }

    #[test]
    fn the_readme_lists_every_key() {
        let readme = include_str!("../../README.md");
        assert!(
            readme.contains(&markdown()),
            "README.md's key table is out of date; paste this:\n{}",
            markdown()
        );
    }

    #[test]
    fn every_binding_has_help_and_a_label() {
        for b in BINDINGS {
            assert!(!b.help.is_empty() && !b.label().is_empty(), "{b:?}");
        }
    }
}
