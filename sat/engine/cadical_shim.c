//go:build cadical

// Written for verify. Debian's newer libcadical.a (2.x, built against
// glibc >= 2.38) calls __isoc23_fscanf, only in its resident-memory
// counter; Debian 12's glibc 2.36 has no such symbol. This weak definition
// forwards to vfscanf (the formats CaDiCaL passes have no C23 conversion),
// so the library links into a program built here; where glibc provides
// the symbol, this definition is unused by glibc's own callers and
// harmless. With CaDiCaL 1.5.3 nothing refers to it.
#include <stdarg.h>
#include <stdio.h>

__attribute__((weak)) int __isoc23_fscanf(FILE *stream, const char *format, ...) {
  va_list ap;
  va_start(ap, format);
  int n = vfscanf(stream, format, ap);
  va_end(ap);
  return n;
}
