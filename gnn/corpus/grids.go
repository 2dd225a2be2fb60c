package corpus

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/verify-tools/verify/sat/gen"
)

// Grid is a generated family of the corpus: a sat/gen family under the
// corpus's name for it, with the parameter points its instances cycle
// through (instance index i takes point i mod the grid's length).
type Grid struct {
	// Name names the family in the corpus: its files, `c family` lines,
	// groups and random streams.
	Name string
	// Family is the sat/gen family drawn.
	Family gen.Family
	points func(Size) []point
}

// point is one parameter combination: the sat/gen parameters and the
// grid parameters the corpus writes for it (`c param`, the group).
type point struct {
	params gen.Params
	labels []gen.Value
}

// Grids lists the corpus's generated families, in a fixed order.
func Grids() []Grid {
	fams := map[string]gen.Family{}
	for _, f := range gen.Families() {
		fams[f.Name] = f
	}
	return []Grid{
		{Name: "ksat-planted", Family: fams["ksat-clauses"], points: ksatPoints(true)},
		{Name: "ksat", Family: fams["ksat-clauses"], points: ksatPoints(false)},
		{Name: "color-gnp", Family: fams["color-gnp"], points: colorGNPPoints},
		{Name: "color-struct", Family: fams["color-struct"], points: colorStructPoints},
		{Name: "qcp", Family: fams["qcp"], points: qcpPoints},
		{Name: "card", Family: fams["card"], points: cardPoints},
		{Name: "parity", Family: fams["parity"], points: parityPoints},
		{Name: "factor", Family: fams["factor"], points: factorPoints},
		{Name: "adder-miter", Family: fams["adder-miter"], points: adderMiterPoints},
	}
}

// GridNames lists the names of Grids.
func GridNames() []string {
	var names []string
	for _, g := range Grids() {
		names = append(names, g.Name)
	}
	return names
}

// GridByName finds a generated family of the corpus.
func GridByName(name string) (Grid, error) {
	for _, g := range Grids() {
		if g.Name == name {
			return g, nil
		}
	}
	return Grid{}, fmt.Errorf("unknown family %q (have %s)", name, strings.Join(GridNames(), ", "))
}

// pick returns grid[index % len(grid)]: instances cycle through the
// parameter grid so every combination gets its share.
func pick[T any](grid []T, index int) T { return grid[index%len(grid)] }

func itoa(i int) string { return strconv.Itoa(i) }

func value(k, v string) gen.Value { return gen.Value{Key: k, Value: v} }

// ksatPoints: 3-SAT near the threshold (≈ 4.27 clauses per variable);
// planted formulas stay satisfiable beyond it. The clause count is the
// ratio times n, rounded.
func ksatPoints(planted bool) func(Size) []point {
	return func(size Size) []point {
		ns, ratios := []int{40, 60, 80, 100}, []float64{3.9, 4.1, 4.26}
		if size == Medium {
			ns = []int{150, 200, 250}
		}
		p := 0
		if planted {
			ratios, p = []float64{4.0, 4.26, 4.5}, 1
		}
		var pts []point
		for _, n := range ns {
			for _, r := range ratios {
				pts = append(pts, point{
					params: gen.Params{"k": 3, "n": n, "m": int(math.Round(r * float64(n))), "planted": p},
					labels: []gen.Value{value("k", "3"), value("n", itoa(n)), value("ratio", strconv.FormatFloat(r, 'f', 2, 64))},
				})
			}
		}
		return pts
	}
}

// colorGNPPoints: vertices and expected degree × 100.
func colorGNPPoints(size Size) []point {
	grid := [][2]int{{20, 350}, {20, 450}, {30, 350}, {30, 450}, {40, 350}, {40, 450}, {50, 350}, {50, 450}}
	if size == Medium {
		grid = [][2]int{{80, 400}, {80, 500}, {100, 400}, {100, 500}, {120, 400}, {120, 500}}
	}
	pts := make([]point, len(grid))
	for i, g := range grid {
		pts[i] = point{
			params: gen.Params{"n": g[0], "deg": g[1]},
			labels: []gen.Value{value("graph", "gnp"), value("n", itoa(g[0])), value("degree", strconv.FormatFloat(float64(g[1])/100, 'f', 1, 64))},
		}
	}
	return pts
}

// colorStructPoints: queen or king graph, board side, edges dropped per
// mille.
func colorStructPoints(size Size) []point {
	type board struct {
		kind    string
		n, drop int
	}
	grid := []board{
		{"queen", 5, 50}, {"queen", 5, 150}, {"queen", 6, 50}, {"queen", 6, 150}, {"queen", 7, 50},
		{"queen", 7, 150}, {"king", 8, 100}, {"king", 8, 200}, {"king", 10, 100}, {"king", 10, 200},
	}
	if size == Medium {
		grid = []board{{"queen", 8, 50}, {"queen", 8, 150}, {"queen", 9, 50}, {"queen", 9, 150}, {"king", 16, 100}, {"king", 16, 200}}
	}
	pts := make([]point, len(grid))
	for i, b := range grid {
		queen := 0
		if b.kind == "queen" {
			queen = 1
		}
		pts[i] = point{
			params: gen.Params{"queen": queen, "n": b.n, "drop": b.drop},
			labels: []gen.Value{value("graph", b.kind), value("n", itoa(b.n)), value("drop", fmt.Sprint(float64(b.drop)/1000))},
		}
	}
	return pts
}

// qcpPoints: order and holes per mille.
func qcpPoints(size Size) []point {
	grid := [][2]int{{6, 450}, {6, 600}, {7, 450}, {7, 600}, {8, 420}, {8, 550}, {9, 420}, {9, 550}}
	if size == Medium {
		grid = [][2]int{{12, 420}, {12, 500}, {15, 420}, {15, 500}, {18, 420}, {18, 500}}
	}
	pts := make([]point, len(grid))
	for i, g := range grid {
		pts[i] = point{
			params: gen.Params{"order": g[0], "holes": g[1]},
			labels: []gen.Value{value("order", itoa(g[0])), value("holes", fmt.Sprint(float64(g[1])/1000))},
		}
	}
	return pts
}

// cardPoints: variables (3 clauses each), then constraints and their
// width.
func cardPoints(size Size) []point {
	ns, shapes := []int{40, 60, 80}, [][2]int{{3, 12}, {5, 10}, {4, 20}}
	if size == Medium {
		ns, shapes = []int{100, 150, 200}, [][2]int{{6, 20}, {8, 24}}
	}
	var pts []point
	for _, n := range ns {
		for _, sh := range shapes {
			pts = append(pts, point{
				params: gen.Params{"n": n, "constraints": sh[0], "width": sh[1]},
				labels: []gen.Value{value("n", itoa(n)), value("ratio", "3"), value("constraints", itoa(sh[0])), value("width", itoa(sh[1]))},
			})
		}
	}
	return pts
}

// parityPoints: variables, XOR constraints (0.6 or 0.8 per variable) and
// 2 planted 3-clauses per variable.
func parityPoints(size Size) []point {
	ns := []int{30, 40, 50, 60}
	if size == Medium {
		ns = []int{80, 100, 120}
	}
	var pts []point
	for _, n := range ns {
		for _, share := range []float64{0.6, 0.8} {
			xors := int(share * float64(n))
			pts = append(pts, point{
				params: gen.Params{"n": n, "xors": xors, "clauses": 2 * n},
				labels: []gen.Value{value("n", itoa(n)), value("xors", itoa(xors)), value("clauses", itoa(2*n))},
			})
		}
	}
	return pts
}

// factorPoints: bits of the two prime factors, the first
// ⌊(a+b)/2⌋ as sat/gen's factor splits them.
func factorPoints(size Size) []point {
	grid := [][2]int{{5, 5}, {5, 6}, {6, 6}, {6, 7}, {7, 7}, {7, 8}, {8, 8}, {8, 9}}
	if size == Medium {
		grid = [][2]int{{10, 10}, {10, 11}, {11, 11}, {11, 12}, {12, 12}, {12, 13}}
	}
	pts := make([]point, len(grid))
	for i, g := range grid {
		pts[i] = point{
			params: gen.Params{"bits": g[0] + g[1], "prime": 0},
			labels: []gen.Value{value("bits-a", itoa(g[0])), value("bits-b", itoa(g[1]))},
		}
	}
	return pts
}

// adderMiterPoints: adder width and fixed input bits (a quarter or half of
// the width).
func adderMiterPoints(size Size) []point {
	widths := []int{8, 12, 16, 24}
	if size == Medium {
		widths = []int{32, 48, 64}
	}
	var pts []point
	for _, w := range widths {
		for _, share := range []float64{0.25, 0.5} {
			fixed := int(share * float64(w))
			pts = append(pts, point{
				params: gen.Params{"bits": w, "fixed": fixed},
				labels: []gen.Value{value("bits", itoa(w)), value("fixed", itoa(fixed))},
			})
		}
	}
	return pts
}
