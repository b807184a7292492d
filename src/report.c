/* report.c: explaining the analysis: chains, the `ukcc deps` text, its JSON, warnings. */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "syscalls.h"

void uk_analysis_chain(const struct uk_analysis *a, const char *head, long obj, const char *from,
		       struct uk_buf *out)
{
	uk_buf_addf(out, "%s", head);
	for (int depth = 0; obj >= 0 && depth < 64; depth++) {
		const struct uk_object *o = &a->objs[obj];
		if (from)
			uk_buf_addf(out, " <- %s (%s)", from, o->display);
		else
			uk_buf_addf(out, " <- %s", o->display);
		from = o->why_from;
		obj = o->why;
	}
}

static void why_text(const struct uk_analysis *a, size_t c, struct uk_buf *b)
{
	const struct uk_why *w = &a->why[c];
	switch (w->kind) {
	case UK_WHY_ROOT:
		uk_buf_addf(b, "the image's entry point (%s)", w->what);
		break;
	case UK_WHY_REQUIRED:
		uk_buf_addf(b, "required by %s", w->what);
		break;
	case UK_WHY_INCLUDED:
		uk_buf_addf(b, "runtime.include in the manifest");
		break;
	case UK_WHY_FILES:
		uk_buf_addf(b, "\"files\" in the manifest (unpacked at boot)");
		break;
	case UK_WHY_SYSCALL:
	case UK_WHY_SYMBOL:
		uk_analysis_chain(a, w->what, w->obj, w->from, b);
		break;
	case UK_WHY_CCMODE:
		uk_buf_addf(b, "cc mode: output in bulk through ukcc run's virtio console");
		break;
	case UK_WHY_HOSTFD:
		uk_buf_addf(b, "stdin and stdout may be host files (cc mode): ");
		uk_analysis_chain(a, w->what, w->obj, w->from, b);
		break;
	}
}

static int by_name(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

void uk_analysis_selected(const struct uk_analysis *a, struct uk_strv *names)
{
	for (size_t c = 0; c < a->comps.n; c++)
		if (a->selected[c])
			uk_strv_push(names, a->comps.v[c].name);
	if (names->n)
		qsort(names->v, names->n, sizeof *names->v, by_name);
}

void uk_analysis_wraps(const struct uk_analysis *a, struct uk_strv *syms)
{
	for (size_t c = 0; c < a->comps.n; c++)
		for (size_t i = 0; a->selected[c] && i < a->comps.v[c].wraps.n; i++)
			uk_strv_push(syms, a->comps.v[c].wraps.v[i]);
}

static void finding_text(const struct uk_analysis *a, const struct uk_finding *f, struct uk_buf *b)
{
	const char *name = f->nr >= 0 ? uk_syscall_name(f->nr) : NULL;
	char num[32];
	snprintf(num, sizeof num, "syscall %ld", f->nr);
	uk_analysis_chain(a, f->nr < 0 ? "(number unknown)" : name ? name : num, f->obj, f->from, b);
}

void uk_analysis_print(const struct uk_analysis *a, FILE *f)
{
	size_t nsel = 0;
	for (size_t c = 0; c < a->comps.n; c++)
		nsel += a->selected[c];
	fprintf(f, "components (%zu of %zu):\n", nsel, a->comps.n);
	for (size_t c = 0; c < a->comps.n; c++) {
		if (!a->selected[c])
			continue;
		struct uk_buf b = {0};
		why_text(a, c, &b);
		fprintf(f, "  %-8s <- %s\n", a->comps.v[c].name, b.p);
		uk_buf_free(&b);
	}
	if (nsel < a->comps.n) {
		fprintf(f, "not linked:");
		for (size_t c = 0; c < a->comps.n; c++)
			if (!a->selected[c])
				fprintf(f, " %s", a->comps.v[c].name);
		fputc('\n', f);
	}
	if (a->nunsupported) {
		fprintf(f, "unsupported system calls (they fail with ENOSYS at run time):\n");
		for (size_t i = 0; i < a->nunsupported; i++) {
			struct uk_buf b = {0};
			finding_text(a, &a->unsupported[i], &b);
			fprintf(f, "  %s\n", b.p);
			uk_buf_free(&b);
		}
	}
	if (a->ndynamic) {
		fprintf(f, "system-call sites whose number is not known at build time:\n");
		for (size_t i = 0; i < a->ndynamic; i++) {
			struct uk_buf b = {0};
			finding_text(a, &a->dynamic[i], &b);
			fprintf(f, "  %s\n", b.p);
			uk_buf_free(&b);
		}
	}
}

static cJSON *chain_json(const struct uk_analysis *a, long obj, const char *from)
{
	cJSON *arr = cJSON_CreateArray();
	for (int depth = 0; obj >= 0 && depth < 64; depth++) {
		const struct uk_object *o = &a->objs[obj];
		cJSON *link = cJSON_CreateObject();
		cJSON_AddItemToObject(link, "function", from ? cJSON_CreateString(from) : cJSON_CreateNull());
		cJSON_AddStringToObject(link, "object", o->display);
		cJSON_AddItemToArray(arr, link);
		from = o->why_from;
		obj = o->why;
	}
	return arr;
}

static const char *const kinds[] = {"entry", "syscall", "symbol", "required", "included", "files", "host-stdio"};

static cJSON *findings_json(const struct uk_analysis *a, const struct uk_finding *v, size_t n)
{
	cJSON *arr = cJSON_CreateArray();
	for (size_t i = 0; i < n; i++) {
		cJSON *o = cJSON_CreateObject();
		const char *name = v[i].nr >= 0 ? uk_syscall_name(v[i].nr) : NULL;
		cJSON_AddItemToObject(o, "syscall", name ? cJSON_CreateString(name) : cJSON_CreateNull());
		cJSON_AddItemToObject(o, "number", v[i].nr >= 0 ? cJSON_CreateNumber((double)v[i].nr) : cJSON_CreateNull());
		cJSON_AddItemToObject(o, "chain", chain_json(a, v[i].obj, v[i].from));
		cJSON_AddItemToArray(arr, o);
	}
	return arr;
}

char *uk_analysis_json(const struct uk_analysis *a)
{
	cJSON *root = cJSON_CreateObject(), *comps = cJSON_CreateArray(), *skipped = cJSON_CreateArray();
	for (size_t c = 0; c < a->comps.n; c++) {
		if (!a->selected[c]) {
			cJSON_AddItemToArray(skipped, cJSON_CreateString(a->comps.v[c].name));
			continue;
		}
		const struct uk_why *w = &a->why[c];
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "name", a->comps.v[c].name);
		cJSON_AddStringToObject(o, "reason", kinds[w->kind]);
		cJSON_AddItemToObject(o, "what", w->what ? cJSON_CreateString(w->what) : cJSON_CreateNull());
		cJSON_AddItemToObject(o, "chain", chain_json(a, w->obj, w->from));
		cJSON_AddItemToArray(comps, o);
	}
	cJSON_AddItemToObject(root, "components", comps);
	cJSON_AddItemToObject(root, "not_linked", skipped);
	cJSON_AddItemToObject(root, "unsupported", findings_json(a, a->unsupported, a->nunsupported));
	cJSON_AddItemToObject(root, "dynamic", findings_json(a, a->dynamic, a->ndynamic));
	char *s = cJSON_Print(root);
	cJSON_Delete(root);
	return s;
}

size_t uk_analysis_warn(const struct uk_analysis *a, bool strict)
{
	for (size_t i = 0; i < a->nunsupported; i++) {
		struct uk_buf b = {0};
		finding_text(a, &a->unsupported[i], &b);
		const char *name = uk_syscall_name(a->unsupported[i].nr);
		if (strict)
			uk_error("%s: no runtime component implements this system call: %s", name ? name : "?", b.p);
		else
			uk_warn("%s: no runtime component implements this system call (it will fail with ENOSYS): %s",
				name ? name : "?", b.p);
		uk_buf_free(&b);
	}
	return a->nunsupported;
}

void uk_analysis_free(struct uk_analysis *a)
{
	for (size_t i = 0; i < a->nobjs; i++)
		uk_object_free(&a->objs[i]);
	free(a->objs);
	free(a->selected);
	free(a->why);
	free(a->unsupported);
	free(a->dynamic);
	uk_strv_free(&a->undefined);
	uk_components_free(&a->comps);
	*a = (struct uk_analysis){0};
}
