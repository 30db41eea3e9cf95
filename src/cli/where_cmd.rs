//! `gongshu where` and `gongshu near`: the map in words, one fact a line.

use std::io::{self, Write};

use serde::Serialize;

use super::Outcome;
use super::data::find;
use super::json::write_json;
use super::print::Printer;
use crate::dataset::{self, Dataset};
use crate::lang::Lang;
use crate::place::{self, Sentence};
use crate::text;

/// `where --json`: the platform (none for the district) and its facts.
#[derive(Debug, Serialize)]
struct WhereJson<'a> {
    platform: Option<PlaceJson<'a>>,
    facts: &'a [Sentence],
}

#[derive(Debug, Serialize)]
struct PlaceJson<'a> {
    id: &'a str,
    number: u32,
    name: &'a dataset::Text,
}

impl<'a> PlaceJson<'a> {
    fn new(d: &'a Dataset, i: usize) -> Self {
        let p = &d.platforms[i];
        PlaceJson {
            id: &p.id,
            number: p.number,
            name: &p.name,
        }
    }
}

/// Sentences as lines: each fact on a line of its own (the Chinese, then the English, for both);
/// on a terminal a long one wraps, its further lines indented.
pub fn lines_text(heading: Option<(String, String)>, all: &[Sentence], s: &Printer) -> String {
    let mut out = String::new();
    let mut line = |t: &str| {
        let t = text::one_line(&text::sanitize(t));
        match s.width {
            Some(w) if text::width(&t) > w => {
                let w = w.max(20);
                for (k, l) in text::wrap(&t, w - 2).into_iter().enumerate() {
                    if k > 0 {
                        out.push_str("  ");
                    }
                    out.push_str(&l);
                    out.push('\n');
                }
            }
            _ => {
                out.push_str(&t);
                out.push('\n');
            }
        }
    };
    if let Some((zh, en)) = heading {
        match s.lang {
            Lang::Zh => line(&zh),
            Lang::En => line(&en),
            Lang::Both => {
                line(&zh);
                line(&en);
            }
        }
    }
    for sentence in all {
        for l in sentence.lines(s.lang) {
            line(l);
        }
    }
    out
}

/// `gongshu where [PLATFORM]`.
pub fn where_(
    d: &Dataset,
    query: Option<&str>,
    json: bool,
    s: &Printer,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<Outcome> {
    let (platform, all) = match query {
        Some(q) => {
            let Some(i) = find(d, q, s, err)? else {
                return Ok(Outcome::NothingFound);
            };
            (Some(i), place::describe_platform(d, i))
        }
        None => (None, place::describe_district(d)),
    };
    if json {
        write_json(
            out,
            &WhereJson {
                platform: platform.map(|i| PlaceJson::new(d, i)),
                facts: &all,
            },
        )?;
    } else {
        out.write_all(s.finish(lines_text(None, &all, s)).as_bytes())?;
    }
    Ok(Outcome::Found)
}

/// `gongshu near PLATFORM`.
pub fn near(
    d: &Dataset,
    query: &str,
    json: bool,
    s: &Printer,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<Outcome> {
    let Some(i) = find(d, query, s, err)? else {
        return Ok(Outcome::NothingFound);
    };
    let all = place::near_sentences(d, i);
    if json {
        write_json(
            out,
            &WhereJson {
                platform: Some(PlaceJson::new(d, i)),
                facts: &all,
            },
        )?;
        return Ok(if all.is_empty() {
            Outcome::NothingFound
        } else {
            Outcome::Found
        });
    }
    if all.is_empty() {
        writeln!(err, "gongshu: no other platform to measure from")?;
        return Ok(Outcome::NothingFound);
    }
    let heading = (
        place::near_heading(d, i, all.len(), Lang::Zh),
        place::near_heading(d, i, all.len(), Lang::En),
    );
    out.write_all(s.finish(lines_text(Some(heading), &all, s)).as_bytes())?;
    Ok(Outcome::Found)
}
