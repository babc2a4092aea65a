//! Integration tests: the real `newsdex` binary on the bundled corpus and on temporary ones.

mod util;

mod errors;
mod incremental;
mod output;
mod parsing;
mod search;
