//! A drawn buffer read back as text, as the terminal would show it.

use ratatui::buffer::Buffer;

/// The buffer as text, one line per row; the cell hidden behind a wide character is skipped, so
/// the text reads as the terminal shows it.
pub fn text(buf: &Buffer) -> String {
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut skip = 0;
        for x in 0..buf.area.width {
            let cell = &buf[(x, y)];
            if skip == 0 {
                out.push_str(cell.symbol());
                skip = gongshu::text::width(cell.symbol()).saturating_sub(1);
            } else {
                skip -= 1;
            }
        }
        out.push('\n');
    }
    out
}
