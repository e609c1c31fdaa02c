//! Integration tests over tiny fixture sites, one behaviour per test.

mod harness;

mod bad_input;
mod cli;
mod compat;
mod content;
mod durability;
mod escaping;
mod forms;
mod links;
mod output;
mod search;
mod serve;
mod serve_faults;
mod shortcodes;
