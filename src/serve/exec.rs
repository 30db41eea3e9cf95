//! Exec requests: only the lookup commands run, through the same code as the command line, into
//! buffers. Nothing is spawned and no shell sees the line: it is split into words here.

use clap::{CommandFactory, Parser};

use super::Shared;
use crate::cli::{Cli, Command, Lookup, Remote};
use crate::lang::Lang;
use crate::words::Word;

/// The longest exec command line taken (the longest useful one is a search of a few words).
pub(crate) const MAX_COMMAND: usize = 4096;

/// The commands a client may run.
pub const ALLOWED: [&str; 6] = ["list", "show", "search", "map", "where", "near"];

/// What an exec request printed and how it ended.
#[derive(Debug)]
pub(crate) struct Ran {
    pub out: Vec<u8>,
    pub err: Vec<u8>,
    pub code: u8,
    /// What was refused, for the log.
    pub refused: Option<String>,
}

/// Split a command line into words as a POSIX shell would for plain words and quotes ('…', "…",
/// backslash); `None` for an unclosed quote. Nothing is expanded.
pub fn words(line: &str) -> Option<Vec<String>> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                in_word = true;
                loop {
                    match chars.next()? {
                        '\'' => break,
                        c => word.push(c),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next()? {
                        '"' => break,
                        '\\' => match chars.next()? {
                            c @ ('"' | '\\' | '$' | '`') => word.push(c),
                            c => {
                                word.push('\\');
                                word.push(c);
                            }
                        },
                        c => word.push(c),
                    }
                }
            }
            '\\' => {
                in_word = true;
                if let Some(c) = chars.next() {
                    word.push(c);
                }
            }
            c if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            c => {
                in_word = true;
                word.push(c);
            }
        }
    }
    if in_word {
        words.push(word);
    }
    Some(words)
}

fn refuse(lang: Lang, what: &str) -> Ran {
    let what = crate::text::one_line(what);
    let what: String = what.chars().take(60).collect();
    Ran {
        out: Vec::new(),
        err: format!("gongshu: {}\n", lang.word_with(Word::ServeRefused, &what)).into_bytes(),
        code: 2,
        refused: Some(what),
    }
}

/// Run one exec request's command line.
pub(crate) fn run(shared: &Shared, line: &str, lang: Lang, remote: Remote) -> Ran {
    let Some(mut args) = words(line) else {
        return refuse(lang, line);
    };
    if args.first().is_some_and(|w| w == "gongshu") {
        args.remove(0);
    }
    // Global options (`--lang en list`, `--version`) are taken as locally; the first word that
    // names a command must name a lookup, and with none only version or help may be asked.
    let commands: Vec<String> = Cli::command()
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    match args.iter().find(|w| commands.contains(w)) {
        Some(w) if ALLOWED.contains(&w.as_str()) => {}
        Some(_) => return refuse(lang, line),
        None if args
            .iter()
            .any(|w| matches!(w.as_str(), "--version" | "-V" | "--help" | "-h")) => {}
        None => return refuse(lang, line),
    }
    let asked = args.clone();
    let mut cli = match Cli::try_parse_from(std::iter::once("gongshu".to_string()).chain(args)) {
        Ok(cli) => cli,
        Err(e) => {
            // Help without the global options the command ignores, as locally.
            let text = match e.kind() {
                clap::error::ErrorKind::DisplayHelp => {
                    crate::cli::manual::help(asked.into_iter().map(std::ffi::OsString::from))
                }
                _ => e.render().to_string(),
            };
            let text = crate::text::sanitize(&text).into_owned().into_bytes();
            let code = e.exit_code() as u8;
            let (out, err) = if e.use_stderr() {
                (Vec::new(), text)
            } else {
                (text, Vec::new())
            };
            return Ran {
                out,
                err,
                code,
                refused: None,
            };
        }
    };
    // No file but the served dataset is read, whatever the options say.
    if cli.data.is_some() {
        return refuse(lang, "--data");
    }
    // The server's --lang unless the client asked for one on the line.
    if !line.contains("--lang") {
        cli.lang = lang;
    }
    let Some(Command::Lookup(lookup)) = &cli.command else {
        return refuse(lang, line);
    };
    if let Lookup::Map { width, height, .. } = lookup
        && (width.unwrap_or(0) > super::MAX_SIZE.0 || height.unwrap_or(0) > super::MAX_SIZE.1)
    {
        return refuse(lang, "map larger than 300x100");
    }
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = match crate::cli::run_remote(
        &cli,
        lookup,
        shared.data.clone(),
        remote,
        &mut out,
        &mut err,
    ) {
        Ok(outcome) => outcome.code(),
        Err(e) => {
            err.extend_from_slice(format!("gongshu: {e}\n").as_bytes());
            2
        }
    };
    Ran {
        out,
        err,
        code,
        refused: None,
    }
}

#[cfg(test)]
mod tests {
    use super::words;

    #[test]
    fn words_split_like_a_shell_without_expanding() {
        assert_eq!(
            words("search '电商 平台' --json").unwrap(),
            ["search", "电商 平台", "--json"]
        );
        assert_eq!(
            words(r#"show "a\"b" x\ y"#).unwrap(),
            ["show", "a\"b", "x y"]
        );
        assert_eq!(
            words("list; rm -rf $HOME").unwrap(),
            ["list;", "rm", "-rf", "$HOME"]
        );
        assert_eq!(words("  ").unwrap(), Vec::<String>::new());
        assert!(words("show 'open").is_none());
    }
}
