//! `oslink completions SHELL`: the shell completion script (clap_complete) on stdout.

use anyhow::Result;
use clap::{Args, CommandFactory};
use clap_complete::Shell;

/// Arguments of `oslink completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    shell: Shell,
}

/// Runs `oslink completions`.
pub fn run(args: CompletionsArgs) -> Result<()> {
    let mut cmd = super::Cli::command();
    let name = cmd.get_name().to_string();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, name, &mut script);
    super::print(&String::from_utf8(script)?)
}
