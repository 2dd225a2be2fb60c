//go:build cadical

// Written for verify against CaDiCaL's public header (cadical.hpp).
#include "cadical_wrap.h"

#include <atomic>
#include <climits>
#include <cadical.hpp>

namespace {

// stopper is polled by CaDiCaL during search.
class stopper : public CaDiCaL::Terminator {
public:
  std::atomic<bool> flag{false};
  bool terminate() override { return flag.load(std::memory_order_relaxed); }
};

// counter counts learned clauses and exports none of them.
class counter : public CaDiCaL::Learner {
public:
  long learned = 0;
  bool learning(int) override {
    learned++;
    return false;
  }
  void learn(int) override {}
};

}  // namespace

struct vf_cadical {
  CaDiCaL::Solver solver;
  stopper stop;
  counter count;
};

extern "C" {

vf_cadical *vf_cadical_new(void) {
  vf_cadical *s = new vf_cadical;
  s->solver.set("quiet", 1);  // the engine's caller prints what matters
  s->solver.connect_terminator(&s->stop);
  s->solver.connect_learner(&s->count);
  return s;
}

void vf_cadical_delete(vf_cadical *s) {
  s->solver.disconnect_terminator();
  s->solver.disconnect_learner();
  delete s;
}

const char *vf_cadical_version(void) { return CaDiCaL::Solver::version(); }

int vf_cadical_configure(vf_cadical *s, const char *name) {
  if (!CaDiCaL::Solver::is_valid_configuration(name)) return 0;
  return s->solver.configure(name) ? 1 : 0;
}

int vf_cadical_trace_proof(vf_cadical *s, const char *path) {
  s->solver.set("binary", 0);  // text DRAT
  return s->solver.trace_proof(path) ? 1 : 0;
}

void vf_cadical_close_proof(vf_cadical *s) { s->solver.close_proof_trace(); }

void vf_cadical_add_clauses(vf_cadical *s, const int *lits, long n) {
  for (long i = 0; i < n; i++) s->solver.add(lits[i]);
}

void vf_cadical_assume(vf_cadical *s, const int *lits, long n) {
  for (long i = 0; i < n; i++) s->solver.assume(lits[i]);
}

int vf_cadical_fixed(vf_cadical *s, int lit) { return s->solver.fixed(lit); }

void vf_cadical_phase(vf_cadical *s, const int *lits, long n) {
  for (long i = 0; i < n; i++) s->solver.phase(lits[i]);
}

void vf_cadical_unphase(vf_cadical *s, const int *lits, long n) {
  for (long i = 0; i < n; i++) s->solver.unphase(lits[i]);
}

int vf_cadical_solve(vf_cadical *s, long conflicts) {
  int limit = conflicts < 0 ? -1 : (conflicts > INT_MAX ? INT_MAX : (int)conflicts);
  s->solver.limit("conflicts", limit);
  return s->solver.solve();
}

void vf_cadical_terminate(vf_cadical *s) {
  s->stop.flag.store(true, std::memory_order_relaxed);
}

void vf_cadical_clear_terminate(vf_cadical *s) {
  s->stop.flag.store(false, std::memory_order_relaxed);
}

long vf_cadical_conflicts(vf_cadical *s) { return s->count.learned; }

void vf_cadical_model(vf_cadical *s, int n, unsigned char *out) {
  int max = s->solver.vars();  // variables in no clause stay false
  for (int v = 1; v <= n; v++) out[v] = (v <= max && s->solver.val(v) > 0) ? 1 : 0;
}

}  // extern "C"
