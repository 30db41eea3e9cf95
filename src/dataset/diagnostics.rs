//! What a failed load reports: diagnostics located in the file, each with an excerpt of its line
//! and a caret, bounded in size however large or broken the file is.

use std::fmt;

use super::locate::LineIndex;

/// At most this many problems are reported; the rest are counted ("and N more problems").
pub const MAX_DIAGNOSTICS: usize = 20;
/// The caret line shows at most this many display columns of the source line.
const MAX_SHOWN_COLUMNS: usize = 120;
/// Characters of the source line kept on each side of the caret.
const EXCERPT_CHARS: usize = 200;

/// One problem found in a dataset, located as precisely as we can.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file as the user named it.
    pub file: String,
    /// 1-based line and column (columns count characters, as RON does); `None` when unknown.
    pub position: Option<(usize, usize)>,
    /// Where in the data, e.g. `platforms[3].industries[1].en`; empty for the whole file.
    pub field: String,
    pub message: String,
    /// A bounded piece of the offending line around the column, for the caret display.
    pub excerpt: Option<Excerpt>,
}

/// A piece of a source line around a position: never the whole line, which may be megabytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Excerpt {
    /// The line's text before the position (at most [`EXCERPT_CHARS`] characters of it).
    pub before: String,
    /// The line's text from the position on (at most [`EXCERPT_CHARS`] characters of it).
    pub after: String,
    /// Whether the line goes on before `before` / after `after`.
    pub cut_before: bool,
    pub cut_after: bool,
}

impl Excerpt {
    /// The excerpt of the line holding byte `offset` of `text`.
    pub fn at(text: &str, lines: &LineIndex, line: usize, offset: usize) -> Option<Excerpt> {
        let (start, end) = lines.line(text, line)?;
        let offset = offset.clamp(start, end);
        let head = text.get(start..offset)?;
        let tail = text.get(offset..end)?;
        let from = head
            .char_indices()
            .rev()
            .nth(EXCERPT_CHARS - 1)
            .map_or(0, |(i, _)| i);
        let to = tail
            .char_indices()
            .nth(EXCERPT_CHARS)
            .map_or(tail.len(), |(i, _)| i);
        Some(Excerpt {
            before: head[from..].to_string(),
            after: tail[..to].to_string(),
            cut_before: from > 0,
            cut_after: to < tail.len(),
        })
    }

    /// The excerpt at a 1-based line and character column of a small text (a config file),
    /// indexing its lines on the way.
    pub fn in_text(text: &str, line: usize, col: usize) -> Option<Excerpt> {
        Excerpt::at_column(text, &LineIndex::new(text), line, col)
    }

    /// The excerpt at a 1-based line and character column.
    pub fn at_column(text: &str, lines: &LineIndex, line: usize, col: usize) -> Option<Excerpt> {
        let (start, end) = lines.line(text, line)?;
        let offset = text[start..end]
            .char_indices()
            .nth(col.saturating_sub(1))
            .map_or(end, |(i, _)| start + i);
        Excerpt::at(text, lines, line, offset)
    }

    /// The line as shown (every control visible as `^X` or `<U+…>`, so widths are what the
    /// terminal shows) and the caret's column in it; at most [`MAX_SHOWN_COLUMNS`] wide.
    fn shown(&self) -> (String, usize) {
        let before = crate::text::visible_line(&self.before);
        let after = crate::text::visible_line(&self.after);
        let mut left = if self.cut_before {
            format!("…{before}")
        } else {
            before
        };
        // Keep the caret in the left two thirds of the line shown.
        let keep = MAX_SHOWN_COLUMNS * 2 / 3;
        if crate::text::width(&left) > keep {
            left = format!("…{}", tail_columns(&left, keep - 1));
        }
        let pad = crate::text::width(&left);
        let room = MAX_SHOWN_COLUMNS - pad;
        let right = if self.cut_after || crate::text::width(&after) > room {
            crate::text::truncate(&format!("{after}…"), room)
        } else {
            after
        };
        (format!("{left}{right}"), pad)
    }
}

/// The last `max` display columns of `s`.
fn tail_columns(s: &str, max: usize) -> &str {
    let mut used = 0;
    let mut from = s.len();
    for (i, c) in s.char_indices().rev() {
        used += crate::text::width(c.encode_utf8(&mut [0; 4]));
        if used > max {
            break;
        }
        from = i;
    }
    &s[from..]
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // One line each: a file name or a message with a newline must not start a line of its own.
        let file = crate::text::visible_line(&self.file);
        match self.position {
            Some((line, col)) => write!(f, "{file}:{line}:{col}: ")?,
            None => write!(f, "{file}: ")?,
        }
        if !self.field.is_empty() {
            write!(f, "{}: ", crate::text::visible_line(&self.field))?;
        }
        write!(f, "{}", crate::text::visible_line(&self.message))?;
        if let (Some((line, _)), Some(excerpt)) = (self.position, &self.excerpt) {
            // The caret sits under the column in display cells, so Chinese text lines up.
            let (shown, pad) = excerpt.shown();
            let gutter = line.to_string().len();
            write!(
                f,
                "\n{:gutter$} |\n{line} | {shown}\n{:gutter$} | {:pad$}^",
                "", "", ""
            )?;
        }
        Ok(())
    }
}

/// Why a dataset could not be loaded: one or more diagnostics, and how many more problems were
/// found but not reported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    pub diagnostics: Vec<Diagnostic>,
    /// Problems found beyond [`MAX_DIAGNOSTICS`].
    pub more: usize,
}

impl LoadError {
    pub(super) fn whole_file(file: &str, message: impl Into<String>) -> Self {
        LoadError {
            diagnostics: vec![Diagnostic {
                file: file.to_string(),
                position: None,
                field: String::new(),
                message: message.into(),
                excerpt: None,
            }],
            more: 0,
        }
    }

    /// Every problem found, reported or not.
    pub fn count(&self) -> usize {
        self.diagnostics.len() + self.more
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.diagnostics.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        if self.more > 0 {
            let s = if self.more == 1 { "" } else { "s" };
            write!(f, "\n… and {} more problem{s}", self.more)?;
        }
        Ok(())
    }
}

impl std::error::Error for LoadError {}

#[cfg(test)]
mod tests {
    use super::*;

    fn diag(text: &str, offset: usize) -> String {
        let lines = LineIndex::new(text);
        let (line, col) = lines.position(text, offset);
        Diagnostic {
            file: "f\nx.ron".into(),
            position: Some((line, col)),
            field: "a".into(),
            message: "bad".into(),
            excerpt: Excerpt::at(text, &lines, line, offset),
        }
        .to_string()
    }

    #[test]
    fn the_caret_line_is_bounded_and_points_at_the_column() {
        for line in [
            format!("{}X{}", "\x01".repeat(300_000), "y".repeat(300_000)),
            format!("{}X{}", "拱".repeat(300_000), "\t".repeat(10)),
            format!("{}X", "a".repeat(50)),
        ] {
            let at = line.find('X').unwrap();
            let shown = diag(&line, at);
            let rows: Vec<&str> = shown.lines().collect();
            assert_eq!(rows.len(), 4, "{shown}");
            assert!(rows[0].starts_with("f^Jx.ron:1:"), "{}", rows[0]);
            let (code, caret) = (rows[2], rows[3]);
            assert!(crate::text::width(code) <= MAX_SHOWN_COLUMNS + 5, "{code}");
            let col = crate::text::width(caret) - 1;
            let under: String = {
                let mut used = 0;
                code.chars()
                    .skip_while(|c| {
                        used += crate::text::width(c.encode_utf8(&mut [0; 4]));
                        used <= col
                    })
                    .take(1)
                    .collect()
            };
            assert_eq!(under, "X", "{code}\n{caret}");
        }
    }
}
