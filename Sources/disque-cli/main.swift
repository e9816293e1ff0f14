import DisqueCLI

DisqueCLICommand.main()
