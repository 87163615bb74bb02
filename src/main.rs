// A post is many small strings and trees made and freed on every thread at once; glibc's
// allocator spent about a fifth of the run in malloc and free (bench/run.sh, 20,000 posts).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    postlint::cli::main()
}
