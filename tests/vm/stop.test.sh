#!/usr/bin/env bash
# SIGTERM to './run.sh kernels' while a VM runs: every process it started
# (matrix.sh, boot.sh, timeout, qemu) goes at once, a result that came back
# before stays, and the summary marks the kernels stopped.  qemu is a
# stand-in that sends a result back at once for the kernel 'fast' and
# waits for good for the others, so no kernel is booted.
. "$(dirname "$0")/../lib.sh"
tmpdir
VM="$TOP/harness/vm"

if ! command -v busybox >/dev/null; then
	skip "stopping the matrix" "busybox-static is needed for the initramfs"
	finish
fi

mkdir -p "$TMP/bin" "$TMP/res"
# A bzImage to arch_is_image: "HdrS" at offset 0x202.
for k in fast slow; do
	head -c 1024 /dev/zero >"$TMP/$k.img"
	printf HdrS | dd of="$TMP/$k.img" bs=1 seek=514 conv=notrunc status=none
done
cat >"$TMP/bin/qemu-system-x86_64" <<EOF
#!/usr/bin/env bash
[ "\$1" = --version ] && { echo 'QEMU emulator version 0.0.0'; exit 0; }
# The second -serial file: carries the result.
files=()
for a; do case \$a in file:*) files+=("\${a#file:}") ;; esac; done
case "\$*" in
*"-kernel $TMP/fast.img"*)
	. '$VM/frame.sh'
	echo '{"stand-in": true}' >'$TMP/result.json'
	frame_result '$TMP/result.json' >"\${files[1]}"
	;;
*)
	echo \$\$ >>'$TMP/qemu.pids'
	exec sleep 600
	;;
esac
EOF
chmod +x "$TMP/bin/qemu-system-x86_64"

# One at a time: 'fast' comes back, 'slow' hangs, 'later' waits its turn.
TB_VM_ACCEL=tcg PATH="$TMP/bin:$PATH" "$TOP/run.sh" kernels --results "$TMP/res" --jobs 1 \
	--image "$TMP/fast.img" --label fast --image "$TMP/slow.img" --label slow \
	--image "$TMP/slow.img" --label later >/dev/null 2>"$TMP/log" &
pid=$!
for _ in $(seq 300); do
	[ -s "$TMP/qemu.pids" ] && break
	sleep 1
done
check "the stand-in qemu of 'slow' runs" [ -s "$TMP/qemu.pids" ]
start=$SECONDS
kill -TERM "$pid"
rc=0
wait "$pid" || rc=$?
check "./run.sh kernels exits 143 on SIGTERM (got $rc)" [ "$rc" -eq 143 ]
check "... within 15 s ($((SECONDS - start)) s)" [ $((SECONDS - start)) -le 15 ]
# Every process it started has $TMP on its command line.
left=$(pgrep -af "$TMP/")
check "... and no process it started is left (qemu, timeout, boot.sh, matrix.sh)${left:+: $left}" \
	[ -z "$left" ]
check "the result that came back before stays" bash -c "ls '$TMP'/res/vm-fast-*.json >/dev/null"
check "... and only it" [ "$(find "$TMP/res" -type f | wc -l)" -eq 1 ]
check "the summary: 'fast' ok, 'slow' stopped in its boot, 'later' not done" \
	bash -c "grep -Eq '^fast +[0-9]+ s  ok$' '$TMP/log' &&
		grep -Eq '^slow +[0-9]+ s  FAILED \(stopped by SIGTERM before the guest was done\)$' '$TMP/log' &&
		grep -Eq '^later +0 s  FAILED \(not done: the matrix was stopped\)$' '$TMP/log'"
check "... after saying it was stopped" grep -q 'matrix: stopped by SIGTERM' "$TMP/log"
finish
