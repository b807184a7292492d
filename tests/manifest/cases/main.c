/* main.c: a source file that golden manifests name. */
int main(void) { return 0; }
