#!/bin/sh
# bench/cc.sh: cc mode's figures, each measured side by side in one run (bench/run runs it;
# it also runs alone after `make`). RUNS (default 21) sets the interleaved repetitions.
set -e
cd "$(dirname "$0")/.."
RUNS=${RUNS:-21}
UKCC=$PWD/build/bin/ukcc
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
export UKCC_CACHE_DIR="$work/cache"
cc -O2 -o "$work/timeit" bench/timeit.c
cp manifests/hello/hello.c "$work/hello.c"
cd "$work"
"$UKCC" hello.c -o warm >/dev/null 2>&1 # the libc scan cache

echo "== cc mode: probes, $RUNS interleaved runs (the first is the process floor)"
./timeit "$RUNS" 0 \
	"/bin/true" /bin/true ::: \
	"ukcc --version" "$UKCC" --version ::: \
	"ukcc -dumpmachine" "$UKCC" -dumpmachine ::: \
	"ukcc -print-file-name=libc.a" "$UKCC" -print-file-name=libc.a
echo "  target: --version and -dumpmachine under 10 ms"

echo "== cc mode: warm compile and link of hello.c, $RUNS interleaved runs"
./timeit "$RUNS" 0 \
	"musl-gcc -static hello.c -o hello" musl-gcc -static hello.c -o native ::: \
	"ukcc hello.c -o hello" "$UKCC" hello.c -o hello ::: \
	"ukcc -c hello.c" "$UKCC" -c hello.c -o hello.o
echo "  target: ukcc hello.c <= 2x musl-gcc -static"

echo "== cc mode: running the image as ./hello (launcher) vs ukcc run, $RUNS interleaved runs"
./timeit "$RUNS" 0 \
	"ukcc run hello" "$UKCC" run hello ::: \
	"./hello (PT_INTERP launcher)" ./hello

echo "== cc mode: make -j1 and make -j2 CC=ukcc of a multi-file project (bench/bigprog.sh, 16 files)"
sh "$OLDPWD/bench/bigprog.sh" big 16 50
(cd big && printf 'SRCS = $(wildcard *.c)\nprog: $(SRCS:.c=.o)\n\t$(CC) -o $@ $^\n%%.o: %%.c\n\t$(CC) -O2 -MMD -c -o $@ $<\n' >Makefile)
grep -q 'int main' big/*.c || printf 'int main(void) { return 0; }\n' >big/main.c
for j in 1 2; do
	rm -f big/*.o big/*.d big/prog
	t0=$(date +%s.%N)
	make -s -C big -j$j CC="$UKCC" 2>/dev/null
	t1=$(date +%s.%N)
	cp big/prog prog.j$j
	echo "  make -j$j: $(awk "BEGIN{printf \"%.2f\", $t1 - $t0}") s"
done
if cmp -s prog.j1 prog.j2; then echo "  -j1 and -j2 images: identical"; else echo "  -j1 and -j2 images: DIFFER"; fi
