# 32-bit x86 Linux is little-endian; Debian's multiarch directory is
# i386-linux-gnu, its cross toolchain i686-linux-gnu-*.
$(eval $(call cross_payload,i386,i386-linux-gnu,bpfel,i686-linux-gnu))
