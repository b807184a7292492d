#!/bin/sh
# bench/share.sh: file throughput through a shared host directory (ukcc run --share, virtio-9p)
# against the same program run natively on the same directory: bench/fileio writes 64 MiB in
# 1 MiB writes and reads it back, timed from inside. Native and guest runs are interleaved;
# medians are printed. The guest runs under TCG (forced: --accel tcg).
# IO_RUNS (default 5) sets the repetitions, MACHINES (default "microvm pc") the machines.
set -e
cd "$(dirname "$0")/.."
N=${IO_RUNS:-5}
MACHINES=${MACHINES:-microvm pc}
UKCC=$PWD/build/bin/ukcc
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
musl-gcc -static -O2 -o "$work/native" bench/fileio/fileio.c
"$UKCC" build -o "$work/fileio.img" bench/fileio/unikernel.json
mkdir "$work/dir"

# Each run prints "write W MB/s read R MB/s (64 MiB)"; keep W and R per configuration.
for i in $(seq "$N"); do
	"$work/native" "$work/dir" >>"$work/native.txt"
	for m in $MACHINES; do
		"$UKCC" run --accel tcg --machine "$m" --timeout 300 --share "$work/dir:/share" \
			"$work/fileio.img" -- /share </dev/null >>"$work/$m.txt"
	done
done
median() { # FILE FIELD
	awk -v f="$2" '{print $f}' "$1" | sort -g | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'
}
nw=$(median "$work/native.txt" 2)
nr=$(median "$work/native.txt" 5)
echo "== 64 MiB written and read back through --share (virtio-9p, msize 512 KiB), $N interleaved runs, medians"
echo "  command: ukcc run --accel tcg --machine M --share DIR:/share fileio.img -- /share (bench/fileio)"
printf "  %-22s write %8.1f MB/s   read %8.1f MB/s\n" "native (musl, host)" "$nw" "$nr"
for m in $MACHINES; do
	gw=$(median "$work/$m.txt" 2)
	gr=$(median "$work/$m.txt" 5)
	printf "  %-22s write %8.1f MB/s   read %8.1f MB/s   (%.2fx, %.2fx native)\n" \
		"guest, $m, TCG" "$gw" "$gr" "$(awk "BEGIN{print $gw/$nw}")" "$(awk "BEGIN{print $gr/$nr}")"
done
