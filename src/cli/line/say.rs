//! The line mode's answers as sentences: one fact a line, each answer's first line saying what
//! it is. Laid out from the same sheet, search and words as `show`, `search` and the atlas.

use super::{Atlas, VERBS, Verb};
use crate::dataset::{IndustryRole, Lookup, Text};
use crate::lang::Lang;
use crate::sheet::{self, Part};
use crate::text::one_line;
use crate::words::Word;

/// Said where the other surfaces put a middle dot between facts: a screen reader reads a comma
/// as a pause, and a dot as "middle dot".
fn sentence(lang: Lang, s: &str) -> String {
    one_line(s).replace(" · ", if lang == Lang::Zh { "," } else { ", " })
}

/// A bilingual text as lines: the Chinese, then the English, for both.
fn para(lang: Lang, t: &Text, out: &mut String) {
    let mut line = |s: &str| {
        if !s.trim().is_empty() {
            out.push_str(&one_line(s.trim()));
            out.push('\n');
        }
    };
    match lang {
        Lang::Zh => line(&t.zh),
        Lang::En => line(&t.en),
        Lang::Both => {
            line(&t.zh);
            line(&t.en);
        }
    }
}

/// `label: value`, with the colon the language uses.
fn labelled(lang: Lang, label: &str, value: &str) -> String {
    let colon = if lang == Lang::Zh { ":" } else { ": " };
    format!("{}{colon}{}\n", label.trim_end_matches([':', ':']), value)
}

fn list_sep(lang: Lang) -> &'static str {
    if lang == Lang::Zh { "、" } else { ", " }
}

/// A platform in a few words: `3. 运河财富小镇 (小镇)`.
fn platform_line(a: &Atlas, i: usize) -> String {
    let p = &a.data.platforms[i];
    format!(
        "{}. {} ({}), {} {}",
        p.number,
        one_line(&a.lang.pick(&p.name)),
        one_line(&a.lang.pick(&p.kind_label())),
        a.lang.word(Word::Id),
        one_line(&p.id)
    )
}

/// `list`: how many, then a line a platform with its key industries.
pub fn list(a: &Atlas) -> String {
    let lang = a.lang;
    let n = a.data.platforms.len().to_string();
    let mut out = format!("{}\n", lang.word_with(Word::LinePlatforms, &n));
    for p in &a.data.platforms {
        let zh = || join(p.key_industries().map(|i| one_line(&i.zh)), "、");
        let en = || join(p.key_industries().map(|i| one_line(&i.en)), ", ");
        let industries = match lang {
            Lang::Zh => zh(),
            Lang::En => en(),
            Lang::Both => format!("{}; {}", zh(), en()),
        };
        let head = format!(
            "{}. {} ({})",
            p.number,
            one_line(&lang.pick(&p.name)),
            one_line(&lang.pick(&p.kind_label()))
        );
        out += &labelled(lang, &head, &industries);
    }
    out
}

fn join(it: impl Iterator<Item = String>, sep: &str) -> String {
    it.collect::<Vec<_>>().join(sep)
}

/// The platform `query` names, or why none: the same lookup as `show`.
fn find(a: &Atlas, query: &str) -> Result<usize, String> {
    let lang = a.lang;
    let q = one_line(query);
    match a.data.lookup(query) {
        Lookup::Found(i) => Ok(i),
        Lookup::Ambiguous(v) => {
            let mut out = format!("{}\n", lang.word_with(Word::LineWhichOne, &q));
            for i in v {
                out += &platform_line(a, i);
                out.push('\n');
            }
            Err(out)
        }
        Lookup::NotFound(v) => {
            let mut out = format!("{}.\n", lang.word_with(Word::LineNoPlatform, &q));
            if !v.is_empty() {
                out += &format!("{}\n", lang.word(Word::LineDidYouMean));
                for i in v {
                    out += &platform_line(a, i);
                    out.push('\n');
                }
            }
            Err(out)
        }
    }
}

/// `show`: the platform's sheet, a fact a line.
pub fn show(a: &Atlas, query: &str) -> String {
    let i = match find(a, query) {
        Ok(i) => i,
        Err(why) => return why,
    };
    let lang = a.lang;
    let s = sheet::sheet(a.data, i);
    let mut out = format!(
        "{} {}: {}\n",
        lang.word(Word::LinePlatform),
        s.number,
        one_line(&lang.pick(s.name))
    );
    for f in &s.facts {
        match f {
            sheet::Fact::Id(id) => out += &labelled(lang, &lang.word(Word::Id), &one_line(id)),
            sheet::Fact::Kind(k) => {
                out += &labelled(lang, &lang.word(Word::FieldKind), &one_line(&lang.pick(k)))
            }
            _ => {
                let t = f.text(lang);
                if !t.is_empty() {
                    out += &sentence(lang, &t);
                    out.push('\n');
                }
            }
        }
    }
    for section in &s.sections {
        let title = lang.word(section.title);
        for part in &section.parts {
            match part {
                Part::Sides(sides) => {
                    for (side, names) in sides {
                        let (label, names) = sheet::side_line(lang, *side, names);
                        out += &labelled(lang, &format!("{title}, {}", label.trim()), &names);
                    }
                }
                Part::Paragraph(t) => {
                    // The source's own words, each line said as part of its section.
                    let mut lines = String::new();
                    para(lang, t, &mut lines);
                    for l in lines.lines() {
                        out += &labelled(lang, &title, l);
                    }
                }
                Part::Industries { role, items } => {
                    let label = if *role == IndustryRole::Key {
                        title.clone()
                    } else {
                        sheet::role_label(lang, *role).0
                    };
                    let names: Vec<String> = items
                        .iter()
                        .map(|(_, i)| one_line(&lang.label(&i.zh, &i.en)))
                        .collect();
                    out += &labelled(lang, &label, &names.join(list_sep(lang)));
                }
                Part::Outline { confidence, points } => {
                    let line = sheet::outline_line(lang, *confidence, *points);
                    out += &labelled(lang, &title, &sentence(lang, &line));
                }
            }
        }
    }
    out
}

/// The most platforms a search names on its first line.
const NAMED: usize = 10;
/// The most platforms a search says where it matched, a line each.
const DETAILED: usize = 20;

/// `search`: how many platforms match, which, then a line each with where it matched.
pub fn search(a: &Atlas, query: &str) -> String {
    let lang = a.lang;
    let q = one_line(query);
    let hits = a.index.search(query);
    if hits.is_empty() {
        return format!("{}.\n", lang.word_with(Word::LineNoMatch, &q));
    }
    let head = if hits.len() == 1 {
        lang.word(Word::LineOneMatches)
    } else {
        lang.word_with(Word::LineMatches, &hits.len().to_string())
    };
    // A large dataset can match thousands: the best are said, and how many more there are.
    let named = hits.len().min(NAMED);
    let mut numbers: Vec<String> = hits[..named]
        .iter()
        .map(|h| {
            let p = &a.data.platforms[h.platform];
            format!("{} {}", p.number, one_line(lang.short(&p.name)))
        })
        .collect();
    if hits.len() > named {
        numbers.push(lang.word_with(Word::LineMore, &(hits.len() - named).to_string()));
    }
    let mut out = format!("{head} {q}: {}\n", numbers.join(list_sep(lang)));
    for h in &hits[..hits.len().min(DETAILED)] {
        let p = &a.data.platforms[h.platform];
        let matches = a.index.matches(h.platform, query);
        let fields: Vec<String> = matches
            .iter()
            .map(|m| {
                format!(
                    "{} ({})",
                    one_line(&m.text),
                    crate::cli::print::field_label(m.field, lang)
                )
            })
            .collect();
        let head = format!("{}. {}", p.number, one_line(&lang.pick(&p.name)));
        let what = format!("{} {}", lang.word(Word::LineMatchedIn), fields.join("; "));
        out += &labelled(lang, &head, &what);
    }
    if hits.len() > DETAILED {
        out += &format!(
            "{}\n",
            lang.word_with(Word::LineNarrow, &(hits.len() - DETAILED).to_string())
        );
    }
    out
}

/// `w` with a name in it, in each language (the Chinese sentence with the Chinese name).
fn titled(w: Word, name: &Text) -> (String, String) {
    let (zh, en) = w.zh_en();
    (
        zh.replacen("{}", &one_line(&name.zh), 1),
        en.replacen("{}", &one_line(&name.en), 1),
    )
}

/// A platform as the map in words names it: `[6] 康桥新能源产业园`.
fn named(a: &Atlas, i: usize) -> Text {
    let p = &a.data.platforms[i];
    Text {
        zh: format!("[{}] {}", p.number, p.name.zh).into(),
        en: format!("[{}] {}", p.number, p.name.en).into(),
    }
}

/// Lines of the map in words under their heading (for both, the Chinese heading then the
/// English, as each sentence is said).
fn sentences(lang: Lang, heading: (String, String), lines: Vec<String>) -> String {
    let mut out = String::new();
    let head = match lang {
        Lang::Zh => vec![heading.0],
        Lang::En => vec![heading.1],
        Lang::Both => vec![heading.0, heading.1],
    };
    for l in head.iter().chain(&lines) {
        out.push_str(&one_line(l));
        out.push('\n');
    }
    out
}

/// `where N`: where the platform lies, what it borders, its bounds, how sure its outline is.
pub fn place(a: &Atlas, query: &str) -> String {
    let i = match find(a, query) {
        Ok(i) => i,
        Err(why) => return why,
    };
    let heading = titled(Word::LineWhere, &named(a, i));
    sentences(
        a.lang,
        heading,
        crate::place::where_text(a.data, Some(i), a.lang),
    )
}

/// `where` alone: the district's layout.
pub fn layout(a: &Atlas) -> String {
    let heading = titled(Word::LineLayout, &a.data.district.name);
    sentences(
        a.lang,
        heading,
        crate::place::where_text(a.data, None, a.lang),
    )
}

/// `near N`: every other platform by distance, nearest first, under what the list is.
pub fn near(a: &Atlas, query: &str) -> String {
    let i = match find(a, query) {
        Ok(i) => i,
        Err(why) => return why,
    };
    let lines = crate::place::near_text(a.data, i, a.lang);
    if lines.is_empty() {
        return format!("{}\n", a.lang.word(Word::LineNoOther));
    }
    lines.iter().map(|l| one_line(l) + "\n").collect()
}

/// `plan`: the action plan, a paragraph a line, each headed by its section.
pub fn plan(a: &Atlas) -> String {
    let lang = a.lang;
    let plan = &a.data.plan;
    let src = &a.data.source;
    let mut out = format!(
        "{}: {}\n",
        lang.word(Word::Plan),
        one_line(&lang.pick(&plan.title))
    );
    let heading = |n: usize, w: Word| format!("{n}. {}:\n", lang.word(w));
    out += &heading(1, Word::GeneralRequirements);
    para(lang, &plan.requirements, &mut out);
    out += &heading(2, Word::Targets);
    out += &labelled(lang, &lang.word(Word::OverallTarget), "");
    para(lang, &plan.target, &mut out);
    for t in &plan.sub_targets {
        out += &labelled(lang, &one_line(&lang.pick(&t.title)), "");
        para(lang, &t.text, &mut out);
    }
    out += &heading(3, Word::WorkMeasures);
    for (i, m) in plan.measures.iter().enumerate() {
        let title = format!(
            "{} {}, {}",
            lang.word(Word::LineMeasure),
            i + 1,
            one_line(&lang.pick(&m.title))
        );
        out += &labelled(lang, &title, "");
        para(lang, &m.text, &mut out);
    }
    out += &heading(4, Word::Source);
    para(lang, &crate::view::plan_byline(src), &mut out);
    para(lang, &crate::view::plan_year_line(src), &mut out);
    out += &labelled(lang, &lang.word(Word::RelatedReading), "");
    for h in &src.related {
        let t = Text {
            zh: format!("{}({})", h.title.zh, h.date).into(),
            en: format!("{} ({})", h.title.en, h.date).into(),
        };
        para(lang, &t, &mut out);
    }
    // Labels with nothing after them end in a bare colon: the paragraph follows on its line.
    out.lines()
        .map(|l| l.trim_end())
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

/// `help`: every command in both spellings, what it does, and the keys.
pub fn help(lang: Lang) -> String {
    let mut out = format!("{}\n", lang.word(Word::LineCommands));
    for &(verb, en, zh, _) in VERBS {
        let (what, arg) = match verb {
            Verb::List => (Word::LineDoList, ""),
            Verb::Show => (Word::LineDoShow, " 3"),
            Verb::Search => (Word::LineDoSearch, " 金融"),
            Verb::Where => (Word::LineDoWhere, " 6"),
            Verb::Near => (Word::LineDoNear, " 6"),
            Verb::Plan => (Word::LineDoPlan, ""),
            Verb::Help => (Word::LineDoHelp, ""),
            Verb::Quit => (Word::LineDoQuit, ""),
        };
        out += &format!("{en}{arg}, {zh}{arg}: {}\n", lang.word(what));
    }
    out += &format!("{}\n", lang.word(Word::LineKeys));
    out
}

/// A command that needs a platform or words after it.
pub fn needs(lang: Lang, verb: Verb, said: &str) -> String {
    let what = match verb {
        Verb::Search => Word::LineNeedsQuery,
        _ => Word::LineNeedsPlatform,
    };
    let head = lang.word_with(Word::LineNeeds, &one_line(said));
    let sep = if lang == Lang::Zh { "" } else { " " };
    format!("{head}{sep}{}.\n", lang.word(what))
}

/// A line that is no command.
pub fn unknown(lang: Lang, what: &str) -> String {
    let first: String = one_line(what.split_whitespace().next().unwrap_or(what))
        .chars()
        .take(40)
        .collect();
    format!("{}\n", lang.word_with(Word::LineUnknown, &first))
}
