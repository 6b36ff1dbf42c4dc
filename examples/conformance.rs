//! Conformance runner for the NumPy stride-model oracle vectors.
//!
//! ```sh
//! cargo run --release --example conformance -- tests/data/vectors_public.jsonl
//! ```
//!
//! Runs every case of PATH (one JSON case per line, the schema of the oracle
//! README: `reshape`, `ravel`, `sliding_window`, `broadcast_to`,
//! `broadcast_arrays`, `shares_memory`) through `stride` and compares every field
//! of each case's `expect` with what `stride` computes. It prints one line per
//! failed case (`<id>: <field path>: expected <x>, found <y>`), then, if some
//! cases passed only as layouts equivalent under README rule 2, one `note:` line,
//! and last `N passed, M failed`.
//!
//! Exit status: 0 when every case passed, 1 when some failed, 2 (with a usage
//! line) when PATH is missing or unreadable. A line that is not valid JSON is one
//! failure naming its line number.

#[path = "../tests/support/oracle.rs"]
mod oracle;

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str =
    "usage: cargo run --release --example conformance -- PATH  (a .jsonl file of oracle vectors)";

fn main() -> ExitCode {
    let mut args = std::env::args_os().skip(1);
    let (Some(path), None) = (args.next(), args.next()) else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let path = PathBuf::from(path);
    let report = match oracle::run_file(&path) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("cannot read {}: {e}", path.display());
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    for line in &report.failures {
        println!("{line}");
    }
    if let Some(note) = report.note() {
        println!("{note}");
    }
    println!("{}", report.summary());
    if report.all_passed() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
