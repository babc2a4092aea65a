//! TREC run format: `QID Q0 DOCID RANK SCORE newsdex`, one line per article, for `trec_eval`.

use std::io::Write;

use crate::search::ArticleHit;

/// Writes one query's article ranking.
pub fn print(out: &mut dyn Write, query_id: &str, hits: &[ArticleHit]) -> std::io::Result<()> {
    for hit in hits {
        writeln!(
            out,
            "{query_id} Q0 {} {} {:.6} newsdex",
            hit.id, hit.rank, hit.score
        )?;
    }
    out.flush()
}
