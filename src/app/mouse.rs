//! What a click or the wheel does in the atlas: select the row or the platform under the pointer,
//! scroll the pane under it, zoom the map.

use crossterm::event::{MouseEvent, MouseEventKind};
use ratatui::layout::Position;

use super::atlas::{App, Focus, Screen, inner};
use super::keys::Action;
use crate::map;

impl App {
    pub fn handle_mouse(&mut self, ev: MouseEvent) {
        self.catch_up();
        let at = Position::new(ev.column, ev.row);
        let r = self.regions;
        match ev.kind {
            MouseEventKind::Down(_) => {
                if self.screen == Screen::Platforms && inner(r.list).contains(at) {
                    let row = (at.y - inner(r.list).y) as usize + r.list_offset;
                    if row < self.visible.len() {
                        self.select(row);
                        self.focus = Focus::List;
                    }
                } else if self.screen == Screen::Platforms && inner(r.map).contains(at) {
                    let m = inner(r.map);
                    let view = self.view_for(r.map_fit);
                    if let Some(p) = map::platform_at(
                        &self.data,
                        &view,
                        m.width,
                        m.height,
                        at.x - m.x,
                        at.y - m.y,
                    ) && let Some(row) = self.visible.iter().position(|&v| v == p)
                    {
                        self.select(row);
                    }
                } else if self.screen == Screen::Industries && inner(r.industries).contains(at) {
                    let row = (at.y - inner(r.industries).y) as usize + r.industries_offset;
                    if row < self.industries.len() {
                        self.industries.select(row);
                    }
                }
            }
            MouseEventKind::ScrollDown => self.scroll_at(at, Action::Next),
            MouseEventKind::ScrollUp => self.scroll_at(at, Action::Prev),
            _ => {}
        }
    }

    fn scroll_at(&mut self, at: Position, action: Action) {
        let saved = self.focus;
        if self.regions.detail.contains(at) {
            self.focus = Focus::Detail;
            self.apply(action);
            self.focus = saved;
        } else if self.regions.map.contains(at) {
            self.apply(if action == Action::Next {
                Action::ZoomOut
            } else {
                Action::ZoomIn
            });
        } else {
            self.focus = Focus::List;
            self.apply(action);
            self.focus = saved;
        }
    }
}
