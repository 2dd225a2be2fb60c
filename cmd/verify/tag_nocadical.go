//go:build !cadical

package main

// cadicalTag is empty: this build has no CaDiCaL engine.
const cadicalTag = ""
