//go:build cadical

package main

// cadicalTag is the build tag of the CaDiCaL engine, set in cadical builds.
const cadicalTag = "cadical"
