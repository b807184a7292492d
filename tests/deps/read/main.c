/* read: a program that reads stdin gets console input by interrupt (ttyin) with the read. */
#include <unistd.h>

int main(void)
{
	char c;
	return (int)read(0, &c, 1);
}
