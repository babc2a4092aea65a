use std::process::ExitCode;

use clap::Parser;

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
