# riscv64 Linux is little-endian.  Debian has it from trixie on, and
# trixie's static libraries need a newer linker than bookworm's cross
# binutils (2.40, which crashes on their R_RISCV_SET_ULEB128 relocations):
# the payload links against trixie's glibc and shared libraries instead, and
# carries them in its lib/, its loader included, found there by path
# (DT_RPATH, which holds for the libraries' own dependencies too).
riscv64_SYSROOT ?= .cache/riscv64/sysroot
riscv64_CC ?= riscv64-linux-gnu-gcc --sysroot=$(riscv64_SYSROOT) -B$(riscv64_SYSROOT)/usr/lib/riscv64-linux-gnu/
riscv64_LDFLAGS := -Wl,--dynamic-linker=/tailbench/lib/ld-linux-riscv64-lp64d.so.1 \
	-Wl,--disable-new-dtags,-rpath,/tailbench/lib
riscv64_LIBS := ld-linux-riscv64-lp64d.so.1 libc.so.6 libm.so.6 libbpf.so.1 libelf.so.1 libz.so.1 \
	libzstd.so.1 libjansson.so.4 libgsl.so.28 libgslcblas.so.0 libcapstone.so.5
$(eval $(call cross_payload,riscv64,riscv64-linux-gnu,bpfel))
