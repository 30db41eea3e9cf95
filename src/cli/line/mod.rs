//! The line mode (`gongshu --plain`): the atlas as whole lines, for screen readers and terminals
//! that cannot address the cursor. A line typed in either language (`show 3`, `显示 3`, `搜索金融`)
//! is parsed here into an [`Ask`], and [`Atlas::answer`] says what it finds as sentences, one fact
//! a line, each answer starting with what it is. The same search, sheet and words as the atlas;
//! no box drawing, braille, colour or cursor movement in anything said.
//!
//! Pure: a line in, text out. The local terminal (`local.rs`, with rustyline) and the SSH server
//! (`serve/line.rs`, with its own input decoder) both drive it.

mod history;
mod local;
mod say;
mod signals;
mod terminfo;

pub use history::{History, history_path};
pub use local::{PROMPT, no_cursor_addressing, run};

use crate::dataset::Dataset;
use crate::lang::Lang;
use crate::search::Index;
use crate::words::Word;

/// A command of the line mode, by what it does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verb {
    List,
    Show,
    Search,
    Where,
    Near,
    Plan,
    Help,
    Quit,
}

/// Each command's names: English, Chinese, and a few short forms people type.
pub const VERBS: &[(Verb, &str, &str, &[&str])] = &[
    (Verb::List, "list", "列表", &["ls"]),
    (Verb::Show, "show", "显示", &[]),
    (Verb::Search, "search", "搜索", &["find", "查找"]),
    (Verb::Where, "where", "位置", &["在哪", "在哪里"]),
    (Verb::Near, "near", "附近", &["nearby"]),
    (Verb::Plan, "plan", "方案", &[]),
    (Verb::Help, "help", "帮助", &["?", "？"]),
    (Verb::Quit, "quit", "退出", &["exit", "q", "bye"]),
];

/// What a line asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ask {
    /// Nothing typed.
    Nothing,
    List,
    Show(String),
    Search(String),
    /// Where a platform lies; `None`, the district's layout.
    Where(Option<String>),
    Near(String),
    Plan,
    Help,
    Quit,
    /// A command that needs something after it got nothing.
    Needs(Verb, String),
    /// A word that is no command.
    Unknown(String),
}

/// The command a line starts with and the rest of the line. A Chinese name needs no space after
/// it (`显示3`, `搜索金融`); an English one does (`listing` is no command).
fn split(line: &str) -> Option<(Verb, &str, &str)> {
    let line = line.trim();
    for &(verb, en, zh, short) in VERBS {
        for name in std::iter::once(en)
            .chain(std::iter::once(zh))
            .chain(short.iter().copied())
        {
            let Some(rest) = strip_prefix_ignore_case(line, name) else {
                continue;
            };
            let ascii = name.is_ascii() && name.chars().all(|c| c.is_ascii_alphabetic());
            if rest.is_empty() || rest.starts_with(char::is_whitespace) || !ascii {
                return Some((verb, &line[..line.len() - rest.len()], rest.trim()));
            }
        }
    }
    None
}

fn strip_prefix_ignore_case<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

/// What `line` asks for. A bare number or platform id shows that platform.
pub fn parse(line: &str) -> Ask {
    let line = line.trim();
    if line.is_empty() {
        return Ask::Nothing;
    }
    let Some((verb, said, rest)) = split(line) else {
        if line.chars().all(|c| c.is_ascii_digit()) {
            return Ask::Show(line.to_string());
        }
        return Ask::Unknown(line.to_string());
    };
    let needs = || Ask::Needs(verb, said.to_string());
    match verb {
        Verb::Show if rest.is_empty() => needs(),
        Verb::Search | Verb::Near if rest.is_empty() => needs(),
        Verb::Where if rest.is_empty() => Ask::Where(None),
        Verb::Where => Ask::Where(Some(rest.to_string())),
        Verb::Near => Ask::Near(rest.to_string()),
        Verb::Show => Ask::Show(rest.to_string()),
        Verb::Search => Ask::Search(rest.to_string()),
        Verb::List => Ask::List,
        Verb::Plan => Ask::Plan,
        Verb::Help => Ask::Help,
        Verb::Quit => Ask::Quit,
    }
}

/// An answer: the lines to say, and whether the session ends after them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub text: String,
    pub quit: bool,
}

/// What starts an answer's first line when colour is asked for (`--color always`): bold, in the
/// terminal's own cyan, so an eye finds where each answer begins. A screen reader skips it.
pub const HEADING: &str = "\x1b[1;36m";
/// What ends it.
pub const PLAIN: &str = "\x1b[0m";

impl Answer {
    /// The lines to say; with `color`, the heading (what the answer is) set off by [`HEADING`]:
    /// its first line, and in both languages the second too where both are headings, the
    /// Chinese then the English, each ending in a colon (`where`, `near`).
    pub fn said(&self, color: bool, lang: Lang) -> std::borrow::Cow<'_, str> {
        let text = &self.text;
        let Some(first) = text.find('\n').filter(|&i| color && i > 0) else {
            return std::borrow::Cow::Borrowed(text);
        };
        let heading = |l: &str| l.ends_with([':', '：']);
        let end = match text[first + 1..].find('\n') {
            Some(n) if lang == Lang::Both && heading(&text[..first]) => {
                let second = &text[first + 1..first + 1 + n];
                if heading(second) {
                    first + 1 + n
                } else {
                    first
                }
            }
            _ => first,
        };
        let mut out = String::with_capacity(text.len() + 32);
        for (i, line) in text[..end].split('\n').enumerate() {
            if i > 0 {
                out.push('\n');
            }
            out += &format!("{HEADING}{line}{PLAIN}");
        }
        out += &text[end..];
        out.into()
    }
}

/// The atlas as the line mode reads it: a dataset, its search index and the language spoken.
#[derive(Clone, Copy)]
pub struct Atlas<'a> {
    pub data: &'a Dataset,
    pub index: &'a Index,
    pub lang: Lang,
}

impl Atlas<'_> {
    /// The first line said: what this is and how to ask.
    pub fn welcome(&self) -> String {
        let n = self.data.platforms.len().to_string();
        format!("{}\n", self.lang.word_with(Word::LineWelcome, &n))
    }

    /// The answer to one line typed.
    pub fn answer(&self, line: &str) -> Answer {
        let ask = parse(line);
        let quit = ask == Ask::Quit;
        let text = match ask {
            Ask::Nothing => String::new(),
            Ask::List => say::list(self),
            Ask::Show(q) => say::show(self, &q),
            Ask::Search(q) => say::search(self, &q),
            Ask::Where(None) => say::layout(self),
            Ask::Where(Some(q)) => say::place(self, &q),
            Ask::Near(q) => say::near(self, &q),
            Ask::Plan => say::plan(self),
            Ask::Help => say::help(self.lang),
            Ask::Quit => format!("{}\n", self.lang.word(Word::LineBye)),
            Ask::Needs(verb, said) => say::needs(self.lang, verb, &said),
            Ask::Unknown(what) => say::unknown(self.lang, &what),
        };
        Answer { text, quit }
    }

    /// What completes the word being typed at the end of `line`: a command's name at the start,
    /// a platform's id or number after `show`. Each candidate is the whole word.
    pub fn complete(&self, line: &str) -> (usize, Vec<String>) {
        let start = line
            .char_indices()
            .rev()
            .find(|(_, c)| c.is_whitespace())
            .map_or(0, |(i, c)| i + c.len_utf8());
        let word = &line[start..];
        let before = line[..start].trim();
        let mut out: Vec<String> = Vec::new();
        if before.is_empty() {
            for &(_, en, zh, _) in VERBS {
                for name in [en, zh] {
                    if name.starts_with(word) || strip_prefix_ignore_case(name, word).is_some() {
                        out.push(name.to_string());
                    }
                }
            }
        } else if matches!(
            split(before),
            Some((Verb::Show | Verb::Where | Verb::Near, _, ""))
        ) {
            let lower = word.to_lowercase();
            for p in &self.data.platforms {
                for c in [p.id.clone(), p.number.to_string()] {
                    if c.starts_with(&lower) {
                        out.push(c);
                    }
                }
            }
        }
        (start, out)
    }
}

#[cfg(test)]
mod tests;
