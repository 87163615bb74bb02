use std::process::ExitCode;

use std::alloc::{GlobalAlloc, Layout};

use libmimalloc_sys as mi;

// A post is many small strings and trees made and freed on every thread at once; glibc's
// allocator spent about a fifth of the run in malloc and free (bench/run.sh, 20,000 posts).
#[global_allocator]
static ALLOC: Mimalloc = Mimalloc;

/// mimalloc, asked for a plain block whenever one is aligned enough. (The `mimalloc` crate asks
/// for an aligned block every time; mimalloc then takes its fast path only when the next free
/// block happens to be aligned, and never for blocks over 1 KiB: 6.8% of the instructions
/// were in its malloc.)
struct Mimalloc;

/// Every mimalloc block of 16 bytes or more is aligned to 16 (`MI_MAX_ALIGN_SIZE`), every
/// smaller one to 8: a plain block of `size` bytes has any alignment up to 16 that is no
/// larger than `size` (std's own `System` allocator relies on the same rule for malloc).
fn plain(align: usize, size: usize) -> bool {
    align <= 16 && align <= size
}

// SAFETY: each call passes its arguments on to the matching mimalloc function, which meets
// `GlobalAlloc`'s contract for them; `plain` picks the unaligned one only where its blocks
// are aligned enough (tested below).
unsafe impl GlobalAlloc for Mimalloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = if plain(layout.align(), layout.size()) {
            mi::mi_malloc(layout.size())
        } else {
            mi::mi_malloc_aligned(layout.size(), layout.align())
        };
        p.cast()
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = if plain(layout.align(), layout.size()) {
            mi::mi_zalloc(layout.size())
        } else {
            mi::mi_zalloc_aligned(layout.size(), layout.align())
        };
        p.cast()
    }

    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        mi::mi_free(ptr.cast());
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = if plain(layout.align(), new_size) {
            mi::mi_realloc(ptr.cast(), new_size)
        } else {
            mi::mi_realloc_aligned(ptr.cast(), new_size, layout.align())
        };
        p.cast()
    }
}

fn main() -> ExitCode {
    no_huge_pages();
    exit_now(postlint::cli::main())
}

/// Turns transparent huge pages off for the process. mimalloc asks for them on its large
/// blocks; a run then takes its memory in 2 MiB pages, each zeroed by the kernel when first
/// touched. Back to back that cost little, but a run started after a few idle seconds (the
/// usual case: a commit, a CI job) spent most of its time zeroing: on this VM 0.38 s against
/// 0.22 s at 20,000 posts, system time 0.36 s against 0.10 s (README, Performance).
#[cfg(target_os = "linux")]
fn no_huge_pages() {
    // SAFETY: sets a flag of this process; no memory is passed. A kernel without the
    // option answers EINVAL, and the run goes on as before.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

#[cfg(not(target_os = "linux"))]
fn no_huge_pages() {}

/// Ends the process with `code` without what runs at exit. mimalloc, linked statically, frees
/// and hands back to the system every page it holds when the process exits (`mi_collect` in its
/// exit handler): 18 ms at 20,000 posts, 8% of the run, for memory the system takes back anyway.
/// By now every report is written and flushed, and every file committed or removed.
#[cfg(unix)]
fn exit_now(code: ExitCode) -> ExitCode {
    let Some(n) = [0u8, 1, 2].into_iter().find(|&n| code == ExitCode::from(n)) else {
        return code;
    };
    // Whatever went through std's own stdout buffer.
    if std::io::Write::flush(&mut std::io::stdout()).is_err() {
        return ExitCode::from(2);
    }
    // SAFETY: `_exit` only ends the process; no Rust state is used after it.
    unsafe { libc::_exit(i32::from(n)) }
}

#[cfg(not(unix))]
fn exit_now(code: ExitCode) -> ExitCode {
    code
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every block the allocator hands out has the layout's alignment, plain or not: sizes
    /// from 1 byte to past mimalloc's small and medium blocks, every alignment up to a page,
    /// through alloc, alloc_zeroed and realloc (growing and shrinking).
    #[test]
    fn blocks_have_their_alignment() {
        let sizes = (1..=256)
            .chain((257..=70_000).step_by(61))
            .chain([1 << 20, 3 << 20]);
        let mut checked = 0;
        for size in sizes {
            for align in [1, 2, 4, 8, 16, 32, 64, 4096] {
                let layout = Layout::from_size_align(size, align).unwrap();
                // SAFETY: a non-zero size; every block is freed with the layout it has.
                unsafe {
                    let mut p = ALLOC.alloc(layout);
                    assert!(!p.is_null() && p as usize % align == 0, "{size} {align}");
                    let z = ALLOC.alloc_zeroed(layout);
                    assert!(z as usize % align == 0, "zeroed {size} {align}");
                    assert!(std::slice::from_raw_parts(z, size).iter().all(|&b| b == 0));
                    ALLOC.dealloc(z, layout);
                    for new_size in [size / 2 + 1, size * 2 + 7] {
                        p.write_bytes(0xa5, size);
                        let q = ALLOC.realloc(p, layout, new_size);
                        assert!(
                            q as usize % align == 0,
                            "realloc {size}->{new_size} {align}"
                        );
                        let kept = std::slice::from_raw_parts(q, size.min(new_size));
                        assert!(kept.iter().all(|&b| b == 0xa5), "{size}->{new_size}");
                        let grown = Layout::from_size_align(new_size, align).unwrap();
                        p = ALLOC.realloc(q, grown, size);
                        assert!(p as usize % align == 0, "realloc back {size} {align}");
                    }
                    ALLOC.dealloc(p, layout);
                }
                checked += 1;
            }
        }
        assert!(checked > 10_000, "{checked}");
    }
}
