//! The platform dataset: schema, loading with diagnostics, validation, and a synthetic generator.

mod industries;
mod load;
mod lookup;
mod schema;
pub mod synthetic;
mod validate;

pub use industries::{IndustryRow, industry_rows};
pub use load::{
    Diagnostic, EMBEDDED, EMBEDDED_NAME, LoadError, MAX_FILE_BYTES, embedded, load_file, parse,
};
pub use lookup::Lookup;
pub use schema::*;
pub use validate::is_forbidden_control;
