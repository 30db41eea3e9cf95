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

/// How text output looks: language, colour, and the width to fit.
#[derive(Debug, Clone, Copy)]
pub struct Printer {
    pub lang: Lang,
    pub color: bool,
    /// Columns to fit lines into; `None` when stdout is not a terminal (lines stay whole for grep).
    pub width: Option<usize>,
}

impl Printer {
    pub fn from_cli(cli: &Cli) -> Self {
        let width = io::stdout()
            .is_terminal()
            .then(|| crossterm::terminal::size().ok().map(|(w, _)| w as usize))
            .flatten()
            .filter(|&w| w > 0);
        Printer {
            lang: cli.lang,
            color: cli.color.enabled(),
            width,
        }
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
    fn paint(&self, s: &str, sgr: &str) -> String {
        if self.color && !s.is_empty() {
            format!("\x1b[{sgr}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
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

/// One line per platform, columns aligned by display width.
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
    let mut out = String::new();
    for r in rows {
        let head = format!("{}  {}  {}  ", r[0], fill(&r[1], w1), fill(&r[2], w2));
        let rest = match s.width {
            Some(w) => text::truncate(&r[3], w.saturating_sub(width(&head))),
            None => r[3].clone(),
        };
        let line = format!(
            "{}  {}  {}  {}",
            s.bold(&r[0]),
            s.accent(&fill(&r[1], w1)),
            s.dim(&fill(&r[2], w2)),
            rest
        );
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
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
    let mut o = format!(
        "{}  {}\n",
        s.bold(&format!("[{}]", sheet.number)),
        s.accent(&s.pick(sheet.name))
    );
    o += &format!("    {}\n", s.dim(&sheet.facts_line(s.lang)));
    for section in &sheet.sections {
        o += &format!("\n  {}\n", s.bold(&s.lang.word(section.title)));
        let mut after_list = false;
        for part in &section.parts {
            match part {
                Part::Sides(sides) => {
                    for (side, names) in sides {
                        let (label, names) = sheet::side_line(s.lang, *side, names);
                        o += &format!("    {}  {names}\n", s.dim(&label));
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
                    o += &format!("    {} {}\n", s.dim(&label), names.join(sep));
                }
                Part::Industries { items: list, .. } => {
                    let zw = list
                        .iter()
                        .map(|(_, i)| width(&one_line(&i.zh)))
                        .max()
                        .unwrap_or(0);
                    for (_, i) in list {
                        o += &match s.lang {
                            Lang::Zh => format!("    · {}\n", one_line(&i.zh)),
                            Lang::En => format!("    · {}\n", one_line(&i.en)),
                            Lang::Both => {
                                format!(
                                    "    · {}  {}\n",
                                    pad(&one_line(&i.zh), zw),
                                    one_line(&i.en)
                                )
                            }
                        };
                    }
                }
                Part::Outline { confidence, points } => {
                    o += &format!(
                        "    {}\n",
                        sheet::outline_line(s.lang, *confidence, *points)
                    );
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
    let names: Vec<String> = hits
        .iter()
        .map(|h| s.pick(&d.platforms[h.platform].name))
        .collect();
    let w1 = column(names.iter().map(|n| width(n)));
    let mut out = String::new();
    for ((h, name), matches) in hits.iter().zip(&names).zip(matches) {
        let number = format!("{:>2}", d.platforms[h.platform].number);
        let mut room = s.width.map(|w| w.saturating_sub(width(&number) + w1 + 4));
        let mut line = format!("{}  {}", s.bold(&number), s.accent(&fill(name, w1)));
        for m in matches {
            let label = field_label(m.field, s.lang);
            let label_w = width(&label);
            if room.is_some_and(|r| r < label_w + 6) {
                break;
            }
            line.push_str("  ");
            line.push_str(&highlight(
                &m.text,
                &m.positions,
                s,
                room.map(|r| r - label_w - 5),
            ));
            line.push_str(&s.dim(&format!(" ({label})")));
            room = room.map(|r| r.saturating_sub(width(&one_line(&m.text)) + label_w + 5));
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// What a matched field is called: Chinese only in Chinese, English otherwise (it follows the
/// text, which is mostly English in the other modes).
fn field_label(f: Field, lang: Lang) -> String {
    let w = match f {
        Field::Industry(_) | Field::IndustryEn(_) => Word::FieldIndustry,
        Field::Name | Field::NameEn => Word::FieldName,
        Field::OtherName(_) => Word::FieldOtherName,
        Field::Kind => Word::FieldKind,
        Field::Boundary => Word::FieldBoundary,
    };
    if lang == Lang::Zh { w.zh() } else { w.en() }.to_string()
}

/// `text` made safe for the terminal one character at a time (so positions still line up), the
/// characters at `positions` highlighted, cut to `max` columns.
fn highlight(text: &str, positions: &[usize], s: &Printer, max: Option<usize>) -> String {
    let mut out = String::new();
    let mut run = String::new();
    let mut used = 0;
    let mut buf = [0u8; 4];
    for (i, c) in text.chars().enumerate() {
        let shown = one_line(c.encode_utf8(&mut buf));
        let w = width(&shown);
        if max.is_some_and(|m| used + w > m.saturating_sub(1)) {
            out.push_str(&s.paint(&std::mem::take(&mut run), "1;33"));
            out.push('…');
            return out;
        }
        used += w;
        if positions.binary_search(&i).is_ok() {
            run.push_str(&shown);
        } else {
            out.push_str(&s.paint(&std::mem::take(&mut run), "1;33"));
            out.push_str(&shown);
        }
    }
    out.push_str(&s.paint(&run, "1;33"));
    out
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
