//! What the integration tests share: reading a drawn buffer as text, the binary in a
//! pseudo-terminal or under tmux, a writer that keeps its bytes, and the check that a program a
//! test drives (ssh, tmux) is installed.

pub mod buffer;
pub mod bytes;
pub mod proc;
pub mod pty;
pub mod server;
pub mod temp;
pub mod tmux;
pub mod tools;
