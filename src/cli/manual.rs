//! The command line as people read it: `--help` without the global options a command ignores,
//! and the man page, with the sections clap does not write (exit status, environment, files,
//! keys) and no references to per-command pages that are not shipped.

use std::io;

use clap::{Command, CommandFactory};

use super::Cli;

/// Global options each command ignores, hidden from its help.
const IGNORED: &[(&str, &[&str])] = &[
    ("man", &["data", "lang", "color", "theme"]),
    ("completions", &["data", "lang", "color", "theme"]),
    ("check", &["data", "lang", "color", "theme"]),
    ("list", &["theme"]),
    ("show", &["theme"]),
    ("search", &["theme"]),
    // The map in words is never coloured.
    ("where", &["color", "theme"]),
    ("near", &["color", "theme"]),
    ("pick", &["theme"]),
    ("__complete-ids", &["lang", "color", "theme"]),
];

/// The command definition the binary parses with (and help, completions and the man page
/// describe).
pub fn command() -> Command {
    let mut cmd = Cli::command();
    cmd.build();
    for (sub, ids) in IGNORED {
        cmd = cmd.mut_subcommand(*sub, |mut s| {
            for id in *ids {
                s = s.mut_arg(*id, |a| a.hide(true));
            }
            s
        });
    }
    cmd
}

/// `--help` (or `-h`, or `help COMMAND`) for the command line `args`, from [`command`].
pub fn help(args: impl Iterator<Item = std::ffi::OsString>) -> String {
    let args: Vec<String> = args.map(|a| a.to_string_lossy().into_owned()).collect();
    let long = !args.iter().any(|a| a == "-h");
    let mut cmd = command();
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    let sub = args.iter().find(|a| names.contains(a)).cloned();
    let sub = match sub.as_deref() {
        // `gongshu help list`
        Some("help") => args.iter().skip_while(|a| *a != "help").nth(1).cloned(),
        other => other.map(str::to_string),
    };
    let target = match sub.as_deref().and_then(|s| cmd.find_subcommand_mut(s)) {
        Some(s) => s,
        None => &mut cmd,
    };
    let help = if long {
        target.render_long_help()
    } else {
        target.render_help()
    };
    crate::text::sanitize(&help.to_string()).into_owned()
}

/// The man page, as roff.
pub fn man_page() -> io::Result<Vec<u8>> {
    let cmd = command();
    let man = clap_mangen::Man::new(cmd.clone());
    let mut page = Vec::new();
    man.render_title(&mut page)?;
    man.render_name_section(&mut page)?;
    man.render_synopsis_section(&mut page)?;
    man.render_description_section(&mut page)?;
    man.render_options_section(&mut page)?;
    page.extend(commands_section(&cmd).into_bytes());
    page.extend(EXTRA.as_bytes());
    page.extend(keys_section().into_bytes());
    man.render_version_section(&mut page)?;
    Ok(page)
}

/// roff text made literal: a leading `.` or `'` would be a request, `\` an escape.
fn roff(s: &str) -> String {
    let s = s.replace('\\', "\\e").replace('-', "\\-");
    s.lines()
        .map(|l| {
            if l.starts_with('.') || l.starts_with('\'') {
                format!("\\&{l}")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Each command with its arguments and what it does, in this page (no gongshu-list(1)).
fn commands_section(cmd: &Command) -> String {
    let mut out = String::from(".SH COMMANDS\n");
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        let mut usage = format!("gongshu {}", sub.get_name());
        for a in sub
            .get_arguments()
            .filter(|a| !a.is_hide_set() && !a.is_global_set())
        {
            let id = a.get_id().as_str();
            if ["help", "version"].contains(&id) {
                continue;
            }
            let value = a
                .get_value_names()
                .map(|v| {
                    v.iter()
                        .map(|v| v.to_string())
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .unwrap_or_else(|| id.to_uppercase());
            usage += &match (a.get_long(), a.is_positional()) {
                (_, true) if a.is_required_set() => format!(" {value}"),
                (_, true) => format!(" [{value}]"),
                (Some(l), _) if a.get_action().takes_values() => format!(" [--{l} {value}]"),
                (Some(l), _) => format!(" [--{l}]"),
                _ => String::new(),
            };
        }
        let about = sub
            .get_long_about()
            .or(sub.get_about())
            .map(|a| a.to_string())
            .unwrap_or_default();
        out += &format!(".TP\n\\fB{}\\fR\n{}\n", roff(&usage), roff(&about));
    }
    out
}

const EXTRA: &str = r#".SH "EXIT STATUS"
.TP
\fB0\fR
found: the command printed what was asked (or the atlas closed normally)
.TP
\fB1\fR
nothing found: no platform matched, the pick was cancelled (Esc or Ctrl\-C)
.TP
\fB2\fR
usage or data error: a bad argument, dataset or config file, or no terminal where one is needed
.TP
\fB101\fR
an internal error (a panic); the terminal is restored first
.TP
\fB129\fR, \fB143\fR
ended by SIGHUP or SIGTERM
.SH ENVIRONMENT
.TP
\fBNO_COLOR\fR
any non\-empty value turns colour off (as \fB\-\-color never\fR)
.TP
\fBTERM\fR
\fBdumb\fR, TERM unset, or a terminal whose terminfo entry has no \fBcup\fR: the atlas opens
as the line mode (\fB\-\-plain\fR) instead of the full screen, and the briefing and the picker
are refused (the lookup commands work); \fBdumb\fR also turns colour off
.TP
\fBCOLORTERM\fR
read to tell how many colours the terminal has; only its named ANSI colours are ever used
.TP
\fBSSH_CONNECTION\fR, \fBSSH_TTY\fR
either set means an SSH session: the atlas leaves the mouse to the terminal unless
\fB\-\-mouse\fR or the config file says otherwise
.TP
\fBTMUX\fR
set inside tmux: copying with \fBy\fR wraps the clipboard sequence for tmux
(tmux needs \fBset \-g set\-clipboard on\fR, or \fBallow\-passthrough on\fR)
.TP
\fBXDG_CONFIG_HOME\fR, \fBHOME\fR
where the config file is looked for
.TP
\fBXDG_STATE_HOME\fR
where the line mode keeps its history (default \fI~/.local/state\fR)
.TP
\fBGONGSHU_PANIC_ON_BANG\fR
debug builds only: \fB!\fR panics, to test that the terminal is restored
.SH FILES
.TP
\fI$XDG_CONFIG_HOME/gongshu/config.ron\fR (default \fI~/.config/gongshu/config.ron\fR)
defaults for the settings that have flags, in RON, every key optional; flags override them:
.RS
.nf
(lang: en, theme: light, color: auto, map_style: fill, mouse: false, ambiguous_width: narrow,
 plain: false)
.fi
.RE
\fBlang\fR zh, en or both; \fBtheme\fR dark, light or contrast; \fBcolor\fR auto, always or never;
\fBmap_style\fR ascii, unicode or fill; \fBmouse\fR true or false; \fBambiguous_width\fR narrow or
wide (how the terminal draws characters such as \(md and \(lq); \fBplain\fR true opens the line
mode on a terminal, as \fB\-\-plain\fR.
A bad file stops the program with its file, line and column (exit 2).
\fBgongshu config\fR prints the settings in effect and where each came from.
.TP
\fI$XDG_STATE_HOME/gongshu/history\fR (default \fI~/.local/state/gongshu/history\fR)
the lines typed in the line mode, the last 1000, readable by you only (mode 0600); sessions at
once each add their own lines to it
.SH "LINE MODE"
\fBgongshu \-\-plain\fR reads commands as whole lines and answers in sentences, one fact a line,
with no drawing, colour (unless \fB\-\-color always\fR) or cursor movement: for screen readers
and terminals that cannot address the cursor. Commands, in English or Chinese: \fBlist\fR (列表), \fBshow\fR \fIP\fR (显示),
\fBsearch\fR \fIQUERY\fR (搜索), \fBwhere\fR [\fIP\fR] (位置), \fBnear\fR \fIP\fR (附近), \fBplan\fR
(方案), \fBhelp\fR (帮助), \fBquit\fR (退出). Tab completes commands and platform ids, Up and Down
recall earlier lines, Ctrl\-C cancels the line and gives a fresh prompt, Ctrl\-D or \fBquit\fR
leaves (exit 0). With stdin not a terminal it reads the commands as a script, a line each.
"#;

/// The atlas's and the briefing's keys, from the key tables.
fn keys_section() -> String {
    let mut out = String::from(
        ".SH KEYS\nIn the atlas (the footer shows those that work where you are; ? or F1 shows them all):\n",
    );
    for line in crate::app::keys::markdown().lines().skip(2) {
        let cells: Vec<&str> = line.trim_matches('|').split(" | ").map(str::trim).collect();
        let (keys, what) = (
            cells.first().copied().unwrap_or(""),
            cells.get(1).copied().unwrap_or(""),
        );
        if let Some(group) = keys.strip_prefix("**").and_then(|k| k.strip_suffix("**")) {
            out += &format!(".SS {}\n", roff(&group.replace('`', "")));
        } else {
            let keys = keys.trim_matches('`').replace("\\|", "|");
            out += &format!(".TP\n\\fB{}\\fR\n{}\n", roff(&keys), roff(what));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_man_page_has_every_section_and_no_missing_pages() {
        let page = String::from_utf8(man_page().unwrap()).unwrap();
        for s in [
            ".SH NAME",
            ".SH SYNOPSIS",
            ".SH OPTIONS",
            ".SH COMMANDS",
            ".SH \"EXIT STATUS\"",
            ".SH ENVIRONMENT",
            ".SH FILES",
            ".SH KEYS",
            ".SH \"LINE MODE\"",
        ] {
            assert!(page.contains(s), "{s}");
        }
        for v in [
            "NO_COLOR",
            "COLORTERM",
            "TERM",
            "SSH_CONNECTION",
            "XDG_CONFIG_HOME",
            "config.ron",
            "XDG_STATE_HOME",
            "plain",
        ] {
            assert!(page.contains(v), "{v}");
        }
        assert!(
            !page.contains("gongshu-list(1)") && !page.contains("\\-list(1)"),
            "no unshipped pages"
        );
        assert!(!page.contains("__complete"), "hidden commands stay hidden");
        assert!(
            page.contains("zoom in") && page.contains("next slide"),
            "keys from the tables"
        );
    }

    #[test]
    fn commands_hide_the_global_options_they_ignore() {
        let mut cmd = command();
        let help = |cmd: &mut Command, sub: &str| {
            cmd.find_subcommand_mut(sub)
                .unwrap()
                .render_long_help()
                .to_string()
        };
        let man = help(&mut cmd, "man");
        assert!(
            !man.contains("--mouse") && !man.contains("--data") && !man.contains("--lang"),
            "{man}"
        );
        let list = help(&mut cmd, "list");
        assert!(
            list.contains("--lang") && list.contains("--data") && !list.contains("--mouse"),
            "{list}"
        );
        let top = cmd.render_long_help().to_string();
        assert!(top.contains("--mouse") && top.contains("--query"), "{top}");
    }
}
