//! Ways into the atlas: opened at a platform (`gongshu 6`), with a search applied
//! (`gongshu -q 电商`), in a map style from the config file.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::atlas::App;
use super::keys::Action;
use crate::map::MapStyle;

/// Where and how the atlas opens.
#[derive(Debug, Clone, Default)]
pub struct Start {
    /// Select this platform (index into `Dataset::platforms`).
    pub platform: Option<usize>,
    /// Apply this search, as if typed after `/` and kept with Enter.
    pub query: Option<String>,
    pub map_style: Option<MapStyle>,
}

/// Put a freshly made atlas where `start` says.
pub fn apply(app: &mut App, start: &Start, color: bool) {
    if let Some(style) = start.map_style {
        app.set_map_style(style.effective(color));
    }
    if let Some(q) = start.query.as_deref().filter(|q| !q.trim().is_empty()) {
        app.apply(Action::StartSearch);
        for c in q.chars().filter(|c| !c.is_control()) {
            app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
        }
        app.apply(Action::KeepSearch);
    }
    if let Some(p) = start.platform {
        app.select_platform(p);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn app() -> App {
        App::new(
            crate::dataset::embedded(),
            String::new(),
            Default::default(),
        )
    }

    #[test]
    fn opens_at_a_platform_with_a_search() {
        let mut a = app();
        apply(
            &mut a,
            &Start {
                platform: Some(5),
                ..Default::default()
            },
            false,
        );
        assert_eq!(a.selected_platform(), Some(5));
        let mut a = app();
        let start = Start {
            query: Some("电商".into()),
            platform: Some(6),
            ..Default::default()
        };
        apply(&mut a, &start, false);
        assert_eq!(a.search_query(), "电商");
        assert_eq!(a.visible().len(), 4, "{:?}", a.visible());
        assert_eq!(a.selected_platform(), Some(6), "汽车互联网小镇 has 电商");
        assert!(
            !a.contexts().contains(&crate::app::keys::Context::Search),
            "the search line is left"
        );
    }
}
