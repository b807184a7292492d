/* a.c: matched by "src/*.c" in golden manifests. */
int a(void) { return 1; }
