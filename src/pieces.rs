//! A file read as whole lines, a piece at a time, hashed as it is read: how large JSON Lines
//! files are indexed in bounded memory, and taken up again after an interrupted run.

use std::fs::File;
use std::io::{BufRead, BufReader, Seek, SeekFrom};

use xxhash_rust::xxh3::Xxh3;

/// Most lines in one piece of a file read in pieces: parsed records take far more memory than
/// their bytes (about 1 KiB each), so a piece of many tiny records is cut short.
pub const PIECE_LINES: usize = 20_000;

/// Whole lines of a file, about `--commit-every` bytes at a time, hashed as they are read.
pub struct Pieces {
    reader: BufReader<File>,
    /// The hash of every byte read so far.
    pub hasher: Xxh3,
    max_line: u64,
    piece_bytes: u64,
    bytes_read: u64,
    lines_read: usize,
}

/// Some whole lines of a file.
pub struct Piece {
    /// The lines; a line that was too long is left empty, so that line numbers hold.
    pub bytes: Vec<u8>,
    /// The 1-based number of the first line.
    pub first_line: usize,
    /// Lines left out for their length: number and length in bytes.
    pub too_long: Vec<(usize, u64)>,
    /// The offset just past the piece, and the hash of the file up to there.
    pub end: u64,
    pub end_hash: u64,
}

impl Pieces {
    /// Reads `file` in pieces of about `piece_bytes`; lines longer than `max_line` are left out.
    pub fn new(file: File, max_line: u64, piece_bytes: u64) -> Pieces {
        Pieces {
            reader: BufReader::with_capacity(1 << 20, file),
            hasher: Xxh3::new(),
            max_line,
            piece_bytes,
            bytes_read: 0,
            lines_read: 0,
        }
    }

    /// Skips the first `length` bytes if they hash to `hash` (what an interrupted run
    /// committed), counting their lines, and returns true; else starts again from the top and
    /// returns false.
    pub fn resume(&mut self, length: u64, hash: u64) -> std::io::Result<bool> {
        while self.bytes_read < length {
            let available = self.reader.fill_buf()?;
            if available.is_empty() {
                break;
            }
            let wanted = usize::try_from(length - self.bytes_read).unwrap_or(usize::MAX);
            let used = available.len().min(wanted);
            self.hasher.update(&available[..used]);
            self.lines_read += available[..used]
                .iter()
                .filter(|&&byte| byte == b'\n')
                .count();
            self.bytes_read += used as u64;
            self.reader.consume(used);
        }
        if self.bytes_read == length && self.hasher.digest() == hash {
            return Ok(true);
        }
        self.reader.seek(SeekFrom::Start(0))?;
        self.hasher.reset();
        self.bytes_read = 0;
        self.lines_read = 0;
        Ok(false)
    }

    /// The offset of the next byte to read.
    pub fn position(&self) -> u64 {
        self.bytes_read
    }

    /// The next piece, or `None` at the end of the file.
    pub fn next_piece(&mut self) -> std::io::Result<Option<Piece>> {
        let mut piece = Piece {
            bytes: Vec::new(),
            first_line: self.lines_read + 1,
            too_long: Vec::new(),
            end: 0,
            end_hash: 0,
        };
        let mut lines = 0;
        while (piece.bytes.len() as u64) < self.piece_bytes && lines < PIECE_LINES {
            lines += 1;
            let start = piece.bytes.len();
            let Some(length) = self.line(&mut piece.bytes)? else {
                break;
            };
            self.lines_read += 1;
            if length > self.max_line {
                piece.bytes.truncate(start);
                piece.bytes.push(b'\n');
                piece.too_long.push((self.lines_read, length));
            }
        }
        piece.end = self.bytes_read;
        piece.end_hash = self.hasher.digest();
        Ok((!piece.bytes.is_empty() || !piece.too_long.is_empty()).then_some(piece))
    }

    /// Appends the next line (with its newline) to `out`, or as much of it as fits within
    /// `max_line`, and returns its whole length; `None` at the end of the file.
    fn line(&mut self, out: &mut Vec<u8>) -> std::io::Result<Option<u64>> {
        let mut length = 0u64;
        loop {
            let available = self.reader.fill_buf()?;
            if available.is_empty() {
                return Ok((length > 0).then_some(length));
            }
            let (used, ends) = match available.iter().position(|&byte| byte == b'\n') {
                Some(newline) => (newline + 1, true),
                None => (available.len(), false),
            };
            self.hasher.update(&available[..used]);
            self.bytes_read += used as u64;
            length += used as u64;
            if length <= self.max_line {
                out.extend_from_slice(&available[..used]);
            }
            self.reader.consume(used);
            if ends {
                return Ok(Some(length));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    fn file_with(text: &str) -> File {
        let mut file = tempfile::tempfile().unwrap();
        file.write_all(text.as_bytes()).unwrap();
        file.seek(SeekFrom::Start(0)).unwrap();
        file
    }

    /// A piece as (first line, text, lines left out).
    type Seen = (usize, String, Vec<(usize, u64)>);

    fn all(pieces: &mut Pieces) -> Vec<Seen> {
        let mut all = Vec::new();
        while let Some(piece) = pieces.next_piece().unwrap() {
            all.push((
                piece.first_line,
                String::from_utf8(piece.bytes).unwrap(),
                piece.too_long,
            ));
        }
        all
    }

    #[test]
    fn pieces_are_whole_lines_and_long_lines_are_left_out() {
        let text = "one\ntwo\nthree-is-long\nfour\nfive";
        let mut pieces = Pieces::new(file_with(text), 8, 6);
        assert_eq!(
            all(&mut pieces),
            vec![
                (1, "one\ntwo\n".to_string(), vec![]),
                (3, "\nfour\n".to_string(), vec![(3, 14)]),
                (5, "five".to_string(), vec![]),
            ]
        );
        assert_eq!(
            pieces.hasher.digest(),
            xxhash_rust::xxh3::xxh3_64(text.as_bytes())
        );
    }

    #[test]
    fn resuming_skips_a_prefix_only_if_its_bytes_are_unchanged() {
        let text = "one\ntwo\nthree\nfour\n";
        let mut first = Pieces::new(file_with(text), 100, 8);
        let piece = first.next_piece().unwrap().unwrap();
        assert_eq!((piece.end, piece.bytes.as_slice()), (8, &b"one\ntwo\n"[..]));

        let mut same = Pieces::new(file_with(text), 100, 8);
        assert!(same.resume(piece.end, piece.end_hash).unwrap());
        let rest = all(&mut same);
        assert_eq!(rest[0].0, 3, "line numbers go on after the prefix");
        assert_eq!(rest[0].1, "three\nfour\n");
        assert_eq!(
            same.hasher.digest(),
            xxhash_rust::xxh3::xxh3_64(text.as_bytes())
        );

        let mut edited = Pieces::new(file_with("one\nTWO\nthree\nfour\n"), 100, 8);
        assert!(!edited.resume(piece.end, piece.end_hash).unwrap());
        assert_eq!(all(&mut edited)[0], (1, "one\nTWO\n".to_string(), vec![]));
    }
}
