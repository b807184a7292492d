/* launch.c: ukcc-launch, the program interpreter (PT_INTERP) of the images cc mode links.
 *
 * For `./prog ARGS`, Linux maps the image and runs its interpreter instead of its entry
 * point (a PVH loader ignores PT_INTERP, so the same file still boots on a hypervisor). This
 * program then becomes `ukcc run IMAGE -- ARGS`: same stdin, stdout and stderr, the
 * environment forwarded, and the guest's exit status as its own, so configure scripts and
 * test suites run what they build without knowing it is a unikernel. It is static-pie and
 * links musl, so it needs no dynamic loader and loads wherever the image leaves room. */
#include <elf.h>
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/stat.h>
#include <unistd.h>

#include <uk/abi.h>

/* The guest's command line holds argv and environment (runtime/boot/cmdline.c); ukcc run
 * passes a long one as a module (abi.h), so the bound is what Linux's own (about 2 MiB for
 * arguments and environment together) takes when every byte is percent-encoded, and a
 * generous count of entries. */
#define CMDLINE_MAX (6u << 20)
#define CMDLINE_ENTRIES (1 << 16)
/* Room for ukcc run's own words (ukcc.stdin=escaped, ukcc.stderr=pipe, ukcc.tty=COLSxROWS). */
#define CMDLINE_RESERVED 64

/* Shell bookkeeping no program reads, and the largest variable of an interactive shell. */
static const char *const skipped[] = {"_=", "OLDPWD=", "PS1=", "PS2=", "PS4=", "PROMPT_COMMAND=", "LS_COLORS=",
				      "SHLVL=", "BASH_FUNC_"};

static void die(int status, const char *what)
{
	fprintf(stderr, "ukcc-launch: %s: %s\n", what, errno ? strerror(errno) : "failed");
	exit(status);
}

/* The guest's encoding (abi.h): bytes outside [A-Za-z0-9._/=:,+@-] become %XX. */
static size_t encoded_len(const char *s, const char *also)
{
	size_t n = *s ? 0 : 3;
	for (; *s; s++)
		n += strchr(UK_CMDLINE_SAFE, *s) && !strchr(also, *s) ? 1 : 3;
	return n;
}

/* True if the image links the component `name` (its .note.ukcc component list, abi.h). */
static bool has_component(const char *image, const char *name)
{
	FILE *f = fopen(image, "rb");
	Elf64_Ehdr eh;
	bool found = false;
	if (!f || fread(&eh, sizeof eh, 1, f) != 1 || eh.e_shentsize != sizeof(Elf64_Shdr))
		goto out;
	for (unsigned i = 0; i < eh.e_shnum && !found; i++) {
		Elf64_Shdr sh;
		if (fseek(f, (long)(eh.e_shoff + i * sizeof sh), SEEK_SET) || fread(&sh, sizeof sh, 1, f) != 1)
			break;
		if (sh.sh_type != SHT_NOTE || sh.sh_size > (1 << 20))
			continue;
		char *notes = malloc(sh.sh_size);
		if (notes && !fseek(f, (long)sh.sh_offset, SEEK_SET) && fread(notes, 1, sh.sh_size, f) == sh.sh_size)
			for (size_t off = 0; off + sizeof(Elf64_Nhdr) <= sh.sh_size && !found;) {
				Elf64_Nhdr nh;
				memcpy(&nh, notes + off, sizeof nh);
				size_t name_at = off + sizeof nh, desc_at = name_at + ((nh.n_namesz + 3) & ~3u);
				if (desc_at + nh.n_descsz > sh.sh_size)
					break;
				if (nh.n_namesz == sizeof UK_NOTE_NAME && !memcmp(notes + name_at, UK_NOTE_NAME, nh.n_namesz) &&
				    nh.n_type == UK_NOTE_COMPONENTS)
					for (size_t p = 0; p < nh.n_descsz; p += strlen(notes + desc_at + p) + 1)
						found = found || !strcmp(notes + desc_at + p, name);
				off = desc_at + ((nh.n_descsz + 3) & ~3u);
			}
		free(notes);
	}
out:
	if (f)
		fclose(f);
	return found;
}

/* The launcher's own path: the image's PT_INTERP, which Linux mapped with the image. */
static const char *self_path(void)
{
	const Elf64_Phdr *ph = (const Elf64_Phdr *)getauxval(AT_PHDR);
	unsigned long n = getauxval(AT_PHNUM);
	for (unsigned long i = 0; ph && i < n; i++)
		if (ph[i].p_type == PT_INTERP)
			return (const char *)ph[i].p_vaddr;
	return NULL;
}

int main(int argc, char **argv, char **envp)
{
	static char image[PATH_MAX], ukcc[PATH_MAX];
	ssize_t len = readlink("/proc/self/exe", image, sizeof image - 1);
	if (len < 0)
		die(126, "cannot find the image (/proc/self/exe)");
	image[len] = 0;
	const char *self = self_path();
	if (!self)
		die(126, "not started as an image's interpreter");
	/* <prefix>/lib/ukcc/ukcc-launch -> <prefix>/bin/ukcc; the build tree has that layout too. */
	const char *slash = strrchr(self, '/');
	if (!slash || snprintf(ukcc, sizeof ukcc, "%.*s/../../bin/ukcc", (int)(slash - self), self) >= (int)sizeof ukcc)
		die(126, "cannot locate ukcc");

	/* argv[0] as the program was started (./prog, a path, a symlink's name), as on Linux;
	 * an exec with an empty argv gets the image's path. */
	const char *argv0 = argc > 0 ? argv[0] : image;
	size_t budget = CMDLINE_MAX - CMDLINE_RESERVED, nenv = 0;
	size_t n0 = encoded_len(argv0, "") + sizeof " ukcc.argv0=";
	if (n0 > budget) {
		errno = E2BIG;
		die(126, "argv[0] does not fit the guest's command line (6 MiB encoded)");
	}
	budget -= n0;
	for (int i = 1; i < argc; i++) {
		size_t n = encoded_len(argv[i], "") + 1;
		if (n > budget || i >= CMDLINE_ENTRIES) {
			errno = E2BIG;
			die(126, "the arguments do not fit the guest's command line (6 MiB encoded, 65536 arguments)");
		}
		budget -= n;
	}
	/* The host's directories appear at their own paths and the current directory is the
	 * guest's working directory, so every path means what it means to a native program:
	 * test suites cd into temporary directories and reach ../ and $srcdir (when the program
	 * uses files at all: the 9p component is linked only then). */
	static char cwd[PATH_MAX];
	bool share = has_component(image, "9p");
	if (share && !getcwd(cwd, sizeof cwd))
		die(126, "cannot read the current directory");
	size_t shared = share ? encoded_len(cwd, "") + sizeof " ukcc.hostroot=ukccroot ukcc.cwd=" : 0;
	if (shared > budget)
		die(126, "the current directory's path does not fit the guest's command line");
	budget -= shared;
	/* ukcc run names stdin, stdout and stderr when they are files (ukcc.fd=): leave room,
	 * since without it they fall back to the console. */
	for (int fd = 0; share && fd < 3; fd++) {
		char link[32], path[PATH_MAX];
		struct stat st;
		snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
		ssize_t n = fstat(fd, &st) || !S_ISREG(st.st_mode) ? -1 : readlink(link, path, sizeof path - 1);
		if (n <= 0)
			continue;
		path[n] = 0;
		size_t need = encoded_len(path, ":") + sizeof " ukcc.fd=0:1089:9223372036854775807:";
		if (need <= budget)
			budget -= need;
	}
	/* ukcc run --host-root --cwd --env K=V ... IMAGE -- ARGS: the environment as far as it fits
	 * after the arguments, in its order; what does not fit is left out. */
	size_t count = 0;
	while (envp[count])
		count++;
	char **av = calloc((size_t)argc + 2 * count + 12, sizeof *av);
	if (!av)
		die(126, "out of memory");
	size_t k = 0;
	av[k++] = ukcc;
	av[k++] = "run";
	av[k++] = "--argv0";
	av[k++] = (char *)argv0;
	if (share) {
		av[k++] = "--host-root";
		av[k++] = "--cwd";
		av[k++] = cwd;
	}
	/* Guest memory for this run, beyond the image's own (`UKCC_MEM=1G make check`). */
	const char *mem = getenv("UKCC_MEM");
	if (mem && *mem) {
		av[k++] = "--mem";
		av[k++] = (char *)mem;
	}
	/* What does not fit is left out largest first (build systems export kilobytes of
	 * MAKEFLAGS; the LC_ALL=C a test sets is what matters), the rest keeps its order. */
	size_t *cost = calloc(count + 1, sizeof *cost);
	if (!cost)
		die(126, "out of memory");
	for (size_t j = 0; j < count; j++) {
		const char *e = envp[j];
		bool skip = !strchr(e, '=') || *e == '=';
		for (size_t i = 0; !skip && i < sizeof skipped / sizeof *skipped; i++)
			skip = !strncmp(e, skipped[i], strlen(skipped[i]));
		cost[j] = skip ? 0 : encoded_len(e, "=") + sizeof "ukcc.env=";
	}
	for (;;) { /* take the cheapest entry not yet taken while it fits */
		size_t best = count;
		for (size_t j = 0; j < count; j++)
			if (cost[j] && cost[j] <= budget && (best == count || cost[j] < cost[best]))
				best = j;
		if (best == count || nenv >= CMDLINE_ENTRIES - 8)
			break;
		budget -= cost[best];
		cost[best] = (size_t)-1; /* taken */
		nenv++;
	}
	for (size_t j = 0; j < count; j++)
		if (cost[j] == (size_t)-1) {
			av[k++] = "--env";
			av[k++] = envp[j];
		}
	free(cost);
	av[k++] = image;
	av[k++] = "--";
	for (int i = 1; i < argc; i++)
		av[k++] = argv[i];
	av[k] = NULL;
	/* The guest gets the environment through --env; ukcc itself (a dynamically linked host
	 * program) must not load what a build's LD_LIBRARY_PATH points at, such as the library
	 * being tested, which ukcc -shared wrote as an object. */
	char **hostenv = calloc(count + 1, sizeof *hostenv);
	if (!hostenv)
		die(126, "out of memory");
	size_t h = 0;
	for (size_t j = 0; j < count; j++)
		if (strncmp(envp[j], "LD_LIBRARY_PATH=", 16) && strncmp(envp[j], "LD_PRELOAD=", 11))
			hostenv[h++] = envp[j];
	execve(ukcc, av, hostenv);
	die(errno == ENOENT ? 127 : 126, ukcc);
}
