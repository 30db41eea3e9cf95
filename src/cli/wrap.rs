//! Fitting text output to a terminal's width: the list in two lines a platform, and lines of
//! `show` wrapped at word boundaries (and between Hanzi) with a hanging indent. Only for a
//! terminal: piped output keeps one whole line per record.

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
    /// The kind in one language, where the kind in both does not fit.
    pub kind_short: String,
    /// The key industries, each a name in the language shown.
    pub industries: Vec<String>,
}

/// The list for a terminal of `max` columns, when a row per line does not fit: two lines a row,
/// never more. The number, name and kind (the name shrunk and the kind left out where they must
/// be), then the industries joined by `sep`, as many as fit whole and `… +N` for the rest.
/// `paint` colours the number, name, kind and industries (bold, accent, dim, plain).
pub fn compact(
    rows: &[Row],
    max: usize,
    sep: &str,
    paint: &dyn Fn(usize, &str) -> String,
) -> String {
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
            let kind = [&r.kind, &r.kind_short]
                .into_iter()
                .find(|k| room >= width(k) + 2)
                .map_or_else(String::new, |k| format!("  {}", paint(2, k)));
            format!("{}  {}{kind}", paint(0, &r.number), paint(1, &name))
        };
        out.push_str(head.trim_end());
        out.push('\n');
        let line = shortened(&r.industries, sep, max - 4);
        if !line.is_empty() {
            out.push_str(&format!("    {}\n", paint(3, &line)));
        }
    }
    out
}

/// `items` joined by `sep` in at most `room` columns: as many as fit whole, then `… +N` saying
/// how many are left out. A first item too long for the line alone is cut.
pub fn shortened(items: &[String], sep: &str, room: usize) -> String {
    let more = |n: usize| format!(" … +{n}");
    let mut line = String::new();
    for (k, item) in items.iter().enumerate() {
        let joined = if k == 0 {
            item.clone()
        } else {
            format!("{line}{sep}{item}")
        };
        let left = items.len() - k - 1;
        let tail = if left > 0 { width(&more(left)) } else { 0 };
        if width(&joined) + tail <= room {
            line = joined;
            continue;
        }
        let left = items.len() - k;
        if k == 0 {
            let cut = text::truncate(item, room.saturating_sub(width(&more(left - 1))));
            return if left > 1 {
                format!("{cut}{}", more(left - 1))
            } else {
                cut
            };
        }
        return format!("{line}{}", more(left));
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortened_keeps_whole_items_and_counts_the_rest() {
        let items: Vec<String> = ["电子商务", "电商总部", "专业市场电商平台", "跨境电商"]
            .map(String::from)
            .to_vec();
        assert_eq!(
            shortened(&items, "、", 80),
            "电子商务、电商总部、专业市场电商平台、跨境电商"
        );
        let s = shortened(&items, "、", 30);
        assert_eq!(s, "电子商务、电商总部 … +2");
        assert!(width(&s) <= 30);
        // A first item longer than the line is cut, and the rest still counted.
        let s = shortened(&items, "、", 8);
        assert!(width(&s) <= 8 && s.ends_with("+3"), "{s}");
        assert_eq!(shortened(&[], "、", 10), "");
    }

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
