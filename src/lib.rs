//! gongshu: a terminal atlas of the industry platforms of Gongshu District, Hangzhou.
//!
//! Data flows one way: file → [`dataset`] → (search index, map geometry) → screen or stdout.
//! Everything except `tui` is pure and testable without a terminal.

pub mod ambiguous;
pub mod cache;
pub mod cli;
pub mod dataset;
pub mod export;
pub mod lang;
pub mod map;
pub mod output;
pub mod search;
pub mod serve;
pub mod sheet;
pub mod text;
pub mod tui;
pub mod words;
