//! `gongshu export --format geojson`: an RFC 7946 FeatureCollection map tools open. Read back as
//! JSON and held to the RFC (closed rings of four positions or more, exterior rings
//! counter-clockwise, [longitude, latitude] in range) and to the dataset (ten platforms with
//! their properties, every coordinate value unchanged); bad option mixes and unwritable paths
//! fail cleanly.

use std::process::Command;

use crate::helpers::temp::TempDir;
use serde_json::Value;

fn gongshu(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_gongshu"))
        .args(args)
        .env("XDG_CONFIG_HOME", "/nonexistent")
        .output()
        .expect("runs")
}

fn tempdir(name: &str) -> TempDir {
    TempDir::named(&format!("geojson-{name}"))
}

fn export() -> Value {
    let dir = tempdir("ok");
    let path = dir.join("atlas.geojson");
    let o = gongshu(&[
        "export",
        "--format",
        "geojson",
        "--out",
        path.to_str().unwrap(),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&o.stdout).trim(),
        path.to_str().unwrap()
    );
    let text = std::fs::read_to_string(&path).unwrap();
    // Nothing but the file: no temporary left beside it.
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
    serde_json::from_str(&text).expect("valid JSON")
}

fn position(p: &Value) -> (f64, f64) {
    let a = p.as_array().expect("a position is an array");
    assert_eq!(a.len(), 2, "[longitude, latitude], no altitude: {p}");
    let (lon, lat) = (a[0].as_f64().unwrap(), a[1].as_f64().unwrap());
    assert!((-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat));
    // Longitude first: Hangzhou is at about 120°E, 30°N.
    assert!(lon > 100.0 && lat < 40.0, "{p}");
    (lon, lat)
}

/// Twice the signed area, positive counter-clockwise.
fn signed_area(ring: &[(f64, f64)]) -> f64 {
    ring.windows(2)
        .map(|w| w[0].0 * w[1].1 - w[1].0 * w[0].1)
        .sum()
}

/// A Polygon's rings, checked: each closed with four positions or more, the first (exterior)
/// counter-clockwise and any others (holes) clockwise.
fn rings(geometry: &Value) -> Vec<Vec<(f64, f64)>> {
    assert_eq!(geometry["type"], "Polygon");
    let rings: Vec<Vec<(f64, f64)>> = geometry["coordinates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_array().unwrap().iter().map(position).collect())
        .collect();
    assert!(!rings.is_empty());
    for (k, r) in rings.iter().enumerate() {
        assert!(r.len() >= 4, "a linear ring has four positions or more");
        assert_eq!(r.first(), r.last(), "a ring is closed");
        if k == 0 {
            assert!(
                signed_area(r) > 0.0,
                "the exterior ring is counter-clockwise"
            );
        } else {
            assert!(signed_area(r) < 0.0, "a hole is clockwise");
        }
    }
    rings
}

/// The same points, as a set: the ring may be reversed or start elsewhere, but no value moves.
fn same_points(ring: &[(f64, f64)], dataset: &[(f64, f64)]) {
    let open = &ring[..ring.len() - 1];
    // The dataset may close a ring itself; the export closes it once.
    let dataset = match dataset {
        [first, .., last] if first == last => &dataset[..dataset.len() - 1],
        _ => dataset,
    };
    assert_eq!(open.len(), dataset.len());
    for p in dataset {
        assert!(open.contains(p), "{p:?} is not written as it is");
    }
}

#[test]
fn the_export_is_an_rfc_7946_feature_collection_of_the_atlas() {
    let d = gongshu::dataset::embedded();
    let v = export();
    assert_eq!(v["type"], "FeatureCollection");
    // RFC 7946 removed `crs`: WGS84 is the only reference system.
    assert!(v.get("crs").is_none());
    let features = v["features"].as_array().unwrap();
    for f in features {
        assert_eq!(f["type"], "Feature");
        assert!(
            f["properties"].is_object() && f["geometry"].is_object(),
            "{f}"
        );
    }
    let layer = |name: &str| -> Vec<&Value> {
        features
            .iter()
            .filter(|f| f["properties"]["layer"] == name)
            .collect()
    };

    let district = layer("district");
    assert_eq!(district.len(), 1);
    let r = rings(&district[0]["geometry"]);
    same_points(&r[0], &d.district.outline.ring);
    assert_eq!(district[0]["properties"]["name_zh"], "拱墅区");

    let platforms = layer("platform");
    assert_eq!(platforms.len(), 10);
    for (f, p) in platforms.iter().zip(&d.platforms) {
        let props = &f["properties"];
        assert_eq!(props["number"], p.number);
        assert_eq!(props["id"], p.id.as_str());
        assert_eq!(props["name_zh"], p.name.zh.as_str());
        assert_eq!(props["name_en"], p.name.en.as_str());
        assert_eq!(props["kind_zh"], p.kind_label().zh.as_str());
        assert_eq!(props["kind_en"], p.kind_label().en.as_str());
        let key: Vec<&str> = p.key_industries().map(|i| i.zh.as_str()).collect();
        assert_eq!(props["key_industries_zh"], serde_json::json!(key));
        let key: Vec<&str> = p.key_industries().map(|i| i.en.as_str()).collect();
        assert_eq!(props["key_industries_en"], serde_json::json!(key));
        let estimated = p.outline.confidence == gongshu::dataset::Confidence::Estimate;
        assert_eq!(props["estimated"], estimated);
        assert!(props["confidence"].is_string());
        let r = rings(&f["geometry"]);
        assert_eq!(r.len(), 1);
        same_points(&r[0], &p.outline.ring);
    }
    // Estimated outlines are there and say so.
    assert!(
        platforms
            .iter()
            .any(|f| f["properties"]["estimated"] == true)
    );

    let basemap = layer("basemap");
    assert_eq!(basemap.len(), d.basemap.len());
    for (f, b) in basemap.iter().zip(&d.basemap) {
        assert_eq!(f["properties"]["name_zh"], b.name.zh.as_str());
        let g = &f["geometry"];
        match &b.geometry {
            gongshu::dataset::Geometry::Line(points) => {
                assert_eq!(g["type"], "LineString");
                let line: Vec<(f64, f64)> = g["coordinates"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(position)
                    .collect();
                assert!(line.len() >= 2);
                assert_eq!(&line, points, "a line's points, in order, unchanged");
            }
            gongshu::dataset::Geometry::Point(p) => {
                assert_eq!(g["type"], "Point");
                assert_eq!(position(&g["coordinates"]), *p);
            }
        }
    }
    assert!(
        basemap
            .iter()
            .any(|f| f["geometry"]["type"] == "LineString")
    );
    assert_eq!(features.len(), 1 + 10 + d.basemap.len());
}

#[test]
fn picture_options_and_unwritable_paths_are_errors() {
    let dir = tempdir("bad");
    let out = dir.join("a.geojson");
    let out = out.to_str().unwrap();
    for extra in [
        &["--screen", "map"][..],
        &["--select", "6"],
        &["--spotlight", "金融"],
        &["--style", "fill"],
    ] {
        let mut args = vec!["export", "--format", "geojson", "--out", out];
        args.extend_from_slice(extra);
        let o = gongshu(&args);
        assert_eq!(o.status.code(), Some(2), "{extra:?}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(err.lines().count(), 1, "{err}");
    }
    assert_eq!(
        std::fs::read_dir(&dir).unwrap().count(),
        0,
        "nothing written"
    );
    // A path under a regular file cannot be created.
    let blocker = dir.join("file");
    std::fs::write(&blocker, "x").unwrap();
    let under = blocker.join("a.geojson");
    let o = gongshu(&[
        "export",
        "--format",
        "geojson",
        "--out",
        under.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("cannot write") && err.lines().count() == 1,
        "{err}"
    );
}
