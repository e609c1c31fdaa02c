//! veiviser: a static documentation site generator for Norwegian public-sector guidance
//! sites. See `ARCHITECTURE.md` for the bird's-eye view.
//!
//! The pipeline is load → parse → resolve → render → write ([`pipeline`]), each stage a
//! plain function over the site model ([`model`]).

pub mod config;
pub mod diagnostics;
pub mod error;
pub mod forms;
pub mod incremental;
pub mod init;
pub mod list;
pub mod load;
pub mod model;
pub mod parse;
pub mod pipeline;
pub mod render;
pub mod resolve;
pub mod search;
pub mod serve;
pub mod translations;
pub mod write;

pub use pipeline::{BuildOptions, Outcome, build_in_memory, run};
