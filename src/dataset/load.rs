//! Reading a dataset file into a [`Dataset`], with diagnostics a person can act on.
//!
//! Everything here happens before the terminal is touched, so errors print as plain text.

use std::fmt;
use std::fs::File;
use std::io::Read;
use std::path::Path;

use super::schema::Dataset;
use super::validate;

/// The largest dataset file we read. A 100,000-platform synthetic file is about 80 MB.
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// The dataset compiled into the binary.
pub const EMBEDDED_NAME: &str = "data/gongshu.ron";
pub const EMBEDDED: &str = include_str!("../../data/gongshu.ron");

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
    /// The offending line of the file, for the caret display.
    pub line_text: Option<String>,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = crate::text::sanitize(&self.file);
        match self.position {
            Some((line, col)) => write!(f, "{file}:{line}:{col}: ")?,
            None => write!(f, "{file}: ")?,
        }
        if !self.field.is_empty() {
            write!(f, "{}: ", crate::text::sanitize(&self.field))?;
        }
        write!(f, "{}", crate::text::sanitize(&self.message))?;
        if let (Some((line, col)), Some(text)) = (self.position, &self.line_text) {
            // The caret sits under the column in display cells, so Chinese text lines up.
            let cut = crate::text::truncate(text, 160);
            let shown = crate::text::sanitize(&cut);
            let before: String = text.chars().take(col.saturating_sub(1)).collect();
            let pad = crate::text::width(&crate::text::sanitize(&before)).min(160);
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

/// Why a dataset could not be loaded: one or more diagnostics.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    pub diagnostics: Vec<Diagnostic>,
}

impl LoadError {
    fn whole_file(file: &str, message: impl Into<String>) -> Self {
        LoadError {
            diagnostics: vec![Diagnostic {
                file: file.to_string(),
                position: None,
                field: String::new(),
                message: message.into(),
                line_text: None,
            }],
        }
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
        Ok(())
    }
}

impl std::error::Error for LoadError {}

/// The embedded dataset. It is checked by the test suite, so failure here is a build defect.
pub fn embedded() -> Dataset {
    parse(EMBEDDED_NAME, EMBEDDED).expect("the embedded dataset is validated by the tests")
}

/// Read and validate a dataset file.
pub fn load_file(path: &Path) -> Result<Dataset, LoadError> {
    let name = path.display().to_string();
    let text = read_text(path, &name)?;
    parse(&name, &text)
}

/// Read a file as UTF-8 text, refusing what is not a regular, readable, reasonably sized file.
fn read_text(path: &Path, name: &str) -> Result<String, LoadError> {
    let err = |m: String| LoadError::whole_file(name, m);
    let meta = std::fs::metadata(path).map_err(|e| err(io_message(&e)))?;
    if meta.is_dir() {
        return Err(err("is a directory, not a dataset file".into()));
    }
    if !meta.is_file() {
        // FIFOs and devices could block or never end; a dataset is always a plain file.
        return Err(err("is not a regular file (a pipe or device?)".into()));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(err(format!(
            "is {} MB, larger than the {} MB a dataset may be",
            meta.len() / 1_000_000,
            MAX_FILE_BYTES / 1_000_000
        )));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    File::open(path)
        .and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|e| err(io_message(&e)))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(err("grew past the size limit while being read".into()));
    }
    String::from_utf8(bytes).map_err(|e| {
        let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let good = std::str::from_utf8(good).unwrap_or_default();
        let line = good.matches('\n').count() + 1;
        let col = good.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        LoadError {
            diagnostics: vec![Diagnostic {
                file: name.to_string(),
                position: Some((line, col)),
                field: String::new(),
                message: "invalid UTF-8: a dataset must be saved as UTF-8 text".into(),
                line_text: None,
            }],
        }
    })
}

fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => {
            // Drop the "(os error N)" suffix; it means nothing to a reader.
            let s = e.to_string();
            match s.find(" (os error") {
                Some(i) => s[..i].to_string(),
                None => s,
            }
        }
    }
}

/// Parse and validate dataset text. `name` is how errors refer to the file.
pub fn parse(name: &str, text: &str) -> Result<Dataset, LoadError> {
    // A BOM is what some Windows editors write; RON rejects it, we accept it.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(LoadError::whole_file(
            name,
            "the file is empty; a dataset starts with `(` and holds district, source, plan, platforms and basemap",
        ));
    }
    let dataset = deserialize(name, text)?;
    let problems = validate::validate(&dataset);
    if problems.is_empty() {
        return Ok(dataset);
    }
    Err(LoadError {
        diagnostics: problems
            .into_iter()
            .map(|p| {
                let position = p.locate(text);
                Diagnostic {
                    file: name.to_string(),
                    position,
                    field: p.field,
                    message: p.message,
                    line_text: position.and_then(|(l, _)| nth_line(text, l)),
                }
            })
            .collect(),
    })
}

fn deserialize(name: &str, text: &str) -> Result<Dataset, LoadError> {
    let spanned = |field: String, e: ron::error::SpannedError| {
        let (line, col) = (e.span.start.line, e.span.start.col);
        LoadError {
            diagnostics: vec![Diagnostic {
                file: name.to_string(),
                position: Some((line, col)),
                field,
                message: with_found(describe(&e.code), text, line, col),
                line_text: nth_line(text, line),
            }],
        }
    };
    let mut de = ron::Deserializer::from_str(text).map_err(|e| spanned(String::new(), e))?;
    let dataset: Dataset = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let field = e.path().to_string();
        // serde_path_to_error writes `?` for a position it cannot name (e.g. before a field name).
        let field = field.trim_end_matches(".?").trim_end_matches('?');
        let field = if field == "." {
            String::new()
        } else {
            field.to_string()
        };
        spanned(field, de.span_error(e.into_inner()))
    })?;
    de.end()
        .map_err(|e| spanned(String::new(), de.span_error(e)))?;
    Ok(dataset)
}

/// RON's messages, reworded where they are terse; the rest pass through.
fn describe(code: &ron::Error) -> String {
    use ron::Error as E;
    match code {
        E::Eof => "the file ends too early: a `)` or `]` is missing".into(),
        E::ExceededRecursionLimit => {
            "nested too deeply (over 128 levels); a dataset is only a few levels deep".into()
        }
        E::TrailingCharacters => "unexpected text after the end of the dataset".into(),
        E::MissingStructField { field, outer } => match outer {
            Some(outer) => format!("missing field `{field}` in `{outer}`"),
            None => format!("missing field `{field}`"),
        },
        other => {
            let s = other.to_string();
            // ron capitalises its messages; ours read as one sentence after the location.
            let mut c = s.chars();
            match c.next() {
                Some(first) => first.to_lowercase().chain(c).collect(),
                None => s,
            }
        }
    }
}

/// ron says what it expected; add what it found, read from the source at the error position.
fn with_found(message: String, text: &str, line: usize, col: usize) -> String {
    if !message.starts_with("expected") || message.contains("found") {
        return message;
    }
    let rest: String = nth_line(text, line)
        .map(|l| l.chars().skip(col.saturating_sub(1)).collect())
        .unwrap_or_default();
    let found = match rest.trim_start().chars().next() {
        None => "the end of the line".to_string(),
        Some('"') => "a string".to_string(),
        Some('(') => "`(`".to_string(),
        Some('[') => "a list".to_string(),
        Some(c) if c.is_ascii_digit() || c == '-' || c == '+' => "a number".to_string(),
        Some(c) if c.is_alphabetic() || c == '_' => {
            let word: String = rest
                .trim_start()
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            format!("`{word}`")
        }
        Some(c) => format!("`{c}`"),
    };
    format!("{message}, found {found}")
}

fn nth_line(text: &str, line: usize) -> Option<String> {
    text.lines()
        .nth(line.checked_sub(1)?)
        .map(|l| l.trim_end_matches('\r').to_string())
}
