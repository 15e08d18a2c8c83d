"""``python -m index``: an entry point at the top of the import arrows; the command lives in ``cli.index``."""

import sys

from cli.index import main

sys.exit(main())
