//! `hoplock-msg FILE.msg` prints an Outlook message's transport headers: what the engine worker
//! hands the web page when a .msg is dropped (`hoplock FILE.msg` analyses them). A command-line
//! tool only; in the browser the reader runs in the engine worker (`src/bin/hoplock-worker.rs`).

#[cfg(not(target_arch = "wasm32"))]
use hoplock::core::outlook_msg;

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    use std::process::ExitCode;
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [path] = args.as_slice() else {
        eprintln!("usage: hoplock-msg FILE.msg   (prints the Outlook message's transport headers)");
        return ExitCode::from(2);
    };
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) => {
            eprintln!("hoplock-msg: {path}: {error}");
            return ExitCode::from(2);
        }
    };
    match outlook_msg::transport_headers(&bytes) {
        Some(headers) => {
            print!("{headers}");
            ExitCode::SUCCESS
        }
        None => {
            eprintln!(
                "hoplock-msg: {path}: not an Outlook message with stored Internet headers (drafts and sent items have none)"
            );
            ExitCode::FAILURE
        }
    }
}
