//! The atlas's geometry as GeoJSON (RFC 7946), for map tools (QGIS, geojson.io, kepler.gl): one
//! FeatureCollection of the district outline, every platform and the basemap, each feature saying
//! which `layer` it belongs to.
//!
//! Coordinates are the dataset's own WGS84 (longitude, latitude) values, written unchanged: no
//! datum shift, no rounding (each number prints as the shortest text that reads back as the same
//! value). They are approximate (see each feature's `confidence`), and they are not GCJ-02: laid
//! over a Chinese web map, which uses GCJ-02, they sit a few hundred metres off. Rings are closed,
//! and put counter-clockwise where the dataset lists them clockwise, as RFC 7946 asks of exterior
//! rings (the dataset's outlines have no holes).

use serde_json::{Map, Value, json};

use crate::dataset::{Confidence, Dataset, FeatureKind, Geometry, LonLat, Text};
use crate::words::Word;

/// The FeatureCollection as JSON text: `type` first, then one feature a line (its `type`,
/// `properties`, `geometry`), so a diff of two exports reads feature by feature.
pub fn geojson(d: &Dataset) -> String {
    let features: Vec<String> = features(d)
        .into_iter()
        .map(|(properties, geometry)| {
            format!(
                r#"{{"type":"Feature","properties":{},"geometry":{}}}"#,
                Value::Object(properties),
                geometry
            )
        })
        .collect();
    format!(
        "{{\"type\":\"FeatureCollection\",\"features\":[\n{}\n]}}\n",
        features.join(",\n")
    )
}

/// Every feature's properties and geometry: the district first, then the platforms as the
/// dataset lists them, then the basemap.
fn features(d: &Dataset) -> Vec<(Map<String, Value>, Value)> {
    let mut features = Vec::with_capacity(1 + d.platforms.len() + d.basemap.len());
    let dist = &d.district;
    let mut props = Map::new();
    props.insert("layer".into(), "district".into());
    names(&mut props, "name", &dist.name);
    names(&mut props, "city", &dist.city);
    props.insert("confidence".into(), confidence(dist.outline.confidence));
    let (zh, en) = Word::NoteEra2.zh_en();
    props.insert("note_zh".into(), zh.into());
    props.insert("note_en".into(), en.into());
    features.push((props, polygon(&dist.outline.ring)));

    for p in &d.platforms {
        let mut props = Map::new();
        props.insert("layer".into(), "platform".into());
        props.insert("number".into(), p.number.into());
        props.insert("id".into(), p.id.as_str().into());
        names(&mut props, "name", &p.name);
        names(&mut props, "kind", &p.kind_label());
        props.insert("kind_from_article".into(), p.kind_is_written().into());
        let key: Vec<_> = p.key_industries().collect();
        props.insert(
            "key_industries_zh".into(),
            key.iter()
                .map(|i| i.zh.to_string())
                .collect::<Vec<_>>()
                .into(),
        );
        props.insert(
            "key_industries_en".into(),
            key.iter()
                .map(|i| i.en.to_string())
                .collect::<Vec<_>>()
                .into(),
        );
        props.insert("confidence".into(), confidence(p.outline.confidence));
        props.insert(
            "estimated".into(),
            (p.outline.confidence == Confidence::Estimate).into(),
        );
        features.push((props, polygon(&p.outline.ring)));
    }

    for f in &d.basemap {
        let mut props = Map::new();
        props.insert("layer".into(), "basemap".into());
        props.insert("kind".into(), feature_kind(f.kind).into());
        names(&mut props, "name", &f.name);
        props.insert("confidence".into(), confidence(f.confidence));
        let geometry = match &f.geometry {
            Geometry::Line(points) => json!({
                "type": "LineString",
                "coordinates": points.iter().map(|&p| position(p)).collect::<Vec<_>>(),
            }),
            Geometry::Point(p) => json!({ "type": "Point", "coordinates": position(*p) }),
        };
        features.push((props, geometry));
    }
    features
}

/// `name_zh` and `name_en` (for `key` "name").
fn names(props: &mut Map<String, Value>, key: &str, t: &Text) {
    props.insert(format!("{key}_zh"), t.zh.as_str().into());
    props.insert(format!("{key}_en"), t.en.as_str().into());
}

fn confidence(c: Confidence) -> Value {
    match c {
        Confidence::Sourced => "sourced",
        Confidence::Derived => "derived",
        Confidence::Estimate => "estimate",
    }
    .into()
}

fn feature_kind(k: FeatureKind) -> &'static str {
    match k {
        FeatureKind::Road => "road",
        FeatureKind::River => "river",
        FeatureKind::Canal => "canal",
        FeatureKind::Rail => "rail",
        FeatureKind::Landmark => "landmark",
    }
}

fn position((lon, lat): LonLat) -> Value {
    json!([lon, lat])
}

/// A Polygon of one exterior ring: closed (the first point repeated at the end) and
/// counter-clockwise, the dataset's points otherwise as they are.
fn polygon(ring: &[LonLat]) -> Value {
    let ring = exterior(ring);
    json!({
        "type": "Polygon",
        "coordinates": [ring.into_iter().map(position).collect::<Vec<_>>()],
    })
}

/// `ring` closed and counter-clockwise (positive area in lon/lat, x east and y north).
pub fn exterior(ring: &[LonLat]) -> Vec<LonLat> {
    let mut out: Vec<LonLat> = ring.to_vec();
    if out.len() > 1 && out.first() == out.last() {
        out.pop();
    }
    if signed_area(&out) < 0.0 {
        out.reverse();
    }
    if let Some(&first) = out.first() {
        out.push(first);
    }
    out
}

/// Twice the signed area of a ring (shoelace), positive when counter-clockwise. A closing point
/// equal to the first adds nothing.
pub fn signed_area(ring: &[LonLat]) -> f64 {
    let n = ring.len();
    (0..n)
        .map(|i| {
            let (x1, y1) = ring[i];
            let (x2, y2) = ring[(i + 1) % n];
            x1 * y2 - x2 * y1
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rings_are_closed_and_counter_clockwise_whatever_the_input() {
        let ccw = [(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0)];
        let cw: Vec<LonLat> = ccw.iter().rev().copied().collect();
        for ring in [ccw.to_vec(), cw.clone(), [cw.clone(), vec![cw[0]]].concat()] {
            let out = exterior(&ring);
            assert_eq!(out.first(), out.last());
            assert_eq!(out.len(), 5, "{out:?}");
            assert!(signed_area(&out) > 0.0, "{out:?}");
            // The same points, none moved.
            for p in &ring {
                assert!(out.contains(p));
            }
        }
    }

    #[test]
    fn coordinates_print_as_the_dataset_has_them() {
        let d = crate::dataset::embedded();
        let text = geojson(&d);
        let (lon, lat) = d.district.outline.ring[0];
        assert!(text.contains(&format!("{lon}")) && text.contains(&format!("{lat}")));
        let v: Value = serde_json::from_str(&text).unwrap();
        let first = &v["features"][0]["geometry"]["coordinates"][0];
        let all: Vec<(f64, f64)> = first
            .as_array()
            .unwrap()
            .iter()
            .map(|p| (p[0].as_f64().unwrap(), p[1].as_f64().unwrap()))
            .collect();
        for p in &d.district.outline.ring {
            assert!(all.contains(p), "{p:?} changed");
        }
    }
}
