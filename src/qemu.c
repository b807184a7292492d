/* qemu.c: checks an image, picks the accelerator and builds the QEMU command that boots it. */
#include "qemu.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <uk/abi.h>

#include "hostfd.h"

#define XEN_ELFNOTE_PHYS32_ENTRY 18

/* ---- the image ---- */

/* A note in a segment (loaded) or only in a section (seen by tools, not by QEMU). */
static void note_seen(struct uk_image_info *in, bool loaded, const char *name, uint32_t namesz,
		      uint32_t type, const unsigned char *desc, uint32_t descsz)
{
	if (loaded && namesz == 4 && !memcmp(name, "Xen", 4) && type == XEN_ELFNOTE_PHYS32_ENTRY)
		in->pvh = true;
	if (namesz == sizeof UK_NOTE_NAME && !memcmp(name, UK_NOTE_NAME, namesz) &&
	    type == UK_NOTE_MEMORY && descsz == 8)
		memcpy(&in->memory, desc, 8);
	if (namesz == sizeof UK_NOTE_NAME && !memcmp(name, UK_NOTE_NAME, namesz) &&
	    type == UK_NOTE_COMPONENTS) {
		in->components = true;
		for (uint32_t i = 0; i < descsz; i += (uint32_t)strnlen((const char *)desc + i, descsz - i) + 1) {
			if (descsz - i >= 3 && !memcmp(desc + i, "9p", 3))
				in->has_9p = true;
			if (descsz - i >= 9 && !memcmp(desc + i, "vconsole", 9))
				in->has_vconsole = true;
		}
	}
}

/* Walks the notes in data[off, off+size). ELF64 notes are 4-byte aligned in practice (Linux,
 * QEMU and our linker script); an 8-aligned note segment pads to 8. */
static void scan_notes(struct uk_image_info *in, bool loaded, const unsigned char *data,
		       size_t len, uint64_t off, uint64_t size, uint64_t align)
{
	if (off > len || size > len - off)
		return;
	size_t a = align == 8 ? 8 : 4;
	const unsigned char *p = data + off, *end = p + size;
	while ((size_t)(end - p) >= sizeof(Elf64_Nhdr)) {
		Elf64_Nhdr n;
		memcpy(&n, p, sizeof n);
		size_t name_len = (n.n_namesz + a - 1) / a * a;
		size_t desc_len = (n.n_descsz + a - 1) / a * a;
		const unsigned char *name = p + sizeof n;
		if (name_len > (size_t)(end - name) || desc_len > (size_t)(end - name) - name_len)
			return;
		note_seen(in, loaded, (const char *)name, n.n_namesz, n.n_type, name + name_len,
			  n.n_descsz);
		p = name + name_len + desc_len;
	}
}

/* QEMU reads the PVH note from PT_NOTE segments; the memory note may also sit in an
 * unallocated SHT_NOTE section. */
static bool elf_notes(const unsigned char *data, size_t len, struct uk_image_info *in)
{
	Elf64_Ehdr eh;
	if (len < sizeof eh)
		return false;
	memcpy(&eh, data, sizeof eh);
	if (memcmp(eh.e_ident, ELFMAG, SELFMAG) || eh.e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh.e_ident[EI_DATA] != ELFDATA2LSB || eh.e_machine != EM_X86_64 || eh.e_type != ET_EXEC)
		return false;
	if (eh.e_phentsize >= sizeof(Elf64_Phdr) && eh.e_phoff < len &&
	    (uint64_t)eh.e_phnum * eh.e_phentsize <= len - eh.e_phoff)
		for (size_t i = 0; i < eh.e_phnum; i++) {
			Elf64_Phdr ph;
			memcpy(&ph, data + eh.e_phoff + i * eh.e_phentsize, sizeof ph);
			if (ph.p_type == PT_NOTE)
				scan_notes(in, true, data, len, ph.p_offset, ph.p_filesz, ph.p_align);
			if (ph.p_type == PT_LOAD && ph.p_paddr + ph.p_memsz > in->load_end)
				in->load_end = ph.p_paddr + ph.p_memsz;
		}
	if (eh.e_shentsize >= sizeof(Elf64_Shdr) && eh.e_shoff < len &&
	    (uint64_t)eh.e_shnum * eh.e_shentsize <= len - eh.e_shoff)
		for (size_t i = 0; i < eh.e_shnum; i++) {
			Elf64_Shdr sh;
			memcpy(&sh, data + eh.e_shoff + i * eh.e_shentsize, sizeof sh);
			if (sh.sh_type == SHT_NOTE)
				scan_notes(in, false, data, len, sh.sh_offset, sh.sh_size, sh.sh_addralign);
		}
	return true;
}

int uk_image_check(const char *path, struct uk_image_info *info)
{
	size_t len;
	unsigned char *data = (unsigned char *)uk_read_file(path, &len);
	if (!data) {
		uk_error("%s: cannot read:", path);
		return UK_EXIT_USAGE;
	}
	*info = (struct uk_image_info){0};
	bool elf = elf_notes(data, len, info);
	free(data);
	if (!elf || !info->pvh) {
		uk_error("%s: not a PVH-bootable ELF64 image (no XEN_ELFNOTE_PHYS32_ENTRY note)", path);
		return UK_EXIT_USAGE;
	}
	return 0;
}

/* ---- the accelerator ---- */

/* True if the "flags" line of /proc/cpuinfo lists vmx or svm. */
static bool cpu_has_virt(void)
{
	char *info = uk_read_file("/proc/cpuinfo", NULL);
	if (!info)
		return false;
	bool found = false;
	char *flags = strstr(info, "\nflags");
	if (flags && (flags = strchr(flags, ':'))) {
		flags[strcspn(flags, "\n")] = 0;
		char *save;
		for (char *w = strtok_r(flags + 1, " \t", &save); w && !found;
		     w = strtok_r(NULL, " \t", &save))
			found = !strcmp(w, "vmx") || !strcmp(w, "svm");
	}
	free(info);
	return found;
}

/* Why KVM cannot run guest code here, or NULL if it can. /dev/kvm alone is not enough: a
 * paravirtual KVM (PVM) without vmx/svm fails at the guest's first SSE instruction. */
static char *kvm_unusable(void)
{
	int fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return uk_xasprintf("cannot open /dev/kvm: %s", strerror(errno));
	close(fd);
	if (!cpu_has_virt())
		return uk_xstrdup("/dev/kvm exists but the CPU has no vmx/svm (a paravirtual KVM "
				  "that cannot run SSE code)");
	return NULL;
}

int uk_accel_pick(enum uk_accel want, enum uk_accel *got)
{
	if (want == UK_ACCEL_TCG) {
		*got = UK_ACCEL_TCG;
		return 0;
	}
	char *why = kvm_unusable();
	if (!why) {
		*got = UK_ACCEL_KVM;
		return 0;
	}
	if (want == UK_ACCEL_AUTO) {
		free(why);
		*got = UK_ACCEL_TCG;
		return 0;
	}
	uk_error("--accel kvm: %s; use --accel tcg or auto", why);
	free(why);
	return UK_RUN_FAILED;
}

/* ---- the guest command line ---- */

#define HOST_ROOT_TAG "ukccroot"

void uk_percent_encode(struct uk_buf *b, const char *s, const char *also)
{
	/* Tokens are space-separated, so an empty argument would vanish: send it as a lone NUL,
	 * which decodes to the empty C string. */
	if (!*s)
		uk_buf_add(b, "%00", 3);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (strchr(UK_CMDLINE_SAFE, *p) && !strchr(also, *p))
			uk_buf_add(b, p, 1);
		else
			uk_buf_addf(b, "%%%02X", *p);
	}
}

char *uk_guest_cmdline(const struct uk_run_opts *o, const char *tty, bool out_full, enum uk_sink err,
		       const struct uk_hostfd *fds, bool vconsole)
{
	struct uk_buf b = {0};
	/* The runner always escapes what it forwards, so the guest can tell ^D from end of file,
	 * and always splits stdout from stderr. */
	uk_buf_addf(&b, "%s %s%s", UK_CMDLINE_STDIN_ESCAPED, UK_CMDLINE_STDERR,
		    err == UK_SINK_TTY ? "tty" : err == UK_SINK_FULL ? "full" : "pipe");
	if (out_full)
		uk_buf_addf(&b, " %s", UK_CMDLINE_STDOUT_FULL);
	if (tty)
		uk_buf_addf(&b, " %s%s", UK_CMDLINE_TTY, tty);
	if (o->strace)
		uk_buf_addf(&b, " %s", UK_CMDLINE_STRACE);
	if (vconsole)
		uk_buf_addf(&b, " %svirtio", UK_CMDLINE_CONSOLE);
	for (size_t i = 0; i < o->nenv; i++) {
		uk_buf_addf(&b, " %s", UK_CMDLINE_ENV);
		uk_percent_encode(&b, o->env[i], "=");
	}
	if (o->host_root) { /* a program on the host's files starts with the host's umask */
		mode_t mask = umask(0);
		umask(mask);
		uk_buf_addf(&b, " %s%s %s%03o", UK_CMDLINE_HOSTROOT, HOST_ROOT_TAG, UK_CMDLINE_UMASK, (unsigned)mask);
	}
	for (size_t i = 0; i < o->nshares; i++) {
		uk_buf_addf(&b, " %sukcc%zu:", UK_CMDLINE_SHARE, i);
		uk_percent_encode(&b, o->shares[i].guest, ":");
		if (o->shares[i].ro)
			uk_buf_addf(&b, ":ro");
	}
	if (o->cwd) {
		uk_buf_addf(&b, " %s", UK_CMDLINE_CWD);
		uk_percent_encode(&b, o->cwd, "");
	}
	if (fds)
		uk_hostfd_cmdline(&b, fds);
	if (o->argv0) {
		uk_buf_addf(&b, " %s", UK_CMDLINE_ARGV0);
		uk_percent_encode(&b, o->argv0, "");
	}
	if (o->has_args) {
		uk_buf_addf(&b, " --");
		for (size_t i = 0; i < o->nargs; i++) {
			uk_buf_add(&b, " ", 1);
			uk_percent_encode(&b, o->args[i], "");
		}
	}
	return b.p;
}

/* ---- the QEMU command ---- */

/* QEMU reads a bare -m number as MiB, so always give a unit. */
static char *qemu_size(uint64_t bytes)
{
	if (bytes % (1u << 20) == 0)
		return uk_xasprintf("%lluM", (unsigned long long)(bytes >> 20));
	return uk_xasprintf("%lluK", (unsigned long long)((bytes + 1023) >> 10));
}

/* microvm: no firmware noise, ISA serial on COM1. pc/q35: SeaBIOS prints only to the VGA
 * (absent with -nodefaults) and to its debug port 0x402, never to COM1 or 0xe9. */
static void machine_args(struct uk_strv *a, const char *machine)
{
	uk_strv_push(a, "-M");
	if (!machine || !strcmp(machine, "microvm"))
		uk_strv_push(a, "microvm,isa-serial=on");
	else
		uk_strv_push(a, machine);
}

/* microvm's devices sit on virtio-mmio; pc's and q35's on PCI. */
static bool on_mmio(const struct uk_run_opts *o)
{
	return !o->machine || !strcmp(o->machine, "microvm");
}

/* QEMU's option syntax: a comma inside a value is written twice. */
static void add_escaped(struct uk_buf *b, const char *s)
{
	for (; *s; s++)
		uk_buf_add(b, *s == ',' ? ",," : s, *s == ',' ? 2 : 1);
}

/* Each share is a local fsdev confined to its directory (QEMU resolves every path beneath
 * it without following symbolic links out of it) and a virtio-9p device with tag ukccN.
 * security_model=none: files are created as the user running QEMU, with the guest's modes;
 * multidevs=remap keeps inode numbers unique when the directory spans file systems. */
static void share_args(struct uk_strv *a, const struct uk_run_opts *o)
{
	bool mmio = on_mmio(o);
	if (o->host_root) { /* like a share of /, but the guest mounts what is in it (abi.h) */
		uk_strv_push(a, "-fsdev");
		uk_strv_push(a, "local,id=ukfsroot,security_model=none,multidevs=remap,path=/");
		uk_strv_push(a, "-device");
		uk_strv_push(a, mmio ? "virtio-9p-device,fsdev=ukfsroot,mount_tag=" HOST_ROOT_TAG
				     : "virtio-9p-pci,fsdev=ukfsroot,mount_tag=" HOST_ROOT_TAG);
	}
	for (size_t i = 0; i < o->nshares; i++) {
		struct uk_buf fs = {0}, dev = {0};
		uk_buf_addf(&fs, "local,id=ukfs%zu,security_model=none,multidevs=remap%s,path=", i,
			    o->shares[i].ro ? ",readonly=on" : "");
		add_escaped(&fs, o->shares[i].host);
		uk_buf_addf(&dev, "%s,fsdev=ukfs%zu,mount_tag=ukcc%zu",
			    mmio ? "virtio-9p-device" : "virtio-9p-pci", i, i);
		uk_strv_push(a, "-fsdev");
		uk_strv_push(a, fs.p);
		uk_strv_push(a, "-device");
		uk_strv_push(a, dev.p);
		uk_buf_free(&fs);
		uk_buf_free(&dev);
	}
}

/* The virtio console (abi.h's ukcc.console=virtio) on a socket the runner passes as fd 3: a
 * serial port at port 1, which waits for a slow reader where a console port (port 0) would
 * drop what the socket cannot take at once. */
static void vconsole_args(struct uk_strv *a, const struct uk_run_opts *o)
{
	bool mmio = on_mmio(o);
	const char *args[] = {"-chardev", "socket,id=ukvcon,fd=" UK_VCONSOLE_FD_STR, "-device",
			      mmio ? "virtio-serial-device,max_ports=2" : "virtio-serial-pci,max_ports=2",
			      "-device", "virtserialport,chardev=ukvcon,nr=1", NULL};
	for (size_t i = 0; args[i]; i++)
		uk_strv_push(a, args[i]);
}

void uk_qemu_argv(struct uk_strv *a, const struct uk_run_opts *o, enum uk_accel accel,
		  uint64_t memory, const char *cmdline, const char *status_path, bool vconsole,
		  const char *module)
{
	const char *qemu = o->qemu ? o->qemu : getenv("UKCC_QEMU");
	uk_strv_push(a, qemu && *qemu ? qemu : UK_QEMU_DEFAULT);
	machine_args(a, o->machine);
	uk_strv_push(a, "-accel");
	uk_strv_push(a, accel == UK_ACCEL_KVM ? "kvm" : "tcg");
	/* Under TCG, "max" has what musl and clang's code expect (SSE4, RDRAND; not RDSEED). */
	uk_strv_push(a, "-cpu");
	uk_strv_push(a, accel == UK_ACCEL_KVM ? "host" : "max");
	char *m = qemu_size(memory);
	uk_strv_push(a, "-m");
	uk_strv_push(a, m);
	free(m);
	const char *fixed[] = {"-nodefaults", "-no-user-config", "-display", "none", "-no-reboot",
			       "-serial", "stdio", "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
			       "-chardev", NULL};
	for (size_t i = 0; fixed[i]; i++)
		uk_strv_push(a, fixed[i]);
	struct uk_buf chardev = {0};
	uk_buf_addf(&chardev, "file,id=ukstatus,path=");
	add_escaped(&chardev, status_path);
	uk_strv_push(a, chardev.p);
	uk_buf_free(&chardev);
	uk_strv_push(a, "-device");
	uk_strv_push(a, "isa-debugcon,iobase=0xe9,chardev=ukstatus");
	share_args(a, o);
	if (vconsole)
		vconsole_args(a, o);
	uk_strv_push(a, "-kernel");
	uk_strv_push(a, o->image);
	if (module) {
		uk_strv_push(a, "-initrd");
		uk_strv_push(a, module);
	}
	uk_strv_push(a, "-append");
	uk_strv_push(a, cmdline);
}
