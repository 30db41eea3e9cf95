//! Plane geometry in screen cells: point in polygon, areas, distances and scanning a polygon's
//! cells.

/// Whether `pt` is inside the polygon `ring` (even-odd rule).
pub(crate) fn contains(ring: &[(f64, f64)], pt: (f64, f64)) -> bool {
    let mut inside = false;
    let n = ring.len();
    for i in 0..n {
        let (a, b) = (ring[i], ring[(i + 1) % n]);
        if (a.1 > pt.1) != (b.1 > pt.1) {
            let x = a.0 + (pt.1 - a.1) / (b.1 - a.1) * (b.0 - a.0);
            if pt.0 < x {
                inside = !inside;
            }
        }
    }
    inside
}

/// The polygon's area in screen units, for ordering by size.
pub(crate) fn area(ring: &[(f64, f64)]) -> f64 {
    let n = ring.len();
    (0..n)
        .map(|i| {
            let (a, b) = (ring[i], ring[(i + 1) % n]);
            a.0 * b.1 - b.0 * a.1
        })
        .sum::<f64>()
        .abs()
        / 2.0
}

/// Distance from `p` to the segment from `a` to `b`.
pub(crate) fn segment_distance(p: (f64, f64), a: (f64, f64), b: (f64, f64)) -> f64 {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let len2 = dx * dx + dy * dy;
    let t = if len2 > 0.0 {
        (((p.0 - a.0) * dx + (p.1 - a.1) * dy) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let (qx, qy) = (a.0 + dx * t - p.0, a.1 + dy * t - p.1);
    (qx * qx + qy * qy).sqrt()
}

/// Distance from `pt` to the ring's edges, positive inside and negative outside, measured so that
/// a row counts as two columns (what the eye sees).
pub(crate) fn signed_distance(ring: &[(f64, f64)], pt: (f64, f64)) -> f64 {
    let p = (pt.0, pt.1 * 2.0);
    let n = ring.len();
    let mut best = f64::INFINITY;
    for i in 0..n {
        let (a, b) = (ring[i], ring[(i + 1) % n]);
        let (a, b) = ((a.0, a.1 * 2.0), (b.0, b.1 * 2.0));
        best = best.min(segment_distance(p, a, b));
    }
    if contains(ring, pt) { best } else { -best }
}

/// The bounding box of a ring in screen cells.
pub(crate) fn bbox(ring: &[(f64, f64)]) -> (f64, f64, f64, f64) {
    ring.iter().fold(
        (f64::MAX, f64::MAX, f64::MIN, f64::MIN),
        |(a, b, c, d), &(x, y)| (a.min(x), b.min(y), c.max(x), d.max(y)),
    )
}

/// The cells whose centre lies inside `ring`, grown by a cell all round (so lines that run along
/// the edge are kept whole).
pub(crate) fn area_mask(w: usize, h: usize, ring: &[(f64, f64)]) -> Vec<bool> {
    rings_mask(w, h, [ring])
}

/// The cells whose centre lies inside any of `rings`, grown as [`area_mask`] grows them.
pub(crate) fn rings_mask<'a>(
    w: usize,
    h: usize,
    rings: impl IntoIterator<Item = &'a [(f64, f64)]>,
) -> Vec<bool> {
    let mut inside = vec![false; w * h];
    for ring in rings {
        scan(w, h, ring, |c, r| inside[r * w + c] = true);
    }
    let mut grown = inside.clone();
    for r in 0..h {
        for c in 0..w {
            if inside[r * w + c] {
                for (dc, dr) in [(-1, 0), (1, 0), (0, -1), (0, 1), (-2, 0), (2, 0)] {
                    let (x, y) = (c as i64 + dc, r as i64 + dr);
                    if x >= 0 && y >= 0 && (x as usize) < w && (y as usize) < h {
                        grown[y as usize * w + x as usize] = true;
                    }
                }
            }
        }
    }
    grown
}

/// Call `f(column, row)` for every cell of a `w` x `h` grid whose centre lies inside `ring`.
pub(crate) fn scan(w: usize, h: usize, ring: &[(f64, f64)], mut f: impl FnMut(usize, usize)) {
    let (_, y0, _, y1) = bbox(ring);
    if !(y0.is_finite() && y1.is_finite()) {
        return;
    }
    let (r0, r1) = (y0.floor().max(0.0) as i64, y1.ceil().min(h as f64) as i64);
    let n = ring.len();
    let mut xs = Vec::new();
    for r in r0..r1 {
        let y = r as f64 + 0.5;
        xs.clear();
        for i in 0..n {
            let (a, b) = (ring[i], ring[(i + 1) % n]);
            if (a.1 > y) != (b.1 > y) {
                xs.push(a.0 + (y - a.1) / (b.1 - a.1) * (b.0 - a.0));
            }
        }
        xs.sort_by(f64::total_cmp);
        for pair in xs.chunks_exact(2) {
            // Cells whose centre lies in [pair[0], pair[1]).
            let c0 = (pair[0] - 0.5).ceil().max(0.0);
            let c1 = (pair[1] - 0.5).ceil().min(w as f64);
            for c in c0 as i64..c1 as i64 {
                f(c as usize, r as usize);
            }
        }
    }
}
