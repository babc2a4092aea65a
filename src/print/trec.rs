//! TREC run format: `QID Q0 DOCID RANK SCORE newsdex`, one line per article, for `trec_eval`.

use std::io::Write;

use super::human::printable_name;
use crate::search::ArticleHit;

/// Writes one query's article ranking. Control characters in ids are written as escapes, as
/// in the output for people: a line is one result.
pub fn print(out: &mut dyn Write, query_id: &str, hits: &[ArticleHit]) -> std::io::Result<()> {
    let query_id = printable_name(query_id);
    for hit in hits {
        writeln!(
            out,
            "{query_id} Q0 {} {} {:.6} newsdex",
            printable_name(&hit.id),
            hit.rank,
            hit.score
        )?;
    }
    out.flush()
}
