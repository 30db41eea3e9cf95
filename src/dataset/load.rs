//! Reading a dataset file into a [`Dataset`], with diagnostics a person can act on.
//!
//! Everything here happens before the terminal is touched, so errors print as plain text.

use std::io::Read;
use std::path::Path;

use super::diagnostics::{Diagnostic, Excerpt, LoadError};
use super::locate::{self, LineIndex};
use super::schema::Dataset;
use super::validate::{self, Spot};

/// The dataset compiled into the binary.
pub const EMBEDDED_NAME: &str = "data/gongshu.ron";
pub const EMBEDDED: &str = include_str!("../../data/gongshu.ron");

/// The largest dataset file we read. A 100,000-platform synthetic file is about 200 MB.
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// The embedded dataset. It is checked by the test suite, so failure here is a build defect.
pub fn embedded() -> Dataset {
    parse(EMBEDDED_NAME, EMBEDDED).expect("the embedded dataset is validated by the tests")
}

/// Read and validate a dataset file.
pub fn load_file(path: &Path) -> Result<Dataset, LoadError> {
    parse_file(path, &read_file(path)?)
}

/// A file's bytes, refusing what is not a regular, readable, reasonably sized file.
pub fn read_file(path: &Path) -> Result<Vec<u8>, LoadError> {
    let name = path.display().to_string();
    let err = |m: String| LoadError::whole_file(&name, m);
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
    let file = std::fs::File::open(path).map_err(|e| err(io_message(&e)))?;
    if meta.len() >= READ_IN_HALVES_FROM
        && let Some(bytes) = read_in_halves(&file, meta.len())
    {
        return Ok(bytes);
    }
    // One byte more than the file, so that reading its end needs no second allocation.
    let mut bytes = Vec::with_capacity(meta.len() as usize + 1);
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| err(io_message(&e)))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(err("grew past the size limit while being read".into()));
    }
    Ok(bytes)
}

/// Files at least this large are read in two halves side by side: a large read's time is mostly
/// the page faults of its fresh buffer, and two threads take them at once (197 MB: about 85 ms
/// on one thread, 55 on two).
const READ_IN_HALVES_FROM: u64 = 16 << 20;

/// The `len` bytes of `file`, read as two halves on two threads; `None` when the file turned out
/// not to be `len` bytes long (it changed meanwhile), for the caller to read it the plain way.
fn read_in_halves(file: &std::fs::File, len: u64) -> Option<Vec<u8>> {
    use std::os::unix::fs::FileExt;
    let mut bytes = vec![0u8; len as usize];
    let mid = bytes.len() / 2;
    let (a, b) = bytes.split_at_mut(mid);
    let (ra, rb) = rayon::join(
        || file.read_exact_at(a, 0),
        || file.read_exact_at(b, mid as u64),
    );
    // Shorter than it was (an error above), or longer (a byte past the end).
    let grew = file.read_at(&mut [0u8], len).map_or(true, |n| n > 0);
    (ra.is_ok() && rb.is_ok() && !grew).then_some(bytes)
}

pub(super) fn io_message(e: &std::io::Error) -> String {
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

/// A large dataset file read a piece at a time, never held whole, and validated: `None` when
/// the fast reader gives up or the dataset is not valid, for the caller to read it whole and
/// explain ([`read_file`], [`parse_file`]). `len`: the file's length.
pub fn read_valid_in_pieces(file: &std::fs::File, len: u64) -> Option<Dataset> {
    if len > MAX_FILE_BYTES {
        return None;
    }
    let d = super::fast::read_file(file, len as usize)?;
    validate::validate(&d).is_empty().then_some(d)
}

/// Parse and validate the bytes of the dataset file at `path` (named in diagnostics).
pub fn parse_file(path: &Path, bytes: &[u8]) -> Result<Dataset, LoadError> {
    let name = path.display().to_string();
    // Checked with SIMD: several times faster than std's check on mostly-Chinese text.
    match simdutf8::basic::from_utf8(bytes) {
        Ok(text) => parse(&name, text),
        Err(_) => Err(not_utf8(&name, bytes)),
    }
}

/// Where the first byte that is not UTF-8 is.
fn not_utf8(name: &str, bytes: &[u8]) -> LoadError {
    let good = match std::str::from_utf8(bytes) {
        Ok(all) => all,
        Err(e) => std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default(),
    };
    let line = good.matches('\n').count() + 1;
    let col = good.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    LoadError {
        diagnostics: vec![Diagnostic {
            file: name.to_string(),
            position: Some((line, col)),
            field: String::new(),
            message: "invalid UTF-8: a dataset must be saved as UTF-8 text".into(),
            excerpt: None,
        }],
        more: 0,
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
    // Well-formed files are read fast; anything else is read again by ron, for its diagnostics.
    let dataset = match super::fast::read(text) {
        Some(d) => d,
        None => super::str::interning(|| deserialize(name, text))?,
    };
    let problems = validate::validate(&dataset);
    if problems.is_empty() {
        return Ok(dataset);
    }
    Err(LoadError {
        diagnostics: locate_problems(name, text, problems.kept),
        more: problems.more,
    })
}

/// Turn problems into diagnostics: one walk of the source finds every problem's spot, and one
/// line index turns the spots into lines and columns.
fn locate_problems(name: &str, text: &str, problems: Vec<validate::Problem>) -> Vec<Diagnostic> {
    let wanted = problems.iter().map(|p| p.spot.path().to_string()).collect();
    let found = locate::find(text, &wanted);
    let lines = LineIndex::new(text);
    problems
        .into_iter()
        .map(|p| {
            let f = found.get(p.spot.path());
            let offset = match (&p.spot, f) {
                (_, None) => None,
                (Spot::Value(_), Some(f)) => Some(f.value),
                (Spot::Key(_), Some(f)) => Some(f.key.unwrap_or(f.value)),
                (Spot::Char(_, n), Some(f)) => {
                    Some(locate::char_in_literal(text, f.value, *n).unwrap_or(f.value))
                }
            };
            let position = offset.map(|o| lines.position(text, o));
            Diagnostic {
                file: name.to_string(),
                position,
                field: p.field,
                message: p.message,
                excerpt: position
                    .zip(offset)
                    .and_then(|((line, _), o)| Excerpt::at(text, &lines, line, o)),
            }
        })
        .collect()
}

fn deserialize(name: &str, text: &str) -> Result<Dataset, LoadError> {
    let spanned = |field: String, e: ron::error::SpannedError| {
        let (line, col) = (e.span.start.line, e.span.start.col);
        let lines = LineIndex::new(text);
        let excerpt = Excerpt::at_column(text, &lines, line, col);
        LoadError {
            diagnostics: vec![Diagnostic {
                file: name.to_string(),
                position: Some((line, col)),
                field,
                message: with_found(describe(&e.code), excerpt.as_ref()),
                excerpt,
            }],
            more: 0,
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
fn with_found(message: String, excerpt: Option<&Excerpt>) -> String {
    if !message.starts_with("expected") || message.contains("found") {
        return message;
    }
    let rest = excerpt.map_or("", |e| e.after.as_str());
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
