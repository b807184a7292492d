#!/bin/sh
# bench/files.sh: file throughput in the in-memory file system (ramfs, the guest's /tmp)
# against the same program run natively on the host's in-memory file system (/dev/shm, a
# tmpfs) and on its disk (a temporary directory, page cache): bench/fileio writes 64 MiB in
# 1 MiB writes and reads it back, timed from inside (boot not counted). Runs are interleaved;
# medians are printed. The guest runs under TCG (forced: --accel tcg), on microvm, with 256 MiB
# so that the file fits in ramfs's default share (50%). IO_RUNS (default 5) sets the runs.
set -e
cd "$(dirname "$0")/.."
N=${IO_RUNS:-5}
UKCC=$PWD/build/bin/ukcc
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
musl-gcc -static -O2 -o "$work/native" bench/fileio/fileio.c
"$UKCC" build -o "$work/fileio.img" bench/fileio/unikernel.json
shm=/dev/shm; [ -d "$shm" ] && [ -w "$shm" ] || shm=""
mkdir "$work/disk"
for i in $(seq "$N"); do
	[ -n "$shm" ] && "$work/native" "$shm" >>"$work/shm.txt"
	"$work/native" "$work/disk" >>"$work/disk.txt"
	"$UKCC" run --accel tcg --machine microvm --mem 256M --timeout 300 "$work/fileio.img" -- /tmp \
		</dev/null >>"$work/guest.txt"
done
median() { # FILE FIELD
	awk -v f="$2" '{print $f}' "$1" | sort -g | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'
}
echo "== 64 MiB written and read back in the in-memory file system, $N interleaved runs, medians"
echo "  command: ukcc run --accel tcg --mem 256M fileio.img -- /tmp (bench/fileio); native: fileio DIR"
gw=$(median "$work/guest.txt" 2)
gr=$(median "$work/guest.txt" 5)
for ref in shm disk; do
	[ -s "$work/$ref.txt" ] || continue
	nw=$(median "$work/$ref.txt" 2)
	nr=$(median "$work/$ref.txt" 5)
	label=$([ $ref = shm ] && echo "native, /dev/shm (tmpfs)" || echo "native, disk (page cache)")
	printf "  %-28s write %8.1f MB/s   read %8.1f MB/s\n" "$label" "$nw" "$nr"
done
ref=$([ -s "$work/shm.txt" ] && echo shm || echo disk)
nw=$(median "$work/$ref.txt" 2)
nr=$(median "$work/$ref.txt" 5)
printf "  %-28s write %8.1f MB/s   read %8.1f MB/s   (%.2fx, %.2fx native %s)\n" "guest ramfs, microvm, TCG" \
	"$gw" "$gr" "$(awk "BEGIN{print $gw/$nw}")" "$(awk "BEGIN{print $gr/$nr}")" "$ref"
