# arm64 Linux is little-endian.
$(eval $(call cross_payload,arm64,aarch64-linux-gnu,bpfel))
