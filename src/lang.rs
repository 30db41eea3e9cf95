//! The display language: Chinese, English, or both side by side.

use crate::dataset::Text;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Lang {
    Zh,
    En,
    #[default]
    Both,
}

impl Lang {
    /// The next language in the zh → en → both cycle.
    pub fn next(self) -> Lang {
        match self {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Both,
            Lang::Both => Lang::Zh,
        }
    }

    /// `t` in this language; "zh en" for both.
    pub fn pick(self, t: &Text) -> String {
        self.label(&t.zh, &t.en)
    }

    /// A fixed bilingual label (a heading, a key hint) in this language.
    pub fn label(self, zh: &str, en: &str) -> String {
        match self {
            Lang::Zh => zh.to_string(),
            Lang::En => en.to_string(),
            Lang::Both => format!("{zh} {en}"),
        }
    }

    /// The shorter single-language form, for tight places such as map labels (`Both` gives zh).
    pub fn short(self, t: &Text) -> &str {
        match self {
            Lang::En => &t.en,
            _ => &t.zh,
        }
    }
}
