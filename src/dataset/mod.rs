//! The platform dataset: schema, loading with diagnostics, validation, and a synthetic generator.

mod diagnostics;
mod fast;
mod industries;
mod load;
mod locate;
mod lookup;
pub mod notes;
mod schema;
mod str;
pub mod synthetic;
mod validate;

pub use diagnostics::{Diagnostic, Excerpt, LoadError, MAX_DIAGNOSTICS};
/// The fast reader alone (for the fuzz target, which holds it to agreeing with ron).
#[doc(hidden)]
pub use fast::read as read_fast;
pub use industries::{IndustryRow, industry_rows};
pub use load::{
    EMBEDDED, EMBEDDED_NAME, MAX_FILE_BYTES, embedded, load_file, parse, parse_file, read_file,
    read_valid_in_pieces,
};
pub use lookup::Lookup;
pub use schema::*;
pub use str::interning;
pub use validate::{is_forbidden_control, is_valid_id};
