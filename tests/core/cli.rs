//! The command line is how the report contract is graded: `hoplock --json FILE` must print the
//! very report the library builds, for every message we have (corpus and our own).

use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

use crate::check::Scoreboard;

fn message_files() -> Vec<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let mut files: Vec<PathBuf> = ["corpus/messages", "messages"]
        .iter()
        .flat_map(|dir| std::fs::read_dir(root.join(dir)).expect("message dir"))
        .map(|entry| entry.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt" || e == "eml"))
        .collect();
    files.sort();
    files
}

#[test]
fn cli_json_is_the_library_report_for_every_message() {
    let files = message_files();
    assert!(
        files.len() >= 40,
        "expected the corpus and own messages, found {}",
        files.len()
    );
    let mut board = Scoreboard::default();
    for file in &files {
        let id = file.file_name().unwrap().to_string_lossy().into_owned();
        let output = Command::new(env!("CARGO_BIN_EXE_hoplock"))
            .arg("--json")
            .arg(file)
            .output()
            .expect("run the hoplock binary");
        assert!(
            output.status.success(),
            "{id}: exit status {}",
            output.status
        );
        let printed: Value = serde_json::from_slice(&output.stdout)
            .unwrap_or_else(|e| panic!("{id}: --json output is not JSON: {e}"));
        let bytes = std::fs::read(file).expect("read message");
        let built = serde_json::to_value(hoplock::analyze(&bytes)).expect("report to JSON");
        // Every field the library serialises, so a field added later is covered too.
        let fields: Vec<&str> = built
            .as_object()
            .expect("the report is a JSON object")
            .keys()
            .map(String::as_str)
            .collect();
        board.record(&id, &built, &printed, &fields, false);
    }
    board.print("command line --json vs library report");
    assert!(board.all_pass(), "{}", board.mismatches.join("\n"));
}
