/* main.c: lists the embedded files with their types, modes and contents, then checks they
 * behave as ordinary files (writable, removable). */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void show(const char *path)
{
	struct stat st;
	if (lstat(path, &st)) {
		printf("%s: missing\n", path);
		return;
	}
	printf("%s: %s %o", path, S_ISDIR(st.st_mode) ? "dir" : S_ISLNK(st.st_mode) ? "link" : "file",
	       st.st_mode & 07777);
	if (S_ISLNK(st.st_mode)) {
		char t[256] = {0};
		readlink(path, t, sizeof t - 1);
		printf(" -> %s", t);
	} else if (S_ISREG(st.st_mode)) {
		char buf[256] = {0};
		int fd = open(path, O_RDONLY);
		read(fd, buf, sizeof buf - 1);
		close(fd);
		buf[strcspn(buf, "\n")] = 0;
		printf(" [%s]", buf);
	}
	printf("\n");
	if (!S_ISDIR(st.st_mode))
		return;
	DIR *d = opendir(path);
	char *names[32];
	int n = 0;
	for (struct dirent *e; (e = readdir(d)) && n < 32;)
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			names[n++] = strdup(e->d_name);
	closedir(d);
	qsort(names, (size_t)n, sizeof *names, cmp);
	for (int i = 0; i < n; i++) {
		char child[512];
		snprintf(child, sizeof child, "%s/%s", path, names[i]);
		show(child);
		free(names[i]);
	}
}

int main(void)
{
	show("/www");
	show("/etc/app.ini");
	show("/etc");
	int fd = open("/www/index.html", O_WRONLY | O_APPEND);
	printf("append: %zd\n", write(fd, "more\n", 5));
	close(fd);
	printf("unlink: %d\n", unlink("/www/run.sh"));
	return 0;
}
