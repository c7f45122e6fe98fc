# s390x is big-endian: its BPF objects are too.
$(eval $(call cross_payload,s390x,s390x-linux-gnu,bpfeb))
