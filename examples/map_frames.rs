//! The atlas's map at scale, without a terminal: what each kind of frame costs the map.
//!
//! cargo run --release --example map_frames -- [FILE | N] [--size 70x37] [--reps 30] [--no-whole]
//!
//! Loads FILE through the cache as the atlas does (or generates N synthetic platforms, 100,000 by
//! default), then draws the map pane's grid (70x37 is the map inside a 120x40 atlas) and prints
//! the median and the minimum of each, in ms: the whole map drawn every frame (the path a small
//! dataset takes, and every frame took before the map was drawn per view), a view's first
//! drawing, a selection move over a kept drawing, a pan by a cell and a zoom (each a new view).
//! The minimum is the figure least moved by other work on the machine. `--no-whole` leaves out
//! the first (slow) row, to profile the others.

use std::time::{Duration, Instant};

use gongshu::map::{self, Frames, MapOptions, MapStyle, Viewport};

fn main() {
    let mut args = std::env::args().skip(1);
    let mut source = "100000".to_string();
    let (mut w, mut h) = (70u16, 37u16);
    let mut reps = 30usize;
    let mut whole = true;
    let usage = || -> ! {
        eprintln!("usage: map_frames [FILE | N] [--size COLSxROWS] [--reps N] [--no-whole]");
        std::process::exit(2)
    };
    while let Some(a) = args.next() {
        match a.as_str() {
            "--size" => {
                let s = args.next().unwrap_or_else(|| usage());
                let (c, r) = s.split_once('x').unwrap_or_else(|| usage());
                w = c.parse().unwrap_or_else(|_| usage());
                h = r.parse().unwrap_or_else(|_| usage());
            }
            "--reps" => {
                reps = args
                    .next()
                    .and_then(|n| n.parse().ok())
                    .unwrap_or_else(|| usage())
            }
            "--no-whole" => whole = false,
            s if s.starts_with('-') => usage(),
            s => source = s.to_string(),
        }
    }
    let (d, facts) = match source.parse::<usize>() {
        Ok(n) => {
            let d = gongshu::dataset::synthetic::generate(n);
            let f = map::Facts::new(&d);
            (d, f)
        }
        Err(_) => {
            let loaded = gongshu::cache::load_file(std::path::Path::new(&source), true)
                .unwrap_or_else(|e| {
                    eprintln!("{source}: {e}");
                    std::process::exit(2)
                });
            let (d, _, facts) = loaded.into_parts();
            let f = facts.unwrap_or_else(|| map::Facts::new(&d));
            (d, f)
        }
    };
    let n = d.platforms.len();
    let home = Viewport::fit_district(&d, w, h);
    let opts = |selected: usize| MapOptions {
        style: MapStyle::Fill,
        selected: Some(selected % n.max(1)),
        legend: true,
        ..Default::default()
    };
    let time = |f: &mut dyn FnMut(usize)| -> (f64, f64) {
        let mut t: Vec<Duration> = (0..reps)
            .map(|r| {
                let s = Instant::now();
                f(r);
                s.elapsed()
            })
            .collect();
        t.sort();
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        (ms(t[t.len() / 2]), ms(t[0]))
    };
    println!("{n} platforms, map {w}x{h}, fill style, {reps} reps; ms (median, min)");
    let row = |name: &str, (med, min): (f64, f64)| println!("{name:<34} {med:>8.2} {min:>8.2}");
    if whole {
        row(
            "whole map every frame",
            time(&mut |r| {
                map::render_with(&d, &facts, &home, w, h, &opts(r));
            }),
        );
    }
    row(
        "a view's first drawing",
        time(&mut |r| {
            map::render_cached(&Frames::default(), &d, &facts, &home, w, h, &opts(r));
        }),
    );
    let frames = Frames::default();
    map::render_cached(&frames, &d, &facts, &home, w, h, &opts(0));
    row(
        "selection move (view kept)",
        time(&mut |r| {
            map::render_cached(&frames, &d, &facts, &home, w, h, &opts(r + 1));
        }),
    );
    row(
        "pan a cell (new view)",
        time(&mut |r| {
            let vp = home.pan(if r % 2 == 0 { 1 } else { 0 }, 0);
            map::render_cached(&frames, &d, &facts, &vp, w, h, &opts(0));
        }),
    );
    for z in [2.0, 8.0] {
        row(
            &format!("zoom x{z} (new view)"),
            time(&mut |r| {
                let vp = home.zoom(if r % 2 == 0 { z } else { z * 1.25 });
                map::render_cached(&frames, &d, &facts, &vp, w, h, &opts(0));
            }),
        );
    }
}
