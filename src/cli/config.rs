//! The config file, `$XDG_CONFIG_HOME/gongshu/config.ron` (by default
//! `~/.config/gongshu/config.ron`): defaults for the settings that have flags, which the command
//! line overrides. A bad file stops the program with `file:line:col` and exit 2, as a bad dataset
//! does, before the terminal is touched.
//!
//! ```ron
//! (lang: en, theme: light, color: auto, map_style: fill, mouse: false, ambiguous_width: wide,
//!  plain: true)
//! ```

use std::ffi::OsString;
use std::fmt;
use std::path::{Path, PathBuf};

use clap::ValueEnum;
use clap::parser::{ArgMatches, ValueSource};
use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};

use super::{Cli, ColorChoice};
use crate::dataset::{Diagnostic, LoadError};
use crate::lang::Lang;
use crate::map::MapStyle;
use crate::view::theme::ThemeKind;

/// The largest config file read; a real one is a line or two.
const MAX_BYTES: u64 = 64 * 1024;
/// The most of a value from the file a message quotes, in display columns.
const QUOTED_COLUMNS: usize = 40;
/// The most a message says on its line, in display columns (with the value quoted in it).
const MESSAGE_COLUMNS: usize = 200;

/// A value from the file as a message quotes it: made safe, on one line (a newline shows as
/// `^J`, so a value cannot start a line of its own), and cut to [`QUOTED_COLUMNS`].
fn quote(s: &str) -> String {
    // No more of a huge value is made safe than can be shown.
    let head = s
        .char_indices()
        .nth(QUOTED_COLUMNS + 1)
        .map_or(s, |(i, _)| &s[..i]);
    let mut line = crate::text::visible_line(head);
    if head.len() < s.len() {
        line.push('…');
    }
    crate::text::truncate(&line, QUOTED_COLUMNS)
}

pub use crate::ambiguous::AmbiguousWidth;

/// A value spelled as its flag spells it, bare (`en`, `light`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Named<T>(pub T);

impl<'de, T: ValueEnum> Deserialize<'de> for Named<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<T: ValueEnum> Visitor<'_> for V<T> {
            type Value = Named<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                write!(f, "one of {}", names::<T>())
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Named<T>, E> {
                T::from_str(s, true).map(Named).map_err(|_| {
                    E::custom(format!("`{}` is not one of {}", quote(s), names::<T>()))
                })
            }
        }
        d.deserialize_identifier(V(std::marker::PhantomData))
    }
}

fn names<T: ValueEnum>() -> String {
    let v: Vec<String> = T::value_variants()
        .iter()
        .filter_map(|v| v.to_possible_value())
        .map(|p| p.get_name().to_string())
        .collect();
    v.join(", ")
}

fn name<T: ValueEnum>(v: T) -> String {
    v.to_possible_value()
        .map_or_else(String::new, |p| p.get_name().to_string())
}

/// What a config file may say; every key optional.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// zh, en or both.
    #[serde(default)]
    pub lang: Option<Named<Lang>>,
    /// dark, light or contrast.
    #[serde(default)]
    pub theme: Option<Named<ThemeKind>>,
    /// auto, always or never.
    #[serde(default)]
    pub color: Option<Named<ColorChoice>>,
    /// ascii, unicode or fill: the map's style in the atlas and `gongshu map`.
    #[serde(default)]
    pub map_style: Option<Named<MapStyle>>,
    /// Capture the mouse in the atlas (even over SSH when true).
    #[serde(default)]
    pub mouse: Option<bool>,
    /// narrow or wide.
    #[serde(default)]
    pub ambiguous_width: Option<Named<AmbiguousWidth>>,
    /// Open the line mode (`--plain`) rather than the full-screen atlas on a terminal.
    #[serde(default)]
    pub plain: Option<bool>,
}

/// Where a setting's value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Default,
    File,
    Flag,
    Environment,
}

impl Source {
    fn name(self) -> &'static str {
        match self {
            Source::Default => "default",
            Source::File => "config file",
            Source::Flag => "flag",
            Source::Environment => "environment",
        }
    }
}

/// The config file as read, and which settings the command line gave.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// Where the file is looked for (`None` with neither XDG_CONFIG_HOME nor HOME set).
    pub path: Option<PathBuf>,
    pub found: bool,
    pub file: Config,
    /// Settings given on the command line, by their flag's id.
    pub flags: Vec<&'static str>,
    /// Why the file could not be used, for the commands that go on without it.
    pub error: Option<String>,
}

impl Settings {
    fn flag(&self, id: &str) -> bool {
        self.flags.contains(&id)
    }

    /// The map style to start with: the config file's, if it names one.
    pub fn map_style(&self) -> Option<MapStyle> {
        self.file.map_style.map(|n| n.0)
    }
}

/// Where the config file is: `$XDG_CONFIG_HOME/gongshu/config.ron`, else
/// `$HOME/.config/gongshu/config.ron`. A relative XDG_CONFIG_HOME is ignored, as the spec says.
pub fn path() -> Option<PathBuf> {
    path_from(
        std::env::var_os("XDG_CONFIG_HOME"),
        std::env::var_os("HOME"),
    )
}

/// [`path`] given the values of XDG_CONFIG_HOME and HOME.
fn path_from(xdg_config_home: Option<OsString>, home: Option<OsString>) -> Option<PathBuf> {
    let var = |v: Option<OsString>| v.filter(|v| !v.is_empty()).map(PathBuf::from);
    let base = var(xdg_config_home)
        .filter(|p| p.is_absolute())
        .or_else(|| var(home).map(|h| h.join(".config")))?;
    Some(base.join("gongshu").join("config.ron"))
}

/// Read the config file at `path`; a missing file is an empty config.
pub fn read(path: &Path) -> Result<Option<Config>, LoadError> {
    let name = path.display().to_string();
    let whole = |message: String| LoadError {
        diagnostics: vec![Diagnostic {
            file: name.clone(),
            position: None,
            field: String::new(),
            message,
            excerpt: None,
        }],
        more: 0,
    };
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(whole(format!("cannot read the config file: {e}"))),
    };
    if !meta.is_file() {
        return Err(whole("the config file is not a regular file".into()));
    }
    if meta.len() > MAX_BYTES {
        return Err(whole(format!(
            "the config file is over {} KiB; it holds a few settings",
            MAX_BYTES / 1024
        )));
    }
    let bytes = std::fs::read(path).map_err(|e| whole(format!("cannot read: {e}")))?;
    let text = String::from_utf8(bytes).map_err(|_| whole("the file is not UTF-8".into()))?;
    parse(&name, &text).map(Some)
}

/// Parse a config file's text; `name` is how errors name the file.
pub fn parse(name: &str, text: &str) -> Result<Config, LoadError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Ok(Config::default());
    }
    let spanned = |e: ron::error::SpannedError| {
        let (line, col) = (e.span.start.line, e.span.start.col);
        LoadError {
            diagnostics: vec![Diagnostic {
                file: name.to_string(),
                position: Some((line, col)),
                field: String::new(),
                // Whatever the error carries from the file, one line of bounded length.
                message: crate::text::truncate(
                    &crate::text::visible_line(&describe(&e.code)),
                    MESSAGE_COLUMNS,
                ),
                excerpt: crate::dataset::Excerpt::in_text(text, line, col),
            }],
            more: 0,
        }
    };
    let options =
        ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
    let mut de = ron::Deserializer::from_str_with_options(text, &options).map_err(spanned)?;
    let config = Config::deserialize(&mut de).map_err(|e| spanned(de.span_error(e)))?;
    de.end().map_err(|e| spanned(de.span_error(e)))?;
    Ok(config)
}

fn describe(code: &ron::Error) -> String {
    use ron::Error as E;
    let keys = "lang, theme, color, map_style, mouse, ambiguous_width, plain";
    match code {
        E::NoSuchStructField { found: field, .. } => {
            format!(
                "unknown setting `{}`; the settings are {keys}",
                quote(field)
            )
        }
        E::Eof => "the file ends too early: a `)` is missing".into(),
        E::TrailingCharacters => "unexpected text after the closing `)`".into(),
        E::ExpectedStructLike
        | E::ExpectedNamedStructLike(_)
        | E::ExpectedDifferentStructName { .. }
        | E::ExpectedStructName(_) => {
            format!("the settings go in parentheses, e.g. (lang: en); the settings are {keys}")
        }
        E::ExpectedStructLikeEnd => "expected `,` or the closing `)`".into(),
        E::DuplicateStructField { field, .. } => format!("`{field}` is set twice"),
        E::ExpectedBoolean => "expected true or false".into(),
        E::SuggestRawIdentifier(found) | E::InvalidIdentifier(found) => format!(
            "`{}` is not a value a setting takes; the settings are {keys}",
            quote(found)
        ),
        E::ExpectedIdentifier => format!("expected a setting's name; the settings are {keys}"),
        E::ExpectedMapColon => "expected `:` after the setting's name".into(),
        E::InvalidValueForType { expected, found } => {
            format!("expected {expected}, found {}", quote(found))
        }
        // Anything else in ron's words, with no Rust type named.
        other => other.to_string().replace("`Config`", "the settings"),
    }
}

/// Read the config file and fill in what the command line left to it. A bad file is an error
/// to print (exit 2), except for the commands that are the way out of it: `config` (which shows
/// the error), `completions`, `man` and completing, which go on with the defaults.
pub fn settle(cli: &mut Cli, matches: &ArgMatches) -> Result<(), LoadError> {
    let path = path();
    let mut error = None;
    let file = match &path {
        Some(p) => match read(p) {
            Ok(f) => f,
            Err(e) if never_blocked(cli.command.as_ref()) => {
                error = Some(e.to_string());
                None
            }
            Err(e) => return Err(e),
        },
        None => None,
    };
    apply(cli, matches, path, file);
    cli.settings.error = error;
    Ok(())
}

/// Commands a bad config file does not stop: they do not use the settings, or show them.
fn never_blocked(command: Option<&super::Command>) -> bool {
    use super::Command as C;
    matches!(
        command,
        Some(C::CompleteIds | C::Completions { .. } | C::Man | C::Config)
    )
}

/// Fill in what the command line left to the config file, and remember where each setting came
/// from for `gongshu config`.
pub fn apply(cli: &mut Cli, matches: &ArgMatches, path: Option<PathBuf>, file: Option<Config>) {
    // An id a command does not have is simply not given (asking clap would panic).
    let given_in = |m: &ArgMatches, id: &str| {
        m.try_get_raw(id).is_ok() && m.value_source(id) == Some(ValueSource::CommandLine)
    };
    let given = |id: &str| {
        given_in(matches, id) || matches.subcommand().is_some_and(|(_, m)| given_in(m, id))
    };
    let mut flags = Vec::new();
    for id in [
        "lang",
        "theme",
        "color",
        "mouse",
        "no_mouse",
        "ambiguous_width",
        "plain",
    ] {
        if given(id) {
            flags.push(id);
        }
    }
    let found = file.is_some();
    let file = file.unwrap_or_default();
    if !flags.contains(&"lang") {
        if let Some(l) = file.lang {
            cli.lang = l.0;
        } else if let Some(l) = Lang::from_locale(|k| std::env::var(k).ok()) {
            cli.lang = l;
        }
    }
    if !flags.contains(&"theme")
        && let Some(t) = file.theme
    {
        cli.theme = Some(t.0);
    }
    if !flags.contains(&"color")
        && let Some(c) = file.color
    {
        cli.color = c.0;
    }
    if !flags.contains(&"ambiguous_width")
        && let Some(a) = file.ambiguous_width
    {
        cli.ambiguous_width = a.0;
    }
    cli.settings = Settings {
        path,
        found,
        file,
        flags,
        error: None,
    };
}

/// Whether the atlas opens as whole lines (the line mode), and why: asked by flag or config
/// file, else when the terminal cannot address the cursor (TERM=dumb or unset, or no `cup`).
pub fn plain(cli: &Cli) -> (bool, Source) {
    if cli.settings.flag("plain") {
        return (true, Source::Flag);
    }
    match cli.settings.file.plain {
        Some(true) => (true, Source::File),
        _ if super::line::no_cursor_addressing() => (true, Source::Environment),
        Some(false) => (false, Source::File),
        None => (false, Source::Default),
    }
}

/// Whether the mouse is captured, and why.
pub fn mouse(cli: &Cli) -> (bool, Source) {
    let s = &cli.settings;
    if s.flag("mouse") || s.flag("no_mouse") || cli.mouse || cli.no_mouse {
        return (cli.mouse && !cli.no_mouse, Source::Flag);
    }
    if let Some(m) = s.file.mouse {
        return (m, Source::File);
    }
    let ssh = ["SSH_CONNECTION", "SSH_TTY"]
        .iter()
        .any(|k| std::env::var_os(k).is_some());
    if ssh {
        (false, Source::Environment)
    } else {
        (true, Source::Default)
    }
}

/// `gongshu config`: every setting, its value and where it came from.
pub fn report(cli: &Cli) -> String {
    let s = &cli.settings;
    let src = |flag: &str, in_file: bool| {
        if s.flag(flag) {
            Source::Flag
        } else if in_file {
            Source::File
        } else {
            Source::Default
        }
    };
    let mut rows: Vec<(&str, String, String)> = Vec::new();
    let mut row = |key: &'static str, value: String, source: Source, note: String| {
        let mut from = source.name().to_string();
        if !note.is_empty() {
            from = format!("{from} ({note})");
        }
        rows.push((key, value, from));
    };
    let mut lang_src = src("lang", s.file.lang.is_some());
    let mut lang_note = String::new();
    if lang_src == Source::Default && Lang::from_locale(|k| std::env::var(k).ok()).is_some() {
        lang_src = Source::Environment;
        lang_note = "the locale is Chinese".into();
    }
    row("lang", name(cli.lang), lang_src, lang_note);
    let theme_src = src("theme", s.file.theme.is_some());
    row(
        "theme",
        cli.theme.map_or_else(|| name(ThemeKind::default()), name),
        theme_src,
        if theme_src == Source::Default {
            "contrast when presenting".into()
        } else {
            String::new()
        },
    );
    let mut color_src = src("color", s.file.color.is_some());
    let note = if cli.color == ColorChoice::Auto {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let dumb = std::env::var("TERM").is_ok_and(|t| t == "dumb");
        if no_color || dumb {
            color_src = Source::Environment;
        }
        match (no_color, dumb) {
            (true, _) => "off: NO_COLOR is set".to_string(),
            (_, true) => "off: TERM=dumb".to_string(),
            _ => "on when stdout is a terminal".to_string(),
        }
    } else {
        String::new()
    };
    row("color", name(cli.color), color_src, note);
    row(
        "map_style",
        s.map_style()
            .map_or_else(|| "fill (ascii without colour)".into(), name),
        src("", s.file.map_style.is_some()),
        String::new(),
    );
    let (m, msrc) = mouse(cli);
    row(
        "mouse",
        if m { "on" } else { "off" }.into(),
        msrc,
        if msrc == Source::Environment {
            "SSH_CONNECTION or SSH_TTY is set".into()
        } else {
            String::new()
        },
    );
    let (p, psrc) = plain(cli);
    let note = if psrc == Source::Environment {
        "TERM is dumb, unset, or has no cursor addressing".into()
    } else {
        String::new()
    };
    row("plain", if p { "on" } else { "off" }.into(), psrc, note);
    row(
        "ambiguous_width",
        name(cli.ambiguous_width),
        src("ambiguous_width", s.file.ambiguous_width.is_some()),
        if cli.ambiguous_width == AmbiguousWidth::Auto {
            "asks the terminal where the locale is CJK".into()
        } else {
            String::new()
        },
    );
    let file_line = match &s.path {
        Some(p) => format!(
            "config file: {} ({})",
            crate::text::visible_line(&p.display().to_string()),
            if s.error.is_some() {
                "not used: it has an error, shown below; defaults apply"
            } else if s.found {
                "read"
            } else {
                "not found; defaults apply"
            }
        ),
        None => "config file: none (neither XDG_CONFIG_HOME nor HOME is set)".into(),
    };
    let w = rows.iter().map(|r| r.0.len()).max().unwrap_or(0);
    let vw = rows
        .iter()
        .map(|r| crate::text::width(&r.1))
        .max()
        .unwrap_or(0);
    let data_line = match &cli.data {
        Some(p) => format!(
            "dataset: {} (--data)",
            crate::text::sanitize(&p.display().to_string())
        ),
        None => "dataset: built-in dataset".to_string(),
    };
    let mut out = format!("{file_line}\n{data_line}\n");
    for (k, v, from) in rows {
        out += &format!("{k:w$}  {}  {from}\n", crate::text::pad(&v, vw));
    }
    if let Some(e) = &s.error {
        out +=
            &format!("\nthe config file has an error; other commands stop on it (exit 2):\n{e}\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> String {
        parse("config.ron", text).unwrap_err().to_string()
    }

    #[test]
    fn reads_every_setting() {
        let c = parse(
            "c",
            "// mine\n(lang: en, theme: light, color: never, map_style: unicode,\n mouse: false, ambiguous_width: wide, plain: true,)",
        )
        .unwrap();
        assert_eq!(c.lang, Some(Named(Lang::En)));
        assert_eq!(c.theme, Some(Named(ThemeKind::Light)));
        assert_eq!(c.color, Some(Named(ColorChoice::Never)));
        assert_eq!(c.map_style, Some(Named(MapStyle::Unicode)));
        assert_eq!(c.mouse, Some(false));
        assert_eq!(c.ambiguous_width, Some(Named(AmbiguousWidth::Wide)));
        assert_eq!(c.plain, Some(true));
        assert_eq!(parse("c", "()").unwrap(), Config::default());
        assert_eq!(parse("c", "  \n").unwrap(), Config::default());
    }

    #[test]
    fn a_bad_value_names_the_file_line_column_and_the_choices() {
        let e = err("(\n  lang: fr,\n)");
        assert!(e.starts_with("config.ron:2:"), "{e}");
        assert!(e.contains("`fr` is not one of zh, en, both"), "{e}");
        assert!(e.contains("2 |   lang: fr,"), "{e}");
        assert!(e.contains('^'), "{e}");
    }

    #[test]
    fn an_unknown_key_lists_the_known_ones() {
        let e = err("(lang: en, colour: never)");
        assert!(e.starts_with("config.ron:1:"), "{e}");
        assert!(e.contains("unknown setting `colour`"), "{e}");
        assert!(e.contains("ambiguous_width"), "{e}");
    }

    #[test]
    fn syntax_errors_and_wrong_types_are_located() {
        let e = err("(lang: en");
        assert!(e.starts_with("config.ron:1:"), "{e}");
        let e = err("(mouse: 3)");
        assert!(e.starts_with("config.ron:1:"), "{e}");
        let e = err("lang: en");
        assert!(e.starts_with("config.ron:1:"), "{e}");
        let e = err("(lang: en) x");
        assert!(e.contains("after the closing"), "{e}");
    }

    #[test]
    fn messages_speak_of_the_file_never_of_rust_types() {
        for text in [
            "lang: en",
            "Settings(lang: en)",
            "(mouse: 3)",
            "(lang: 3)",
            "(lang: en lang: zh)",
            "(lang: en, lang: zh)",
            "(lang en)",
            "[lang]",
            "(theme: \"x\")",
        ] {
            let e = err(text);
            assert!(e.starts_with("config.ron:1:"), "{text}: {e}");
            for rust in [
                "struct",
                "Config",
                "`bool`",
                "Option",
                "Named",
                "identifier",
            ] {
                assert!(!e.contains(rust), "{text}: {rust} in {e}");
            }
        }
        assert!(err("lang: en").contains("(lang: en)"));
    }

    /// A huge or many-line value, setting name or anything else quoted from the file: the
    /// message is one line, of bounded length, and still shows where the value begins.
    #[test]
    fn a_bad_value_is_quoted_cut_to_one_line() {
        let long = "x".repeat(10_000);
        let lines = "en\nforged: line\n".repeat(500);
        for (text, start) in [
            (format!("(lang: {long})"), "`xxxx"),
            (format!("(theme: r#{long})"), "`xxxx"),
            (format!("({long}: en)"), "`xxxx"),
            (format!("(lang: en, {}: en)", "宽".repeat(5_000)), "`宽宽"),
            (format!("(mouse: \"{lines}\")"), "expected true or false"),
        ] {
            let e = parse("config.ron", &text).unwrap_err();
            let message = &e.diagnostics[0].message;
            assert!(!message.contains('\n'), "{message:?}");
            assert!(
                crate::text::width(message) <= MESSAGE_COLUMNS,
                "{} columns: {message:?}",
                crate::text::width(message)
            );
            assert!(message.contains(start), "{message:?}");
            // The whole report: the message's line, then the excerpt's few.
            let report = e.to_string();
            assert!(report.lines().count() <= 5, "{report}");
            assert!(report.len() < 1_000, "{} bytes", report.len());
        }
        assert_eq!(quote(&"y".repeat(100)), format!("{}…", "y".repeat(39)));
        assert_eq!(quote("a\nb"), "a^Jb");
        assert_eq!(quote("short"), "short");
    }

    #[test]
    fn escapes_in_a_bad_file_are_shown_not_sent() {
        let e = err("(lang: \"\u{1b}[31m\")");
        assert!(!e.contains('\u{1b}'), "{e:?}");
    }

    #[test]
    fn the_path_follows_xdg_config_home() {
        // The variables are passed in: the tests run in parallel, so the environment is not
        // changed here.
        let os = |s: &str| Some(OsString::from(s));
        let at = |s: &str| Some(PathBuf::from(s));
        assert_eq!(
            path_from(os("/srv/conf"), os("/home/me")),
            at("/srv/conf/gongshu/config.ron")
        );
        assert_eq!(
            path_from(os("/srv/conf"), None),
            at("/srv/conf/gongshu/config.ron")
        );
        // Unset, empty or relative: HOME/.config instead.
        for xdg in [None, os(""), os("conf")] {
            assert_eq!(
                path_from(xdg, os("/home/me")),
                at("/home/me/.config/gongshu/config.ron")
            );
        }
        assert_eq!(path_from(None, None), None);
        assert_eq!(path_from(os("conf"), os("")), None);
        // `path` reads the two variables (read only here).
        assert_eq!(
            path(),
            path_from(
                std::env::var_os("XDG_CONFIG_HOME"),
                std::env::var_os("HOME")
            )
        );
    }
}
