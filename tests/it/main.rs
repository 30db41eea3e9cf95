//! The integration tests, in one binary so they build and link once.

mod helpers;

mod cli;
mod datasets;
mod diagnostics;
mod english;
mod every_screen;
mod export;
mod faults;
mod fuzz_seeds;
mod geojson;
mod input;
mod line_mode;
mod long_fields;
mod lookups;
mod loose_ends;
mod map_cli;
mod output_errors;
mod present_console;
mod present_screens;
mod present_sized;
mod pty;
mod serve;
mod serve_scripted;
mod signals;
mod source_fidelity;
mod tui_props;
mod tui_screens;
mod ways_in;
mod where_words;
