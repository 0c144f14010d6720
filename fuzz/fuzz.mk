# The libFuzzer targets, one per parser: built by "make fuzz" from the
# top of the build tree, which passes srcdir, the library's sources and
# the flags of the libraries it uses.  The project's sources are compiled
# again here with clang's coverage instrumentation and ASan and UBSan;
# -fsanitize=fuzzer links clang's libFuzzer (libclang-rt-14-dev).
# GNU make.

FUZZ_CC = clang-14
FUZZ_SAN = -fsanitize=address,undefined -fno-sanitize-recover=all
# clang's -Wformat=2 also warns of msg.c's vfprintf of its argument.
FUZZ_CFLAGS = -g -O1 -fno-omit-frame-pointer $(FUZZ_SAN) $(WARN_CFLAGS) \
    -Wno-format-nonliteral
FUZZ_CPPFLAGS = -I. -I$(srcdir)/src -I$(srcdir)/fuzz

TARGETS = name txt config ipaconf options hooks dns
B = fuzz/build
LIB_OBJS = $(patsubst src/%.c,$(B)/%.o,$(filter %.c,$(LIB_SOURCES)))
PROGRAMS = $(patsubst %,$(B)/fuzz_%,$(TARGETS))

all: $(PROGRAMS)

$(B)/%.o: $(srcdir)/src/%.c config.h
	@mkdir -p $(B)
	@echo "  CC       $@"
	@$(FUZZ_CC) $(FUZZ_CPPFLAGS) $(DEP_CFLAGS) $(FUZZ_CFLAGS) \
	    -fsanitize=fuzzer-no-link -MMD -MP -c -o $@ $<

$(B)/fuzz_%: $(srcdir)/fuzz/fuzz_%.c $(srcdir)/fuzz/fuzz.h $(LIB_OBJS)
	@echo "  CCLD     $@"
	@$(FUZZ_CC) $(FUZZ_CPPFLAGS) $(DEP_CFLAGS) $(FUZZ_CFLAGS) \
	    -fsanitize=fuzzer -o $@ $< $(LIB_OBJS) $(DEP_LIBS)

-include $(LIB_OBJS:.o=.d)

.PHONY: all
.SECONDARY: $(LIB_OBJS)
.DELETE_ON_ERROR:
