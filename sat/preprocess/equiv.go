package preprocess

import (
	"maps"
	"slices"

	"github.com/verify-tools/verify/internal/lit"
)

// substituteEquivalences finds equivalent literals as strongly connected
// components of the binary implication graph (Tarjan) and replaces every
// variable of a component by the component's literal of smallest variable.
func (d *db) substituteEquivalences() {
	d.propagate()
	if d.unsat {
		return
	}
	succ, start := d.implicationGraph()
	subst := make(map[int32]int32) // variable → literal replacing it
	d.sccs(succ, start, func(comp []int32) {
		r := comp[0]
		for _, l := range comp {
			if lit.Var(l) < lit.Var(r) {
				r = l
			}
		}
		for _, l := range comp {
			v := lit.Var(l)
			if d.mark[v] != 0 {
				d.unsat = true // l and ¬l in one component
			}
			d.mark[v] = 1
		}
		for _, l := range comp {
			d.mark[lit.Var(l)] = 0
			if v := lit.Var(l); v != lit.Var(r) {
				if _, done := subst[v]; !done {
					if l > 0 {
						subst[v] = r
					} else {
						subst[v] = -r
					}
				}
			}
		}
	})
	if d.unsat || len(subst) == 0 {
		return
	}
	rewrite := func(l int32) int32 {
		if r, ok := subst[lit.Var(l)]; ok {
			if l < 0 {
				return -r
			}
			return r
		}
		return l
	}
	// The reconstruction entries go first: units the rewriting derives
	// belong to the substituted formula and must be undone before them.
	vars := slices.Sorted(maps.Keys(subst))
	for _, x := range vars {
		r := subst[x]
		d.push(x, []int32{x, -r})
		d.push(-x, []int32{-x, r})
		d.removed[x] = true
		d.repr[x] = r
		d.stats.Equivalences++
	}
	for _, x := range vars {
		for _, pol := range [2]int32{x, -x} {
			for _, id := range d.live(pol) {
				c := &d.clauses[id]
				if c.deleted {
					continue
				}
				lits := make([]int32, len(c.lits))
				for i, l := range c.lits {
					lits[i] = rewrite(l)
				}
				d.remove(id)
				d.add(lits)
			}
		}
	}
	d.propagate()
}

// implicationGraph returns the binary implication graph in compressed form:
// the successors of literal index u are succ[start[u]:start[u+1]].
func (d *db) implicationGraph() (succ []int32, start []int32) {
	n := len(d.occ)
	start = make([]int32, n+1)
	for i := range d.clauses {
		c := &d.clauses[i]
		if !c.deleted && len(c.lits) == 2 {
			start[lidx(-c.lits[0])+1]++
			start[lidx(-c.lits[1])+1]++
		}
	}
	for u := 0; u < n; u++ {
		start[u+1] += start[u]
	}
	succ = make([]int32, start[n])
	fill := make([]int32, n)
	copy(fill, start[:n])
	for i := range d.clauses {
		c := &d.clauses[i]
		if !c.deleted && len(c.lits) == 2 {
			a, b := c.lits[0], c.lits[1]
			succ[fill[lidx(-a)]] = b
			fill[lidx(-a)]++
			succ[fill[lidx(-b)]] = a
			fill[lidx(-b)]++
		}
	}
	d.stats.Steps += int64(len(succ))
	return succ, start
}

// sccs calls found with every strongly connected component of more than one
// literal (iterative Tarjan, so deep graphs need no deep recursion).
func (d *db) sccs(succ, start []int32, found func([]int32)) {
	n := len(start) - 1
	index := make([]int32, n) // 0: unvisited, else discovery order + 1
	low := make([]int32, n)
	onStack := make([]bool, n)
	var stack []int32
	type frame struct{ u, next int32 }
	var calls []frame
	counter := int32(0)
	lit := func(u int32) int32 {
		if u&1 == 1 {
			return -(u >> 1)
		}
		return u >> 1
	}
	for root := int32(2); root < int32(n); root++ {
		if index[root] != 0 || start[root] == start[root+1] {
			continue
		}
		calls = append(calls[:0], frame{root, start[root]})
		counter++
		index[root], low[root] = counter, counter
		stack = append(stack, root)
		onStack[root] = true
		for len(calls) > 0 {
			f := &calls[len(calls)-1]
			u := f.u
			if f.next < start[u+1] {
				w := int32(lidx(succ[f.next]))
				f.next++
				if index[w] == 0 {
					counter++
					index[w], low[w] = counter, counter
					stack = append(stack, w)
					onStack[w] = true
					calls = append(calls, frame{w, start[w]})
				} else if onStack[w] && index[w] < low[u] {
					low[u] = index[w]
				}
				continue
			}
			calls = calls[:len(calls)-1]
			if len(calls) > 0 {
				p := calls[len(calls)-1].u
				low[p] = min(low[p], low[u])
			}
			if low[u] == index[u] {
				var comp []int32
				for {
					w := stack[len(stack)-1]
					stack = stack[:len(stack)-1]
					onStack[w] = false
					comp = append(comp, lit(w))
					if w == u {
						break
					}
				}
				if len(comp) > 1 {
					found(comp)
				}
			}
		}
	}
	d.stats.Steps += int64(n)
}
