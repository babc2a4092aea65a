//! Near-duplicate signatures: MinHash over word 5-gram shingles.
//!
//! A syndicated story reappears with small edits, another headline, a trimmed last
//! paragraph. Two passages whose sets of 5-word shingles overlap by a large share (Jaccard
//! resemblance) are copies; a MinHash signature estimates that share from 128 small numbers per
//! passage, computed once at index time.

/// Words per shingle.
const SHINGLE_WORDS: usize = 5;
/// Hash functions, hence values, per signature (the estimate's standard error is about
/// 0.03 near a resemblance of 0.8).
pub const SLOTS: usize = 128;
const _: () = assert!(SLOTS < 256, "agreeing_slots counts in a byte");
/// Estimated resemblance from which two passages are copies of each other.
pub const COPY_RESEMBLANCE: f32 = 0.8;

/// Share of the shorter passage's shingles found in the longer one from which it is a copy
/// too (a copy trimmed by a paragraph, or cut into passages at another place).
pub const COPY_CONTAINMENT: f32 = 0.8;

/// A passage's MinHash signature: 8 bits of each of `SLOTS` minimum hashes (b-bit MinHash),
/// and how many shingles the passage has: 130 bytes per passage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    slots: [u8; SLOTS],
    shingles: u16,
}

/// Odd multipliers and offsets of the `SLOTS` hash functions (multiply-add on a 32-bit
/// shingle key, in 32-bit lanes, which vectorise), from a fixed seed so that signatures are
/// stable across runs and machines.
struct Permutations {
    multipliers: [u32; SLOTS],
    offsets: [u32; SLOTS],
}

fn permutations() -> Permutations {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        // splitmix64
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    let mut permutations = Permutations {
        multipliers: [0; SLOTS],
        offsets: [0; SLOTS],
    };
    for slot in 0..SLOTS {
        let value = next();
        permutations.multipliers[slot] = (value as u32) | 1;
        permutations.offsets[slot] = (value >> 32) as u32;
    }
    permutations
}

/// Lowers each slot's minimum to the shingle's value under that slot's hash function: the
/// inner loop of indexing's signatures, compiled also for AVX2 and SSE4.1 (picked at run time),
/// where it runs 8 or 4 slots per instruction.
#[multiversion::multiversion(targets("x86_64+avx2", "x86_64+sse4.1"))]
fn fold_minimums(minimums: &mut [u32; SLOTS], key: u32, permutations: &Permutations) {
    for ((minimum, multiplier), offset) in minimums
        .iter_mut()
        .zip(&permutations.multipliers)
        .zip(&permutations.offsets)
    {
        *minimum = (*minimum).min(key.wrapping_mul(*multiplier).wrapping_add(*offset));
    }
}

/// How many slots of two signatures hold the same value: compiled also for AVX2 and SSE4.1
/// (picked at run time), where it compares 32 or 16 slots per instruction.
#[multiversion::multiversion(targets("x86_64+avx2", "x86_64+sse4.1"))]
fn agreeing_slots(a: &[u8; SLOTS], b: &[u8; SLOTS]) -> u32 {
    // At most `SLOTS` (128) agree, so a byte holds the count: the loop then works on bytes.
    let same = a
        .iter()
        .zip(b)
        .fold(0u8, |same, (a, b)| same.wrapping_add(u8::from(a == b)));
    u32::from(same)
}

/// The hash of each word of `text` (runs of letters and digits), lowercased. ASCII text, by
/// far the commonest, is split and lowercased byte by byte, to the same bytes the general
/// path produces.
fn word_hashes(text: &str) -> Vec<u64> {
    let mut lowered: Vec<u8> = Vec::new();
    if text.is_ascii() {
        return text
            .as_bytes()
            .split(|byte| !byte.is_ascii_alphanumeric())
            .filter(|word| !word.is_empty())
            .map(|word| {
                lowered.clear();
                lowered.extend(word.iter().map(u8::to_ascii_lowercase));
                xxhash_rust::xxh3::xxh3_64(&lowered)
            })
            .collect();
    }
    let mut buffer = String::new();
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(|word| {
            buffer.clear();
            buffer.extend(word.chars().flat_map(char::to_lowercase));
            xxhash_rust::xxh3::xxh3_64(buffer.as_bytes())
        })
        .collect()
}

impl Signature {
    /// The signature of a passage's text: words are runs of letters and digits, compared
    /// lowercased, so that punctuation and case edits do not count.
    pub fn of(text: &str) -> Signature {
        // Each word is hashed once (lowercased); a shingle's hash combines its words' hashes.
        let words = word_hashes(text);
        let permutations = permutations();
        let mut minimums = [u32::MAX; SLOTS];
        let mut add = |shingle: &[u64]| {
            let hash = shingle
                .iter()
                .fold(0x51_7C_C1_B7_27_22_0A_95u64, |acc, word| {
                    (acc.rotate_left(23) ^ word).wrapping_mul(0x9E37_79B9_7F4A_7C15)
                });
            fold_minimums(&mut minimums, (hash ^ (hash >> 32)) as u32, &permutations);
        };
        let shingles = if words.len() < SHINGLE_WORDS {
            add(&words);
            1
        } else {
            for shingle in words.windows(SHINGLE_WORDS) {
                add(shingle);
            }
            words.len() - SHINGLE_WORDS + 1
        };
        let mut slots = [0u8; SLOTS];
        for (slot, minimum) in slots.iter_mut().zip(minimums) {
            // The high bits of a multiply-add hash are the well-mixed ones.
            *slot = (minimum >> 24) as u8;
        }
        Signature {
            slots,
            shingles: u16::try_from(shingles).unwrap_or(u16::MAX),
        }
    }

    /// The estimated Jaccard resemblance of the two passages' shingle sets, from 0 to 1.
    pub fn resemblance(&self, other: &Signature) -> f32 {
        let same = agreeing_slots(&self.slots, &other.slots);
        let agreement = same as f32 / SLOTS as f32;
        // Two different minimums still agree on 8 bits once in 256: correct for it.
        let chance = 1.0 / 256.0;
        ((agreement - chance) / (1.0 - chance)).clamp(0.0, 1.0)
    }

    /// True if the two passages are near-duplicates: their shingle sets are nearly the same,
    /// or the shorter one (at least half as long) is nearly all inside the longer one.
    pub fn is_copy_of(&self, other: &Signature) -> bool {
        let resemblance = self.resemblance(other);
        if resemblance >= COPY_RESEMBLANCE {
            return true;
        }
        let (a, b) = (f32::from(self.shingles), f32::from(other.shingles));
        let (small, large) = (a.min(b), a.max(b));
        if small * 2.0 < large {
            return false;
        }
        // |A ∩ B| from J = |A ∩ B| / |A ∪ B| and |A ∪ B| = |A| + |B| - |A ∩ B|.
        let shared = resemblance * (a + b) / (1.0 + resemblance);
        shared / small >= COPY_CONTAINMENT
    }

    /// The signature as stored in the index.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut bytes = self.slots.to_vec();
        bytes.extend_from_slice(&self.shingles.to_le_bytes());
        bytes
    }

    /// The signature as the u64 values of the index's fast field (bytes in little-endian
    /// order, the last value padded with zeros).
    pub fn to_words(&self) -> Vec<u64> {
        self.to_bytes()
            .chunks(8)
            .map(|chunk| {
                let mut word = [0u8; 8];
                word[..chunk.len()].copy_from_slice(chunk);
                u64::from_le_bytes(word)
            })
            .collect()
    }

    /// A signature from the values `to_words` gave; `None` if they are not one.
    pub fn from_words(words: impl Iterator<Item = u64>) -> Option<Signature> {
        // The slots and the shingle count, rounded up to whole words.
        let mut bytes = [0u8; (SLOTS + 2).div_ceil(8) * 8];
        let mut filled = 0;
        for (chunk, word) in bytes.chunks_exact_mut(8).zip(words) {
            chunk.copy_from_slice(&word.to_le_bytes());
            filled += 8;
        }
        Signature::from_bytes(bytes.get(..SLOTS + 2).filter(|_| filled >= SLOTS + 2)?)
    }

    /// A stored signature; `None` if the bytes are not one.
    pub fn from_bytes(bytes: &[u8]) -> Option<Signature> {
        let (slots, shingles) = bytes.split_at_checked(SLOTS)?;
        Some(Signature {
            slots: slots.try_into().ok()?,
            shingles: u16::from_le_bytes(shingles.try_into().ok()?),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_and_general_word_hashes_agree() {
        let ascii = "North Korea's 1,500 TROOPS -- arrived.";
        // The same words with a non-ASCII character outside them take the general path.
        let mixed = "North Korea's 1,500 TROOPS -- arrived. é";
        let mut expected = word_hashes(mixed);
        expected.pop();
        assert_eq!(word_hashes(ascii), expected);
        assert_eq!(word_hashes(ascii).len(), 7);
    }

    const WIRE: &str = "North Korea has sent about 1,500 special forces troops to Russia's Far \
        East for training and acclimatisation, South Korea's spy agency said on Friday, adding \
        that they were likely to be deployed to the war in Ukraine once their training ends. \
        The agency released satellite photographs of Russian navy ships moving the troops \
        from North Korean ports between October 8 and 13.";

    #[test]
    fn identical_and_lightly_edited_passages_are_copies() {
        let wire = Signature::of(WIRE);
        assert_eq!(wire.resemblance(&Signature::of(WIRE)), 1.0);
        // Case and punctuation are not edits.
        assert!(wire.is_copy_of(&Signature::of(&WIRE.to_uppercase().replace(',', ""))));
        // One word dropped from 62: most shingles survive (true resemblance about 0.85).
        let edited = WIRE.replace("said on Friday", "said Friday");
        assert!(
            wire.is_copy_of(&Signature::of(&edited)),
            "{}",
            wire.resemblance(&Signature::of(&edited))
        );
    }

    #[test]
    fn a_passage_inside_a_longer_one_is_a_copy_unless_much_shorter() {
        let first = "Trade estimates of the coming temporao harvest in Bahia are now in the 1.5 \
            to 2.0 million bag range against 2.0 to 2.5 million two weeks ago, traders said.";
        let second = "Traders in Salvador said a dry period in the first six weeks of the \
            year had been harsher than thought, and pod setting was disappointing.";
        let third = "Last year's temporao, also hit by a dry spell, was 2.77 million bags, and \
            in 1984 severe drought cut the crop to 1.79 million bags, the lowest since 1974.";
        let trimmed = Signature::of(&format!("{first} {second}"));
        let whole = Signature::of(&format!("{first} {second} {third}"));
        assert!(trimmed.resemblance(&whole) < COPY_RESEMBLANCE);
        assert!(trimmed.is_copy_of(&whole) && whole.is_copy_of(&trimmed));
        // One sentence quoted in a long passage is not a copy of it.
        assert!(!Signature::of(second).is_copy_of(&whole));
    }

    #[test]
    fn different_passages_on_the_same_topic_are_not() {
        let other = "South Korea's spy agency said North Korea has sent troops to Russia, and \
            Ukraine's military intelligence said they were training at bases in the Far East \
            before being sent to the front, where Russian forces have been advancing.";
        let resemblance = Signature::of(WIRE).resemblance(&Signature::of(other));
        assert!(resemblance < 0.2, "{resemblance}");
    }

    #[test]
    fn agreeing_slots_are_counted_eight_at_a_time() {
        // Slot values chosen to trip a byte-wise count: 0x00/0x80/0xff bytes, carries.
        let mut a = [0u8; SLOTS];
        let mut b = [0u8; SLOTS];
        for slot in 0..SLOTS {
            a[slot] = (slot * 37 % 256) as u8;
            b[slot] = if slot % 3 == 0 {
                a[slot]
            } else {
                a[slot] ^ [0x80, 0x01, 0xff][slot % 5 % 3]
            };
        }
        let (a, b) = (
            Signature {
                slots: a,
                shingles: 9,
            },
            Signature {
                slots: b,
                shingles: 9,
            },
        );
        let same = (0..SLOTS).filter(|slot| slot % 3 == 0).count() as f32 / SLOTS as f32;
        let expected = (same - 1.0 / 256.0) / (1.0 - 1.0 / 256.0);
        assert_eq!(a.resemblance(&b), expected);
        assert_eq!(a.resemblance(&a), 1.0);
    }

    #[test]
    fn signatures_round_trip_through_bytes() {
        let signature = Signature::of(WIRE);
        assert_eq!(
            Signature::from_bytes(&signature.to_bytes()),
            Some(signature.clone())
        );
        assert_eq!(Signature::from_bytes(&[1, 2, 3]), None);
        let words = signature.to_words();
        assert_eq!(
            Signature::from_words(words.iter().copied()),
            Some(signature.clone())
        );
        assert_eq!(
            Signature::from_words(words.iter().copied().take(words.len() - 1)),
            None
        );
        // Short texts still get a signature.
        assert!(Signature::of("Troops").is_copy_of(&Signature::of("troops.")));
    }
}
