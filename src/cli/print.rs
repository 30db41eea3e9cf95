//! Text output of the lookup commands: aligned by display width, coloured only when asked, and
//! fitted to the terminal's width when there is one (whole lines otherwise, for grep).

use std::io::{self, IsTerminal};

use crate::dataset::{self, Dataset, IndustryRole};
use crate::lang::Lang;
use crate::search::{Field, Hit, Match};
use crate::sheet::{self, Part, Sheet};
use crate::text::{self, one_line, pad, width};
use crate::words::Word;

use super::Cli;
use super::wrap;

/// How text output looks: language, colour, and the width to fit.
#[derive(Debug, Clone, Copy)]
pub struct Printer {
    pub lang: Lang,
    pub color: bool,
    /// Columns to fit lines into; `None` when stdout is not a terminal (lines stay whole for grep).
    pub width: Option<usize>,
    /// The terminal draws ambiguous-width characters two columns wide.
    pub ambiguous_wide: bool,
}

/// The size of the terminal stdout goes to, or `None` when stdout is not a terminal. The one
/// place a command asks the terminal anything.
pub fn terminal_size() -> Option<(u16, u16)> {
    io::stdout()
        .is_terminal()
        .then(|| crossterm::terminal::size().ok())
        .flatten()
}

impl Printer {
    pub fn from_cli(cli: &Cli) -> Self {
        let width = terminal_size().map(|(w, _)| w as usize).filter(|&w| w > 0);
        Printer {
            lang: cli.lang,
            color: cli.color.enabled(),
            width,
            ambiguous_wide: cli.ambiguous_width == crate::ambiguous::AmbiguousWidth::Wide,
        }
    }

    /// Output as it may go to this terminal: with ambiguous-width characters drawn wide, each is
    /// replaced by a one-column stand-in, so columns stay aligned.
    pub fn finish(&self, s: String) -> String {
        if !self.ambiguous_wide {
            return s;
        }
        let ambiguous = crate::ambiguous::is_ambiguous;
        s.chars()
            .map(|c| {
                if ambiguous(c) {
                    crate::ambiguous::stand_in(c)
                } else {
                    c
                }
            })
            .collect()
    }

    fn bold(&self, s: &str) -> String {
        self.paint(s, "1")
    }
    fn dim(&self, s: &str) -> String {
        self.paint(s, "2")
    }
    fn accent(&self, s: &str) -> String {
        self.paint(s, "1;36")
    }
    /// [`Printer::paint`] onto the end of `out`.
    fn paint_into(&self, out: &mut String, s: &str, sgr: &str) {
        self.paint_parts_into(out, &[s], sgr);
    }

    /// [`Printer::paint`] of `parts` joined, onto the end of `out`.
    fn paint_parts_into(&self, out: &mut String, parts: &[&str], sgr: &str) {
        let paint = self.color && parts.iter().any(|p| !p.is_empty());
        if paint {
            out.push_str("\x1b[");
            out.push_str(sgr);
            out.push('m');
        }
        for p in parts {
            out.push_str(p);
        }
        if paint {
            out.push_str("\x1b[0m");
        }
    }

    fn paint(&self, s: &str, sgr: &str) -> String {
        let mut out = String::with_capacity(s.len() + 12);
        self.paint_into(&mut out, s, sgr);
        out
    }

    /// A bilingual text in the chosen language ("zh en" for both), on one line.
    pub fn pick(&self, t: &dataset::Text) -> String {
        one_line(&self.lang.pick(t))
    }
}

/// The widest a column is padded to: one very long name makes its own row long, not every row.
const MAX_COLUMN: usize = 60;

fn column(widths: impl Iterator<Item = usize>) -> usize {
    widths.max().unwrap_or(0).min(MAX_COLUMN)
}

/// `s` padded to `w` columns; longer text is kept whole.
fn fill(s: &str, w: usize) -> String {
    format!("{s}{}", " ".repeat(w.saturating_sub(width(s))))
}

impl Printer {
    /// A column's cell: cut to `w` on a terminal, where lines must fit; whole when piped, where
    /// `grep` must find it.
    fn column(&self, text: &str, w: usize) -> String {
        if self.width.is_some() {
            pad(text, w)
        } else {
            fill(text, w)
        }
    }
}

/// One line per platform, columns aligned by display width. On a terminal too narrow for that,
/// two lines a platform (see [`list_compact`]), so the ten fit one 24-row screen.
pub fn list_text(d: &Dataset, s: &Printer) -> String {
    let rows: Vec<[String; 4]> = d
        .platforms
        .iter()
        .map(|p| {
            // One line a platform: its key industries, not the themes and projects around them.
            let zh = || join(p.key_industries().map(|i| one_line(&i.zh)), "、");
            let en = || join(p.key_industries().map(|i| one_line(&i.en)), ", ");
            let industries = match s.lang {
                Lang::Zh => zh(),
                Lang::En => en(),
                Lang::Both => format!("{}  ({})", zh(), en()),
            };
            [
                format!("{:>2}", p.number),
                s.pick(&p.name),
                s.pick(&p.kind_label()),
                industries,
            ]
        })
        .collect();
    let w1 = column(rows.iter().map(|r| width(&r[1])));
    let w2 = column(rows.iter().map(|r| width(&r[2])));
    // On a terminal too narrow for the industries beside the name, the compact form.
    if let Some(w) = s.width
        && w < 4 + w1 + 2 + w2 + 2 + wrap::MIN_INDUSTRIES
        && rows.iter().any(|r| width(&r[3]) + 4 + w1 + 2 + w2 + 2 > w)
    {
        return list_compact(d, rows, s, w);
    }
    let mut out = String::new();
    for r in rows {
        let head = format!(
            "{}  {}  {}  ",
            s.bold(&r[0]),
            s.accent(&s.column(&r[1], w1)),
            s.dim(&s.column(&r[2], w2)),
        );
        // Wrapped in their column on a terminal; whole on one line otherwise.
        let line = wrap::hang(&head, 4 + w1 + 2 + w2 + 2, &r[3], s.width);
        out.push_str(
            &line
                .lines()
                .map(str::trim_end)
                .collect::<Vec<_>>()
                .join("\n"),
        );
        out.push('\n');
    }
    out
}

/// The list in two lines a platform for a terminal `w` columns wide: number, name and kind, then
/// its key industries on one line, as many as fit, whole, and `… +N` for the rest (in both
/// languages, the Chinese names: the shorter form, as the map's labels use). `show` gives them all.
fn list_compact(d: &Dataset, rows: Vec<[String; 4]>, s: &Printer, w: usize) -> String {
    let w = w.max(20);
    let rows: Vec<wrap::Row> = rows
        .into_iter()
        .zip(&d.platforms)
        .map(|([number, name, kind, _], p)| wrap::Row {
            number,
            name,
            kind,
            kind_short: one_line(s.lang.short(&p.kind_label())),
            industries: p
                .key_industries()
                .map(|i| one_line(if s.lang == Lang::En { &i.en } else { &i.zh }))
                .collect(),
        })
        .collect();
    let sep = if s.lang == Lang::En { ", " } else { "、" };
    let paint = |column: usize, t: &str| match column {
        0 => s.bold(t),
        1 => s.accent(t),
        2 => s.dim(t),
        _ => t.to_string(),
    };
    wrap::compact(&rows, w, sep, &paint)
}

fn join(it: impl Iterator<Item = String>, sep: &str) -> String {
    it.collect::<Vec<_>>().join(sep)
}

/// One platform in full, as `gongshu show` prints it: its sheet, laid out as indented text.
pub fn show_text(sheet: &Sheet, s: &Printer) -> String {
    let wrap_w = s.width.map(|w| w.clamp(20, 100) - 4);
    let para = |t: &str| -> String {
        let t = text::sanitize(t);
        match wrap_w {
            Some(w) => text::wrap(&t, w)
                .into_iter()
                .map(|l| format!("    {l}\n"))
                .collect(),
            None => format!("    {}\n", t.replace('\n', " ")),
        }
    };
    let both = |t: &dataset::Text| -> String {
        match s.lang {
            Lang::Zh => para(&t.zh),
            Lang::En => para(&t.en),
            Lang::Both => para(&t.zh) + &para(&t.en),
        }
    };
    // Every line wrapped at word boundaries (and between Hanzi) on a terminal.
    let max = s.width;
    let number = format!("[{}]", sheet.number);
    let prefix = format!("{}  ", s.bold(&number));
    let mut o = wrap::hang_painted(
        &prefix,
        width(&number) + 2,
        &s.pick(sheet.name),
        max,
        &|t| s.accent(t),
    );
    o += &wrap::hang_painted("    ", 4, &sheet.facts_line(s.lang), max, &|t| s.dim(t));
    for section in &sheet.sections {
        o += &format!("\n  {}\n", s.bold(&s.lang.word(section.title)));
        let mut after_list = false;
        for part in &section.parts {
            match part {
                Part::Sides(sides) => {
                    for (side, names) in sides {
                        let (label, names) = sheet::side_line(s.lang, *side, names);
                        let prefix = format!("    {}  ", s.dim(&label));
                        o += &wrap::hang(&prefix, 6 + width(&label), &names, max);
                    }
                }
                Part::Paragraph(t) => {
                    if after_list {
                        o += "\n";
                    }
                    o += &both(t);
                }
                Part::Industries { role, items } if *role != IndustryRole::Key => {
                    let (label, sep) = sheet::role_label(s.lang, *role);
                    let names: Vec<String> = items
                        .iter()
                        .map(|(_, i)| one_line(&s.lang.label(&i.zh, &i.en)))
                        .collect();
                    let prefix = format!("    {} ", s.dim(&label));
                    o += &wrap::hang(&prefix, 5 + width(&label), &names.join(sep), max);
                }
                Part::Industries { items: list, .. } => {
                    let zw = list
                        .iter()
                        .map(|(_, i)| width(&one_line(&i.zh)))
                        .max()
                        .unwrap_or(0);
                    for (_, i) in list {
                        o += &match s.lang {
                            Lang::Zh => wrap::hang("    · ", 6, &one_line(&i.zh), max),
                            Lang::En => wrap::hang("    · ", 6, &one_line(&i.en), max),
                            Lang::Both => {
                                let prefix = format!("    · {}  ", pad(&one_line(&i.zh), zw));
                                wrap::hang(&prefix, 8 + zw, &one_line(&i.en), max)
                            }
                        };
                    }
                }
                Part::Outline { confidence, points } => {
                    let line = sheet::outline_line(s.lang, *confidence, *points);
                    o += &wrap::hang("    ", 4, &line, max);
                }
            }
            after_list = matches!(part, Part::Industries { .. });
        }
    }
    o
}

/// One line per hit: number, name, and every field that matched (`matches[i]` for `hits[i]`,
/// best first, as many as fit) with the matched characters highlighted.
pub fn search_text(d: &Dataset, hits: &[Hit], matches: &[Vec<Match>], s: &Printer) -> String {
    let names: Vec<(String, usize)> = in_parallel(hits, |_, part| {
        part.iter()
            .map(|h| {
                let name = s.pick(&d.platforms[h.platform].name);
                let w = width(&name);
                (name, w)
            })
            .collect()
    });
    let mut w1 = column(names.iter().map(|n| n.1));
    if let Some(w) = s.width {
        // The name shrinks before a line grows wider than the terminal.
        w1 = w1.min(w.saturating_sub(4).max(4));
    }
    // Each line is written straight into its thread's buffer: at 50,000 hits, a dozen small
    // strings a line was most of the time it took.
    let lines = |(at, part): (usize, &[Hit])| -> String {
        use std::fmt::Write as _;
        let mut out = String::with_capacity(part.len() * 96);
        let mut number = String::new();
        for (k, h) in part.iter().enumerate() {
            let start = out.len();
            let (name, matches) = (&names[at + k].0, &matches[at + k]);
            number.clear();
            let _ = write!(number, "{:>2}", d.platforms[h.platform].number);
            let mut room = s.width.map(|w| w.saturating_sub(width(&number) + 2 + w1));
            s.paint_into(&mut out, &number, "1");
            out.push_str("  ");
            s.paint_into(&mut out, &s.column(name, w1), "1;36");
            // Whole fields, each with its label, as many as fit; `…` says some were left out.
            let mut shown = 0;
            for m in matches {
                let label = field_label(m.field, s.lang);
                let text_width = if is_clean(&m.text) {
                    width(&m.text)
                } else {
                    width(&one_line(&m.text))
                };
                let need = 2 + text_width + 2 + width(label) + 1;
                if room.is_some_and(|r| need > r) {
                    break;
                }
                out.push_str("  ");
                highlight_into(&mut out, &m.text, &m.positions, s, None);
                s.paint_parts_into(&mut out, &[" (", label, ")"], "2");
                room = room.map(|r| r - need);
                shown += 1;
            }
            if shown < matches.len() && room.is_none_or(|r| r >= 3) {
                s.paint_into(&mut out, "  …", "2");
            }
            let kept = out[start..].trim_end().len();
            out.truncate(start + kept);
            out.push('\n');
        }
        out
    };
    in_parallel(hits, |at, part| vec![lines((at, part))]).concat()
}

/// From this many items, [`in_parallel`] uses several threads.
const PARALLEL_FROM: usize = 8192;

/// `f` over `items` cut into a piece per thread (up to 4) when there are thousands of them, the
/// results in order; on this thread otherwise. `f` is given where its piece starts. Printing
/// 50,000 search hits is mostly working out where each matched and formatting its line, which
/// splits cleanly.
pub fn in_parallel<T: Sync, U: Send>(
    items: &[T],
    f: impl Fn(usize, &[T]) -> Vec<U> + Sync,
) -> Vec<U> {
    use rayon::prelude::*;
    // The size first: asking rayon for its threads starts its pool, two threads a short
    // lookup does not need.
    if items.len() < PARALLEL_FROM {
        return f(0, items);
    }
    let threads = rayon::current_num_threads().clamp(1, 4);
    if threads == 1 {
        return f(0, items);
    }
    let size = items.len().div_ceil(threads);
    let parts: Vec<Vec<U>> = items
        .par_chunks(size)
        .enumerate()
        .map(|(k, c)| f(k * size, c))
        .collect();
    parts.into_iter().flatten().collect()
}

/// What a matched field is called: Chinese only in Chinese, English otherwise (it follows the
/// text, which is mostly English in the other modes).
pub fn field_label(f: Field, lang: Lang) -> &'static str {
    let w = match f {
        Field::Industry(_) | Field::IndustryEn(_) => Word::FieldIndustry,
        Field::Name | Field::NameEn => Word::FieldName,
        Field::OtherName(_) => Word::FieldOtherName,
        Field::Kind => Word::FieldKind,
        Field::Boundary => Word::FieldBoundary,
        Field::Number => Word::FieldNumber,
    };
    if lang == Lang::Zh { w.zh() } else { w.en() }
}

/// `text` made safe for the terminal one character at a time (so positions still line up), the
/// characters at `positions` highlighted, cut to `max` columns.
#[cfg(test)]
fn highlight(text: &str, positions: &[usize], s: &Printer, max: Option<usize>) -> String {
    let mut out = String::new();
    highlight_into(&mut out, text, positions, s, max);
    out
}

/// Whether `text` is shown as it is: nothing in it to make safe, and on one line.
fn is_clean(text: &str) -> bool {
    matches!(crate::text::sanitize(text), std::borrow::Cow::Borrowed(_)) && !text.contains('\n')
}

/// [`highlight`] onto the end of `out`.
fn highlight_into(
    out: &mut String,
    text: &str,
    positions: &[usize],
    s: &Printer,
    max: Option<usize>,
) {
    const ON: &str = "\x1b[1;33m";
    const OFF: &str = "\x1b[0m";
    // Inside a highlighted run that has been opened (a run opens at its first visible text).
    let mut open = false;
    let mut used = 0;
    let mut buf = [0u8; 4];
    // Text that needs no making safe (nearly all of it) is shown character for character; the
    // rest is made safe a character at a time, its caps (marks on one character, a run of
    // invisible ones) holding across characters.
    let clean = is_clean(text);
    let mut safe = crate::text::Shown::default();
    let mut piece = String::new();
    for (i, c) in text.chars().enumerate() {
        let shown: std::borrow::Cow<str> = if clean {
            std::borrow::Cow::Borrowed(c.encode_utf8(&mut buf))
        } else {
            piece.clear();
            safe.push(if c == '\n' { ' ' } else { c }, &mut piece);
            std::borrow::Cow::Borrowed(piece.as_str())
        };
        let w = width(&shown);
        if max.is_some_and(|m| used + w > m.saturating_sub(1)) {
            if open {
                out.push_str(OFF);
            }
            out.push('…');
            return;
        }
        used += w;
        if positions.binary_search(&i).is_ok() {
            if !open && s.color && !shown.is_empty() {
                out.push_str(ON);
                open = true;
            }
        } else if open {
            out.push_str(OFF);
            open = false;
        }
        out.push_str(&shown);
    }
    if !clean {
        // A run of invisible characters at the end says how many were not shown.
        safe.finish(out);
    }
    if open {
        out.push_str(OFF);
    }
}

/// A platform's whole record as plain text: what `gongshu show` prints, without colour and
/// unwrapped (for the clipboard).
pub fn record_text(d: &Dataset, i: usize, lang: Lang) -> String {
    let plain = Printer {
        lang,
        color: false,
        width: None,
        ambiguous_wide: false,
    };
    show_text(&crate::sheet::sheet(d, i), &plain)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlighting_marks_matched_characters_and_stays_safe() {
        let on = Printer {
            lang: Lang::Both,
            color: true,
            width: None,
            ambiguous_wide: false,
        };
        assert_eq!(
            highlight("跨境电商", &[2, 3], &on, None),
            "跨境\x1b[1;33m电商\x1b[0m"
        );
        // An escape in the text is shown, not sent, and positions after it still line up.
        assert_eq!(
            highlight("a\x1bbc", &[2], &on, None),
            "a^[\x1b[1;33mb\x1b[0mc"
        );
        let off = Printer { color: false, ..on };
        assert_eq!(highlight("跨境电商", &[2, 3], &off, Some(5)), "跨境…");
    }
}
