//! gongshu: a terminal atlas of the industry platforms of Gongshu District, Hangzhou.
//!
//! Data flows one way: file → [`dataset`] → (search index, map geometry) → [`app`] state →
//! [`view`] (a drawn buffer) → the local [`terminal`], an SSH channel ([`serve`]), an export or
//! stdout. Everything except `terminal` and the CLI's printer is testable without a terminal.

pub mod ambiguous;
pub mod app;
pub mod cache;
pub mod cli;
pub mod dataset;
pub mod decode;
pub mod export;
pub mod heap;
pub mod lang;
pub mod map;
pub mod place;
pub mod probe;
pub mod search;
pub mod serve;
pub mod sheet;
pub mod terminal;
pub mod text;
pub mod view;
pub mod words;
