//! `oslink schema`: the JSON Schema of the scenario file on stdout.

use anyhow::Result;
use clap::Args;

/// Arguments of `oslink schema` (none).
#[derive(Debug, Args)]
pub struct SchemaArgs {}

/// Runs `oslink schema`.
pub fn run(_args: SchemaArgs) -> Result<()> {
    super::print(&oslink::scenario::json_schema_text())
}
