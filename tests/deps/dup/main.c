/* dup: defines a symbol the runtime provides; the build must refuse it by name. */
void pvh_entry(void) {}
int main(void) { return 0; }
