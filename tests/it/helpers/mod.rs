//! What the integration tests share: reading a drawn buffer as text, the binary in a
//! pseudo-terminal or under tmux, and a writer that keeps its bytes.

pub mod buffer;
pub mod bytes;
pub mod pty;
pub mod tmux;
