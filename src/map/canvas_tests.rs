//! The canvas's own tests: line glyphs, clipping and wide text at the edge.

use super::*;

fn row(c: &Canvas, y: usize) -> String {
    c.sym[y * c.w..(y + 1) * c.w].iter().collect()
}

#[test]
fn ascii_roads_follow_their_direction() {
    let mut c = Canvas::new(10, 5, MapStyle::Ascii);
    c.polyline(&[(0.5, 0.5), (9.5, 0.5)], LineKind::Road, Role::Road);
    c.polyline(&[(0.5, 1.5), (0.5, 4.5)], LineKind::Road, Role::Road);
    c.polyline(&[(2.5, 4.5), (8.5, 1.5)], LineKind::Road, Role::Road);
    assert_eq!(row(&c, 0), "----------");
    assert!(row(&c, 2).starts_with('|'));
    assert!(row(&c, 3).contains('/'), "{}", row(&c, 3));
}

#[test]
fn unicode_lines_join_at_corners() {
    let mut c = Canvas::new(5, 3, MapStyle::Unicode);
    c.polyline(
        &[(0.5, 0.5), (4.5, 0.5), (4.5, 2.5)],
        LineKind::Outline,
        Role::Outline,
    );
    assert_eq!(row(&c, 0), "────╮");
    assert_eq!(row(&c, 1), "    │");
}

#[test]
fn clipping_bounds_the_work_of_huge_segments() {
    let mut c = Canvas::new(4, 4, MapStyle::Unicode);
    c.polyline(&[(-1e12, 2.5), (1e12, 2.5)], LineKind::Canal, Role::Canal);
    assert_eq!(row(&c, 2), "════");
    assert!(clip((-5.0, -5.0), (-4.0, -9.0), 4.0, 4.0).is_none());
}

#[test]
fn text_never_splits_a_wide_character_at_the_edge() {
    let mut c = Canvas::new(5, 1, MapStyle::Ascii);
    c.text(0, 0, "a运河", Role::Label, true);
    assert_eq!(c.sym, vec!['a', '运', WIDE_TAIL, '河', WIDE_TAIL]);
    let mut c = Canvas::new(4, 1, MapStyle::Ascii);
    c.text(0, 0, "a运河", Role::Label, true);
    assert_eq!(c.sym, vec!['a', '运', WIDE_TAIL, ' ']);
}
