//! Checks a parsed dataset for what the schema alone cannot say: unique ids, plausible geometry,
//! boundaries that name real features, and text free of terminal control characters.

use std::collections::HashMap;

use super::schema::{Area, Dataset, Geometry, LonLat, Outline, Text};

/// A problem found after parsing. `anchor` locates it in the source text: each needle is searched
/// for after the previous one's match, and the last match is the position reported. When it is not
/// found, each of `fallbacks` is tried the same way.
#[derive(Debug, Clone)]
pub struct Problem {
    pub field: String,
    pub message: String,
    pub anchor: Vec<String>,
    pub fallbacks: Vec<Vec<String>>,
}

impl Problem {
    /// 1-based (line, column in chars) of the anchor in `text`, if every needle is found.
    pub fn locate(&self, text: &str) -> Option<(usize, usize)> {
        std::iter::once(&self.anchor)
            .chain(&self.fallbacks)
            .find_map(|a| locate(a, text))
    }
}

fn locate(anchor: &[String], text: &str) -> Option<(usize, usize)> {
    {
        let mut from = 0;
        let mut at = None;
        for needle in anchor {
            let i = from + text.get(from..)?.find(needle.as_str())?;
            at = Some(i);
            from = i + needle.len();
        }
        let at = at?;
        let before = &text[..at];
        let line = before.matches('\n').count() + 1;
        let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        Some((line, col))
    }
}

/// Quote a string as RON writes it, to find it in the source.
fn quoted(s: &str) -> String {
    format!("\"{s}\"")
}

/// Is `c` a character that must never reach a terminal from data? Newlines are allowed in text.
pub fn is_forbidden_control(c: char) -> bool {
    (c.is_control() && c != '\n') || crate::text::is_invisible_control(c)
}

pub fn validate(d: &Dataset) -> Vec<Problem> {
    let mut out = Vec::new();
    let mut p = |field: String, message: String, anchor: Vec<String>| {
        out.push(Problem {
            field,
            message,
            anchor,
            fallbacks: Vec::new(),
        })
    };

    check_ring(
        &mut p,
        "district.outline.ring",
        &d.district.outline,
        vec!["district".into()],
    );
    if d.platforms.is_empty() {
        p(
            "platforms".into(),
            "a dataset needs at least one platform".into(),
            vec!["platforms".into()],
        );
    }

    let mut ids: HashMap<&str, usize> = HashMap::new();
    let mut numbers: HashMap<u32, usize> = HashMap::new();
    for (i, pf) in d.platforms.iter().enumerate() {
        let at = format!("platforms[{i}]");
        let id_anchor = vec![quoted(&pf.id)];
        if pf.id.is_empty()
            || !pf
                .id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        {
            p(
                format!("{at}.id"),
                format!(
                    "id {:?} must be non-empty lowercase ASCII letters, digits and '-'",
                    pf.id
                ),
                id_anchor.clone(),
            );
        }
        if let Some(first) = ids.insert(&pf.id, i) {
            p(
                format!("{at}.id"),
                format!(
                    "duplicate id {:?}: platforms[{first}] already has it",
                    pf.id
                ),
                vec![quoted(&pf.id), quoted(&pf.id)],
            );
        }
        if pf.number == 0 {
            p(
                format!("{at}.number"),
                "numbers start at 1".into(),
                [id_anchor.clone(), vec!["number".into()]].concat(),
            );
        }
        if let Some(first) = numbers.insert(pf.number, i) {
            p(
                format!("{at}.number"),
                format!(
                    "duplicate number {}: platforms[{first}] already has it",
                    pf.number
                ),
                [id_anchor.clone(), vec!["number".into()]].concat(),
            );
        }
        check_text_nonempty(&mut p, &format!("{at}.name"), &pf.name, &id_anchor);
        for (j, name) in pf.other_names.iter().enumerate() {
            // An other name may have no English of its own (its English would repeat the name's).
            if name.zh.trim().is_empty() {
                p(
                    format!("{at}.other_names[{j}].zh"),
                    "the name is empty".into(),
                    id_anchor.clone(),
                );
            }
        }
        if let Some(k) = &pf.kind_as_written {
            check_text_nonempty(&mut p, &format!("{at}.kind_as_written"), k, &id_anchor);
        }
        if pf.industries.is_empty() {
            p(
                format!("{at}.industries"),
                "a platform needs at least one key industry".into(),
                [id_anchor.clone(), vec!["industries".into()]].concat(),
            );
        }
        for (j, ind) in pf.industries.iter().enumerate() {
            let field = format!("{at}.industries[{j}]");
            if ind.zh.trim().is_empty() || ind.en.trim().is_empty() {
                p(
                    field,
                    "an industry needs both zh and en names".into(),
                    [id_anchor.clone(), vec!["industries".into()]].concat(),
                );
            }
        }
        {
            for (side, names) in pf.area.sides() {
                let side = side.key();
                if names.is_empty() {
                    p(
                        format!("{at}.area.{side}"),
                        format!("the {side} side names no road or river"),
                        [id_anchor.clone(), vec![side.into()]].concat(),
                    );
                }
                for (k, name) in names.iter().enumerate() {
                    if *name != d.district.border_name.zh && d.feature_named(name).is_none() {
                        p(
                            format!("{at}.area.{side}[{k}]"),
                            format!(
                                "boundary {name:?} is not in the basemap: add a feature with that name or alias, or fix the spelling"
                            ),
                            [id_anchor.clone(), vec![quoted(name)]].concat(),
                        );
                    }
                }
            }
        }
        check_ring(
            &mut p,
            &format!("{at}.outline.ring"),
            &pf.outline,
            [id_anchor.clone(), vec!["outline".into()]].concat(),
        );
    }

    for (i, f) in d.basemap.iter().enumerate() {
        let at = format!("basemap[{i}]");
        let anchor = vec![quoted(&f.name.zh)];
        check_text_nonempty(&mut p, &format!("{at}.name"), &f.name, &anchor);
        for (k, a) in f.aliases.iter().enumerate() {
            check_text_nonempty(&mut p, &format!("{at}.aliases[{k}]"), a, &anchor);
        }
        match &f.geometry {
            Geometry::Point(c) => check_point(&mut p, &format!("{at}.geometry"), *c, &anchor),
            Geometry::Line(pts) => {
                if pts.len() < 2 {
                    p(
                        format!("{at}.geometry"),
                        format!("a line needs at least 2 points, found {}", pts.len()),
                        [anchor.clone(), vec!["Line".into()]].concat(),
                    );
                }
                for (k, c) in pts.iter().enumerate() {
                    check_point(&mut p, &format!("{at}.geometry[{k}]"), *c, &anchor);
                }
            }
        }
    }

    each_text(d, &mut |path, text| {
        if let Some(c) = text.chars().find(|&c| is_forbidden_control(c)) {
            // The file may hold the character raw or as an escape; find whichever it is.
            let n = c as u32;
            let escapes = [
                format!("\\u{{{n:x}}}"),
                format!("\\u{{{n:X}}}"),
                format!("\\u{{{n:04x}}}"),
                format!("\\x{n:02x}"),
                format!("\\x{n:02X}"),
            ];
            out.push(Problem {
                field: path(),
                message: format!(
                    "contains the control character U+{n:04X}; text may not hold terminal controls"
                ),
                anchor: vec![c.to_string()],
                fallbacks: escapes.into_iter().map(|e| vec![e]).collect(),
            });
        }
    });
    out
}

fn check_text_nonempty(
    p: &mut impl FnMut(String, String, Vec<String>),
    field: &str,
    t: &Text,
    anchor: &[String],
) {
    if t.zh.trim().is_empty() {
        p(
            format!("{field}.zh"),
            "the name is empty".into(),
            anchor.to_vec(),
        );
    }
    if t.en.trim().is_empty() {
        p(
            format!("{field}.en"),
            "the name is empty".into(),
            anchor.to_vec(),
        );
    }
}

fn check_ring(
    p: &mut impl FnMut(String, String, Vec<String>),
    field: &str,
    o: &Outline,
    anchor: Vec<String>,
) {
    if o.ring.len() < 3 {
        p(
            field.into(),
            format!("a polygon needs at least 3 points, found {}", o.ring.len()),
            [anchor.clone(), vec!["ring".into()]].concat(),
        );
    }
    for (k, c) in o.ring.iter().enumerate() {
        check_point(
            p,
            &format!("{field}[{k}]"),
            *c,
            &[anchor.clone(), vec!["ring".into()]].concat(),
        );
    }
}

fn check_point(
    p: &mut impl FnMut(String, String, Vec<String>),
    field: &str,
    (lon, lat): LonLat,
    anchor: &[String],
) {
    let ok = lon.is_finite()
        && lat.is_finite()
        && (-180.0..=180.0).contains(&lon)
        && (-90.0..=90.0).contains(&lat);
    if !ok {
        // Find the bad number itself where it is written plainly.
        let bad = if !(lon.is_finite() && (-180.0..=180.0).contains(&lon)) {
            lon
        } else {
            lat
        };
        let needle = if bad.is_nan() {
            "NaN".to_string()
        } else if bad.is_infinite() {
            "inf".to_string()
        } else {
            format!("{}", bad.trunc())
        };
        p(
            field.into(),
            format!(
                "({lon}, {lat}) is not a plausible (lon, lat): lon must be within ±180 and lat within ±90"
            ),
            [anchor.to_vec(), vec![needle]].concat(),
        );
    }
}

/// Call `f` with every string in the dataset and a way to name its field path. The path is built
/// only when asked for (when a string is bad): building millions of paths would dominate loading a
/// large dataset.
fn each_text<'a>(d: &'a Dataset, f: &mut dyn FnMut(&dyn Fn() -> String, &'a str)) {
    let t = |f: &mut dyn FnMut(&dyn Fn() -> String, &'a str),
             path: &dyn Fn() -> String,
             x: &'a Text| {
        f(&|| format!("{}.zh", path()), &x.zh);
        f(&|| format!("{}.en", path()), &x.en);
    };
    t(f, &|| "district.name".into(), &d.district.name);
    t(f, &|| "district.city".into(), &d.district.city);
    t(
        f,
        &|| "district.border_name".into(),
        &d.district.border_name,
    );
    t(f, &|| "source.title".into(), &d.source.title);
    t(f, &|| "source.reporter".into(), &d.source.reporter);
    for (i, h) in d.source.related.iter().enumerate() {
        t(f, &|| format!("source.related[{i}].title"), &h.title);
        f(&|| format!("source.related[{i}].date"), &h.date);
    }
    t(f, &|| "plan.title".into(), &d.plan.title);
    t(f, &|| "plan.requirements".into(), &d.plan.requirements);
    t(f, &|| "plan.target".into(), &d.plan.target);
    f(&|| "plan.focus".into(), &d.plan.focus);
    for (name, items) in [
        ("sub_targets", &d.plan.sub_targets),
        ("measures", &d.plan.measures),
    ] {
        for (i, it) in items.iter().enumerate() {
            t(f, &|| format!("plan.{name}[{i}].title"), &it.title);
            t(f, &|| format!("plan.{name}[{i}].text"), &it.text);
        }
    }
    for (i, pf) in d.platforms.iter().enumerate() {
        f(&|| format!("platforms[{i}].id"), &pf.id);
        t(f, &|| format!("platforms[{i}].name"), &pf.name);
        for (j, n) in pf.other_names.iter().enumerate() {
            t(f, &|| format!("platforms[{i}].other_names[{j}]"), n);
        }
        if let Some(k) = &pf.kind_as_written {
            t(f, &|| format!("platforms[{i}].kind_as_written"), k);
        }
        t(f, &|| format!("platforms[{i}].area_text"), &pf.area_text);
        t(
            f,
            &|| format!("platforms[{i}].industries_text"),
            &pf.industries_text,
        );
        match &pf.area {
            Area::Located => {}
            Area::Bounded { .. } => {
                for (side, names) in pf.area.sides() {
                    for (k, n) in names.iter().enumerate() {
                        f(&|| format!("platforms[{i}].area.{}[{k}]", side.key()), n);
                    }
                }
            }
        }
        for (j, ind) in pf.industries.iter().enumerate() {
            f(&|| format!("platforms[{i}].industries[{j}].zh"), &ind.zh);
            f(&|| format!("platforms[{i}].industries[{j}].en"), &ind.en);
            for (k, a) in ind.aliases.iter().enumerate() {
                f(
                    &|| format!("platforms[{i}].industries[{j}].aliases[{k}]"),
                    a,
                );
            }
        }
    }
    for (i, feat) in d.basemap.iter().enumerate() {
        t(f, &|| format!("basemap[{i}].name"), &feat.name);
        for (k, a) in feat.aliases.iter().enumerate() {
            t(f, &|| format!("basemap[{i}].aliases[{k}]"), a);
        }
    }
}
