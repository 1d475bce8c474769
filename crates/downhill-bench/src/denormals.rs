//! `--flush-denormals 1`: a diagnostic, off by default (what users get). Sets FTZ and DAZ in this
//! thread's MXCSR before any rayon thread exists; threads created later copy the register, so the
//! whole run treats subnormal f32 as zero. Comparing an MLP run with and without it shows how much
//! time goes to subnormal arithmetic (torch's equivalent: `torch.set_flush_denormal(True)`).

#[cfg(target_arch = "x86_64")]
pub fn flush_to_zero() {
    let mut csr: u32 = 0;
    // SAFETY: stmxcsr/ldmxcsr only read and write this thread's SSE control/status register;
    // FTZ (bit 15) and DAZ (bit 6) change how subnormal results and inputs are treated, nothing else.
    unsafe {
        std::arch::asm!("stmxcsr [{0}]", in(reg) &mut csr, options(nostack));
        csr |= (1 << 15) | (1 << 6);
        std::arch::asm!("ldmxcsr [{0}]", in(reg) &csr, options(nostack));
    }
}

#[cfg(not(target_arch = "x86_64"))]
pub fn flush_to_zero() {}
