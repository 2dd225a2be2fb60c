package main

import (
	"fmt"
	"io"
	"path/filepath"
)

// printDropped writes the C bindings that the preparation in out dropped, one
// per line as "name: reason", read from the stamp of out/gotch.
func printDropped(w io.Writer, out string) error {
	if !filepath.IsAbs(out) {
		root, err := moduleRoot()
		if err != nil {
			return err
		}
		out = filepath.Join(root, out)
	}
	st, err := readStamp(filepath.Join(out, "gotch"))
	if err != nil {
		return fmt.Errorf("reading the stamp of %s: %w", out, err)
	}
	for _, name := range st.DroppedC {
		why := st.DroppedWhy[name]
		if why == "" {
			why = "(no reason recorded)"
		}
		if _, err := fmt.Fprintf(w, "%s: %s\n", name, why); err != nil {
			return err
		}
	}
	return nil
}
