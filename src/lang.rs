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
    /// The language a locale asks for, as the SSH server takes the client's: the first set of
    /// LC_ALL, LC_MESSAGES and LANG; a Chinese locale (zh_*) is Chinese, any other leaves the
    /// default (both), since many Chinese readers run an English locale on servers.
    pub fn from_locale(var: impl Fn(&str) -> Option<String>) -> Option<Lang> {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|k| var(k))
            .find(|v| !v.is_empty())
            .filter(|v| v.starts_with("zh"))
            .map(|_| Lang::Zh)
    }

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

#[cfg(test)]
mod locale_tests {
    use super::Lang;

    fn with(vars: &[(&str, &str)]) -> Option<Lang> {
        Lang::from_locale(|k| {
            vars.iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        })
    }

    #[test]
    fn a_chinese_locale_is_chinese_and_any_other_keeps_both() {
        assert_eq!(with(&[("LANG", "zh_CN.UTF-8")]), Some(Lang::Zh));
        assert_eq!(with(&[("LANG", "zh_TW.UTF-8")]), Some(Lang::Zh));
        assert_eq!(with(&[("LANG", "en_US.UTF-8")]), None);
        assert_eq!(with(&[("LANG", "C.UTF-8")]), None);
        assert_eq!(with(&[]), None);
        // LC_ALL before LC_MESSAGES before LANG; an empty one is not set.
        assert_eq!(
            with(&[("LC_ALL", "en_US.UTF-8"), ("LANG", "zh_CN.UTF-8")]),
            None
        );
        assert_eq!(
            with(&[
                ("LC_ALL", ""),
                ("LC_MESSAGES", "zh_CN.UTF-8"),
                ("LANG", "en_US")
            ]),
            Some(Lang::Zh)
        );
    }
}
