# 32-bit Arm Linux (armhf) is little-endian.
$(eval $(call cross_payload,armhf,arm-linux-gnueabihf,bpfel))
