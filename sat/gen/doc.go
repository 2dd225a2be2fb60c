// Package gen generates SAT instance families of tunable hardness: for
// the hard benchmark suites factoring (semiprime → SAT, prime → UNSAT),
// multiplier commutativity miters, reduced-round ARX preimages, Latin
// square completion, graph colouring, pigeonhole, Tseitin formulas on
// random regular graphs, random XOR systems and random k-SAT (planted or
// not); for the phase-predictor corpus (gnn/corpus, which draws them
// across parameter grids) random k-SAT of an exact clause count, tight
// colourings of random and board graphs, quasigroup completion, planted
// 3-SAT with cardinality or XOR constraints and an adder miter. The
// families share the gate-level Circuit builder and write DIMACS with
// sat.WriteDIMACS.
//
// An instance is a deterministic function of its family, seed and integer
// parameters: each draws from its own math/rand/v2 PCG stream (or the
// caller's: Family.Draw) and uses only its integer draws and float draws
// compared with exactly rounded constants, so the bytes written are the
// same on every machine. The colourings decide between two colour counts
// with a bounded gini call; a call that does not finish is an error,
// never another instance. `verify gen FAMILY --seed S --KEY VALUE ...
// -o FILE` regenerates one.
package gen
