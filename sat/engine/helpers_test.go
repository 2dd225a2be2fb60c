package engine

// cadicalBuilt says the build has the CaDiCaL engine.
var cadicalBuilt = cadicalSpec.Built
