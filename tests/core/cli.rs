//! The command line is how the report contract is graded: `hoplock --json FILE` must print the
//! very report the library builds, for every message we have (corpus and our own).

use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

use crate::check::Scoreboard;

pub fn message_files() -> Vec<PathBuf> {
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

/// `hoplock-msg` (natively; in the browser it is the .msg reader's worker module) prints what
/// the library reads from a .msg and says plainly when there is nothing to read.
#[test]
fn hoplock_msg_prints_the_transport_headers_of_a_msg() {
    let data = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let msg = data.join("ui/luxsci-outlook.msg");
    let text = data.join("corpus/messages/seed-luxsci-hotmail-proofpoint.txt");
    let headers = hoplock::core::outlook_msg::transport_headers(&std::fs::read(&msg).unwrap())
        .expect("the fixture holds headers");
    // (arguments, exit code, stdout, a phrase of stderr)
    let cases: [(Vec<&std::path::Path>, i32, &str, &str); 4] = [
        (vec![msg.as_path()], 0, headers.as_str(), ""),
        (
            vec![text.as_path()],
            1,
            "",
            "not an Outlook message with stored Internet headers",
        ),
        (vec![], 2, "", "usage: hoplock-msg FILE.msg"),
        (vec![data.join("missing.msg").leak()], 2, "", "missing.msg"),
    ];
    for (args, code, stdout, stderr) in cases {
        let output = Command::new(env!("CARGO_BIN_EXE_hoplock-msg"))
            .args(&args)
            .output()
            .expect("run the hoplock-msg binary");
        let case = format!("hoplock-msg {args:?}");
        assert_eq!(output.status.code(), Some(code), "{case}: exit code");
        assert_eq!(
            String::from_utf8_lossy(&output.stdout),
            stdout,
            "{case}: stdout"
        );
        let err = String::from_utf8_lossy(&output.stderr);
        assert!(err.contains(stderr), "{case}: stderr {err:?}");
    }
}
