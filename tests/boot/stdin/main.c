/* stdin: the host's stdin reaches the guest byte for byte, control bytes included, and its
 * end is end of file. */
#include <stdio.h>

int main(void)
{
	unsigned long n = 0, sum = 0;
	int c;
	while ((c = getchar()) != EOF) {
		n++;
		sum = sum * 31 + (unsigned)c;
		if (c >= 0x20 && c < 0x7f)
			putchar(c);
	}
	printf("\nbytes=%lu sum=%lu eof=%d\n", n, sum, feof(stdin));
	return 0;
}
