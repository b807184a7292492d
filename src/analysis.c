/* analysis.c: resolution, selection and explanation (see analysis.h). */
#include "analysis.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "libcscan.h"
#include "syscalls.h"

/* musl functions whose `syscall` number is not a constant in their own code: forwarders of
 * a number their callers pass, whose constants the scanner reports as sites of their own
 * (uk_musl_takers). Their dynamic sites are explained, not reported. */
static const char *const forwarders[] = {
	"syscall",          /* syscall(n, ...): n is its caller's constant */
	"__syscall_cp",     /* cancellation points: tail call to __syscall_cp_c */
	"__syscall_cp_c",
	"__syscall_cp_asm",
	"do_setxid",        /* setuid() and kin pass their number through __setxid */
};

struct resolver {
	struct uk_analysis *a;
	const struct uk_analysis_input *in;
	struct uk_strmap defined;   /* symbol -> object index + 1 */
	struct uk_strmap compdefs;  /* symbol -> component index + 1 */
	struct uk_strmap wrapped;   /* wrapped symbol -> component index + 1 */
	struct uk_archive *libs;
	size_t nlibs;
	struct uk_object *compobjs; /* each component's object, read once */
	struct uk_libc_scan *libc_scan;
	int failed;
	size_t next;                /* objects before this one have had their references resolved */
	struct uk_finding *reach;   /* every constant system call the linked code can make */
	size_t nreach, handled;
};

/* System calls that musl's code reaches statically but never makes in an image, and why.
 * A rule with `unless` applies only while the program cannot make that other call. */
static const struct {
	const char *function; /* NULL: anywhere */
	const char *syscall, *unless;
} never[] = {
	/* __init_libc polls fds 0-2 and opens /dev/null only for set-uid programs (AT_SECURE),
	 * and the runtime's auxv says an image is not one. */
	{"__init_libc", "poll", NULL},
	{"__init_libc", "ppoll", NULL},
	{"__init_libc", "open", NULL},
	/* musl's locks wait on futexes only once a second thread exists (libc.need_locks). */
	{NULL, "futex", "clone"},
};

static long add_object(struct resolver *r, struct uk_object *o)
{
	struct uk_analysis *a = r->a;
	a->objs = uk_xrealloc(a->objs, (a->nobjs + 1) * sizeof *a->objs);
	a->objs[a->nobjs] = *o;
	*o = (struct uk_object){0};
	return (long)a->nobjs++;
}

static void select_component(struct resolver *r, size_t c, struct uk_why why);

static void define(struct resolver *r, long idx)
{
	struct uk_object *o = &r->a->objs[idx];
	for (size_t i = 0; i < o->defs.n; i++) {
		const char *sym = o->defs.v[i];
		uintptr_t c = (uintptr_t)uk_strmap_get(&r->compdefs, sym);
		if (c && idx < (long)r->a->nprogram) {
			/* A program object redefining what the runtime provides cannot link. */
			struct uk_component *comp = &r->a->comps.v[c - 1];
			if (uk_strv_has(&comp->symbols, sym) && !uk_strv_has(&comp->replaceable, sym)) {
				uk_error("%s: defines %s, which the runtime component %s provides; rename it",
					 o->display, sym, comp->name);
				r->failed = 1;
			}
		}
		uk_strmap_put(&r->defined, sym, (void *)(uintptr_t)(idx + 1));
	}
}

static int load_member(struct resolver *r, struct uk_archive *ar, Elf *m, const char *member,
		       size_t off, long by, const char *sym, const char *from)
{
	struct uk_object o = {0};
	o.display = !strcmp(ar->path, r->in->libc) ? uk_xasprintf("libc: %s", member)
						   : uk_xasprintf("%s(%s)", uk_basename(ar->path), member);
	o.member = uk_xstrdup(member);
	char *where = uk_xasprintf("%s(%s)", ar->path, member);
	int rc = uk_object_read(m, where, &o);
	if (rc == 0) {
		if (r->libc_scan && !strcmp(ar->path, r->in->libc))
			uk_libc_scan_sites(r->libc_scan, off, &o);
		else
			rc = uk_object_scan(m, where, &o);
	}
	free(where);
	if (rc < 0) {
		uk_object_free(&o);
		return -1;
	}
	o.why = by;
	long idx = add_object(r, &o);
	/* The strings live in the referencing object, which is never freed before the report. */
	r->a->objs[idx].why_sym = sym;
	r->a->objs[idx].why_from = from;
	define(r, idx);
	return 0;
}

static void resolve(struct resolver *r, long idx, const struct uk_ref *ref)
{
	if (uk_strmap_get(&r->defined, ref->sym))
		return;
	/* Weak references select nothing, as they extract no archive member: that is how a
	 * component uses another only when something else brought it in (fd reads the rlimit
	 * component's limits if it is linked, and defaults otherwise). */
	if (ref->weak)
		return;
	uintptr_t c = (uintptr_t)uk_strmap_get(&r->wrapped, ref->sym);
	if (!c)
		c = (uintptr_t)uk_strmap_get(&r->compdefs, ref->sym);
	if (c) {
		select_component(r, c - 1, (struct uk_why){UK_WHY_SYMBOL, ref->sym, idx, ref->from});
		return;
	}
	for (size_t i = 0; i < r->nlibs; i++) {
		const char *member;
		size_t off;
		Elf *m = uk_archive_fetch(&r->libs[i], ref->sym, &member, &off);
		if (!m)
			continue;
		if (load_member(r, &r->libs[i], m, member, off, idx, ref->sym, ref->from) < 0)
			r->failed = 1;
		elf_end(m);
		return;
	}
	uk_strv_pushf(&r->a->undefined, "%s\t%ld\t%s", ref->sym, idx, ref->from ? ref->from : "");
}

static bool weak_reason(const struct uk_analysis *a, const struct uk_why *w)
{
	return w->kind == UK_WHY_REQUIRED || w->kind == UK_WHY_ROOT ||
	       (w->kind == UK_WHY_SYMBOL && w->obj >= 0 && a->objs[w->obj].runtime);
}

static void select_component(struct resolver *r, size_t c, struct uk_why why)
{
	struct uk_analysis *a = r->a;
	if (a->selected[c]) {
		/* Explain a component by what the program does, rather than by the runtime's own
		 * needs, when both apply. */
		if (weak_reason(a, &a->why[c]) && !weak_reason(a, &why))
			a->why[c] = why;
		return;
	}
	a->selected[c] = true;
	a->why[c] = why;
	/* Its object joins the link, so its references get resolved like the program's. */
	struct uk_object o = r->compobjs[c];
	r->compobjs[c] = (struct uk_object){0};
	o.display = uk_xasprintf("runtime: %s", a->comps.v[c].name);
	o.why = -1;
	o.runtime = true;
	add_object(r, &o);
	for (size_t i = 0; i < a->comps.v[c].requires.n; i++) {
		struct uk_component *req = uk_component_find(&a->comps, a->comps.v[c].requires.v[i]);
		if (req)
			select_component(r, (size_t)(req - a->comps.v), (struct uk_why){UK_WHY_REQUIRED, a->comps.v[c].name, -1, NULL});
	}
}

static void reach(struct resolver *r, long nr, long idx, const char *from)
{
	if (nr < 0)
		return;
	r->reach = uk_xrealloc(r->reach, (r->nreach + 1) * sizeof *r->reach);
	r->reach[r->nreach++] = (struct uk_finding){nr, idx, from};
}

static bool reachable(const struct resolver *r, long nr)
{
	for (size_t i = 0; i < r->nreach; i++)
		if (r->reach[i].nr == nr)
			return true;
	return false;
}

static bool never_made(const struct resolver *r, const struct uk_finding *f)
{
	const char *name = uk_syscall_name(f->nr);
	for (size_t i = 0; name && i < sizeof never / sizeof never[0]; i++)
		if (!strcmp(never[i].syscall, name) &&
		    (!never[i].function || (f->from && !strcmp(never[i].function, f->from))) &&
		    (!never[i].unless || !reachable(r, uk_syscall_number(never[i].unless))))
			return true;
	return false;
}

static void add_syscall(struct resolver *r, long nr, long idx, const char *from)
{
	struct uk_analysis *a = r->a;
	struct uk_component *c = uk_component_for_syscall(&a->comps, nr);
	if (c) {
		struct uk_why why = {UK_WHY_SYSCALL, uk_syscall_name(nr), idx, from};
		select_component(r, (size_t)(c - a->comps.v), why);
		for (size_t i = 0; i < a->comps.n; i++)
			for (size_t k = 0; k < a->comps.v[i].serves.n; k++)
				if (!strcmp(a->comps.v[i].serves.v[k], why.what))
					select_component(r, i, why);
		return;
	}
	for (size_t i = 0; i < a->nunsupported; i++)
		if (a->unsupported[i].nr == nr)
			return; /* the first (shortest) chain is enough */
	a->unsupported = uk_xrealloc(a->unsupported, (a->nunsupported + 1) * sizeof *a->unsupported);
	a->unsupported[a->nunsupported++] = (struct uk_finding){nr, idx, from};
}

static void sites(struct resolver *r, long idx)
{
	struct uk_object *o = &r->a->objs[idx];
	for (size_t i = 0; i < o->nsites; i++) {
		const struct uk_site *s = &o->sites[i];
		if (s->nr >= 0 && s->via != UK_SITE_INT80) { /* int $0x80 numbers are i386's */
			reach(r, s->nr, idx, s->from);
			continue;
		}
		bool known = false;
		for (size_t k = 0; k < sizeof forwarders / sizeof forwarders[0] && !known; k++)
			known = s->from && !strcmp(s->from, forwarders[k]);
		if (!known) {
			struct uk_analysis *a = r->a;
			a->dynamic = uk_xrealloc(a->dynamic, (a->ndynamic + 1) * sizeof *a->dynamic);
			a->dynamic[a->ndynamic++] = (struct uk_finding){-1, idx, s->from};
		}
	}
}

/* Every member of an archive linked --whole-archive joins the program, as the linker
 * takes them all. */
static int whole_archive(struct resolver *r, Elf *ar, int fd, const char *path)
{
	Elf_Cmd cmd = ELF_C_READ;
	Elf *m;
	int rc = 0;
	while (!rc && (m = elf_begin(fd, cmd, ar))) {
		Elf_Arhdr *h = elf_getarhdr(m);
		if (h && h->ar_name[0] != '/' && elf_kind(m) == ELF_K_ELF) { /* not the index */
			char *where = uk_xasprintf("%s(%s)", path, h->ar_name);
			struct uk_object o = {.display = uk_xasprintf("%s(%s)", uk_basename(path), h->ar_name),
					      .why = -1};
			rc = uk_object_read(m, where, &o);
			if (!rc)
				rc = uk_object_scan(m, where, &o);
			free(where);
			if (rc)
				uk_object_free(&o);
			else
				add_object(r, &o);
		}
		cmd = elf_next(m);
		elf_end(m);
	}
	return rc;
}

static int open_inputs(struct resolver *r)
{
	const struct uk_analysis_input *in = r->in;
	struct uk_analysis *a = r->a;
	for (size_t i = 0; i < in->objects.n; i++) {
		const char *path = in->objects.v[i];
		const char *disp = i < in->displays.n && *in->displays.v[i] ? in->displays.v[i] : path;
		int fd;
		Elf *e = uk_elf_open(path, &fd);
		if (!e)
			return -1;
		if (elf_kind(e) == ELF_K_AR && uk_strv_has(in->whole, path)) { /* --whole-archive */
			int rc = whole_archive(r, e, fd, path);
			elf_end(e);
			close(fd);
			if (rc < 0)
				return -1;
			continue;
		}
		if (elf_kind(e) == ELF_K_AR) { /* a program archive: searched like a library */
			elf_end(e);
			close(fd);
			r->libs = uk_xrealloc(r->libs, (r->nlibs + 1) * sizeof *r->libs);
			if (uk_archive_open(path, &r->libs[r->nlibs++]) < 0)
				return -1;
			continue;
		}
		struct uk_object o = {.display = uk_xstrdup(disp), .why = -1};
		int rc = uk_object_read(e, path, &o);
		if (!rc)
			rc = uk_object_scan(e, path, &o);
		elf_end(e);
		close(fd);
		if (rc < 0) {
			uk_object_free(&o);
			return -1;
		}
		add_object(r, &o);
	}
	a->nprogram = a->nobjs;
	for (size_t i = 0; i < in->libraries.n; i++) {
		r->libs = uk_xrealloc(r->libs, (r->nlibs + 1) * sizeof *r->libs);
		if (uk_archive_open(in->libraries.v[i], &r->libs[r->nlibs++]) < 0)
			return -1;
	}
	return 0;
}

static int load_components(struct resolver *r)
{
	struct uk_analysis *a = r->a;
	if (uk_components_load(r->in->runtime_dir, &a->comps) < 0)
		return -1;
	size_t n = a->comps.n;
	a->selected = uk_xcalloc(n, sizeof *a->selected);
	a->why = uk_xcalloc(n, sizeof *a->why);
	r->compobjs = uk_xcalloc(n, sizeof *r->compobjs);
	for (size_t c = 0; c < n; c++) {
		char *path = uk_xasprintf("%s/%s.o", r->in->runtime_dir, a->comps.v[c].name);
		int fd;
		Elf *e = uk_elf_open(path, &fd);
		int rc = e ? uk_object_read(e, path, &r->compobjs[c]) : -1;
		if (e) {
			elf_end(e);
			close(fd);
		}
		free(path);
		if (rc < 0)
			return -1;
		/* An excluded component whose symbols are defaults for libc's (runtime/malloc)
		 * leaves them to libc. */
		if (a->comps.v[c].replaceable.n && uk_strv_has(r->in->exclude, a->comps.v[c].name))
			continue;
		for (size_t i = 0; i < r->compobjs[c].defs.n; i++)
			uk_strmap_put(&r->compdefs, r->compobjs[c].defs.v[i], (void *)(uintptr_t)(c + 1));
		for (size_t i = 0; i < a->comps.v[c].wraps.n; i++)
			uk_strmap_put(&r->wrapped, a->comps.v[c].wraps.v[i], (void *)(uintptr_t)(c + 1));
	}
	return 0;
}

static int apply_manifest(struct resolver *r)
{
	struct uk_analysis *a = r->a;
	const struct uk_analysis_input *in = r->in;
	int bad = 0;
	for (size_t i = 0; in->include && i < in->include->n; i++) {
		struct uk_component *c = uk_component_find(&a->comps, in->include->v[i]);
		if (!c) {
			uk_error("runtime.include: no runtime component named %s", in->include->v[i]);
			bad = 1;
			continue;
		}
		select_component(r, (size_t)(c - a->comps.v), (struct uk_why){UK_WHY_INCLUDED, NULL, -1, NULL});
	}
	struct uk_component *embed = in->files ? uk_component_find(&a->comps, "embed") : NULL;
	if (embed)
		select_component(r, (size_t)(embed - a->comps.v), (struct uk_why){UK_WHY_FILES, NULL, -1, NULL});
	for (size_t i = 0; in->exclude && i < in->exclude->n; i++) {
		struct uk_component *c = uk_component_find(&a->comps, in->exclude->v[i]);
		if (!c) {
			uk_error("runtime.exclude: no runtime component named %s", in->exclude->v[i]);
			bad = 1;
		}
	}
	return bad ? -1 : 0;
}

/* In cc mode a redirected stdin or stdout can be the host's file itself, which takes the
 * file system (9p): a program whose own code seeks or stats descriptors links it, so that
 * `./prog <file` can seek as natively. Only the program's references count: musl's stdout
 * can seek too, and every printf would otherwise bring the file system along. */
static void host_stdio(struct resolver *r)
{
	static const char *const seekers[] = {"lseek", "lseek64", "fseek", "fseeko", "fseeko64", "ftell",
					      "ftello", "ftello64", "rewind", "fgetpos", "fsetpos", "fstat",
					      "fstat64", "pread", "pread64", "pwrite", "pwrite64"};
	struct uk_analysis *a = r->a;
	struct uk_component *vfs = uk_component_find(&a->comps, "vfs");
	for (size_t i = 0; vfs && i < a->nprogram; i++)
		for (size_t k = 0; k < a->objs[i].nrefs; k++)
			for (size_t s = 0; s < sizeof seekers / sizeof *seekers; s++)
				if (!strcmp(a->objs[i].refs[k].sym, seekers[s])) {
					select_component(r, (size_t)(vfs - a->comps.v),
							 (struct uk_why){UK_WHY_HOSTFD, seekers[s], (long)i,
									 a->objs[i].refs[k].from});
					return;
				}
}

static int check_excluded(struct uk_analysis *a, const struct uk_strv *exclude)
{
	int bad = 0;
	for (size_t i = 0; exclude && i < exclude->n; i++) {
		struct uk_component *c = uk_component_find(&a->comps, exclude->v[i]);
		size_t k = (size_t)(c - a->comps.v);
		if (!c || !a->selected[k])
			continue;
		struct uk_buf chain = {0};
		const struct uk_why *w = &a->why[k];
		if (w->kind == UK_WHY_REQUIRED)
			uk_buf_addf(&chain, "required by component %s", w->what);
		else if (w->kind == UK_WHY_INCLUDED)
			uk_buf_addf(&chain, "listed in runtime.include");
		else if (w->kind == UK_WHY_HOSTFD)
			uk_buf_addf(&chain, "its stdin and stdout may be host files (cc mode)");
		else if (w->kind == UK_WHY_CCMODE)
			uk_buf_addf(&chain, "cc mode links it for ukcc run's bulk console");
		else if (w->kind == UK_WHY_FILES)
			uk_buf_addf(&chain, "the manifest embeds \"files\"");
		else
			uk_analysis_chain(a, w->what ? w->what : c->name, w->obj, w->from, &chain);
		uk_error("runtime.exclude: component %s is needed by the program: %s", c->name, chain.p);
		uk_buf_free(&chain);
		bad = 1;
	}
	return bad;
}

int uk_analyse(const struct uk_analysis_input *in, struct uk_analysis *a)
{
	*a = (struct uk_analysis){0};
	struct resolver r = {.a = a, .in = in};
	int rc = UK_EXIT_FAIL;
	if (load_components(&r) < 0 || open_inputs(&r) < 0)
		goto out;
	if (in->libc && !(r.libc_scan = uk_libc_scan_open(in->libc)))
		goto out;
	for (size_t i = 0; i < a->nprogram; i++)
		define(&r, (long)i);
	uintptr_t entry = (uintptr_t)uk_strmap_get(&r.compdefs, "pvh_entry");
	if (entry)
		select_component(&r, entry - 1, (struct uk_why){UK_WHY_ROOT, "pvh_entry", -1, NULL});
	if (apply_manifest(&r) < 0)
		goto out;
	if (in->host_stdio)
		host_stdio(&r);
	struct uk_component *vcon = in->bulk_console ? uk_component_find(&a->comps, "vconsole") : NULL;
	if (vcon && !uk_strv_has(in->exclude, "vconsole"))
		select_component(&r, (size_t)(vcon - a->comps.v), (struct uk_why){UK_WHY_CCMODE, "vconsole", -1, NULL});
	/* Objects are appended as references pull them in; each is visited once. Then the
	 * system calls their code can make select components, whose objects may pull more. */
	while (r.next < a->nobjs) {
		for (; r.next < a->nobjs; r.next++) {
			long idx = (long)r.next;
			for (size_t i = 0; i < a->objs[idx].nrefs; i++) {
				struct uk_ref ref = a->objs[idx].refs[i];
				resolve(&r, idx, &ref);
			}
			sites(&r, idx);
		}
		for (; r.handled < r.nreach; r.handled++) {
			const struct uk_finding *f = &r.reach[r.handled];
			if (!never_made(&r, f))
				add_syscall(&r, f->nr, f->obj, f->from);
		}
	}
	if (r.failed || check_excluded(a, in->exclude))
		goto out;
	rc = 0;
out:
	for (size_t i = 0; i < r.nlibs; i++)
		uk_archive_close(&r.libs[i]);
	free(r.libs);
	uk_libc_scan_close(r.libc_scan);
	free(r.reach);
	for (size_t c = 0; c < a->comps.n && r.compobjs; c++)
		uk_object_free(&r.compobjs[c]); /* the unselected ones; selected ones moved to objs */
	free(r.compobjs);
	uk_strmap_free(&r.defined);
	uk_strmap_free(&r.compdefs);
	uk_strmap_free(&r.wrapped);
	return rc;
}
