//! Integration tests over tiny fixture sites, one behaviour per test.

mod harness;

mod cli;
mod content;
mod links;
mod output;
mod shortcodes;
