package main

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/build"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// dropCgoCallers removes from the Go files of libtch every function whose
// body calls one of the dropped C functions (C.atg_…): the generated
// c-generated.go, and hand-written files such as patch.go, whose
// AtgAlignTensors calls atg_align_tensors (dropped by libtorch 2.14).
func dropCgoCallers(libtch string, dropped []string) ([]string, error) {
	gone := map[string]bool{}
	for _, n := range dropped {
		gone[n] = true
	}
	files, err := filepath.Glob(filepath.Join(libtch, "*.go"))
	if err != nil {
		return nil, err
	}
	var names []string
	for _, path := range files {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		more, err := dropCgoCallersIn(path, gone)
		if err != nil {
			return nil, err
		}
		names = append(names, more...)
	}
	return names, nil
}

// dropCgoCallersIn removes the functions of one file that call a C function
// in gone, and rewrites the file only when it changes.
func dropCgoCallersIn(path string, gone map[string]bool) ([]string, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, src, parser.ParseComments)
	if err != nil {
		return nil, err
	}
	var cuts []span
	var names []string
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Body == nil {
			continue
		}
		calls := false
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			if se, ok := n.(*ast.SelectorExpr); ok {
				if id, ok := se.X.(*ast.Ident); ok && id.Name == "C" && gone[se.Sel.Name] {
					calls = true
				}
			}
			return !calls
		})
		if calls {
			cuts = append(cuts, declSpan(fset, src, fd))
			names = append(names, "libtch."+fd.Name.Name)
		}
	}
	if len(cuts) == 0 {
		return nil, nil
	}
	if err := os.WriteFile(path, cut(src, cuts), 0o644); err != nil {
		return nil, err
	}
	return names, nil
}

type span struct{ from, to int }

// declSpan covers a declaration, its doc comment and the newline after it.
func declSpan(fset *token.FileSet, src []byte, fd *ast.FuncDecl) span {
	from := fset.Position(fd.Pos()).Offset
	if fd.Doc != nil {
		from = fset.Position(fd.Doc.Pos()).Offset
	}
	to := fset.Position(fd.End()).Offset
	if to < len(src) && src[to] == '\n' {
		to++
	}
	return span{from, to}
}

func cut(src []byte, cuts []span) []byte {
	sort.Slice(cuts, func(i, j int) bool { return cuts[i].from < cuts[j].from })
	var out bytes.Buffer
	at := 0
	for _, c := range cuts {
		if c.from < at { // nested or repeated
			if c.to > at {
				at = c.to
			}
			continue
		}
		out.Write(src[at:c.from])
		at = c.to
	}
	out.Write(src[at:])
	return out.Bytes()
}

// dropGoDependents type-checks every package of the gotch copy (cgo treated
// as opaque) and removes each top-level function or method that no longer
// compiles because something it uses was dropped, until all packages check
// cleanly. Imports left unused become blank imports. It returns the removed
// functions as "pkg.Func" or "pkg.(Recv).Method".
func dropGoDependents(root, modPath string) ([]string, error) {
	var removed []string
	for round := 1; ; round++ {
		errs, err := typeCheckAll(root, modPath)
		if err != nil {
			return nil, err
		}
		if len(errs) == 0 {
			sort.Strings(removed)
			return removed, nil
		}
		if round > 30 {
			return nil, fmt.Errorf("Go check still failing after %d rounds: %v", round, errs[0])
		}
		// Group by file.
		byFile := map[string][]types.Error{}
		for _, e := range errs {
			p := e.Fset.Position(e.Pos)
			byFile[p.Filename] = append(byFile[p.Filename], e)
		}
		files := make([]string, 0, len(byFile))
		for f := range byFile {
			files = append(files, f)
		}
		sort.Strings(files)
		for _, file := range files {
			names, err := fixFile(root, file, byFile[file])
			if err != nil {
				return nil, err
			}
			removed = append(removed, names...)
		}
	}
}

// fixFile removes the declarations that contain the given errors.
func fixFile(root, file string, errs []types.Error) ([]string, error) {
	src, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, file, src, parser.ParseComments)
	if err != nil {
		return nil, err
	}
	rel, _ := filepath.Rel(root, filepath.Dir(file))
	pkg := f.Name.Name
	if rel != "." {
		pkg = filepath.ToSlash(rel)
	}
	var cuts []span
	var names []string
	done := map[ast.Decl]bool{}
	var inserts []int // offsets where "_ " makes an import blank
	for _, e := range errs {
		off := e.Fset.Position(e.Pos).Offset
		found := false
		for _, d := range f.Decls {
			from, to := fset.Position(d.Pos()).Offset, fset.Position(d.End()).Offset
			if off < from || off >= to {
				continue
			}
			found = true
			switch d := d.(type) {
			case *ast.FuncDecl:
				if !done[d] {
					done[d] = true
					cuts = append(cuts, declSpan(fset, src, d))
					names = append(names, pkg+"."+funcName(d))
				}
			case *ast.GenDecl:
				if d.Tok != token.IMPORT || !strings.Contains(e.Msg, "imported and not used") {
					return nil, fmt.Errorf("%s: cannot repair %q outside a function", e.Fset.Position(e.Pos), e.Msg)
				}
				for _, s := range d.Specs {
					is := s.(*ast.ImportSpec)
					if off >= fset.Position(is.Pos()).Offset && off < fset.Position(is.End()).Offset {
						if is.Name != nil {
							cuts = append(cuts, span{fset.Position(is.Name.Pos()).Offset, fset.Position(is.Name.End()).Offset})
						}
						inserts = append(inserts, fset.Position(is.Path.Pos()).Offset)
					}
				}
			}
		}
		if !found {
			return nil, fmt.Errorf("%s: cannot repair %q", e.Fset.Position(e.Pos), e.Msg)
		}
	}
	out := src
	if len(inserts) > 0 {
		// Apply blank-import inserts (they never overlap function cuts).
		sort.Sort(sort.Reverse(sort.IntSlice(inserts)))
		for _, at := range inserts {
			out = append(out[:at:at], append([]byte("_ "), out[at:]...)...)
			for i := range cuts { // shift cuts after the insert
				if cuts[i].from >= at {
					cuts[i].from += 2
					cuts[i].to += 2
				}
			}
		}
	}
	return names, os.WriteFile(file, cut(out, cuts), 0o644)
}

func funcName(d *ast.FuncDecl) string {
	if d.Recv == nil || len(d.Recv.List) == 0 {
		return d.Name.Name
	}
	t := d.Recv.List[0].Type
	if s, ok := t.(*ast.StarExpr); ok {
		return "(*" + exprName(s.X) + ")." + d.Name.Name
	}
	return "(" + exprName(t) + ")." + d.Name.Name
}

func exprName(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.Ident:
		return e.Name
	case *ast.IndexExpr:
		return exprName(e.X)
	}
	return "?"
}

// typeCheckAll type-checks all non-test packages of the module at root whose
// imports are the standard library or the module itself.
func typeCheckAll(root, modPath string) ([]types.Error, error) {
	ctx := build.Default
	ctx.CgoEnabled = true
	fset := token.NewFileSet()
	c := &checker{root: root, modPath: modPath, fset: fset, ctx: &ctx,
		pkgs: map[string]*types.Package{}, std: importer.ForCompiler(fset, "source", nil)}
	var dirs []string
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			name := d.Name()
			if p != root && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || name == "testdata" || name == "example" || name == "gen") {
				return filepath.SkipDir
			}
			dirs = append(dirs, p)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, d := range dirs {
		rel, _ := filepath.Rel(root, d)
		path := modPath
		if rel != "." {
			path += "/" + filepath.ToSlash(rel)
		}
		if _, err := c.load(path); err != nil && err != errNoGo && err != errExternal {
			return nil, err
		}
	}
	return c.errs, nil
}

var (
	errNoGo       = fmt.Errorf("no Go files")
	errExternal   = fmt.Errorf("imports outside the standard library")
	errInProgress = fmt.Errorf("import cycle")
)

type checker struct {
	root, modPath string
	fset          *token.FileSet
	ctx           *build.Context
	pkgs          map[string]*types.Package
	bad           map[string]error
	std           types.Importer
	errs          []types.Error
}

func (c *checker) Import(path string) (*types.Package, error) {
	if path == c.modPath || strings.HasPrefix(path, c.modPath+"/") {
		return c.load(path)
	}
	if !isStd(path) {
		return nil, errExternal
	}
	return c.std.Import(path)
}

func isStd(path string) bool {
	first := strings.SplitN(path, "/", 2)[0]
	return !strings.Contains(first, ".")
}

func (c *checker) load(path string) (*types.Package, error) {
	if p, ok := c.pkgs[path]; ok {
		if p == nil {
			return nil, errInProgress
		}
		return p, nil
	}
	if err, ok := c.bad[path]; ok {
		return nil, err
	}
	dir := filepath.Join(c.root, filepath.FromSlash(strings.TrimPrefix(strings.TrimPrefix(path, c.modPath), "/")))
	bp, err := c.ctx.ImportDir(dir, 0)
	if err != nil {
		if _, ok := err.(*build.NoGoError); ok {
			return nil, c.fail(path, errNoGo)
		}
		return nil, c.fail(path, err)
	}
	for _, imp := range bp.Imports {
		if imp != "C" && !isStd(imp) && imp != c.modPath && !strings.HasPrefix(imp, c.modPath+"/") {
			return nil, c.fail(path, errExternal)
		}
	}
	var files []*ast.File
	names := append(append([]string{}, bp.GoFiles...), bp.CgoFiles...)
	for _, n := range names {
		f, err := parser.ParseFile(c.fset, filepath.Join(dir, n), nil, parser.ParseComments)
		if err != nil {
			return nil, c.fail(path, err)
		}
		files = append(files, f)
	}
	c.pkgs[path] = nil
	conf := types.Config{
		Importer:    c,
		FakeImportC: true,
		Error: func(err error) {
			// With cgo opaque, C types are invalid types; go/types reports
			// some uses of them (conversions to unsafe.Pointer). Those are
			// not caused by dropped bindings: skip them.
			if te, ok := err.(types.Error); ok && !strings.Contains(te.Msg, "invalid type") {
				c.errs = append(c.errs, te)
			}
		},
	}
	p, _ := conf.Check(path, c.fset, files, nil)
	c.pkgs[path] = p
	return p, nil
}

func (c *checker) fail(path string, err error) error {
	if c.bad == nil {
		c.bad = map[string]error{}
	}
	c.bad[path] = err
	return err
}
