use std::process::ExitCode;

use clap::Parser;

/// mimalloc rather than the system allocator: a search allocates for every stored value it
/// reads and every query clause it builds, and glibc's malloc and free were 15% of a search
/// (callgrind; see bench/RESULTS.md). Built without transparent huge pages (`no_thp`): with
/// them every process zeroed 2 MiB pages it hardly used, and a whole `newsdex search` took
/// 1.5 ms longer.
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
