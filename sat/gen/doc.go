// Package gen generates SAT instance families of tunable hardness for
// benchmark suites: factoring (semiprime → SAT, prime → UNSAT),
// multiplier commutativity miters, reduced-round ARX preimages, Latin
// square completion, graph colouring, pigeonhole, Tseitin formulas on
// random regular graphs, random XOR systems and random k-SAT (planted or
// not), plus the gate-level Circuit builder they share with gnn/gen.
//
// An instance is a deterministic function of its family, seed and integer
// parameters: each draws from its own math/rand/v2 PCG stream and uses
// only integer operations of it, so the bytes written are the same on
// every machine. `verify gen FAMILY --seed S -p KEY=VALUE ... -o FILE`
// regenerates one.
package gen
