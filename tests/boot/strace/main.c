/* strace: --strace traces system calls with no rebuild. */
#include <unistd.h>

int main(void)
{
	write(1, "traced\n", 7);
	return 3;
}
