//! A synthetic dataset of any size in the shipped schema, for benchmarks and scale tests.
//!
//! Platforms reuse the shipped dataset's industries, roads and text in deterministic shuffles, so
//! search and map work on realistic strings; names and ids are numbered to stay unique.

use super::schema::{Confidence, Dataset, Industry, Kind, Outline, Platform, Text};

/// A tiny deterministic PRNG (xorshift64*), so every run generates the same data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// A dataset like the shipped one, with `n` platforms tiled over the district's bounding box.
pub fn generate(n: usize) -> Dataset {
    let base = super::embedded();
    let pool: Vec<Industry> = base
        .platforms
        .iter()
        .flat_map(|p| p.industries.clone())
        .collect();
    let (min_lon, min_lat, max_lon, max_lat) = bounds(&base.district.outline.ring);
    let cols = (n as f64).sqrt().ceil().max(1.0) as usize;
    let rows = n.div_ceil(cols).max(1);
    let (dx, dy) = (
        (max_lon - min_lon) / cols as f64,
        (max_lat - min_lat) / rows as f64,
    );
    let kinds = [
        Kind::Town,
        Kind::IndustrialPark,
        Kind::SoftwarePark,
        Kind::Cluster,
    ];
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);

    let platforms = (0..n)
        .map(|i| {
            let template = &base.platforms[i % base.platforms.len()];
            let industries: Vec<Industry> = (0..2 + rng.below(4))
                .map(|_| pool[rng.below(pool.len())].clone())
                .collect();
            let (c, r) = ((i % cols) as f64, (i / cols) as f64);
            let (x0, y0) = (min_lon + c * dx, min_lat + r * dy);
            let number = i as u32 + 1;
            Platform {
                id: format!("synthetic-{number}"),
                number,
                name: Text {
                    zh: format!("{}{number}", template.name.zh).into(),
                    en: format!("{} {number}", template.name.en).into(),
                },
                other_names: Vec::new(),
                kind: kinds[rng.below(kinds.len())],
                kind_as_written: None,
                area: template.area.clone(),
                area_text: template.area_text.clone(),
                industries_text: Text {
                    zh: industries
                        .iter()
                        .map(|x| x.zh.as_str())
                        .collect::<Vec<_>>()
                        .join("、")
                        .into(),
                    en: industries
                        .iter()
                        .map(|x| x.en.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                        .into(),
                },
                industries,
                outline: Outline {
                    confidence: Confidence::Estimate,
                    ring: vec![
                        (x0 + dx * 0.1, y0 + dy * 0.1),
                        (x0 + dx * 0.9, y0 + dy * 0.1),
                        (x0 + dx * 0.9, y0 + dy * 0.9),
                        (x0 + dx * 0.1, y0 + dy * 0.9),
                    ],
                },
            }
        })
        .collect();
    Dataset { platforms, ..base }
}

/// The dataset as RON text, as a person would find it in a file.
pub fn to_ron(d: &Dataset) -> String {
    let config = ron::ser::PrettyConfig::new().indentor("  ".to_string());
    ron::ser::to_string_pretty(d, config).expect("a dataset always serialises")
}

fn bounds(ring: &[(f64, f64)]) -> (f64, f64, f64, f64) {
    ring.iter().fold(
        (f64::MAX, f64::MAX, f64::MIN, f64::MIN),
        |(a, b, c, d), &(x, y)| (a.min(x), b.min(y), c.max(x), d.max(y)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synthetic_round_trips_through_the_loader() {
        let d = generate(50);
        let text = to_ron(&d);
        let back = crate::dataset::parse("synthetic.ron", &text).expect("valid");
        assert_eq!(back.platforms.len(), 50);
        assert_eq!(back.platforms[49].id, "synthetic-50");
    }
}
