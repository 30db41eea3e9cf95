//! The key tables: the one list of keys the atlas and the briefing react to. Input handling, the
//! footer hints, the help overlay, the header tabs, every message that names a key and the
//! key list in docs/keys.md all read them, so none of them can disagree.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use strum::EnumIter;

use crate::lang::Lang;
use crate::words::Word;

/// What a key asks the atlas to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter)]
pub enum Action {
    Quit,
    /// Ctrl-Z: hand the terminal back to the shell until `fg`.
    Suspend,
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
    /// Industries screen: filter the industries list itself.
    FilterIndustries,
    /// Industries screen: sort by count, pinyin or English.
    CycleSort,
    CloseHelp,
    /// Search line: keep the results and leave the line.
    KeepSearch,
    ClearSearch,
    CursorLeft,
    CursorRight,
    CursorStart,
    CursorEnd,
    DeleteBack,
    DeleteForward,
    ClearLine,
    DeleteWord,
    /// The selected platform's name and id to the clipboard (the event loop sends it).
    Copy,
    /// The selected platform's whole record to the clipboard.
    CopyRecord,
}

/// What a key asks the briefing to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter)]
pub enum SlideAction {
    Next,
    Prev,
    First,
    Last,
    /// The slide of the platform with this number (the `0` key means 10).
    Jump(u32),
    /// The slide numbered by the digits typed before (`12G`), or the last.
    GoTo,
    /// Show or hide the list of slides to jump to.
    ToggleIndex,
    /// In the slide index: go to the slide under the cursor.
    Choose,
    /// Show or hide the key hints, so the audience sees only the slide.
    ToggleHints,
    /// Blank the screen, or bring it back.
    Blank,
    CycleLang,
    /// Show the briefing's keys over the slide.
    Help,
    /// A key that must do nothing (clickers send F5 to "start the show").
    Ignore,
    /// Esc asks before quitting, since clickers send it.
    AskQuit,
    /// `q` twice quits.
    QuitTwice,
    Quit,
    Suspend,
}

/// What a key asks the picker (`gongshu pick`) to do; other keys type into its query.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter)]
pub enum PickAction {
    Choose,
    Cancel,
    /// Ctrl-C: ends the picker at once, whatever it was doing, as an interrupt.
    Interrupt,
    Next,
    Prev,
    DeleteBack,
    ClearLine,
    /// A key that does nothing here though it does elsewhere (Ctrl-Z).
    Ignore,
}

/// Where an atlas binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// Everywhere, the search line and help included.
    Always,
    /// Everywhere except in the search line and help.
    Global,
    /// The platforms screen (panes).
    Platforms,
    /// The help overlay.
    Help,
    /// The briefing's slide index.
    SlideIndex,
    List,
    Map,
    Search,
    Industries,
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

    /// The key as people read it: `j`, `Ctrl-C`, `PgDn`.
    pub fn label(self) -> String {
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
                KeyCode::Backspace => "Backspace".into(),
                KeyCode::Delete => "Delete".into(),
                KeyCode::F(n) => format!("F{n}"),
                other => format!("{other:?}"),
            },
        }
    }
}

/// One row of a key table.
#[derive(Debug, Clone, Copy)]
pub struct Binding<A> {
    pub context: Context,
    pub keys: &'static [Key],
    pub action: A,
    /// What the help overlay says.
    pub help: Word,
    /// The short word the footer shows, or `None` to keep the binding out of the footer.
    pub hint: Option<Word>,
}

impl<A> Binding<A> {
    /// The keys as people read them: `j/↓`.
    pub fn label(&self) -> String {
        let keys: Vec<String> = self.keys.iter().map(|k| k.label()).collect();
        keys.join("/")
    }
}

use Context as C;
use Key as K;
use KeyCode as KC;

const fn b<A>(
    context: Context,
    keys: &'static [Key],
    action: A,
    help: Word,
    hint: Option<Word>,
) -> Binding<A> {
    Binding {
        context,
        keys,
        action,
        help,
        hint,
    }
}

/// Every key the atlas understands. The first binding that matches in the most specific context
/// wins; the footer and help list them in this order.
#[rustfmt::skip]
pub const BINDINGS: &[Binding<Action>] = &[
    b(C::Always,     &[K::Ctrl('c')],                                   Action::Quit,           Word::DoQuitAlways,       None),
    b(C::Always,     &[K::Ctrl('z')],                                   Action::Suspend,        Word::DoSuspend,          None),
    b(C::Help,       &[K::Char('j'), K::Code(KC::Down)],                Action::Next,           Word::DoScrollDown,       None),
    b(C::Help,       &[K::Char('k'), K::Code(KC::Up)],                  Action::Prev,           Word::DoScrollUp,         None),
    b(C::Help,       &[K::Code(KC::PageDown), K::Char(' ')],            Action::PageDown,       Word::DoPageDown,         None),
    b(C::Help,       &[K::Code(KC::PageUp)],                            Action::PageUp,         Word::DoPageUp,           None),
    b(C::Help,       &[K::Char('g'), K::Code(KC::Home)],                Action::First,          Word::DoFirst,            None),
    b(C::Help,       &[K::Char('G'), K::Code(KC::End)],                 Action::Last,           Word::DoLast,             None),
    b(C::Help,       &[K::Code(KC::Esc), K::Char('?'), K::Char('q'), K::Code(KC::F(1))], Action::CloseHelp, Word::DoCloseHelp, Some(Word::HintClose)),
    b(C::Search,     &[K::Code(KC::Enter)],                             Action::KeepSearch,     Word::DoKeepResults,      Some(Word::HintKeep)),
    b(C::Search,     &[K::Code(KC::Esc)],                               Action::ClearSearch,    Word::DoClearSearch,      Some(Word::HintClear)),
    b(C::Search,     &[K::Code(KC::Down)],                              Action::Next,           Word::DoNextResult,       None),
    b(C::Search,     &[K::Code(KC::Up)],                                Action::Prev,           Word::DoPrevResult,       None),
    b(C::Search,     &[K::Code(KC::Left)],                              Action::CursorLeft,     Word::DoCursorLeft,       None),
    b(C::Search,     &[K::Code(KC::Right)],                             Action::CursorRight,    Word::DoCursorRight,      None),
    b(C::Search,     &[K::Code(KC::Home)],                              Action::CursorStart,    Word::DoCursorStart,      None),
    b(C::Search,     &[K::Code(KC::End)],                               Action::CursorEnd,      Word::DoCursorEnd,        None),
    b(C::Search,     &[K::Code(KC::Backspace)],                         Action::DeleteBack,     Word::DoDeleteBack,       None),
    b(C::Search,     &[K::Code(KC::Delete)],                            Action::DeleteForward,  Word::DoDeleteForward,    None),
    b(C::Search,     &[K::Ctrl('u')],                                   Action::ClearLine,      Word::DoClearLine,        None),
    b(C::Search,     &[K::Ctrl('w')],                                   Action::DeleteWord,     Word::DoDeleteWord,       None),
    b(C::Map,        &[K::Char('+'), K::Char('=')],                     Action::ZoomIn,         Word::DoZoomIn,           Some(Word::HintZoom)),
    b(C::Map,        &[K::Char('-')],                                   Action::ZoomOut,        Word::DoZoomOut,          None),
    b(C::Map,        &[K::Char('h'), K::Code(KC::Left)],                Action::PanLeft,        Word::DoPanWest,          None),
    b(C::Map,        &[K::Char('l'), K::Code(KC::Right)],               Action::PanRight,       Word::DoPanEast,          None),
    b(C::Map,        &[K::Char('k'), K::Code(KC::Up)],                  Action::PanUp,          Word::DoPanNorth,         Some(Word::HintPan)),
    b(C::Map,        &[K::Char('j'), K::Code(KC::Down)],                Action::PanDown,        Word::DoPanSouth,         None),
    b(C::Map,        &[K::Char('0')],                                   Action::FitDistrict,    Word::DoFitDistrict,      Some(Word::HintFit)),
    b(C::Map,        &[K::Char('f')],                                   Action::FitSelected,    Word::DoFitSelected,      None),
    b(C::Map,        &[K::Char('c')],                                   Action::CycleMapStyle,  Word::DoMapStyle,         Some(Word::HintStyle)),
    b(C::Industries, &[K::Code(KC::Enter)],                             Action::Choose,         Word::DoFilterIndustry,   Some(Word::HintFilter)),
    b(C::Industries, &[K::Char('/')],                                   Action::FilterIndustries, Word::DoFilterIndustries, Some(Word::HintFind)),
    b(C::Industries, &[K::Char('s')],                                   Action::CycleSort,      Word::DoCycleSort,        Some(Word::HintSort)),
    b(C::Platforms,  &[K::Code(KC::Tab)],                               Action::FocusNext,      Word::DoNextPane,         Some(Word::HintPane)),
    b(C::Platforms,  &[K::Code(KC::BackTab)],                           Action::FocusPrev,      Word::DoPrevPane,         None),
    b(C::Platforms,  &[K::Char('m')],                                   Action::ToggleSidePane, Word::DoSidePane,         Some(Word::HintSidePane)),
    b(C::List,       &[K::Char('j'), K::Code(KC::Down)],                Action::Next,           Word::DoNextPlatform,     None),
    b(C::List,       &[K::Char('k'), K::Code(KC::Up)],                  Action::Prev,           Word::DoPrevPlatform,     None),
    b(C::List,       &[K::Code(KC::PageDown)],                          Action::PageDown,       Word::DoPageDown,         None),
    b(C::List,       &[K::Code(KC::PageUp)],                            Action::PageUp,         Word::DoPageUp,           None),
    b(C::List,       &[K::Char('g'), K::Code(KC::Home)],                Action::First,          Word::DoFirst,            None),
    b(C::List,       &[K::Char('G'), K::Code(KC::End)],                 Action::Last,           Word::DoLast,             None),
    b(C::List,       &[K::Digit],                                       Action::Jump(0),        Word::DoJumpPlatform,     None),
    b(C::List,       &[K::Code(KC::Enter)],                             Action::FocusDetail,    Word::DoReadDetail,       None),
    b(C::Global,     &[K::Char('/')],                                   Action::StartSearch,    Word::DoSearch,           Some(Word::HintSearch)),
    b(C::Global,     &[K::Char('a')],                                   Action::ShowPlatforms,  Word::DoPlatformsScreen,  Some(Word::HintPlatforms)),
    b(C::Global,     &[K::Char('i')],                                   Action::ShowIndustries, Word::DoIndustriesScreen, Some(Word::HintIndustries)),
    b(C::Global,     &[K::Char('p')],                                   Action::ShowPlan,       Word::DoPlanScreen,       Some(Word::HintPlan)),
    b(C::Global,     &[K::Char('L')],                                   Action::CycleLang,      Word::DoCycleLang,        Some(Word::HintLang)),
    b(C::Global,     &[K::Char('y')],                                   Action::Copy,           Word::DoCopy,             None),
    b(C::Global,     &[K::Char('Y')],                                   Action::CopyRecord,     Word::DoCopyRecord,       None),
    b(C::Global,     &[K::Char('?'), K::Code(KC::F(1))],                Action::Help,           Word::DoHelp,             Some(Word::HintHelp)),
    b(C::Global,     &[K::Code(KC::Esc)],                               Action::Back,           Word::DoBack,             None),
    b(C::Global,     &[K::Char('q')],                                   Action::Quit,           Word::DoQuit,             Some(Word::HintQuit)),
];

/// Every key the briefing understands. Clickers send PageDown/PageUp, and some F5, Esc and `.`.
#[rustfmt::skip]
pub const SLIDE_BINDINGS: &[Binding<SlideAction>] = &[
    b(C::SlideIndex, &[K::Code(KC::Down), K::Char('j')],       SlideAction::Next,      Word::DoIndexDown,     None),
    b(C::SlideIndex, &[K::Code(KC::Up), K::Char('k')],         SlideAction::Prev,      Word::DoIndexUp,       None),
    b(C::SlideIndex, &[K::Code(KC::Enter)],                    SlideAction::Choose,    Word::DoIndexChoose,   Some(Word::HintGo)),
    b(C::SlideIndex, &[K::Code(KC::Esc), K::Char('i')],        SlideAction::ToggleIndex, Word::DoIndexClose,  Some(Word::HintClose)),
    b(C::Always, &[K::Code(KC::PageDown), K::Char(' '), K::Code(KC::Right), K::Code(KC::Down), K::Code(KC::Enter), K::Char('l'), K::Char('j')],
                                                               SlideAction::Next,      Word::DoNextSlide,     Some(Word::HintNext)),
    b(C::Always, &[K::Code(KC::PageUp), K::Code(KC::Left), K::Code(KC::Up), K::Code(KC::Backspace), K::Char('h'), K::Char('k')],
                                                               SlideAction::Prev,      Word::DoPrevSlide,     Some(Word::HintBack)),
    b(C::Always, &[K::Code(KC::Home)],                         SlideAction::First,     Word::DoFirstSlide,    None),
    b(C::Always, &[K::Code(KC::End)],                          SlideAction::Last,      Word::DoLastSlide,     None),
    b(C::Always, &[K::Digit],                                  SlideAction::Jump(0),   Word::DoSlidePlatform, None),
    b(C::Always, &[K::Char('G')],                              SlideAction::GoTo,      Word::DoGoTo,          None),
    b(C::Always, &[K::Char('i')],                              SlideAction::ToggleIndex, Word::DoSlideIndex,  Some(Word::HintIndex)),
    b(C::Always, &[K::Char('H')],                              SlideAction::ToggleHints, Word::DoToggleHints, Some(Word::HintHints)),
    b(C::Always, &[K::Char('.'), K::Char('b')],                SlideAction::Blank,     Word::DoBlank,         Some(Word::HintBlank)),
    b(C::Always, &[K::Char('L')],                              SlideAction::CycleLang, Word::DoCycleLang,     None),
    b(C::Always, &[K::Char('?'), K::Code(KC::F(1))],           SlideAction::Help,      Word::DoSlideHelp,     Some(Word::HintHelp)),
    b(C::Always, &[K::Code(KC::F(5))],                         SlideAction::Ignore,    Word::DoIgnoreF5,      None),
    b(C::Always, &[K::Code(KC::Esc)],                          SlideAction::AskQuit,   Word::DoAskQuit,       None),
    b(C::Always, &[K::Char('q')],                              SlideAction::QuitTwice, Word::DoQuitTwice,     Some(Word::HintQuit)),
    b(C::Always, &[K::Ctrl('c')],                              SlideAction::Quit,      Word::DoQuitNow,       None),
    b(C::Always, &[K::Ctrl('z')],                              SlideAction::Suspend,   Word::DoSuspend,       None),
];

/// Every key the picker understands.
#[rustfmt::skip]
pub const PICK_BINDINGS: &[Binding<PickAction>] = &[
    b(C::Always, &[K::Code(KC::Enter)],                  PickAction::Choose,     Word::DoPickChoose, None),
    b(C::Always, &[K::Code(KC::Esc)],                    PickAction::Cancel,     Word::DoPickCancel, None),
    b(C::Always, &[K::Ctrl('c')],                        PickAction::Interrupt,  Word::DoPickInterrupt, None),
    b(C::Always, &[K::Code(KC::Down), K::Ctrl('n')],     PickAction::Next,       Word::DoNextResult, None),
    b(C::Always, &[K::Code(KC::Up), K::Ctrl('p')],       PickAction::Prev,       Word::DoPrevResult, None),
    b(C::Always, &[K::Code(KC::Backspace)],              PickAction::DeleteBack, Word::DoDeleteBack, None),
    b(C::Always, &[K::Ctrl('u')],                        PickAction::ClearLine,  Word::DoClearLine,  None),
    b(C::Always, &[K::Ctrl('z')],                        PickAction::Ignore,     Word::DoPickIgnore, None),
];

/// An action whose `Jump` carries the digit's platform number.
pub trait Jumps: Copy + PartialEq {
    fn jump(self, n: u32) -> Self;
}

impl Jumps for Action {
    fn jump(self, n: u32) -> Self {
        match self {
            Action::Jump(_) => Action::Jump(n),
            a => a,
        }
    }
}

impl Jumps for PickAction {
    fn jump(self, _: u32) -> Self {
        self
    }
}

impl Jumps for SlideAction {
    fn jump(self, n: u32) -> Self {
        match self {
            SlideAction::Jump(_) => SlideAction::Jump(n),
            a => a,
        }
    }
}

/// The action for a key in `table` under the given contexts (most specific first), if any.
pub fn lookup<A: Jumps>(table: &[Binding<A>], ev: &KeyEvent, contexts: &[Context]) -> Option<A> {
    for &ctx in contexts {
        for bind in table.iter().filter(|b| b.context == ctx) {
            if let Some(key) = bind.keys.iter().find(|k| k.matches(ev)) {
                return Some(match (key, ev.code) {
                    (Key::Digit, KeyCode::Char(c)) => {
                        let n = c.to_digit(10).unwrap_or(0);
                        bind.action.jump(if n == 0 { 10 } else { n })
                    }
                    _ => bind.action,
                });
            }
        }
    }
    None
}

/// The atlas's action for a key in the given contexts.
pub fn action_for(ev: &KeyEvent, contexts: &[Context]) -> Option<Action> {
    lookup(BINDINGS, ev, contexts)
}

/// The briefing's action for a key in the given contexts.
pub fn slide_action_for(ev: &KeyEvent, contexts: &[Context]) -> Option<SlideAction> {
    lookup(SLIDE_BINDINGS, ev, contexts)
}

/// The bindings the footer advertises for these contexts, in table order.
/// A binding whose keys a more specific context already takes is not advertised: on the
/// industries screen `/` filters industries, so "/ search" would be a lie.
pub fn hinted<'t, A>(table: &'t [Binding<A>], contexts: &[Context]) -> Vec<&'t Binding<A>> {
    let mut taken: Vec<Key> = Vec::new();
    let mut out = Vec::new();
    for &ctx in contexts {
        let here: Vec<&Binding<A>> = table.iter().filter(|b| b.context == ctx).collect();
        for b in &here {
            if b.hint.is_some() && !b.keys.iter().all(|k| taken.contains(k)) {
                out.push(*b);
            }
        }
        taken.extend(here.iter().flat_map(|b| b.keys.iter().copied()));
    }
    out
}

/// The picker's action for a key.
pub fn pick_action_for(ev: &KeyEvent) -> Option<PickAction> {
    lookup(PICK_BINDINGS, ev, &[Context::Always])
}

/// The footer's hints from `table` for these contexts: `(keys, word)`.
pub fn hints<A>(table: &[Binding<A>], contexts: &[Context], lang: Lang) -> Vec<(String, String)> {
    hinted(table, contexts)
        .into_iter()
        .filter_map(|b| b.hint.map(|h| (b.label(), lang.word(h))))
        .collect()
}

/// The key a message tells the user to press for `action` in `context`: the first key of its
/// first binding there.
pub fn key_for<A: PartialEq>(table: &[Binding<A>], context: Context, action: A) -> String {
    table
        .iter()
        .find(|b| b.context == context && b.action == action)
        .and_then(|b| b.keys.first())
        .map_or_else(String::new, |k| k.label())
}

/// The key table as Markdown, for docs/keys.md (a test keeps docs/keys.md in step with it).
pub fn markdown() -> String {
    let groups = [
        (Context::Always, "Always, even while typing a search"),
        (Context::Global, "Everywhere in the atlas"),
        (Context::Platforms, "Platforms screen"),
        (Context::List, "Lists (platforms, industries, plan)"),
        (Context::Map, "Map, when it has focus (Tab)"),
        (Context::Industries, "Industries screen"),
        (Context::Search, "Search line (other keys type into it)"),
        (Context::Help, "Help"),
    ];
    let row = |label: String, help: Word| {
        format!("| `{}` | {} |\n", label.replace('|', "\\|"), help.en())
    };
    let mut out = String::from("| keys | what they do |\n|---|---|\n");
    for (ctx, name) in groups {
        out.push_str(&format!("| **{name}** | |\n"));
        for b in BINDINGS.iter().filter(|b| b.context == ctx) {
            out.push_str(&row(b.label(), b.help));
        }
    }
    out.push_str("| **Briefing (`gongshu present`)** | |\n");
    for b in SLIDE_BINDINGS
        .iter()
        .filter(|b| b.context == Context::Always)
    {
        out.push_str(&row(b.label(), b.help));
    }
    out.push_str("| **Briefing, slide index (`i`)** | |\n");
    for b in SLIDE_BINDINGS
        .iter()
        .filter(|b| b.context == Context::SlideIndex)
    {
        out.push_str(&row(b.label(), b.help));
    }
    out.push_str(
        "| **Picker (`gongshu pick`; other keys, `q` among them, type into the query)** | |\n",
    );
    for b in PICK_BINDINGS {
        out.push_str(&row(b.label(), b.help));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::mem::discriminant;
    use strum::IntoEnumIterator;

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
        assert_eq!(
            slide_action_for(&key(KeyCode::Char('0')), &[Context::Always]),
            Some(SlideAction::Jump(10))
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
            action_for(&ev, &[Context::Search, Context::Always]),
            Some(Action::Quit)
        );
        assert_eq!(
            slide_action_for(&ev, &[Context::Always]),
            Some(SlideAction::Quit)
        );
    }

    /// The page's table is the generated one, row for row: no row missing, and none left over
    /// from an older table.
    #[test]
    fn the_keys_page_lists_every_key() {
        let keys = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/keys.md"));
        let table: String = keys
            .lines()
            .skip_while(|l| !l.starts_with('|'))
            .take_while(|l| l.starts_with('|'))
            .map(|l| format!("{l}\n"))
            .collect();
        assert!(
            table == markdown(),
            "docs/keys.md's key table is out of date; paste this:\n{}",
            markdown()
        );
    }

    /// Every action can be reached by some key, and every key says what it does.
    fn check_table<A: IntoEnumIterator + std::fmt::Debug>(table: &[Binding<A>]) {
        for a in A::iter() {
            assert!(
                table
                    .iter()
                    .any(|b| discriminant(&b.action) == discriminant(&a)),
                "{a:?} has no key"
            );
        }
        for b in table {
            let (zh, en) = b.help.zh_en();
            assert!(!zh.is_empty() && !en.is_empty() && !b.label().is_empty());
        }
    }

    #[test]
    fn every_action_has_a_key_and_every_key_has_help() {
        check_table(BINDINGS);
        check_table(SLIDE_BINDINGS);
        check_table(PICK_BINDINGS);
    }
}
