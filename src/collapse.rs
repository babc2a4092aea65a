//! Which ranked passages become hits: near-duplicates of a better-ranked hit are folded into
//! it as copies, and each article gives at most a few hits.

use std::collections::HashMap;

use tantivy::{DocAddress, Score};

use crate::signature::Signature;

/// A ranked passage, with what the selection needs from its fast fields.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// Its score (best first in the input).
    pub score: Score,
    /// Where it is in the index.
    pub address: DocAddress,
    /// Its article's key.
    pub article: u64,
    /// Its near-duplicate signature, if it has one.
    pub signature: Option<Signature>,
}

/// A hit and the copies folded into it.
#[derive(Debug, Clone)]
pub struct Group {
    /// The best-ranked passage of the group: the hit.
    pub lead: Candidate,
    /// Lower-ranked near-duplicates of it, in rank order.
    pub copies: Vec<Candidate>,
}

/// How candidates become hits.
#[derive(Debug, Clone, Copy)]
pub struct Rules {
    /// Most hits.
    pub limit: usize,
    /// Most hits from one article.
    pub per_article: usize,
    /// Fold near-duplicates into the hit they copy.
    pub collapse: bool,
}

/// Selects up to `rules.limit` hits from candidates in rank order. Every candidate after the
/// last hit is still checked, so that copies of the hits further down are folded in.
pub fn select(candidates: Vec<Candidate>, rules: Rules) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    let mut per_article: HashMap<u64, usize> = HashMap::new();
    // Passages left out by the per-article cap may still copy a hit ranked below them.
    let mut capped: Vec<Candidate> = Vec::new();
    for candidate in candidates {
        if rules.collapse
            && let Some(signature) = &candidate.signature
            && let Some(group) = copied(&mut groups, signature)
        {
            group.copies.push(candidate);
            continue;
        }
        if groups.len() == rules.limit {
            continue;
        }
        let shown = per_article.entry(candidate.article).or_default();
        if *shown >= rules.per_article {
            capped.push(candidate);
            continue;
        }
        *shown += 1;
        groups.push(Group {
            lead: candidate,
            copies: Vec::new(),
        });
    }
    if rules.collapse {
        for candidate in capped {
            let Some(signature) = &candidate.signature else {
                continue;
            };
            if let Some(group) = copied(&mut groups, signature) {
                group.copies.push(candidate);
            }
        }
    }
    groups
}

/// The group whose hit the passage with `signature` copies, if any.
fn copied<'a>(groups: &'a mut [Group], signature: &Signature) -> Option<&'a mut Group> {
    groups.iter_mut().find(|group| {
        group
            .lead
            .signature
            .as_ref()
            .is_some_and(|lead| signature.is_copy_of(lead))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn candidate(doc: u32, article: u64, text: &str) -> Candidate {
        Candidate {
            score: 10.0 - doc as f32,
            address: DocAddress::new(0, doc),
            article,
            signature: Some(Signature::of(text)),
        }
    }

    const STORY: &str = "The central bank raised its main interest rate by half a point on \
        Thursday, the third increase this year, saying inflation was still far above target.";
    const OTHER: &str = "Shares fell sharply in early trading as investors weighed the bank's \
        decision and warnings from exporters about the strength of the currency.";
    const THIRD: &str = "Economists had expected a smaller move, and several said the bank \
        would now pause to see how households cope with higher mortgage payments.";

    fn docs(groups: &[Group]) -> Vec<(u32, Vec<u32>)> {
        groups
            .iter()
            .map(|group| {
                let copies = group
                    .copies
                    .iter()
                    .map(|copy| copy.address.doc_id)
                    .collect();
                (group.lead.address.doc_id, copies)
            })
            .collect()
    }

    #[test]
    fn copies_fold_into_the_best_ranked_and_do_not_count() {
        let candidates = vec![
            candidate(0, 1, STORY),
            // Another outlet's copy, with one short sentence more.
            candidate(1, 2, &format!("{STORY} The vote was unanimous.")),
            candidate(2, 1, OTHER),
            candidate(3, 3, THIRD),
            candidate(4, 4, STORY),
        ];
        let rules = Rules {
            limit: 2,
            per_article: 2,
            collapse: true,
        };
        // Doc 4 comes after the last hit and is still folded in.
        assert_eq!(
            docs(&select(candidates.clone(), rules)),
            vec![(0, vec![1, 4]), (2, vec![])]
        );
        let no_collapse = Rules {
            collapse: false,
            ..rules
        };
        assert_eq!(
            docs(&select(candidates, no_collapse)),
            vec![(0, vec![]), (1, vec![])]
        );
    }

    #[test]
    fn an_article_gives_at_most_per_article_hits() {
        let candidates = vec![
            candidate(0, 1, STORY),
            candidate(1, 1, OTHER),
            candidate(2, 1, THIRD),
            candidate(
                3,
                2,
                "Something else entirely, about football and the weather.",
            ),
        ];
        let rules = Rules {
            limit: 10,
            per_article: 2,
            collapse: true,
        };
        assert_eq!(
            docs(&select(candidates, rules)),
            vec![(0, vec![]), (1, vec![]), (3, vec![])]
        );
    }
}
