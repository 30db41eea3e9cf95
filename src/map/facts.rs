//! What the map works out from the whole dataset, once per dataset rather than once per frame:
//! each platform's palette slot (which compares neighbouring outlines) and how many platforms name
//! each basemap feature as a boundary. At 100,000 platforms these take a second; a frame cannot.
//! Whoever draws a dataset many times (the atlas, the briefing) keeps its [`Facts`] and draws with
//! [`super::render_with`].

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::dataset::{Area, Dataset};

/// Serializable, so the cache of a large dataset keeps them too.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Facts {
    /// Palette slot of each platform ([`super::fill::palette_slots`]).
    pub(crate) slots: Vec<u8>,
    /// By a feature's Chinese name: how many platforms name it (or an alias of it) as a boundary,
    /// or mention it in their location.
    pub(crate) mentions: FxHashMap<String, usize>,
    /// By a feature's Chinese name: the platforms whose boundary lists name it (or an alias).
    pub(crate) bounded_by: FxHashMap<String, Vec<usize>>,
    /// Each platform's outline's bounding box in degrees (lon0, lat0, lon1, lat1), worked out
    /// when a large dataset's map is first drawn (`super::scale`) and shared by every session
    /// drawing it; not kept in the cache.
    #[serde(skip)]
    pub(crate) bounds: std::sync::OnceLock<Vec<(f64, f64, f64, f64)>>,
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
    let mut bounded_by: FxHashMap<String, Vec<usize>> = FxHashMap::default();
    let mut named: Vec<&str> = Vec::new();
    for (i, p) in d.platforms.iter().enumerate() {
        named.clear();
        match &p.area {
            Area::Bounded { .. } => {
                for n in p.area.boundary_names() {
                    named.extend(by_name.get(n.as_str()).into_iter().flatten());
                }
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
            if matches!(p.area, Area::Bounded { .. }) {
                bounded_by.entry(f.to_string()).or_default().push(i);
            }
        }
    }
    Facts {
        slots: super::fill::palette_slots(d),
        mentions,
        bounded_by,
        bounds: std::sync::OnceLock::new(),
    }
}
