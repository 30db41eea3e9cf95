//! The atlas's and the briefing's state and what each key does: the model. `atlas` is the
//! atlas's state (`App`), `briefing` the briefing's (`Presenter`), `keys` the key tables (the only
//! place a key is named), `search_line` and `industry_list` the sub-states they share, `mouse`
//! what a click does, `start` where the atlas opens, `regions` where the last frame put each part,
//! `whereabouts` the detail pane's sentence on where the selected platform lies, kept while it
//! stays selected.
//!
//! Keys, clicks and pastes come in as plain data (crossterm's event structs, used only as data).
//! Nothing here reads, writes or queries a terminal: it imports neither `view` nor `terminal`.

pub mod atlas;
pub mod briefing;
pub mod industry_list;
pub mod keys;
mod listing;
mod mouse;
mod regions;
pub mod search_line;
pub mod start;
mod whereabouts;
