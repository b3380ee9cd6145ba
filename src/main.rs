//! The `schemata` binary: all behaviour lives in the library; this only starts it.

fn main() -> std::process::ExitCode {
    schemata::cli::run()
}
