//! The channels open on one connection, and closing one from the server's side. Apart from
//! `conn.rs` so that the sessions that close their channels (`atlas.rs`, `viewer.rs`, exec) need
//! not import the connection that started them.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};

use russh::ChannelId;
use russh::server::Handle;

/// The channels open on a connection, whoever closes them: the client (channel_close) or the
/// server (after an exec's answer or the atlas's goodbye, when the library no longer tells the
/// handler).
#[derive(Clone, Default)]
pub(crate) struct Channels(Arc<Mutex<HashSet<ChannelId>>>);

impl Channels {
    pub(super) fn lock(&self) -> std::sync::MutexGuard<'_, HashSet<ChannelId>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
    /// The channel is closed: its slot is free.
    pub fn closed(&self, id: ChannelId) {
        self.lock().remove(&id);
    }
}

/// Close a channel from the server's side and give its slot back.
pub(crate) async fn close(handle: &Handle, channels: &Channels, channel: ChannelId, code: u32) {
    let _ = handle.exit_status_request(channel, code).await;
    let _ = handle.eof(channel).await;
    let _ = handle.close(channel).await;
    channels.closed(channel);
}
