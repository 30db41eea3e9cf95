//! Checks a parsed dataset for what the schema alone cannot say: unique ids, plausible geometry,
//! boundaries that name real features, and text free of terminal control characters.

use rustc_hash::{FxHashMap, FxHashSet};

use super::schema::{Area, Dataset, Geometry, LonLat, Outline, Platform, Text};

/// A problem found after parsing, with where it is: the field path it is shown under, and the
/// spot in the source to point at.
#[derive(Debug, Clone)]
pub struct Problem {
    pub field: String,
    pub message: String,
    pub spot: Spot,
}

/// Where in the source a problem points, by field path (see [`super::locate`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Spot {
    /// The value at this path.
    Value(String),
    /// The field name of this path, for a problem with a whole list.
    Key(String),
    /// The `n`-th character of the string at this path.
    Char(String, usize),
}

impl Spot {
    pub fn path(&self) -> &str {
        match self {
            Spot::Value(p) | Spot::Key(p) | Spot::Char(p, _) => p,
        }
    }
}

/// The problems kept (the first [`super::diagnostics::MAX_DIAGNOSTICS`]) and how many more there
/// were: a file with millions of problems costs no more memory than one with twenty.
#[derive(Debug, Default)]
pub struct Problems {
    pub kept: Vec<Problem>,
    pub more: usize,
}

impl Problems {
    /// Report a problem. What it says (its field, message and where to point) is worked out
    /// only while fewer than the cap are kept: formatting every one of 200,000 bad coordinates
    /// took four times as long as reading their file.
    fn add(&mut self, problem: impl FnOnce() -> (String, String, Spot)) {
        if self.kept.len() < super::diagnostics::MAX_DIAGNOSTICS {
            let (field, message, spot) = problem();
            self.kept.push(Problem {
                field,
                message,
                spot,
            });
        } else {
            self.more += 1;
        }
    }

    /// `later`'s problems after these, as if reported here.
    fn append(&mut self, later: Problems) {
        for p in later.kept {
            self.add(|| (p.field, p.message, p.spot));
        }
        self.more += later.more;
    }

    pub fn is_empty(&self) -> bool {
        self.kept.is_empty()
    }
}

/// Is `c` a character that must never reach a terminal from data? Newlines are allowed in text.
pub fn is_forbidden_control(c: char) -> bool {
    (c.is_control() && c != '\n') || crate::text::is_invisible_control(c)
}

/// Whether `id` is one a platform may have: non-empty lowercase ASCII letters, digits and `-`.
/// Anything that puts ids on a command line (completion) holds them to this too, wherever they
/// come from.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Datasets this large have their text checked in two halves beside the other checks.
const TEXT_THREAD_FROM: usize = 20_000;

pub fn validate(d: &Dataset) -> Problems {
    if d.platforms.len() < TEXT_THREAD_FROM {
        let mut out = check_structure(d);
        out.append(check_text(d));
        return out;
    }
    // The text in two halves, side by side and beside the rest: looking at every character
    // of a large dataset takes twice as long as the other checks.
    let half = d.platforms.len() / 2;
    let (mut out, (first, rest)) = rayon::join(
        || check_structure(d),
        || {
            rayon::join(
                || check_text_of(d, Texts::First(half)),
                || check_text_of(d, Texts::Rest(half)),
            )
        },
    );
    out.append(first);
    out.append(rest);
    out
}

/// Which of a dataset's texts to check, in the order [`each_text`] visits them.
#[derive(Clone, Copy)]
enum Texts {
    All,
    /// Those before the platforms, and the first `n` platforms'.
    First(usize),
    /// The platforms' from the `n`-th on, and those after the platforms.
    Rest(usize),
}

/// Everything but [`check_text`].
fn check_structure(d: &Dataset) -> Problems {
    let mut out = Problems::default();
    let p = &mut out;

    check_ring(p, &|| "district.outline.ring".into(), &d.district.outline);
    if d.platforms.is_empty() {
        p.add(|| {
            (
                "platforms".into(),
                "a dataset needs at least one platform".into(),
                Spot::Key("platforms".into()),
            )
        });
    }

    let n = d.platforms.len();
    let mut ids: FxHashMap<&str, usize> =
        FxHashMap::with_capacity_and_hasher(n, Default::default());
    let mut numbers: FxHashMap<u32, usize> =
        FxHashMap::with_capacity_and_hasher(n, Default::default());
    // Every name a boundary may use, looked up once per name rather than searched for.
    let known: FxHashSet<&str> = d
        .basemap
        .iter()
        .flat_map(|f| std::iter::once(&f.name.zh).chain(f.aliases.iter().map(|a| &a.zh)))
        .map(|s| s.as_str())
        .chain([d.district.border_name.zh.as_str()])
        .collect();
    // Field paths are built only for a problem: at 100,000 platforms, building them all would
    // take longer than the checks.
    for (i, pf) in d.platforms.iter().enumerate() {
        let at = || format!("platforms[{i}]");
        let value = |field: &str| Spot::Value(field.to_string());
        let id = || format!("{}.id", at());
        if !is_valid_id(&pf.id) {
            p.add(|| {
                (
                    id(),
                    format!(
                        "id {:?} must be non-empty lowercase ASCII letters, digits and '-'",
                        crate::text::truncate(&pf.id, 80)
                    ),
                    value(&id()),
                )
            });
        }
        if let Some(first) = ids.insert(&pf.id, i) {
            p.add(|| {
                (
                    id(),
                    format!(
                        "duplicate id {:?}: platforms[{first}] already has it",
                        crate::text::truncate(&pf.id, 80)
                    ),
                    value(&id()),
                )
            });
        }
        let number = || format!("{}.number", at());
        if pf.number == 0 {
            p.add(|| (number(), "numbers start at 1".into(), value(&number())));
        }
        if let Some(first) = numbers.insert(pf.number, i) {
            p.add(|| {
                (
                    number(),
                    format!(
                        "duplicate number {}: platforms[{first}] already has it",
                        pf.number
                    ),
                    value(&number()),
                )
            });
        }
        check_text_nonempty(p, &|| format!("{}.name", at()), &pf.name);
        for (j, name) in pf.other_names.iter().enumerate() {
            // An other name may have no English of its own (its English would repeat the name's).
            if name.zh.trim().is_empty() {
                p.add(|| {
                    let field = format!("{}.other_names[{j}].zh", at());
                    (field.clone(), "the name is empty".into(), value(&field))
                });
            }
        }
        if let Some(k) = &pf.kind_as_written {
            check_text_nonempty(p, &|| format!("{}.kind_as_written", at()), k);
        }
        if pf.industries.is_empty() {
            p.add(|| {
                let field = format!("{}.industries", at());
                (
                    field.clone(),
                    "a platform needs at least one key industry".into(),
                    Spot::Key(field),
                )
            });
        }
        for (j, ind) in pf.industries.iter().enumerate() {
            if ind.zh.trim().is_empty() || ind.en.trim().is_empty() {
                p.add(|| {
                    let field = format!("{}.industries[{j}]", at());
                    (
                        field.clone(),
                        "an industry needs both zh and en names".into(),
                        value(&field),
                    )
                });
            }
        }
        for (side, names) in pf.area.sides() {
            let side = side.key();
            if names.is_empty() {
                p.add(|| {
                    let field = format!("{}.area.{side}", at());
                    (
                        field.clone(),
                        format!("the {side} side names no road or river"),
                        Spot::Key(field),
                    )
                });
            }
            for (k, name) in names.iter().enumerate() {
                if !known.contains(name.as_str()) {
                    p.add(|| {
                        let field = format!("{}.area.{side}[{k}]", at());
                        let message = format!(
                            "boundary {:?} is not in the basemap: add a feature with that name or alias, or fix the spelling",
                            crate::text::truncate(name, 80)
                        );
                        (field.clone(), message, value(&field))
                    });
                }
            }
        }
        check_ring(p, &|| format!("{}.outline.ring", at()), &pf.outline);
    }

    for (i, f) in d.basemap.iter().enumerate() {
        let at = format!("basemap[{i}]");
        check_text_nonempty(p, &|| format!("{at}.name"), &f.name);
        for (k, a) in f.aliases.iter().enumerate() {
            check_text_nonempty(p, &|| format!("{at}.aliases[{k}]"), a);
        }
        let field = format!("{at}.geometry");
        match &f.geometry {
            Geometry::Point(c) => check_point(p, &|| field.clone(), *c),
            Geometry::Line(pts) => {
                if pts.len() < 2 {
                    p.add(|| {
                        (
                            field.clone(),
                            format!("a line needs at least 2 points, found {}", pts.len()),
                            Spot::Value(field.clone()),
                        )
                    });
                }
                for (k, c) in pts.iter().enumerate() {
                    check_point(p, &|| format!("{field}[{k}]"), *c);
                }
            }
        }
    }

    out
}

/// Text may not hold terminal controls or invisible characters.
fn check_text(d: &Dataset) -> Problems {
    check_text_of(d, Texts::All)
}

/// [`check_text`] of some of the texts.
fn check_text_of(d: &Dataset, which: Texts) -> Problems {
    let mut out = Problems::default();
    each_text(d, which, &mut |path, text| {
        // Printable ASCII, most of the English, needs no look at characters.
        if text
            .bytes()
            .all(|b| (b' '..=b'~').contains(&b) || b == b'\n')
        {
            return;
        }
        if let Some((n, c)) = text
            .chars()
            .enumerate()
            .find(|&(_, c)| is_forbidden_control(c))
        {
            out.add(|| {
                let path = path();
                let message = format!(
                    "contains the {} U+{:04X}; text may not hold terminal controls or invisible characters",
                    if c.is_control() { "control character" } else { "invisible character" },
                    c as u32
                );
                (path.clone(), message, Spot::Char(path, n))
            });
        }
    });
    out
}

fn check_text_nonempty(p: &mut Problems, field: &dyn Fn() -> String, t: &Text) {
    for (part, s) in [("zh", &t.zh), ("en", &t.en)] {
        if s.trim().is_empty() {
            p.add(|| {
                let f = format!("{}.{part}", field());
                (f.clone(), "the name is empty".into(), Spot::Value(f))
            });
        }
    }
}

fn check_ring(p: &mut Problems, field: &dyn Fn() -> String, o: &Outline) {
    if o.ring.len() < 3 {
        p.add(|| {
            (
                field(),
                format!("a polygon needs at least 3 points, found {}", o.ring.len()),
                Spot::Key(field()),
            )
        });
    }
    for (k, c) in o.ring.iter().enumerate() {
        check_point(p, &|| format!("{}[{k}]", field()), *c);
    }
}

/// A coordinate out of range; `at` names where the `(lon, lat)` pair is written.
fn check_point(p: &mut Problems, at: &dyn Fn() -> String, (lon, lat): LonLat) {
    let lon_ok = lon.is_finite() && (-180.0..=180.0).contains(&lon);
    let lat_ok = lat.is_finite() && (-90.0..=90.0).contains(&lat);
    if !(lon_ok && lat_ok) {
        // Point at the bad number itself.
        let which = if lon_ok { 1 } else { 0 };
        p.add(|| {
            let at = at();
            let message = format!(
                "({lon}, {lat}) is not a plausible (lon, lat): lon must be within ±180 and lat within ±90"
            );
            (at.clone(), message, Spot::Value(format!("{at}.{which}")))
        });
    }
}

/// Call `f` with every string in the dataset and a way to name its field path. The path is built
/// only when asked for (when a string is bad): building millions of paths would dominate loading a
/// large dataset.
fn each_text<'a>(d: &'a Dataset, which: Texts, f: &mut dyn FnMut(&dyn Fn() -> String, &'a str)) {
    let n = d.platforms.len();
    let (before, platforms, after) = match which {
        Texts::All => (true, 0..n, true),
        Texts::First(k) => (true, 0..k.min(n), false),
        Texts::Rest(k) => (false, k.min(n)..n, true),
    };
    if before {
        each_text_before(d, f);
    }
    for i in platforms {
        each_platform_text(i, &d.platforms[i], f);
    }
    if after {
        for (i, feat) in d.basemap.iter().enumerate() {
            both(f, &|| format!("basemap[{i}].name"), &feat.name);
            for (k, a) in feat.aliases.iter().enumerate() {
                both(f, &|| format!("basemap[{i}].aliases[{k}]"), a);
            }
        }
    }
}

/// A [`Text`]'s two strings, under `path`.
fn both<'a>(
    f: &mut dyn FnMut(&dyn Fn() -> String, &'a str),
    path: &dyn Fn() -> String,
    x: &'a Text,
) {
    f(&|| format!("{}.zh", path()), &x.zh);
    f(&|| format!("{}.en", path()), &x.en);
}

/// The texts before the platforms: the district's, the source's and the plan's.
fn each_text_before<'a>(d: &'a Dataset, f: &mut dyn FnMut(&dyn Fn() -> String, &'a str)) {
    let t = both;
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
}

/// The texts of platform `i`.
fn each_platform_text<'a>(
    i: usize,
    pf: &'a Platform,
    f: &mut dyn FnMut(&dyn Fn() -> String, &'a str),
) {
    let t = both;
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

#[cfg(test)]
mod tests {
    use super::*;

    fn listed(p: &Problems) -> Vec<(String, String, Spot)> {
        p.kept
            .iter()
            .map(|p| (p.field.clone(), p.message.clone(), p.spot.clone()))
            .collect()
    }

    #[test]
    fn a_large_dataset_checked_in_halves_has_the_problems_checked_in_one_go() {
        let clean = crate::dataset::synthetic::generate(TEXT_THREAD_FROM + 10);
        let half = clean.platforms.len() / 2;
        // A few problems, on either side of the halves' border and before and after the
        // platforms; then more than are kept, on both sides.
        let few: Vec<usize> = vec![3, half - 1, half, clean.platforms.len() - 1];
        let many: Vec<usize> = (0..30).chain(half..half + 30).collect();
        for marked in [few, many] {
            let mut d = clean.clone();
            d.district.name.zh = "拱墅\u{7}区".into();
            d.basemap[0].name.en = "Road\u{200B}".into();
            for &i in &marked {
                d.platforms[i].area_text.zh = format!("东至\u{1b}[31m{i}").into();
            }
            d.platforms[half].id = d.platforms[half - 1].id.clone();
            let split = validate(&d);
            let mut whole = check_structure(&d);
            whole.append(check_text(&d));
            assert_eq!(listed(&split), listed(&whole));
            assert_eq!(split.more, whole.more);
            assert!(!split.kept.is_empty());
        }
    }
}
