//! Speaker notes for the briefing's presenter's console (`present --notes FILE`): a RON map from a
//! slide's id to its notes, e.g. `{ "title": "Welcome.", "canal-wealth": "Start with finance." }`.
//! Checked strictly and reported as the dataset is: file:line:col, the entry, a caret under it.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use serde::de::{Deserializer, MapAccess, Visitor};

use super::diagnostics::{Diagnostic, Excerpt, LoadError, MAX_DIAGNOSTICS};
use super::locate::LineIndex;

/// A slide's id → its notes.
pub type Notes = BTreeMap<String, String>;

/// Notes files are short; anything larger is not one.
const MAX_BYTES: u64 = 4 << 20;

/// The entries in the order written, duplicates kept (a map would keep only the last).
struct Entries(Vec<(String, String)>);

impl<'de> serde::Deserialize<'de> for Entries {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Entries, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Entries;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a map from slide id to notes, e.g. { \"title\": \"Welcome.\" }")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Entries, A::Error> {
                let mut out = Vec::new();
                while let Some(entry) = map.next_entry::<String, String>()? {
                    out.push(entry);
                }
                Ok(Entries(out))
            }
        }
        d.deserialize_map(V)
    }
}

/// Read and check the notes file at `path` against the briefing's slide ids.
pub fn load(path: &Path, ids: &[String]) -> Result<Notes, LoadError> {
    let name = path.display().to_string();
    let err = |m: &str| LoadError::whole_file(&name, m);
    let meta = std::fs::metadata(path).map_err(|e| err(&super::load::io_message(&e)))?;
    if !meta.is_file() {
        return Err(err("is not a regular file"));
    }
    if meta.len() > MAX_BYTES {
        return Err(err("is larger than the 4 MB a notes file may be"));
    }
    let bytes = std::fs::read(path).map_err(|e| err(&super::load::io_message(&e)))?;
    let text = std::str::from_utf8(&bytes)
        .map_err(|_| err("is not UTF-8 text: save the notes as UTF-8"))?;
    parse(&name, text, ids)
}

/// Parse and check notes text; `name` is how errors name the file.
pub fn parse(name: &str, text: &str, ids: &[String]) -> Result<Notes, LoadError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let at = |line: usize, col: usize, field: String, message: String| Diagnostic {
        file: name.to_string(),
        position: Some((line, col)),
        field,
        message,
        excerpt: Excerpt::in_text(text, line, col),
    };
    let spanned = |e: ron::error::SpannedError| LoadError {
        diagnostics: vec![at(
            e.span.start.line,
            e.span.start.col,
            String::new(),
            describe(&e.code),
        )],
        more: 0,
    };
    if text.trim().is_empty() {
        return Err(LoadError::whole_file(
            name,
            "the file is empty; notes are a map from slide id to text, e.g. { \"title\": \"Welcome.\" }",
        ));
    }
    let mut de = ron::Deserializer::from_str(text).map_err(spanned)?;
    let Entries(entries) =
        serde::Deserialize::deserialize(&mut de).map_err(|e| spanned(de.span_error(e)))?;
    de.end().map_err(|e| spanned(de.span_error(e)))?;

    let lines = LineIndex::new(text);
    // Where the `n`th (from 0) quoted `key` is, as line and column.
    let key_at = |key: &str, n: usize| {
        let quoted = format!("\"{key}\"");
        let offset = text.match_indices(&quoted).nth(n).map(|(i, _)| i)?;
        Some(lines.position(text, offset))
    };
    let mut problems = Vec::new();
    let mut notes = Notes::new();
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for (id, note) in &entries {
        let n = *seen.entry(id.as_str()).and_modify(|n| *n += 1).or_insert(0);
        let field = format!("notes[{:?}]", crate::text::one_line(id));
        let mut report = |message: String| {
            problems.push(match key_at(id, n) {
                Some((line, col)) => at(line, col, field.clone(), message),
                None => Diagnostic {
                    file: name.to_string(),
                    position: None,
                    field: field.clone(),
                    message,
                    excerpt: None,
                },
            })
        };
        if !ids.iter().any(|i| i == id) {
            report(format!(
                "no slide has this id; the slides are {}",
                ids.join(", ")
            ));
        } else if n > 0 {
            let first =
                key_at(id, 0).map_or(String::new(), |(l, _)| format!(" (first on line {l})"));
            report(format!("this slide's notes are given twice{first}"));
        } else if note.trim().is_empty() {
            report("the notes are empty; leave the slide out instead".into());
        } else {
            notes.insert(id.clone(), note.clone());
        }
    }
    if problems.is_empty() {
        return Ok(notes);
    }
    let more = problems.len().saturating_sub(MAX_DIAGNOSTICS);
    problems.truncate(MAX_DIAGNOSTICS);
    Err(LoadError {
        diagnostics: problems,
        more,
    })
}

fn describe(code: &ron::Error) -> String {
    use ron::Error as E;
    let shape = "notes are a map from slide id to text, e.g. { \"title\": \"Welcome.\" }";
    match code {
        E::Eof => "the file ends too early: a `}` or a `\"` is missing".into(),
        E::TrailingCharacters => "unexpected text after the closing `}`".into(),
        E::ExpectedMap => format!("expected `{{`: {shape}"),
        E::ExpectedMapColon => "expected `:` after the slide's id".into(),
        E::ExpectedMapEnd => "expected `,` or the closing `}`".into(),
        E::ExpectedString | E::ExpectedStringEnd => {
            format!("expected text in double quotes: {shape}")
        }
        other => format!("{other}: {shape}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids() -> Vec<String> {
        ["title", "overview", "canal-wealth", "closing"]
            .map(String::from)
            .to_vec()
    }

    #[test]
    fn notes_by_slide_id() {
        let n = parse(
            "n.ron",
            "{\n  \"title\": \"欢迎 Welcome.\",\n  \"canal-wealth\": \"Start with finance.\",\n}\n",
            &ids(),
        )
        .unwrap();
        assert_eq!(n["title"], "欢迎 Welcome.");
        assert_eq!(n.len(), 2);
    }

    #[test]
    fn each_wrong_entry_is_reported_at_its_line_and_column() {
        let text = "{\n  \"title\": \"a\",\n  \"canal-welth\": \"b\",\n  \"title\": \"c\",\n  \"closing\": \" \",\n}";
        let e = parse("n.ron", text, &ids()).unwrap_err().to_string();
        assert!(
            e.contains("n.ron:3:3: notes[\"canal-welth\"]: no slide has this id; the slides are title, overview, canal-wealth, closing"),
            "{e}"
        );
        assert!(
            e.contains(
                "n.ron:4:3: notes[\"title\"]: this slide's notes are given twice (first on line 2)"
            ),
            "{e}"
        );
        assert!(
            e.contains("n.ron:5:3: notes[\"closing\"]: the notes are empty"),
            "{e}"
        );
        // The caret under the entry.
        assert!(e.contains("3 |   \"canal-welth\": \"b\",\n  |   ^"), "{e}");
    }

    #[test]
    fn broken_files_say_where() {
        for (text, want) in [
            ("{ \"title\" \"a\" }", "n.ron:1:10: expected `:`"),
            (
                "{ \"title\": 3 }",
                "n.ron:1:11: expected text in double quotes",
            ),
            ("[\"title\"]", "n.ron:1:1: expected `{`"),
            ("{ \"title\": \"a\"", "n.ron:1:"),
            ("", "n.ron: the file is empty"),
        ] {
            let e = parse("n.ron", text, &ids()).unwrap_err().to_string();
            assert!(e.starts_with(want), "{text:?}: {e}");
        }
    }
}
