# ppc64el is little-endian (the 64k-page kernels boot the same payload).
$(eval $(call cross_payload,ppc64el,powerpc64le-linux-gnu,bpfel))
