//! What the map works out from the whole dataset, once per dataset rather than once per frame:
//! each platform's palette slot (which compares neighbouring outlines) and how many platforms name
//! each basemap feature as a boundary. At 100,000 platforms these take a second; a frame cannot.
//! Whoever draws a dataset many times (the atlas, the briefing) keeps its [`Facts`] and draws with
//! [`super::render_with`].

use rustc_hash::{FxHashMap, FxHashSet};

use crate::dataset::{Area, Dataset};

pub struct Facts {
    /// Palette slot of each platform ([`super::fill::palette_slots`]).
    pub(crate) slots: Vec<u8>,
    /// By a feature's Chinese name: how many platforms name it (or an alias of it) as a boundary,
    /// or mention it in their location.
    pub(crate) mentions: FxHashMap<String, usize>,
    /// Features some platform's boundary list names.
    pub(crate) bounding: FxHashSet<String>,
}

impl Facts {
    pub fn new(d: &Dataset) -> Facts {
        compute(d)
    }
}

fn compute(d: &Dataset) -> Facts {
    // Every name of every feature, to the features it names.
    let mut by_name: FxHashMap<&str, Vec<&str>> = FxHashMap::default();
    for f in &d.basemap {
        for n in std::iter::once(&f.name.zh).chain(f.aliases.iter().map(|a| &a.zh)) {
            by_name.entry(n.as_str()).or_default().push(&f.name.zh);
        }
    }
    let mut mentions: FxHashMap<String, usize> = FxHashMap::default();
    let mut bounding = FxHashSet::default();
    let mut named: Vec<&str> = Vec::new();
    for p in &d.platforms {
        named.clear();
        match &p.area {
            Area::Bounded { .. } => {
                for n in p.area.boundary_names() {
                    named.extend(by_name.get(n.as_str()).into_iter().flatten());
                }
                bounding.extend(named.iter().map(|s| s.to_string()));
            }
            Area::Located => {
                for (n, features) in &by_name {
                    if p.area_text.zh.contains(n) {
                        named.extend(features);
                    }
                }
            }
        }
        named.sort_unstable();
        named.dedup();
        for f in &named {
            *mentions.entry(f.to_string()).or_default() += 1;
        }
    }
    Facts {
        slots: super::fill::palette_slots(d),
        mentions,
        bounding,
    }
}
