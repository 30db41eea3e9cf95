//! Where the last frame put each region of the atlas: written by the view as it draws, read by
//! the model for mouse hit-testing and map-sized actions.

use ratatui::layout::Rect;

use crate::map::Viewport;

/// Where the last frame put each region, for mouse hit-testing and map-sized actions.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Regions {
    pub list: Rect,
    pub list_offset: usize,
    pub detail: Rect,
    pub map: Rect,
    /// The map's inside as it is with no search line open: what the map is fitted to, so the
    /// search line never rescales it.
    pub map_fit: Rect,
    /// The viewport the map was last drawn with.
    pub map_view: Option<Viewport>,
    pub industries: Rect,
    pub industries_offset: usize,
    /// How far the detail and plan text can scroll, so scrolling stops at the end.
    pub detail_max_scroll: u16,
    pub plan_max_scroll: u16,
    /// The plan's line where each numbered section starts.
    pub plan_sections: [u16; 4],
    /// How far the help can scroll.
    pub help_max_scroll: u16,
    /// Rows the help shows at once, for paging.
    pub help_rows: u16,
}
