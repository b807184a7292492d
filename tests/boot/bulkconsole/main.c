/* bulkconsole: with the vconsole component, output beyond the UART's first 4 KiB leaves
 * through the virtio console. Every byte must arrive, stdout and stderr in the order written
 * (expect.merged), and a prompt must be out before the program waits for its answer. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void say(int fd, const char *s)
{
	write(fd, s, strlen(s));
}

int main(void)
{
	char line[128];
	for (int i = 0; i < 120; i++) {
		snprintf(line, sizeof line, "line %03d: the quick brown fox jumps over the lazy dog\n", i);
		say(1, line);
		if (i % 20 == 0) {
			snprintf(line, sizeof line, "err %03d\n", i);
			say(2, line);
		}
	}
	say(1, "\020 a DLE, the framing's escape byte, passes through\n");
	say(1, "name? ");
	char name[64] = "";
	if (!fgets(name, sizeof name, stdin))
		return 1;
	name[strcspn(name, "\n")] = 0;
	snprintf(line, sizeof line, "hello %s\n", name);
	say(1, line);
	say(2, "bye\n");
	return 5;
}
