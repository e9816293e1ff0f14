// libedit's native API (NetBSD editline), as Debian's libedit-dev installs it.
#include <stdio.h>
#include <histedit.h>
