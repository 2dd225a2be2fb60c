//go:build cadical

// A thin C interface over CaDiCaL's C++ API, written for verify: only
// what the cadical engine uses, plus an atomic flag for termination and a
// conflict counter.
#ifndef VERIFY_CADICAL_WRAP_H
#define VERIFY_CADICAL_WRAP_H

#ifdef __cplusplus
extern "C" {
#endif

typedef struct vf_cadical vf_cadical;

// vf_cadical_new makes a solver (quiet, lucky search on).
vf_cadical *vf_cadical_new(void);
void vf_cadical_delete(vf_cadical *s);
const char *vf_cadical_version(void);
// vf_cadical_configure applies one of CaDiCaL's built-in configurations
// ("default", "plain", "sat", "unsat"); call before any clause. It returns
// 0 for a name CaDiCaL does not know.
int vf_cadical_configure(vf_cadical *s, const char *name);
// vf_cadical_trace_proof starts a text DRAT proof; call before any clause.
int vf_cadical_trace_proof(vf_cadical *s, const char *path);
void vf_cadical_close_proof(vf_cadical *s);
// vf_cadical_add_clauses adds n literals, clauses separated by 0.
void vf_cadical_add_clauses(vf_cadical *s, const int *lits, long n);
// vf_cadical_assume assumes n literals for the next solve only (CaDiCaL
// drops its assumptions when a solve returns).
void vf_cadical_assume(vf_cadical *s, const int *lits, long n);
// vf_cadical_fixed is 1 when lit is implied by the clauses at the root
// level (a unit the solver derived), -1 when its negation is, else 0;
// call only while no solve runs.
int vf_cadical_fixed(vf_cadical *s, int lit);
// vf_cadical_phase forces the phases of n literals; vf_cadical_unphase
// takes the forced phases of their variables back.
void vf_cadical_phase(vf_cadical *s, const int *lits, long n);
void vf_cadical_unphase(vf_cadical *s, const int *lits, long n);
// vf_cadical_solve solves with at most conflicts conflicts (< 0: no
// limit) and returns 10, 20 or 0 (limit reached or terminated).
int vf_cadical_solve(vf_cadical *s, long conflicts);
// vf_cadical_terminate asks a running solve to stop; safe from any
// thread. The flag stays set until vf_cadical_clear_terminate.
void vf_cadical_terminate(vf_cadical *s);
void vf_cadical_clear_terminate(vf_cadical *s);
// vf_cadical_conflicts is the number of learned clauses so far (one per
// conflict that learns a clause: nearly every conflict). CaDiCaL 1.5 has
// no public conflict counter; call only while no solve runs.
long vf_cadical_conflicts(vf_cadical *s);
// vf_cadical_model writes val(v) > 0 for v = 1..n into out[v].
void vf_cadical_model(vf_cadical *s, int n, unsigned char *out);

#ifdef __cplusplus
}
#endif
#endif
