//! Map rendering time: the shipped dataset at a common and a huge size, and a synthetic dataset of
//! 10,000 platforms.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use gongshu::dataset;
use gongshu::map::{MapOptions, MapStyle, Viewport, render};

fn bench(c: &mut Criterion) {
    let opts = MapOptions {
        legend: true,
        boundaries: false,
        selected: Some(0),
        ..Default::default()
    };
    let shipped = dataset::embedded();
    let synthetic = dataset::synthetic::generate(10_000);
    for (name, d, w, h) in [
        ("shipped 120x40", &shipped, 120, 40),
        ("shipped 400x200", &shipped, 400, 200),
        ("synthetic 10k 120x40", &synthetic, 120, 40),
    ] {
        let vp = Viewport::fit_district(d, w, h);
        c.bench_function(name, |b| {
            b.iter(|| render(black_box(d), black_box(&vp), w, h, black_box(&opts)))
        });
    }
}

/// The fill style against ASCII in the same run, at a common and a huge size.
fn styles(c: &mut Criterion) {
    let shipped = dataset::embedded();
    for (w, h) in [(120, 40), (400, 200)] {
        let vp = Viewport::fit_district(&shipped, w, h);
        for style in [MapStyle::Ascii, MapStyle::Fill] {
            let opts = MapOptions {
                style,
                legend: true,
                boundaries: false,
                selected: Some(0),
                ..Default::default()
            };
            c.bench_function(&format!("{} {w}x{h}", style.name()), |b| {
                b.iter(|| render(black_box(&shipped), black_box(&vp), w, h, black_box(&opts)))
            });
        }
    }
}

criterion_group!(benches, bench, styles);
criterion_main!(benches);
