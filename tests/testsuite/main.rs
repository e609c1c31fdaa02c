//! Integration tests over tiny fixture sites, one behaviour per test.

mod harness;

mod cli;
mod compat;
mod content;
mod forms;
mod links;
mod output;
mod search;
mod serve;
mod shortcodes;
