//! Mailbox audit throughput and memory: `cargo bench --bench audit`.
//!
//! Generates reproducible mailboxes into `target/audit-bench/` from the corpus header blocks
//! (`tests/data/corpus/messages`, `tests/data/messages`) and times the native audit
//! (`hoplock::audit::native::audit`: read, split, analyse on the rayon pool, aggregate) against
//! the plain read floor of the same file in the same run: 1 MiB reads and a memchr count of
//! `\nFrom ` (the least any mbox reader must do). The page cache is warmed first, so both read
//! from memory. "CPU µs/msg" is the audit's user + system time per message, "cores" its CPU
//! time over wall time: how much of the machine the audit got (it is shared).
//!
//! Mailboxes:
//! - **realistic** — bodies of a real mix: 85 % text of 2–10 KB, 12 % base64 attachments of
//!   20–200 KB, 3 % base64 attachments of 1–5 MB; goal ≥ 0.3× the floor.
//! - **header-dense** — a mailing-list mix: every message a corpus header block (0.3–18 KB)
//!   and a body under 600 bytes; goal ≥ 20 000 messages/s.
//! - **peak memory** — the audit of the realistic mix at ~200 MB and at ~2 GB, each in a child
//!   process (this program again) that reports its own peak resident size (`VmHWM`); the
//!   difference must stay under 50 MB.
//!
//! Sizes (MB, 10⁶ bytes) by environment variable, for a quick run:
//! `HOPLOCK_AUDIT_MB` (realistic, default 200), `HOPLOCK_AUDIT_DENSE_MB` (default 100),
//! `HOPLOCK_AUDIT_BIG_MB` (the large memory point, default 2000; 0 skips it). Files are kept
//! and reused while their size matches. `-- --check` fails the run when a goal is missed.

// Native only (the wasm32 clippy builds every target): the bench is a module, and on wasm32
// `main` does nothing.
#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    bench::main()
}

#[cfg(not(target_arch = "wasm32"))]
mod bench {
    use std::fs::File;
    use std::io::{BufWriter, Read, Write};
    use std::path::{Path, PathBuf};
    use std::time::Instant;

    use hoplock::audit::native::{self, Options, Source};

    const CHILD_ENV: &str = "HOPLOCK_AUDIT_BENCH_CHILD";

    /// The command line's allocator (src/main.rs), so the figures are the program's.
    #[global_allocator]
    static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

    /// Timed runs per measurement; the fastest is reported (the machine is shared).
    const RUNS: usize = 3;

    fn env_mb(name: &str, default: u64) -> u64 {
        std::env::var(name)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    }

    /// A small deterministic generator (xorshift64*), so every run writes the same mailboxes.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
        }
        fn range(&mut self, lo: usize, hi: usize) -> usize {
            lo + (self.next() % (hi - lo) as u64) as usize
        }
    }

    fn corpus_headers() -> Vec<String> {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data");
        let mut files: Vec<PathBuf> = ["corpus/messages", "messages"]
            .iter()
            .flat_map(|dir| std::fs::read_dir(root.join(dir)).expect("message dir"))
            .map(|e| e.expect("dir entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
        files.sort();
        files
            .iter()
            .map(|f| {
                let text = std::fs::read_to_string(f).expect("read message");
                // A header block's own mbox-unsafe lines would split it: none in the corpus, but
                // quote as mboxrd writers do.
                text.trim_end()
                    .lines()
                    .map(|l| {
                        if l.starts_with("From ") {
                            format!(">{l}")
                        } else {
                            l.to_string()
                        }
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            })
            .collect()
    }

    /// 8 MB of base64 text in 76-column lines, sliced for every attachment.
    fn base64_pool(rng: &mut Rng) -> Vec<u8> {
        const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut pool = Vec::with_capacity(8_200_000);
        while pool.len() < 8_000_000 {
            for _ in 0..76 {
                pool.push(ALPHABET[(rng.next() >> 58) as usize]);
            }
            pool.push(b'\n');
        }
        pool
    }

    const PROSE: &str = "Thank you for your message. The quarterly figures are attached; please note the \
changes to the delivery schedule from next month onwards, and let us know by Friday.\n";

    /// Write a mailbox of about `target` bytes; `dense` picks the mailing-list mix.
    fn generate(path: &Path, target: u64, dense: bool) {
        if std::fs::metadata(path).is_ok_and(|m| m.len() >= target && m.len() < target + 6_000_000)
        {
            return;
        }
        let started = Instant::now();
        let headers = corpus_headers();
        let mut rng = Rng(if dense { 0x5eed_0002 } else { 0x5eed_0001 });
        let pool = base64_pool(&mut rng);
        let mut out =
            BufWriter::with_capacity(1 << 20, File::create(path).expect("create mailbox"));
        let mut written = 0u64;
        let mut n = 0usize;
        while written < target {
            let header = &headers[rng.range(0, headers.len())];
            let mut message = format!(
                "From sender{n}@example.org Mon Jan  1 00:00:00 2024\n{header}\nMessage-ID: <bench{n}@example.org>\n\n"
            );
            let body_len = if dense {
                rng.range(60, 600)
            } else {
                match rng.range(0, 100) {
                    0..85 => rng.range(2_000, 10_000),
                    85..97 => rng.range(20_000, 200_000),
                    _ => rng.range(1_000_000, 5_000_000),
                }
            };
            if dense || body_len < 20_000 {
                message.push_str(&PROSE.repeat(body_len / PROSE.len() + 1)[..body_len]);
                message.push_str(">From the quoted line of an mboxrd body\n\n");
                out.write_all(message.as_bytes()).unwrap();
                written += message.len() as u64;
            } else {
                message.push_str(
                    "--b\nContent-Type: application/pdf\nContent-Transfer-Encoding: base64\n\n",
                );
                out.write_all(message.as_bytes()).unwrap();
                let start = rng.range(0, pool.len() - body_len);
                out.write_all(&pool[start..start + body_len]).unwrap();
                out.write_all(b"\n--b--\n\n").unwrap();
                written += (message.len() + body_len + 8) as u64;
            }
            n += 1;
        }
        out.flush().unwrap();
        eprintln!(
            "generated {} ({:.0} MB, {n} messages) in {:.1} s",
            path.display(),
            written as f64 / 1e6,
            started.elapsed().as_secs_f64()
        );
    }

    /// The floor: 1 MiB reads and a count of `\nFrom `. Returns (seconds, separators).
    fn floor(path: &Path) -> (f64, u64) {
        let finder = memchr::memmem::Finder::new(b"\nFrom ");
        let started = Instant::now();
        let mut file = File::open(path).unwrap();
        let mut buf = vec![0u8; 1 << 20];
        let mut count = 0u64;
        // A separator across two reads: keep the last 5 bytes in front of the next read.
        let mut carry = 0usize;
        loop {
            let n = file.read(&mut buf[carry..]).unwrap();
            if n == 0 {
                break;
            }
            let end = carry + n;
            count += finder.find_iter(&buf[..end]).count() as u64;
            let keep = end.min(5);
            buf.copy_within(end - keep..end, 0);
            carry = keep;
        }
        (started.elapsed().as_secs_f64(), count)
    }

    /// The splitter alone over the same reads (no analysis). Returns (seconds, messages).
    fn split_only(path: &Path) -> (f64, u64) {
        let started = Instant::now();
        let mut file = File::open(path).unwrap();
        let mut buf = vec![0u8; 1 << 20];
        let mut splitter = hoplock::audit::Splitter::new();
        let mut messages = 0u64;
        loop {
            let n = file.read(&mut buf).unwrap();
            if n == 0 {
                break;
            }
            splitter.feed(&buf[..n], &mut |_| messages += 1);
        }
        splitter.finish(&mut |_| messages += 1);
        (started.elapsed().as_secs_f64(), messages)
    }

    /// `analyze` alone, one thread, over every corpus header block: microseconds per message.
    fn analyze_us() -> f64 {
        let headers = corpus_headers();
        let rounds = 20;
        let started = Instant::now();
        for _ in 0..rounds {
            for h in &headers {
                std::hint::black_box(hoplock::analyze(h.as_bytes()));
            }
        }
        started.elapsed().as_secs_f64() * 1e6 / (rounds * headers.len()) as f64
    }

    /// CPU seconds (user + system) this process has used, from `/proc/self/stat` (100 Hz ticks).
    fn cpu_seconds() -> f64 {
        let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
        // Fields after the command name `(…)`: state is field 3, utime 14, stime 15.
        let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
        let fields: Vec<&str> = rest.split_whitespace().collect();
        let ticks = |i: usize| {
            fields
                .get(i)
                .and_then(|f| f.parse::<f64>().ok())
                .unwrap_or(0.0)
        };
        (ticks(11) + ticks(12)) / 100.0
    }

    /// The audit of one file in this process. Returns (wall seconds, CPU seconds, messages).
    fn audit(path: &Path) -> (f64, f64, u64) {
        let size = std::fs::metadata(path).unwrap().len();
        let sources = [Source {
            path: path.to_path_buf(),
            size,
        }];
        let cpu = cpu_seconds();
        let started = Instant::now();
        let aggregate = native::audit(&sources, Options::default(), None);
        (
            started.elapsed().as_secs_f64(),
            cpu_seconds() - cpu,
            aggregate.totals.messages,
        )
    }

    /// The fastest of [`RUNS`] runs of `f` (by its first value).
    fn best<T: Copy>(f: impl Fn() -> (f64, T)) -> (f64, T) {
        (0..RUNS)
            .map(|_| f())
            .min_by(|a, b| a.0.total_cmp(&b.0))
            .unwrap()
    }

    /// Peak resident set of this process (`VmHWM`), in kB.
    fn peak_kb() -> u64 {
        std::fs::read_to_string("/proc/self/status")
            .ok()
            .and_then(|s| {
                s.lines()
                    .find(|l| l.starts_with("VmHWM:"))
                    .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
            })
            .unwrap_or(0)
    }

    /// Audit `path` in a child process (this program) and return its peak resident set in kB.
    fn child_peak_kb(path: &Path) -> u64 {
        let output = std::process::Command::new(std::env::current_exe().unwrap())
            .env(CHILD_ENV, path)
            .output()
            .expect("run the child");
        String::from_utf8_lossy(&output.stdout)
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("child: {}", String::from_utf8_lossy(&output.stderr)))
    }

    pub fn main() {
        if let Ok(path) = std::env::var(CHILD_ENV) {
            audit(Path::new(&path));
            println!("{}", peak_kb());
            return;
        }
        let check = std::env::args().any(|a| a == "--check");
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/audit-bench");
        std::fs::create_dir_all(&dir).unwrap();
        let realistic_mb = env_mb("HOPLOCK_AUDIT_MB", 200);
        let dense_mb = env_mb("HOPLOCK_AUDIT_DENSE_MB", 100);
        let big_mb = env_mb("HOPLOCK_AUDIT_BIG_MB", 2000);
        let threads = rayon::current_num_threads();
        let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
        println!(
            "mailbox audit, {threads} rayon threads, best of {RUNS} runs, load average {}",
            load.split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ")
        );

        let mut failed = Vec::new();
        println!(
            "analyze alone: {:.0} µs per corpus message (one thread)",
            analyze_us()
        );
        println!(
            "\n{:<14} {:>8} {:>9} {:>10} {:>10} {:>10} {:>12} {:>8} {:>7} {:>12} {:>6}",
            "mailbox",
            "MB",
            "messages",
            "floor MB/s",
            "split MB/s",
            "audit MB/s",
            "messages/s",
            "audit s",
            "ratio",
            "CPU µs/msg",
            "cores"
        );
        for (name, mb, dense) in [
            ("realistic", realistic_mb, false),
            ("header-dense", dense_mb, true),
        ] {
            let path = dir.join(format!("{name}-{mb}MB.mbox"));
            generate(&path, mb * 1_000_000, dense);
            let bytes = std::fs::metadata(&path).unwrap().len() as f64;
            floor(&path); // warm the page cache
            let (floor_s, separators) = best(|| floor(&path));
            let (split_s, split_messages) = best(|| split_only(&path));
            let (audit_s, (cpu_s, messages)) = best(|| {
                let (wall, cpu, messages) = audit(&path);
                (wall, (cpu, messages))
            });
            assert_eq!(split_messages, messages);
            assert_eq!(
                separators + 1,
                messages,
                "{name}: the floor and the audit count the same messages"
            );
            let floor_rate = bytes / 1e6 / floor_s;
            let audit_rate = bytes / 1e6 / audit_s;
            let per_s = messages as f64 / audit_s;
            let ratio = audit_rate / floor_rate;
            println!(
                "{name:<14} {:>8.0} {messages:>9} {floor_rate:>10.0} {:>10.0} {audit_rate:>10.0} {per_s:>12.0} {audit_s:>8.2} {ratio:>7.2} {:>12.0} {:>6.2}",
                bytes / 1e6,
                bytes / 1e6 / split_s,
                cpu_s * 1e6 / messages as f64,
                cpu_s / audit_s
            );
            if !dense && ratio < 0.3 {
                failed.push(format!("{name}: {ratio:.2}× the floor (goal ≥ 0.3×)"));
            }
            if dense && per_s < 20_000.0 {
                failed.push(format!("{name}: {per_s:.0} messages/s (goal ≥ 20 000)"));
            }
        }

        println!("\npeak memory of the audit (child process VmHWM)");
        let small = dir.join(format!("realistic-{realistic_mb}MB.mbox"));
        let small_kb = child_peak_kb(&small);
        println!(
            "  {:>6} MB input: {:>7.1} MB",
            realistic_mb,
            small_kb as f64 / 1024.0
        );
        if big_mb > 0 {
            let big = dir.join(format!("realistic-{big_mb}MB.mbox"));
            generate(&big, big_mb * 1_000_000, false);
            let big_kb = child_peak_kb(&big);
            let diff = (big_kb as f64 - small_kb as f64) / 1024.0;
            println!(
                "  {:>6} MB input: {:>7.1} MB  (difference {diff:+.1} MB)",
                big_mb,
                big_kb as f64 / 1024.0
            );
            if diff >= 50.0 {
                failed.push(format!("peak memory grows by {diff:.1} MB (goal < 50 MB)"));
            }
        }
        if !failed.is_empty() {
            println!("\nmissed: {}", failed.join("; "));
            if check {
                std::process::exit(1);
            }
        }
    }
}
