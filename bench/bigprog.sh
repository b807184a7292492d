#!/bin/sh
# bigprog.sh DIR [FILES] [FUNCS]: writes a synthetic C program of about FILES*FUNCS*10 lines
# (default 100 files x 100 functions: ~100k lines) into DIR, using a broad slice of libc
# (stdio, strings, memory, time, files, environment), for timing the analysis at scale.
set -e
dir=$1 files=${2:-100} funcs=${3:-100}
mkdir -p "$dir"
i=0
while [ $i -lt "$files" ]; do
	awk -v f=$i -v n="$funcs" 'BEGIN {
		print "#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>\n#include <time.h>\n#include <unistd.h>\n#include <fcntl.h>"
		for (j = 0; j < n; j++) {
			printf "int f%d_%d(int x)\n{\n", f, j
			printf "\tchar buf[64];\n\tsnprintf(buf, sizeof buf, \"%%d\", x + %d);\n", j
			op = j % 6
			if (op == 0) print "\tchar *p = malloc(strlen(buf) + 1); strcpy(p, buf); x += (int)strlen(p); free(p);"
			if (op == 1) print "\tx += atoi(buf) + (int)strtol(buf, 0, 10);"
			if (op == 2) print "\tif (x == 12345) { FILE *f = fopen(buf, \"r\"); if (f) fclose(f); }"
			if (op == 3) print "\tif (x == 54321) x += (int)time(0) + (int)getpid();"
			if (op == 4) print "\tif (x == 999) { int fd = open(buf, O_RDONLY); if (fd >= 0) close(fd); }"
			if (op == 5) print "\tx += memcmp(buf, \"12\", 2) + (getenv(buf) != 0);"
			print "\treturn x;\n}\n"
		}
	}' >"$dir/f$i.c"
	i=$((i + 1))
done
printf 'int f0_0(int);\nint main(void) { return f0_0(1) == 0; }\n' >"$dir/main.c"
