package bench

// Pair is one unit of work: one solver on one instance.
type Pair struct {
	Instance Instance
	Solver   Solver
}

// Key returns the pair's results key.
func (p Pair) Key() Key { return Key{p.Instance.ID, p.Solver.Name} }

// Pairs lists every instance × solver pair that done does not hold,
// instance by instance so that a partial batch compares all solvers on the
// same instances.
func Pairs(insts []Instance, solvers []Solver, done map[Key]bool) []Pair {
	var out []Pair
	for _, in := range insts {
		for _, s := range solvers {
			p := Pair{in, s}
			if !done[p.Key()] {
				out = append(out, p)
			}
		}
	}
	return out
}

// Chunk returns part i (0-based) of n nearly equal consecutive parts of
// pairs: the work of one worker when a batch is spread over several.
func Chunk(pairs []Pair, i, n int) []Pair {
	if n <= 0 || i < 0 || i >= n {
		return nil
	}
	lo, hi := len(pairs)*i/n, len(pairs)*(i+1)/n
	return pairs[lo:hi]
}
