//! Fitting text output to a terminal's width: the list with its industries wrapped under each
//! name, and lines of `show` wrapped at word boundaries (and between Hanzi) with a hanging
//! indent. Only for a terminal: piped output keeps one whole line per record.

use crate::text::{self, width};

/// `prefix` (of `prefix_w` visible columns, possibly coloured) then `body`, wrapped to `max`
/// columns with later lines indented under the body's start. Ends in a newline.
pub fn hang(prefix: &str, prefix_w: usize, body: &str, max: Option<usize>) -> String {
    hang_painted(prefix, prefix_w, body, max, &|s: &str| s.to_string())
}

/// [`hang`] with each line of the body coloured by `paint` after wrapping.
pub fn hang_painted(
    prefix: &str,
    prefix_w: usize,
    body: &str,
    max: Option<usize>,
    paint: &dyn Fn(&str) -> String,
) -> String {
    let Some(max) = max.filter(|&m| prefix_w + width(body) > m) else {
        return format!("{prefix}{}\n", paint(body));
    };
    // A body squeezed narrower than this reads worse than one indented less.
    let indent = if max.saturating_sub(prefix_w) >= 16 {
        prefix_w
    } else {
        4.min(prefix_w)
    };
    let mut out = String::new();
    let mut first = true;
    let first_room = max.saturating_sub(prefix_w);
    if first_room < 16 {
        // The body starts on the next line.
        out.push_str(prefix.trim_end());
        out.push('\n');
        first = false;
    }
    for line in text::wrap(body, max.saturating_sub(indent).max(2)) {
        if first {
            out.push_str(prefix);
            first = false;
        } else {
            out.push_str(&" ".repeat(indent));
        }
        out.push_str(&paint(&line));
        out.push('\n');
    }
    out
}

/// Columns the industries need beside the name before they go beneath it instead.
pub const MIN_INDUSTRIES: usize = 30;

/// One row of the list, its columns as shown (no colour).
pub struct Row {
    pub number: String,
    pub name: String,
    pub kind: String,
    /// The industries, one text per language shown.
    pub industries: Vec<String>,
}

/// The list for a terminal of `max` columns, when a row per line does not fit: the number, name
/// and kind on a line (shrunk to fit), the industries wrapped beneath. `paint` colours the
/// number, name, kind and industries (bold, accent, dim, plain).
pub fn list(rows: &[Row], max: usize, paint: &dyn Fn(usize, &str) -> String) -> String {
    let max = max.max(20);
    let name_w = rows.iter().map(|r| width(&r.name)).max().unwrap_or(0);
    let kind_w = rows.iter().map(|r| width(&r.kind)).max().unwrap_or(0);
    // Name and kind in columns when both fit; else the name, shrunk if it must be, then the kind.
    let columns = 4 + name_w + 2 + kind_w <= max;
    let mut out = String::new();
    for r in rows {
        let head = if columns {
            format!(
                "{}  {}  {}",
                paint(0, &r.number),
                paint(1, &text::pad(&r.name, name_w)),
                paint(2, &r.kind)
            )
        } else {
            let name = text::truncate(&r.name, max - 4);
            let room = max - 4 - width(&name);
            let kind = if room >= width(&r.kind) + 2 {
                format!("  {}", paint(2, &r.kind))
            } else {
                String::new()
            };
            format!("{}  {}{kind}", paint(0, &r.number), paint(1, &name))
        };
        out.push_str(head.trim_end());
        out.push('\n');
        if !columns && width(&r.name) + 4 + width(&r.kind) + 2 > max {
            out.push_str(&hang_painted("      ", 6, &r.kind, Some(max), &|s| {
                paint(2, s)
            }));
        }
        for t in r.industries.iter().filter(|t| !t.is_empty()) {
            out.push_str(&hang("      ", 6, t, Some(max)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hang_wraps_under_the_body() {
        let s = hang(
            "    东 east   ",
            14,
            "沿山港 Yanshan Creek and a long river name",
            Some(30),
        );
        for l in s.lines() {
            assert!(width(l) <= 30, "{s}");
        }
        assert!(
            s.lines().nth(1).unwrap().starts_with(&" ".repeat(14)),
            "{s}"
        );
        assert_eq!(hang("  ", 2, "short", Some(30)), "  short\n");
        assert_eq!(
            hang("  ", 2, "not cut when piped", None),
            "  not cut when piped\n"
        );
        // Words are never split: "points" stays whole.
        let s = hang("    ", 4, "E estimated · 12 points · approximate", Some(24));
        let words: Vec<&str> = s.split_whitespace().collect();
        assert!(
            words.contains(&"points") && words.contains(&"approximate"),
            "{s}"
        );
    }
}
