import DisqueCLI
