//! Printers: the human one (colour, highlights, trimmed passages) and JSON Lines. Both see
//! only the plain records the searcher returns.

pub mod human;
pub mod json;
pub mod show;
pub mod stats;
pub mod timeline;
pub mod trec;

pub use anstream::ColorChoice;
