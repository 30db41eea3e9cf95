//! The district's layout in words: its extent, the main road and who lies on each side, the
//! platforms along the canal from south to north, the platforms by part of the district.

use super::geom::{Pt, centroid, line_distance, nearest_on_line};
use super::{
    CANAL_KM, Compass, Fact, Km, Sentence, estimate, line_of, region_of, round, spine, spine_side,
};
use crate::dataset::{Dataset, FeatureKind};

/// The district's layout: its extent, the main road and who lies on each side, the platforms
/// along the canal from south to north, the platforms by part of the district, and which
/// outlines are estimates.
pub fn describe_district(d: &Dataset) -> Vec<Sentence> {
    facts_of_district(d, &Km::new(d))
        .into_iter()
        .map(|f| Sentence::new(d, f))
        .collect()
}

fn facts_of_district(d: &Dataset, g: &Km) -> Vec<Fact> {
    let (w, s, e, n) = g.district;
    let mut facts = vec![Fact::District {
        north_south_km: round(n - s),
        west_east_km: round(e - w),
        platforms: d.platforms.len(),
    }];
    let usable: Vec<usize> = (0..d.platforms.len()).filter(|&i| g.usable(i)).collect();
    let rings: Vec<Vec<Pt>> = (0..d.platforms.len())
        .map(|i| if g.usable(i) { g.ring(i) } else { Vec::new() })
        .collect();
    if let Some(f) = spine(d)
        && let Some(road) = line_of(d, f)
    {
        let (mut north, mut south, mut along) = (Vec::new(), Vec::new(), Vec::new());
        for &i in &usable {
            match spine_side(&rings[i], &road).0 {
                None => along.push(i),
                Some(c) if c.components().1 > 0 => north.push(i),
                Some(c) if c.components().1 < 0 => south.push(i),
                Some(_) => along.push(i),
            }
        }
        facts.push(Fact::SpineSides {
            feature: f,
            north,
            south,
            along,
        });
    }
    // The longest canal, and the platforms it runs through or along, from south to north.
    let canal = (0..d.basemap.len())
        .filter(|&f| d.basemap[f].kind == FeatureKind::Canal)
        .filter_map(|f| line_of(d, f).map(|l| (f, l)))
        .max_by(|a, b| length(&a.1).total_cmp(&length(&b.1)));
    if let Some((f, mut line)) = canal {
        if line.first().map(|p| p.1) > line.last().map(|p| p.1) {
            line.reverse();
        }
        let mut along: Vec<(f64, usize)> = usable
            .iter()
            .filter(|&&i| line_distance(&rings[i], &line) <= CANAL_KM)
            .map(|&i| {
                let c = centroid(&rings[i]);
                (nearest_on_line(&line, c).1, i)
            })
            .collect();
        along.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        facts.push(Fact::Canal {
            feature: f,
            along: along.into_iter().map(|(_, i)| i).collect(),
        });
    }
    // By part of the district, read as a page: north to south, west to east in each row.
    let order: [Option<Compass>; 9] = [
        Some(Compass::NorthWest),
        Some(Compass::North),
        Some(Compass::NorthEast),
        Some(Compass::West),
        None,
        Some(Compass::East),
        Some(Compass::SouthWest),
        Some(Compass::South),
        Some(Compass::SouthEast),
    ];
    let regions: Vec<Option<Compass>> = usable
        .iter()
        .map(|&i| region_of(g.district, centroid(&rings[i])))
        .collect();
    for r in order {
        let platforms: Vec<usize> = usable
            .iter()
            .zip(&regions)
            .filter(|(_, x)| **x == r)
            .map(|(&i, _)| i)
            .collect();
        if !platforms.is_empty() {
            facts.push(Fact::Region {
                region: r,
                platforms,
            });
        }
    }
    let estimates: Vec<usize> = (0..d.platforms.len())
        .filter(|&i| estimate(d.platforms[i].outline.confidence))
        .collect();
    if !estimates.is_empty() {
        facts.push(Fact::Estimates {
            platforms: estimates,
        });
    }
    facts
}

fn length(line: &[Pt]) -> f64 {
    line.windows(2)
        .map(|w| ((w[1].0 - w[0].0).powi(2) + (w[1].1 - w[0].1).powi(2)).sqrt())
        .sum()
}
