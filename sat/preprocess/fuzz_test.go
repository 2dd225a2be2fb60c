package preprocess

import "testing"

// FuzzPreprocess decodes bytes into a CNF over at most 10 variables (each
// byte a literal, 0 ends a clause) and cross-checks the preprocessor with
// brute force: same answer, and extended models satisfy the input.
func FuzzPreprocess(f *testing.F) {
	f.Add([]byte{1, 2, 0, 129, 3, 0, 130, 131, 0})
	f.Add([]byte{1, 0, 129, 2, 0, 130, 0})
	f.Add([]byte{1, 130, 0, 2, 129, 0, 1, 3, 4, 0, 131, 132, 0, 133, 1, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		const n = 10
		if len(data) > 400 {
			return
		}
		var formula cnf
		var c []int32
		for _, b := range data {
			v := int32(b&0x7f) % (n + 1)
			if v == 0 {
				formula = append(formula, c)
				c = nil
				continue
			}
			if b&0x80 != 0 {
				v = -v
			}
			c = append(c, v)
		}
		if len(c) > 0 {
			formula = append(formula, c)
		}
		crossCheck(t, formula, n, Options{})
		crossCheck(t, formula, n, Options{MaxResolvent: 2, MaxOccurrences: 3})
	})
}
