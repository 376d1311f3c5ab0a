//! Native: the command-line front end. wasm32: mounts the web app into `#app`.

#[cfg(not(target_arch = "wasm32"))]
mod cli;

/// Native: the audit analyses many messages on several threads, allocation-heavy work where
/// mimalloc beats the system allocator (benches/audit.rs).
#[cfg(not(target_arch = "wasm32"))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// wasm32: Talc, smaller and faster than std's dlmalloc.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    cli::run(std::env::args().skip(1).collect())
}

#[cfg(target_arch = "wasm32")]
fn main() {
    // Mounts into #app, or not at all when the <hoplock-analyzer> element started the wasm.
    #[cfg(feature = "page")]
    hoplock::ui::browser::embed::start();
}
