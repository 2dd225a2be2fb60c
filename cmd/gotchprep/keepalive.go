package main

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// keepAliveFunc is the helper added to every patched package.
const keepAliveFunc = "verifyKeepAlive"

// keepArgsAlive patches every function of the Go package in dir that calls
// libtorch's C wrapper (a selector on the import named lib) so that its
// pointer and slice arguments stay reachable until it returns.
//
// Why: a gotch tensor (and scalar) frees its C object in a Go finaliser.
// A generated method such as
//
//	func (ts *Tensor) Add(other *Tensor, del bool) (*Tensor, error) {
//		lib.AtgAdd(ptr, ts.ctensor, other.ctensor)
//
// reads other.ctensor and never touches other again, so a tensor that the
// caller holds only as this argument (x.MustAdd(y.MustMul(z, false), ...))
// is unreachable while atg_add runs. A garbage collection in that window
// runs the finaliser, which frees the tensor under libtorch's feet: a
// segmentation fault when glibc had mmapped the storage, stale or reused
// memory read silently otherwise. The patch opens each such function with
//
//	defer verifyKeepAlive(ts, other)
//
// It returns the number of functions patched.
func keepArgsAlive(dir string) (int, error) {
	names, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return 0, err
	}
	pkg, total := "", 0
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		p, n, err := keepArgsAliveFile(name)
		if err != nil {
			return 0, err
		}
		if n > 0 {
			pkg = p
		}
		total += n
	}
	if total == 0 {
		return 0, nil
	}
	helper := fmt.Sprintf(`package %s

import "runtime"

// %s keeps its arguments reachable until it is called; added by verify's
// gotchprep (cmd/gotchprep/keepalive.go) as the deferred first statement of
// every function that passes C objects owned by Go finalisers to libtorch.
func %s(xs ...any) {
	for _, x := range xs {
		runtime.KeepAlive(x)
	}
}
`, pkg, keepAliveFunc, keepAliveFunc)
	return total, os.WriteFile(filepath.Join(dir, "verify_keepalive.go"), []byte(helper), 0o644)
}

// keepArgsAliveFile patches one file and returns its package name and the
// number of functions patched.
func keepArgsAliveFile(name string) (string, int, error) {
	src, err := os.ReadFile(name)
	if err != nil {
		return "", 0, err
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, name, src, parser.SkipObjectResolution)
	if err != nil {
		return "", 0, err
	}
	lib := ""
	for _, im := range f.Imports {
		if strings.Trim(im.Path.Value, `"`) == gotchPath+"/libtch" {
			lib = "libtch"
			if im.Name != nil {
				lib = im.Name.Name
			}
		}
	}
	if lib == "" {
		return f.Name.Name, 0, nil
	}
	type insert struct {
		at   int
		text string
	}
	var ins []insert
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Body == nil || !callsPackage(fd.Body, lib) {
			continue
		}
		var keep []string
		var fields []*ast.Field
		if fd.Recv != nil {
			fields = append(fields, fd.Recv.List...)
		}
		fields = append(fields, fd.Type.Params.List...)
		for _, fl := range fields {
			if !holdsPointers(fl.Type) {
				continue
			}
			for _, n := range fl.Names {
				if n.Name != "_" {
					keep = append(keep, n.Name)
				}
			}
		}
		if len(keep) == 0 {
			continue
		}
		ins = append(ins, insert{
			at:   fset.Position(fd.Body.Lbrace).Offset + 1,
			text: fmt.Sprintf("\n\tdefer %s(%s)", keepAliveFunc, strings.Join(keep, ", ")),
		})
	}
	if len(ins) == 0 {
		return f.Name.Name, 0, nil
	}
	sort.Slice(ins, func(i, j int) bool { return ins[i].at < ins[j].at })
	var out bytes.Buffer
	at := 0
	for _, in := range ins {
		out.Write(src[at:in.at])
		out.WriteString(in.text)
		at = in.at
	}
	out.Write(src[at:])
	return f.Name.Name, len(ins), os.WriteFile(name, out.Bytes(), 0o644)
}

// callsPackage reports whether body uses a selector on the package name.
func callsPackage(body *ast.BlockStmt, pkg string) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if se, ok := n.(*ast.SelectorExpr); ok {
			if id, ok := se.X.(*ast.Ident); ok && id.Name == pkg {
				found = true
			}
		}
		return !found
	})
	return found
}

// holdsPointers reports whether a parameter of this type can own an object
// with a finaliser: a pointer, or a slice or variadic list of pointers or
// structs.
func holdsPointers(t ast.Expr) bool {
	switch t := t.(type) {
	case *ast.StarExpr:
		return true
	case *ast.ArrayType:
		return t.Len == nil && holdsPointers(t.Elt) || isNamedType(t.Elt)
	case *ast.Ellipsis:
		return holdsPointers(t.Elt) || isNamedType(t.Elt)
	}
	return false
}

// isNamedType reports whether t names a struct-like type of the package
// (Tensor, Scalar): an exported identifier that is not a Go basic type.
func isNamedType(t ast.Expr) bool {
	id, ok := t.(*ast.Ident)
	return ok && ast.IsExported(id.Name)
}
