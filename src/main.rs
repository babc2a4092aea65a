use std::process::ExitCode;

use clap::Parser;

/// mimalloc rather than the system allocator: a search allocates for every stored value it
/// reads and every query clause it builds, and glibc's malloc and free were 15% of a search
/// (callgrind; see bench/RESULTS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = newsdex::cli::Cli::parse();
    match newsdex::run(cli) {
        Ok(outcome) => ExitCode::from(outcome.code()),
        Err(err) if err.is_broken_pipe() => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("newsdex: {err}");
            ExitCode::from(2)
        }
    }
}
