# ukcc: the driver (cmd/, src/) built for the host, the runtime (runtime/) built for the guest.
# `make` builds both into build/, laid out as an install (build/bin, build/lib/ukcc) so the
# driver runs from the tree; `make test` runs every test; `make install` copies the layout.

PREFIX  ?= /usr/local
DESTDIR ?=
B       := build
# `make V=1` shows every command; by default one short line per step.
Q       := $(if $(V),,@)
say      = $(if $(V),,@echo '  $(1) $@';)

HOSTCC      ?= cc
HOST_CFLAGS := -std=c11 -D_GNU_SOURCE -O2 -g -Wall -Wextra -Werror -Isrc -Iruntime/include -I$(B)/gen
HOST_LIBS   := -lelf -lcjson
SAN_CFLAGS  := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

# The runtime: freestanding x86-64 code that shares ring 0 with musl and the application.
# musl's headers supply the Linux ABI (syscall numbers, errno values, struct layouts).
RT_CC       := clang
MUSL_INC    := /usr/include/x86_64-linux-musl
VERSION     := $(shell sed -n 's/.*UKCC_VERSION "\(.*\)"/\1/p' src/version.h)
RT_CFLAGS   := --target=x86_64-unknown-none-elf -std=c11 -D_GNU_SOURCE -DUKCC_VERSION='"$(VERSION)"' -ffreestanding -nostdinc \
	-isystem $(MUSL_INC) -isystem $(shell $(RT_CC) -print-resource-dir 2>/dev/null)/include \
	-Iruntime/include -Oz -g -fno-pic -fno-pie -mno-red-zone -mgeneral-regs-only \
	-fno-stack-protector -fomit-frame-pointer -ffunction-sections -fdata-sections \
	-fno-asynchronous-unwind-tables -Wall -Wextra -Werror

UKCC_SRCS := $(wildcard cmd/*.c src/*.c)
UKCC_OBJS := $(UKCC_SRCS:%.c=$(B)/host/%.o)
LIB_SRCS  := $(wildcard src/*.c)
UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(B)/asan/%)

# A folder is a component once it has its declaration (work in progress elsewhere is skipped).
COMPONENTS := $(patsubst runtime/%/component.json,%,$(wildcard runtime/*/component.json))
RT_OBJS    := $(COMPONENTS:%=$(B)/lib/ukcc/runtime/%.o)
RT_DECLS   := $(COMPONENTS:%=$(B)/lib/ukcc/runtime/%.json)
TEMPLATES  := $(patsubst templates/%,$(B)/lib/ukcc/%,$(wildcard templates/*))

all: $(B)/bin/ukcc runtime $(B)/lib/ukcc/runtime/.checked cc

# cc mode: the launcher that Linux runs for `./image` (static-pie against musl: it needs no
# dynamic loader and loads wherever the image leaves room), and the tool names build systems
# derive from CC (ukcc-cc, ukcc-ar, ukcc-ranlib: argv[0] tells ukcc what to be).
MUSL_LIB   := /usr/lib/x86_64-linux-musl
CC_LINKS   := $(B)/bin/ukcc-cc $(B)/bin/ukcc-ar $(B)/bin/ukcc-ranlib
cc: $(B)/lib/ukcc/ukcc-launch $(CC_LINKS)

$(B)/lib/ukcc/ukcc-launch: launcher/launch.c runtime/include/uk/abi.h
	@mkdir -p $(@D) $(B)/launcher
	$(call say,LAUNCH)$(RT_CC) --target=x86_64-linux-musl -nostdlibinc -isystem $(MUSL_INC) -Iruntime/include -std=c11 \
		-D_GNU_SOURCE -O2 -fPIE -Wall -Wextra -Werror -c -o $(B)/launcher/launch.o $< && \
	ld.lld -static -pie --no-dynamic-linker -z text -o $@ $(MUSL_LIB)/rcrt1.o $(MUSL_LIB)/crti.o \
		$(B)/launcher/launch.o $(MUSL_LIB)/libc.a $(MUSL_LIB)/crtn.o

$(CC_LINKS): $(B)/bin/ukcc
	$(call say,LN)ln -sf ukcc $@

$(B)/bin/ukcc: $(UKCC_OBJS)
	@mkdir -p $(@D)
	$(call say,LINK)$(HOSTCC) -o $@ $^ $(HOST_LIBS)

# System-call names and numbers, generated from the musl headers the images are built with.
$(B)/gen/syscall_names.h: $(MUSL_INC)/bits/syscall.h
	@mkdir -p $(@D)
	$(call say,GEN)sed -n 's/^#define __NR_\([a-z0-9_]*\)[ \t]*\([0-9]*\)$$/{"\1", \2},/p' $< >$@

$(B)/host/%.o: %.c $(wildcard src/*.h cmd/*.h runtime/include/uk/abi.h) $(B)/gen/syscall_names.h
	@mkdir -p $(@D)
	$(call say,CC)$(HOSTCC) $(HOST_CFLAGS) -c -o $@ $<

runtime: $(RT_OBJS) $(RT_DECLS) $(TEMPLATES)

# Each component's declaration must match its object (symbols, system calls, init class).
$(B)/lib/ukcc/runtime/.checked: $(RT_OBJS) $(RT_DECLS) $(B)/bin/ukcc
	$(call say,CHECK)$(B)/bin/ukcc check-runtime $(B)/lib/ukcc/runtime
	@touch $@

# One relocatable object per component, so the driver links exactly the selected set.
define component
$(B)/lib/ukcc/runtime/$(1).o: $(patsubst %,$(B)/rt/%.o,$(basename $(wildcard runtime/$(1)/*.c runtime/$(1)/*.S)))
	@mkdir -p $$(@D)
	$$(call say,LD)ld.lld -r -o $$@ $$^
endef
$(foreach c,$(COMPONENTS),$(eval $(call component,$(c))))

$(B)/lib/ukcc/runtime/%.json: runtime/%/component.json
	@mkdir -p $(@D)
	$(call say,CP)cp $< $@

$(B)/rt/%.o: %.c $(wildcard runtime/include/uk/*.h) $(wildcard runtime/*/*.h)
	@mkdir -p $(@D)
	$(call say,RTCC)$(RT_CC) $(RT_CFLAGS) -c -o $@ $<

$(B)/rt/%.o: %.S $(wildcard runtime/include/uk/*.h)
	@mkdir -p $(@D)
	$(call say,RTCC)$(RT_CC) $(RT_CFLAGS) -c -o $@ $<

$(B)/lib/ukcc/%: templates/%
	@mkdir -p $(@D)
	$(call say,CP)cp $< $@

# Unit tests link the driver library (everything in src/) with ASan and UBSan.
$(B)/asan/%: tests/unit/%.c $(wildcard tests/unit/*.h) $(LIB_SRCS) $(wildcard src/*.h) $(B)/gen/syscall_names.h
	@mkdir -p $(@D)
	$(call say,ASAN)$(HOSTCC) $(HOST_CFLAGS) $(SAN_CFLAGS) -o $@ $< $(LIB_SRCS) $(HOST_LIBS)

# The scanner's fixture objects, assembled and compiled here rather than committed.
FIXTURES := $(B)/fixtures/cases.o $(B)/fixtures/switch-gcc.o $(B)/fixtures/switch-clang.o
FIX_CFLAGS := -O2 -fPIC -ffunction-sections -fno-asynchronous-unwind-tables
$(B)/fixtures/cases.o: tests/libc-scan/fixtures/cases.s
	@mkdir -p $(@D)
	$(call say,MC)llvm-mc -triple=x86_64-linux-gnu -filetype=obj -o $@ $<
$(B)/fixtures/switch-gcc.o: tests/libc-scan/fixtures/switch.c
	@mkdir -p $(@D)
	$(call say,GCC)gcc $(FIX_CFLAGS) -c -o $@ $<
$(B)/fixtures/switch-clang.o: tests/libc-scan/fixtures/switch.c
	@mkdir -p $(@D)
	$(call say,CLANG)clang --target=x86_64-linux-musl $(FIX_CFLAGS) -c -o $@ $<

unit: $(UNIT_BINS) $(FIXTURES)

test: all unit
	tests/run-all

check: test

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib/ukcc
	install -m 755 $(B)/bin/ukcc $(DESTDIR)$(PREFIX)/bin/ukcc
	for t in ukcc-cc ukcc-ar ukcc-ranlib; do ln -sf ukcc $(DESTDIR)$(PREFIX)/bin/$$t; done
	cp -R $(B)/lib/ukcc/. $(DESTDIR)$(PREFIX)/lib/ukcc/

clean:
	rm -rf $(B)

.PHONY: all runtime cc unit test check install clean
.DELETE_ON_ERROR:
