//! Integration tests: the real `newsdex` binary on the bundled corpus and on temporary ones.

mod util;

mod bad_input;
mod collapse;
mod concurrent;
mod crash;
mod errors;
mod formats;
mod incremental;
mod output;
mod parsing;
mod pathological;
mod ranking;
mod search;
mod show;
mod stats;
mod timeline;
