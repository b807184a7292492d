/* b.c: matched by "src/*.c" in golden manifests. */
int b(void) { return 2; }
